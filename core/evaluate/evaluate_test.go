package evaluate

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func counts(t *testing.T, given, predicted []string) *Counts {
	t.Helper()
	var c Counts
	for i := range given {
		if err := c.Add([]byte(given[i]), []byte(predicted[i])); err != nil {
			t.Fatal(err)
		}
	}
	return &c
}

func split(s string) []string { return strings.Fields(s) }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

// round2 is the two-decimal rounding classification_report prints.
func round2(x float64) string { return fmt.Sprintf("%.2f", x) }

// The example of scikit-learn's classification_report documentation.
func TestScikitLearnReportExample(t *testing.T) {
	c := counts(t, split("0 1 2 2 2"), split("0 0 2 2 1"))
	r, err := c.Report()
	if err != nil {
		t.Fatal(err)
	}
	// precision recall f1 support, as printed in the documentation
	want := []string{
		"0 0.50 1.00 0.67 1",
		"1 0.00 0.00 0.00 1",
		"2 1.00 0.67 0.80 3",
	}
	for i, k := range r.Classes {
		got := fmt.Sprintf("%s %s %s %s %d", k.Label, round2(k.Precision), round2(k.Recall), round2(k.F1), k.Support)
		if got != want[i] {
			t.Errorf("class %d: %s, want %s", i, got, want[i])
		}
	}
	if got := round2(r.Accuracy); got != "0.60" {
		t.Errorf("accuracy %s, want 0.60", got)
	}
	avg := func(a Average) string {
		return fmt.Sprintf("%s %s %s %d", round2(a.Precision), round2(a.Recall), round2(a.F1), a.Support)
	}
	if got := avg(r.Macro); got != "0.50 0.56 0.49 5" {
		t.Errorf("macro %s, want 0.50 0.56 0.49 5", got)
	}
	if got := avg(r.Weighted); got != "0.70 0.60 0.61 5" {
		t.Errorf("weighted %s, want 0.70 0.60 0.61 5", got)
	}
	// the exact values behind the rounded ones
	if !near(r.Macro.Recall, (1+0+2.0/3)/3) || !near(r.Macro.F1, (2.0/3+0+0.8)/3) ||
		!near(r.Weighted.F1, (2.0/3+0+3*0.8)/5) || !near(r.Weighted.Precision, 0.7) {
		t.Errorf("averages %+v %+v", r.Macro, r.Weighted)
	}
	wantMatrix := [][]int64{{1, 0, 0}, {1, 0, 0}, {0, 1, 2}}
	if !reflect.DeepEqual(r.Confusion.Matrix, wantMatrix) || !slices.Equal(r.Confusion.Labels, split("0 1 2")) {
		t.Errorf("confusion %v %v", r.Confusion.Labels, r.Confusion.Matrix)
	}
	wantShares := [][]float64{{1, 0, 0}, {1, 0, 0}, {0, 1.0 / 3, 2.0 / 3}}
	if !reflect.DeepEqual(r.Confusion.Shares, wantShares) {
		t.Errorf("shares %v", r.Confusion.Shares)
	}
}

// The examples of scikit-learn's confusion_matrix documentation.
func TestScikitLearnConfusionExamples(t *testing.T) {
	want := [][]int64{{2, 0, 0}, {0, 0, 1}, {1, 0, 2}}
	r, err := counts(t, split("2 0 2 2 0 1"), split("0 0 2 2 0 2")).Report()
	if err != nil || !reflect.DeepEqual(r.Confusion.Matrix, want) {
		t.Errorf("numbers: %v %v", r.Confusion.Matrix, err)
	}
	r, err = counts(t, split("cat ant cat cat ant bird"), split("ant ant cat cat ant cat")).Report("ant", "bird", "cat")
	if err != nil || !reflect.DeepEqual(r.Confusion.Matrix, want) {
		t.Errorf("animals: %v %v", r.Confusion.Matrix, err)
	}
	// tn, fp, fn, tp = confusion_matrix([0, 1, 0, 1], [1, 1, 1, 0]).ravel() == (0, 2, 1, 1)
	b, err := counts(t, split("0 1 0 1"), split("1 1 1 0")).Binary("1")
	if err != nil || b.TN != 0 || b.FP != 2 || b.FN != 1 || b.TP != 1 {
		t.Errorf("binary: %+v %v", b, err)
	}
}

