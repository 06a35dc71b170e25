// Package emoji finds emojis in text without running grapheme segmentation
// over every byte.
//
// An emoji is one extended grapheme cluster (UAX #29, as segmented by
// github.com/rivo/uniseg) that
//
//   - contains an Extended_Pictographic code point, except a bare ©, ® or ™
//     (a cluster consisting only of U+00A9, U+00AE or U+2122; followed by
//     U+FE0F, or anything else in the same cluster, it counts), or
//   - is a flag: contains two regional indicators (U+1F1E6..U+1F1FF); a lone
//     regional indicator does not count, or
//   - is a keycap sequence: contains U+20E3, as in "1\uFE0F\u20E3", or
//   - is a lone skin-tone modifier: a cluster that starts with one of
//     U+1F3FB..U+1F3FF. Because a modifier is Extend under UAX #29, it starts
//     a cluster only at the start of the text or after a control character
//     such as a line feed; after a space it joins the space's cluster, and
//     " \U0001F3FB" is not an emoji.
//
// The key of an emoji is the cluster as written, byte for byte: 🙏 and 🙏🏻
// are different emojis, and so are ❤ (U+2764) and ❤️ (U+2764 U+FE0F).
//
// Each agrees exactly with segmenting the whole text with uniseg and keeping
// the clusters for which IsEmoji is true; it only segments around code points
// that can be part of an emoji.
package emoji

//go:generate go run gen_table.go

