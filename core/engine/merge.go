package engine

import (
	"cmp"
	"fmt"
	"slices"

	json "github.com/goccy/go-json"

	"dropsight/core/records"
	"dropsight/core/result"
)

// InputInfo describes one input of a run.
type InputInfo struct {
	Name   string         `json:"name"`
	Bytes  int64          `json:"bytes"`
	Format records.Format `json:"format"`
	Gzip   bool           `json:"gzip"`
}

// MergeRequest is everything Merge needs: the run's inputs and parameters,
// the partial states of all its ranges (in any order) and the run's metrics.
type MergeRequest struct {
	Recipe   string          `json:"recipe"`
	Params   json.RawMessage `json:"params"`
	Inputs   []InputInfo     `json:"inputs"`
	Partials []*Partial      `json:"-"`
	Metrics  result.Metrics  `json:"metrics"`
}

// Merge combines the partial states into the result document. The outcome
// does not depend on the order of the partials.
func Merge(req MergeRequest) (*result.Document, error) {
	counter, err := NewCounter(req.Recipe, req.Params)
	if err != nil {
		return nil, err
	}
	parts := slices.Clone(req.Partials)
	slices.SortFunc(parts, func(a, b *Partial) int {
		return cmp.Or(cmp.Compare(a.Input, b.Input), cmp.Compare(a.Range, b.Range))
	})
	doc := &result.Document{
		Recipe:     req.Recipe,
		Version:    result.Version,
		Parameters: counter.Parameters(),
		Inputs:     make([]result.Input, len(req.Inputs)),
		Rejects:    []result.Reject{},
		Metrics:    req.Metrics,
	}
	for i, in := range req.Inputs {
		doc.Inputs[i] = result.Input{Name: in.Name, Bytes: in.Bytes, Format: string(in.Format), Gzip: in.Gzip}
	}
	for _, p := range parts {
		if p.Recipe != req.Recipe {
			return nil, fmt.Errorf("partial of recipe %q in a %q run", p.Recipe, req.Recipe)
		}
		if p.Input < 0 || p.Input >= len(doc.Inputs) {
			return nil, fmt.Errorf("partial for unknown input %d", p.Input)
		}
		if err := counter.MergeSnapshot(p.State); err != nil {
			return nil, fmt.Errorf("partial of %s range %d: %v", req.Inputs[p.Input].Name, p.Range, err)
		}
		in := &doc.Inputs[p.Input]
		// Ranges are sorted, so the lines of the earlier ranges of this
		// input are already counted: they turn range lines into file lines.
		for _, r := range p.Rejects {
			if len(doc.Rejects) < result.MaxRejects {
				r.Line += in.Lines
				doc.Rejects = append(doc.Rejects, r)
			}
		}
		in.Lines += p.Lines
		in.Records += p.Records
		in.Rejected += p.Rejected
		doc.RejectedTotal += p.Rejected
		doc.Metrics.Records += p.Records
		doc.Metrics.Rejected += p.Rejected
	}
	doc.Results = counter.Summary()
	doc.Metrics.Bytes = 0
	for _, in := range doc.Inputs {
		doc.Metrics.Bytes += in.Bytes
	}
	if doc.Metrics.Seconds > 0 {
		doc.Metrics.BytesPerSecond = float64(doc.Metrics.Bytes) / doc.Metrics.Seconds
	}
	return doc, nil
}
