// Package mention finds @mentions in free text.
//
// A mention is '@' followed by 1 to 15 of [A-Za-z0-9_] (the longest such
// run, cut at 15), where the '@' is not preceded by a letter, a digit or '_'.
// So "mail@example.com" has no mention, "(@user)" and "RT @user:" have one,
// and a lone "@" has none.
package mention

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// MaxLen is the longest user name a mention can carry.
const MaxLen = 15

// Each calls fn with the name (without '@') of every mention in text, in
// order. name aliases text.
func Each(text []byte, fn func(name []byte)) {
	i := 0
	for {
		k := bytes.IndexByte(text[i:], '@')
		if k < 0 {
			return
		}
		at := i + k
		i = at + 1
		if at > 0 && wordBefore(text[:at]) {
			continue
		}
		j := i
		for j < len(text) && j-i < MaxLen && isNameByte(text[j]) {
			j++
		}
		if j > i {
			fn(text[i:j])
		}
	}
}

func isNameByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// wordBefore reports whether the text ends in a letter, a digit or '_'.
func wordBefore(text []byte) bool {
	c := text[len(text)-1]
	if c < utf8.RuneSelf {
		return isNameByte(c)
	}
	r, _ := utf8.DecodeLastRune(text)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
