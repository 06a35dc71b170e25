package evaluate

import (
	"fmt"
	"slices"
)

// Report is scikit-learn's classification_report and confusion_matrix over
// the counts. JSON names are fixed (the result document's checks read them).
type Report struct {
	Confusion Confusion `json:"confusion"`
	Classes   []Class   `json:"classes"`
	Accuracy  float64   `json:"accuracy"`
	Macro     Average   `json:"macro"`
	Weighted  Average   `json:"weighted"`
	// Total is the number of records evaluated.
	Total int64 `json:"total"`
}

// Confusion is a confusion matrix: Matrix[i][j] counts the records given
// Labels[i] and predicted Labels[j]; Shares[i][j] is Matrix[i][j] over the
// sum of row i (0 for an empty row).
type Confusion struct {
	Labels []string    `json:"labels"`
	Matrix [][]int64   `json:"matrix"`
	Shares [][]float64 `json:"shares"`
}

// Class holds one label's scores.
type Class struct {
	Label     string  `json:"label"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int64   `json:"support"`
}

// Average is a macro or weighted average of the per-class scores; Support
// is the total support.
type Average struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int64   `json:"support"`
}

// Binary is the binary view: the labels in Positive count as 1, all others
// as 0. Its confusion matrix has labels ["0", "1"]: [[TN, FP], [FN, TP]].
type Binary struct {
	Positive  []string  `json:"positive"`
	TP        int64     `json:"tp"`
	FP        int64     `json:"fp"`
	FN        int64     `json:"fn"`
	TN        int64     `json:"tn"`
	Precision float64   `json:"precision"`
	Recall    float64   `json:"recall"`
	F1        float64   `json:"f1"`
	Accuracy  float64   `json:"accuracy"`
	Confusion Confusion `json:"confusion"`
}

// ratio is n/d, or 0 when d is 0 (zero_division = 0).
func ratio(n, d float64) float64 {
	if d == 0 {
		return 0
	}
	return n / d
}

// Report computes the report. With no order, the labels are the sorted
// union of the labels seen (see SortLabels); with an order, its labels come
// first, in that order, then any other label seen, sorted. It fails when
// records were left out for having more than MaxClasses labels, or when the
// order names more than MaxClasses labels or one twice.
func (c *Counts) Report(order ...string) (*Report, error) {
	if err := c.err(); err != nil {
		return nil, err
	}
	labels, err := c.reportLabels(order)
	if err != nil {
		return nil, err
	}
	n := len(labels)
	ids := make([]int, n) // report position -> label id, -1 for a label never seen
	for i, l := range labels {
		ids[i] = c.idString(l)
	}
	cell := func(i, j int) int64 {
		if ids[i] < 0 || ids[j] < 0 {
			return 0
		}
		return c.cells[ids[i]*MaxClasses+ids[j]]
	}

	r := &Report{Total: c.total, Classes: make([]Class, n)}
	r.Confusion = Confusion{Labels: labels, Matrix: make([][]int64, n), Shares: make([][]float64, n)}
	predicted := make([]int64, n) // column sums
	var correct int64
	for i := range n {
		row := make([]int64, n)
		var support int64
		for j := range n {
			row[j] = cell(i, j)
			support += row[j]
			predicted[j] += row[j]
		}
		r.Confusion.Matrix[i] = row
		r.Confusion.Shares[i] = shares(row, support)
		r.Classes[i] = Class{Label: labels[i], Support: support}
		correct += row[i]
	}
	for i := range r.Classes {
		k := &r.Classes[i]
		tp := float64(r.Confusion.Matrix[i][i])
		fp := float64(predicted[i]) - tp
		fn := float64(k.Support) - tp
		k.Precision = ratio(tp, tp+fp)
		k.Recall = ratio(tp, tp+fn)
		k.F1 = ratio(2*tp, 2*tp+fp+fn)
	}
	r.Accuracy = ratio(float64(correct), float64(c.total))

	var sumP, sumR, sumF, wP, wR, wF float64
	for _, k := range r.Classes {
		sumP += k.Precision
		sumR += k.Recall
		sumF += k.F1
		w := float64(k.Support)
		wP += float64(w * k.Precision)
		wR += float64(w * k.Recall)
		wF += float64(w * k.F1)
	}
	r.Macro = Average{ratio(sumP, float64(n)), ratio(sumR, float64(n)), ratio(sumF, float64(n)), c.total}
	t := float64(c.total)
	r.Weighted = Average{ratio(wP, t), ratio(wR, t), ratio(wF, t), c.total}
	return r, nil
}

func (c *Counts) reportLabels(order []string) ([]string, error) {
	if len(order) == 0 {
		labels := c.Labels()
		if labels == nil {
			labels = []string{}
		}
		return labels, nil
	}
	if len(order) > MaxClasses {
		return nil, fmt.Errorf("evaluation handles at most %d classes; the label order names %d", MaxClasses, len(order))
	}
	labels := slices.Clone(order)
	for i, l := range labels {
		if slices.Contains(labels[:i], l) {
			return nil, fmt.Errorf("label %q is twice in the label order", l)
		}
	}
	var rest []string
	for _, l := range c.labels {
		if !slices.Contains(order, l) {
			rest = append(rest, l)
		}
	}
	labels = append(labels, SortLabels(rest)...)
	if len(labels) > MaxClasses {
		return nil, fmt.Errorf("evaluation handles at most %d classes; the label order and the labels seen make %d", MaxClasses, len(labels))
	}
	return labels, nil
}

func shares(row []int64, sum int64) []float64 {
	s := make([]float64, len(row))
	if sum == 0 {
		return s
	}
	for j, v := range row {
		s[j] = float64(v) / float64(sum)
	}
	return s
}

// Binary computes the binary view, where a label is positive (1) when it
// is one of positive, on the given and on the predicted side alike. Pass
// both spellings when the two sides name the positive class differently,
// as Binary("positive", "POS") does for given labels positive/negative/
// neutral and the built-in model's POS/NEG/NEU. It fails like Report when
// records were left out.
func (c *Counts) Binary(positive ...string) (*Binary, error) {
	if err := c.err(); err != nil {
		return nil, err
	}
	isPos := make([]bool, len(c.labels))
	for i, l := range c.labels {
		isPos[i] = slices.Contains(positive, l)
	}
	b := &Binary{Positive: slices.Clone(positive)}
	if b.Positive == nil {
		b.Positive = []string{}
	}
	for g := range c.labels {
		for p := range c.labels {
			n := c.cells[g*MaxClasses+p]
			switch {
			case isPos[g] && isPos[p]:
				b.TP += n
			case isPos[p]:
				b.FP += n
			case isPos[g]:
				b.FN += n
			default:
				b.TN += n
			}
		}
	}
	tp, fp, fn, tn := float64(b.TP), float64(b.FP), float64(b.FN), float64(b.TN)
	b.Precision = ratio(tp, tp+fp)
	b.Recall = ratio(tp, tp+fn)
	b.F1 = ratio(2*tp, 2*tp+fp+fn)
	b.Accuracy = ratio(tp+tn, tp+fp+fn+tn)
	b.Confusion = Confusion{
		Labels: []string{"0", "1"},
		Matrix: [][]int64{{b.TN, b.FP}, {b.FN, b.TP}},
		Shares: [][]float64{shares([]int64{b.TN, b.FP}, b.TN+b.FP), shares([]int64{b.FN, b.TP}, b.FN+b.TP)},
	}
	return b, nil
}
