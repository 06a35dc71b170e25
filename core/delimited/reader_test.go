package delimited

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// collect records rows and rejects as strings.
type collect struct {
	rows    [][]string
	lines   []int
	rejects []string
}

func (c *collect) Row(fields [][]byte, line int) {
	row := make([]string, len(fields))
	for i, f := range fields {
		row[i] = string(f)
	}
	c.rows = append(c.rows, row)
	c.lines = append(c.lines, line)
}

func (c *collect) Reject(line int, reason string, text []byte) {
	c.rejects = append(c.rejects, fmt.Sprintf("%d: %s", line, reason))
}

// read reads data as one range fed in chunks of the given size.
func read(r Reader, data []byte, chunk int) *collect { return readPtr(&r, data, chunk) }

func readPtr(r *Reader, data []byte, chunk int) *collect {
	c := &collect{}
	for p := r.ReadFrom(); p < int64(len(data)); p += int64(chunk) {
		if !r.Feed(data[p:min(p+int64(chunk), int64(len(data)))], c) {
			break
		}
	}
	r.Finish(c)
	return c
}

func TestReaderCases(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		r       Reader
		rows    [][]string
		lines   []int
		rejects []string
	}{
		{"plain", "a,b\n1,2\n", Reader{}, [][]string{{"a", "b"}, {"1", "2"}}, []int{1, 2}, nil},
		{"no final break", "a,b\n1,2", Reader{}, [][]string{{"a", "b"}, {"1", "2"}}, []int{1, 2}, nil},
		{"crlf", "a,b\r\n1,2\r\n", Reader{}, [][]string{{"a", "b"}, {"1", "2"}}, []int{1, 2}, nil},
		{"bom and header", "\xEF\xBB\xBFid,n\nx,1\n", Reader{Header: true}, [][]string{{"x", "1"}}, []int{2}, nil},
		{"blank lines", "a,b\n\n  \r\n1,2\n\n", Reader{}, [][]string{{"a", "b"}, {"1", "2"}}, []int{1, 4}, nil},
		{"empty fields", "a,,\n,,\n", Reader{}, [][]string{{"a", "", ""}, {"", "", ""}}, []int{1, 2}, nil},
		{"quoted", `"a,b","say ""hi""",c` + "\n", Reader{}, [][]string{{"a,b", `say "hi"`, "c"}}, []int{1}, nil},
		{"quoted empty last", `a,""` + "\n", Reader{}, [][]string{{"a", ""}}, []int{1}, nil},
		{"quoted newline", "a,\"x\ny\"\nb,z\n", Reader{}, [][]string{{"a", "x\ny"}, {"b", "z"}}, []int{1, 3}, nil},
		{"quoted crlf kept", "a,\"x\r\ny\"\r\nb,z\r\n", Reader{}, [][]string{{"a", "x\r\ny"}, {"b", "z"}}, []int{1, 3}, nil},
		{"bare quote", "a,5\" screen\n", Reader{}, [][]string{{"a", `5" screen`}}, []int{1}, nil},
		{"wrong count", "a,b\n1,2,3\n4\n5,6\n", Reader{}, [][]string{{"a", "b"}, {"5", "6"}}, []int{1, 4},
			[]string{"2: row has 3 fields, expected 2", "3: row has 1 fields, expected 2"}},
		{"fixed count", "1,2,3\n", Reader{Fields: 2}, nil, nil, []string{"1: row has 3 fields, expected 2"}},
		{"any count", "1,2,3\n4\n", Reader{Fields: -1}, [][]string{{"1", "2", "3"}, {"4"}}, []int{1, 2}, nil},
		{"extraneous quote", "\"a\"b,c\nd,e\n", Reader{}, [][]string{{"d", "e"}}, []int{2}, []string{`1: extraneous '"' in field 1`}},
		{"unclosed quote", "a,b\nc,\"d\ne,f\n", Reader{}, [][]string{{"a", "b"}}, []int{1},
			[]string{"2: quoted field not closed before the end of the input"}},
		{"tab", "a\tb c\n1\t2\n", Reader{Comma: '\t'}, [][]string{{"a", "b c"}, {"1", "2"}}, []int{1, 2}, nil},
		{"tab blank", "a\tb\n\t\n", Reader{Comma: '\t'}, [][]string{{"a", "b"}, {"", ""}}, []int{1, 2}, nil},
		{"semicolon", "a;\"b;c\"\n", Reader{Comma: ';'}, [][]string{{"a", "b;c"}}, []int{1}, nil},
		{"pipe", "a|b\n", Reader{Comma: '|'}, [][]string{{"a", "b"}}, []int{1}, nil},
		{"too long", "a,b\n\"" + strings.Repeat("x\n", 40) + "\",y\nc,d\n", Reader{MaxRecord: 30},
			[][]string{{"a", "b"}, {"c", "d"}}, []int{1, 43}, []string{"2: row longer than 30 bytes"}},
		{"too long line", "a,b\n" + strings.Repeat("x", 40) + ",y\nc,d\n", Reader{MaxRecord: 30},
			[][]string{{"a", "b"}, {"c", "d"}}, []int{1, 3}, []string{"2: row longer than 30 bytes"}},
	}
	for _, tc := range cases {
		for _, chunk := range []int{1, 2, 3, 7, 1 << 20} {
			got := read(tc.r, []byte(tc.in), chunk)
			if !reflect.DeepEqual(got.rows, tc.rows) || !reflect.DeepEqual(got.lines, tc.lines) ||
				!reflect.DeepEqual(got.rejects, tc.rejects) {
				t.Errorf("%s (chunk %d):\n got %q %v %q\nwant %q %v %q", tc.name, chunk,
					got.rows, got.lines, got.rejects, tc.rows, tc.lines, tc.rejects)
			}
		}
	}
}

