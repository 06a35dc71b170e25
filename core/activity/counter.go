// Package activity is the engagement recipe: DAU, WAU and MAU, stickiness,
// sessions, power users, retention cohorts, duration quantiles, anomalies,
// metadata breakdowns and skew, over product interaction logs
// (user_id, timestamp, action_type, page_id, duration_ms, app_version) and
// an optional user metadata table.
//
// Definitions (also in the README):
//   - An event is active when minActive < duration < maxActive (strict;
//     10 s and 4 h by default).
//   - DAU, WAU and MAU: distinct users with at least one active event in
//     the day, ISO week (Monday first) or calendar month, in the run's time
//     zone. Exact: they are counted over each user's merged events.
//   - Sessions: over all events of a user (active or not) ordered by start,
//     a new session starts when the gap between consecutive starts is more
//     than the gap (10 min; exactly 10 min stays in the session). A
//     session lasts from its first start to the latest start + duration of
//     its events.
//   - Power users: the top share (1%) of users by total interaction time,
//     each event's duration capped at the active maximum.
//   - Retention: weekly cohorts by the ISO week of a user's first active
//     event; the share of the cohort active in each following week.
//   - Duration quantiles per app version and device type are exact (nearest
//     rank) over the merged events. A mergeable sketch (DataDog/sketches-go)
//     is not needed since the events are kept for sessions anyway, and it
//     would add 5 MB of protobuf runtime to the wasm binary.
//
// Each range's state holds every event (16 bytes each) and per-day counts;
// states merge by concatenating events and adding counts, and everything
// that needs a user's distinct days or whole history (DAU, WAU and MAU,
// sessions, retention, quantiles) is computed after the merge, in one walk
// over the events sorted by user. (Sets of users per day, week and month,
// as roaring bitmaps, cost more to build, encode and combine than that
// walk's few array lookups per event.)
package activity

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"dropsight/core/budget"
	"dropsight/core/jsonscan"
	"dropsight/core/timestamp"
)

// Field slots of an interaction row.
const (
	colUser = iota
	colTime
	colAction
	colPage
	colDuration
	colVersion
	nCols
)

var colNames = [nCols]string{"user_id", "timestamp", "action_type", "page_id", "duration_ms", "app_version"}

// Counter accumulates the recipe's state over part of the input. Build one
// with NewCounter, tell it which input it reads with SetInput, then Add or
// AddRow each record.
type Counter struct {
	p     Params
	loc   *time.Location
	zone  zone
	gapMs int64
	minMs int64 // active: minMs < duration
	maxMs int64 // active: duration < maxMs
	capMs int64 // power users: durations capped at this

	// the input being read
	role      string
	input     int
	rng       int
	cols      [nCols]int // column index of each slot, -1 when absent
	metaUser  int        // metadata: the user column
	metaIndex []int      // metadata: global column of each input column (-1: the user column)
	plan      *jsonscan.Plan
	vals      jsonscan.Values
	fields    [][]byte
	text      []byte
	seq       uint32

	ids      ids
	events   []event
	runs     []int   // ends of the sorted runs at the start of events
	spare    []event // sortedEvents' buffer, kept between the merges of states
	days     map[int32]*dayStat
	actions  codes
	versions codes
	astats   []actionStat
	meta     metaTable
	inputs   []InputColumns
	mem      budget.Meter // what the state above holds (see budget.go)
}

// dayStat counts a local day's events and active events.
type dayStat struct{ events, active int64 }

type actionStat struct{ events, active int64 }

// InputColumns records which columns an input's fields were read from.
type InputColumns struct {
	Input   int               `json:"input"`
	Role    string            `json:"role"`
	Columns map[string]string `json:"columns"`
}

// NewCounter returns an empty counter.
func NewCounter(p Params) (*Counter, error) {
	if err := p.Normalize(); err != nil {
		return nil, err
	}
	loc, _ := time.LoadLocation(p.TimeZone)
	c := &Counter{
		p:        p,
		loc:      loc,
		zone:     newZone(loc),
		gapMs:    int64(math.Floor(p.GapSeconds * 1000)),
		minMs:    int64(math.Floor(*p.MinActiveSeconds * 1000)),
		maxMs:    int64(math.Ceil(p.MaxActiveSeconds * 1000)),
		capMs:    int64(math.Floor(p.MaxActiveSeconds * 1000)),
		days:     map[int32]*dayStat{},
		actions:  codes{max: maxAction},
		versions: codes{max: maxVersion},
		role:     RoleInteractions,
	}
	c.astats = make([]actionStat, 1)
	c.cols = [nCols]int{-1, -1, -1, -1, -1, -1}
	return c, nil
}

