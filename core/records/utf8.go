package records

import "unicode/utf8"

// InvalidUTF8 returns the offset of the first byte of b that is not valid
// UTF-8, or -1 when b is valid. JSON must be UTF-8 (RFC 8259), and a record
// of Latin-1 or with a cut multi-byte character would otherwise reach the
// results as U+FFFD: the engine makes it a reject that says where instead,
// so the file can be fixed.
func InvalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}
