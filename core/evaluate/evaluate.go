// Package evaluate scores a classifier's predictions against given labels,
// with the definitions of scikit-learn's confusion_matrix and
// classification_report (zero_division = 0):
//
//   - Labels: the sorted union of the given and the predicted labels
//     (numerically when every label is a number, as numpy sorts numbers;
//     otherwise byte-wise), or an order the caller gives (labels seen but
//     missing from that order follow it, sorted, so that no record is left
//     out; a label of the order never seen gets a row and a column of zeros).
//   - Confusion matrix: rows are given labels, columns predicted labels;
//     shares divide each row by its sum (a row of zeros stays zeros).
//   - Per class: precision = TP / (TP + FP), recall = TP / (TP + FN),
//     F1 = 2·TP / (2·TP + FP + FN) (the harmonic mean of precision and
//     recall), support = TP + FN, the records given that label. A ratio
//     whose denominator is 0 is 0.
//   - Accuracy: the share of records whose prediction equals the given label.
//   - Macro average: the unweighted mean of the per-class values; weighted
//     average: their mean weighted by support. Both report the total
//     support.
//   - Binary view: the labels named positive count as 1, all others as 0, on
//     both sides; TP, FP, FN, TN, and precision, recall, F1 and accuracy of
//     the positive class (scikit-learn's average="binary").
//
// Counts, the state, is a table of (given, predicted) pairs: counts over
// different parts of the data merge by adding up. It holds at most
// MaxClasses distinct labels, which keeps it small whatever column is picked.
package evaluate

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// MaxClasses is the largest number of distinct labels (given and predicted
// together) an evaluation handles.
const MaxClasses = 50

// TooManyClassesError says a label would have been class MaxClasses+1.
type TooManyClassesError struct {
	Label string // the first label that did not fit
}

func (e *TooManyClassesError) Error() string {
	return fmt.Sprintf("evaluation handles at most %d classes (given and predicted labels together); %q would be one more: is the label column categorical?", MaxClasses, e.Label)
}

// Counts counts (given, predicted) label pairs. The zero value is empty and
// ready to use.
type Counts struct {
	labels  []string // distinct labels in order of arrival; an index is a label id
	cells   []int64  // MaxClasses × MaxClasses, row = given id, column = predicted id
	total   int64
	dropped int64  // pairs not counted because of MaxClasses
	over    string // the first label that did not fit
}

// id returns the id of a label, or -1.
func (c *Counts) id(label []byte) int {
	for i, l := range c.labels {
		if l == string(label) {
			return i
		}
	}
	return -1
}

func (c *Counts) idString(label string) int {
	for i, l := range c.labels {
		if l == label {
			return i
		}
	}
	return -1
}

// Add counts one record. When its labels would make more than MaxClasses
// distinct labels, the record is not counted and the error is a
// *TooManyClassesError; Report will fail too.
func (c *Counts) Add(given, predicted []byte) error {
	g, p := c.id(given), c.id(predicted)
	if g < 0 || p < 0 {
		if err := c.room(given, predicted, g < 0, p < 0, 1); err != nil {
			return err
		}
		if g < 0 {
			g = c.push(string(given))
		}
		if p < 0 {
			if p = c.id(predicted); p < 0 {
				p = c.push(string(predicted))
			}
		}
	}
	c.cells[g*MaxClasses+p]++
	c.total++
	return nil
}

// AddN counts n records with these labels; n must not be negative.
func (c *Counts) AddN(given, predicted string, n int64) error {
	if n < 0 {
		return fmt.Errorf("evaluate: a count of %d records (%q, %q)", n, given, predicted)
	}
	g, p := c.idString(given), c.idString(predicted)
	if g < 0 || p < 0 {
		if err := c.room([]byte(given), []byte(predicted), g < 0, p < 0, n); err != nil {
			return err
		}
		if g < 0 {
			g = c.push(given)
		}
		if p < 0 {
			if p = c.idString(predicted); p < 0 {
				p = c.push(predicted)
			}
		}
	}
	c.cells[g*MaxClasses+p] += n
	c.total += n
	return nil
}

