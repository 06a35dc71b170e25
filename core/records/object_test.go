package records

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// feedWhole runs one input through w in chunks of size n.
func feedWhole(w *Whole, data []byte, n int, sink Sink) {
	w.Begin()
	for p := 0; p < len(data); p += n {
		if !w.Feed(data[p:min(p+n, len(data))], sink) {
			break
		}
	}
	w.Finish(sink)
}

func TestWhole(t *testing.T) {
	pretty := "{\n  \"date\": \"Mon Apr 06 22:19:45 PDT 2009\",\n  \"text\": \"a\\nb\"\n}\n"
	tests := []struct {
		name    string
		data    string
		recs    []string
		lines   []int
		rejects []string
	}{
		{"one object", `{"a":1}`, []string{`{"a":1}`}, []int{1}, nil},
		{"one object and a newline", "{\"a\":1}\n", []string{`{"a":1}`}, []int{1}, nil},
		{"pretty-printed", pretty, []string{strings.TrimSpace(pretty)}, []int{1}, nil},
		{"pretty-printed CRLF", strings.ReplaceAll(pretty, "\n", "\r\n"), []string{strings.TrimSpace(strings.ReplaceAll(pretty, "\n", "\r\n"))}, []int{1}, nil},
		{"leading blank lines and BOM", "\xEF\xBB\xBF\n\n  {\n\"a\":1}", []string{"{\n\"a\":1}"}, []int{3}, nil},
		{"NDJSON", "{\"a\":1}\n\n{\"a\":2}\r\n", []string{`{"a":1}`, `{"a":2}`}, []int{1, 3}, nil},
		{"JSON array", "[\n{\"a\":1},\n{\"a\":2}\n]", []string{`{"a":1}`, `{"a":2}`}, []int{2, 3}, nil},
		{"empty", "", nil, nil, []string{"1: empty file"}},
		{"blank", " \r\n\t\n", nil, nil, []string{"1: empty file"}},
		// not JSON at all (a binary or UTF-16 file dropped in a folder): a
		// reject that says so, rather than a syntax error at byte 0
		{"not JSON", "hello\nworld", nil, nil, []string{"1: not JSON: the first character is neither '{' nor '['"}},
		{"UTF-16", "\xff\xfe{\x00}\x00", nil, nil, []string{"1: UTF-16 text: save the file as UTF-8 to read it"}},
		// JSON that is not an object: handed over, for the recipe to reject
		{"not an object", "42\n", []string{"42"}, []int{1}, nil},
		{"cut object", `{"a":`, []string{`{"a":`}, []int{1}, nil},
	}
	for _, tt := range tests {
		for _, n := range []int{1, 2, 5, 1 << 20} {
			var c recorder
			feedWhole(&Whole{}, []byte(tt.data), n, &c)
			if !reflect.DeepEqual(c.recs, tt.recs) || !reflect.DeepEqual(c.lines, tt.lines) || !reflect.DeepEqual(c.rejects, tt.rejects) {
				t.Errorf("%s (chunk %d): got %q %v %q, want %q %v %q", tt.name, n, c.recs, c.lines, c.rejects, tt.recs, tt.lines, tt.rejects)
			}
		}
	}
}

func TestWholeManyInputs(t *testing.T) {
	var w Whole
	var c recorder
	for _, in := range []string{`{"a":1}`, "", "{\"b\":\n2}", "{\"c\":3}\n{\"c\":4}\n"} {
		feedWhole(&w, []byte(in), 3, &c)
	}
	want := []string{`{"a":1}`, "{\"b\":\n2}", `{"c":3}`, `{"c":4}`}
	if !reflect.DeepEqual(c.recs, want) || !reflect.DeepEqual(c.rejects, []string{"1: empty file"}) {
		t.Errorf("got %q %q", c.recs, c.rejects)
	}
	// Finish without Begin or Feed: nothing to end.
	var idle Whole
	idle.Finish(&c)
	if len(c.recs) != 4 || len(c.rejects) != 1 {
		t.Errorf("an idle Whole reported something: %q %q", c.recs, c.rejects)
	}
}

func TestWholeTooLong(t *testing.T) {
	var c recorder
	data := "{\n\"a\":\"" + strings.Repeat("x", 100) + "\"}"
	feedWhole(&Whole{MaxRecord: 50}, []byte(data), 7, &c)
	if len(c.recs) != 0 || !reflect.DeepEqual(c.rejects, []string{"1: record longer than 50 bytes"}) {
		t.Errorf("got %q %q", c.recs, c.rejects)
	}
	// NDJSON lines are bounded one by one, not as a whole.
	c = recorder{}
	data = strings.Repeat("{\"a\":\"xxxxxxxxxx\"}\n", 10)
	feedWhole(&Whole{MaxRecord: 50}, []byte(data), 7, &c)
	if len(c.recs) != 10 || len(c.rejects) != 0 {
		t.Errorf("NDJSON: %d records, rejects %q", len(c.recs), c.rejects)
	}
}

func TestWholeCut(t *testing.T) {
	var w Whole
	var c recorder
	w.Begin()
	w.Feed([]byte("\n{\"a\":"), &c)
	line, text := w.Cut()
	w.Finish(&c)
	if line != 2 || string(text) != "\n{\"a\":" || len(c.recs)+len(c.rejects) != 0 {
		t.Errorf("cut at %d %q; then %q %q", line, text, c.recs, c.rejects)
	}
}

func FuzzWhole(f *testing.F) {
	f.Add([]byte("{\n\"a\": 1\n}"), uint8(3))
	f.Add([]byte("{\"a\":1}\n{\"b\":2}"), uint8(1))
	f.Add([]byte("[{},{}]"), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		var whole, parts recorder
		feedWhole(&Whole{}, data, len(data)+1, &whole)
		feedWhole(&Whole{}, data, int(chunk)+1, &parts)
		if !reflect.DeepEqual(whole, parts) {
			t.Fatalf("chunking changed the outcome: %+v vs %+v", whole, parts)
		}
		// every input but an array (which may be empty) gives something
		if len(whole.recs)+len(whole.rejects) == 0 && !bytes.HasPrefix(trimSpace(bytes.TrimPrefix(data, bom)), []byte("[")) {
			t.Fatalf("%q: neither a record nor a reject", data)
		}
	})
}
