package activity

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"dropsight/core/rank"
	"dropsight/core/timestamp"
)

// Results are the recipe's answers. The names mau, dau and sessions (with
// total and users) are fixed: checks read them.
type Results struct {
	Events       int64  `json:"events"`
	ActiveEvents int64  `json:"activeEvents"`
	ShortEvents  int64  `json:"shortEvents"` // duration <= the active minimum
	LongEvents   int64  `json:"longEvents"`  // duration >= the active maximum
	Users        int    `json:"users"`       // distinct users with any event
	ActiveUsers  int    `json:"activeUsers"` // distinct users with an active event
	FirstDay     string `json:"firstDay"`
	LastDay      string `json:"lastDay"`
	Days         int    `json:"days"`
	TimeZone     string `json:"timeZone"`
	// Columns says which column each field was read from, per input.
	Columns []InputColumns `json:"columns"`

	DAU          []DayUsers    `json:"dau"`
	WAU          []WeekUsers   `json:"wau"`
	MAU          []MonthUsers  `json:"mau"`
	Stickiness   Stickiness    `json:"stickiness"`
	EventsPerDay []DayEvents   `json:"eventsPerDay"`
	Actions      []ActionCount `json:"actions"`
	Sessions     Sessions      `json:"sessions"`
	PowerUsers   PowerUsers    `json:"powerUsers"`
	Retention    Retention     `json:"retention"`
	Performance  Performance   `json:"performance"`
	Anomalies    Anomalies     `json:"anomalies"`
	Metadata     *Metadata     `json:"metadata"` // null without a metadata table
	Breakdowns   []Breakdown   `json:"breakdowns"`
	Skew         Skew          `json:"skew"`
}

// DayUsers is the number of distinct active users of a day.
type DayUsers struct {
	Day   string `json:"day"`
	Users int    `json:"users"`
}

// WeekUsers is the number of distinct active users of an ISO week.
type WeekUsers struct {
	Week  string `json:"week"`  // 2023-W01
	Start string `json:"start"` // its Monday
	Users int    `json:"users"`
}

// MonthUsers is the number of distinct active users of a calendar month.
type MonthUsers struct {
	Month string `json:"month"`
	Users int    `json:"users"`
}

// Stickiness is mean DAU / MAU per month; Mean averages the months.
type Stickiness struct {
	Mean   float64           `json:"mean"`
	Months []MonthStickiness `json:"months"`
}

// MonthStickiness is one month's mean DAU (over its days within the data)
// divided by its MAU.
type MonthStickiness struct {
	Month      string  `json:"month"`
	AvgDAU     float64 `json:"avgDau"`
	MAU        int     `json:"mau"`
	Stickiness float64 `json:"stickiness"`
}

// DayEvents counts a day's events.
type DayEvents struct {
	Day          string `json:"day"`
	Events       int64  `json:"events"`
	ActiveEvents int64  `json:"activeEvents"`
}

// ActionCount counts the events of an action type.
type ActionCount struct {
	Action       string `json:"action"`
	Events       int64  `json:"events"`
	ActiveEvents int64  `json:"activeEvents"`
}

// Sessions summarizes the sessions. Users are the TopUsers users with the
// most sessions (ties: user_id byte-wise); Table the SessionTable first.
type Sessions struct {
	Total     int64          `json:"total"`
	Users     []UserSessions `json:"users"`
	Duration  Distribution   `json:"duration"` // seconds
	Actions   Distribution   `json:"actions"`  // events per session
	PerDay    []DaySessions  `json:"perDay"`
	Frequency Summary        `json:"frequency"`
	Table     SessionTable   `json:"table"`
}

// UserSessions is one user's sessions and totals.
type UserSessions struct {
	UserID             string  `json:"user_id"`
	TotalSessions      int64   `json:"total_sessions"`
	AvgSessionDuration float64 `json:"avg_session_duration"` // seconds
	Actions            int64   `json:"actions"`              // events
	ActionsPerSession  float64 `json:"actions_per_session"`
	ActiveEvents       int64   `json:"active_events"`
	InteractionSeconds float64 `json:"interaction_seconds"` // durations capped at the active maximum
}

// SessionTable is the per-user session table, cut to Limit rows.
type SessionTable struct {
	Limit int            `json:"limit"`
	Users int            `json:"users"` // all users, listed or not
	Rows  []UserSessions `json:"rows"`
}

// Distribution describes a set of values: exact mean, median and 90th
// percentile (nearest rank), maximum, and a histogram.
type Distribution struct {
	Count     int64   `json:"count"`
	Mean      float64 `json:"mean"`
	Median    float64 `json:"median"`
	P90       float64 `json:"p90"`
	Max       float64 `json:"max"`
	Histogram []Bin   `json:"histogram"`
}

// Bin counts the values in [From, To); To is null for the last, open bin.
type Bin struct {
	Label string   `json:"label"`
	From  float64  `json:"from"`
	To    *float64 `json:"to"`
	Count int64    `json:"count"`
}