// room checks that the new labels of a pair fit, and counts the pair as
// dropped when they do not.
func (c *Counts) room(given, predicted []byte, newGiven, newPredicted bool, n int64) error {
	need := 0
	if newGiven {
		need++
	}
	if newPredicted && !(newGiven && string(given) == string(predicted)) {
		need++
	}
	if len(c.labels)+need <= MaxClasses {
		return nil
	}
	label := string(given)
	if !newGiven {
		label = string(predicted)
	}
	c.dropped += n
	if c.over == "" || label < c.over {
		c.over = label
	}
	return &TooManyClassesError{Label: label}
}

func (c *Counts) push(label string) int {
	if c.cells == nil {
		c.cells = make([]int64, MaxClasses*MaxClasses)
	}
	c.labels = append(c.labels, label)
	return len(c.labels) - 1
}

// Total is the number of records counted.
func (c *Counts) Total() int64 { return c.total }

// Count is the number of records with this given and predicted label.
func (c *Counts) Count(given, predicted string) int64 {
	g, p := c.idString(given), c.idString(predicted)
	if g < 0 || p < 0 {
		return 0
	}
	return c.cells[g*MaxClasses+p]
}

// Merge adds the counts of o. Pairs whose labels do not fit make it return
// a *TooManyClassesError, after the others are added.
func (c *Counts) Merge(o *Counts) error {
	return c.MergeState(o.State())
}

// State is the serialisable form of Counts: given label → predicted label →
// count, with the records left out for having too many classes.
type State struct {
	Counts  map[string]map[string]int64 `json:"counts"`
	Dropped int64                       `json:"dropped,omitempty"`
	Over    string                      `json:"over,omitempty"`
}

// State exports the counts.
func (c *Counts) State() State {
	s := State{Counts: make(map[string]map[string]int64), Dropped: c.dropped, Over: c.over}
	for g, gl := range c.labels {
		for p, pl := range c.labels {
			if n := c.cells[g*MaxClasses+p]; n != 0 {
				row := s.Counts[gl]
				if row == nil {
					row = make(map[string]int64)
					s.Counts[gl] = row
				}
				row[pl] = n
			}
		}
	}
	return s
}

// MergeState adds a state into the counts. The pairs are added in sorted
// order, so which ones fit, when there are too many labels, does not depend
// on map order.
func (c *Counts) MergeState(s State) error {
	c.dropped += s.Dropped
	if s.Over != "" && (c.over == "" || s.Over < c.over) {
		c.over = s.Over
	}
	for _, g := range sortedKeys(s.Counts) {
		row := s.Counts[g]
		for _, p := range sortedKeys(row) {
			// a pair that does not fit is counted in dropped, reported below
			if err := c.AddN(g, p, row[p]); err != nil && !errors.As(err, new(*TooManyClassesError)) {
				return err
			}
		}
	}
	return c.err()
}

// err is the error of counts that left records out.
func (c *Counts) err() error {
	if c.dropped > 0 {
		return &TooManyClassesError{Label: c.over}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Labels returns the labels seen, in report order (see SortLabels).
func (c *Counts) Labels() []string {
	return SortLabels(slices.Clone(c.labels))
}

// SortLabels sorts labels as numpy sorts the labels scikit-learn reports:
// numerically when every label is a number, otherwise byte-wise. It sorts
// in place and returns labels.
func SortLabels(labels []string) []string {
	nums := make([]float64, len(labels))
	numeric := true
	for i, l := range labels {
		f, err := strconv.ParseFloat(l, 64)
		if err != nil || f != f {
			numeric = false
			break
		}
		nums[i] = f
	}
	if !numeric {
		slices.Sort(labels)
		return labels
	}
	idx := make([]int, len(labels))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		return cmp.Or(cmp.Compare(nums[a], nums[b]), cmp.Compare(labels[a], labels[b]))
	})
	sorted := make([]string, len(labels))
	for i, j := range idx {
		sorted[i] = labels[j]
	}
	copy(labels, sorted)
	return labels
}
