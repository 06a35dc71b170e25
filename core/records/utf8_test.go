package records

import "testing"

func TestInvalidUTF8(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{"", -1}, {"plain", -1}, {"café 😀", -1},
		{"caf\xe9", 3},            // Latin-1
		{"ok \xf0\x9f\x98", 3},    // an emoji cut short
		{"\xff\xfe{\x00}\x00", 0}, // UTF-16
		{"a\xed\xa0\x80b", 1},     // a UTF-16 surrogate written as UTF-8
	} {
		if got := InvalidUTF8([]byte(tt.in)); got != tt.want {
			t.Errorf("InvalidUTF8(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
