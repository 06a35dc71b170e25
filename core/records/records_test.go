package records

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

type recorder struct {
	recs    []string
	lines   []int
	rejects []string
}

func (c *recorder) Record(rec []byte, line int) {
	c.recs = append(c.recs, string(rec))
	c.lines = append(c.lines, line)
}
func (c *recorder) Reject(line int, reason string, text []byte) {
	c.rejects = append(c.rejects, fmt.Sprintf("%d: %s", line, reason))
}

// feedLines runs Lines over data[ReadFrom:] in chunks of size n.
func feedLines(l *Lines, data []byte, n int, sink Sink) {
	from := l.ReadFrom()
	for p := from; p < int64(len(data)); p += int64(n) {
		if !l.Feed(data[p:min(p+int64(n), int64(len(data)))], sink) {
			break
		}
	}
	l.Finish(sink)
}

func TestLines(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		recs  []string
		lines []int
	}{
		{"LF", "{\"a\":1}\n{\"a\":2}\n", []string{`{"a":1}`, `{"a":2}`}, []int{1, 2}},
		{"CRLF", "{\"a\":1}\r\n{\"a\":2}\r\n", []string{`{"a":1}`, `{"a":2}`}, []int{1, 2}},
		{"no final newline", "a\nb", []string{"a", "b"}, []int{1, 2}},
		{"blank lines keep numbering", "a\n\n  \r\nb\n", []string{"a", "b"}, []int{1, 4}},
		{"BOM", "\xEF\xBB\xBFa\nb\n", []string{"a", "b"}, []int{1, 2}},
		{"empty", "", nil, nil},
		{"mixed endings", "a\r\nb\nc\r\n", []string{"a", "b", "c"}, []int{1, 2, 3}},
	}
	for _, tt := range tests {
		for _, n := range []int{1, 2, 3, 7, 1 << 20} {
			var c recorder
			feedLines(&Lines{}, []byte(tt.data), n, &c)
			if !reflect.DeepEqual(c.recs, tt.recs) || !reflect.DeepEqual(c.lines, tt.lines) {
				t.Errorf("%s (chunk %d): got %q %v, want %q %v", tt.name, n, c.recs, c.lines, tt.recs, tt.lines)
			}
		}
	}
}

func TestLinesTooLong(t *testing.T) {
	data := []byte("short\n" + strings.Repeat("x", 100) + "\nafter\n")
	var c recorder
	feedLines(&Lines{MaxRecord: 50}, data, 7, &c)
	if want := []string{"short", "after"}; !reflect.DeepEqual(c.recs, want) {
		t.Errorf("records %q", c.recs)
	}
	if len(c.rejects) != 1 || !strings.HasPrefix(c.rejects[0], "2: record longer than 50 bytes") {
		t.Errorf("rejects %q", c.rejects)
	}
	if !reflect.DeepEqual(c.lines, []int{1, 3}) {
		t.Errorf("lines %v", c.lines)
	}
}