// Summary is the mean, median and 90th percentile of per-user values.
type Summary struct {
	Mean   float64 `json:"mean"`
	Median float64 `json:"median"`
	P90    float64 `json:"p90"`
}

// DaySessions counts the sessions that start on a day.
type DaySessions struct {
	Day      string `json:"day"`
	Sessions int64  `json:"sessions"`
}

// PowerUsers are the top Share of users by interaction time.
type PowerUsers struct {
	Share float64 `json:"share"`
	Count int     `json:"count"`
	// MinSeconds is the interaction time of the last power user.
	MinSeconds float64 `json:"minSeconds"`
	// TimeShare is the power users' share of all interaction time.
	TimeShare float64 `json:"timeShare"`
	// CapSeconds caps each event's duration; CappedEvents counts the
	// events that were cut, CappedEventsOfPowerUsers those of power users.
	CapSeconds               float64     `json:"capSeconds"`
	CappedEvents             int64       `json:"cappedEvents"`
	CappedEventsOfPowerUsers int64       `json:"cappedEventsOfPowerUsers"`
	Limit                    int         `json:"limit"` // Users lists at most this many
	Users                    []PowerUser `json:"users"`
}

// PowerUser is one of the power users.
type PowerUser struct {
	UserID             string  `json:"user_id"`
	InteractionSeconds float64 `json:"interaction_seconds"`
	Events             int64   `json:"events"`
	ActiveEvents       int64   `json:"active_events"`
	CappedEvents       int64   `json:"capped_events"`
	Sessions           int64   `json:"sessions"`
}

// Retention holds weekly cohorts: the users whose first active event
// falls in the week, and how many of them are active in each week after.
type Retention struct {
	Weeks   int      `json:"weeks"`
	Cohorts []Cohort `json:"cohorts"`
}

// Cohort is one week's new active users; Retained[k] of them are active k
// weeks later (Retained[0] = Users), Shares[k] = Retained[k] / Users.
type Cohort struct {
	Week     string    `json:"week"`
	Start    string    `json:"start"`
	Users    int       `json:"users"`
	Retained []int     `json:"retained"`
	Shares   []float64 `json:"shares"`
}

// Performance gives duration quantiles per app version and device type.
type Performance struct {
	// Method: the quantiles are exact (nearest rank: the value at rank
	// ceil(q*n) of the sorted durations).
	Method       string        `json:"method"`
	ByVersion    []Quantiles   `json:"byVersion"`
	ByDevice     []Quantiles   `json:"byDevice"`
	DeviceEffect *DeviceEffect `json:"deviceEffect"`
}

// Quantiles of duration_ms for one app version or device type.
type Quantiles struct {
	AppVersion string  `json:"app_version,omitempty"`
	DeviceType string  `json:"device_type,omitempty"`
	Events     int64   `json:"events"`
	MeanMs     float64 `json:"meanMs"`
	P50        float64 `json:"p50"`
	P95        float64 `json:"p95"`
	P99        float64 `json:"p99"`
}

// DeviceEffect measures how much device type explains duration: the
// correlation ratio squared (eta squared), between-group sum of squares
// over total sum of squares, over the events of users with metadata.
type DeviceEffect struct {
	Measure     string  `json:"measure"`
	EtaSquared  float64 `json:"etaSquared"`
	Events      int64   `json:"events"`
	Explanation string  `json:"explanation"`
}

// Anomalies are the days whose event count or DAU has a robust z-score
// beyond the threshold.
type Anomalies struct {
	Threshold float64      `json:"threshold"`
	Method    string       `json:"method"`
	Events    SeriesCenter `json:"events"`
	DAU       SeriesCenter `json:"dau"`
	Days      []Anomaly    `json:"days"`
}

// SeriesCenter is the median and median absolute deviation of a series.
type SeriesCenter struct {
	Median float64 `json:"median"`
	MAD    float64 `json:"mad"`
}

// Anomaly is one unusual day.
type Anomaly struct {
	Day    string  `json:"day"`
	Metric string  `json:"metric"` // "events" or "dau"
	Value  float64 `json:"value"`
	Z      float64 `json:"z"`
}

// Metadata describes the metadata table and how it matched the events.
type Metadata struct {
	Rows                int      `json:"rows"`
	Users               int      `json:"users"`
	DuplicateRows       int      `json:"duplicateRows"`        // rows of a user_id seen before
	ConflictingRows     int      `json:"conflictingRows"`      // duplicates that differ from the first row
	DuplicatedUsers     int      `json:"duplicatedUsers"`      // user_ids with more than one row
	MatchedUsers        int      `json:"matchedUsers"`         // users with events and metadata
	UsersWithout        int      `json:"usersWithoutMetadata"` // users with events, no metadata
	MatchedEvents       int64    `json:"matchedEvents"`
	UnmatchedEvents     int64    `json:"unmatchedEvents"`
	UnmatchedEventShare float64  `json:"unmatchedEventShare"`
	Dimensions          []string `json:"dimensions"`
}

