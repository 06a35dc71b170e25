// Package evaluation is the evaluate recipe: for any table Dropsight reads
// (CSV and the other delimited dialects, NDJSON, JSON arrays, folders of
// JSON files), one column holds the given labels and another a classifier's
// predictions; the recipe scores the predictions with package evaluate
// (scikit-learn's confusion_matrix and classification_report, zero_division
// = 0), the same scores the sentiment pipeline reports.
//
// Definitions (also in the README):
//
//   - A value is the text of the field: a CSV cell, a JSON string (decoded),
//     or the JSON text of a number, a boolean, an object or an array,
//     without the white space around it.
//   - Missing: the field is absent (no such key, a short CSV row), JSON
//     null, or empty once trimmed. A record missing its label or its
//     prediction is skipped: counted in skipped (noLabel and noPrediction
//     may both count it), never scored.
//   - Numbers: a value written as a JSON number (-?digits[.digits][e±digits],
//     in a string or a CSV cell alike) is compared by its number, written
//     canonically: an integer of up to 18 digits as the integer ("-0" is
//     "0"); any other number as the shortest decimal that reads back as the
//     same float64 ("1.0" and "1e0" are "1", "2.50" is "2.5"; below 1e-6 or
//     from 1e21 on, in exponent form). So 1 in a JSON file and 1.0 in a CSV
//     file are one class. Longer integers, and text such as "007", "+1" or
//     "1,0", are compared as written.
//   - Classes: the union of the given and the predicted values, sorted as
//     numpy sorts them (numerically when all are numbers, else byte-wise);
//     at most evaluate.MaxClasses (50): past that there is no report, and
//     the results say why.
//   - Positive (optional): a value whose binary view counts it as 1 and
//     every other value as 0, on both sides (TP, FP, FN, TN and the
//     positive class's precision, recall, F1, and accuracy).
//
// The state is package evaluate's Counts plus the skipped counts: partial
// states over parts of the input merge by adding up, so the results do not
// depend on how the input is cut or in which order the parts merge.
package evaluation

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	json "github.com/goccy/go-json"

	"dropsight/core/delimited"
	"dropsight/core/evaluate"
	"dropsight/core/jsonscan"
)

// Params are the recipe's parameters.
type Params struct {
	// Label is the column (a CSV header name, or a JSON field path with dots
	// into nested objects) of the given labels.
	Label string `json:"label"`
	// Prediction is the column of the predictions.
	Prediction string `json:"prediction"`
	// Positive, when set, is the value of the binary view's class 1.
	Positive string `json:"positive,omitempty"`
}

// Normalize trims the parameters and checks them; Positive is written in
// its canonical form (see Canonical), as the values it is compared with.
func (p *Params) Normalize() error {
	p.Label, p.Prediction = strings.TrimSpace(p.Label), strings.TrimSpace(p.Prediction)
	p.Positive = string(Canonical(nil, []byte(p.Positive)))
	switch {
	case p.Label == "" && p.Prediction == "":
		return errors.New("evaluate: name the label column and the prediction column")
	case p.Label == "":
		return errors.New("evaluate: name the label column (the given labels)")
	case p.Prediction == "":
		return errors.New("evaluate: name the prediction column")
	case p.Label == p.Prediction:
		return fmt.Errorf("evaluate: the label and the prediction are both column %q: pick two different columns", p.Label)
	}
	return nil
}

// PrepareParams normalizes parameters given as JSON for an input named
// name; for a CSV input it checks that both columns are among its columns.
func PrepareParams(params json.RawMessage, csv bool, columns []string, name string) (json.RawMessage, error) {
	var p Params
	if len(params) > 0 {
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, fmt.Errorf("evaluate parameters: %v", err)
		}
	}
	c, err := NewCounter(p)
	if err != nil {
		return nil, err
	}
	if csv {
		if err := c.SetCSVColumns(columns); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
	}
	return json.Marshal(c.p)
}

// field slots
const (
	fLabel = iota
	fPrediction
	nField
)

// Counter evaluates part of the input. Build one with NewCounter.
type Counter struct {
	p     Params
	plan  *jsonscan.Plan
	vals  jsonscan.Values
	cols  [nField]int    // CSV column of each field; -1: none
	bufs  [nField][]byte // decoded JSON strings
	canon [nField][]byte // the values in canonical form
	st    state
}

// state is what merges: the pairs counted and the records skipped.
type state struct {
	Records      int64 // records read
	NoLabel      int64
	NoPrediction int64
	Skipped      int64 // records missing either value
	Counts       evaluate.Counts
}

// NewCounter returns an empty counter for p (normalized).
func NewCounter(p Params) (*Counter, error) {
	if err := p.Normalize(); err != nil {
		return nil, err
	}
	return &Counter{p: p, plan: jsonscan.NewPlan(p.Label, p.Prediction), cols: [nField]int{-1, -1}}, nil
}

// Parameters implements engine.Counter.
func (c *Counter) Parameters() any { return c.p }

// SetCSVColumns implements engine.CSVCounter: it finds the label and the
// prediction among a CSV input's columns by delimited.FindColumn's rule (the
// exact name, else the only column equal to it but for case; two such
// columns are an error naming both). JSON inputs need no columns:
// a record without the field is missing it.
func (c *Counter) SetCSVColumns(columns []string) error {
	for i, name := range [nField]string{c.p.Label, c.p.Prediction} {
		what := "label"
		if i == fPrediction {
			what = "prediction"
		}
		var err error
		if c.cols[i], err = delimited.FindColumn(columns, name); err != nil {
			return fmt.Errorf("%s %v", what, err)
		}
		if c.cols[i] < 0 {
			return fmt.Errorf("no %s column %q among the columns %s", what, name, strings.Join(columns, ", "))
		}
	}
	return nil
}

