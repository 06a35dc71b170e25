package combine

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"dropsight/core/cell"
	"dropsight/core/delimited"
	"dropsight/core/jsonscan"
	"dropsight/core/records"
	"dropsight/core/result"
	"dropsight/core/table"
)

// flushBytes is how much NDJSON a Writer gathers before it writes.
const flushBytes = 1 << 20

// conversion is how a column's CSV cells are written.
type conversion struct {
	typ   uint8
	loose bool // the user set the type: convert more than the lossless forms
}

const (
	convNone uint8 = iota // a column CSV files do not hold
	convString
	convInteger
	convNumber
	convBoolean
)

func newConversion(typ string, override, csv bool) conversion {
	if !csv {
		return conversion{}
	}
	c := conversion{typ: convString, loose: override}
	switch typ {
	case TypeInteger:
		c.typ = convInteger
	case TypeNumber:
		c.typ = convNumber
	case TypeBoolean:
		c.typ = convBoolean
	}
	return c
}

// A Writer streams the files of one output into NDJSON: Begin a file, Feed
// its bytes (decompressed) in chunks of any size, End it; after the last,
// Close. The target's counts are filled in as it goes. A Writer holds at
// most one record and flushBytes of output.
type Writer struct {
	t     *Target
	p     Params
	out   io.Writer
	nulls map[string]bool

	buf     []byte
	written int64
	err     error

	src      *Source
	lines    *records.Lines
	array    *records.Array
	whole    *records.Whole
	rows     *delimited.Reader
	recs     int64 // records the reader handed over, this file
	rejected int64 // rejects from the reader, this file
	csvCols  []csvColumn
	members  []member
	key      []byte

	rejects       []result.Reject
	rejectedTotal int64
}

// csvColumn is one column of the current CSV file, in output order.
type csvColumn struct {
	c     *Column
	field int
	key   []byte // "name":
}

type member struct {
	c *Column
	v jsonscan.Value
}

// NewWriter starts an output of a plan's target; the NDJSON goes to out.
func NewWriter(t *Target, p Params, out io.Writer) (*Writer, error) {
	if err := p.Normalize(); err != nil {
		return nil, err
	}
	// a plan that crossed JSON (from the page to a worker) has lost its
	// index and conversions: both follow from its columns
	t.index = make(map[string]int, len(t.Columns))
	for i, c := range t.Columns {
		t.index[c.Name] = i
		c.conv = newConversion(c.Type, c.Override, c.CSVFiles > 0)
	}
	w := &Writer{t: t, p: p, out: out, buf: make([]byte, 0, flushBytes+64<<10)}
	if len(p.Nulls) > 0 {
		w.nulls = map[string]bool{}
		for _, n := range p.Nulls {
			w.nulls[n] = true
		}
	}
	return w, nil
}

// Begin starts file i of the target (files go in order).
func (w *Writer) Begin(i int) error {
	if i < 0 || i >= len(w.t.Files) {
		return fmt.Errorf("%s has no file %d", w.t.Name, i)
	}
	s := w.t.Files[i]
	w.src = s
	w.lines, w.array, w.whole, w.rows = nil, nil, nil, nil
	w.recs, w.rejected = 0, 0
	s.Records, s.Rows, s.Empty, s.BlankLines, s.Rejected, s.Lines = 0, 0, 0, 0, 0, 0
	switch s.Format {
	case FormatNDJSON:
		w.lines = &records.Lines{}
	case FormatJSONArray:
		w.array = &records.Array{}
	case FormatObject, FormatEmpty:
		w.whole = &records.Whole{}
		w.whole.Begin()
	case FormatCSV:
		d := s.CSV
		w.rows = &delimited.Reader{Comma: d.Comma(), Header: d.Header, Fields: len(d.Columns)}
		w.csvColumns(d.Columns)
	default:
		return fmt.Errorf("%s: format %q is not one the writer reads", s.Path, s.Format)
	}
	return nil
}