// Params returns the normalized parameters.
func (c *Counter) Params() Params { return c.p }

// SetInput says what the records that follow are: the input's role
// (interactions or metadata), its index and range index in the run (they
// order metadata rows: the first row of a user wins), and the names of its
// columns (a CSV header, or the top-level keys of JSON records).
func (c *Counter) SetInput(role string, input, rng int, columns []string) error {
	if role == "" {
		role = RoleInteractions
	}
	c.role, c.input, c.rng, c.seq = role, input, rng, 0
	used := map[string]string{}
	switch role {
	case RoleInteractions:
		p := c.p.Columns
		want := [nCols]string{p.UserID, p.Timestamp, p.ActionType, p.PageID, p.DurationMs, p.AppVersion}
		cands := [nCols][]string{userCandidates, timestampCandidates, actionCandidates, pageCandidates, durationCandidates, versionCandidates}
		for i := range nCols {
			c.cols[i] = findColumn(columns, want[i], cands[i])
			if c.cols[i] >= 0 {
				used[colNames[i]] = columns[c.cols[i]]
			}
		}
		for _, i := range []int{colUser, colTime, colDuration} {
			if c.cols[i] < 0 {
				name := want[i]
				if name == "" {
					name = colNames[i]
				}
				return fmt.Errorf("no %s column among %q: map the %s field to one of them", name, columns, colNames[i])
			}
		}
	case RoleMetadata:
		mp := c.p.MetadataColumns
		c.metaUser = findColumn(columns, mp.UserID, userCandidates)
		if c.metaUser < 0 {
			return fmt.Errorf("metadata: no user_id column among %q", columns)
		}
		used["user_id"] = columns[c.metaUser]
		if j := findColumn(columns, mp.JoinDate, joinCandidates); j >= 0 && j != c.metaUser {
			used["join_date"] = columns[j]
			if c.meta.join == "" || c.input < c.meta.joinInput {
				c.meta.join, c.meta.joinInput = columns[j], c.input
			}
		}
		if j := findColumn(columns, mp.DeviceType, deviceCandidates); j >= 0 && j != c.metaUser {
			used["device_type"] = columns[j]
			if c.meta.device == "" || c.input < c.meta.deviceInput {
				c.meta.device, c.meta.deviceInput = columns[j], c.input
			}
		}
		c.metaIndex = make([]int, len(columns))
		for i, name := range columns {
			if i == c.metaUser {
				c.metaIndex[i] = -1
				continue
			}
			c.metaIndex[i] = c.meta.column(name)
		}
	default:
		return fmt.Errorf("unknown input role %q (interactions or metadata)", role)
	}
	c.plan = jsonscan.NewPlan(columns...)
	c.fields = make([][]byte, len(columns))
	c.inputs = append(c.inputs, InputColumns{Input: input, Role: role, Columns: used})
	return nil
}

// AddRow counts one delimited row; fields are in the order of the columns
// given to SetInput. A non-nil error is the reason to reject it.
func (c *Counter) AddRow(fields [][]byte) error {
	if c.role == RoleMetadata {
		return c.addMetadata(fields)
	}
	return c.addInteraction(fields)
}

// Add counts one JSON record (an object with the columns as top-level keys).
func (c *Counter) Add(rec []byte) error {
	if c.plan == nil {
		return errors.New("the input's columns are unknown")
	}
	if err := c.plan.Scan(rec, &c.vals); err != nil {
		return err
	}
	c.text = c.text[:0]
	for i := range c.fields {
		v := c.vals.First(i)
		switch v.Kind() {
		case '"':
			if bytes.IndexByte(v, '\\') < 0 {
				c.fields[i] = v[1 : len(v)-1]
				continue
			}
			start := len(c.text)
			var err error
			if c.text, err = jsonscan.String(c.text, v); err != nil {
				return err
			}
			c.fields[i] = c.text[start:len(c.text):len(c.text)]
		case 0, 'n':
			c.fields[i] = nil
		default:
			c.fields[i] = v
		}
	}
	return c.AddRow(c.fields)
}