// Add implements engine.Counter: one JSON record. A record that is not a
// JSON object, or whose label or prediction is a broken string, is
// rejected.
func (c *Counter) Add(rec []byte) error {
	if err := c.plan.Scan(rec, &c.vals); err != nil {
		if errors.Is(err, jsonscan.ErrNotObject) {
			return errors.New("not a JSON object")
		}
		return err
	}
	var got [nField][]byte
	for i := range nField {
		v := c.vals.First(i)
		switch v.Kind() {
		case 0, 'n':
			got[i] = nil
		case '"':
			var err error
			if c.bufs[i], err = jsonscan.String(c.bufs[i][:0], v); err != nil {
				return fmt.Errorf("%s: %v", c.plan.Paths()[i], err)
			}
			got[i] = c.bufs[i]
		default: // numbers, booleans, objects and arrays: their JSON text
			got[i] = v
		}
	}
	c.count(got[fLabel], got[fPrediction])
	return nil
}

// AddRow implements engine.RowCounter: one CSV row, its fields in column
// order (SetCSVColumns found the two).
func (c *Counter) AddRow(fields [][]byte) error {
	var got [nField][]byte
	for i, col := range c.cols {
		if col < 0 {
			return errors.New("the input's columns are unknown")
		}
		if col < len(fields) { // a short row lacks the field
			got[i] = fields[col]
		}
	}
	c.count(got[fLabel], got[fPrediction])
	return nil
}

// count scores one record's label and prediction as they are written.
func (c *Counter) count(label, prediction []byte) {
	s := &c.st
	s.Records++
	label, prediction = bytes.TrimSpace(label), bytes.TrimSpace(prediction)
	if len(label) == 0 || len(prediction) == 0 {
		s.Skipped++
		if len(label) == 0 {
			s.NoLabel++
		}
		if len(prediction) == 0 {
			s.NoPrediction++
		}
		return
	}
	c.canon[fLabel] = Canonical(c.canon[fLabel][:0], label)
	c.canon[fPrediction] = Canonical(c.canon[fPrediction][:0], prediction)
	// the error only says the label set outgrew evaluate.MaxClasses: the
	// counts keep the records left out, and Results says so
	_ = s.Counts.Add(c.canon[fLabel], c.canon[fPrediction])
}

// Canonical appends to dst the form a value is compared by, white space
// around it trimmed: a number (JSON number syntax) written canonically,
// anything else as it is. dst must not overlap v.
func Canonical(dst, v []byte) []byte {
	v = bytes.TrimSpace(v)
	integer, ok := numberSyntax(v)
	if !ok {
		return append(dst, v...)
	}
	if integer {
		digits := len(v)
		if v[0] == '-' {
			digits--
		}
		if digits > 18 {
			return append(dst, v...) // past int64's exact digits: as written
		}
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return append(dst, v...)
		}
		return strconv.AppendInt(dst, n, 10)
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil { // out of float64's range
		return append(dst, v...)
	}
	if f == 0 {
		return append(dst, '0')
	}
	if a := max(f, -f); a < 1e-6 || a >= 1e21 {
		return strconv.AppendFloat(dst, f, 'g', -1, 64)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, 64)
}

// numberSyntax reports whether v is a JSON number, and whether it is an
// integer (no fraction, no exponent).
func numberSyntax(v []byte) (integer, ok bool) {
	i := 0
	if i < len(v) && v[i] == '-' {
		i++
	}
	switch {
	case i < len(v) && v[i] == '0':
		i++
	case i < len(v) && v[i] >= '1' && v[i] <= '9':
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
		}
	default:
		return false, false
	}
	integer = true
	if i < len(v) && v[i] == '.' {
		i++
		start := i
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
		}
		if i == start {
			return false, false
		}
		integer = false
	}
	if i < len(v) && (v[i] == 'e' || v[i] == 'E') {
		i++
		if i < len(v) && (v[i] == '+' || v[i] == '-') {
			i++
		}
		start := i
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
		}
		if i == start {
			return false, false
		}
		integer = false
	}
	return integer, i == len(v)
}

// stateJSON is the encoded state.
type stateJSON struct {
	Records      int64          `json:"records"`
	NoLabel      int64          `json:"noLabel"`
	NoPrediction int64          `json:"noPrediction"`
	Skipped      int64          `json:"skipped"`
	Counts       evaluate.State `json:"counts"`
}

// Snapshot implements engine.Counter.
func (c *Counter) Snapshot() ([]byte, error) {
	s := &c.st
	return json.Marshal(stateJSON{Records: s.Records, NoLabel: s.NoLabel, NoPrediction: s.NoPrediction, Skipped: s.Skipped, Counts: s.Counts.State()})
}

// MergeSnapshot implements engine.Counter.
func (c *Counter) MergeSnapshot(data []byte) error {
	var in stateJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return fmt.Errorf("evaluate state: %v", err)
	}
	s := &c.st
	s.Records += in.Records
	s.NoLabel += in.NoLabel
	s.NoPrediction += in.NoPrediction
	s.Skipped += in.Skipped
	// too many classes is kept in the counts and reported by Results
	if err := s.Counts.MergeState(in.Counts); err != nil && !errors.As(err, new(*evaluate.TooManyClassesError)) {
		return fmt.Errorf("evaluate state: %v", err)
	}
	return nil
}
