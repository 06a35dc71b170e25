package evaluation_test

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	json "github.com/goccy/go-json"

	"dropsight/core/engine"
	"dropsight/core/evaluate"
	"dropsight/core/evaluation"
	"dropsight/core/result"
)

func run(t *testing.T, params evaluation.Params, files map[string]string) (*result.Document, error) {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	raw, _ := json.Marshal(params)
	return engine.Run(engine.Options{Recipe: "evaluate", Params: raw, Paths: paths, Workers: 2})
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 0.005 {
		t.Errorf("%s = %.4f, want %.2f", what, got, want)
	}
}

// checkScikitExample checks scikit-learn's documented example:
// y_true [0, 1, 2, 2, 2], y_pred [0, 0, 2, 2, 1].
func checkScikitExample(t *testing.T, r evaluation.Results) {
	t.Helper()
	if r.Error != "" {
		t.Fatal(r.Error)
	}
	if r.Evaluated != 5 {
		t.Fatalf("evaluated %d records, want 5", r.Evaluated)
	}
	if got := fmt.Sprint(r.Confusion.Labels, r.Confusion.Matrix); got != "[0 1 2] [[1 0 0] [1 0 0] [0 1 2]]" {
		t.Errorf("confusion %s", got)
	}
	near(t, "accuracy", r.Accuracy, 0.60)
	near(t, "macro precision", r.Macro.Precision, 0.50)
	near(t, "macro recall", r.Macro.Recall, 0.56)
	near(t, "macro F1", r.Macro.F1, 0.49)
	near(t, "weighted precision", r.Weighted.Precision, 0.70)
	near(t, "weighted recall", r.Weighted.Recall, 0.60)
	near(t, "weighted F1", r.Weighted.F1, 0.61)
	want := []struct{ p, r, f float64 }{{0.50, 1.00, 0.67}, {0, 0, 0}, {1.00, 0.67, 0.80}}
	for i, w := range want {
		k := r.Classes[i]
		near(t, "precision of "+k.Label, k.Precision, w.p)
		near(t, "recall of "+k.Label, k.Recall, w.r)
		near(t, "F1 of "+k.Label, k.F1, w.f)
	}
	if r.Macro.Support != 5 || r.Weighted.Support != 5 || r.Classes[2].Support != 3 {
		t.Errorf("supports %d %d %d", r.Macro.Support, r.Weighted.Support, r.Classes[2].Support)
	}
}

func TestScikitExampleFromCSV(t *testing.T) {
	// 2.0 and 2 are one class; rows missing a value are skipped, and counted.
	csv := "id,y_true,y_pred,note\n" +
		"1,0,0,a\n" +
		"2,1,0,b\n" +
		"3,2.0,2,c\n" +
		"4,,1,no label\n" +
		"5, 2 ,2.00,d\n" +
		"6,2,,no prediction\n" +
		"7,,,neither\n" +
		"8,2,1,e\n"
	doc, err := run(t, evaluation.Params{Label: "y_true", Prediction: "Y_PRED", Positive: "2.0"}, map[string]string{"scores.csv": csv})
	if err != nil {
		t.Fatal(err)
	}
	r := doc.Results.(evaluation.Results)
	checkScikitExample(t, r)
	if r.Records != 8 || r.Skipped != (evaluation.Skipped{Records: 3, NoLabel: 2, NoPrediction: 2}) {
		t.Errorf("records %d, skipped %+v", r.Records, r.Skipped)
	}
	if doc.RejectedTotal != 0 {
		t.Errorf("rejects %+v", doc.Rejects)
	}
	// positive "2.0" is class 2: TP 2, FP 0, FN 1, TN 2
	b := r.Binary
	if b == nil || b.TP != 2 || b.FP != 0 || b.FN != 1 || b.TN != 2 || b.Positive[0] != "2" {
		t.Fatalf("binary %+v", b)
	}
	near(t, "binary precision", b.Precision, 1)
	near(t, "binary recall", b.Recall, 0.67)
	near(t, "binary F1", b.F1, 0.80)
	near(t, "binary accuracy", b.Accuracy, 0.80)
	if p := doc.Parameters.(evaluation.Params); p.Label != "y_true" || p.Prediction != "Y_PRED" || p.Positive != "2" {
		t.Errorf("parameters %+v", p)
	}
}

func TestScikitExampleFromNDJSON(t *testing.T) {
	// numbers, number strings and 2.0 agree; null, "" and an absent key are
	// missing; a line that is not an object is rejected, not skipped
	nd := `{"y":{"true":0},"pred":0}
{"y":{"true":1},"pred":0.0}
{"y":{"true":"2"},"pred":2}
{"y":{"true":2.0},"pred":"2"}
{"y":{"true":null},"pred":1}
{"y":{"true":2},"pred":""}
{"y":{"true":2}}
[1,2]
{"y":{"true":2e0},"pred":1}
`
	doc, err := run(t, evaluation.Params{Label: "y.true", Prediction: "pred"}, map[string]string{"scores.ndjson": nd})
	if err != nil {
		t.Fatal(err)
	}
	r := doc.Results.(evaluation.Results)
	checkScikitExample(t, r)
	if r.Binary != nil {
		t.Errorf("binary view without a positive class: %+v", r.Binary)
	}
	if r.Records != 8 || r.Skipped != (evaluation.Skipped{Records: 3, NoLabel: 1, NoPrediction: 2}) {
		t.Errorf("records %d, skipped %+v", r.Records, r.Skipped)
	}
	if doc.RejectedTotal != 1 || doc.Rejects[0].Line != 8 || !strings.Contains(doc.Rejects[0].Reason, "not a JSON object") {
		t.Errorf("rejects %d %+v", doc.RejectedTotal, doc.Rejects)
	}
}

