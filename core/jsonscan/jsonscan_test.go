package jsonscan

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

func strs(vs []Value) []string {
	var out []string
	for _, v := range vs {
		out = append(out, string(v))
	}
	return out
}

func TestScan(t *testing.T) {
	plan := NewPlan("date", "user.username", "content", "mentionedUsers", "mentionedUsers.username", "tags")
	tests := []struct {
		rec   string
		vals  [][]string
		found []bool
	}{
		{`{"date":"2021","user":{"id":1,"username":"a"},"content":"x\"y","mentionedUsers":[{"username":"m1"},{"username":"m2"}],"tags":["t1","t2"]}`,
			[][]string{{`"2021"`}, {`"a"`}, {`"x\"y"`}, nil, {`"m1"`, `"m2"`}, {`"t1"`, `"t2"`}},
			[]bool{true, true, true, true, true, true}},
		{`{"quotedTweet":{"date":"no","user":{"username":"q"}},"date":1613000000}`,
			[][]string{{`1613000000`}, nil, nil, nil, nil, nil},
			[]bool{true, false, false, false, false, false}},
		{` { "mentionedUsers" : null , "user" : "plain" } `,
			[][]string{nil, nil, nil, {"null"}, nil, nil},
			[]bool{false, false, false, true, false, false}},
		{`{"date":"a","date":"b"}`, [][]string{{`"b"`}, nil, nil, nil, nil, nil}, []bool{true, false, false, false, false, false}},
		{`{"mentionedUsers":[]}`, [][]string{nil, nil, nil, nil, nil, nil}, []bool{false, false, false, true, false, false}},
	}
	var out Values
	for _, tt := range tests {
		if err := plan.Scan([]byte(tt.rec), &out); err != nil {
			t.Errorf("Scan(%s): %v", tt.rec, err)
			continue
		}
		for i := range tt.vals {
			if got := strs(out.Vals[i]); !reflect.DeepEqual(got, tt.vals[i]) {
				t.Errorf("Scan(%s) slot %d = %q, want %q", tt.rec, i, got, tt.vals[i])
			}
		}
		if !reflect.DeepEqual(out.Found, tt.found) {
			t.Errorf("Scan(%s) found %v, want %v", tt.rec, out.Found, tt.found)
		}
	}
}

// The same path asked for twice fills both slots.
func TestScanRepeatedPath(t *testing.T) {
	plan := NewPlan("label", "text", "label")
	var out Values
	if err := plan.Scan([]byte(`{"label":"positive","text":"hi"}`), &out); err != nil {
		t.Fatal(err)
	}
	if string(out.First(0)) != `"positive"` || string(out.First(2)) != `"positive"` || !out.Found[2] {
		t.Errorf("slots %q and %q (found %v)", out.First(0), out.First(2), out.Found)
	}
	if err := plan.Scan([]byte(`{"text":"no label"}`), &out); err != nil {
		t.Fatal(err)
	}
	if out.Found[0] || out.Found[2] || out.First(2) != nil {
		t.Errorf("absent label found: %v %q", out.Found, out.First(2))
	}
}

func TestScanErrors(t *testing.T) {
	plan := NewPlan("a")
	bad := []string{``, ` `, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":tru}`, `{"a":01}`, `{"a":-}`, `{"a":1.}`,
		`{"a":"x}`, `{"a":[1,2}`, `{} {}`, `{"a":1} x`, `{a:1}`, `{"a":1 "b":2}`, `{"a":1e}`,
		strings.Repeat("[", MaxDepth+5) + strings.Repeat("]", MaxDepth+5)}
	var out Values
	for _, rec := range bad {
		err := plan.Scan([]byte(rec), &out)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Scan(%q) = %v, want a syntax error", rec, err)
		}
	}
	for _, rec := range []string{`[1]`, `"x"`, `3`, `null`} {
		if err := plan.Scan([]byte(rec), &out); err != ErrNotObject {
			t.Errorf("Scan(%q) = %v, want ErrNotObject", rec, err)
		}
	}
}

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"plain"`, "plain"},
		{`"a\nb\t\"c\"\\\/"`, "a\nb\t\"c\"\\/"},
		{`"\ud83d\ude02"`, "😂"},
		{`"\u0939\u093f"`, "हि"},
		{`"\ud83d x"`, "\uFFFD x"},
		{`"\ude02"`, "\uFFFD"},
		{`""`, ""},
		{"\"\x9d ok\"", "\uFFFD ok"},
		{"\"\xe2\x82 \\n\"", "\uFFFD\uFFFD \n"},
	}
	for _, tt := range tests {
		got, err := String(nil, Value(tt.in))
		if err != nil || string(got) != tt.want {
			t.Errorf("String(%s) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{`x`, `"\x"`, `"\u12"`, `"abc\"`} {
		if _, err := String(nil, Value(in)); err == nil {
			t.Errorf("String(%s): no error", in)
		}
	}
}