// Breakdown splits users by one metadata dimension.
type Breakdown struct {
	Dimension string           `json:"dimension"`
	Column    string           `json:"column"`
	Values    []BreakdownValue `json:"values"`
}

// BreakdownValue is one value of a dimension (the top values by metadata
// users; the rest add up under "(other)").
type BreakdownValue struct {
	Value         string       `json:"value"`
	MetadataUsers int          `json:"metadataUsers"`
	ActiveUsers   int          `json:"activeUsers"`
	Events        int64        `json:"events"`
	AvgDAU        float64      `json:"avgDau"`
	DAU           []DayUsers   `json:"dau"`
	MAU           []MonthUsers `json:"mau"`
}

// Skew says how unevenly events spread over users.
type Skew struct {
	// Gini of events per user: 0 when all users have as many, near 1 when
	// a few have nearly all.
	Gini              float64     `json:"gini"`
	TopUsers          []UserShare `json:"topUsers"`
	Top1PercentShare  float64     `json:"top1PercentShare"`
	Top10PercentShare float64     `json:"top10PercentShare"`
	EventsPerUser     Summary     `json:"eventsPerUser"`
	MaxEvents         int64       `json:"maxEvents"`
}

// UserShare is a user's events and share of all events.
type UserShare struct {
	UserID string  `json:"user_id"`
	Events int64   `json:"events"`
	Share  float64 `json:"share"`
}

// Limits of the lists in the document.
const (
	maxPowerList = 100
	maxSkewList  = 10
	maxDimValues = 20
)

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// userStat is one user's totals, kept for the ranked lists.
type userStat struct {
	id                              uint32
	events, active, capped, session int64
	sessMs, timeMs                  int64
}

// Results computes the answers from the counter's (merged) state.
func (c *Counter) Results() Results {
	evs := c.sortedEvents()
	c.spare = nil // the walk's memory, rather than a buffer for merges to come
	r := Results{TimeZone: c.p.TimeZone, Columns: c.columnsUsed()}
	days := sortedKeys(c.days)
	if len(days) == 0 {
		r.empty()
		return r
	}
	first, last := days[0], days[len(days)-1]
	nDays := int(last-first) + 1
	r.FirstDay, r.LastDay, r.Days = dayLabel(first), dayLabel(last), nDays

	meta := c.resolveMeta()
	w := c.walk(evs, meta, first, last)

	dau := make([]float64, nDays)
	dayEvents := make([]float64, nDays)
	r.DAU = make([]DayUsers, nDays)
	r.EventsPerDay = make([]DayEvents, nDays)
	for i := range nDays {
		d := first + int32(i)
		r.DAU[i].Day = dayLabel(d)
		r.EventsPerDay[i].Day = r.DAU[i].Day
		r.DAU[i].Users, dau[i] = w.dau[i], float64(w.dau[i])
		if ds, ok := c.days[d]; ok {
			r.EventsPerDay[i].Events, r.EventsPerDay[i].ActiveEvents = ds.events, ds.active
			dayEvents[i] = float64(ds.events)
			r.Events += ds.events
			r.ActiveEvents += ds.active
		}
	}
	for k, mon := 0, monday(first); mon <= last; k, mon = k+1, mon+7 {
		r.WAU = append(r.WAU, WeekUsers{Week: weekLabel(mon), Start: dayLabel(mon), Users: w.wau[k]})
	}
	for k, m := 0, monthOf(first); m <= monthOf(last); k, m = k+1, m+1 {
		r.MAU = append(r.MAU, MonthUsers{Month: monthLabel(m), Users: w.mau[k]})
	}
	r.Stickiness = stickiness(r.MAU, dau, first, last)
	r.Actions = c.actionCounts()

	r.Users, r.ActiveUsers = w.users, w.activeUsers
	r.ShortEvents, r.LongEvents = w.short, w.long
	r.Sessions = c.sessions(w, first)
	r.PowerUsers = c.powerUsers(w)
	r.Retention = c.retention(w, first)
	r.Performance = c.performance(evs, w, meta)
	r.Anomalies = c.anomalies(dayEvents, dau, first)
	r.Skew = c.skew(w)
	r.Breakdowns = []Breakdown{}
	if meta != nil {
		r.Metadata = meta.summary(w)
		r.Breakdowns = c.breakdowns(meta, w, first, last)
	}
	return r
}

// empty fills the lists of a document without events.
func (r *Results) empty() {
	r.DAU, r.WAU, r.MAU, r.EventsPerDay, r.Actions = []DayUsers{}, []WeekUsers{}, []MonthUsers{}, []DayEvents{}, []ActionCount{}
	r.Stickiness.Months = []MonthStickiness{}
	r.Sessions = Sessions{Users: []UserSessions{}, PerDay: []DaySessions{}, Table: SessionTable{Rows: []UserSessions{}}}
	r.Sessions.Duration.Histogram, r.Sessions.Actions.Histogram = []Bin{}, []Bin{}
	r.PowerUsers.Users = []PowerUser{}
	r.Retention.Cohorts = []Cohort{}
	r.Performance.ByVersion, r.Performance.ByDevice = []Quantiles{}, []Quantiles{}
	r.Anomalies.Days = []Anomaly{}
	r.Breakdowns = []Breakdown{}
	r.Skew.TopUsers = []UserShare{}
}

