package delimited

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"dropsight/core/timestamp"
)

// Dialect is how a delimited file is written: what every range's reader of
// the file needs, the later ranges included (they never see the header).
type Dialect struct {
	// Delimiter is one of "," ";" "\t" "|".
	Delimiter string `json:"delimiter"`
	// Header says the first row names the columns.
	Header bool `json:"header"`
	// Columns are the column names: the header's (trimmed; an empty or
	// repeated name gets a number), or column1, column2, ... without one.
	Columns []string `json:"columns"`
}

// Comma returns the delimiter byte (',' when unset or invalid).
func (d Dialect) Comma() byte {
	if len(d.Delimiter) == 1 && IsDelimiter(d.Delimiter[0]) {
		return d.Delimiter[0]
	}
	return ','
}

// IsDelimiter reports whether c is a delimiter Dropsight detects.
func IsDelimiter(c byte) bool { return c == ',' || c == '\t' || c == ';' || c == '|' }

// delimiters in order of preference when the head does not tell them apart.
var delimiters = []byte{',', '\t', ';', '|'}

// Sniffed is what the head of a file says about it.
type Sniffed struct {
	Dialect
	// OK is false when the head is not delimited text (binary, empty).
	OK bool
	// Splittable is false when a quoted field in the head holds a line
	// break: ranges could then start inside a field (see the package doc).
	Splittable bool
	// Rows is the number of complete data rows seen in the head; Samples
	// are the first of them (at most 20).
	Rows    int
	Samples [][]string
	Message string
}

// maxSamples bounds the rows kept for header detection and the page.
const maxSamples = 20

// Sniff detects the delimiter and header from the head of a file. atEOF
// says the head is the whole file (its last row is then complete).
func Sniff(head []byte, atEOF bool) Sniffed {
	head = bytes.TrimPrefix(head, bom)
	if bytes.IndexByte(head, 0) >= 0 {
		return Sniffed{Message: "not text: the file holds NUL bytes"}
	}
	if blank(head, ',') || len(bytes.TrimSpace(head)) == 0 {
		return Sniffed{Message: "the file is empty"}
	}
	var best *trial
	for _, c := range delimiters {
		t := try(head, c, atEOF)
		if best == nil || t.better(best) {
			best = t
		}
	}
	s := Sniffed{OK: true, Splittable: !best.multiLine}
	s.Delimiter = string(best.comma)
	rows := best.rows
	if len(rows) == 0 {
		s.Message = "no complete row in the first bytes"
		return s
	}
	s.Header = looksLikeHeader(rows)
	width := best.mode
	if s.Header {
		width = len(rows[0])
		s.Columns = columnNames(rows[0])
		rows = rows[1:]
	} else {
		s.Columns = make([]string, width)
		for i := range s.Columns {
			s.Columns[i] = fmt.Sprintf("column%d", i+1)
		}
	}
	s.Rows = best.count
	if s.Header {
		s.Rows--
	}
	s.Samples = rows[:min(len(rows), maxSamples)]
	if width < 2 {
		s.Message = "one column only: no delimiter (, ; tab |) found"
	}
	return s
}

// trial is the outcome of reading the head with one delimiter.
type trial struct {
	comma     byte
	rows      [][]string // the first rows, header candidate included
	count     int        // all complete rows
	counts    map[int]int
	mode      int // most frequent field count
	modeRows  int
	multiLine bool
	bad       int // malformed rows
}

func (t *trial) consistency() float64 {
	if t.count == 0 {
		return 0
	}
	return float64(t.modeRows) / float64(t.count+t.bad)
}

// better prefers a delimiter that splits rows into more than one field,
// then the more consistent field count, then more fields.
func (t *trial) better(o *trial) bool {
	if (t.mode >= 2) != (o.mode >= 2) {
		return t.mode >= 2
	}
	tc, oc := t.consistency(), o.consistency()
	if tc != oc {
		return tc > oc
	}
	return t.mode > o.mode
}

type trialSink struct {
	t *trial
	r *Reader
}

func (s *trialSink) Row(fields [][]byte, line int) {
	t := s.t
	t.count++
	t.counts[len(fields)]++
	if s.r.rowLines > 1 {
		t.multiLine = true
	}
	if len(t.rows) <= maxSamples {
		row := make([]string, len(fields))
		for i, f := range fields {
			row[i] = string(f)
		}
		t.rows = append(t.rows, row)
	}
}

func (s *trialSink) Reject(line int, reason string, text []byte) { s.t.bad++ }

func try(head []byte, comma byte, atEOF bool) *trial {
	t := &trial{comma: comma, counts: map[int]int{}}
	r := &Reader{Comma: comma, Fields: -1}
	sink := &trialSink{t, r}
	r.Feed(head, sink)
	if r.carried && r.breaks > 0 && r.scan != atFieldStart {
		t.multiLine = true // the head ends inside a quoted field that spans lines
	}
	if atEOF {
		r.Finish(sink)
	}
	for n, k := range t.counts {
		if k > t.modeRows || k == t.modeRows && n > t.mode {
			t.mode, t.modeRows = n, k
		}
	}
	return t
}

// looksLikeHeader decides whether the first row names the columns: its
// non-empty fields (there must be one; pandas leaves the index column's
// name empty) are distinct, neither numbers nor dates, and the rows below
// differ from it (a column of numbers or dates under a name, or names that
// never recur in their column).
func looksLikeHeader(rows [][]string) bool {
	first := rows[0]
	seen := map[string]bool{}
	for _, f := range first {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if seen[f] || isNumber(f) || isDate(f) {
			return false
		}
		seen[f] = true
	}
	if len(seen) == 0 {
		return false
	}
	if len(rows) == 1 {
		return true
	}
	recurs := false
	for j, name := range first {
		typed, n := 0, 0
		for _, row := range rows[1:] {
			if j >= len(row) {
				continue
			}
			v := strings.TrimSpace(row[j])
			if v == "" {
				continue
			}
			n++
			if isNumber(v) || isDate(v) {
				typed++
			}
			if v == strings.TrimSpace(name) && v != "" {
				recurs = true
			}
		}
		if n > 0 && typed*2 >= n {
			return true
		}
	}
	return !recurs
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

func isDate(s string) bool {
	_, ok := timestamp.Parse([]byte(s), nil)
	return ok
}

func columnNames(row []string) []string {
	names := make([]string, len(row))
	used := map[string]bool{}
	for i, f := range row {
		name := strings.TrimSpace(f)
		if name == "" {
			name = fmt.Sprintf("column%d", i+1)
		}
		for k := 2; used[name]; k++ {
			name = fmt.Sprintf("%s_%d", strings.TrimSpace(f), k)
		}
		used[name] = true
		names[i] = name
	}
	return names
}