// randomData returns NDJSON-ish lines of random lengths, with blank lines,
// CRLF and a missing final newline now and then.
func randomData(r *rand.Rand) []byte {
	var b bytes.Buffer
	n := r.IntN(60)
	for i := range n {
		switch r.IntN(8) {
		case 0:
			b.WriteString("\n")
			continue
		case 1:
			fmt.Fprintf(&b, "line-%d-%s\r\n", i, strings.Repeat("y", r.IntN(30)))
			continue
		}
		fmt.Fprintf(&b, "line-%d-%s", i, strings.Repeat("x", r.IntN(40)))
		if i < n-1 || r.IntN(2) == 0 {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// Any cut into ranges, fed in any chunk size, yields each line exactly once
// with the same file line number.
func TestLinesRangesProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 2000; iter++ {
		data := randomData(r)
		var whole recorder
		feedLines(&Lines{}, data, len(data)+1, &whole)

		cuts := []int64{0}
		for k := r.IntN(6); k > 0; k-- {
			cuts = append(cuts, int64(r.IntN(len(data)+1)))
		}
		cuts = append(cuts, int64(len(data)))
		sortInt64(cuts)
		var got recorder
		offset := 0
		for i := 0; i+1 < len(cuts); i++ {
			if cuts[i] == cuts[i+1] {
				continue
			}
			l := &Lines{Start: cuts[i], End: cuts[i+1]}
			if l.End == int64(len(data)) {
				l.End = 0 // the last range runs to the end of input
			}
			var part recorder
			feedLines(l, data, 1+r.IntN(9), &part)
			for j := range part.recs {
				got.recs = append(got.recs, part.recs[j])
				got.lines = append(got.lines, part.lines[j]+offset)
			}
			offset += l.LineCount()
		}
		if !reflect.DeepEqual(got.recs, whole.recs) || !reflect.DeepEqual(got.lines, whole.lines) {
			t.Fatalf("cuts %v over %q:\n got %q %v\nwant %q %v", cuts, data, got.recs, got.lines, whole.recs, whole.lines)
		}
	}
}

func sortInt64(s []int64) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func feedArray(a *Array, data []byte, n int, sink Sink) {
	for p := 0; p < len(data); p += n {
		if !a.Feed(data[p:min(p+n, len(data))], sink) {
			break
		}
	}
	a.Finish(sink)
}

func TestArray(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		recs    []string
		lines   []int
		rejects []string
	}{
		{"one line", `[{"a":1},{"a":"]}"}]`, []string{`{"a":1}`, `{"a":"]}"}`}, []int{1, 1}, nil},
		{"pretty", "[\n  {\n    \"a\": 1\n  },\n  {\"b\": [1,2]}\n]\n", []string{"{\n    \"a\": 1\n  }", `{"b": [1,2]}`}, []int{2, 5}, nil},
		{"empty array", " [ ] ", nil, nil, nil},
		{"scalars", `[1, "x", true]`, []string{"1", `"x"`, "true"}, []int{1, 1, 1}, nil},
		{"escaped quote", `[{"a":"x\"}"}]`, []string{`{"a":"x\"}"}`}, []int{1}, nil},
		{"BOM", "\xEF\xBB\xBF[{}]", []string{"{}"}, []int{1}, nil},
		{"not closed", `[{"a":1},`, []string{`{"a":1}`}, []int{1}, []string{"1: the file ends before the JSON array is closed"}},
		{"cut element", "[{\"a\":1},\n{\"a\":", []string{`{"a":1}`}, []int{1}, []string{"2: the file ends inside this array element"}},
		{"missing comma", "[{}\n{}]", []string{"{}"}, []int{1}, []string{"2: expected ',' or ']' between array elements, found '{'; the rest of the file was not read"}},
		{"trailing data", "[{}] x", []string{"{}"}, []int{1}, []string{"1: data after the end of the JSON array ('x'); the rest of the file was not read"}},
		{"not an array", "{}", nil, nil, []string{"1: expected '[' to open a JSON array, found '{'; the rest of the file was not read"}},
	}
	for _, tt := range tests {
		for _, n := range []int{1, 2, 5, 1 << 20} {
			var c recorder
			feedArray(&Array{}, []byte(tt.data), n, &c)
			if !reflect.DeepEqual(c.recs, tt.recs) || !reflect.DeepEqual(c.lines, tt.lines) || !reflect.DeepEqual(c.rejects, tt.rejects) {
				t.Errorf("%s (chunk %d): got %q %v %q, want %q %v %q", tt.name, n, c.recs, c.lines, c.rejects, tt.recs, tt.lines, tt.rejects)
			}
		}
	}
}

func TestSniffFormat(t *testing.T) {
	tests := []struct {
		head   string
		format Format
		keys   []string
	}{
		{"{\"a\":1,\"b\":{\"c\":2}}\n{\"a\":2}\n{\"partial", NDJSON, []string{"a", "b", "b.c"}},
		{"[{\"x\":[{\"y\":1}]}, {\"z\"", JSONArray, []string{"x", "x.y"}},
		{"  ", Unknown, nil},
		{"id,name\n1,a\n", Unknown, nil},
		{"\xFF\xFEa", Unknown, nil},
	}
	for _, tt := range tests {
		s := SniffFormat([]byte(tt.head))
		if s.Format != tt.format || !reflect.DeepEqual(s.Keys, tt.keys) {
			t.Errorf("SniffFormat(%q) = %v %v, want %v %v", tt.head, s.Format, s.Keys, tt.format, tt.keys)
		}
		if s.Format == Unknown && s.Message == "" {
			t.Errorf("SniffFormat(%q): no message", tt.head)
		}
	}
}

func FuzzLines(f *testing.F) {
	f.Add([]byte("a\nb\r\n\nc"), uint8(3), uint16(2))
	f.Add([]byte("\xEF\xBB\xBF{}\n"), uint8(1), uint16(0))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8, cut uint16) {
		var whole recorder
		feedLines(&Lines{}, data, len(data)+1, &whole)
		c := int64(cut) % int64(len(data)+1)
		var a, b recorder
		first := &Lines{End: c}
		if c == 0 {
			first.End = -1 // an empty first range
		}
		if c > 0 {
			feedLines(first, data, int(chunk)+1, &a)
		}
		second := &Lines{Start: c}
		feedLines(second, data, int(chunk)+1, &b)
		got := append(a.recs, b.recs...)
		if !reflect.DeepEqual(got, whole.recs) && !(len(got) == 0 && len(whole.recs) == 0) {
			t.Fatalf("cut %d: got %q, want %q", c, got, whole.recs)
		}
	})
}

func FuzzArray(f *testing.F) {
	f.Add([]byte(`[{"a":[1,{"b":"]"}]},2,"x"]`), uint8(3))
	f.Add([]byte("[\n{}\n,\n{}]"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		var whole, parts recorder
		feedArray(&Array{}, data, len(data)+1, &whole)
		feedArray(&Array{}, data, int(chunk)+1, &parts)
		if !reflect.DeepEqual(whole, parts) {
			t.Fatalf("chunking changed the outcome: %+v vs %+v", whole, parts)
		}
	})
}