// FuzzScan checks the scanner against encoding/json: every value the
// standard library accepts is accepted, and the wanted fields decode to the
// same strings.
func FuzzScan(f *testing.F) {
	for _, s := range []string{`{"a":"x","b":{"c":[1,{"d":"\u00e9"}]}}`, `{"a":[{"b":"1"},{"b":"2"}]}`, `[1,2]`, `{"a":1e5,"b":true,"c":null}`} {
		f.Add([]byte(s))
	}
	plan := NewPlan("a", "b.c", "a.b")
	f.Fuzz(func(t *testing.T, data []byte) {
		var out Values
		err := plan.Scan(data, &out)
		if !stdjson.Valid(data) {
			return // the scanner is lenient inside skipped strings
		}
		var v any
		_ = stdjson.Unmarshal(data, &v)
		obj, isObj := v.(map[string]any)
		switch {
		case depth(data) >= MaxDepth-1:
			return
		case !isObj && err != ErrNotObject:
			t.Fatalf("valid non-object %q: %v", data, err)
		case isObj && err != nil:
			t.Fatalf("valid object %q rejected: %v", data, err)
		case isObj:
			// Check slot 0 ("a") when it is a string: same text as the standard decoder.
			if s, ok := obj["a"].(string); ok {
				got, err := String(nil, out.First(0))
				if err != nil || string(got) != s {
					t.Fatalf("a = %q (%v), want %q", got, err, s)
				}
			}
		}
		if !Valid(data) {
			t.Fatalf("Valid(%q) = false", data)
		}
	})
}

func depth(data []byte) int {
	d, m := 0, 0
	for _, c := range data {
		switch c {
		case '{', '[':
			d++
			m = max(m, d)
		case '}', ']':
			d--
		}
	}
	return m
}

// benchTweet is a tweet in the shape of snscrape's export, with a quoted tweet.
var benchTweet = `{"url": "https://twitter.com/x/status/1", "date": "2021-02-24T09:23:35+00:00", "content": "` + strings.Repeat(`The world progresses \u0939 @narendramodi \n`, 20) + `", "id": 1364506249291784198, "user": {"username": "ArjunSinghPanam", "displayname": "Arjun", "id": 45091142, "description": "` + strings.Repeat("Global Citizen, Actor ", 10) + `", "verified": false, "followersCount": 603}, "outlinks": ["https://twitter.com/ravisinghka/status/1364150844757860352"], "replyCount": 0, "media": null, "retweetedTweet": null, "quotedTweet": {"url": "u", "date": "2021-02-23T09:51:20+00:00", "content": "` + strings.Repeat("This is what the police are good at ", 20) + `", "user": {"username": "RaviSinghKA", "description": "` + strings.Repeat("Founder CEO ", 20) + `"}, "mentionedUsers": [{"username": "a", "id": 1}]}, "mentionedUsers": [{"username": "narendramodi", "displayname": "Narendra Modi", "id": 18839785, "url": "https://twitter.com/narendramodi"}]}`

func BenchmarkScanTweet(b *testing.B) {
	rec := []byte(benchTweet)
	plan := NewPlan("date", "user.username", "content", "mentionedUsers", "mentionedUsers.username")
	var out Values
	b.SetBytes(int64(len(rec)))
	for b.Loop() {
		if err := plan.Scan(rec, &out); err != nil {
			b.Fatal(err)
		}
	}
}

