package profile

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	json "github.com/goccy/go-json"
)

// Results are the profile's results in the document.
type Results struct {
	Rows int64 `json:"rows"`
	// DroppedFields counts fields past the first MaxColumns columns.
	DroppedFields int64          `json:"droppedFields,omitempty"`
	Columns       []ColumnResult `json:"columns"`
	Sample        Sample         `json:"sample"`
}

// Sample is the first rows of the input, each a JSON object.
type Sample struct {
	Columns []string          `json:"columns"`
	Rows    []json.RawMessage `json:"rows"`
}

// ColumnResult profiles one column (see the package doc for definitions).
type ColumnResult struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Present  int64    `json:"present"`
	Missing  int64    `json:"missing"`
	Nulls    int64    `json:"nulls"`
	Empties  int64    `json:"empties"`
	Kinds    Kinds    `json:"kinds"`
	Distinct Distinct `json:"distinct"`
	Top      Top      `json:"top"`
	Numbers  *Numbers `json:"numbers,omitempty"`
	Lengths  *Lengths `json:"lengths,omitempty"`
	Text     *Text    `json:"text,omitempty"`
	Dates    *Dates   `json:"dates,omitempty"`
}

// Kinds count a column's values (not null, not empty) by kind.
type Kinds struct {
	Integer int64 `json:"integer"`
	Number  int64 `json:"number"`
	Boolean int64 `json:"boolean"`
	Date    int64 `json:"date"`
	String  int64 `json:"string"`
	Object  int64 `json:"object"`
	Array   int64 `json:"array"`
}

// Distinct is the number of distinct values: exact, or an estimate with
// its relative standard error.
type Distinct struct {
	Count    int64   `json:"count"`
	Exact    bool    `json:"exact"`
	StdError float64 `json:"stdError"`
}

// Top lists the most frequent values. When not exact, each count is a
// lower bound, at most MaxError below the true count, and only values
// counted more than MaxError times are listed.
type Top struct {
	Exact    bool         `json:"exact"`
	MaxError int64        `json:"maxError"`
	Values   []ValueCount `json:"values"`
}

// ValueCount is one value and how many rows hold it.
type ValueCount struct {
	Value string `json:"value"`
	Count int64  `json:"count"`
}

// Numbers describe the numeric values of a column.
type Numbers struct {
	Min       float64   `json:"min"`
	Max       float64   `json:"max"`
	Histogram Histogram `json:"histogram"`
}

// Histogram is equal-width bins, each [from, to) but the last, [from, to].
type Histogram struct {
	Exact bool  `json:"exact"`
	Bins  []Bin `json:"bins"`
}

// Bin is one bin of a histogram.
type Bin struct {
	From  float64 `json:"from"`
	To    float64 `json:"to"`
	Count int64   `json:"count"`
}

// Lengths describe the lengths, in characters, of text values (and the
// JSON text of objects and arrays).
type Lengths struct {
	Min  int64 `json:"min"`
	Max  int64 `json:"max"`
	Bins []Bin `json:"bins"`
}

// Text is the byte-wise smallest and largest text value (first 128 bytes).
type Text struct {
	Min string `json:"min"`
	Max string `json:"max"`
}

// Dates describe the date values: earliest, latest (UTC, RFC 3339) and a
// histogram by day.
type Dates struct {
	Min  string    `json:"min"`
	Max  string    `json:"max"`
	Bins []DateBin `json:"bins"`
}

// DateBin counts the dates from one day to another, both included.
type DateBin struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int64  `json:"count"`
}

func (s *state) results(p Params) Results {
	cols := slices.Clone(s.columns)
	slices.SortFunc(cols, func(a, b *column) int { return comparePositions(a.First, b.First) })
	r := Results{Rows: s.Rows, DroppedFields: s.Dropped, Columns: make([]ColumnResult, 0, len(cols)),
		Sample: Sample{Columns: make([]string, 0, len(cols)), Rows: make([]json.RawMessage, 0, len(s.sample))}}
	for _, c := range cols {
		r.Columns = append(r.Columns, c.result(s.Rows, p))
		r.Sample.Columns = append(r.Sample.Columns, c.Name)
	}
	for _, row := range s.sample {
		r.Sample.Rows = append(r.Sample.Rows, row.Row)
	}
	return r
}

