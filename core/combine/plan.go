package combine

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"

	"dropsight/core/cell"
	"dropsight/core/delimited"
	"dropsight/core/jsonscan"
	"dropsight/core/records"
)

// HeadBytes is how much of each file (decompressed) the plan looks at.
const HeadBytes = 64 << 10

// MaxColumns bounds the columns an output keeps counts for, so that JSON
// records keyed by ids cannot grow the summary without end.
const MaxColumns = 10000

// A Head is the start of one file of the folder, for planning.
type Head struct {
	// Path is the file's path in the folder, slash-separated.
	Path string
	// Bytes is the file's size (compressed, for a gzip file).
	Bytes int64
	Gzip  bool
	// Data are the file's first bytes, decompressed: HeadBytes, or fewer
	// when AtEOF says they are the whole file.
	Data  []byte
	AtEOF bool
}

// Plan says what a consolidation will do: the outputs, the files that go
// into each, their formats, and every column with its type.
type Plan struct {
	Root    string    `json:"root"`
	Outputs []*Target `json:"outputs"`
	// Skipped are the files that go nowhere, and why.
	Skipped []Skipped `json:"skipped"`
}

// Skipped is a file of the folder that is not consolidated.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Target is one output: the plan for it, then (after a run) what became of
// its rows.
type Target struct {
	// Name is the subfolder's name (or the folder's, for the loose files).
	Name string `json:"name"`
	// File is the output's file name, Name + ".json.gz".
	File    string    `json:"file"`
	Files   []*Source `json:"files"`
	Columns []*Column `json:"columns"`

	// RowsIn counts the records found: RowsOut + Empty + Rejected.
	RowsIn  int64 `json:"rowsIn"`
	RowsOut int64 `json:"rowsOut"`
	// Empty counts the records skipped for holding nothing: {} and CSV
	// rows of empty cells; BlankLines the blank lines of NDJSON and CSV.
	Empty      int64 `json:"empty"`
	BlankLines int64 `json:"blankLines"`
	Rejected   int64 `json:"rejected"`
	// Compacted counts JSON records that spanned lines, put on one.
	Compacted int64 `json:"compacted"`
	// RepairedUTF8 counts CSV cells and JSON records whose bytes were not
	// valid UTF-8: each such byte is written as U+FFFD, so that the
	// output is valid JSON for every reader.
	RepairedUTF8 int64 `json:"repairedUTF8,omitempty"`
	// Untracked counts JSON values of keys past the first MaxColumns
	// columns: written as they are, but not in any column's counts.
	Untracked int64 `json:"untracked,omitempty"`
	// BytesIn is the size of the files as read (compressed when gzip);
	// NDJSONBytes the output before compression, BytesOut after.
	BytesIn     int64         `json:"bytesIn"`
	NDJSONBytes int64         `json:"ndjsonBytes"`
	BytesOut    int64         `json:"bytesOut"`
	Verified    *Verification `json:"verification,omitempty"`

	index map[string]int // column by name
}

// Verification is the outcome of reading an output back.
type Verification struct {
	OK      bool   `json:"ok"`
	Rows    int64  `json:"rows"`
	Message string `json:"message,omitempty"`
}

// Source is one file of an output.
type Source struct {
	Path    string             `json:"path"`
	Bytes   int64              `json:"bytes"`
	Format  string             `json:"format"`
	Gzip    bool               `json:"gzip"`
	CSV     *delimited.Dialect `json:"csv,omitempty"`
	Message string             `json:"message,omitempty"`

	// What the run found: records = rows + empty + rejected.
	Records    int64 `json:"records"`
	Rows       int64 `json:"rows"`
	Empty      int64 `json:"empty"`
	BlankLines int64 `json:"blankLines"`
	Rejected   int64 `json:"rejected"`
	Lines      int64 `json:"lines,omitempty"`

	// evidence, while planning: JSON keys in first-seen order; CSV cells
	// by position, the first row apart while it may be a header
	ev       map[string]*evidence
	order    []string
	pos      []evidence
	first    []evidence
	firstRow []string
}

