package pipeline

import (
	"unicode"
	"unicode/utf8"

	"dropsight/core/mention"
)

// A span is one @mention in a text: '@' at At, the name (as package
// mention finds it, at most mention.MaxLen bytes) up to NameEnd, and the
// bytes cleaning removes up to End: the name and any name characters after
// its first 15, so that a too-long name does not leave its tail behind.
type span struct {
	At, NameEnd, End int
}

// mentionSpans appends the @mentions of text to dst, in order. A mention
// is what package mention finds: '@' then 1 to 15 of [A-Za-z0-9_], the
// '@' not preceded by a letter, a digit or '_' (so e-mail addresses and a
// lone '@' are not mentions).
func mentionSpans(dst []span, text []byte) []span {
	mention.Each(text, func(name []byte) {
		// name aliases text: its offset is the difference of capacities.
		start := cap(text) - cap(name)
		end := start + len(name)
		for end < len(text) && isNameByte(text[end]) {
			end++
		}
		dst = append(dst, span{At: start - 1, NameEnd: start + len(name), End: end})
	})
	return dst
}

func isNameByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// cleanText appends to dst the text without its mentions (the spans) and
// with white space collapsed: every run of white space (Unicode White_Space:
// spaces, tabs, line breaks, no-break and ideographic spaces...) becomes
// one space, and none is left at either end.
func cleanText(dst, text []byte, spans []span) []byte {
	start := len(dst)
	pending := false // white space seen since the last kept character
	emit := func(part []byte) {
		for i := 0; i < len(part); {
			c := part[i]
			if c < utf8.RuneSelf {
				if c == ' ' || c >= '\t' && c <= '\r' {
					pending = true
				} else {
					if pending && len(dst) > start {
						dst = append(dst, ' ')
					}
					pending = false
					dst = append(dst, c)
				}
				i++
				continue
			}
			r, size := utf8.DecodeRune(part[i:])
			if r != utf8.RuneError && unicode.IsSpace(r) {
				pending = true
			} else {
				if pending && len(dst) > start {
					dst = append(dst, ' ')
				}
				pending = false
				dst = append(dst, part[i:i+size]...)
			}
			i += size
		}
	}
	at := 0
	for _, s := range spans {
		emit(text[at:s.At])
		// a removed mention separates what stands around it only if white
		// space does: "a@b" cannot occur (the '@' follows a letter), and
		// "(@b)" becomes "()".
		at = s.End
	}
	emit(text[at:])
	return dst
}
