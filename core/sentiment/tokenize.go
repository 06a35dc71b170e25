package sentiment

import (
	"bytes"
	"unicode/utf8"
)

// token flags
const (
	tLex    = 1 << iota // carries a valence (val)
	tUpper              // written in capitals: an ASCII capital and no ASCII small letter
	tNeg                // a negation word
	tStop               // ends a sentence: written with . ! ? or ; after it
	tPhrase             // may start a two-word booster or an idiom
)

// token is one word, emoticon or emoji of the text, as the rules see it.
type token struct {
	val   float64 // valence when tLex
	boost float64 // booster scalar, or 0
	id    int32   // table entry, or -1 for a word the model does not know
	flags uint8
}

// tokenize splits text into tokens (a.toks) and counts '!' and '?'.
//
// The rules, over the bytes, with no allocation once the buffers have grown:
//   - Tokens are separated by white space (ASCII, no-break space, the
//     Unicode spaces U+2000..U+200B, U+2028, U+2029, U+202F, U+205F,
//     U+3000) and emojis: a
//     code point in U+2190..U+2BFF, U+1F000..U+1FAFF, a variation selector,
//     U+200D, U+20E3 or a tag character ends the word before it; if it is in
//     the emoji table it is a token itself.
//   - A word is lower-cased (ASCII letters only); the HTML escapes &lt; &gt;
//     &amp; &quot; (as in Sentiment140's text) become < > & "; curly quotes
//     become ' and ", dashes -, other general punctuation '.'.
//   - A word that is in the table as written (an emoticon such as ":)" or
//     ":-d", or "can't") is taken whole, and so is an emoticon followed by
//     . , ! ? or ; (":D!"). Otherwise the ASCII punctuation at both ends is
//     stripped ("#happy" and "good!!" become "happy" and "good");
//     when fewer than two bytes are left the word is dropped, as VADER drops
//     one-letter words ("I", "a"). A word not found, with a letter written
//     three or more times ("goooood", "sooo"), is looked up again with such
//     runs cut to two letters, then to one.
//   - An @mention or a URL (with "://" or starting "www.") is a token with no
//     sentiment, whatever its letters.
//   - A word followed by . ! ? or ; (or by a token made only of
//     punctuation holding one of them, such as "...") ends a sentence:
//     negations and boosters do not reach across it. A comma does not: in
//     "very smart, handsome" the booster reaches "handsome", as in VADER.
func (a *Analyzer) tokenize(text []byte) {
	t := lexicon()
	a.toks = a.toks[:0]
	a.word = a.word[:0]
	a.bangs, a.quests = 0, 0
	a.phrases = false
	start := 0       // where the word being read starts in text
	var wf wordFlags // what the word being read holds
	for i := 0; i < len(text); {
		// Bytes that need no look (small letters, digits, most punctuation)
		// are copied in runs: a loop step per byte costs much in wasm.
		j := i
		for j < len(text) && kinds[text[j]] == 0 {
			j++
		}
		a.word = append(a.word, text[i:j]...)
		if j == len(text) {
			break
		}
		i = j
		c := text[i]
		switch k := kinds[c]; k {
		case kUpper:
			a.word = append(a.word, c+('a'-'A'))
			wf |= wUpper
			i++
		case kSpace:
			a.flush(t, text[start:i], wf)
			wf = 0
			i++
			start = i
		case kMark:
			i++
			switch c {
			case '!':
				a.bangs++
			case '?':
				a.quests++
			case '\'':
				wf |= wApostrophe
			case ':':
				wf |= wColon
			case '&':
				c, i = entity(text, i)
			}
			a.word = append(a.word, c)
		default: // kHigh: a multi-byte code point
			r, size := utf8.DecodeRune(text[i:])
			raw := text[i : i+size]
			switch {
			case r == 0xA0 || r >= 0x2000 && r <= 0x200B || r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000:
				a.flush(t, text[start:i], wf)
				wf = 0
				start = i + size
			case isEmoji(r):
				a.flush(t, text[start:i], wf)
				wf = 0
				start = i + size
				if id := t.find(raw); id >= 0 {
					e := &t.entries[id]
					a.toks = append(a.toks, token{val: e.valence(), id: id, flags: tLex})
				}
			case r >= 0x2010 && r <= 0x205E:
				p := punctuation(r)
				if p == '\'' {
					wf |= wApostrophe
				}
				a.word = append(a.word, p)
			default:
				a.word = append(a.word, raw...)
			}
			i += size
		}
	}
	a.flush(t, text[start:], wf)
}

// byte kinds for the tokenizer's loop; 0 is a byte copied as it is
const (
	kSpace = 1 + iota // ASCII white space
	kUpper            // A-Z
	kMark             // ! ? ' : &, which are counted or noted
	kHigh             // a byte of a multi-byte code point
)

var kinds = func() (k [256]uint8) {
	for _, c := range " \t\n\r\v\f" {
		k[c] = kSpace
	}
	for c := 'A'; c <= 'Z'; c++ {
		k[c] = kUpper
	}
	for _, c := range "!?':&" {
		k[c] = kMark
	}
	for c := 0x80; c < 0x100; c++ {
		k[c] = kHigh
	}
	return k
}()

// wordFlags note what a word holds, to spare flush some searches.
type wordFlags uint8

const (
	wUpper      wordFlags = 1 << iota // an ASCII capital
	wApostrophe                       // ', maybe of "n't"
	wColon                            // :, maybe of "://"
)