// csvColumns lays out the current CSV file's columns in output order.
func (w *Writer) csvColumns(names []string) {
	field := map[string]int{}
	for i, n := range names {
		field[n] = i
	}
	w.csvCols = w.csvCols[:0]
	for _, c := range w.t.Columns {
		if i, ok := field[c.Name]; ok {
			key := table.AppendString(nil, []byte(c.Name))
			w.csvCols = append(w.csvCols, csvColumn{c: c, field: i, key: append(key, ':')})
		}
	}
	// a column the plan did not list (it cannot happen with a plan made
	// from this file's head) is added rather than dropped
	if len(w.csvCols) < len(names) {
		for i, n := range names {
			if w.t.Column(n) == nil {
				c := w.t.addColumn(n)
				c.Type, c.Detected, c.Reason = TypeString, TypeString, "not in the plan: cells stay strings"
				c.conv = conversion{typ: convString}
				key := table.AppendString(nil, []byte(n))
				w.csvCols = append(w.csvCols, csvColumn{c: c, field: i, key: append(key, ':')})
			}
		}
	}
}

// Feed hands the current file's next bytes; an error is a failure to write
// the output, which ends the run.
func (w *Writer) Feed(chunk []byte) error {
	if w.err != nil {
		return w.err
	}
	switch {
	case w.lines != nil:
		w.lines.Feed(chunk, w)
	case w.array != nil:
		w.array.Feed(chunk, w)
	case w.whole != nil:
		w.whole.Feed(chunk, w)
	case w.rows != nil:
		w.rows.Feed(chunk, w)
	default:
		return errors.New("combine: Feed before Begin")
	}
	if len(w.buf) >= flushBytes {
		w.flush()
	}
	return w.err
}

// Fail ends the current file early: its stream broke (a truncated gzip
// file). The rows before the break are kept; the break is a reject.
func (w *Writer) Fail(reason string) {
	var line int
	var text []byte
	switch {
	case w.lines != nil:
		line, text = w.lines.Cut()
	case w.array != nil:
		line, text = w.array.Cut()
	case w.whole != nil:
		line, text = w.whole.Cut()
	case w.rows != nil:
		line, text = w.rows.Cut()
	default:
		return
	}
	w.src.Records++
	w.src.Rejected++
	w.reject(line, reason, text)
}

// End ends the current file.
func (w *Writer) End() error {
	s := w.src
	if s == nil {
		return errors.New("combine: End before Begin")
	}
	switch {
	case w.lines != nil:
		w.lines.Finish(w)
		s.Lines = int64(w.lines.LineCount())
		s.BlankLines = s.Lines - w.recs - w.rejected
	case w.array != nil:
		w.array.Finish(w)
	case w.whole != nil:
		if s.Format == FormatEmpty {
			w.whole.Cut() // an empty file is no reject
		} else {
			w.whole.Finish(w)
		}
	case w.rows != nil:
		w.rows.Finish(w)
		s.Lines = int64(w.rows.LineCount())
		s.BlankLines = int64(w.rows.BlankLines())
	}
	w.src = nil
	w.lines, w.array, w.whole, w.rows = nil, nil, nil, nil
	if len(w.buf) >= flushBytes {
		w.flush()
	}
	return w.err
}

// Close writes what is left and totals the target's counts.
func (w *Writer) Close() error {
	w.flush()
	for _, c := range w.t.Columns {
		if c.Detected == "json" { // a key first met in the run: describe its values
			c.Type, _ = detect(&evidence{json: c.JSON}, false)
		}
	}
	w.t.total()
	w.t.NDJSONBytes = w.written
	return w.err
}

// Rejects are the first result.MaxRejects rejects; RejectedTotal counts
// them all.
func (w *Writer) Rejects() []result.Reject { return w.rejects }

// RejectedTotal is the number of rejects.
func (w *Writer) RejectedTotal() int64 { return w.rejectedTotal }

