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

	// Role is what the input holds for recipes that read several kinds.
	Role string `json:"role,omitempty"`
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
	m, err := NewMerger(req)
	if err != nil {
		return nil, err
	}
	for _, p := range req.Partials {
		if err := m.Add(p); err != nil {
			return nil, err
		}
	}
	if err := m.CheckSpans(); err != nil {
		return nil, err
	}
	return m.Document(), nil
}

// A Merger folds partial states into one counter as they come, so that only
// one partial's decoded state is held at a time: in a wasm worker, whose
// memory never shrinks, that bounds the merge's peak.
type Merger struct {
	req     MergeRequest
	counter Counter
	parts   []*Partial // the partials' counts and rejects, without their states
}

// NewMerger starts a merge; req.Partials is ignored.
func NewMerger(req MergeRequest) (*Merger, error) {
	c, err := NewCounter(req.Recipe, req.Params)
	if err != nil {
		return nil, err
	}
	return &Merger{req: req, counter: c}, nil
}

// Add merges one partial state.
func (m *Merger) Add(p *Partial) error {
	if p.Recipe != m.req.Recipe {
		return fmt.Errorf("partial of recipe %q in a %q run", p.Recipe, m.req.Recipe)
	}
	if p.Input < 0 || p.Input >= len(m.req.Inputs) {
		return fmt.Errorf("partial for unknown input %d", p.Input)
	}
	if err := m.counter.MergeSnapshot(p.State); err != nil {
		return fmt.Errorf("partial of %s range %d: %v", m.req.Inputs[p.Input].Name, p.Range, err)
	}
	counts := *p
	counts.State = nil
	m.parts = append(m.parts, &counts)
	return nil
}

// Document builds the result document from what was added.
func (m *Merger) Document() *result.Document {
	doc := &result.Document{
		Recipe:     m.req.Recipe,
		Version:    result.Version,
		Parameters: m.counter.Parameters(),
		Inputs:     make([]result.Input, len(m.req.Inputs)),
		Results:    m.counter.Summary(),
		Rejects:    []result.Reject{},
		Metrics:    m.req.Metrics,
	}
	for i, in := range m.req.Inputs {
		doc.Inputs[i] = result.Input{Name: in.Name, Bytes: in.Bytes, Format: string(in.Format), Gzip: in.Gzip}
		doc.Inputs[i].Role = in.Role
		doc.Metrics.Bytes += in.Bytes
	}
	slices.SortFunc(m.parts, func(a, b *Partial) int {
		return cmp.Or(cmp.Compare(a.Input, b.Input), cmp.Compare(a.Range, b.Range))
	})
	for _, p := range m.parts {
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
	if doc.Metrics.Seconds > 0 {
		doc.Metrics.BytesPerSecond = float64(doc.Metrics.Bytes) / doc.Metrics.Seconds
	}
	return doc
}
