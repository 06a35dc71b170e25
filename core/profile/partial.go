package profile

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/axiomhq/hyperloglog"
	json "github.com/goccy/go-json"
)

// MaxColumns bounds the columns profiled: fields past the first
// MaxColumns columns (in input order) are only counted, in Dropped.
const MaxColumns = 1000

// state is the profile over part of the input.
type state struct {
	Rows    int64
	Dropped int64
	columns []*column
	byName  map[string]*column
	sample  []sampleRow
}

// sampleRow is one row of the sample: where it stands in the input, and
// its fields as a JSON object.
type sampleRow struct {
	At  Position        `json:"at"`
	Row json.RawMessage `json:"row"`
}

func newState() state { return state{byName: map[string]*column{}} }

// column returns the column of that name, adding it, first seen at at;
// nil past MaxColumns.
func (s *state) column(name []byte, at Position) *column {
	if c := s.byName[string(name)]; c != nil {
		return c
	}
	if len(s.columns) >= MaxColumns {
		return nil
	}
	c := newColumn(string(name), at)
	s.byName[c.Name] = c
	s.columns = append(s.columns, c)
	return c
}

// wantSample reports whether the record at at belongs in a sample of n.
func (s *state) wantSample(at Position, n int) bool {
	return len(s.sample) < n || comparePositions(at, s.sample[len(s.sample)-1].At) < 0
}

func (s *state) addSample(at Position, row []byte, n int) {
	at.Field = 0
	i, _ := slices.BinarySearchFunc(s.sample, at, func(r sampleRow, at Position) int { return comparePositions(r.At, at) })
	s.sample = slices.Insert(s.sample, i, sampleRow{At: at, Row: bytes.Clone(row)})
	if len(s.sample) > n {
		s.sample = s.sample[:n]
	}
}

// merge adds another part's state.
func (s *state) merge(o *state, p Params) {
	s.Rows += o.Rows
	s.Dropped += o.Dropped
	for _, oc := range o.columns {
		if c := s.byName[oc.Name]; c != nil {
			c.merge(oc, p.DistinctLimit)
			continue
		}
		s.byName[oc.Name] = oc
		s.columns = append(s.columns, oc)
	}
	if len(s.columns) > MaxColumns {
		// keep the columns first seen
		slices.SortFunc(s.columns, func(a, b *column) int { return comparePositions(a.First, b.First) })
		for _, c := range s.columns[MaxColumns:] {
			s.Dropped += c.Present
			delete(s.byName, c.Name)
		}
		s.columns = s.columns[:MaxColumns]
	}
	for _, r := range o.sample {
		if s.wantSample(r.At, p.Sample) {
			s.addSample(r.At, r.Row, p.Sample)
		}
	}
}

// The encoded state: a column's exact parts as JSON, its sketch as bytes.
type stateJSON struct {
	Rows    int64        `json:"rows"`
	Dropped int64        `json:"dropped"`
	Columns []columnJSON `json:"columns"`
	Sample  []sampleRow  `json:"sample"`
}

type columnJSON struct {
	column
	Values    map[string]int64 `json:"values"`
	HLL       []byte           `json:"hll,omitempty"`
	NumsExact bool             `json:"numsExact"`
	NumValues []float64        `json:"numValues,omitempty"`
	NumCounts []int64          `json:"numCounts,omitempty"`
}

func (s *state) marshal() ([]byte, error) {
	out := stateJSON{Rows: s.Rows, Dropped: s.Dropped, Columns: make([]columnJSON, len(s.columns)), Sample: s.sample}
	if out.Sample == nil {
		out.Sample = []sampleRow{}
	}
	for i, c := range s.columns {
		cj := columnJSON{column: *c, Values: make(map[string]int64, c.values.len())}
		for k, key := range c.values.keys {
			cj.Values[key] = c.values.n[k]
		}
		if c.hll != nil {
			b, err := c.hll.MarshalBinary()
			if err != nil {
				return nil, err
			}
			cj.HLL = b
		}
		if c.nums != nil {
			cj.NumsExact = true
			cj.NumValues = make([]float64, 0, len(c.nums))
			for v := range c.nums {
				cj.NumValues = append(cj.NumValues, v)
			}
			slices.Sort(cj.NumValues)
			for _, v := range cj.NumValues {
				cj.NumCounts = append(cj.NumCounts, c.nums[v])
			}
		}
		out.Columns[i] = cj
	}
	return json.Marshal(out)
}

func unmarshalState(data []byte) (*state, error) {
	var in stateJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, fmt.Errorf("profile state: %v", err)
	}
	s := newState()
	s.Rows, s.Dropped = in.Rows, in.Dropped
	s.sample = in.Sample
	for i := range in.Columns {
		cj := &in.Columns[i]
		c := new(column)
		*c = cj.column
		c.values = newCounts()
		keys := make([]string, 0, len(cj.Values))
		for k := range cj.Values {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			c.values.add([]byte(k), cj.Values[k])
		}
		if c.Sketch {
			c.hll = new(hyperloglog.Sketch)
			if err := c.hll.UnmarshalBinary(cj.HLL); err != nil {
				return nil, fmt.Errorf("profile state, column %s: %v", c.Name, err)
			}
		}
		if cj.NumsExact {
			if len(cj.NumValues) != len(cj.NumCounts) {
				return nil, fmt.Errorf("profile state, column %s: %d numbers, %d counts", c.Name, len(cj.NumValues), len(cj.NumCounts))
			}
			c.nums = make(map[float64]int64, len(cj.NumValues))
			for k, v := range cj.NumValues {
				c.nums[v] = cj.NumCounts[k]
			}
		}
		for _, m := range []*map[int32]int64{&c.Pos, &c.Neg, &c.Lengths, &c.Days} {
			if *m == nil {
				*m = map[int32]int64{}
			}
		}
		if s.byName[c.Name] != nil {
			return nil, fmt.Errorf("profile state: column %q twice", c.Name)
		}
		s.byName[c.Name] = c
		s.columns = append(s.columns, c)
	}
	return &s, nil
}
