package activity

import (
	"encoding/binary"
	"fmt"
	"slices"

	json "github.com/goccy/go-json"
)

// State is the serializable form of a Counter: what a worker hands to the
// merge. Events are base64 in JSON.
// User ids outside the fixed shapes and all codes (actions, versions,
// metadata values) are local to a state: it carries their names, and the
// merge renumbers them.
type State struct {
	Inputs []InputColumns `json:"inputs"`
	// Users names the dictionary user ids: id 2^31+i is Users[i].
	Users    []string      `json:"users"`
	Actions  []ActionState `json:"actions"`  // by code
	Versions []string      `json:"versions"` // app versions, by code
	// Events are 16 bytes each (see event), sorted by user and start.
	Events []byte     `json:"events"`
	Days   []DayState `json:"days"`
	Meta   MetaState  `json:"meta"`
}

// ActionState counts the events of one action type.
type ActionState struct {
	Name   string `json:"name"`
	Events int64  `json:"events"`
	Active int64  `json:"active"`
}

// DayState counts one local day's events and active events.
type DayState struct {
	Day    int32 `json:"day"`
	Events int64 `json:"events"`
	Active int64 `json:"active"`
}

// MetaState is every metadata row: Rows holds, per row, the user id
// (uint32), the order key (uint64: input<<48 | range<<32 | row) and one
// value code (uint32, index into Values; 0 is empty) per column, little
// endian.
type MetaState struct {
	Columns     []string `json:"columns"`
	Join        string   `json:"join"`
	JoinInput   int      `json:"joinInput"`
	Device      string   `json:"device"`
	DeviceInput int      `json:"deviceInput"`
	Values      []string `json:"values"`
	Rows        []byte   `json:"rows"`
}

// closeRun sorts the events added since the last run into a run of their own.
func (c *Counter) closeRun() {
	done := 0
	if len(c.runs) > 0 {
		done = c.runs[len(c.runs)-1]
	}
	if done < len(c.events) {
		sortEvents(c.events[done:])
		c.tally(c.events[done:])
		c.runs = append(c.runs, len(c.events))
	}
}

// sortedEvents merges the sorted runs, so that events is one sorted run.
// The merge's buffer is kept for the next time (the merge of states calls
// this after each state) until Results lets it go.
func (c *Counter) sortedEvents() []event {
	c.closeRun()
	if len(c.runs) > 1 {
		if cap(c.spare) < len(c.events) {
			c.spare = make([]event, len(c.events), cap(c.events))
		}
		sorted := mergeRuns(c.events, c.spare[:len(c.events)], c.runs)
		if &sorted[0] != &c.events[0] {
			c.events, c.spare = sorted, c.events
		}
		c.runs = append(c.runs[:0], len(c.events))
	}
	return c.events
}

// State exports the counter's state.
func (c *Counter) State() (State, error) {
	s := State{
		Inputs: c.inputs,
		Users:  c.ids.names,
		Events: appendEvents(nil, c.sortedEvents()),
	}
	for code := range c.astats {
		a := c.astats[code]
		s.Actions = append(s.Actions, ActionState{Name: c.actions.name(uint32(code)), Events: a.events, Active: a.active})
	}
	s.Versions = c.versions.names
	for _, day := range sortedKeys(c.days) {
		ds := c.days[day]
		s.Days = append(s.Days, DayState{Day: day, Events: ds.events, Active: ds.active})
	}
	m := &c.meta
	s.Meta = MetaState{Columns: m.columns, Join: m.join, JoinInput: m.joinInput, Device: m.device,
		DeviceInput: m.deviceInput, Values: m.values.names}
	stride := 12 + 4*len(m.columns)
	s.Meta.Rows = make([]byte, len(m.rows)*stride)
	for i, r := range m.rows {
		b := s.Meta.Rows[i*stride:]
		binary.LittleEndian.PutUint32(b, r.user)
		binary.LittleEndian.PutUint64(b[4:], r.order)
		for j := range m.columns {
			binary.LittleEndian.PutUint32(b[12+4*j:], m.value(r, j))
		}
	}
	return s, nil
}

