package mention

import (
	"reflect"
	"testing"
)

func TestEach(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"", nil},
		{"no mentions here", nil},
		{"@narendramodi @DelhiPolice Shame", []string{"narendramodi", "DelhiPolice"}},
		{"mail me at someone@example.com", nil},
		{"a lone @ sign", nil},
		{"@", nil},
		{"RT @user: hi", []string{"user"}},
		{"(@user), @other!", []string{"user", "other"}},
		{"x@user _@user 9@user", nil},
		{"é@user", nil},              // a letter before '@'
		{"🙏@user", []string{"user"}}, // an emoji is not a letter
		{"@abcdefghijklmnopqrst", []string{"abcdefghijklmno"}},
		{"@@user", []string{"user"}},
		{"@user's", []string{"user"}},
		{"@ user", nil},
		{"\n@line_start", []string{"line_start"}},
		{"@üser", nil},
	}
	for _, tt := range tests {
		var got []string
		Each([]byte(tt.text), func(name []byte) { got = append(got, string(name)) })
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Each(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func FuzzEach(f *testing.F) {
	for _, s := range []string{"@a b@c @", "é@user @ü", "@abcdefghijklmnopqrst"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		Each([]byte(text), func(name []byte) {
			if len(name) == 0 || len(name) > MaxLen {
				t.Fatalf("bad name %q in %q", name, text)
			}
			for _, c := range name {
				if !isNameByte(c) {
					t.Fatalf("bad byte in %q", name)
				}
			}
		})
	})
}
