package engine

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

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

	// Files is the number of files of a folder input (format "object").
	Files int64 `json:"files,omitempty"`

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
	// MemoryLimit bounds the bytes of the merged recipe state (see package
	// budget); 0: budget.Default().
	MemoryLimit int64 `json:"memoryLimit,omitempty"`
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
	started time.Time  // for the merge stage of the run profile
}

// NewMerger starts a merge; req.Partials is ignored.
func NewMerger(req MergeRequest) (*Merger, error) {
	c, err := NewCounter(req.Recipe, req.Params)
	if err != nil {
		return nil, err
	}
	limitMemory(c, req.MemoryLimit)
	return &Merger{req: req, counter: c, started: time.Now()}, nil
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
		return fmt.Errorf("merging %s (range %d): %w", m.req.Inputs[p.Input].Name, p.Range+1, err)
	}
	counts := *p
	counts.State = nil
	m.parts = append(m.parts, &counts)
	return nil
}

// SetRun replaces the run's inputs and metrics. A merge that starts while
// ranges are still being read (the page adds each partial as its range
// ends) learns them only once every range is read: a folder's bytes and
// the run's times.
func (m *Merger) SetRun(inputs []InputInfo, metrics result.Metrics) error {
	if len(inputs) != len(m.req.Inputs) {
		return fmt.Errorf("the merge began with %d inputs and ends with %d", len(m.req.Inputs), len(inputs))
	}
	m.req.Inputs, m.req.Metrics = inputs, metrics
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
		doc.Inputs[i].Files = in.Files
		doc.Metrics.Bytes += in.Bytes
	}
	slices.SortFunc(m.parts, func(a, b *Partial) int {
		return cmp.Or(cmp.Compare(a.Input, b.Input), cmp.Compare(a.Range, b.Range))
	})
	var rejects result.RejectSample
	for _, p := range m.parts {
		in := &doc.Inputs[p.Input]
		// Ranges are sorted, so the lines of the earlier ranges of this
		// input are already counted: they turn range lines into file lines.
		for _, r := range p.Rejects {
			r.Line += in.Lines
			rejects.Add(r)
		}
		in.Lines += p.Lines
		in.Records += p.Records
		in.Rejected += p.Rejected
		doc.RejectedTotal += p.Rejected
		doc.Metrics.Records += p.Records
		doc.Metrics.Rejected += p.Rejected
	}
	doc.Rejects = rejects.List()
	if doc.Metrics.Seconds > 0 {
		doc.Metrics.BytesPerSecond = float64(doc.Metrics.Bytes) / doc.Metrics.Seconds
	}
	m.timeStages(&doc.Metrics)
	return doc
}

// timeStages adds the run's stage times: the tasks' reading and engine
// time, and this merge's, measured up to now.
func (m *Merger) timeStages(metrics *result.Metrics) {
	st := &result.Stages{MergeMs: float64(time.Since(m.started).Microseconds()) / 1000}
	for _, t := range metrics.Tasks {
		st.ReadMs += t.ReadMs
		st.ParseAggregateMs += t.EngineMs
	}
	// Microseconds are the clocks' resolution; the sums would print float noise.
	st.ReadMs = math.Round(st.ReadMs*1000) / 1000
	st.ParseAggregateMs = math.Round(st.ParseAggregateMs*1000) / 1000
	metrics.Stages = st
	if metrics.Merge != nil {
		span := *metrics.Merge
		span.EndMs = span.StartMs + st.MergeMs
		metrics.Merge = &span
	}
}
