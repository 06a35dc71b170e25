// Package profile is the profile recipe: what is in a table, column by
// column, for any table Dropsight reads (CSV, TSV and the other delimited
// dialects, NDJSON, JSON arrays, folders of JSON files). Like every recipe
// its state over part of the input merges with the state over another part.
//
// Definitions (also in the README):
//
//   - Rows: records read (rejected ones are not rows). Columns: the CSV
//     columns and the top-level keys of JSON records, in the order first
//     seen (input, file, line, place in the record). A nested object or
//     array is one value, profiled as its JSON text.
//   - present: rows with the field; missing: rows without it (another
//     file's column, a JSON key a record lacks); nulls: JSON null; empties:
//     empty strings, an empty CSV cell included.
//   - Kinds of the other values. A CSV cell is read as package cell reads
//     it: integer, number (plain decimal), boolean (true/false) or text; a
//     JSON value by its JSON type (a number without '.', 'e' or 'E' is an
//     integer). Text, from CSV or a JSON string, is a date when it is an
//     ISO 8601 date or timestamp or a Twitter-style date (package
//     timestamp), else a string. The type is the one kind all values share
//     (integer and number give number); CSV text of several kinds is a
//     string; JSON values of several kinds are mixed; no value at all is
//     empty.
//   - distinct: exact while a column has at most DistinctLimit (10,000)
//     distinct values; past it, a HyperLogLog estimate (precision 14,
//     standard error 0.81%) and exact is false.
//   - top: the Top most frequent values, most first, ties by value
//     (byte-wise). Exact under the limit; past it from a Misra-Gries
//     summary of 1,000 counters: each count is a lower bound, at most
//     maxError below the true count (maxError <= rows/1001), and only
//     values counted more than maxError times are listed.
//   - numbers: min and max (exact), and a histogram of Bins equal-width
//     bins from min to max (unit bins for integers when they fit). Exact
//     while the column has at most DistinctLimit distinct numbers; past
//     it, built from log-scale bins (16 per power of two, 4.4% wide), each
//     counted in the bin that holds its middle: a value can land in a
//     neighbouring bin when it lies within 4.4% of a bin edge.
//   - lengths (of strings, dates, and the JSON text of objects and arrays):
//     characters, min, max and a histogram, exact for lengths under 4,096
//     (longer ones are binned by their first 6 significant bits, 3% wide);
//     text: byte-wise min and max of the first 128 bytes; dates: earliest,
//     latest (UTC) and a histogram by day, exact.
//   - sample: the first Sample rows in input order (input, file, line), each
//     value cut to 200 bytes.
//   - droppedFields: fields of columns past the first MaxColumns (1,000),
//     counted but not profiled.
//
// Values are counted by their text (a JSON string decoded); a value
// longer than 128 bytes by its first 104 bytes and a 64-bit hash of the
// whole. Results do not depend on how the input is cut into ranges or in
// which order partial states merge, as long as counts stay exact; past the
// limit the distinct estimate still does not (HyperLogLog registers merge by
// maximum), but the Misra-Gries counts can differ by cut within maxError.
package profile

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	json "github.com/goccy/go-json"

	"dropsight/core/cell"
	"dropsight/core/jsonscan"
	"dropsight/core/table"
	"dropsight/core/timestamp"
)

// Params are the profile's parameters; Normalize completes the zero value.
type Params struct {
	// Top is how many most frequent values each column lists (10).
	Top int `json:"top"`
	// Sample is how many rows the sample holds (20).
	Sample int `json:"sample"`
	// Bins is the number of histogram bins (20).
	Bins int `json:"bins"`
	// DistinctLimit is how many distinct values a column is counted
	// exactly for (10,000).
	DistinctLimit int `json:"distinctLimit"`
}

// Normalize fills defaults and checks the parameters.
func (p *Params) Normalize() error {
	if p.Top == 0 {
		p.Top = 10
	}
	if p.Sample == 0 {
		p.Sample = 20
	}
	if p.Bins == 0 {
		p.Bins = 20
	}
	if p.DistinctLimit == 0 {
		p.DistinctLimit = 10000
	}
	switch {
	case p.Top < 0 || p.Top > 1000:
		return fmt.Errorf("top %d: pick 1 to 1000", p.Top)
	case p.Sample < 0 || p.Sample > 1000:
		return fmt.Errorf("sample %d: pick 1 to 1000", p.Sample)
	case p.Bins < 1 || p.Bins > 200:
		return fmt.Errorf("bins %d: pick 1 to 200", p.Bins)
	case p.DistinctLimit < 2*mgCounters || p.DistinctLimit > 1000000:
		return fmt.Errorf("distinct limit %d: pick %d to 1,000,000", p.DistinctLimit, 2*mgCounters)
	}
	return nil
}

// PrepareParams normalizes parameters given as JSON.
func PrepareParams(params json.RawMessage) (json.RawMessage, error) {
	var p Params
	if len(params) > 0 {
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, fmt.Errorf("profile parameters: %v", err)
		}
	}
	if err := p.Normalize(); err != nil {
		return nil, err
	}
	return json.Marshal(p)
}

