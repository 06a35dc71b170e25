package evaluation

import "dropsight/core/evaluate"

// Results are the recipe's answers. The report's JSON names are those of
// the sentiment pipeline's results.evaluation: confusion, classes,
// accuracy, macro, weighted, binary, error.
type Results struct {
	// Records is the number of records read; Evaluated those scored.
	Records   int64   `json:"records"`
	Evaluated int64   `json:"evaluated"`
	Skipped   Skipped `json:"skipped"`

	Confusion evaluate.Confusion `json:"confusion"`
	Classes   []evaluate.Class   `json:"classes"`
	Accuracy  float64            `json:"accuracy"`
	Macro     evaluate.Average   `json:"macro"`
	Weighted  evaluate.Average   `json:"weighted"`
	// Binary is the positive-versus-the-rest view, when Params.Positive is set.
	Binary *evaluate.Binary `json:"binary,omitempty"`
	// Error says why there is no report (more than evaluate.MaxClasses classes).
	Error string `json:"error,omitempty"`
}

// Skipped counts the records not scored. Records missing either value;
// NoLabel and NoPrediction those missing the label, and the prediction
// (a record missing both counts in each).
type Skipped struct {
	Records      int64 `json:"records"`
	NoLabel      int64 `json:"noLabel"`
	NoPrediction int64 `json:"noPrediction"`
}

// Summary implements engine.Counter.
func (c *Counter) Summary() any { return c.Results() }

// Results computes the answers from the counter's state.
func (c *Counter) Results() Results {
	s := &c.st
	r := Results{
		Records:   s.Records,
		Evaluated: s.Counts.Total(),
		Skipped:   Skipped{Records: s.Skipped, NoLabel: s.NoLabel, NoPrediction: s.NoPrediction},
		Classes:   []evaluate.Class{},
		Confusion: evaluate.Confusion{Labels: []string{}, Matrix: [][]int64{}, Shares: [][]float64{}},
	}
	rep, err := s.Counts.Report()
	if err == nil && c.p.Positive != "" {
		r.Binary, err = s.Counts.Binary(c.p.Positive)
	}
	if err != nil {
		r.Binary = nil
		r.Error = err.Error()
		return r
	}
	r.Confusion, r.Classes, r.Accuracy, r.Macro, r.Weighted = rep.Confusion, rep.Classes, rep.Accuracy, rep.Macro, rep.Weighted
	return r
}
