package profile

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/axiomhq/hyperloglog"
)

// Position orders records across the whole input: by input, then by file
// of a folder (Source, byte-wise), range, and record within the range; Field
// orders the fields of one record.
type Position struct {
	Input  int    `json:"input"`
	Source string `json:"source,omitempty"`
	Range  int    `json:"range"`
	Record int64  `json:"record"`
	Field  int    `json:"field"`
}

func comparePositions(a, b Position) int {
	return cmp.Or(cmp.Compare(a.Input, b.Input), strings.Compare(a.Source, b.Source),
		cmp.Compare(a.Range, b.Range), cmp.Compare(a.Record, b.Record), cmp.Compare(a.Field, b.Field))
}

// Value kinds, in the order Kinds lists them.
const (
	kInteger = iota
	kNumber
	kBoolean
	kDate
	kString
	kObject
	kArray
	nKinds
)

// counts is a multiset of values: the exact counts while a column has at
// most the limit of distinct values, then a Misra-Gries summary.
type counts struct {
	index map[string]int32
	keys  []string
	n     []int64
}

func newCounts() counts { return counts{index: map[string]int32{}} }

// add counts a value by; it reports whether the value is new.
func (c *counts) add(key []byte, by int64) bool {
	if i, ok := c.index[string(key)]; ok {
		c.n[i] += by
		return false
	}
	k := string(key)
	c.index[k] = int32(len(c.keys))
	c.keys = append(c.keys, k)
	c.n = append(c.n, by)
	return true
}

func (c *counts) len() int { return len(c.keys) }

// prune keeps at most k values: it subtracts the (k+1)-th largest count
// from every count and drops those left at zero or below (Misra-Gries, as
// merged in Agarwal et al., "Mergeable summaries", 2012). It returns what
// was subtracted.
func (c *counts) prune(k int) int64 {
	if len(c.keys) <= k {
		return 0
	}
	sorted := slices.Clone(c.n)
	slices.SortFunc(sorted, func(a, b int64) int { return cmp.Compare(b, a) })
	t := sorted[k]
	keys, n := c.keys[:0], c.n[:0]
	clear(c.index)
	for i, key := range c.keys {
		if v := c.n[i] - t; v > 0 {
			c.index[key] = int32(len(keys))
			keys = append(keys, key)
			n = append(n, v)
		}
	}
	clear(c.keys[len(keys):])
	c.keys, c.n = keys, n
	return t
}

// Heavy hitters keep mgCounters values once a column passes the limit of
// distinct values (pruned when they reach twice as many).
const mgCounters = 1000

// hllPrecision is the precision of the distinct-count sketch: 2^14
// registers, a standard error of 1.04/sqrt(16384) = 0.81%.
const hllPrecision = 14

// HLLStdError is the relative standard error of an estimated distinct count.
var HLLStdError = 1.04 / math.Sqrt(1<<hllPrecision)

// maxKey bounds the bytes a value is counted by: a longer value is counted
// by its first bytes and a hash of the whole (see valueKey).
const maxKey = 128

// valueKey returns the key a value is counted by: the value itself, or for
// a value longer than maxKey its first bytes (cut at a character), "…" and
// the 64-bit FNV-1a hash of the whole, so that long values stay distinct.
func valueKey(dst, v []byte) []byte {
	if len(v) <= maxKey {
		return append(dst, v...)
	}
	cut := maxKey - 24
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	h := fnv.New64a()
	h.Write(v)
	dst = append(dst, v[:cut]...)
	return fmt.Appendf(dst, "…%016x", h.Sum64())
}

// displayValue is a value key as shown: a long value's hash is dropped.
func displayValue(key string) string {
	if len(key) > maxKey-24 {
		if i := strings.LastIndex(key, "…"); i >= 0 && len(key)-i == len("…")+16 {
			return key[:i+len("…")]
		}
	}
	return key
}

// Log-scale bins of numbers: 16 per power of two, so a bin is 4.4% wide.
const binsPerOctave = 16

func logBin(v float64) int32 {
	return int32(math.Floor(math.Log2(math.Abs(v)) * binsPerOctave))
}

