package jsonscan

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestMembers(t *testing.T) {
	tests := []struct {
		rec  string
		want []string // key=value pairs
		err  bool
		not  bool // valid JSON but not an object
	}{
		{`{}`, nil, false, false},
		{` { } `, nil, false, false},
		{`{"a":1,"b":"x\"y","c":{"d":[1,2]},"e":null}`, []string{`a=1`, `b="x\"y"`, `c={"d":[1,2]}`, `e=null`}, false, false},
		{"{\n \"k\\u00e9\" : true \r\n}", []string{`k\u00e9=true`}, false, false},
		{`{"a":1,"a":2}`, []string{`a=1`, `a=2`}, false, false},
		{`[1,2]`, nil, false, true},
		{`"s"`, nil, false, true},
		{`{"a":1`, nil, true, false},
		{`{"a":1}x`, nil, true, false},
		{`{"a" 1}`, nil, true, false},
		{`{a:1}`, nil, true, false},
		{``, nil, true, false},
		{`{"a":tru}`, nil, true, false},
	}
	for _, tt := range tests {
		var got []string
		err := Members([]byte(tt.rec), func(k, v Value) { got = append(got, string(k)+"="+string(v)) })
		if tt.not != errors.Is(err, ErrNotObject) || (err != nil && !tt.not) != tt.err {
			t.Errorf("%q: error %v", tt.rec, err)
			continue
		}
		if err == nil && len(got) != len(tt.want) {
			t.Errorf("%q: got %q, want %q", tt.rec, got, tt.want)
			continue
		}
		for i := range tt.want {
			if err == nil && got[i] != tt.want[i] {
				t.Errorf("%q: got %q, want %q", tt.rec, got, tt.want)
			}
		}
	}
}

// FuzzMembers checks Members against encoding/json on what an object is.
func FuzzMembers(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1,"b":[{"c":"d"}]}`, `[1]`, `{"a":"\u00e9"}`, `{"a":1,}`, `{"a":-0.5e3}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, rec []byte) {
		n := 0
		err := Members(rec, func(k, v Value) {
			n++
			if !Valid(v) {
				t.Fatalf("%q: member value %q is not valid JSON", rec, v)
			}
		})
		var m map[string]json.RawMessage
		stdErr := json.Unmarshal(rec, &m)
		// Nesting past MaxDepth is refused on purpose (encoding/json allows
		// 10,000 levels): the one difference allowed.
		var syntax *SyntaxError
		tooDeep := errors.As(err, &syntax) && strings.HasPrefix(syntax.Msg, "nested deeper than")
		if stdErr == nil && m != nil && err != nil && !tooDeep {
			t.Fatalf("%q: encoding/json reads an object, Members says %v", rec, err)
		}
		if err == nil && n < len(m) {
			t.Fatalf("%q: %d members, encoding/json finds %d keys", rec, n, len(m))
		}
	})
}