var errNoUser = errors.New("empty user_id")

func (c *Counter) field(f [][]byte, slot int) []byte {
	if k := c.cols[slot]; k >= 0 && k < len(f) {
		return trimSpace(f[k])
	}
	return nil
}

func (c *Counter) addInteraction(f [][]byte) error {
	user := c.field(f, colUser)
	if len(user) == 0 {
		return errNoUser
	}
	ts := c.field(f, colTime)
	ms, ok := parseInstant(ts, c.loc)
	if !ok {
		if len(ts) == 0 {
			return errors.New("empty timestamp")
		}
		return fmt.Errorf("unparsable timestamp %q", clip(ts))
	}
	if ms < 0 || ms >= (1<<32)*1000 {
		return fmt.Errorf("timestamp %q is outside 1970..2106", clip(ts))
	}
	dur, err := parseDuration(c.field(f, colDuration))
	if err != nil {
		return err
	}
	var action, version uint32
	if c.cols[colAction] >= 0 {
		action = c.actions.code(c.field(f, colAction))
	}
	if c.cols[colVersion] >= 0 {
		version = c.versions.code(c.field(f, colVersion))
	}
	known := len(c.ids.names)
	uid := c.ids.id(user)
	if len(c.ids.names) > known {
		if err := c.growNames(c.ids.names, known, "user ids"); err != nil {
			return err
		}
	}
	if err := c.mem.Grow(eventCost, "engagement events", budgetHint); err != nil {
		return err
	}
	sec := ms / 1000
	// Days, their active users and the action counts are tallied from the
	// sorted events (see tally), where users come in order.
	c.events = append(c.events, makeEvent(uid, sec, uint32(ms%1000), uint32(dur), action, version))
	return nil
}

// tally counts the events and active events of days and actions, over
// events added by AddRow.
func (c *Counter) tally(evs []event) {
	var last *dayStat
	lastDay := int32(math.MinInt32)
	for _, e := range evs {
		day := c.zone.eventDay(e)
		if day != lastDay || last == nil {
			last, lastDay = c.day(day), day
		}
		last.events++
		d, a := e.duration(), e.action()
		for int(a) >= len(c.astats) {
			c.astats = append(c.astats, actionStat{})
		}
		c.astats[a].events++
		if d > c.minMs && d < c.maxMs {
			last.active++
			c.astats[a].active++
		}
	}
}

// day returns the stats of a local day, creating them.
func (c *Counter) day(day int32) *dayStat {
	if ds, ok := c.days[day]; ok {
		return ds
	}
	ds := &dayStat{}
	c.days[day] = ds
	return ds
}

func (c *Counter) addMetadata(f [][]byte) error {
	if c.metaUser >= len(f) {
		return errNoUser
	}
	user := trimSpace(f[c.metaUser])
	if len(user) == 0 {
		return errNoUser
	}
	if err := c.grow(metaRowCost+4*int64(len(c.meta.columns)), "metadata rows"); err != nil {
		return err
	}
	known, values := len(c.ids.names), len(c.meta.values.names)
	row := metaRow{
		user:  c.ids.id(user),
		order: uint64(c.input)<<48 | uint64(c.rng)<<32 | uint64(c.seq),
		off:   uint32(len(c.meta.vals)),
		n:     uint32(len(c.meta.columns)),
	}
	c.seq++
	c.meta.vals = append(c.meta.vals, make([]uint32, len(c.meta.columns))...)
	vals := c.meta.vals[row.off:]
	for i, v := range f {
		if i < len(c.metaIndex) && c.metaIndex[i] >= 0 {
			vals[c.metaIndex[i]] = c.meta.values.code(trimSpace(v))
		}
	}
	c.meta.rows = append(c.meta.rows, row)
	// New ids and values are accounted once taken (a few bytes each): when
	// they do not fit, the run stops here all the same.
	if err := c.growNames(c.ids.names, known, "user ids"); err != nil {
		return err
	}
	return c.growNames(c.meta.values.names, values, "metadata values")
}