func (c *Counter) columnsUsed() []InputColumns {
	out := slices.Clone(c.inputs)
	slices.SortStableFunc(out, func(a, b InputColumns) int { return cmp.Compare(a.Input, b.Input) })
	return slices.CompactFunc(out, func(a, b InputColumns) bool { return a.Input == b.Input })
}

func stickiness(mau []MonthUsers, dau []float64, first, last int32) Stickiness {
	s := Stickiness{Months: []MonthStickiness{}}
	var sum float64
	n := 0
	for _, mu := range mau {
		m := monthOf(first) + int32(len(s.Months))
		from, to := max(firstDayOfMonth(m), first), min(firstDayOfMonth(m+1)-1, last)
		var total float64
		for d := from; d <= to; d++ {
			total += dau[d-first]
		}
		ms := MonthStickiness{Month: mu.Month, MAU: mu.Users}
		if to >= from {
			ms.AvgDAU = round(total/float64(to-from+1), 3)
		}
		if mu.Users > 0 {
			ms.Stickiness = round(total/float64(to-from+1)/float64(mu.Users), 5)
			sum += ms.Stickiness
			n++
		}
		s.Months = append(s.Months, ms)
	}
	if n > 0 {
		s.Mean = round(sum/float64(n), 5)
	}
	return s
}

func (c *Counter) actionCounts() []ActionCount {
	out := []ActionCount{}
	for code, a := range c.astats {
		if a.events == 0 {
			continue
		}
		name := c.actions.name(uint32(code))
		if name == "" {
			name = "(none)"
		}
		out = append(out, ActionCount{Action: name, Events: a.events, ActiveEvents: a.active})
	}
	slices.SortFunc(out, func(a, b ActionCount) int {
		return cmp.Or(cmp.Compare(b.Events, a.Events), cmp.Compare(a.Action, b.Action))
	})
	return out
}

// walk holds what one pass over the users' sorted events finds.
type walk struct {
	users         int
	events        int64
	short, long   int64
	capped        int64
	totalTimeMs   int64
	sessions      int64
	sessDur       []int64   // ms, one per session
	sessActs      countHist // events per session
	perDay        []int64
	frequency     []float64
	bySessions    rank.Top[userStat]
	byTime        rank.Top[userStat]
	byEvents      rank.Top[userStat]
	eventsHist    countHist    // events per user
	device        []deviceStat // by device display index
	matchedUsers  int
	matchedEvents int64
	activeUsers   int
	// distinct active users by day, week and month index
	dau, wau, mau []int

	// calendar of the data: each day's week and month, by index from the
	// first day, week and month
	dayWeek, dayMonth []int32
	nWeeks, nMonths   int
	// retention: the cohorts start at week index cohortFrom;
	// retained[c][k] users of cohort c are active k weeks later
	cohortFrom int
	retained   [][]int
	// breakdowns, [dimension][value]: events, active users, and active
	// users by day and by month
	dimEvents [][]int64
	dimActive [][]int
	dimDAU    [][][]int
	dimMAU    [][][]int
}

// calendar prepares the day, week and month indexes of the walk.
func (w *walk) calendar(first, last int32, retentionWeeks int) {
	nDays := int(last-first) + 1
	w.dayWeek, w.dayMonth = make([]int32, nDays), make([]int32, nDays)
	w0, m0 := monday(first), monthOf(first)
	for i := range nDays {
		d := first + int32(i)
		w.dayWeek[i], w.dayMonth[i] = (monday(d)-w0)/7, monthOf(d)-m0
	}
	w.nWeeks, w.nMonths = int(w.dayWeek[nDays-1])+1, int(w.dayMonth[nDays-1])+1
	w.cohortFrom = max(0, w.nWeeks-retentionWeeks)
	w.retained = make([][]int, w.nWeeks-w.cohortFrom)
	for k := range w.retained {
		w.retained[k] = make([]int, w.nWeeks-w.cohortFrom-k)
	}
}

type deviceStat struct {
	durs     []uint32
	n, sumMs int64
	sumSq    u128
}