// logBinMid is the geometric middle of a log bin.
func logBinMid(b int32) float64 {
	return math.Exp2((float64(b) + 0.5) / binsPerOctave)
}

// column is the state of one column over part of the input.
type column struct {
	Name  string   `json:"name"`
	First Position `json:"first"`
	// Present counts rows with the field, Nulls JSON nulls, Empties
	// empty strings (an empty CSV cell is one).
	Present int64 `json:"present"`
	Nulls   int64 `json:"nulls"`
	Empties int64 `json:"empties"`
	// Kinds count the other values by kind; Typed the JSON values that
	// are not strings (a CSV cell is text, whatever it denotes).
	Kinds [nKinds]int64 `json:"kinds"`
	Typed int64         `json:"typed"`

	values counts
	// Sketch says values is a Misra-Gries summary; Error is what its
	// counts may fall short by. HLL counts the distinct values then.
	Sketch bool  `json:"sketch"`
	Error  int64 `json:"error"`
	hll    *hyperloglog.Sketch

	// numbers: exact counts up to the limit (nums nil past it), log bins
	HasNum bool    `json:"hasNum"`
	NumMin float64 `json:"numMin"`
	NumMax float64 `json:"numMax"`
	nums   map[float64]int64
	Pos    map[int32]int64 `json:"pos"`
	Neg    map[int32]int64 `json:"neg"`
	Zeros  int64           `json:"zeros"`

	// text values (strings and dates): byte-wise min and max of their
	// first maxKey bytes, lengths in characters
	HasText bool            `json:"hasText"`
	TextMin string          `json:"textMin"`
	TextMax string          `json:"textMax"`
	HasLen  bool            `json:"hasLen"`
	LenMin  int32           `json:"lenMin"`
	LenMax  int32           `json:"lenMax"`
	Lengths map[int32]int64 `json:"lengths"`

	HasDate bool            `json:"hasDate"`
	DateMin int64           `json:"dateMin"`
	DateMax int64           `json:"dateMax"`
	Days    map[int32]int64 `json:"days"`

	stamp int64 // the record that last had this field (duplicate keys)
}

func newColumn(name string, at Position) *column {
	return &column{Name: name, First: at, values: newCounts(), nums: map[float64]int64{},
		Pos: map[int32]int64{}, Neg: map[int32]int64{}, Lengths: map[int32]int64{}, Days: map[int32]int64{}}
}

// addValue counts one value (not null, not empty) by its key.
func (c *column) addValue(key []byte, limit int) {
	isNew := c.values.add(key, 1)
	if c.Sketch {
		c.hll.Insert(key)
		if c.values.len() > 2*mgCounters {
			c.Error += c.values.prune(mgCounters)
		}
		return
	}
	if isNew && c.values.len() > limit {
		c.toSketch()
	}
}

// toSketch turns the exact counts into a Misra-Gries summary and a
// HyperLogLog sketch of the values seen.
func (c *column) toSketch() {
	c.Sketch = true
	c.hll, _ = hyperloglog.NewSketch(hllPrecision, true)
	for _, k := range c.values.keys {
		c.hll.Insert([]byte(k))
	}
	c.Error += c.values.prune(mgCounters)
}

func (c *column) addNumber(v float64, limit int) {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return
	}
	if !c.HasNum {
		c.HasNum, c.NumMin, c.NumMax = true, v, v
	} else {
		c.NumMin, c.NumMax = min(c.NumMin, v), max(c.NumMax, v)
	}
	switch {
	case v > 0:
		c.Pos[logBin(v)]++
	case v < 0:
		c.Neg[logBin(v)]++
	default:
		c.Zeros++
	}
	if c.nums != nil {
		c.nums[v]++
		if len(c.nums) > limit {
			c.nums = nil
		}
	}
}

func (c *column) addText(t []byte) {
	k := t[:min(len(t), maxKey)]
	for len(k) < len(t) && len(k) > 0 && !utf8.RuneStart(t[len(k)]) {
		k = k[:len(k)-1]
	}
	if !c.HasText {
		c.HasText, c.TextMin, c.TextMax = true, string(k), string(k)
	} else {
		if string(k) < c.TextMin {
			c.TextMin = string(k)
		}
		if string(k) > c.TextMax {
			c.TextMax = string(k)
		}
	}
	c.addLength(utf8.RuneCount(t))
}