// Column is one column of an output: how its CSV cells are written, and
// (after a run) what its values were.
type Column struct {
	Name string `json:"name"`
	// Type is how CSV cells are written: string, integer, number or
	// boolean. For a column only JSON files hold, it describes their
	// values (integer, number, boolean, string, object, array, mixed,
	// null) and nothing is converted.
	Type     string `json:"type"`
	Detected string `json:"detected"`
	Override bool   `json:"override,omitempty"`
	Reason   string `json:"reason"`
	// CSVFiles and JSONFiles count the files whose head holds the column.
	CSVFiles  int `json:"csvFiles"`
	JSONFiles int `json:"jsonFiles"`

	// Cells counts CSV cells; Converted those written as numbers or
	// booleans, Nulls those written as null (JSON nulls are in JSON),
	// Empties the empty ones, KeptAsText those that did not fit the
	// column's type and were written as strings (the first in Kept).
	Cells      int64     `json:"cells"`
	Converted  int64     `json:"converted"`
	Nulls      int64     `json:"nulls"`
	Empties    int64     `json:"empties"`
	KeptAsText int64     `json:"keptAsText"`
	Kept       *CellRef  `json:"kept,omitempty"`
	JSON       JSONKinds `json:"json"`

	conv conversion
}

// CellRef points at one CSV cell.
type CellRef struct {
	File  string `json:"file"`
	Line  int64  `json:"line"`
	Value string `json:"value"`
}

// JSONKinds count JSON values by kind.
type JSONKinds struct {
	String  int64 `json:"string,omitempty"`
	Integer int64 `json:"integer,omitempty"`
	Number  int64 `json:"number,omitempty"`
	Boolean int64 `json:"boolean,omitempty"`
	Null    int64 `json:"null,omitempty"`
	Object  int64 `json:"object,omitempty"`
	Array   int64 `json:"array,omitempty"`
}

func (k *JSONKinds) add(v jsonscan.Value) {
	switch v.Kind() {
	case '"':
		k.String++
	case '0':
		if bytes.ContainsAny(v, ".eE") {
			k.Number++
		} else {
			k.Integer++
		}
	case 't', 'f':
		k.Boolean++
	case 'n':
		k.Null++
	case '{':
		k.Object++
	case '[':
		k.Array++
	}
}

func (k *JSONKinds) plus(o JSONKinds) {
	k.String += o.String
	k.Integer += o.Integer
	k.Number += o.Number
	k.Boolean += o.Boolean
	k.Null += o.Null
	k.Object += o.Object
	k.Array += o.Array
}

// evidence is what the heads say about a column.
type evidence struct {
	cells [5]int64 // CSV cells by cell.Kind
	json  JSONKinds
	text  string // the first text cell
}