func (c *Counter) walk(evs []event, meta *metaIndex, first, last int32) *walk {
	nDays := int(last-first) + 1
	w := &walk{perDay: make([]int64, nDays), events: int64(len(evs))}
	w.calendar(first, last, c.p.RetentionWeeks)
	w.dau, w.wau, w.mau = make([]int, nDays), make([]int, w.nWeeks), make([]int, w.nMonths)
	for i := 0; i < len(evs); {
		j := i + 1
		for j < len(evs) && evs[j].user() == evs[i].user() {
			j++
		}
		w.users++
		i = j
	}
	bySess := func(a, b userStat) bool {
		return a.session > b.session || a.session == b.session && c.ids.compare(a.id, b.id) < 0
	}
	w.bySessions = rank.Top[userStat]{K: max(c.p.TopUsers, c.p.SessionTable), Better: bySess}
	w.byTime = rank.Top[userStat]{K: int(math.Ceil(c.p.PowerShare * float64(w.users))), Better: func(a, b userStat) bool {
		return a.timeMs > b.timeMs || a.timeMs == b.timeMs && c.ids.compare(a.id, b.id) < 0
	}}
	w.byEvents = rank.Top[userStat]{K: maxSkewList, Better: func(a, b userStat) bool {
		return a.events > b.events || a.events == b.events && c.ids.compare(a.id, b.id) < 0
	}}
	w.frequency = make([]float64, 0, w.users)
	w.sessDur = make([]int64, 0, len(evs))
	if meta != nil {
		w.device = make([]deviceStat, len(meta.deviceValues))
		nd := len(meta.dims)
		w.dimEvents, w.dimActive, w.dimDAU, w.dimMAU = make([][]int64, nd), make([][]int, nd), make([][][]int, nd), make([][][]int, nd)
		for d := range meta.dims {
			nv := len(meta.dims[d].values)
			w.dimEvents[d], w.dimActive[d] = make([]int64, nv), make([]int, nv)
			w.dimDAU[d], w.dimMAU[d] = make([][]int, nv), make([][]int, nv)
			for v := range nv {
				w.dimDAU[d][v], w.dimMAU[d][v] = make([]int, nDays), make([]int, w.nMonths)
			}
		}
	}
	// A day, week or month is counted once per user: stamped with the
	// user's number.
	dayStamp, weekStamp, monthStamp := make([]int32, nDays), make([]int32, w.nWeeks), make([]int32, w.nMonths)
	var userWeeks []int32
	stamp := int32(0)
	mi := 0
	for i := 0; i < len(evs); {
		u := evs[i].user()
		j := i + 1
		for j < len(evs) && evs[j].user() == u {
			j++
		}
		ue := evs[i:j]
		i = j
		stamp++
		st := userStat{id: u, events: int64(len(ue))}
		row := -1
		if meta != nil {
			for mi < len(meta.users) && meta.users[mi] < u {
				mi++
			}
			if mi < len(meta.users) && meta.users[mi] == u {
				row = mi
				w.matchedUsers++
				w.matchedEvents += int64(len(ue))
				for d := range meta.dims {
					w.dimEvents[d][meta.dims[d].of[row]] += int64(len(ue))
				}
			}
		}
		var dev *deviceStat
		if row >= 0 && meta.device >= 0 {
			dev = &w.device[meta.deviceOf[row]]
		}
		// Sessions: a gap of more than gapMs between starts opens a new one.
		var sStart, sEnd, prev, acts int64
		weeks, lastWeek := 0, int32(math.MinInt32)
		var sDay int32
		// One step past the last event closes the last session: the code
		// that closes a session is written once and inlined (a call per
		// session costs a tenth of the walk in wasm).
		for k := 0; k <= len(ue); k++ {
			var t, d int64
			var day int32
			if k < len(ue) {
				e := ue[k]
				t, d = e.startMs(), e.duration()
				day = c.zone.eventDay(e)
				switch {
				case d <= c.minMs:
					w.short++
				case d >= c.maxMs:
					w.long++
				default:
					st.active++
					di := int(day - first)
					if di < 0 || di >= nDays {
						break
					}
					if wk := w.dayWeek[di]; weekStamp[wk] != stamp {
						weekStamp[wk] = stamp
						userWeeks = append(userWeeks, wk)
						w.wau[wk]++
					}
					if dayStamp[di] != stamp {
						dayStamp[di] = stamp
						w.dau[di]++
						if row >= 0 {
							for dim := range meta.dims {
								w.dimDAU[dim][meta.dims[dim].of[row]][di]++
							}
						}
					}
					if mo := w.dayMonth[di]; monthStamp[mo] != stamp {
						monthStamp[mo] = stamp
						w.mau[mo]++
						if row >= 0 {
							for dim := range meta.dims {
								w.dimMAU[dim][meta.dims[dim].of[row]][mo]++
							}
						}
					}
				}
				if d > c.capMs {
					st.capped++
					st.timeMs += c.capMs
				} else {
					st.timeMs += d
				}
				if dev != nil {
					dev.durs = append(dev.durs, uint32(d))
					dev.n++
					dev.sumMs += d
					dev.sumSq.addSquare(uint64(d))
				}
				if k > 0 && t-prev <= c.gapMs {
					sEnd = max(sEnd, t+d)
					acts++
					prev = t
					continue
				}
			}
			if k > 0 {
				// Close the session [sStart, sEnd], which started on sDay.
				st.session++
				st.sessMs += sEnd - sStart
				w.sessions++
				w.sessDur = append(w.sessDur, sEnd-sStart)
				w.sessActs.add(acts)
				if di := sDay - first; di >= 0 && int(di) < len(w.perDay) {
					w.perDay[di]++
					if wk := w.dayWeek[di]; wk != lastWeek {
						weeks++
						lastWeek = wk
					}
				}
			}
			sStart, sEnd, acts, prev, sDay = t, t+d, 1, t, day
		}
		if st.active > 0 {
			w.activeUsers++
			if row >= 0 {
				for d := range meta.dims {
					w.dimActive[d][meta.dims[d].of[row]]++
				}
			}
			// Retention: the cohort is the week of the first active event.
			f := slices.Min(userWeeks)
			if int(f) >= w.cohortFrom {
				for _, wk := range userWeeks {
					w.retained[int(f)-w.cohortFrom][wk-f]++
				}
			}
			userWeeks = userWeeks[:0]
		}
		w.capped += st.capped
		w.totalTimeMs += st.timeMs
		w.frequency = append(w.frequency, float64(st.session)/float64(weeks))
		w.eventsHist.add(st.events)
		// Most users cannot enter the ranked lists: skip the calls.
		if worst := w.bySessions.Worst(); worst == nil || st.session >= worst.session {
			w.bySessions.Push(st)
		}
		if worst := w.byTime.Worst(); worst == nil || st.timeMs >= worst.timeMs {
			w.byTime.Push(st)
		}
		if worst := w.byEvents.Worst(); worst == nil || st.events >= worst.events {
			w.byEvents.Push(st)
		}
	}
	return w
}