func TestPerClass(t *testing.T) {
	type class struct {
		label   string
		p, r, f float64
		support int64
	}
	tests := []struct {
		name             string
		given, predicted string
		order            []string
		classes          []class
		accuracy         float64
	}{
		{
			name: "perfect", given: "a b b", predicted: "a b b",
			classes: []class{{"a", 1, 1, 1, 1}, {"b", 1, 1, 1, 2}}, accuracy: 1,
		},
		{
			// b is never predicted: its precision is 0/0, which is 0
			name: "class never predicted", given: "a b b", predicted: "a a a",
			classes: []class{{"a", 1.0 / 3, 1, 0.5, 1}, {"b", 0, 0, 0, 2}}, accuracy: 1.0 / 3,
		},
		{
			// c is only predicted: support 0, recall 0/0 = 0, F1 0
			name: "class only predicted", given: "a a b", predicted: "a c b",
			classes: []class{{"a", 1, 0.5, 2.0 / 3, 2}, {"b", 1, 1, 1, 1}, {"c", 0, 0, 0, 0}}, accuracy: 2.0 / 3,
		},
		{
			name: "all wrong", given: "a b", predicted: "b a",
			classes: []class{{"a", 0, 0, 0, 1}, {"b", 0, 0, 0, 1}}, accuracy: 0,
		},
		{
			// a label of the order never seen: a row and a column of zeros
			name: "order with an unseen label", given: "pos neg", predicted: "pos pos", order: []string{"pos", "neu", "neg"},
			classes: []class{{"pos", 0.5, 1, 2.0 / 3, 1}, {"neu", 0, 0, 0, 0}, {"neg", 0, 0, 0, 1}}, accuracy: 0.5,
		},
		{
			// labels seen but not in the order follow it, sorted
			name: "order missing a label", given: "x b a", predicted: "x b a", order: []string{"x"},
			classes: []class{{"x", 1, 1, 1, 1}, {"a", 1, 1, 1, 1}, {"b", 1, 1, 1, 1}}, accuracy: 1,
		},
		{
			name: "numbers sort numerically", given: "10 2 1", predicted: "10 2 1",
			classes: []class{{"1", 1, 1, 1, 1}, {"2", 1, 1, 1, 1}, {"10", 1, 1, 1, 1}}, accuracy: 1,
		},
		{
			name: "empty", given: "", predicted: "",
			classes: []class{}, accuracy: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := counts(t, split(tt.given), split(tt.predicted))
			r, err := c.Report(tt.order...)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Classes) != len(tt.classes) {
				t.Fatalf("classes %+v", r.Classes)
			}
			for i, want := range tt.classes {
				k := r.Classes[i]
				if k.Label != want.label || !near(k.Precision, want.p) || !near(k.Recall, want.r) || !near(k.F1, want.f) || k.Support != want.support {
					t.Errorf("class %d: %+v, want %+v", i, k, want)
				}
			}
			if !near(r.Accuracy, tt.accuracy) {
				t.Errorf("accuracy %v, want %v", r.Accuracy, tt.accuracy)
			}
			for _, f := range []float64{r.Accuracy, r.Macro.Precision, r.Macro.Recall, r.Macro.F1, r.Weighted.Precision, r.Weighted.Recall, r.Weighted.F1} {
				if math.IsNaN(f) {
					t.Errorf("NaN in %+v", r)
				}
			}
			// the matrix adds up to the records, row sums are the supports
			var sum int64
			for i, row := range r.Confusion.Matrix {
				var rs int64
				for _, v := range row {
					rs += v
				}
				if rs != r.Classes[i].Support {
					t.Errorf("row %d sums to %d, support %d", i, rs, r.Classes[i].Support)
				}
				sum += rs
			}
			if sum != r.Total || r.Total != int64(len(split(tt.given))) {
				t.Errorf("matrix sums to %d, total %d", sum, r.Total)
			}
		})
	}
}

