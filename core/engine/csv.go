package engine

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	json "github.com/goccy/go-json"

	"dropsight/core/activity"
	"dropsight/core/delimited"
	"dropsight/core/evaluation"
	"dropsight/core/pipeline"
	"dropsight/core/profile"
	"dropsight/core/records"
)

// CSV is the format of delimited text: comma, semicolon, tab or pipe
// separated, read by package delimited.
const CSV records.Format = "csv"

// An InputCounter is a Counter that must know what its input holds before
// the first record: the input's role in the run (a recipe may read
// several kinds of input, e.g. an interaction log and a metadata table),
// its index and range index (which order records across inputs), and its
// column names.
type InputCounter interface {
	SetInput(role string, input, rng int, columns []string) error
}

// A RowCounter is a Counter that reads delimited rows.
type RowCounter interface {
	// AddRow counts one row, its fields in column order; a non-nil error
	// is the reason to reject it.
	AddRow(fields [][]byte) error
}

// A CSVCounter is a RowCounter that must find the columns it reads among
// a CSV input's columns before the first row: when one is missing, the
// task fails, naming the input (rather than rejecting every row).
type CSVCounter interface {
	SetCSVColumns(columns []string) error
}

// Span is the bytes [From, To) that a range's rows cover. The ranges of a
// CSV input must join (each To is the next From): when one does not, a
// quoted field with a line break crossed a cut (see package delimited).
type Span struct {
	From int64 `json:"from"`
	To   int64 `json:"to"`
}

// A SplitError says that a CSV input was cut inside a quoted field that
// holds a line break: the input must be read again as one range.
type SplitError struct {
	Input int
	Name  string
	At    int64
}

func (e *SplitError) Error() string {
	return fmt.Sprintf("%s: a quoted field with a line break crosses byte %d, where the file was cut for parallel reading; read it again as one range", e.Name, e.At)
}

// setInput tells an InputCounter what its input holds.
func (t *Task) setInput() error {
	ic, ok := t.counter.(InputCounter)
	if !ok {
		if t.spec.Role != "" {
			return fmt.Errorf("%s: recipe %s takes no %q input", t.spec.Input.Name, t.spec.Recipe, t.spec.Role)
		}
		return nil
	}
	cols := t.spec.Columns
	if len(cols) == 0 && t.spec.CSV != nil {
		cols = t.spec.CSV.Columns
	}
	if err := ic.SetInput(t.spec.Role, t.spec.Input.Index, t.spec.Range.Index, cols); err != nil {
		return fmt.Errorf("%s: %v", t.spec.Input.Name, err)
	}
	return nil
}

// beginRows prepares the reader of a CSV range.
func (t *Task) beginRows() error {
	rc, ok := t.counter.(RowCounter)
	if !ok {
		return fmt.Errorf("%s: recipe %s does not read CSV", t.spec.Input.Name, t.spec.Recipe)
	}
	d := t.spec.CSV
	if d == nil {
		return fmt.Errorf("%s: a CSV task needs its dialect (delimiter, header, columns)", t.spec.Input.Name)
	}
	t.rowCounter = rc
	if cc, ok := rc.(CSVCounter); ok {
		if err := cc.SetCSVColumns(d.Columns); err != nil {
			return fmt.Errorf("%s: %v", t.spec.Input.Name, err)
		}
	}
	t.rows = &delimited.Reader{Comma: d.Comma(), Start: t.spec.Range.Start, End: max(t.spec.Range.End, 0),
		Header: d.Header, Fields: len(d.Columns)}
	return nil
}

// Row implements delimited.Sink.
func (t *Task) Row(fields [][]byte, line int) {
	for i, f := range fields {
		if at := records.InvalidUTF8(f); at >= 0 {
			t.rejectRow(line, fmt.Sprintf("invalid UTF-8 in field %d at byte %d: save the file as UTF-8", i+1, at), fields)
			return
		}
	}
	if err := t.rowCounter.AddRow(fields); err != nil {
		if t.stopOn(err) {
			return
		}
		t.rejectRow(line, err.Error(), fields)
		return
	}
	t.records++
}