// NewPlan plans the consolidation of a folder named root from the heads
// of its files (in any order); skipped are files already left out (hidden
// ones, unreadable ones). A file at the top goes to the output named after
// the folder, a file under a subfolder (at any depth) to that subfolder's.
func NewPlan(root string, heads []Head, skipped []Skipped, p Params) (*Plan, error) {
	if err := p.Normalize(); err != nil {
		return nil, err
	}
	pl := &Plan{Root: root, Outputs: []*Target{}, Skipped: slices.Clone(skipped)}
	if pl.Skipped == nil {
		pl.Skipped = []Skipped{}
	}
	heads = slices.Clone(heads)
	slices.SortFunc(heads, func(a, b Head) int { return strings.Compare(a.Path, b.Path) })
	subs := map[string]bool{}
	for _, h := range heads {
		if sub, _, ok := strings.Cut(h.Path, "/"); ok {
			subs[sub] = true
		}
	}
	loose := path.Base(strings.TrimRight(root, `/\`))
	if loose == "." || loose == "/" || loose == "" {
		loose = "folder"
	}
	for subs[loose] {
		loose += "_files"
	}
	targets := map[string]*Target{}
	for _, h := range heads {
		name := loose
		if sub, _, ok := strings.Cut(h.Path, "/"); ok {
			name = sub
		}
		src, reason := planSource(h)
		if src == nil {
			pl.Skipped = append(pl.Skipped, Skipped{Path: h.Path, Reason: reason})
			continue
		}
		t := targets[name]
		if t == nil {
			t = &Target{Name: name, File: name + ".json.gz", index: map[string]int{}}
			targets[name] = t
			pl.Outputs = append(pl.Outputs, t)
		}
		t.Files = append(t.Files, src)
	}
	slices.SortFunc(pl.Outputs, func(a, b *Target) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(pl.Skipped, func(a, b Skipped) int { return strings.Compare(a.Path, b.Path) })
	used := map[string]bool{}
	for _, t := range pl.Outputs {
		alignHeaders(t)
		t.decide(p, used)
	}
	for k := range p.Types {
		if !used[k] {
			return nil, fmt.Errorf("--types names %q, but no output has a CSV column of that name", k)
		}
	}
	return pl, nil
}

// planSource detects a file's format and gathers the evidence of its head;
// a nil Source is a file to skip, for the reason given.
func planSource(h Head) (*Source, string) {
	s := &Source{Path: h.Path, Bytes: h.Bytes, Gzip: h.Gzip, ev: map[string]*evidence{}}
	data := bytes.TrimPrefix(h.Data, []byte{0xEF, 0xBB, 0xBF})
	if len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
		return nil, "UTF-16 text: save the file as UTF-8 to read it"
	}
	if h.Gzip && records.IsGzip(h.Data) {
		return nil, "gzip inside gzip"
	}
	t := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case len(t) == 0:
		s.Format, s.Message = FormatEmpty, "the file is empty"
		if !h.AtEOF {
			return nil, "only white space in the first 64 KiB"
		}
		return s, ""
	case t[0] == '[':
		s.Format = FormatJSONArray
		var a records.Array
		a.Feed(h.Data, &headSink{s: s})
		if h.AtEOF {
			a.Finish(&headSink{s: s})
		}
	case t[0] == '{':
		if looksLikeLines(t) {
			s.Format = FormatNDJSON
			var l records.Lines
			l.Feed(h.Data, &headSink{s: s})
			if h.AtEOF {
				l.Finish(&headSink{s: s})
			}
		} else {
			s.Format = FormatObject
			if h.AtEOF {
				var w records.Whole
				w.Feed(h.Data, &headSink{s: s})
				w.Finish(&headSink{s: s})
			} else {
				s.Message = "a JSON value larger than 64 KiB: its columns are known after the run"
			}
		}
	default:
		d := delimited.Sniff(h.Data, h.AtEOF)
		if !d.OK {
			return nil, "not CSV or JSON: " + d.Message
		}
		s.Format = FormatCSV
		s.CSV = &d.Dialect
		s.Message = d.Message
		s.scanCSV(h.Data, h.AtEOF)
	}
	return s, ""
}

// looksLikeLines tells NDJSON (or one object on one line) from a
// pretty-printed object: some line among the first is a complete JSON
// value by itself.
func looksLikeLines(t []byte) bool {
	for n := 0; n < 20 && len(t) > 0; n++ {
		k := bytes.IndexByte(t, '\n')
		line := t
		if k >= 0 {
			line, t = t[:k], t[k+1:]
		} else {
			t = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) > 0 && line[0] == '{' && jsonscan.Valid(line) {
			return true
		}
	}
	return false
}

// scanCSV classifies the cells of the complete rows of the head.
func (s *Source) scanCSV(data []byte, atEOF bool) {
	r := &delimited.Reader{Comma: s.CSV.Comma(), Header: s.CSV.Header, Fields: len(s.CSV.Columns)}
	sink := &headSink{s: s}
	s.pos = make([]evidence, len(s.CSV.Columns))
	if !s.CSV.Header {
		s.first = make([]evidence, len(s.CSV.Columns))
	}
	r.Feed(data, sink)
	if atEOF {
		r.Finish(sink)
	}
}

func (s *Source) evidence(col string) *evidence {
	e := s.ev[col]
	if e == nil {
		e = &evidence{}
		s.ev[col] = e
		s.order = append(s.order, col)
	}
	return e
}

// headSink gathers evidence from the records and rows of a head.
type headSink struct {
	s   *Source
	key []byte
}

func (h *headSink) Row(fields [][]byte, line int) {
	ev := h.s.pos
	if h.s.first != nil && h.s.firstRow == nil {
		ev = h.s.first
		h.s.firstRow = make([]string, len(fields))
		for i, f := range fields {
			h.s.firstRow[i] = string(f)
		}
	}
	for i, f := range fields {
		e := &ev[i]
		k := cell.Of(f)
		e.cells[k]++
		if k == cell.Text && e.text == "" {
			e.text = string(f[:min(len(f), 40)])
		}
	}
}

func (h *headSink) Record(rec []byte, line int) {
	_ = jsonscan.Members(rec, func(k, v jsonscan.Value) {
		h.key = decodeKey(h.key[:0], k)
		h.s.evidence(string(h.key)).json.add(v)
	})
}

func (h *headSink) Reject(int, string, []byte) {}

// decodeKey appends a JSON key (as written, without quotes) decoded.
func decodeKey(dst []byte, k jsonscan.Value) []byte {
	if bytes.IndexByte(k, '\\') < 0 {
		return append(dst, k...)
	}
	q := make([]byte, 0, len(k)+2)
	q = append(append(append(q, '"'), k...), '"')
	out, err := jsonscan.String(dst, q)
	if err != nil {
		return append(dst[:0], k...)
	}
	return out
}

// alignHeaders reads the first row of a CSV file as its header when the
// sniff saw none but another CSV file of the output has that very header
// (a file of text columns gives the sniff nothing to tell them apart).
func alignHeaders(t *Target) {
	var headers [][]string
	for _, s := range t.Files {
		if s.CSV != nil && s.CSV.Header {
			headers = append(headers, s.CSV.Columns)
		}
	}
	for _, s := range t.Files {
		if s.CSV == nil || s.CSV.Header || s.firstRow == nil {
			continue
		}
		for _, h := range headers {
			if slices.Equal(h, trimAll(s.firstRow)) {
				s.CSV.Header = true
				s.CSV.Columns = slices.Clone(h)
				s.Message = "header row taken from the other CSV files of the output"
				s.first = nil // the header row is no evidence
				break
			}
		}
	}
}

func trimAll(row []string) []string {
	out := make([]string, len(row))
	for i, f := range row {
		out[i] = strings.TrimSpace(f)
	}
	return out
}

// decide builds the output's columns from its files' evidence and gives
// each its type. used collects the Params.Types keys that matched.
func (t *Target) decide(p Params, used map[string]bool) {
	type agg struct {
		evidence
		csvFiles, jsonFiles int
	}
	var names []string
	all := map[string]*agg{}
	for _, s := range t.Files {
		if s.CSV != nil {
			s.order = s.CSV.Columns
			for i, name := range s.CSV.Columns {
				e := &s.pos[i]
				if s.first != nil {
					for k := range e.cells {
						e.cells[k] += s.first[i].cells[k]
					}
					if e.text == "" {
						e.text = s.first[i].text
					}
				}
				s.ev[name] = e
			}
		}
		for _, name := range s.order {
			e := s.ev[name]
			a := all[name]
			if a == nil {
				a = &agg{}
				all[name] = a
				names = append(names, name)
			}
			for k := range e.cells {
				a.cells[k] += e.cells[k]
			}
			a.json.plus(e.json)
			if a.text == "" {
				a.text = e.text
			}
			if s.Format == FormatCSV {
				a.csvFiles++
			} else {
				a.jsonFiles++
			}
		}
		s.ev, s.order, s.pos, s.first, s.firstRow = nil, nil, nil, nil, nil
	}
	for _, name := range names {
		a := all[name]
		c := &Column{Name: name, CSVFiles: a.csvFiles, JSONFiles: a.jsonFiles}
		c.Detected, c.Reason = detect(&a.evidence, a.csvFiles > 0)
		c.Type = c.Detected
		if a.csvFiles > 0 {
			for _, k := range []string{name, t.Name + "/" + name} {
				if _, ok := p.Types[k]; ok {
					used[k] = true
				}
			}
			if o, ok := p.override(t.Name, name); ok {
				c.Type, c.Override = o, true
				c.Reason = "set by the user; detected " + c.Detected + ": " + c.Reason
			}
		}
		if c.Type == TypeString && a.csvFiles > 0 && a.cells[cell.Empty] > 0 && a.json.Null > 0 && !p.EmptyAsNull {
			c.Reason += `; empty CSV cells stay "" where JSON files have null (empty-null writes them as null)`
		}
		c.conv = newConversion(c.Type, c.Override, a.csvFiles > 0)
		t.index[name] = len(t.Columns)
		t.Columns = append(t.Columns, c)
	}
}

// detect decides a column's type from the evidence of the heads.
func detect(e *evidence, csv bool) (typ, reason string) {
	j := e.json
	jsonTyped := j.Integer + j.Number + j.Boolean + j.Object + j.Array + j.String
	if !csv {
		switch {
		case jsonTyped == 0 && j.Null > 0:
			return "null", "JSON files only, null in the first records"
		case jsonTyped == 0:
			return "null", "JSON files only, no value in the first records"
		case jsonTyped == j.Integer:
			return TypeInteger, "JSON files only: values pass through unchanged"
		case jsonTyped == j.Integer+j.Number:
			return TypeNumber, "JSON files only: values pass through unchanged"
		case jsonTyped == j.Boolean:
			return TypeBoolean, "JSON files only: values pass through unchanged"
		case jsonTyped == j.String:
			return TypeString, "JSON files only: values pass through unchanged"
		case jsonTyped == j.Object:
			return "object", "JSON files only: values pass through unchanged"
		case jsonTyped == j.Array:
			return "array", "JSON files only: values pass through unchanged"
		}
		return "mixed", "JSON files only, values of several kinds: they pass through unchanged"
	}
	c := e.cells
	ints, nums, bools, texts := c[cell.Integer], c[cell.Number], c[cell.Boolean], c[cell.Text]
	switch {
	case texts > 0:
		return TypeString, fmt.Sprintf("CSV cells such as %q are text", e.text)
	case j.String > 0:
		return TypeString, "JSON files hold strings in this column"
	case j.Object+j.Array > 0:
		return TypeString, "JSON files hold objects or arrays in this column"
	case ints+nums+bools == 0 && j.Integer+j.Number+j.Boolean == 0:
		return TypeString, "no value in the first rows: cells stay strings"
	case bools > 0 && ints+nums+j.Integer+j.Number > 0 || j.Boolean > 0 && ints+nums > 0:
		return TypeString, "CSV cells mix numbers and booleans"
	}
	also := ""
	if j.Integer+j.Number+j.Boolean > 0 {
		also = ", and the JSON files agree"
	}
	switch {
	case bools > 0 || j.Boolean > 0:
		return TypeBoolean, "every CSV cell in the first rows is true or false" + also
	case nums+j.Number > 0:
		return TypeNumber, "every CSV cell in the first rows is a plain decimal number" + also
	}
	return TypeInteger, "every CSV cell in the first rows is an integer" + also
}

// Column returns the output's column of that name, or nil.
func (t *Target) Column(name string) *Column {
	if i, ok := t.index[name]; ok {
		return t.Columns[i]
	}
	return nil
}

// addColumn adds a column first met during the run (a JSON key past the
// heads).
func (t *Target) addColumn(name string) *Column {
	c := &Column{Name: name, Type: "json", Detected: "json", Reason: "JSON key first seen past the planned heads: values pass through unchanged"}
	t.index[name] = len(t.Columns)
	t.Columns = append(t.Columns, c)
	return c
}

// Totals adds up the outcome of the files into the target's counts.
func (t *Target) total() {
	t.RowsIn, t.RowsOut, t.Empty, t.BlankLines, t.Rejected, t.BytesIn = 0, 0, 0, 0, 0, 0
	for _, s := range t.Files {
		t.RowsIn += s.Records
		t.RowsOut += s.Rows
		t.Empty += s.Empty
		t.BlankLines += s.BlankLines
		t.Rejected += s.Rejected
		t.BytesIn += s.Bytes
	}
}
