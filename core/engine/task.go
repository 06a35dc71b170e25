package engine

import (
	"fmt"

	json "github.com/goccy/go-json"

	"dropsight/core/records"
	"dropsight/core/result"
)

// TaskSpec names one range of one input for one recipe.
type TaskSpec struct {
	Recipe string          `json:"recipe"`
	Params json.RawMessage `json:"params"`
	Input  struct {
		Index int    `json:"index"`
		Name  string `json:"name"`
	} `json:"input"`
	Range struct {
		Index int   `json:"index"`
		Start int64 `json:"start"`
		End   int64 `json:"end"` // -1: to the end of input
	} `json:"range"`
	Format records.Format `json:"format"`
}

// Partial is a recipe's state over one range, with what was rejected there.
// Reject lines are counted within the range until Merge adds the lines of
// the earlier ranges.
type Partial struct {
	Recipe   string          `json:"recipe"`
	Input    int             `json:"input"`
	Range    int             `json:"range"`
	Bytes    int64           `json:"bytes"`
	Records  int64           `json:"records"`
	Rejected int64           `json:"rejected"`
	Lines    int64           `json:"lines"`
	State    json.RawMessage `json:"state"`
	Rejects  []result.Reject `json:"rejects"`
}

// Task processes one range. Feed it the bytes from ReadFrom on, in order,
// until Feed returns false or the input ends, then call End.
type Task struct {
	spec    TaskSpec
	counter Counter
	lines   *records.Lines
	array   *records.Array
	fed     int64
	records int64
	reject  int64
	rejects []result.Reject
}

// NewTask prepares a task.
func NewTask(spec TaskSpec) (*Task, error) {
	c, err := NewCounter(spec.Recipe, spec.Params)
	if err != nil {
		return nil, err
	}
	t := &Task{spec: spec, counter: c}
	switch spec.Format {
	case records.NDJSON:
		t.lines = &records.Lines{Start: spec.Range.Start, End: max(spec.Range.End, 0)}
	case records.JSONArray:
		if spec.Range.Start != 0 || spec.Range.End > 0 {
			return nil, fmt.Errorf("a JSON array cannot be split into ranges")
		}
		t.array = &records.Array{}
	default:
		return nil, fmt.Errorf("%s: not a format Dropsight reads (NDJSON or a JSON array)", spec.Input.Name)
	}
	return t, nil
}

// ReadFrom is the input offset the bytes must start at.
func (t *Task) ReadFrom() int64 {
	if t.lines != nil {
		return t.lines.ReadFrom()
	}
	return 0
}

// Feed hands the next bytes; it reports whether the task wants more.
func (t *Task) Feed(chunk []byte) bool {
	t.fed += int64(len(chunk))
	if t.lines != nil {
		return t.lines.Feed(chunk, t)
	}
	return t.array.Feed(chunk, t)
}

// Records is the number of records counted so far.
func (t *Task) Records() int64 { return t.records }

// Record implements records.Sink.
func (t *Task) Record(rec []byte, line int) {
	if err := t.counter.Add(rec); err != nil {
		t.Reject(line, err.Error(), rec)
		return
	}
	t.records++
}

// Reject implements records.Sink.
func (t *Task) Reject(line int, reason string, text []byte) {
	t.reject++
	if len(t.rejects) < result.MaxRejects {
		t.rejects = append(t.rejects, result.Reject{
			Input:  t.spec.Input.Name,
			Line:   int64(line),
			Reason: reason,
			Text:   string(text[:min(len(text), result.MaxRejectText)]),
		})
	}
}

// Fail records that the input could not be read past this point (a
// truncated gzip stream, a file that changed): the records before it count.
func (t *Task) Fail(reason string) {
	var line int
	var text []byte
	if t.lines != nil {
		line, text = t.lines.Cut()
	} else {
		line, text = t.array.Cut()
	}
	t.Reject(line, reason, text)
}

// End finishes the task and returns its partial state.
func (t *Task) End() (*Partial, error) {
	var lines, owned int64
	if t.lines != nil {
		t.lines.Finish(t)
		lines, owned = int64(t.lines.LineCount()), t.lines.Owned()
	} else {
		t.array.Finish(t)
		owned = t.fed
	}
	state, err := t.counter.Snapshot()
	if err != nil {
		return nil, err
	}
	return &Partial{
		Recipe:   t.spec.Recipe,
		Input:    t.spec.Input.Index,
		Range:    t.spec.Range.Index,
		Bytes:    owned,
		Records:  t.records,
		Rejected: t.reject,
		Lines:    lines,
		State:    state,
		Rejects:  t.rejects,
	}, nil
}