// Lengths below exactLengths are counted one by one; longer ones by their
// first 6 significant bits (buckets at most 3% wide), so that the lengths of
// long texts cannot grow the state without end. LenMin and LenMax are exact.
const exactLengths = 4096

func (c *column) addLength(n int) {
	n = min(n, math.MaxInt32)
	if !c.HasLen {
		c.HasLen, c.LenMin, c.LenMax = true, int32(n), int32(n)
	} else {
		c.LenMin, c.LenMax = min(c.LenMin, int32(n)), max(c.LenMax, int32(n))
	}
	if n >= exactLengths {
		shift := bits.Len(uint(n)) - 6
		n = n >> shift << shift
	}
	c.Lengths[int32(n)]++
}

func (c *column) addDate(unix int64) {
	if !c.HasDate {
		c.HasDate, c.DateMin, c.DateMax = true, unix, unix
	} else {
		c.DateMin, c.DateMax = min(c.DateMin, unix), max(c.DateMax, unix)
	}
	d := unix / 86400
	if unix%86400 < 0 {
		d--
	}
	c.Days[int32(d)]++
}

// merge adds another part's state of the same column.
func (c *column) merge(o *column, limit int) {
	if comparePositions(o.First, c.First) < 0 {
		c.First = o.First
	}
	c.Present += o.Present
	c.Nulls += o.Nulls
	c.Empties += o.Empties
	for i := range c.Kinds {
		c.Kinds[i] += o.Kinds[i]
	}
	c.Typed += o.Typed

	switch {
	case c.Sketch || o.Sketch:
		if !c.Sketch {
			c.toSketch()
		}
		if !o.Sketch {
			for _, k := range o.values.keys {
				c.hll.Insert([]byte(k))
			}
		} else {
			_ = c.hll.Merge(o.hll) // same precision: cannot fail
		}
		for i, k := range o.values.keys {
			c.values.add([]byte(k), o.values.n[i])
		}
		c.Error += o.Error + c.values.prune(mgCounters)
	default:
		for i, k := range o.values.keys {
			c.values.add([]byte(k), o.values.n[i])
		}
		if c.values.len() > limit {
			c.toSketch()
		}
	}

	if o.HasNum {
		if !c.HasNum {
			c.HasNum, c.NumMin, c.NumMax = true, o.NumMin, o.NumMax
		} else {
			c.NumMin, c.NumMax = min(c.NumMin, o.NumMin), max(c.NumMax, o.NumMax)
		}
	}
	addBins(c.Pos, o.Pos)
	addBins(c.Neg, o.Neg)
	c.Zeros += o.Zeros
	if c.nums != nil && o.nums != nil {
		for v, n := range o.nums {
			c.nums[v] += n
		}
		if len(c.nums) > limit {
			c.nums = nil
		}
	} else {
		c.nums = nil
	}

	if o.HasText {
		if !c.HasText {
			c.HasText, c.TextMin, c.TextMax = true, o.TextMin, o.TextMax
		} else {
			c.TextMin, c.TextMax = min(c.TextMin, o.TextMin), max(c.TextMax, o.TextMax)
		}
	}
	if o.HasLen {
		if !c.HasLen {
			c.HasLen, c.LenMin, c.LenMax = true, o.LenMin, o.LenMax
		} else {
			c.LenMin, c.LenMax = min(c.LenMin, o.LenMin), max(c.LenMax, o.LenMax)
		}
	}
	addBins(c.Lengths, o.Lengths)
	if o.HasDate {
		if !c.HasDate {
			c.HasDate, c.DateMin, c.DateMax = true, o.DateMin, o.DateMax
		} else {
			c.DateMin, c.DateMax = min(c.DateMin, o.DateMin), max(c.DateMax, o.DateMax)
		}
	}
	addBins(c.Days, o.Days)
}

func addBins(dst, src map[int32]int64) {
	for k, v := range src {
		dst[k] += v
	}
}