func (w *Writer) flush() {
	if len(w.buf) == 0 || w.err != nil {
		return
	}
	n, err := w.out.Write(w.buf)
	w.written += int64(n)
	if err != nil {
		w.err = fmt.Errorf("writing %s: %v", w.t.File, err)
	}
	w.buf = w.buf[:0]
}

func (w *Writer) reject(line int, reason string, text []byte) {
	w.rejectedTotal++
	if len(w.rejects) < result.MaxRejects {
		w.rejects = append(w.rejects, result.Reject{Input: w.src.Path, Line: int64(line), Reason: reason,
			Text: strings.ToValidUTF8(string(text[:min(len(text), result.MaxRejectText)]), "\uFFFD")})
	}
}

// Reject implements records.Sink and delimited.Sink.
func (w *Writer) Reject(line int, reason string, text []byte) {
	w.rejected++
	w.src.Records++
	w.src.Rejected++
	w.reject(line, reason, text)
}

// Record implements records.Sink: one JSON record, written as it stands.
func (w *Writer) Record(rec []byte, line int) {
	w.recs++
	s := w.src
	s.Records++
	rec = trimSpace(rec)
	w.members = w.members[:0]
	err := jsonscan.Members(rec, func(k, v jsonscan.Value) {
		w.key = decodeKey(w.key[:0], k)
		c := w.t.Column(string(w.key))
		if c == nil && len(w.t.Columns) < MaxColumns {
			c = w.t.addColumn(string(w.key))
		}
		w.members = append(w.members, member{c, v})
	})
	if err == nil {
		err = checkStrings(rec)
	}
	if err != nil {
		if errors.Is(err, jsonscan.ErrNotObject) {
			err = errors.New("not a JSON object")
		}
		s.Rejected++
		w.reject(line, err.Error(), rec)
		return
	}
	for _, m := range w.members {
		if m.c == nil {
			w.t.Untracked++
			continue
		}
		m.c.JSON.add(m.v)
	}
	if len(w.members) == 0 {
		s.Empty++
		return
	}
	if !utf8.Valid(rec) {
		// only strings can hold such bytes (anything else is a syntax
		// error): U+FFFD in their place keeps the record valid JSON
		w.t.RepairedUTF8++
		rec = bytes.ToValidUTF8(rec, []byte("\uFFFD"))
	}
	if multiLine(rec) {
		w.buf = compact(w.buf, rec)
		w.t.Compacted++
	} else {
		w.buf = append(w.buf, rec...)
	}
	w.buf = append(w.buf, '\n')
	s.Rows++
}

// Row implements delimited.Sink: one CSV row, written as an object.
func (w *Writer) Row(fields [][]byte, line int) {
	s := w.src
	s.Records++
	empty := true
	for _, f := range fields {
		if len(f) > 0 {
			empty = false
			break
		}
	}
	if empty {
		s.Empty++
		return
	}
	w.buf = append(w.buf, '{')
	for j, cc := range w.csvCols {
		if j > 0 {
			w.buf = append(w.buf, ',')
		}
		w.buf = append(w.buf, cc.key...)
		w.buf = w.cell(w.buf, cc.c, fields[cc.field], line)
	}
	w.buf = append(w.buf, '}', '\n')
	s.Rows++
}

