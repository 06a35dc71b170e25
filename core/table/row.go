package table

import (
	"strconv"
	"unicode/utf8"
)

// A Row builds one JSON object, key after key, into a reusable buffer:
//
//	r.Begin()
//	r.String("user", user)
//	r.Int("total", n)
//	w.Row("gold", r.End())
//
// Keys are written as given (they must not need escaping); string values
// are escaped as encoding/json does, except that '<', '>' and '&' stay as
// they are, and invalid UTF-8 becomes U+FFFD.
type Row struct {
	buf []byte
}

// Begin starts a new object, dropping the previous one.
func (r *Row) Begin() { r.buf = append(r.buf[:0], '{') }

// End closes the object and returns it; the bytes are valid until the next Begin.
func (r *Row) End() []byte {
	r.buf = append(r.buf, '}')
	return r.buf
}

func (r *Row) key(k string) {
	if len(r.buf) > 1 {
		r.buf = append(r.buf, ',')
	}
	r.buf = append(r.buf, '"')
	r.buf = append(r.buf, k...)
	r.buf = append(r.buf, '"', ':')
}

// String adds a string value.
func (r *Row) String(k string, v []byte) {
	r.key(k)
	r.buf = AppendString(r.buf, v)
}

// StringOrNull adds a string value, or null when null is true.
func (r *Row) StringOrNull(k string, v []byte, null bool) {
	if null {
		r.Null(k)
		return
	}
	r.String(k, v)
}

// Null adds a null value.
func (r *Row) Null(k string) {
	r.key(k)
	r.buf = append(r.buf, "null"...)
}

// Int adds an integer value.
func (r *Row) Int(k string, v int64) {
	r.key(k)
	r.buf = strconv.AppendInt(r.buf, v, 10)
}

// Float adds a number in its shortest form ("87.3", "100").
func (r *Row) Float(k string, v float64) {
	r.key(k)
	r.buf = strconv.AppendFloat(r.buf, v, 'f', -1, 64)
}

// Raw adds a value that is already JSON.
func (r *Row) Raw(k string, v []byte) {
	r.key(k)
	r.buf = append(r.buf, v...)
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string.
func AppendString(dst, s []byte) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
				i++
				start = i
				continue
			}
			// U+2028 and U+2029 are valid JSON but end lines in JavaScript.
			if r == '\u2028' || r == '\u2029' {
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\u202`...)
				dst = append(dst, hexDigits[r&0xF])
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
