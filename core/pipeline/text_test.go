package pipeline

import (
	"slices"
	"testing"
)

func TestMentionsAndCleaning(t *testing.T) {
	cases := []struct {
		text     string
		mentions []string
		clean    string
	}{
		{"@bob hello", []string{"@bob"}, "hello"},
		{"hello @bob", []string{"@bob"}, "hello"},
		{"hi @bob how are you", []string{"@bob"}, "hi how are you"},
		{"@a @b @c", []string{"@a", "@b", "@c"}, ""},
		{"@bob @bob twice", []string{"@bob", "@bob"}, "twice"},
		// e-mail addresses are not mentions
		{"mail me at jen@example.com", nil, "mail me at jen@example.com"},
		{"jen@example.com @jen", []string{"@jen"}, "jen@example.com"},
		// a lone @ is not a mention
		{"meet me @ the park", nil, "meet me @ the park"},
		{"@", nil, "@"},
		{"@@bob", []string{"@bob"}, "@"},
		// punctuation after a name ends it and stays
		{"@tommcfly: hi", []string{"@tommcfly"}, ": hi"},
		{"@bob, @carol! hey", []string{"@bob", "@carol"}, ", ! hey"},
		{"(@bob)", []string{"@bob"}, "()"},
		{"RT @bob: news", []string{"@bob"}, "RT : news"},
		{"@bob's party", []string{"@bob"}, "'s party"},
		{"@bob.", []string{"@bob"}, "."},
		// names keep their case; underscores and digits are name characters
		{"@Bob_99 hi", []string{"@Bob_99"}, "hi"},
		// a name longer than 15 is cut at 15; cleaning removes the whole run
		{"@averyveryverylongname123 meh", []string{"@averyveryverylo"}, "meh"},
		// unicode: letters before '@' make it part of a word; non-ASCII
		// after it is no name
		{"café@bob", nil, "café@bob"},
		{"日本@bob", nil, "日本@bob"},
		{"😀@bob", []string{"@bob"}, "😀"},
		{"@ünïcode @日本 @x_y😀 wow", []string{"@x_y"}, "@ünïcode @日本 😀 wow"},
		{"—@bob—", []string{"@bob"}, "——"},
		// white space of every kind collapses, and none is left at the ends
		{"  a \t b\n\nc\r\n ", nil, "a b c"},
		{"a\u00a0\u3000b\u2028c", nil, "a b c"},
		{"@bob   great   news\n\tfolks", []string{"@bob"}, "great news folks"},
		{"", nil, ""},
		{"   ", nil, ""},
		// invalid UTF-8 is kept as bytes (rows write it as U+FFFD)
		{"a\xff @b c", []string{"@b"}, "a\xff c"},
	}
	for _, c := range cases {
		text := []byte(c.text)
		spans := mentionSpans(nil, text)
		var got []string
		for _, s := range spans {
			got = append(got, c.text[s.At:s.NameEnd])
		}
		if !slices.Equal(got, c.mentions) {
			t.Errorf("%q: mentions %q, want %q", c.text, got, c.mentions)
		}
		if clean := string(cleanText(nil, text, spans)); clean != c.clean {
			t.Errorf("%q: cleaned %q, want %q", c.text, clean, c.clean)
		}
	}
}

func BenchmarkClean(b *testing.B) {
	text := []byte("@tommcfly haha that was hilarious   can't wait for the show @ddlovato! http://twitpic.com/2y1zl")
	var spans []span
	var out []byte
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		spans = mentionSpans(spans[:0], text)
		out = cleanText(out[:0], text, spans)
	}
}
