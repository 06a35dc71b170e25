package sentiment

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	"dropsight/core/evaluate"
)

// minAccuracy is the floor for the model on testdata/labelled.tsv: it
// measured 0.891 (122 of 137) when the set was written, before any rule was
// fitted to it. A change that lowers it is a regression to look at.
const minAccuracy = 0.87

type labelled struct {
	label Label
	text  string
}

// readLabelled reads testdata/labelled.tsv: label TAB text, one tweet a
// line, hand-labelled POS, NEG or NEU.
func readLabelled(t testing.TB) []labelled {
	f, err := os.Open("testdata/labelled.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var set []labelled
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		label, text, ok := strings.Cut(sc.Text(), "\t")
		switch Label(label) {
		case Positive, Negative, Neutral:
		default:
			ok = false
		}
		if !ok || text == "" {
			t.Fatalf("labelled.tsv:%d: want POS|NEG|NEU, a tab and the text", line)
		}
		set = append(set, labelled{Label(label), text})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return set
}

func labelledTexts(t testing.TB) []string {
	var texts []string
	for _, l := range readLabelled(t) {
		texts = append(texts, l.text)
	}
	return texts
}

// TestLabelled reports the model's scores on the hand-labelled tweets
// (go test -v -run Labelled ./core/sentiment prints the report and the
// misses).
func TestLabelled(t *testing.T) {
	set := readLabelled(t)
	if len(set) < 100 {
		t.Fatalf("%d labelled tweets, want at least 100", len(set))
	}
	var counts evaluate.Counts
	var a Analyzer
	for _, l := range set {
		r := a.Analyze([]byte(l.text))
		if err := counts.Add([]byte(l.label), []byte(r.Label)); err != nil {
			t.Fatal(err)
		}
		if r.Label != l.label {
			t.Logf("miss: given %s, predicted %s (compound %+.4f): %s", l.label, r.Label, r.Compound, l.text)
		}
	}
	rep, err := counts.Report("POS", "NEU", "NEG")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d tweets, accuracy %.3f\n", rep.Total, rep.Accuracy)
	fmt.Fprintf(&b, "%-9s %9s %9s %9s %9s\n", "", "precision", "recall", "f1", "support")
	for _, k := range rep.Classes {
		fmt.Fprintf(&b, "%-9s %9.3f %9.3f %9.3f %9d\n", k.Label, k.Precision, k.Recall, k.F1, k.Support)
	}
	fmt.Fprintf(&b, "%-9s %9.3f %9.3f %9.3f %9d\n", "macro", rep.Macro.Precision, rep.Macro.Recall, rep.Macro.F1, rep.Macro.Support)
	fmt.Fprintf(&b, "%-9s %9.3f %9.3f %9.3f %9d\n", "weighted", rep.Weighted.Precision, rep.Weighted.Recall, rep.Weighted.F1, rep.Weighted.Support)
	fmt.Fprintf(&b, "confusion (rows given, columns predicted) %v: %v", rep.Confusion.Labels, rep.Confusion.Matrix)
	t.Log("\n" + b.String())
	fmt.Printf("sentiment: accuracy %.3f on %d hand-labelled tweets (floor %.2f)\n", rep.Accuracy, rep.Total, minAccuracy)
	if rep.Accuracy < minAccuracy {
		t.Errorf("accuracy %.3f below the floor %.2f", rep.Accuracy, minAccuracy)
	}
}

// BenchmarkAnalyze scores the labelled tweets; MB/s is of tweet text.
func BenchmarkAnalyze(b *testing.B) {
	var texts [][]byte
	var size int64
	for _, s := range labelledTexts(b) {
		texts = append(texts, []byte(s))
		size += int64(len(s))
	}
	b.SetBytes(size)
	var a Analyzer
	for b.Loop() {
		for _, t := range texts {
			a.Analyze(t)
		}
	}
}

// BenchmarkAnalyzeLong scores longer tweets (about 80 bytes: two labelled
// tweets joined), where the cost per text weighs less.
func BenchmarkAnalyzeLong(b *testing.B) {
	set := labelledTexts(b)
	var texts [][]byte
	var size int64
	for i := 0; i+1 < len(set); i += 2 {
		s := set[i] + " " + set[i+1]
		texts = append(texts, []byte(s))
		size += int64(len(s))
	}
	b.SetBytes(size)
	var a Analyzer
	for b.Loop() {
		for _, t := range texts {
			a.Analyze(t)
		}
	}
}

// BenchmarkBuildTable is the one-time cost of the first Analyze: building
// the hash index over the generated lexicon.
func BenchmarkBuildTable(b *testing.B) {
	for b.Loop() {
		buildTable()
	}
}
