package pipeline

import (
	"errors"
	"fmt"

	json "github.com/goccy/go-json"

	"dropsight/core/budget"
	"dropsight/core/evaluate"
	"dropsight/core/timestamp"
)

// Totals are the pipeline's plain counts over part of the input.
type Totals struct {
	Records int64 `json:"records"`
	// Nulls and Empties count, per field (date, user, text, sentiment,
	// prediction), the records where it is absent or null, and where it is
	// empty or white space only.
	Nulls   [nField]int64 `json:"nulls"`
	Empties [nField]int64 `json:"empties"`
	// InvalidDates counts dates present but in no known layout.
	InvalidDates   int64 `json:"invalidDates"`
	WithMention    int64 `json:"withMention"`
	WithoutMention int64 `json:"withoutMention"`
	MentionRows    int64 `json:"mentionRows"` // silver rows that have a mention
	SilverRows     int64 `json:"silverRows"`
	// Given counts records by given class: positive, negative, neutral,
	// other, missing; Predicted by the model's label: NEG, NEU, POS.
	Given     [5]int64 `json:"given"`
	Predicted [3]int64 `json:"predicted"`
	// Unpredicted counts labelled records without a value in the
	// prediction field.
	Unpredicted int64 `json:"unpredicted"`
	// StageNs is the time spent in the bronze, silver and gold stages, in
	// nanoseconds, summed over the workers.
	StageNs [3]int64 `json:"stageNs"`
}

func (t *Totals) add(o *Totals) {
	t.Records += o.Records
	for i := range t.Nulls {
		t.Nulls[i] += o.Nulls[i]
		t.Empties[i] += o.Empties[i]
	}
	t.InvalidDates += o.InvalidDates
	t.WithMention += o.WithMention
	t.WithoutMention += o.WithoutMention
	t.MentionRows += o.MentionRows
	t.SilverRows += o.SilverRows
	for i := range t.Given {
		t.Given[i] += o.Given[i]
	}
	for i := range t.Predicted {
		t.Predicted[i] += o.Predicted[i]
	}
	t.Unpredicted += o.Unpredicted
	for i := range t.StageNs {
		t.StageNs[i] += o.StageNs[i]
	}
}

// mentionAgg is one mention's application row in the making.
type mentionAgg struct {
	pred     [3]int64 // gold rows by predicted label: NEG, NEU, POS
	min, max int64
	timed    bool
}

func (m *mentionAgg) addTime(unix int64) {
	if !m.timed {
		m.min, m.max, m.timed = unix, unix, true
		return
	}
	m.min = min(m.min, unix)
	m.max = max(m.max, unix)
}

// dayAgg counts one day's records.
type dayAgg struct {
	tweets    int64
	given     [5]int64
	predicted [3]int64
}

// state is the counter's mergeable state.
type state struct {
	Totals
	users    map[string]*int64
	mentions map[string]*mentionAgg
	days     map[int32]*dayAgg
	Model    evaluate.Counts // given vs the built-in model
	Column   evaluate.Counts // given vs the prediction field

	mem budget.Meter // the bytes of the maps above, and the first entry that did not fit (see budget.go)
}

func newState() state {
	return state{users: map[string]*int64{}, mentions: map[string]*mentionAgg{}, days: map[int32]*dayAgg{}}
}

func (s *state) addUser(name []byte, n int64) {
	if p := s.users[string(name)]; p != nil {
		*p += n
		return
	}
	if !s.fits(int64(len(name))+userCost, "users") {
		return
	}
	count := n // a copy: taking n's address would move it to the heap on every call
	s.users[string(name)] = &count
}

// mention returns the application row of a mention, nil when a new one
// does not fit the budget.
func (s *state) mention(name []byte) *mentionAgg {
	m := s.mentions[string(name)]
	if m == nil {
		if !s.fits(int64(len(name))+mentionCost, "application rows (mentions)") {
			return nil
		}
		m = &mentionAgg{}
		s.mentions[string(name)] = m
	}
	return m
}

func (s *state) addMention(name []byte, pred int, unix int64, timed bool) {
	m := s.mention(name)
	if m == nil {
		return
	}
	m.pred[pred]++
	if timed {
		m.addTime(unix)
	}
}