func (c *Counter) userSessions(st userStat) UserSessions {
	return UserSessions{
		UserID:             c.ids.name(st.id),
		TotalSessions:      st.session,
		AvgSessionDuration: round(float64(st.sessMs)/float64(st.session)/1000, 3),
		Actions:            st.events,
		ActionsPerSession:  round(float64(st.events)/float64(st.session), 3),
		ActiveEvents:       st.active,
		InteractionSeconds: float64(st.timeMs) / 1000,
	}
}

var (
	durationEdges = []float64{0, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400}
	durationNames = []string{"<10s", "10-30s", "30s-1m", "1-2m", "2-5m", "5-10m", "10-20m", "20-30m", "30m-1h", "1-2h", "2-4h", "4h+"}
	actionEdges   = []float64{1, 2, 3, 4, 5, 6, 11, 21, 51, 101}
	actionNames   = []string{"1", "2", "3", "4", "5", "6-10", "11-20", "21-50", "51-100", "101+"}
)

// newDistribution prepares the bins [edges[i], edges[i+1]) of a
// distribution; the last bin is open.
func newDistribution(edges []float64, names []string) Distribution {
	d := Distribution{Histogram: make([]Bin, len(edges))}
	for i := range edges {
		d.Histogram[i] = Bin{Label: names[i], From: edges[i]}
		if i+1 < len(edges) {
			to := edges[i+1]
			d.Histogram[i].To = &to
		}
	}
	return d
}

// binBounds returns the bins' lower bounds in 1/unit of the edges' unit,
// rounded up: an integer value v lies at or past an edge exactly when v >=
// its bound. binOf then compares integers, with no product per value (it
// runs once per session).
func binBounds(edges []float64, unit float64) []int64 {
	bounds := make([]int64, len(edges))
	for k, e := range edges {
		bounds[k] = int64(math.Ceil(e * unit))
	}
	return bounds
}

// binOf returns the bin of value v.
func binOf(v int64, bounds []int64) int {
	k := 0
	for k+1 < len(bounds) && v >= bounds[k+1] {
		k++
	}
	return k
}

// distribution summarizes values (in 1/unit of the edges' unit).
func distribution(values []int64, unit float64, edges []float64, names []string) Distribution {
	d := newDistribution(edges, names)
	d.Count = int64(len(values))
	if len(values) == 0 {
		return d
	}
	bounds := binBounds(edges, unit)
	var sum, mx int64
	for _, v := range values {
		sum += v
		mx = max(mx, v)
		d.Histogram[binOf(v, bounds)].Count++
	}
	d.Mean = round(float64(sum)/float64(len(values))/unit, 3)
	d.Max = float64(mx) / unit
	// Nearest ranks; once the median is selected, the 90th percentile
	// lies to its right.
	n := len(values)
	k50 := max(0, int(math.Ceil(0.5*float64(n)))-1)
	k90 := max(0, int(math.Ceil(0.9*float64(n)))-1)
	d.Median = float64(selectKth(values, k50)) / unit
	d.P90 = float64(selectKth(values[k50:], k90-k50)) / unit
	return d
}

// histDistribution summarizes the values counted in h.
func histDistribution(h *countHist, edges []float64, names []string) Distribution {
	d := newDistribution(edges, names)
	d.Count = h.n
	if h.n == 0 {
		return d
	}
	bounds := binBounds(edges, 1)
	h.each(func(v, k int64) { d.Histogram[binOf(v, bounds)].Count += k })
	d.Mean = round(float64(h.sum)/float64(h.n), 3)
	d.Max = float64(h.max)
	d.Median = float64(h.quantile(0.5))
	d.P90 = float64(h.quantile(0.9))
	return d
}