func TestBinary(t *testing.T) {
	tests := []struct {
		name             string
		given, predicted string
		positive         []string
		tp, fp, fn, tn   int64
		p, r, f, acc     float64
	}{
		{
			name: "course view", given: "positive negative neutral positive negative", predicted: "POS POS NEU NEG NEG",
			positive: []string{"positive", "POS"}, tp: 1, fp: 1, fn: 1, tn: 2, p: 0.5, r: 0.5, f: 0.5, acc: 0.6,
		},
		{
			name: "nothing predicted positive", given: "1 0 1", predicted: "0 0 0",
			positive: []string{"1"}, tp: 0, fp: 0, fn: 2, tn: 1, p: 0, r: 0, f: 0, acc: 1.0 / 3,
		},
		{
			name: "no positive given", given: "0 0", predicted: "1 0",
			positive: []string{"1"}, tp: 0, fp: 1, fn: 0, tn: 1, p: 0, r: 0, f: 0, acc: 0.5,
		},
		{
			name: "three classes, one positive", given: "4 0 2 4 4", predicted: "4 4 2 0 4",
			positive: []string{"4"}, tp: 2, fp: 1, fn: 1, tn: 1, p: 2.0 / 3, r: 2.0 / 3, f: 2.0 / 3, acc: 0.6,
		},
		{name: "empty", positive: []string{"1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := counts(t, split(tt.given), split(tt.predicted)).Binary(tt.positive...)
			if err != nil {
				t.Fatal(err)
			}
			if b.TP != tt.tp || b.FP != tt.fp || b.FN != tt.fn || b.TN != tt.tn {
				t.Errorf("tp fp fn tn = %d %d %d %d, want %d %d %d %d", b.TP, b.FP, b.FN, b.TN, tt.tp, tt.fp, tt.fn, tt.tn)
			}
			if !near(b.Precision, tt.p) || !near(b.Recall, tt.r) || !near(b.F1, tt.f) || !near(b.Accuracy, tt.acc) {
				t.Errorf("p r f acc = %v %v %v %v, want %v %v %v %v", b.Precision, b.Recall, b.F1, b.Accuracy, tt.p, tt.r, tt.f, tt.acc)
			}
			want := [][]int64{{tt.tn, tt.fp}, {tt.fn, tt.tp}}
			if !reflect.DeepEqual(b.Confusion.Matrix, want) || !slices.Equal(b.Confusion.Labels, []string{"0", "1"}) {
				t.Errorf("confusion %v", b.Confusion)
			}
		})
	}
}

// The binary view of a two-class problem is the report's positive class.
func TestBinaryAgreesWithReport(t *testing.T) {
	c := counts(t, split("1 1 0 0 1 0 1 1"), split("1 0 0 1 1 1 1 0"))
	r, _ := c.Report()
	b, _ := c.Binary("1")
	k := r.Classes[1]
	if k.Label != "1" || !near(k.Precision, b.Precision) || !near(k.Recall, b.Recall) || !near(k.F1, b.F1) || !near(r.Accuracy, b.Accuracy) {
		t.Errorf("report %+v accuracy %v, binary %+v", k, r.Accuracy, b)
	}
}

// Any cut of the records into parts, merged in any order (through the JSON
// state), gives the report of one pass.
func TestMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	labels := split("POS NEG NEU positive negative")
	var given, predicted []string
	for range 500 {
		given = append(given, labels[rng.IntN(len(labels))])
		predicted = append(predicted, labels[rng.IntN(3)])
	}
	whole := counts(t, given, predicted)
	want, _ := whole.Report()
	for trial := range 20 {
		var parts []*Counts
		for i := 0; i < len(given); {
			j := min(len(given), i+rng.IntN(80))
			parts = append(parts, counts(t, given[i:j], predicted[i:j]))
			i = j
		}
		rng.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
		var merged Counts
		for _, p := range parts {
			data, err := json.Marshal(p.State())
			if err != nil {
				t.Fatal(err)
			}
			var s State
			if err := json.Unmarshal(data, &s); err != nil {
				t.Fatal(err)
			}
			if err := merged.MergeState(s); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := merged.Report()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: merged report differs:\n%+v\n%+v", trial, got, want)
		}
	}
}