// codes numbers the names of a small set (actions, app versions, metadata
// values): 0 is the empty name, and once max-1 names are taken, every new
// name gets max, shown as "(other)".
type codes struct {
	index map[string]uint32
	names []string
	max   uint32 // 0: no limit
}

const otherName = "(other)"

func (c *codes) code(b []byte) uint32 {
	if len(b) == 0 {
		return 0
	}
	if len(c.names) <= 8 {
		// A few names (action types): comparing beats hashing.
		for v, name := range c.names {
			if v > 0 && name == string(b) {
				return uint32(v)
			}
		}
	} else if v, ok := c.index[string(b)]; ok {
		return v
	}
	if c.index == nil {
		c.index = map[string]uint32{}
		c.names = append(c.names, "")
	}
	if c.max > 0 && uint32(len(c.names)) >= c.max {
		if uint32(len(c.names)) == c.max {
			c.names = append(c.names, otherName)
		}
		return c.max
	}
	v := uint32(len(c.names))
	s := string(b)
	c.index[s] = v
	c.names = append(c.names, s)
	return v
}

func (c *codes) name(v uint32) string {
	if int(v) < len(c.names) {
		return c.names[v]
	}
	return ""
}

// metaTable holds the metadata rows of a state, every one of them (the
// first row of each user wins only after the merge).
type metaTable struct {
	columns     []string // the columns other than the user's, by name, in order seen
	join        string   // the join-date column
	joinInput   int
	device      string // the device column
	deviceInput int
	values      codes
	rows        []metaRow
	vals        []uint32 // each row's value codes, one per column known when it was added
}

type metaRow struct {
	user   uint32
	order  uint64 // input<<48 | range<<32 | row number in the range
	off, n uint32
}

func (m *metaTable) column(name string) int {
	for i, c := range m.columns {
		if c == name {
			return i
		}
	}
	m.columns = append(m.columns, name)
	return len(m.columns) - 1
}

// value returns a row's value code in column j.
func (m *metaTable) value(r metaRow, j int) uint32 {
	if uint32(j) < r.n {
		return m.vals[r.off+uint32(j)]
	}
	return 0
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

func clip(b []byte) string {
	if len(b) > 60 {
		return string(b[:60]) + "…"
	}
	return string(b)
}

// parseInstant reads a timestamp (see package timestamp) to Unix
// milliseconds, keeping the milliseconds that epoch milliseconds or a
// decimal fraction of the seconds spell out.
func parseInstant(b []byte, loc *time.Location) (int64, bool) {
	sec, ok := timestamp.Parse(b, loc)
	if !ok {
		return 0, false
	}
	ms := sec * 1000
	if len(b) >= 12 && len(b) <= 16 && b[0] >= '1' && b[0] <= '9' {
		var v int64
		all := true
		for _, c := range b {
			if c < '0' || c > '9' {
				all = false
				break
			}
			v = v*10 + int64(c-'0')
		}
		if all && v >= 1e11 {
			return v, true // epoch milliseconds
		}
	}
	if i := bytes.IndexByte(b, '.'); i > 0 && b[i-1] >= '0' && b[i-1] <= '9' {
		var frac int64
		k := 0
		for j := i + 1; j < len(b) && k < 3 && b[j] >= '0' && b[j] <= '9'; j++ {
			frac = frac*10 + int64(b[j]-'0')
			k++
		}
		for ; k < 3 && k > 0; k++ {
			frac *= 10
		}
		if sec >= 0 {
			ms += frac
		}
	}
	return ms, true
}

// parseDuration reads a duration in milliseconds: an integer, or a
// decimal number whose fraction is dropped. Durations past 2^32-1 ms (49
// days) are kept as that.
func parseDuration(b []byte) (int64, error) {
	if len(b) == 0 {
		return 0, errors.New("empty duration_ms")
	}
	var v int64
	i := 0
	if b[0] == '+' {
		i++
	}
	start := i
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		if v < maxDuration {
			v = v*10 + int64(b[i]-'0')
		}
	}
	if i == len(b) && i > start {
		return min(v, maxDuration), nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(f) {
		return 0, fmt.Errorf("duration_ms %q is not a number", clip(b))
	}
	if f < 0 {
		return 0, fmt.Errorf("negative duration_ms %q", clip(b))
	}
	return int64(min(math.Floor(f), maxDuration)), nil
}