// readRanges reads data cut at the given offsets, as the engine's ranges
// would, and reports whether the spans joined.
func readRanges(data []byte, cuts []int64, chunk int, header bool) (*collect, bool) {
	// A range ending at 0 would mean "to the end": ranges are never empty.
	cuts = slices.Compact(slices.Clone(cuts))
	all := &collect{}
	lines := 0
	var prevTo int64
	joined := true
	for i := 0; i+1 < len(cuts); i++ {
		r := &Reader{Start: cuts[i], End: cuts[i+1], Header: header, Fields: -1}
		if i == len(cuts)-2 {
			r.End = -1
		}
		c := readPtr(r, data, chunk)
		for k, row := range c.rows {
			all.rows = append(all.rows, row)
			all.lines = append(all.lines, c.lines[k]+lines)
		}
		for _, rj := range c.rejects {
			var n int
			var reason string
			fmt.Sscanf(rj, "%d:", &n)
			reason = rj[strings.IndexByte(rj, ':'):]
			all.rejects = append(all.rejects, fmt.Sprintf("%d%s", n+lines, reason))
		}
		lines += r.LineCount()
		from, to := r.Span()
		if i > 0 && from != prevTo {
			joined = false
		}
		prevTo = to
	}
	if prevTo != int64(len(data)) {
		joined = false
	}
	return all, joined
}