func (c *Counter) sessions(w *walk, first int32) Sessions {
	s := Sessions{Total: w.sessions}
	ranked := w.bySessions.Sorted()
	s.Users = []UserSessions{}
	s.Table = SessionTable{Limit: c.p.SessionTable, Users: w.users, Rows: []UserSessions{}}
	for i, st := range ranked {
		us := c.userSessions(st)
		if i < c.p.TopUsers {
			s.Users = append(s.Users, us)
		}
		if i < c.p.SessionTable {
			s.Table.Rows = append(s.Table.Rows, us)
		}
	}
	s.Duration = distribution(w.sessDur, 1000, durationEdges, durationNames)
	s.Actions = histDistribution(&w.sessActs, actionEdges, actionNames)
	s.PerDay = make([]DaySessions, len(w.perDay))
	for i, n := range w.perDay {
		s.PerDay[i] = DaySessions{Day: dayLabel(first + int32(i)), Sessions: n}
	}
	s.Frequency = summarize(w.frequency)
	return s
}

func summarize(v []float64) Summary {
	if len(v) == 0 {
		return Summary{}
	}
	var sum float64
	for _, x := range v {
		sum += x
	}
	// Values come in user order: the sum does not depend on how the input was cut.
	mean := sum / float64(len(v))
	return Summary{Mean: round(mean, 4), Median: round(nearestRank(v, 0.5), 4), P90: round(nearestRank(v, 0.9), 4)}
}

func (c *Counter) powerUsers(w *walk) PowerUsers {
	ranked := w.byTime.Sorted()
	p := PowerUsers{Share: c.p.PowerShare, Count: len(ranked), CapSeconds: float64(c.capMs) / 1000,
		CappedEvents: w.capped, Limit: maxPowerList, Users: []PowerUser{}}
	var time int64
	for i, st := range ranked {
		time += st.timeMs
		p.CappedEventsOfPowerUsers += st.capped
		if i < maxPowerList {
			p.Users = append(p.Users, PowerUser{UserID: c.ids.name(st.id), InteractionSeconds: float64(st.timeMs) / 1000,
				Events: st.events, ActiveEvents: st.active, CappedEvents: st.capped, Sessions: st.session})
		}
	}
	if len(ranked) > 0 {
		p.MinSeconds = float64(ranked[len(ranked)-1].timeMs) / 1000
	}
	p.TimeShare = round(ratio(float64(time), float64(w.totalTimeMs)), 5)
	return p
}

func (c *Counter) retention(w *walk, first int32) Retention {
	r := Retention{Weeks: c.p.RetentionWeeks, Cohorts: []Cohort{}}
	for k, retained := range w.retained {
		mon := monday(first) + int32(7*(w.cohortFrom+k))
		co := Cohort{Week: weekLabel(mon), Start: dayLabel(mon), Users: retained[0], Retained: retained}
		for _, n := range retained {
			co.Shares = append(co.Shares, round(ratio(float64(n), float64(co.Users)), 4))
		}
		r.Cohorts = append(r.Cohorts, co)
	}
	return r
}

// quantilesOf returns the count, mean and exact nearest-rank p50, p95
// and p99 of durations (reordered).
func quantilesOf(durs []uint32) Quantiles {
	q := Quantiles{Events: int64(len(durs))}
	n := len(durs)
	if n == 0 {
		return q
	}
	var sum int64
	for _, d := range durs {
		sum += int64(d)
	}
	q.MeanMs = round(float64(sum)/float64(n), 1)
	rank := func(p float64) int { return max(0, int(math.Ceil(p*float64(n)))-1) }
	k50, k95, k99 := rank(0.5), rank(0.95), rank(0.99)
	// Each selection leaves the larger values to the right of its rank.
	q.P50 = float64(selectKth(durs, k50))
	q.P95 = float64(selectKth(durs[k50:], k95-k50))
	q.P99 = float64(selectKth(durs[k95:], k99-k95))
	return q
}

