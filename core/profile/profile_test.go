package profile

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"unicode/utf8"

	json "github.com/goccy/go-json"
)

// csvCounter profiles CSV rows (split on commas: the test rows have no
// quotes) as one range.
func csvCounter(t testing.TB, p Params, text string) *Counter {
	t.Helper()
	c, err := NewCounter(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if err := c.SetInput("", 0, 0, strings.Split(lines[0], ",")); err != nil {
		t.Fatal(err)
	}
	for _, l := range lines[1:] {
		var fields [][]byte
		for _, f := range strings.Split(l, ",") {
			fields = append(fields, []byte(f))
		}
		if err := c.AddRow(fields); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func col(t testing.TB, r Results, name string) ColumnResult {
	t.Helper()
	for _, c := range r.Columns {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no column %s", name)
	return ColumnResult{}
}

func TestCSVByHand(t *testing.T) {
	c := csvCounter(t, Params{}, `
id,name,score,active,joined
1,Ann,3.5,true,2021-01-05
2,Bob,,false,2021-01-06
3,,4,true,not a date
3,Ann,10,,2021-02-01T10:00:00Z`)
	r := c.Summary().(Results)
	if r.Rows != 4 || len(r.Columns) != 5 || r.Columns[0].Name != "id" || r.Columns[4].Name != "joined" {
		t.Fatalf("rows %d, columns %+v", r.Rows, r.Columns)
	}
	id := col(t, r, "id")
	if id.Type != "integer" || id.Present != 4 || id.Missing != 0 || id.Distinct != (Distinct{Count: 3, Exact: true}) {
		t.Errorf("id: %+v", id)
	}
	if !reflect.DeepEqual(id.Top.Values, []ValueCount{{"3", 2}, {"1", 1}, {"2", 1}}) || !id.Top.Exact {
		t.Errorf("id top: %+v", id.Top)
	}
	if h := id.Numbers.Histogram; !h.Exact || !reflect.DeepEqual(h.Bins, []Bin{{1, 2, 1}, {2, 3, 1}, {3, 4, 2}}) {
		t.Errorf("id histogram: %+v", h)
	}
	name := col(t, r, "name")
	if name.Type != "string" || name.Empties != 1 || name.Distinct.Count != 2 || name.Top.Values[0] != (ValueCount{"Ann", 2}) ||
		*name.Text != (Text{"Ann", "Bob"}) || name.Lengths.Min != 3 || name.Lengths.Max != 3 {
		t.Errorf("name: %+v", name)
	}
	score := col(t, r, "score")
	if score.Type != "number" || score.Empties != 1 || score.Numbers.Min != 3.5 || score.Numbers.Max != 10 {
		t.Errorf("score: %+v", score)
	}
	bins := score.Numbers.Histogram.Bins
	if len(bins) != 20 || bins[0].Count != 1 || bins[1].Count != 1 || bins[19].Count != 1 || bins[19].To != 10 {
		t.Errorf("score bins: %+v", bins)
	}
	active := col(t, r, "active")
	if active.Type != "boolean" || active.Kinds.Boolean != 3 || active.Empties != 1 || active.Top.Values[0] != (ValueCount{"true", 2}) {
		t.Errorf("active: %+v", active)
	}
	joined := col(t, r, "joined")
	if joined.Type != "string" || joined.Kinds.Date != 3 || joined.Kinds.String != 1 ||
		joined.Dates.Min != "2021-01-05T00:00:00Z" || joined.Dates.Max != "2021-02-01T10:00:00Z" {
		t.Errorf("joined: %+v %+v", joined, joined.Dates)
	}
	var days int64
	for _, b := range joined.Dates.Bins {
		days += b.Count
	}
	if days != 3 || joined.Dates.Bins[0].From != "2021-01-05" {
		t.Errorf("joined bins: %+v", joined.Dates.Bins)
	}
	if len(r.Sample.Rows) != 4 || string(r.Sample.Rows[1]) != `{"id":"2","name":"Bob","score":"","active":"false","joined":"2021-01-06"}` {
		t.Errorf("sample: %s", r.Sample.Rows)
	}
}

func TestJSONByHand(t *testing.T) {
	c, _ := NewCounter(Params{})
	c.SetInput("", 0, 0, nil)
	recs := []string{
		`{"id":1,"tags":["a","b"],"user":{"n":"x"},"v":null,"s":""}`,
		`{"id":2.5,"tags":[],"v":true}`,
		`{"id":"3","w":1,"w":2}`,
		`{}`,
	}
	for _, rec := range recs {
		if err := c.Add([]byte(rec)); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []string{`[1]`, `{"a":`, `{"a":"\x"}`} {
		if err := c.Add([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	r := c.Summary().(Results)
	var names []string
	for _, col := range r.Columns {
		names = append(names, col.Name)
	}
	if r.Rows != 4 || strings.Join(names, ",") != "id,tags,user,v,s,w" {
		t.Fatalf("rows %d, columns %v", r.Rows, names)
	}
	want := map[string]struct {
		typ                              string
		present, missing, nulls, empties int64
	}{
		"id": {"mixed", 3, 1, 0, 0}, "tags": {"array", 2, 2, 0, 0}, "user": {"object", 1, 3, 0, 0},
		"v": {"boolean", 2, 2, 1, 0}, "s": {"empty", 1, 3, 0, 1}, "w": {"integer", 1, 3, 0, 0},
	}
	for name, w := range want {
		c := col(t, r, name)
		if c.Type != w.typ || c.Present != w.present || c.Missing != w.missing || c.Nulls != w.nulls || c.Empties != w.empties {
			t.Errorf("%s: %+v, want %+v", name, c, w)
		}
	}
	if tags := col(t, r, "tags"); tags.Lengths.Min != 2 || tags.Lengths.Max != 9 || tags.Top.Values[0].Value != "[\"a\",\"b\"]" {
		t.Errorf("tags: %+v %+v", tags.Lengths, tags.Top)
	}
	if w := col(t, r, "w"); w.Numbers.Min != 1 || w.Numbers.Max != 1 {
		t.Errorf("w: a repeated key counts once, the first: %+v", w.Numbers)
	}
	if id := col(t, r, "id"); id.Kinds != (Kinds{Integer: 1, Number: 1, String: 1}) || id.Numbers.Min != 1 || id.Numbers.Max != 2.5 {
		t.Errorf("id: %+v", id)
	}
	if string(r.Sample.Rows[0]) != recs[0] || string(r.Sample.Rows[3]) != `{}` {
		t.Errorf("sample %s", r.Sample.Rows)
	}
}

// records makes n NDJSON records: an id column of n distinct values (past
// the limit), a few categories, numbers, dates and long strings.
func records(n int, seed uint64) [][]byte {
	r := rand.New(rand.NewPCG(seed, 1))
	cats := []string{"alpha", "beta", "gamma", "delta"}
	var out [][]byte
	for i := range n {
		rec := fmt.Sprintf(`{"id":"u%07d","cat":%q,"x":%d,"y":%g,"day":"2023-%02d-%02d","long":%q`, i, cats[r.IntN(4)], r.IntN(50),
			math.Round(r.NormFloat64()*1e4)/100, 1+r.IntN(12), 1+r.IntN(28), strings.Repeat("ab", 100+r.IntN(3)))
		if r.IntN(10) == 0 {
			rec += `,"opt":null`
		}
		if r.IntN(7) == 0 {
			rec += `,"hot":"h"`
		} else {
			rec += fmt.Sprintf(`,"hot":"v%d"`, r.IntN(50000))
		}
		out = append(out, []byte(rec+"}"))
	}
	return out
}

// profileParts profiles recs cut into ranges at the cuts, merges the
// partial states (through JSON) in a random order, and returns the results.
func profileParts(t testing.TB, p Params, recs [][]byte, cuts []int, r *rand.Rand) Results {
	t.Helper()
	var snaps [][]byte
	for k := 0; k+1 < len(cuts); k++ {
		c, err := NewCounter(p)
		if err != nil {
			t.Fatal(err)
		}
		c.SetInput("", 0, k, nil)
		for _, rec := range recs[cuts[k]:cuts[k+1]] {
			if err := c.Add(rec); err != nil {
				t.Fatal(err)
			}
		}
		s, err := c.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, s)
	}
	r.Shuffle(len(snaps), func(i, j int) { snaps[i], snaps[j] = snaps[j], snaps[i] })
	m, _ := NewCounter(p)
	for _, s := range snaps {
		if err := m.MergeSnapshot(s); err != nil {
			t.Fatal(err)
		}
	}
	// the document crosses JSON too
	b, err := json.Marshal(m.Summary())
	if err != nil {
		t.Fatal(err)
	}
	var res Results
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// Split and merge: any cut into ranges, merged in any order, gives the
// results of one pass. Past the distinct limit the distinct estimate is
// the same too; the Misra-Gries top counts stay within their error.
func TestSplitMerge(t *testing.T) {
	p := Params{DistinctLimit: 2000}
	recs := records(6000, 7)
	r := rand.New(rand.NewPCG(5, 6))
	whole := profileParts(t, p, recs, []int{0, len(recs)}, r)
	if id := col(t, whole, "id"); id.Distinct.Exact || math.Abs(float64(id.Distinct.Count)-6000) > 4*6000*HLLStdError {
		t.Fatalf("id distinct %+v", id.Distinct)
	}
	for iter := range 15 {
		cuts := []int{0}
		for k := r.IntN(6); k > 0; k-- {
			cuts = append(cuts, r.IntN(len(recs)))
		}
		cuts = append(cuts, len(recs))
		sortInts(cuts)
		got := profileParts(t, p, recs, cuts, r)
		if len(got.Columns) != len(whole.Columns) || got.Rows != whole.Rows || !reflect.DeepEqual(got.Sample, whole.Sample) {
			t.Fatalf("iteration %d, cuts %v: rows, columns or sample differ", iter, cuts)
		}
		for i, w := range whole.Columns {
			g := got.Columns[i]
			if w.Top.Exact {
				if !reflect.DeepEqual(g, w) {
					t.Fatalf("cuts %v: column %s differs:\n%+v\n%+v", cuts, w.Name, g, w)
				}
				continue
			}
			gt, wt := g.Top, w.Top
			g.Top, w.Top = Top{}, Top{}
			if !reflect.DeepEqual(g, w) {
				t.Fatalf("cuts %v: column %s differs past the limit:\n%+v\n%+v", cuts, w.Name, g, w)
			}
			if w.Name == "hot" && (gt.Values[0].Value != "h" || absDiff(gt.Values[0].Count, wt.Values[0].Count) > max(gt.MaxError, wt.MaxError)) {
				t.Fatalf("hot: %+v vs %+v", gt.Values[0], wt.Values[0])
			}
		}
	}
}

// Past the limit the heavy value is found, its count within the stated
// error of the truth.
func TestHeavyHitters(t *testing.T) {
	recs := records(20000, 3)
	hot := 0
	for _, rec := range recs {
		if bytes.Contains(rec, []byte(`"hot":"h"`)) {
			hot++
		}
	}
	c, _ := NewCounter(Params{})
	c.SetInput("", 0, 0, nil)
	for _, rec := range recs {
		c.Add(rec)
	}
	hc := col(t, c.Summary().(Results), "hot")
	top := hc.Top
	if top.Exact || top.Values[0].Value != "h" || int64(hot) < top.Values[0].Count || int64(hot) > top.Values[0].Count+top.MaxError {
		t.Fatalf("hot: true %d, got %+v", hot, top)
	}
	if top.MaxError > 20000/(mgCounters+1) {
		t.Fatalf("error %d past the bound", top.MaxError)
	}
	if hc.Numbers != nil || hc.Distinct.Exact {
		t.Fatalf("hot: %+v", hc)
	}
	long := col(t, c.Summary().(Results), "long")
	if long.Distinct.Count != 3 || !strings.HasSuffix(long.Top.Values[0].Value, "…") || len(long.Top.Values[0].Value) > maxKey {
		t.Fatalf("long values: %+v", long.Top)
	}
	y := col(t, c.Summary().(Results), "y")
	if y.Numbers.Histogram.Exact {
		t.Fatalf("y: %d distinct numbers, exact histogram", y.Distinct.Count)
	}
	var total int64
	for _, b := range y.Numbers.Histogram.Bins {
		total += b.Count
	}
	if total != 20000 {
		t.Fatalf("y histogram holds %d values", total)
	}
}

func absDiff(a, b int64) int64 {
	if a > b {
		return a - b
	}
	return b - a
}

func sortInts(s []int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// FuzzAdd throws any record the engine would hand a recipe at a counter,
// then checks that its state survives the trip through JSON. (The engine
// rejects invalid UTF-8 before a recipe sees it: see Counter.)
func FuzzAdd(f *testing.F) {
	f.Add([]byte(`{"a":1,"b":"2021-02-03","c":[1,{"d":null}],"e":"\u00e9"}`))
	f.Add([]byte(`{"a":1e400,"b":-0,"c":""}`))
	f.Add([]byte("{\"\xc3\xa9\":\"\xe2\x82\xac\",\"\\u00e9\":[\"\xf0\x9f\x98\x80\"]}"))
	f.Fuzz(func(t *testing.T, rec []byte) {
		if !utf8.Valid(rec) {
			t.Skip("the engine rejects it")
		}
		c, _ := NewCounter(Params{})
		c.SetInput("", 0, 0, nil)
		c.Add(rec)
		c.AddRow(nil)
		s, err := c.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		m, _ := NewCounter(Params{})
		if err := m.MergeSnapshot(s); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		a, _ := json.Marshal(c.Summary())
		b, _ := json.Marshal(m.Summary())
		if !bytes.Equal(a, b) {
			t.Fatalf("state changed through JSON:\n%s\n%s", a, b)
		}
	})
}

// An integer too big for float64 to count by ones (1e23 and more) gets one
// bin, not a loop that never ends (found by the bad-input fuzz corpus).
func TestHugeIntegerHistogram(t *testing.T) {
	c, _ := NewCounter(Params{})
	c.SetInput("", 0, 0, nil)
	c.Add([]byte(`{"n":99999999999999999999999}`))
	c.Add([]byte(`{"n":99999999999999999999999}`))
	r := c.Summary().(Results)
	if nums := r.Columns[0].Numbers; nums == nil || len(nums.Histogram.Bins) != 1 || nums.Histogram.Bins[0].Count != 2 {
		t.Fatalf("numbers %+v", nums)
	}
}

// Records keyed by ids cannot grow the state without end.
func TestColumnLimit(t *testing.T) {
	c, _ := NewCounter(Params{})
	c.SetInput("", 0, 0, nil)
	for i := range 1500 {
		c.Add(fmt.Appendf(nil, `{"id":%d,"k%04d":1}`, i, i))
	}
	r := c.Summary().(Results)
	if len(r.Columns) != MaxColumns || r.DroppedFields != 1500-(MaxColumns-1) || r.Columns[1].Name != "k0000" {
		t.Fatalf("%d columns, %d dropped", len(r.Columns), r.DroppedFields)
	}
}