import (
	"encoding/binary"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// mayStart marks the lead bytes of UTF-8 sequences that can encode a code
// point that makes a cluster an emoji: C2 (© and ®), E2 and E3 (U+2000..U+3FFF:
// U+20E3 and most text-style pictographs) and F0 (U+10000..U+3FFFF, which holds
// U+1F000..U+1FFFF). Every other byte, including all of ASCII, Devanagari
// (E0) and Gurmukhi (E0), is skipped with a table load and no decoding.
var mayStart = [256]uint8{0xC2: 1, 0xE2: 1, 0xE3: 1, 0xF0: 1}

// skip returns the index of the first byte at or after i marked in mayStart,
// or len(text). Unrolled to eight bytes a step, it runs about twice as fast
// in js/wasm, where each loop iteration is expensive. (Testing the step's
// eight bytes for ASCII first only slowed Indic text down.)
func skip(text []byte, i int) int {
	for i >= 0 && i+8 <= len(text) {
		b := text[i : i+8 : i+8]
		if mayStart[b[0]]|mayStart[b[1]]|mayStart[b[2]]|mayStart[b[3]]|
			mayStart[b[4]]|mayStart[b[5]]|mayStart[b[6]]|mayStart[b[7]] != 0 {
			break
		}
		i += 8
	}
	for i >= 0 && i < len(text) && mayStart[text[i]] == 0 {
		i++
	}
	return i
}

// Each calls fn for every emoji cluster in text, in order. cluster aliases
// text (its capacity is cut at its end, so appending to it cannot overwrite
// text). Invalid UTF-8 does not stop the scan: as in uniseg, each bad byte
// reads as U+FFFD, which can sit in an emoji's cluster but never makes one.
func Each(text []byte, fn func(cluster []byte)) {
	n := len(text)
	// done is a cluster boundary: every cluster before it has been reported.
	i, done := firstNonASCII(text), 0
	for {
		i = skip(text, i)
		if i >= n {
			return
		}
		r, size, ok := candidate(text[i:])
		if !ok {
			i += size
			continue
		}
		if end, ok := simpleCluster(text, done, i, r, size); ok {
			// The common cases, a pictograph or a flag with perhaps U+FE0F
			// or a skin tone, between ASCII or other pictographs, need no
			// uniseg.
			if IsEmoji(text[i:end]) {
				fn(text[i:end:end])
			}
			i, done = end, end
			continue
		}
		i = segmentAround(text, boundaryBefore(text, done, i), i, fn)
		done = i
	}
}

// simpleCluster reports whether the code point r of length size at i starts
// a cluster whose extent is plain from the bytes around it, and returns its
// end. done is a cluster boundary at or before i. The rules (UAX #29) that
// matter:
//
//   - Before a pictograph there is a boundary unless the code point before
//     is Prepend (GB9b) or ZWJ (GB11). Before a regional indicator there is
//     one unless the code point before is Prepend or a regional indicator
//     (GB12, GB13: pairing depends on how many came before).
//   - A pictograph, or a pair of regional indicators, then takes any U+FE0F
//     and skin-tone modifiers (Extend, GB9).
//   - Then comes a boundary before ASCII, a pictograph, a regional indicator
//     or the end of the text: only Prepend, ZWJ or an unpaired regional
//     indicator could join them to what precedes, and none is last here.
//
// Anything else, such as a ZWJ sequence, a keycap or a pictograph after
// Devanagari vowel signs, is reported not ok and left to uniseg.
func simpleCluster(text []byte, done, i int, r rune, size int) (end int, ok bool) {
	regional := isRegional(r)
	if !regional && !isPictographic(r) {
		return 0, false
	}
	if i > done && text[i-1] >= 0x80 {
		prev, _ := utf8.DecodeLastRune(text[done:i])
		if isPrepend(prev) || (regional && isRegional(prev)) || (!regional && prev == 0x200D) {
			return 0, false
		}
	}
	end = i + size
	if regional {
		next, n := utf8.DecodeRune(text[end:])
		if !isRegional(next) {
			return 0, false
		}
		end += n
	}
	for end < len(text) {
		c := text[end]
		if c < 0x80 {
			return end, true
		}
		rest := text[end:]
		switch {
		case c == 0xEF && len(rest) >= 3 && rest[1] == 0xB8 && rest[2] == 0x8F: // U+FE0F
			end += 3
		case c == 0xF0 && len(rest) >= 4 && rest[1] == 0x9F && rest[2] == 0x8F && rest[3] >= 0xBB && rest[3] <= 0xBF: // U+1F3FB..U+1F3FF
			end += 4
		case mayStart[c] != 0:
			next, _ := utf8.DecodeRune(rest)
			return end, isPictographic(next) || isRegional(next)
		default:
			return end, false
		}
	}
	return end, true
}

func isRegional(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// candidate decodes the code point r at the start of b, which starts with a
// byte marked in mayStart, and reports whether it can make its cluster an
// emoji. size is its length in bytes (1 for a bad byte).
func candidate(b []byte) (r rune, size int, ok bool) {
	if b[0] == 0xC2 {
		// Only © and ® in U+0080..U+00BF.
		if len(b) > 1 && (b[1] == 0xA9 || b[1] == 0xAE) {
			return rune(b[1]), 2, true
		}
		return utf8.RuneError, 1, false
	}
	r, size = utf8.DecodeRune(b)
	switch {
	case r >= 0x2000 && r < 0x4000:
		return r, size, r == 0x20E3 || pictographicLow[(r-0x2000)>>6]&(1<<(r&63)) != 0
	case r >= 0x1F000 && r < 0x20000:
		// Every U+1Fxxx code point is a candidate: the few that are neither
		// pictographs, regional indicators nor modifiers are rare enough that
		// segmenting around them costs nothing.
		return r, size, true
	}
	return r, size, false
}

// segmentAround segments text from start, a cluster boundary, until it has
// passed position i, reports the emoji clusters it finds and returns the end
// of the last cluster, which is a boundary.
func segmentAround(text []byte, start, i int, fn func(cluster []byte)) int {
	pos := start
	state := -1
	for pos <= i {
		var cluster []byte
		cluster, _, _, state = uniseg.FirstGraphemeCluster(text[pos:], state)
		end := pos + len(cluster)
		if IsEmoji(cluster) {
			fn(text[pos:end:end])
		}
		pos = end
	}
	return pos
}

// boundaryBefore returns a grapheme cluster boundary in [lo, i]. lo must be
// a boundary and text[i] must be the lead byte of a non-ASCII code point.
//
// It looks backwards for ASCII, where boundaries are cheap to prove: after a
// control character (GB4: CR LF is handled because the LF is met first), and
// before a printable ASCII character (no rule joins one to what precedes it
// except GB9b, so the code point before it must not be Prepend). Should a
// future uniseg implement GB9c (Unicode 15.1), that rule only joins non-ASCII
// consonants, so this stays true.
func boundaryBefore(text []byte, lo, i int) int {
	for j := i - 1; j >= lo; j-- {
		c := text[j]
		if c >= 0x80 {
			continue
		}
		if c < 0x20 || c == 0x7F {
			return j + 1
		}
		if j == lo || text[j-1] < 0x80 {
			return j
		}
		// Decoding backwards from j finds the same code point as uniseg's
		// forward decoding from lo: a valid sequence ending at j starts at
		// the nearest non-continuation byte, which forward decoding cannot
		// step over.
		if r, _ := utf8.DecodeLastRune(text[lo:j]); !isPrepend(r) {
			return j
		}
	}
	return lo
}

// firstNonASCII returns the index of the first byte >= 0x80 in text, or
// len(text), testing eight bytes at a time.
func firstNonASCII(text []byte) int {
	i := 0
	for ; i+8 <= len(text); i += 8 {
		if binary.LittleEndian.Uint64(text[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(text) && text[i] < 0x80; i++ {
	}
	return i
}

// IsEmoji reports whether cluster, one grapheme cluster, is an emoji under the
// definition in the package documentation. It does not check that cluster is
// a single cluster.
func IsEmoji(cluster []byte) bool {
	regional := 0
	for i := 0; i < len(cluster); {
		c := cluster[i]
		if c < 0x80 {
			i++
			continue
		}
		r, size := utf8.DecodeRune(cluster[i:])
		switch {
		case isPictographic(r):
			bare := size == len(cluster) && (r == 0xA9 || r == 0xAE || r == 0x2122)
			if !bare {
				return true
			}
		case r == 0x20E3:
			return true
		case isRegional(r):
			regional++
			if regional == 2 {
				return true
			}
		case i == 0 && r >= 0x1F3FB && r <= 0x1F3FF:
			return true
		}
		i += size
	}
	return false
}

// isPictographic reports whether r is Extended_Pictographic. The generator
// verifies that, besides © and ®, all such code points lie in the two bitmap
// windows.
func isPictographic(r rune) bool {
	switch {
	case r < 0xA9:
		return false
	case r < 0x2000:
		return r == 0xA9 || r == 0xAE
	case r < 0x4000:
		return pictographicLow[(r-0x2000)>>6]&(1<<(r&63)) != 0
	case r < 0x1F000:
		return false
	case r < 0x20000:
		return pictographicHigh[(r-0x1F000)>>6]&(1<<(r&63)) != 0
	}
	return false
}

// isPrepend reports whether r has Grapheme_Cluster_Break=Prepend. It runs
// only when a candidate emoji is found, so a linear scan is enough.
func isPrepend(r rune) bool {
	if r < 0x600 {
		return false
	}
	for _, s := range prependRanges {
		if r < s[0] {
			return false
		}
		if r <= s[1] {
			return true
		}
	}
	return false
}