// rejectRow rejects a row, joining its fields back into text only when the
// document will keep it (a file of bad rows would join every one).
func (t *Task) rejectRow(line int, reason string, fields [][]byte) {
	var text []byte
	if t.rejects.Wants(reason) {
		text = bytes.Join(fields, []byte{t.rows.Comma})
	}
	t.Reject(line, reason, text)
}

// CheckSpans verifies that the ranges of each CSV input join, and returns
// a *SplitError when one does not: call it before Document.
func (m *Merger) CheckSpans() error {
	parts := slices.Clone(m.parts)
	slices.SortFunc(parts, func(a, b *Partial) int {
		return cmp.Or(cmp.Compare(a.Input, b.Input), cmp.Compare(a.Range, b.Range))
	})
	for i := 1; i < len(parts); i++ {
		a, b := parts[i-1], parts[i]
		if a.Input != b.Input || a.Span == nil || b.Span == nil || a.Span.To == b.Span.From {
			continue
		}
		return &SplitError{Input: b.Input, Name: m.req.Inputs[b.Input].Name, At: b.Span.From}
	}
	return nil
}

// sniffCSV reads a head that is not JSON as delimited text.
func sniffCSV(s Sniff, head []byte) (Sniff, bool) {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	if len(h) == 0 || h[0] == '{' || h[0] == '[' || records.IsGzip(head) ||
		len(h) >= 2 && (h[0] == 0xFF && h[1] == 0xFE || h[0] == 0xFE && h[1] == 0xFF) {
		return s, false
	}
	d := delimited.Sniff(head, len(head) < SniffHeadBytes)
	if !d.OK {
		return s, false
	}
	s.Format = CSV
	s.CSV = &d.Dialect
	s.Keys = d.Columns
	s.Splittable = d.Splittable && !s.Gzip
	s.Message = d.Message
	delim := map[string]string{",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}[d.Delimiter]
	header := "no header row"
	if d.Header {
		header = "header row"
	}
	s.Shape = fmt.Sprintf("CSV (%s separated, %s) with %d columns: %s", delim, header, len(d.Columns), strings.Join(d.Columns, ", "))
	if role := activity.GuessRole(d.Columns); role != "" {
		s.Role = role
	}
	return s, true
}

// PrepareParams completes a recipe's parameters for an input from its
// sniff (the tweets recipe takes its field paths from it).
func PrepareParams(recipe string, params json.RawMessage, s Sniff) (json.RawMessage, error) {
	switch recipe {
	case "engagement":
		var p activity.Params
		if len(params) > 0 {
			if err := json.Unmarshal(params, &p); err != nil {
				return nil, fmt.Errorf("engagement parameters: %v", err)
			}
		}
		if err := p.Normalize(); err != nil {
			return nil, err
		}
		return json.Marshal(p)
	case "tweets":
		if s.Format == CSV {
			return nil, fmt.Errorf("%s: tweet insights read NDJSON or JSON arrays, not CSV", s.Name)
		}
	case "sentiment":
		return pipeline.PrepareParams(params, s.Keys, s.Name)
	case "profile":
		return profile.PrepareParams(params)
	case "evaluate":
		return evaluation.PrepareParams(params, s.Format == CSV, s.Keys, s.Name)
	}
	return WithFields(params, s)
}

// describeInput fills in what a task of an input needs beyond its range:
// the CSV dialect or the records' top-level keys, and the input's role.
func describeInput(spec *TaskSpec, s Sniff, role string) {
	spec.Role = role
	if s.Format == CSV && s.CSV != nil {
		d := *s.CSV
		spec.CSV = &d
		return
	}
	for _, k := range s.Keys {
		if !strings.Contains(k, ".") {
			spec.Columns = append(spec.Columns, k)
		}
	}
}

// inputRole is the role of input i of a native run: Paths come first,
// then Metadata.
func inputRole(opt Options, i int) string {
	if i >= len(opt.Paths) {
		return activity.RoleMetadata
	}
	return ""
}

// withUnsplit returns options that read input i as one range, after its
// ranges did not join.
func withUnsplit(opt Options, i int) Options {
	u := map[int]bool{i: true}
	for k := range opt.unsplit {
		u[k] = true
	}
	opt.unsplit = u
	return opt
}