func TestTooManyClasses(t *testing.T) {
	var c Counts
	for i := range MaxClasses {
		l := fmt.Sprintf("c%02d", i)
		if err := c.Add([]byte(l), []byte(l)); err != nil {
			t.Fatal(err)
		}
	}
	if r, err := c.Report(); err != nil || len(r.Classes) != MaxClasses {
		t.Fatalf("%d classes: %v", MaxClasses, err)
	}
	err := c.Add([]byte("c00"), []byte("extra"))
	var tm *TooManyClassesError
	if !errors.As(err, &tm) || tm.Label != "extra" || !strings.Contains(err.Error(), "at most 50 classes") {
		t.Fatalf("51st class: %v", err)
	}
	if c.Total() != MaxClasses {
		t.Errorf("the refused record was counted")
	}
	if _, err := c.Report(); !errors.As(err, &tm) {
		t.Errorf("report after a refused record: %v", err)
	}
	if _, err := c.Binary("c00"); !errors.As(err, &tm) {
		t.Errorf("binary after a refused record: %v", err)
	}

	// two parts that fit alone but not together
	var a, b Counts
	for i := range 30 {
		a.AddN(fmt.Sprint("a", i), "x", 1)
		b.AddN(fmt.Sprint("b", i), "x", 1)
	}
	if err := a.Merge(&b); !errors.As(err, &tm) {
		t.Errorf("merging to 61 classes: %v", err)
	}
	// the refusal survives the state
	var m Counts
	if err := m.MergeState(a.State()); !errors.As(err, &tm) {
		t.Errorf("state of a refused merge: %v", err)
	}
	if _, err := (&Counts{}).Report(slices.Repeat([]string{"x"}, 51)...); err == nil {
		t.Errorf("an order of 51 labels")
	}
	if err := (&Counts{}).MergeState(State{Counts: map[string]map[string]int64{"a": {"b": -1}}}); err == nil {
		t.Errorf("a negative count merged")
	}
	if _, err := (&Counts{}).Report("a", "b", "a"); err == nil {
		t.Errorf("an order with a label twice")
	}
}

// The JSON names are fixed: the result document's checks read them.
func TestJSONNames(t *testing.T) {
	c := counts(t, split("1 0"), split("1 1"))
	r, _ := c.Report()
	b, _ := c.Binary("1")
	keys := func(v any) []string {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]json.RawMessage
		json.Unmarshal(data, &m)
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return ks
	}
	if got := keys(r); !slices.Equal(got, split("accuracy classes confusion macro total weighted")) {
		t.Errorf("report keys %v", got)
	}
	if got := keys(b); !slices.Equal(got, split("accuracy confusion f1 fn fp positive precision recall tn tp")) {
		t.Errorf("binary keys %v", got)
	}
	if got := keys(r.Classes[0]); !slices.Equal(got, split("f1 label precision recall support")) {
		t.Errorf("class keys %v", got)
	}
	if got := keys(r.Confusion); !slices.Equal(got, split("labels matrix shares")) {
		t.Errorf("confusion keys %v", got)
	}
	empty, _ := (&Counts{}).Report()
	data, _ := json.Marshal(empty)
	if !strings.Contains(string(data), `"labels":[]`) || !strings.Contains(string(data), `"classes":[]`) {
		t.Errorf("empty report: %s", data)
	}
}

func TestAddDoesNotAllocate(t *testing.T) {
	var c Counts
	c.Add([]byte("POS"), []byte("NEG"))
	g, p := []byte("NEG"), []byte("POS")
	c.Add(g, p)
	if n := testing.AllocsPerRun(100, func() { c.Add(g, p) }); n != 0 {
		t.Errorf("Add allocates %v times", n)
	}
}

func BenchmarkAdd(b *testing.B) {
	var c Counts
	labels := [][]byte{[]byte("positive"), []byte("negative"), []byte("neutral")}
	for i := 0; b.Loop(); i++ {
		c.Add(labels[i%3], labels[(i/3)%3])
	}
}