func (c *Counter) performance(evs []event, w *walk, meta *metaIndex) Performance {
	p := Performance{Method: "exact, nearest rank", ByVersion: []Quantiles{}, ByDevice: []Quantiles{}}
	// Durations grouped by version code (a counting sort).
	start := make([]int, len(c.versions.names)+2)
	for _, e := range evs {
		start[e.version()+1]++
	}
	for v := 1; v < len(start); v++ {
		start[v] += start[v-1]
	}
	durs := make([]uint32, len(evs))
	next := slices.Clone(start)
	for _, e := range evs {
		v := e.version()
		durs[next[v]] = uint32(e.duration())
		next[v]++
	}
	for code := 0; code+1 < len(start); code++ {
		if start[code] == start[code+1] {
			continue
		}
		q := quantilesOf(durs[start[code]:start[code+1]])
		q.AppVersion = c.versions.name(uint32(code))
		if q.AppVersion == "" {
			q.AppVersion = "(none)"
		}
		p.ByVersion = append(p.ByVersion, q)
	}
	slices.SortFunc(p.ByVersion, func(a, b Quantiles) int { return naturalCompare(a.AppVersion, b.AppVersion) })
	if meta == nil || meta.device < 0 {
		return p
	}
	var n, sum int64
	var sumSq u128
	var between float64
	for i, d := range w.device {
		if d.n == 0 {
			continue
		}
		q := quantilesOf(d.durs)
		q.DeviceType = meta.deviceValues[i]
		p.ByDevice = append(p.ByDevice, q)
		n += d.n
		sum += d.sumMs
		var carry uint64
		sumSq.lo, carry = addCarry(sumSq.lo, d.sumSq.lo)
		sumSq.hi += d.sumSq.hi + carry
	}
	if n > 0 {
		mean := float64(sum) / float64(n)
		for _, d := range w.device {
			if d.n > 0 {
				m := float64(d.sumMs) / float64(d.n)
				between += float64(d.n) * (m - mean) * (m - mean)
			}
		}
		total := sumSq.float() - float64(n)*mean*mean
		p.DeviceEffect = &DeviceEffect{
			Measure:    "eta squared (correlation ratio squared)",
			EtaSquared: round(ratio(between, total), 6),
			Events:     n,
			Explanation: "The share of the variance of duration_ms that device type explains, over the events of users " +
				"with metadata: 0 means knowing the device tells nothing about an event's duration, 1 means it determines it.",
		}
	}
	return p
}

func addCarry(a, b uint64) (uint64, uint64) {
	s := a + b
	if s < a {
		return s, 1
	}
	return s, 0
}

// naturalCompare orders strings with their digit runs compared as numbers
// ("5.10.0" after "5.9.0"), then byte-wise.
func naturalCompare(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		if isDigit(ca) && isDigit(cb) {
			si, sj := i, j
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			na, _ := strconv.ParseUint(a[si:i], 10, 64)
			nb, _ := strconv.ParseUint(b[sj:j], 10, 64)
			if na != nb {
				return cmp.Compare(na, nb)
			}
			continue
		}
		if ca != cb {
			return cmp.Compare(ca, cb)
		}
		i++
		j++
	}
	return cmp.Or(cmp.Compare(len(a)-i, len(b)-j), cmp.Compare(a, b))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (c *Counter) anomalies(events, dau []float64, first int32) Anomalies {
	a := Anomalies{Threshold: c.p.AnomalyThreshold, Days: []Anomaly{},
		Method: "robust z-score: 0.6745 (x - median) / MAD over the days from the first to the last day of data"}
	for _, s := range []struct {
		name   string
		values []float64
		center *SeriesCenter
	}{{"events", events, &a.Events}, {"dau", dau, &a.DAU}} {
		rb := newRobust(s.values)
		*s.center = SeriesCenter{Median: rb.median, MAD: rb.mad}
		for i, x := range s.values {
			if z := rb.z(x); math.Abs(z) > c.p.AnomalyThreshold {
				a.Days = append(a.Days, Anomaly{Day: dayLabel(first + int32(i)), Metric: s.name, Value: x, Z: round(z, 2)})
			}
		}
	}
	slices.SortStableFunc(a.Days, func(x, y Anomaly) int { return cmp.Compare(x.Day, y.Day) })
	return a
}

func (c *Counter) skew(w *walk) Skew {
	s := Skew{Gini: round(gini(&w.eventsHist), 5), TopUsers: []UserShare{}}
	total := float64(w.eventsHist.sum)
	for _, st := range w.byEvents.Sorted() {
		s.TopUsers = append(s.TopUsers, UserShare{UserID: c.ids.name(st.id), Events: st.events, Share: round(ratio(float64(st.events), total), 5)})
	}
	// The events of the top 1% and 10% of users, from the histogram.
	var values, counts []int64
	w.eventsHist.each(func(v, k int64) { values, counts = append(values, v), append(counts, k) })
	share := func(frac float64) float64 {
		want := int64(math.Ceil(frac * float64(w.users)))
		var got, sum int64
		for i := len(values) - 1; i >= 0 && got < want; i-- {
			k := min(counts[i], want-got)
			got += k
			sum += k * values[i]
		}
		return round(ratio(float64(sum), total), 5)
	}
	s.Top1PercentShare, s.Top10PercentShare = share(0.01), share(0.1)
	s.MaxEvents = w.eventsHist.max
	h := &w.eventsHist
	s.EventsPerUser = Summary{Mean: round(ratio(float64(h.sum), float64(h.n)), 4),
		Median: float64(h.quantile(0.5)), P90: float64(h.quantile(0.9))}
	return s
}

// yearOf reads a metadata value as a date and returns its year.
func (c *Counter) yearOf(v string) (string, bool) {
	sec, ok := timestamp.Parse([]byte(v), c.loc)
	if !ok {
		return "", false
	}
	y, _, _ := civil(c.zone.day(sec))
	return strconv.Itoa(y), true
}

// Summary returns the results as the document's results value.
func (c *Counter) Summary() any { return c.Results() }

// Parameters returns the normalized parameters for the document.
func (c *Counter) Parameters() any { return c.p }