// Counter profiles part of the input. Build one with NewCounter.
//
// Records and CSV fields must be valid UTF-8: the engine rejects the others
// before they reach a recipe, naming the byte (engine.Task.Record and Row),
// so the counter does not scan each cell again to repair it.
type Counter struct {
	p  Params
	st state

	at      Position // the current record
	columns []string // CSV columns of the input
	csvCols []*column

	members []member
	keys    []byte
	texts   []byte
	key     []byte
	row     []byte
}

type member struct {
	from, to int // the decoded key in Counter.keys
	v        jsonscan.Value
	tfrom    int // a string's decoded text in Counter.texts
	tto      int
}

// NewCounter returns an empty counter for p (normalized).
func NewCounter(p Params) (*Counter, error) {
	if err := p.Normalize(); err != nil {
		return nil, err
	}
	return &Counter{p: p, st: newState()}, nil
}

// Parameters implements engine.Counter.
func (c *Counter) Parameters() any { return c.p }

// SetInput implements engine.InputCounter: where the records come from,
// and the columns of a CSV input.
func (c *Counter) SetInput(role string, input, rng int, columns []string) error {
	if role != "" {
		return fmt.Errorf("the profile reads tables, not a %q input", role)
	}
	c.at = Position{Input: input, Range: rng}
	c.columns = columns
	c.csvCols = nil
	return nil
}

// BeginFile implements engine.FileCounter: the records that follow come
// from this file of a folder. Files of a folder are ordered by name,
// whichever worker reads them.
func (c *Counter) BeginFile(name string) {
	c.at.Source, c.at.Range, c.at.Record = name, 0, 0
}

// next moves to the next record.
func (c *Counter) next() {
	c.at.Record++
	c.at.Field = 0
}

// Add implements engine.Counter: one JSON record.
func (c *Counter) Add(rec []byte) error {
	c.next()
	c.members, c.keys = c.members[:0], c.keys[:0]
	err := jsonscan.Members(rec, func(k, v jsonscan.Value) {
		from := len(c.keys)
		c.keys = decodeKey(c.keys, k)
		c.members = append(c.members, member{from: from, to: len(c.keys), v: v})
	})
	if errors.Is(err, jsonscan.ErrNotObject) {
		return errors.New("not a JSON object")
	}
	if err != nil {
		return err
	}
	// decode the strings first: a bad escape rejects the record before
	// anything is counted
	c.texts = c.texts[:0]
	for i := range c.members {
		m := &c.members[i]
		if m.v.Kind() == '"' {
			m.tfrom = len(c.texts)
			if c.texts, err = jsonscan.String(c.texts, m.v); err != nil {
				return fmt.Errorf("%s: %v", c.keys[m.from:m.to], err)
			}
			m.tto = len(c.texts)
		}
	}
	s := &c.st
	s.Rows++
	sampled := s.wantSample(c.at, c.p.Sample)
	if sampled {
		c.row = append(c.row[:0], '{')
	}
	for i, m := range c.members {
		c.at.Field = i
		name := c.keys[m.from:m.to]
		col := s.column(name, c.at)
		if col == nil {
			s.Dropped++
			continue
		}
		if col.stamp == s.Rows {
			continue // a repeated key: the first counts
		}
		col.stamp = s.Rows
		col.Present++
		c.addJSON(col, m.v, c.texts[m.tfrom:m.tto])
		if sampled {
			switch k := m.v.Kind(); {
			case k == '"':
				c.row = appendSampleMember(c.row, name, c.texts[m.tfrom:m.tto], false)
			case (k == '{' || k == '[') && !strictJSON(m.v):
				c.row = appendSampleMember(c.row, name, m.v, false) // as text
			default:
				c.row = appendSampleMember(c.row, name, m.v, true)
			}
		}
	}
	if sampled {
		s.addSample(c.at, append(c.row, '}'), c.p.Sample)
	}
	return nil
}

// AddRow implements engine.RowCounter: one CSV row.
func (c *Counter) AddRow(fields [][]byte) error {
	if len(c.columns) < len(fields) {
		return errors.New("the input's columns are unknown")
	}
	c.next()
	s := &c.st
	s.Rows++
	if c.csvCols == nil {
		for i, name := range c.columns {
			c.at.Field = i
			c.csvCols = append(c.csvCols, s.column([]byte(name), c.at))
		}
	}
	sampled := s.wantSample(c.at, c.p.Sample)
	if sampled {
		c.row = append(c.row[:0], '{')
	}
	for i, f := range fields {
		col := c.csvCols[i]
		if col == nil {
			s.Dropped++
			continue
		}
		col.Present++
		c.addCell(col, f)
		if sampled {
			c.row = appendSampleMember(c.row, []byte(c.columns[i]), f, false)
		}
	}
	if sampled {
		s.addSample(c.at, append(c.row, '}'), c.p.Sample)
	}
	return nil
}

