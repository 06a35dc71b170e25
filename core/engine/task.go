package engine

import (
	"fmt"

	json "github.com/goccy/go-json"

	"dropsight/core/delimited"
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
	// CSV is the dialect of a CSV input (delimiter, header, columns): ranges
	// after the first never see the header row, so the sniff supplies it.
	CSV *delimited.Dialect `json:"csv,omitempty"`
	// Columns name the fields of JSON records (their top-level keys) for
	// recipes that read fields by column name; CSV inputs use CSV.Columns.
	Columns []string `json:"columns,omitempty"`
	// Role is what the input holds when a recipe reads several kinds of
	// input (engagement: "interactions", the default, or "metadata").
	Role string `json:"role,omitempty"`
	// MemoryLimit bounds the bytes of the range's recipe state (see
	// package budget); 0: budget.Default().
	MemoryLimit int64 `json:"memoryLimit,omitempty"`
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
	// Span is the bytes the rows of a CSV range cover; see Merger.CheckSpans.
	Span *Span `json:"span,omitempty"`
}

// Task processes one range. Feed it the bytes from ReadFrom on, in order,
// until Feed returns false or the input ends, then call End.
type Task struct {
	spec    TaskSpec
	counter Counter
	lines   *records.Lines
	array   *records.Array
	rows    *delimited.Reader
	object  *records.Whole // a folder's files (records.Object), see NextFile
	fed     int64
	records int64
	reject  int64
	rejects result.RejectSample

	// rowCounter is the counter, for CSV rows.
	rowCounter RowCounter

	stop error // the state outgrew its budget: End returns it (see stopOn)
}

// NewTask prepares a task.
func NewTask(spec TaskSpec) (*Task, error) {
	c, err := NewCounter(spec.Recipe, spec.Params)
	if err != nil {
		return nil, err
	}
	limitMemory(c, spec.MemoryLimit)
	t := &Task{spec: spec, counter: c}
	if err := t.setInput(); err != nil {
		return nil, err
	}
	switch spec.Format {
	case records.NDJSON:
		t.lines = &records.Lines{Start: spec.Range.Start, End: max(spec.Range.End, 0)}
	case records.JSONArray:
		if spec.Range.Start != 0 || spec.Range.End > 0 {
			return nil, fmt.Errorf("a JSON array cannot be split into ranges")
		}
		t.array = &records.Array{}
	case records.Object:
		t.object = &records.Whole{}
	case CSV:
		if err := t.beginRows(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%s: not a format Dropsight reads (NDJSON, a JSON array or CSV)", spec.Input.Name)
	}
	return t, nil
}

// ReadFrom is the input offset the bytes must start at.
func (t *Task) ReadFrom() int64 {
	if t.lines != nil {
		return t.lines.ReadFrom()
	}
	if t.rows != nil {
		return t.rows.ReadFrom()
	}
	return 0
}

// Feed hands the next bytes; it reports whether the task wants more.
func (t *Task) Feed(chunk []byte) bool {
	if t.stop != nil {
		return false
	}
	return t.feed(chunk) && t.stop == nil
}

func (t *Task) feed(chunk []byte) bool {
	t.fed += int64(len(chunk))
	if t.lines != nil {
		return t.lines.Feed(chunk, t)
	}
	if t.rows != nil {
		return t.rows.Feed(chunk, t)
	}
	if t.object != nil {
		return t.object.Feed(chunk, t)
	}
	return t.array.Feed(chunk, t)
}

// Records is the number of records counted so far.
func (t *Task) Records() int64 { return t.records }

// Record implements records.Sink.
func (t *Task) Record(rec []byte, line int) {
	if at := records.InvalidUTF8(rec); at >= 0 {
		t.Reject(line, fmt.Sprintf("invalid UTF-8 at byte %d: save the file as UTF-8", at), rec)
		return
	}
	if err := t.counter.Add(rec); err != nil {
		if t.stopOn(err) {
			return
		}
		t.Reject(line, err.Error(), rec)
		return
	}
	t.records++
}

// Reject implements records.Sink.
func (t *Task) Reject(line int, reason string, text []byte) {
	t.reject++
	if t.rejects.Wants(reason) {
		t.rejects.Add(result.Reject{
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
	} else if t.rows != nil {
		line, text = t.rows.Cut()
	} else if t.object != nil {
		line, text = t.object.Cut()
	} else {
		line, text = t.array.Cut()
	}
	t.Reject(line, reason, text)
}

// End finishes the task and returns its partial state.
func (t *Task) End() (*Partial, error) {
	if t.stop != nil {
		return nil, t.stop
	}
	var lines, owned int64
	var span *Span
	if t.lines != nil {
		t.lines.Finish(t)
		lines, owned = int64(t.lines.LineCount()), t.lines.Owned()
	} else if t.rows != nil {
		t.rows.Finish(t)
		lines, owned = int64(t.rows.LineCount()), t.rows.Owned()
		span = &Span{}
		span.From, span.To = t.rows.Span()
	} else if t.object != nil {
		t.object.Finish(t)
		owned = t.fed
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
		Rejects:  t.rejects.List(),
		Span:     span,
	}, nil
}
