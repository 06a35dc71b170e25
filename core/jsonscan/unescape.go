package jsonscan

import (
	"bytes"
	"errors"
	"slices"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrNotString is returned by String for a value that is not a JSON string.
var ErrNotString = errors.New("value is not a string")

// String appends the decoded text of a JSON string value to dst. A string
// without escapes is appended as it stands; escapes, including UTF-16
// surrogate pairs such as \ud83d\ude02, become UTF-8. A lone surrogate and
// each byte of invalid UTF-8 become U+FFFD, as in encoding/json, so decoded
// text is always valid UTF-8.
func String(dst []byte, v Value) ([]byte, error) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return dst, ErrNotString
	}
	s := v[1 : len(v)-1]
	// Escapes are ASCII, so the text between them is valid UTF-8 when the
	// whole string is: one check (records are checked already, so it
	// passes) instead of one per piece.
	valid := utf8.Valid(s)
	dst = slices.Grow(dst, len(s))
	for {
		// Escapes often come in runs (text outside ASCII written as \uXXXX):
		// look for the next one only when one does not follow at once.
		if len(s) == 0 || s[0] != '\\' {
			k := bytes.IndexByte(s, '\\')
			if k < 0 {
				return appendText(dst, s, valid), nil
			}
			dst = appendText(dst, s[:k], valid)
			s = s[k:]
		}
		if len(s) < 2 {
			return dst, errors.New("bad escape at end of string")
		}
		switch c := s[1]; c {
		case '"', '\\', '/':
			dst = append(dst, c)
			s = s[2:]
		case 'b':
			dst, s = append(dst, '\b'), s[2:]
		case 'f':
			dst, s = append(dst, '\f'), s[2:]
		case 'n':
			dst, s = append(dst, '\n'), s[2:]
		case 'r':
			dst, s = append(dst, '\r'), s[2:]
		case 't':
			dst, s = append(dst, '\t'), s[2:]
		case 'u':
			r, ok := hex4(s[2:])
			if !ok {
				return dst, errors.New(`bad \u escape`)
			}
			s = s[6:]
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if len(s) >= 6 && s[0] == '\\' && s[1] == 'u' {
					r2, _ = hex4(s[2:])
				}
				if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
					r = pair
					s = s[6:]
				} else {
					r = utf8.RuneError
				}
			}
			dst = utf8.AppendRune(dst, r)
		default:
			return dst, errors.New("bad escape character")
		}
	}
}

// hexValue maps a hexadecimal digit to its value and any other byte to 0x10.
var hexValue = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= '0' && c <= '9':
			t[c] = uint8(c - '0')
		case c >= 'a' && c <= 'f':
			t[c] = uint8(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			t[c] = uint8(c - 'A' + 10)
		default:
			t[c] = 0x10
		}
	}
	return t
}()

// hex4 reads the four hexadecimal digits at the start of b.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	a, c, d, e := hexValue[b[0]], hexValue[b[1]], hexValue[b[2]], hexValue[b[3]]
	if (a|c|d|e)&0x10 != 0 {
		return 0, false
	}
	return rune(a)<<12 | rune(c)<<8 | rune(d)<<4 | rune(e), true
}

// appendText appends s, which valid says is valid UTF-8 or not.
func appendText(dst, s []byte, valid bool) []byte {
	if valid {
		return append(dst, s...)
	}
	return appendValid(dst, s)
}

// appendValid appends s, replacing each byte of invalid UTF-8 with U+FFFD.
func appendValid(dst, s []byte) []byte {
	if utf8.Valid(s) {
		return append(dst, s...)
	}
	for len(s) > 0 {
		r, n := utf8.DecodeRune(s)
		if r == utf8.RuneError && n == 1 {
			dst = utf8.AppendRune(dst, utf8.RuneError)
		} else {
			dst = append(dst, s[:n]...)
		}
		s = s[n:]
	}
	return dst
}