// addCell counts one CSV cell.
func (c *Counter) addCell(col *column, f []byte) {
	switch cell.Of(f) {
	case cell.Empty:
		col.Empties++
		return
	case cell.Integer:
		col.Kinds[kInteger]++
		v, _ := strconv.ParseFloat(string(f), 64)
		col.addNumber(v, c.p.DistinctLimit)
	case cell.Number:
		col.Kinds[kNumber]++
		v, _ := strconv.ParseFloat(string(f), 64)
		col.addNumber(v, c.p.DistinctLimit)
	case cell.Boolean:
		col.Kinds[kBoolean]++
	default:
		c.addText(col, f)
	}
	c.key = valueKey(c.key[:0], f)
	col.addValue(c.key, c.p.DistinctLimit)
}

// addJSON counts one JSON value; text is a string's decoded text.
func (c *Counter) addJSON(col *column, v jsonscan.Value, text []byte) {
	switch v.Kind() {
	case 'n':
		col.Nulls++
		return
	case '"':
		if len(text) == 0 {
			col.Empties++
			return
		}
		c.addText(col, text)
		c.key = valueKey(c.key[:0], text)
	case '0':
		col.Typed++
		if bytes.ContainsAny(v, ".eE") {
			col.Kinds[kNumber]++
		} else {
			col.Kinds[kInteger]++
		}
		if f, err := strconv.ParseFloat(string(v), 64); err == nil {
			col.addNumber(f, c.p.DistinctLimit)
		}
		c.key = valueKey(c.key[:0], v)
	case 't', 'f':
		col.Typed++
		col.Kinds[kBoolean]++
		c.key = valueKey(c.key[:0], v)
	case '{', '[':
		col.Typed++
		if v[0] == '{' {
			col.Kinds[kObject]++
		} else {
			col.Kinds[kArray]++
		}
		col.addLength(utf8.RuneCount(v))
		c.key = valueKey(c.key[:0], v)
	}
	col.addValue(c.key, c.p.DistinctLimit)
}

// addText counts text: a date or a string.
func (c *Counter) addText(col *column, t []byte) {
	if unix, ok := parseDate(t); ok {
		col.Kinds[kDate]++
		col.addDate(unix)
	} else {
		col.Kinds[kString]++
	}
	col.addText(t)
}

// parseDate reads text that is written as a date: ISO 8601 (a date, or a
// date and time, with or without an offset; one without is UTC) or the
// Twitter and Unix layouts. Epoch numbers are numbers, not dates.
func parseDate(t []byte) (int64, bool) {
	if len(t) < 10 || len(t) > 40 {
		return 0, false
	}
	iso := t[4] == '-' && t[0] >= '0' && t[0] <= '9'
	if !iso && !(len(t) >= 24 && (t[0]|0x20) >= 'a' && (t[0]|0x20) <= 'z') {
		return 0, false
	}
	return timestamp.Parse(t, nil)
}

// decodeKey appends a JSON key (as written, without quotes) decoded.
func decodeKey(dst []byte, k jsonscan.Value) []byte {
	if bytes.IndexByte(k, '\\') < 0 {
		return append(dst, k...)
	}
	q := make([]byte, 0, len(k)+2)
	q = append(append(append(q, '"'), k...), '"')
	out, err := jsonscan.String(dst, q)
	if err != nil {
		return append(dst, k...)
	}
	return out
}

// strictJSON reports whether a value that jsonscan found structurally
// valid is valid JSON text: strings without raw control characters, valid
// escapes (it is UTF-8: see Counter).
func strictJSON(v []byte) bool {
	in := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !in {
			in = c == '"'
			continue
		}
		switch {
		case c == '"':
			in = false
		case c < 0x20:
			return false
		case c == '\\':
			if i+1 >= len(v) {
				return false
			}
			switch v[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if i+5 >= len(v) {
					return false
				}
				for _, h := range v[i+2 : i+6] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return false
					}
				}
				i += 5
			default:
				return false
			}
		}
	}
	return true
}

// sampleCut bounds each value of a sample row.
const sampleCut = 200

// appendSampleMember appends "key":value to a sample row: JSON values as
// they are when short, CSV cells as strings; a long value becomes the
// string of its first sampleCut bytes and "…".
func appendSampleMember(dst, key, v []byte, isJSON bool) []byte {
	if dst[len(dst)-1] != '{' {
		dst = append(dst, ',')
	}
	dst = table.AppendString(dst, key)
	dst = append(dst, ':')
	if isJSON && len(v) <= sampleCut {
		return append(dst, v...)
	}
	if len(v) <= sampleCut {
		return table.AppendString(dst, v)
	}
	cut := sampleCut
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	return table.AppendString(dst, append(v[:cut:cut], "…"...))
}

// Snapshot implements engine.Counter.
func (c *Counter) Snapshot() ([]byte, error) { return c.st.marshal() }

// MergeSnapshot implements engine.Counter.
func (c *Counter) MergeSnapshot(data []byte) error {
	o, err := unmarshalState(data)
	if err != nil {
		return err
	}
	c.st.merge(o, c.p)
	return nil
}

// Summary implements engine.Counter.
func (c *Counter) Summary() any { return c.st.results(c.p) }