func randomCSV(r *rand.Rand, rows int, quotedBreaks bool) []byte {
	var b bytes.Buffer
	b.WriteString("id,name,n\n")
	for i := range rows {
		fmt.Fprintf(&b, "u%d,", i)
		switch r.IntN(6) {
		case 0:
			b.WriteString(`"with, comma"`)
		case 1:
			b.WriteString(`"say ""x"""`)
		case 2:
			if quotedBreaks {
				b.WriteString("\"two\nlines\"")
			} else {
				b.WriteString("plain")
			}
		case 3:
			b.WriteString("")
		default:
			b.WriteString(strings.Repeat("z", r.IntN(30)))
		}
		fmt.Fprintf(&b, ",%d", r.IntN(1000))
		if r.IntN(4) == 0 {
			b.WriteString("\r")
		}
		b.WriteString("\n")
		if r.IntN(20) == 0 {
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}

// Any cut into ranges and any chunk size gives the rows of one pass, as
// long as no cut falls inside a quoted field; when one does, the spans do
// not join and the caller knows.
func TestRangesProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, breaks := range []bool{false, true} {
		data := randomCSV(r, 300, breaks)
		whole, _ := readRanges(data, []int64{0, int64(len(data))}, len(data), true)
		if len(whole.rows) != 300 {
			t.Fatalf("one pass read %d rows", len(whole.rows))
		}
		disjoint := 0
		for iter := 0; iter < 300; iter++ {
			cuts := []int64{0}
			for k := 1 + r.IntN(6); k > 0; k-- {
				cuts = append(cuts, int64(r.IntN(len(data))))
			}
			cuts = append(cuts, int64(len(data)))
			sortInt64(cuts)
			chunk := 1 + r.IntN(200)
			got, joined := readRanges(data, cuts, chunk, true)
			if !joined {
				disjoint++
				if !breaks {
					t.Fatalf("cuts %v: spans do not join without quoted line breaks", cuts)
				}
				continue
			}
			if !reflect.DeepEqual(got, whole) {
				t.Fatalf("breaks=%v cuts %v chunk %d: rows differ from one pass", breaks, cuts, chunk)
			}
		}
		if breaks && disjoint == 0 {
			t.Fatalf("no cut fell inside a quoted field: the test does not test the join check")
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

// On input that encoding/csv reads without error, the rows are the same.
func TestAgainstEncodingCSV(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	alphabet := []string{"a", "b", ",", "\"", "\n", " ", "\"\"", "x,\"y\"", "é"}
	compared := 0
	for iter := 0; iter < 5000; iter++ {
		var b strings.Builder
		for k := r.IntN(30); k > 0; k-- {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		in := b.String()
		if same, ok := sameAsEncodingCSV([]byte(in)); ok {
			compared++
			if !same {
				t.Fatalf("differs from encoding/csv on %q", in)
			}
		}
	}
	if compared < 500 {
		t.Fatalf("only %d inputs compared", compared)
	}
}

// sameAsEncodingCSV compares with encoding/csv where the two dialects agree:
// no CR, no BOM, no line of spaces only, and input encoding/csv accepts.
func sameAsEncodingCSV(in []byte) (same, compared bool) {
	if bytes.IndexByte(in, '\r') >= 0 || bytes.HasPrefix(in, bom) {
		return false, false
	}
	for _, l := range bytes.Split(in, nl) {
		if len(l) > 0 && blank(l, ',') {
			return false, false
		}
	}
	cr := csv.NewReader(bytes.NewReader(in))
	cr.FieldsPerRecord = -1
	var want [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return false, false
		}
		want = append(want, rec)
	}
	got := read(Reader{Fields: -1}, in, 3)
	if len(got.rejects) > 0 {
		return false, true
	}
	if len(want) == 0 && len(got.rows) == 0 {
		return true, true
	}
	return reflect.DeepEqual(got.rows, want), true
}

func TestCutAndSpan(t *testing.T) {
	var r Reader
	c := &collect{}
	r.Feed([]byte("a,b\n\"c\nd"), c)
	line, text := r.Cut()
	if line != 2 || string(text) != "\"c\nd" || len(c.rows) != 1 {
		t.Fatalf("cut: line %d text %q rows %v", line, text, c.rows)
	}
	// A range that starts in the last line without a break owns nothing.
	data := []byte("a,b\nc,d")
	r = Reader{Start: 5}
	got := read(r, data, 2)
	if len(got.rows) != 0 {
		t.Fatalf("rows %v", got.rows)
	}
}

func TestSniff(t *testing.T) {
	cases := []struct {
		in         string
		delim      string
		header     bool
		columns    []string
		splittable bool
	}{
		{"user_id,timestamp,duration_ms\nu000001,2023-01-01 00:00:00,1000\nu000002,2023-01-02 00:00:00,20\n",
			",", true, []string{"user_id", "timestamp", "duration_ms"}, true},
		{"a\tb\tc\n1\t2,5\t3\n4\t5\t6\n", "\t", true, []string{"a", "b", "c"}, true},
		{"x;y\n1;2\n3;4\n", ";", true, []string{"x", "y"}, true},
		{"1|2\n3|4\n", "|", false, []string{"column1", "column2"}, true},
		{"id,note\n1,\"two\nlines\"\n2,x\n", ",", true, []string{"id", "note"}, false},
		{",name,name \n0,x,y\n", ",", false, []string{"column1", "column2", "column3"}, true},
		{",a,b\n0,x,1\n1,y,2\n", ",", true, []string{"column1", "a", "b"}, true},
		{"u1,2023-01-01\nu2,2023-01-02\n", ",", false, []string{"column1", "column2"}, true},
	}
	for _, tc := range cases {
		s := Sniff([]byte(tc.in), true)
		if !s.OK || s.Delimiter != tc.delim || s.Header != tc.header || !reflect.DeepEqual(s.Columns, tc.columns) ||
			s.Splittable != tc.splittable {
			t.Errorf("%q: got %+v", tc.in, s)
		}
	}
	// A head that ends inside a quoted field spanning lines is not splittable.
	s := Sniff([]byte("id,note\n1,\"two\nlines"), false)
	if s.Splittable {
		t.Errorf("open quoted line break: %+v", s)
	}
	if s := Sniff([]byte("\x00\x01"), true); s.OK {
		t.Errorf("binary: %+v", s)
	}
	if s := Sniff([]byte(" \n"), true); s.OK {
		t.Errorf("empty: %+v", s)
	}
}

// FuzzReader checks that no input panics, that chunk size does not change
// the rows, that joined ranges equal one pass, and that input encoding/csv
// accepts reads the same.
func FuzzReader(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"), uint16(3), uint8(2))
	f.Add([]byte("\"a\nb\",c\r\n\"\"\"\",d\n"), uint16(2), uint8(1))
	f.Add([]byte("\xEF\xBB\xBFx\ty\n\n1\t2"), uint16(5), uint8(7))
	f.Add([]byte("\"open,\n"), uint16(1), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, cut uint16, chunk uint8) {
		k := 1 + int(chunk)
		one := read(Reader{Fields: -1}, data, len(data)+1)
		chunked := read(Reader{Fields: -1}, data, k)
		if !reflect.DeepEqual(one, chunked) {
			t.Fatalf("chunk %d: %+v != %+v", k, chunked, one)
		}
		at := int64(cut) % int64(len(data)+1)
		ranged, joined := readRanges(data, []int64{0, at, int64(len(data))}, k, false)
		if joined && !reflect.DeepEqual(ranged, one) {
			t.Fatalf("cut %d: %+v != %+v", at, ranged, one)
		}
		if !bytes.Contains(data, []byte{'"'}) && !joined {
			t.Fatalf("cut %d: spans do not join without quotes", at)
		}
		if same, ok := sameAsEncodingCSV(data); ok && !same {
			t.Fatalf("differs from encoding/csv")
		}
	})
}