// entity decodes the HTML escape that may start at text[i-1] ('&'); it
// returns the byte to write and where to go on.
func entity(text []byte, i int) (byte, int) {
	rest := text[i:]
	switch {
	case bytes.HasPrefix(rest, []byte("lt;")):
		return '<', i + 3
	case bytes.HasPrefix(rest, []byte("gt;")):
		return '>', i + 3
	case bytes.HasPrefix(rest, []byte("amp;")):
		return '&', i + 4
	case bytes.HasPrefix(rest, []byte("quot;")):
		return '"', i + 5
	}
	return '&', i
}

// isEmoji reports whether r is in a block of emojis and pictographs, or
// is a code point that only joins or modifies them.
func isEmoji(r rune) bool {
	return r >= 0x2190 && r <= 0x2BFF || r >= 0x1F000 && r <= 0x1FAFF ||
		r >= 0xFE00 && r <= 0xFE0F || r == 0x200D || r == 0x20E3 || r >= 0xE0000 && r <= 0xE007F
}

// punctuation maps general punctuation (U+2010..U+205E) to ASCII.
func punctuation(r rune) byte {
	switch r {
	case 0x2018, 0x2019, 0x201B, 0x2032:
		return '\''
	case 0x201C, 0x201D, 0x201F, 0x2033:
		return '"'
	case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015:
		return '-'
	case 0x203C:
		return '!'
	case 0x2047, 0x2048, 0x2049:
		return '?'
	}
	return '.'
}

func isPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

func isStop(c byte) bool {
	return c == '.' || c == '!' || c == '?' || c == ';'
}

func isTrailing(c byte) bool { return isStop(c) || c == ',' }

func hasStop(b []byte) bool {
	for _, c := range b {
		if isStop(c) {
			return true
		}
	}
	return false
}

// flush turns the word in a.word, read from raw, into a token, and empties
// a.word.
func (a *Analyzer) flush(t *table, raw []byte, wf wordFlags) {
	w := a.word
	if len(w) == 0 {
		return
	}
	a.word = a.word[:0]
	flags := uint8(0)
	if wf&wUpper != 0 && !hasSmall(raw) {
		flags = tUpper
	}
	id := int32(-1)
	if len(w) >= 2 {
		id = t.find(w)
	}
	if id < 0 && len(w) > 2 && isTrailing(w[len(w)-1]) {
		// an emoticon followed by a stop or a comma: ":).", ":D,"
		hi := len(w) - 1
		for hi > 0 && isTrailing(w[hi-1]) {
			hi--
		}
		if hi >= 2 && (isPunct(w[0]) || isPunct(w[hi-1])) {
			if id = t.find(w[:hi]); id >= 0 && hasStop(w[hi:]) {
				flags |= tStop
			}
		}
	}
	if id < 0 {
		lo, hi := 0, len(w)
		for lo < hi && isPunct(w[lo]) {
			lo++
		}
		for hi > lo && isPunct(w[hi-1]) {
			hi--
		}
		if hasStop(w[hi:]) {
			flags |= tStop
		}
		core := w[lo:hi]
		if len(core) < 2 {
			if flags&tStop != 0 && len(a.toks) > 0 {
				a.toks[len(a.toks)-1].flags |= tStop
			}
			return
		}
		if w[0] == '@' || wf&wColon != 0 && bytes.Contains(core, []byte("://")) || bytes.HasPrefix(core, []byte("www.")) {
			a.toks = append(a.toks, token{id: -1, flags: flags})
			return
		}
		if len(core) < len(w) {
			id = t.find(core)
		}
		if id < 0 {
			id = a.findElongated(t, core)
		}
		if wf&wApostrophe != 0 && bytes.Contains(core, []byte("n't")) {
			flags |= tNeg
		}
	}
	tok := token{id: id, flags: flags}
	if id >= 0 {
		e := &t.entries[id]
		if e.flags&eLex != 0 && e.boost == 0 {
			tok.flags |= tLex
			tok.val = e.valence()
		}
		tok.boost = e.scalar()
		if e.flags&eNeg != 0 {
			tok.flags |= tNeg
		}
		if e.flags&(eBigram|eIdiom) != 0 {
			tok.flags |= tPhrase
			a.phrases = true
		}
	}
	a.toks = append(a.toks, tok)
}

// hasSmall reports whether raw holds an ASCII small letter.
func hasSmall(raw []byte) bool {
	for _, c := range raw {
		if c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

// findElongated looks up a word with a letter written three or more times
// with those runs cut to two letters, then to one.
func (a *Analyzer) findElongated(t *table, w []byte) int32 {
	long := false
	for i := 2; i < len(w); i++ {
		if w[i] == w[i-1] && w[i] == w[i-2] && w[i] >= 'a' && w[i] <= 'z' {
			long = true
			break
		}
	}
	if !long {
		return -1
	}
	for keep := 2; keep >= 1; keep-- {
		s := a.squeeze[:0]
		for i := 0; i < len(w); {
			j := i + 1
			for j < len(w) && w[j] == w[i] {
				j++
			}
			n := j - i
			if n >= 3 && w[i] >= 'a' && w[i] <= 'z' {
				n = keep
			}
			for k := 0; k < n; k++ {
				s = append(s, w[i])
			}
			i = j
		}
		a.squeeze = s
		if id := t.find(s); id >= 0 {
			return id
		}
	}
	return -1
}