// dayOf returns a day's counts, nil when a new day does not fit the budget.
func (s *state) dayOf(day int32) *dayAgg {
	d := s.days[day]
	if d == nil {
		if !s.fits(dayCost, "days") {
			return nil
		}
		d = &dayAgg{}
		s.days[day] = d
	}
	return d
}

func (s *state) addDay(day int32, class, pred int) {
	d := s.dayOf(day)
	if d == nil {
		return
	}
	d.tweets++
	d.given[class]++
	d.predicted[pred]++
}

// State is the serializable form of a Counter's aggregates: what a worker
// hands to the merge. Keys are values (users, mentions, days), never
// local ids, so states from any workers combine.
type State struct {
	Totals
	Users    map[string]int64        `json:"users"`
	Mentions map[string]MentionState `json:"mentions"`
	Days     map[string]DayState     `json:"days"`
	Model    evaluate.State          `json:"model"`
	Column   evaluate.State          `json:"column"`
}

// MentionState is one mention's counts: gold rows by predicted label, and
// the first and last timestamp (Unix seconds; absent when no row had one).
type MentionState struct {
	Predicted [3]int64 `json:"predicted"`
	First     *int64   `json:"first,omitempty"`
	Last      *int64   `json:"last,omitempty"`
}

// DayState counts one day's records by given class and by predicted label.
type DayState struct {
	Tweets    int64    `json:"tweets"`
	Given     [5]int64 `json:"given"`
	Predicted [3]int64 `json:"predicted"`
}

// State exports the counter's aggregates.
func (c *Counter) State() State {
	s := &c.st
	out := State{
		Totals:   s.Totals,
		Users:    make(map[string]int64, len(s.users)),
		Mentions: make(map[string]MentionState, len(s.mentions)),
		Days:     make(map[string]DayState, len(s.days)),
		Model:    s.Model.State(),
		Column:   s.Column.State(),
	}
	for u, n := range s.users {
		out.Users[u] = *n
	}
	for name, m := range s.mentions {
		ms := MentionState{Predicted: m.pred}
		if m.timed {
			first, last := m.min, m.max
			ms.First, ms.Last = &first, &last
		}
		out.Mentions[name] = ms
	}
	for day, d := range s.days {
		out.Days[timestamp.DayString(day)] = DayState{Tweets: d.tweets, Given: d.given, Predicted: d.predicted}
	}
	return out
}

// Merge adds a state (from another part of the input) into the counter.
func (c *Counter) Merge(o State) error {
	s := &c.st
	s.Totals.add(&o.Totals)
	for u, n := range o.Users {
		s.addUser([]byte(u), n)
	}
	for name, ms := range o.Mentions {
		m := s.mention([]byte(name))
		if m == nil {
			return s.mem.Err()
		}
		for i := range m.pred {
			m.pred[i] += ms.Predicted[i]
		}
		if ms.First != nil && ms.Last != nil {
			m.addTime(*ms.First)
			m.addTime(*ms.Last)
		}
	}
	for name, ds := range o.Days {
		day, ok := timestamp.ParseDay(name)
		if !ok {
			return fmt.Errorf("bad day %q in a partial state", name)
		}
		d := s.dayOf(day)
		if d == nil {
			return s.mem.Err()
		}
		d.tweets += ds.Tweets
		for i := range d.given {
			d.given[i] += ds.Given[i]
		}
		for i := range d.predicted {
			d.predicted[i] += ds.Predicted[i]
		}
	}
	// Too many classes is not an error of the merge: the report says it.
	for _, m := range []struct {
		c *evaluate.Counts
		s evaluate.State
	}{{&s.Model, o.Model}, {&s.Column, o.Column}} {
		if err := m.c.MergeState(m.s); err != nil && !errors.As(err, new(*evaluate.TooManyClassesError)) {
			return err
		}
	}
	return s.mem.Err()
}

// Snapshot implements engine.Counter.
func (c *Counter) Snapshot() ([]byte, error) { return json.Marshal(c.State()) }

// MergeSnapshot implements engine.Counter.
func (c *Counter) MergeSnapshot(data []byte) error {
	var s State
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	return c.Merge(s)
}