// cell appends one CSV cell as its column's type says.
func (w *Writer) cell(dst []byte, c *Column, f []byte, line int) []byte {
	c.Cells++
	conv := c.conv
	if len(f) == 0 {
		c.Empties++
		if conv.typ == convString && !w.p.EmptyAsNull {
			return append(dst, '"', '"')
		}
		c.Nulls++
		return append(dst, "null"...)
	}
	if w.nulls != nil && w.nulls[string(f)] {
		c.Nulls++
		return append(dst, "null"...)
	}
	k := cell.Of(f)
	switch conv.typ {
	case convString:
		if !utf8.Valid(f) {
			w.t.RepairedUTF8++ // AppendString writes U+FFFD for each bad byte
		}
		return table.AppendString(dst, f)
	case convInteger:
		if k == cell.Integer {
			c.Converted++
			return append(dst, f...)
		}
		if conv.loose {
			if v, ok := looseNumber(f); ok && v == math.Trunc(v) && math.Abs(v) < 1<<53 {
				c.Converted++
				return strconv.AppendInt(dst, int64(v), 10)
			}
		}
	case convNumber:
		if k == cell.Integer || k == cell.Number {
			c.Converted++
			return append(dst, f...)
		}
		if conv.loose {
			if v, ok := looseNumber(f); ok {
				c.Converted++
				return appendFloat(dst, v)
			}
		}
	case convBoolean:
		if k == cell.Boolean {
			c.Converted++
			return append(dst, f...)
		}
		if conv.loose {
			if v, ok := looseBool(f); ok {
				c.Converted++
				return strconv.AppendBool(dst, v)
			}
		}
	}
	c.KeptAsText++
	if !utf8.Valid(f) {
		w.t.RepairedUTF8++
	}
	if c.Kept == nil {
		c.Kept = &CellRef{File: w.src.Path, Line: int64(line), Value: strings.ToValidUTF8(string(f[:min(len(f), 200)]), "\uFFFD")}
	}
	return table.AppendString(dst, f)
}

// looseNumber reads a cell as a finite number, spaces trimmed, any form
// strconv.ParseFloat takes.
func looseNumber(f []byte) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(string(f)), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// appendFloat writes a number as encoding/json does: the shortest text,
// with an exponent only for very small or very large magnitudes.
func appendFloat(dst []byte, v float64) []byte {
	if v == 0 {
		return append(dst, '0') // also for -0, which JSON readers differ on
	}
	a := math.Abs(v)
	if a < 1e-6 || a >= 1e21 {
		return strconv.AppendFloat(dst, v, 'e', -1, 64)
	}
	return strconv.AppendFloat(dst, v, 'f', -1, 64)
}

func looseBool(f []byte) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(string(f))) {
	case "true", "t", "yes", "y", "1":
		return true, true
	case "false", "f", "no", "n", "0":
		return false, true
	}
	return false, false
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r' || b[len(b)-1] == '\n') {
		b = b[:len(b)-1]
	}
	return b
}

// checkStrings checks what jsonscan leaves to decoders: strings hold no
// raw control characters, and their escapes are valid.
func checkStrings(rec []byte) error {
	in := false
	for i := 0; i < len(rec); i++ {
		c := rec[i]
		if !in {
			if c == '"' {
				in = true
			}
			continue
		}
		switch {
		case c == '"':
			in = false
		case c == '\\':
			if i+1 >= len(rec) {
				return fmt.Errorf("invalid JSON at byte %d: bad escape", i)
			}
			switch rec[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if i+5 >= len(rec) || !isHex(rec[i+2]) || !isHex(rec[i+3]) || !isHex(rec[i+4]) || !isHex(rec[i+5]) {
					return fmt.Errorf(`invalid JSON at byte %d: bad \u escape`, i)
				}
				i += 5
			default:
				return fmt.Errorf("invalid JSON at byte %d: bad escape %q", i, rec[i+1])
			}
		case c < 0x20:
			return fmt.Errorf("invalid JSON at byte %d: raw control character %q in a string", i, c)
		}
	}
	return nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// multiLine reports a record with a line break (between tokens: strings
// cannot hold one, checkStrings saw to that).
func multiLine(rec []byte) bool {
	for _, c := range rec {
		if c == '\n' || c == '\r' {
			return true
		}
	}
	return false
}

// compact appends rec without the white space between its tokens.
func compact(dst, rec []byte) []byte {
	in, esc := false, false
	for _, c := range rec {
		if in {
			dst = append(dst, c)
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				in = false
			}
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '"':
			in = true
		}
		dst = append(dst, c)
	}
	return dst
}