// Each fault is reported at the same offset, with the same words, as the
// recursive descent this scanner replaced reported it (the reject reasons
// users see and tests compare).
func TestScanErrorOffsets(t *testing.T) {
	tests := []struct{ rec, want string }{
		{"", "invalid JSON at byte 0: empty record"},
		{"   ", "invalid JSON at byte 3: empty record"},
		{"{", "invalid JSON at byte 1: unexpected end of record"},
		{`{"a"`, "invalid JSON at byte 4: unexpected end of record"},
		{`{"a":`, "invalid JSON at byte 5: unexpected end of record"},
		{`{"a":1`, "invalid JSON at byte 6: unexpected end of record"},
		{`{"a":1,}`, "invalid JSON at byte 7: expected a key string"},
		{`{"a" 1}`, "invalid JSON at byte 5: expected ':' after key"},
		{`{"a":1 "b":2}`, "invalid JSON at byte 7: expected ',' or '}' in object"},
		{`{"a":[1 2]}`, "invalid JSON at byte 8: expected ',' or ']' in array"},
		{`{"a":[1,]}`, "invalid JSON at byte 8: unexpected character ']'"},
		{`{"a":"x}`, "invalid JSON at byte 5: unterminated string"},
		{`{"a":tru}`, "invalid JSON at byte 5: invalid literal"},
		{`{"a":nul}`, "invalid JSON at byte 5: invalid literal"},
		{`{"a":-}`, "invalid JSON at byte 5: invalid number"},
		{`{"a":1.}`, "invalid JSON at byte 5: invalid number"},
		{`{"a":1e}`, "invalid JSON at byte 5: invalid number"},
		{`{"a":1.5e+}`, "invalid JSON at byte 5: invalid number"},
		{`{"a":01}`, "invalid JSON at byte 6: expected ',' or '}' in object"},
		{`{"a":-01}`, "invalid JSON at byte 7: expected ',' or '}' in object"},
		{`{"a":@}`, "invalid JSON at byte 5: unexpected character '@'"},
		{`{"a":{"b":}}`, "invalid JSON at byte 10: unexpected character '}'"},
		{`{"a":1}x`, "invalid JSON at byte 7: data after the object"},
		{`{"a":1}}`, "invalid JSON at byte 7: data after the object"},
		{`[1,2]`, "record is not a JSON object"},
		{`"s"`, "record is not a JSON object"},
		{`[1,2`, "invalid JSON at byte 4: unexpected end of record"},
		{`{"a":[{"b":1},{"b":}]}`, "invalid JSON at byte 19: unexpected character '}'"},
		{`{a:1}`, "invalid JSON at byte 1: expected a key string"},
		{`{"user":{"username":"x","n":[1,{"z":fals}]}}`, "invalid JSON at byte 36: invalid literal"},
		{`{"a":"\"}`, "invalid JSON at byte 5: unterminated string"},
		{`{"a":"a long string with \\\" an escaped quote and no end}`, "invalid JSON at byte 5: unterminated string"},
		{`{"a":[[[[]]]],"b":{"c":{}},"d":"e"} `, "<nil>"},
		{`{"z":` + strings.Repeat("[", MaxDepth) + "]", fmt.Sprintf("invalid JSON at byte %d: nested deeper than %d levels", 5+MaxDepth-1, MaxDepth)},
	}
	plan := NewPlan("a", "user.username", "a.b")
	var out Values
	for _, tt := range tests {
		if err := plan.Scan([]byte(tt.rec), &out); fmt.Sprint(err) != tt.want {
			t.Errorf("Scan(%q) = %v, want %s", tt.rec, err, tt.want)
		}
	}
}

// A quote ends a string unless an odd number of backslashes precede it,
// wherever it falls in the eight-byte steps.
func TestScanQuotes(t *testing.T) {
	plan := NewPlan("b")
	var out Values
	for pad := 0; pad < 17; pad++ {
		for slashes := 0; slashes < 4; slashes++ {
			s := strings.Repeat("x", pad) + strings.Repeat(`\`, slashes)
			if slashes%2 == 1 {
				s += `"` // escaped: the string goes on
			}
			rec := `{"a":"` + s + `","b":"` + s + `"}`
			if err := plan.Scan([]byte(rec), &out); err != nil {
				t.Fatalf("Scan(%s): %v", rec, err)
			}
			if got := string(out.First(0)); got != `"`+s+`"` {
				t.Fatalf("Scan(%s): b = %s", rec, got)
			}
		}
	}
}

// BenchmarkScanLines scans generated tweets, record by record, for the
// tweets recipe's paths (set DROPSIGHT_BENCH_FILE to scan another NDJSON
// file): the recipe's hot path, without the counting.
func BenchmarkScanLines(b *testing.B) {
	data := []byte(strings.Repeat(benchTweet+"\n", 100))
	if path := os.Getenv("DROPSIGHT_BENCH_FILE"); path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			b.Fatal(err)
		}
	}
	plan := NewPlan("date", "user.username", "content", "mentionedUsers", "mentionedUsers.username")
	var out Values
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		for line := range bytes.Lines(data) {
			_ = plan.Scan(bytes.TrimSuffix(line, []byte("\n")), &out)
		}
	}
}

func BenchmarkValid(b *testing.B) {
	rec := []byte(benchTweet)
	b.SetBytes(int64(len(rec)))
	for b.Loop() {
		if !Valid(rec) {
			b.Fatal("not valid")
		}
	}
}

// BenchmarkString decodes text written with \u escapes, as exports that
// keep to ASCII write every character outside it.
func BenchmarkString(b *testing.B) {
	v := Value(`"` + strings.Repeat(`Modi ji \u0a38\u0a30\u0a15\u0a3e\u0a30 \ud83d\ude4f\n`, 8) + `"`)
	var dst []byte
	b.SetBytes(int64(len(v)))
	for b.Loop() {
		dst, _ = String(dst[:0], v)
	}
}
