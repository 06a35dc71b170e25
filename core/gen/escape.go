package gen

import "unicode/utf8"

const hexDigits = "0123456789abcdef"

// appendEscaped appends s as the inside of a JSON string the way Python's
// json.dumps(ensure_ascii=True) writes it: every byte outside space..~ is
// escaped, code points above U+FFFF become UTF-16 surrogate pairs, hex is
// lower case, and only \n \r \t \b \f get short forms. The real file was
// written that way, so readers must cope with exactly this shape.
func appendEscaped(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			if c == '"' || c == '\\' {
				dst = append(dst, '\\')
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		default:
			if r > 0xffff {
				r -= 0x10000
				dst = appendU4(dst, 0xd800+(r>>10))
				dst = appendU4(dst, 0xdc00+(r&0x3ff))
			} else {
				dst = appendU4(dst, r)
			}
		}
	}
	return dst
}

func appendU4(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u',
		hexDigits[(r>>12)&0xf], hexDigits[(r>>8)&0xf], hexDigits[(r>>4)&0xf], hexDigits[r&0xf])
}

// esc returns s escaped (without quotes); used at init to pre-escape the
// vocabulary so the hot loop only copies ASCII bytes.
func esc(s string) []byte { return appendEscaped(nil, s) }

// escAll pre-escapes a list.
func escAll(list []string) [][]byte {
	out := make([][]byte, len(list))
	for i, s := range list {
		out[i] = esc(s)
	}
	return out
}