func sortedKeys[V any](m map[int32]V) []int32 {
	keys := make([]int32, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Merge adds a state (from another part of the input) into the counter.
func (c *Counter) Merge(s State) error {
	// Renumber the state's dictionary user ids into this counter's.
	var users []uint32
	renumber := false
	known := len(c.ids.names)
	for i, name := range s.Users {
		id := c.ids.id([]byte(name))
		users = append(users, id)
		renumber = renumber || id != dictBase+uint32(i)
	}
	if err := c.growNames(c.ids.names, known, "user ids"); err != nil {
		return err
	}
	// The merge holds every event of the run: check before taking them.
	if err := c.grow(int64(len(s.Events)/eventBytes)*eventCost, "engagement events"); err != nil {
		return err
	}
	userOf := func(id uint32) (uint32, error) {
		if id < dictBase {
			return id, nil
		}
		if int(id-dictBase) >= len(users) {
			return 0, fmt.Errorf("user id %d outside the state's dictionary", id)
		}
		return users[id-dictBase], nil
	}

	actions := make([]uint32, max(1, len(s.Actions)))
	for code, a := range s.Actions {
		local := uint32(0)
		if code == maxAction {
			local = maxAction
		} else if a.Name != "" {
			local = c.actions.code([]byte(a.Name))
		}
		actions[code] = local
		for int(local) >= len(c.astats) {
			c.astats = append(c.astats, actionStat{})
		}
		c.astats[local].events += a.Events
		c.astats[local].active += a.Active
	}
	versions := make([]uint32, max(1, len(s.Versions)))
	for code, name := range s.Versions {
		switch {
		case code == maxVersion:
			versions[code] = maxVersion
		case name != "":
			versions[code] = c.versions.code([]byte(name))
		}
	}

	c.closeRun()
	start := len(c.events)
	var err error
	if c.events, err = appendDecoded(c.events, s.Events); err != nil {
		return err
	}
	added := c.events[start:]
	for i, e := range added {
		u, err := userOf(e.user())
		if err != nil {
			return err
		}
		a, v := e.action(), e.version()
		if int(a) >= len(actions) || int(v) >= len(versions) {
			return fmt.Errorf("event with unknown action or version code")
		}
		if u != e.user() {
			e.hi = uint64(u)<<32 | e.hi&0xFFFFFFFF
		}
		added[i] = e.withCodes(actions[a], versions[v])
	}
	// A state's events are one sorted run, unless renumbering reordered them.
	if renumber {
		sortEvents(added)
	}
	if len(added) > 0 {
		c.runs = append(c.runs, len(c.events))
	}
	// Merged now, states come one at a time while ranges are still being
	// read: what is left for the end is the last state's merge, not every
	// state's.
	c.sortedEvents()

	for _, d := range s.Days {
		ds := c.day(d.Day)
		ds.events += d.Events
		ds.active += d.Active
	}
	if err := c.mergeMeta(s.Meta, userOf); err != nil {
		return err
	}
	c.inputs = append(c.inputs, s.Inputs...)
	return nil
}

func (c *Counter) mergeMeta(s MetaState, userOf func(uint32) (uint32, error)) error {
	m := &c.meta
	if s.Join != "" && (m.join == "" || s.JoinInput < m.joinInput) {
		m.join, m.joinInput = s.Join, s.JoinInput
	}
	if s.Device != "" && (m.device == "" || s.DeviceInput < m.deviceInput) {
		m.device, m.deviceInput = s.Device, s.DeviceInput
	}
	cols := make([]int, len(s.Columns))
	for j, name := range s.Columns {
		cols[j] = m.column(name)
	}
	values := make([]uint32, len(s.Values))
	known := len(m.values.names)
	for code, v := range s.Values {
		values[code] = m.values.code([]byte(v))
	}
	stride := 12 + 4*len(s.Columns)
	if len(s.Rows)%stride != 0 {
		return fmt.Errorf("metadata rows: bad length")
	}
	if err := c.growNames(m.values.names, known, "metadata values"); err != nil {
		return err
	}
	if err := c.grow(int64(len(s.Rows)/stride)*(metaRowCost+4*int64(len(m.columns))), "metadata rows"); err != nil {
		return err
	}
	for i := 0; i < len(s.Rows); i += stride {
		b := s.Rows[i:]
		u, err := userOf(binary.LittleEndian.Uint32(b))
		if err != nil {
			return err
		}
		r := metaRow{user: u, order: binary.LittleEndian.Uint64(b[4:]), off: uint32(len(m.vals)), n: uint32(len(m.columns))}
		m.vals = append(m.vals, make([]uint32, len(m.columns))...)
		for j := range s.Columns {
			code := binary.LittleEndian.Uint32(b[12+4*j:])
			if int(code) >= len(values) {
				return fmt.Errorf("metadata rows: unknown value code")
			}
			m.vals[r.off+uint32(cols[j])] = values[code]
		}
		m.rows = append(m.rows, r)
	}
	return nil
}

// Snapshot encodes the counter's state for the merge.
func (c *Counter) Snapshot() ([]byte, error) {
	s, err := c.State()
	if err != nil {
		return nil, err
	}
	return json.Marshal(s)
}

// MergeSnapshot adds an encoded state into the counter.
func (c *Counter) MergeSnapshot(data []byte) error {
	var s State
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	return c.Merge(s)
}