func TestCSVAndNDJSONTogether(t *testing.T) {
	doc, err := run(t, evaluation.Params{Label: "label", Prediction: "prediction"}, map[string]string{
		"a.csv":    "label;prediction\n0;0\n1;0\n",
		"b.ndjson": `{"label":2,"prediction":2}` + "\n" + `{"label":2,"prediction":2.0}` + "\n" + `{"label":"2","prediction":1}` + "\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	checkScikitExample(t, doc.Results.(evaluation.Results))
}

func TestMissingCSVColumnNamesTheFile(t *testing.T) {
	_, err := run(t, evaluation.Params{Label: "truth", Prediction: "pred"}, map[string]string{"x.csv": "label,pred\n1,1\n"})
	if err == nil || !strings.Contains(err.Error(), `x.csv: no label column "truth" among the columns label, pred`) {
		t.Fatalf("error %v", err)
	}
}

func TestParams(t *testing.T) {
	for _, p := range []evaluation.Params{{}, {Label: "a"}, {Prediction: "b"}, {Label: " a ", Prediction: "a"}} {
		if _, err := evaluation.NewCounter(p); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
}

func TestCanonical(t *testing.T) {
	for in, want := range map[string]string{
		"1": "1", "1.0": "1", "1e0": "1", "-0": "0", "-0.0": "0", "0.50": "0.5", "2.50": "2.5",
		"1000000": "1000000", "1e6": "1000000", "1.5e-7": "1.5e-07", "1e21": "1e+21",
		"123456789012345678": "123456789012345678", "1234567890123456789": "1234567890123456789",
		"007": "007", "+1": "+1", "1.": "1.", ".5": ".5", "1,0": "1,0", "NaN": "NaN",
		"positive": "positive", " POS ": "POS", "true": "true", "1e999": "1e999",
	} {
		if got := string(evaluation.Canonical(nil, []byte(in))); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSplitMerge: any cut of the records into parts, merged in any order,
// gives the results of one pass.
func TestSplitMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	p := evaluation.Params{Label: "g", Prediction: "p", Positive: "c1"}
	var recs [][]byte
	for range 3000 {
		g, q := fmt.Sprintf("c%d", r.IntN(7)), fmt.Sprintf("c%d", r.IntN(8))
		switch r.IntN(20) {
		case 0:
			recs = append(recs, []byte(fmt.Sprintf(`{"p":%q}`, q)))
		case 1:
			recs = append(recs, []byte(fmt.Sprintf(`{"g":%q,"p":null}`, g)))
		default:
			recs = append(recs, []byte(fmt.Sprintf(`{"g":%q,"p":%q}`, g, q)))
		}
	}
	whole := mustCounter(t, p)
	for _, rec := range recs {
		if err := whole.Add(rec); err != nil {
			t.Fatal(err)
		}
	}
	want, _ := json.Marshal(whole.Summary())
	for trial := range 20 {
		cuts := []int{0, len(recs)}
		for range 1 + r.IntN(6) {
			cuts = append(cuts, r.IntN(len(recs)+1))
		}
		slices.Sort(cuts)
		var snaps [][]byte
		for k := 0; k+1 < len(cuts); k++ {
			c := mustCounter(t, p)
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
		m := mustCounter(t, p)
		for _, s := range snaps {
			if err := m.MergeSnapshot(s); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := json.Marshal(m.Summary()); string(got) != string(want) {
			t.Fatalf("trial %d, cuts %v:\n got %s\nwant %s", trial, cuts, got, want)
		}
	}
}

func mustCounter(t *testing.T, p evaluation.Params) *evaluation.Counter {
	t.Helper()
	c, err := evaluation.NewCounter(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTooManyClasses(t *testing.T) {
	var b strings.Builder
	b.WriteString("label,prediction\n")
	for i := range evaluate.MaxClasses + 5 {
		fmt.Fprintf(&b, "id%d,id%d\n", i, i)
	}
	doc, err := run(t, evaluation.Params{Label: "label", Prediction: "prediction", Positive: "id1"}, map[string]string{"ids.csv": b.String()})
	if err != nil {
		t.Fatal(err)
	}
	r := doc.Results.(evaluation.Results)
	// id50 is the first label past the 50th class
	if want := (&evaluate.TooManyClassesError{Label: "id50"}).Error(); r.Error != want || r.Binary != nil || len(r.Classes) != 0 || len(r.Confusion.Labels) != 0 {
		t.Fatalf("results %+v, want the error %q", r, want)
	}
}