func (c *column) result(rows int64, p Params) ColumnResult {
	k := c.Kinds
	r := ColumnResult{Name: c.Name, Present: c.Present, Missing: max(0, rows-c.Present), Nulls: c.Nulls, Empties: c.Empties,
		Kinds: Kinds{Integer: k[kInteger], Number: k[kNumber], Boolean: k[kBoolean], Date: k[kDate], String: k[kString],
			Object: k[kObject], Array: k[kArray]}}
	r.Type = c.typeName()

	if c.Sketch {
		r.Distinct = Distinct{Count: int64(c.hll.Estimate()), StdError: HLLStdError}
	} else {
		r.Distinct = Distinct{Count: int64(c.values.len()), Exact: true}
	}
	idx := make([]int, c.values.len())
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		return cmp.Or(cmp.Compare(c.values.n[b], c.values.n[a]), strings.Compare(c.values.keys[a], c.values.keys[b]))
	})
	r.Top = Top{Exact: !c.Sketch, MaxError: c.Error, Values: []ValueCount{}}
	for _, i := range idx {
		// past the limit, a count within the error cannot be told from noise
		if len(r.Top.Values) == p.Top || c.Sketch && c.values.n[i] <= c.Error {
			break
		}
		r.Top.Values = append(r.Top.Values, ValueCount{Value: displayValue(c.values.keys[i]), Count: c.values.n[i]})
	}

	if c.HasNum {
		r.Numbers = &Numbers{Min: c.NumMin, Max: c.NumMax, Histogram: c.numberHistogram(p.Bins)}
	}
	if c.HasLen {
		lo, hi := int64(c.LenMin), int64(c.LenMax)
		r.Lengths = &Lengths{Min: lo, Max: hi, Bins: intBins(c.Lengths, lo, hi, p.Bins)}
	}
	if c.HasText {
		r.Text = &Text{Min: c.TextMin, Max: c.TextMax}
	}
	if c.HasDate {
		d := &Dates{Min: time.Unix(c.DateMin, 0).UTC().Format(time.RFC3339), Max: time.Unix(c.DateMax, 0).UTC().Format(time.RFC3339)}
		lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
		for day := range c.Days {
			lo, hi = min(lo, int64(day)), max(hi, int64(day))
		}
		for _, b := range intBins(c.Days, lo, hi, p.Bins) {
			d.Bins = append(d.Bins, DateBin{From: dayString(int64(b.From)), To: dayString(int64(b.To) - 1), Count: b.Count})
		}
		r.Dates = d
	}
	return r
}

func dayString(day int64) string {
	return time.Unix(day*86400, 0).UTC().Format("2006-01-02")
}

// typeName is the one kind all values share (see the package doc).
func (c *column) typeName() string {
	k := c.Kinds
	var total int64
	for _, n := range k {
		total += n
	}
	switch {
	case total == 0 && c.Nulls > 0 && c.Empties == 0:
		return "null"
	case total == 0:
		return "empty"
	case k[kInteger] == total:
		return "integer"
	case k[kInteger]+k[kNumber] == total:
		return "number"
	case k[kBoolean] == total:
		return "boolean"
	case k[kDate] == total:
		return "date"
	case k[kString] == total:
		return "string"
	case k[kObject] == total:
		return "object"
	case k[kArray] == total:
		return "array"
	case c.Typed == 0:
		return "string" // text of several kinds: a CSV column of numbers and words
	}
	return "mixed"
}

// numberHistogram bins the numbers from min to max: from the exact counts
// while there are any, else from the log-scale bins.
func (c *column) numberHistogram(bins int) Histogram {
	lo, hi := c.NumMin, c.NumMax
	integral := c.Kinds[kNumber] == 0
	h := Histogram{Exact: c.nums != nil}
	var edges []float64
	switch {
	// One bin per integer only where adding 1 still changes a float64 (a
	// value of 1e23 read as an integer would loop for ever).
	case integral && hi-lo+1 <= float64(bins) && math.Abs(lo) < 1<<53 && math.Abs(hi) < 1<<53:
		for v := lo; v <= hi+1; v++ {
			edges = append(edges, v)
		}
	case hi == lo:
		edges = []float64{lo, hi}
	default:
		w := (hi - lo) / float64(bins)
		for i := range bins {
			edges = append(edges, lo+float64(i)*w)
		}
		edges = append(edges, hi)
	}
	h.Bins = make([]Bin, len(edges)-1)
	for i := range h.Bins {
		h.Bins[i] = Bin{From: edges[i], To: edges[i+1]}
	}
	add := func(v float64, n int64) {
		v = max(lo, min(hi, v))
		i, _ := slices.BinarySearch(edges, v)
		if i >= len(edges) || edges[i] != v {
			i--
		}
		h.Bins[max(0, min(i, len(h.Bins)-1))].Count += n
	}
	if c.nums != nil {
		for v, n := range c.nums {
			add(v, n)
		}
		return h
	}
	for b, n := range c.Pos {
		add(logBinMid(b), n)
	}
	for b, n := range c.Neg {
		add(-logBinMid(b), n)
	}
	if c.Zeros > 0 {
		add(0, c.Zeros)
	}
	return h
}

// intBins bins integer counts from lo to hi into at most n bins of equal
// integer width, each [from, to).
func intBins(m map[int32]int64, lo, hi int64, n int) []Bin {
	w := max(1, (hi-lo+1+int64(n)-1)/int64(n))
	k := (hi - lo + w) / w
	bins := make([]Bin, k)
	for i := range bins {
		bins[i] = Bin{From: float64(lo + int64(i)*w), To: float64(lo + int64(i+1)*w)}
	}
	for v, c := range m {
		i := (max(int64(v), lo) - lo) / w // a bucket of long lengths may start below lo
		bins[min(i, k-1)].Count += c
	}
	return bins
}
