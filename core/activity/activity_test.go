package activity

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"dropsight/core/delimited"
)

// rowSink feeds delimited rows into a counter.
type rowSink struct {
	t *testing.T
	c *Counter
}

func (s rowSink) Row(fields [][]byte, line int) {
	if err := s.c.AddRow(fields); err != nil {
		s.t.Logf("line %d rejected: %v", line, err)
	}
}
func (s rowSink) Reject(line int, reason string, text []byte) {
	s.t.Fatalf("line %d: %s", line, reason)
}

// feed adds a CSV text (header first) to c as input index in of the role.
func feed(t *testing.T, c *Counter, role string, in int, csv string) {
	t.Helper()
	header, _, _ := strings.Cut(csv, "\n")
	if err := c.SetInput(role, in, 0, strings.Split(header, ",")); err != nil {
		t.Fatal(err)
	}
	r := delimited.Reader{Header: true}
	r.Feed([]byte(csv), rowSink{t, c})
	r.Finish(rowSink{t, c})
}

func newCounter(t *testing.T, p Params) *Counter {
	t.Helper()
	c, err := NewCounter(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const head = "user_id,timestamp,action_type,page_id,duration_ms,app_version\n"

func TestActiveBoundsAreStrict(t *testing.T) {
	c := newCounter(t, Params{})
	feed(t, c, "", 0, head+
		"u000001,2023-01-01 10:00:00,edit,p1,10000,6.0.0\n"+ // exactly 10 s: not active
		"u000002,2023-01-01 10:00:00,edit,p1,10001,6.0.0\n"+ // active
		"u000003,2023-01-01 10:00:00,edit,p1,14399999,6.0.0\n"+ // active
		"u000004,2023-01-01 10:00:00,edit,p1,14400000,6.0.0\n"+ // exactly 4 h: not active
		"u000005,2023-01-01 10:00:00,edit,p1,100,6.0.0\n")
	r := c.Results()
	if r.ActiveEvents != 2 || r.ShortEvents != 2 || r.LongEvents != 1 || r.DAU[0].Users != 2 || r.MAU[0].Users != 2 {
		t.Fatalf("active %d short %d long %d dau %v mau %v", r.ActiveEvents, r.ShortEvents, r.LongEvents, r.DAU, r.MAU)
	}
	zero := 0.0
	c = newCounter(t, Params{MinActiveSeconds: &zero, MaxActiveSeconds: 20})
	feed(t, c, "", 0, head+"a,2023-01-01 10:00:00,x,p,1,v\nb,2023-01-01 10:00:00,x,p,0,v\nc,2023-01-01 10:00:00,x,p,20000,v\n")
	if r := c.Results(); r.ActiveEvents != 1 || r.DAU[0].Users != 1 {
		t.Fatalf("min 0, max 20 s: active %d", r.ActiveEvents)
	}
}

func TestSessionGapBoundary(t *testing.T) {
	c := newCounter(t, Params{})
	feed(t, c, "", 0, head+
		"u1,2023-03-01 00:10:00,edit,p,1000,1\n"+ // exactly 10 min after the first: same session
		"u1,2023-03-01 00:00:00,edit,p,1000,1\n"+
		"u1,2023-03-01 00:20:01,edit,p,1000,1\n"+ // 10 min 1 s after the previous: new session
		"u2,2023-03-01T00:00:00.500Z,edit,p,1000,1\n"+
		"u2,2023-03-01T00:10:00.500Z,edit,p,1000,1\n"+ // exactly 600000 ms
		"u2,2023-03-01T00:20:00.501Z,edit,p,1000,1\n"+ // 600001 ms
		"u3,1677629400000,edit,p,20000,1\n"+ // epoch ms 2023-03-01 00:10:00
		"u3,1677629400,edit,p,500,1\n") // the same instant in epoch seconds: one session, the longer event ends it
	r := c.Results()
	want := map[string][2]float64{"u1": {2, (601 + 1) / 2.0}, "u2": {2, (601 + 1) / 2.0}, "u3": {1, 20}}
	if r.Sessions.Total != 5 {
		t.Fatalf("sessions %d, want 5: %+v", r.Sessions.Total, r.Sessions.Users)
	}
	for _, u := range r.Sessions.Users {
		w := want[u.UserID]
		if float64(u.TotalSessions) != w[0] || u.AvgSessionDuration != w[1] {
			t.Errorf("%s: %d sessions, avg %v s; want %v", u.UserID, u.TotalSessions, u.AvgSessionDuration, w)
		}
	}
	// Ties (two sessions each) in user_id order.
	if r.Sessions.Users[0].UserID != "u1" || r.Sessions.Users[1].UserID != "u2" || r.Sessions.Users[2].UserID != "u3" {
		t.Errorf("order %+v", r.Sessions.Users)
	}
	if r.Sessions.Actions.Max != 2 || r.Sessions.Duration.Max != 601 || r.Sessions.Duration.Median != 20 {
		t.Errorf("distributions %+v %+v", r.Sessions.Actions, r.Sessions.Duration)
	}
	c = newCounter(t, Params{GapSeconds: 601})
	feed(t, c, "", 0, head+"u1,2023-03-01 00:00:00,edit,p,1000,1\nu1,2023-03-01 00:10:01,edit,p,1000,1\n")
	if r := c.Results(); r.Sessions.Total != 1 {
		t.Errorf("gap 601 s: %d sessions", r.Sessions.Total)
	}
}

func TestMidnightInAZone(t *testing.T) {
	c := newCounter(t, Params{TimeZone: "America/New_York"})
	feed(t, c, "", 0, head+
		"a,2023-01-31 23:30:00,edit,p,20000,1\n"+ // naive: read in New York, still January 31
		"b,2023-02-01T03:30:00Z,edit,p,20000,1\n"+ // 22:30 on January 31 in New York
		"c,2023-02-01T00:00:00-05:00,edit,p,20000,1\n"+ // midnight in New York: February 1
		"d,2023-01-31T23:59:59-05:00,edit,p,20000,1\n")
	r := c.Results()
	if len(r.DAU) != 2 || r.DAU[0] != (DayUsers{"2023-01-31", 3}) || r.DAU[1] != (DayUsers{"2023-02-01", 1}) {
		t.Fatalf("dau %v", r.DAU)
	}
	if len(r.MAU) != 2 || r.MAU[0] != (MonthUsers{"2023-01", 3}) || r.MAU[1] != (MonthUsers{"2023-02", 1}) {
		t.Fatalf("mau %v", r.MAU)
	}
	// The same instants in UTC: b and c fall on February 1, and a (naive,
	// now read as UTC) stays on January 31.
	c = newCounter(t, Params{})
	feed(t, c, "", 0, head+"a,2023-01-31 23:30:00,edit,p,20000,1\nb,2023-02-01T03:30:00Z,edit,p,20000,1\n"+
		"c,2023-02-01T00:00:00-05:00,edit,p,20000,1\nd,2023-01-31T23:59:59-05:00,edit,p,20000,1\n")
	r = c.Results()
	if r.MAU[0] != (MonthUsers{"2023-01", 1}) || r.MAU[1] != (MonthUsers{"2023-02", 3}) {
		t.Fatalf("utc mau %v", r.MAU)
	}
	// ISO weeks: Sunday 2023-01-01 belongs to 2022-W52, Monday 2023-01-02 starts 2023-W01.
	c = newCounter(t, Params{TimeZone: "Asia/Tokyo"})
	feed(t, c, "", 0, head+"a,2023-01-01 00:00:00,edit,p,20000,1\nb,2023-01-02 00:00:00,edit,p,20000,1\n")
	r = c.Results()
	if len(r.WAU) != 2 || r.WAU[0] != (WeekUsers{"2022-W52", "2022-12-26", 1}) || r.WAU[1] != (WeekUsers{"2023-W01", "2023-01-02", 1}) {
		t.Fatalf("wau %v", r.WAU)
	}
}

func TestCappedDuration(t *testing.T) {
	c := newCounter(t, Params{PowerShare: 0.5})
	feed(t, c, "", 0, head+
		"heavy,2023-05-01 08:00:00,edit,p,18000000,1\n"+ // 5 h: capped to 4 h, not active
		"heavy,2023-05-02 08:00:00,edit,p,60000,1\n"+
		"light,2023-05-01 08:00:00,edit,p,7200000,1\n"+
		"mid,2023-05-01 09:00:00,edit,p,3600000,1\n")
	r := c.Results()
	p := r.PowerUsers
	if p.Count != 2 || p.CappedEvents != 1 || p.CappedEventsOfPowerUsers != 1 || p.CapSeconds != 14400 {
		t.Fatalf("power users %+v", p)
	}
	if p.Users[0].UserID != "heavy" || p.Users[0].InteractionSeconds != 14400+60 || p.Users[1].UserID != "light" || p.MinSeconds != 7200 {
		t.Fatalf("power users %+v", p.Users)
	}
	if p.TimeShare != round((14460.0+7200)/(14460+7200+3600), 5) {
		t.Fatalf("time share %v", p.TimeShare)
	}
	if r.ActiveUsers != 3 || r.LongEvents != 1 {
		t.Fatalf("active users %d long %d", r.ActiveUsers, r.LongEvents)
	}
}

const metaHead = "user_id,join_date,country,device_type,subscription_type\n"

func TestDuplicatedMetadata(t *testing.T) {
	c := newCounter(t, Params{})
	feed(t, c, "", 0, head+
		"u000001,2023-01-05 10:00:00,edit,p,20000,1\n"+
		"u000002,2023-01-05 10:00:00,edit,p,20000,1\n"+
		"u000003,2023-01-05 10:00:00,edit,p,20000,1\n"+
		"u000009,2023-01-05 10:00:00,edit,p,20000,1\n")
	feed(t, c, RoleMetadata, 1,
		metaHead+
			"u000001,2021-03-01,US,iPhone,free\n"+
			"u000002,2022-03-01,FR,Mac,basic\n"+
			"u000001,2020-03-01,UK,iPad,premium\n"+ // conflicting: the first row wins
			"u000002,2022-03-01,FR,Mac,basic\n"+ // identical duplicate
			"u000003,2023-12-31,,Windows,free\n")
	// A second metadata file: later in file order, so it loses.
	feed(t, c, RoleMetadata, 2, metaHead+"u000003,2020-01-01,DE,Android Phone,free\n")
	r := c.Results()
	m := r.Metadata
	if m == nil || m.Rows != 6 || m.Users != 3 || m.DuplicateRows != 3 || m.ConflictingRows != 2 || m.DuplicatedUsers != 3 {
		t.Fatalf("metadata %+v", m)
	}
	if m.MatchedUsers != 3 || m.UsersWithout != 1 || m.MatchedEvents != 3 || m.UnmatchedEventShare != 0.25 {
		t.Fatalf("matching %+v", m)
	}
	got := map[string]map[string]int{}
	for _, b := range r.Breakdowns {
		got[b.Dimension] = map[string]int{}
		for _, v := range b.Values {
			got[b.Dimension][v.Value] = v.MAU[0].Users
		}
	}
	want := map[string]map[string]int{
		"country":           {"US": 1, "FR": 1, "(empty)": 1},
		"device_type":       {"iPhone": 1, "Mac": 1, "Windows": 1},
		"join_year":         {"2021": 1, "2022": 1, "2023": 1},
		"subscription_type": {"free": 2, "basic": 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("breakdowns %v", got)
	}
	if len(r.Performance.ByDevice) != 3 || r.Performance.DeviceEffect == nil || r.Performance.DeviceEffect.Events != 3 {
		t.Fatalf("performance %+v", r.Performance)
	}
}

// A dimension with more than 20 values keeps the 20 with most users.
func TestDimensionCap(t *testing.T) {
	c := newCounter(t, Params{})
	var b strings.Builder
	b.WriteString("user_id,plan\n")
	for k := range 30 {
		for n := 0; n <= k; n++ {
			fmt.Fprintf(&b, "u%d-%d,plan%02d\n", k, n, k)
		}
	}
	feed(t, c, "", 0, head+"u0-0,2023-01-01 10:00:00,x,p,20000,1\nu29-0,2023-01-01 10:00:00,x,p,20000,1\n")
	feed(t, c, RoleMetadata, 1, b.String())
	r := c.Results()
	v := r.Breakdowns[0].Values
	if len(v) != 21 || v[0].Value != "plan29" || v[0].MetadataUsers != 30 || v[19].Value != "plan10" || v[20].Value != "(other)" ||
		v[20].MetadataUsers != 55 || v[20].ActiveUsers != 1 || v[0].ActiveUsers != 1 {
		t.Fatalf("values %+v", v)
	}
}

func TestRetention(t *testing.T) {
	c := newCounter(t, Params{})
	var b strings.Builder
	b.WriteString(head)
	// z is active every week from 2022-W52 on; week of 2023-01-02: a, b
	// new; week of 01-09: a again, c new; week of 01-16: b, c.
	for _, row := range []string{"z,2023-01-01", "z,2023-01-03", "z,2023-01-10", "z,2023-01-17", "z,2023-01-24", "z,2023-01-31",
		"a,2023-01-02", "b,2023-01-03", "a,2023-01-10", "c,2023-01-11", "b,2023-01-17", "c,2023-01-18"} {
		user, day, _ := strings.Cut(row, ",")
		fmt.Fprintf(&b, "%s,%s 12:00:00,edit,p,20000,1\n", user, day)
	}
	feed(t, c, "", 0, b.String())
	r := c.Results()
	var cohorts []string
	for _, co := range r.Retention.Cohorts {
		cohorts = append(cohorts, fmt.Sprintf("%s %d %v", co.Week, co.Users, co.Retained))
	}
	want := []string{"2022-W52 1 [1 1 1 1 1 1]", "2023-W01 2 [2 1 1 0 0]", "2023-W02 1 [1 1 0 0]", "2023-W03 0 [0 0 0]", "2023-W04 0 [0 0]", "2023-W05 0 [0]"}
	if !reflect.DeepEqual(cohorts, want) {
		t.Fatalf("cohorts\n%v\nwant\n%v", cohorts, want)
	}
	if co := r.Retention.Cohorts[1]; !reflect.DeepEqual(co.Shares, []float64{1, 0.5, 0.5, 0, 0}) {
		t.Fatalf("shares %v", co.Shares)
	}
	// Only the last RetentionWeeks weeks get a cohort; earlier users are not new.
	c = newCounter(t, Params{RetentionWeeks: 2})
	feed(t, c, "", 0, b.String())
	r = c.Results()
	if len(r.Retention.Cohorts) != 2 || r.Retention.Cohorts[0].Week != "2023-W04" || r.Retention.Cohorts[0].Users != 0 {
		t.Fatalf("last two weeks: %+v", r.Retention.Cohorts)
	}
}

func TestAnomaliesAndSkew(t *testing.T) {
	c := newCounter(t, Params{})
	var b strings.Builder
	b.WriteString(head)
	// Every day of January has 50 to 60 users with one event each, and
	// user z has one a day; on the 20th 300 users come, and z has 100 events.
	for d := 1; d <= 31; d++ {
		n, z := 50+(d*7)%11, 1
		if d == 20 {
			n, z = 300, 100
		}
		for k := range n {
			fmt.Fprintf(&b, "x%d-%d,2023-01-%02d 09:00:00,edit,p,20000,1\n", d, k, d)
		}
		for range z {
			fmt.Fprintf(&b, "z,2023-01-%02d 08:00:00,edit,p,20000,1\n", d)
		}
	}
	feed(t, c, "", 0, b.String())
	r := c.Results()
	var anomalies []string
	for _, a := range r.Anomalies.Days {
		anomalies = append(anomalies, a.Day+" "+a.Metric)
	}
	if !reflect.DeepEqual(anomalies, []string{"2023-01-20 events", "2023-01-20 dau"}) || r.Anomalies.DAU.MAD == 0 {
		t.Fatalf("anomalies %v (%+v)", anomalies, r.Anomalies)
	}
	if r.Skew.TopUsers[0].UserID != "z" || r.Skew.TopUsers[0].Events != 130 || r.Skew.Gini <= 0.01 || r.Skew.MaxEvents != 130 {
		t.Fatalf("skew %+v", r.Skew)
	}
}

func TestUserIDs(t *testing.T) {
	var d ids
	for _, s := range []string{"0", "7", "123456789", "u000123", "U1", "z9999999", "u1", "01", "1234567890", "user_7", "u12345678", "é1", ""} {
		if s == "" {
			continue
		}
		v := d.id([]byte(s))
		if got := d.name(v); got != s {
			t.Errorf("%q -> %d -> %q", s, v, got)
		}
		_, fixed := fixedID([]byte(s))
		if wantFixed := !slices.Contains(strings.Fields("01 1234567890 user_7 u12345678 é1"), s); fixed != wantFixed {
			t.Errorf("%q fixed=%v", s, fixed)
		}
	}
	if d.id([]byte("u1")) == d.id([]byte("u01")) || d.id([]byte("u1")) == d.id([]byte("U1")) {
		t.Error("ids collide")
	}
	if d.compare(d.id([]byte("u10")), d.id([]byte("u9"))) >= 0 || d.compare(d.id([]byte("9")), d.id([]byte("user_7"))) >= 0 {
		t.Error("compare is not byte-wise")
	}
	// compare takes a shortcut for ids of the letter shape: it must agree
	// with the byte-wise order of the texts, across letters and widths.
	idsOf := strings.Fields("u000123 u000124 u100000 U000123 a999999 z000000 u1 u12 u0123 Z9 9 10 user_7")
	for _, x := range idsOf {
		for _, y := range idsOf {
			if got, want := d.compare(d.id([]byte(x)), d.id([]byte(y))), strings.Compare(x, y); got != want {
				t.Errorf("compare(%q, %q) = %d, want %d", x, y, got, want)
			}
		}
	}
}

func TestJSONRecordsAndRejects(t *testing.T) {
	c := newCounter(t, Params{})
	if err := c.SetInput("", 0, 0, []string{"user", "ts", "event", "duration"}); err != nil {
		t.Fatal(err)
	}
	for _, rec := range []string{
		`{"user":"u1","ts":"2023-01-01T10:00:00Z","event":"edit","duration":20000}`,
		`{"user":"u\u0031","ts":1672567200,"event":null,"duration":"30000"}`,
	} {
		if err := c.Add([]byte(rec)); err != nil {
			t.Fatalf("%s: %v", rec, err)
		}
	}
	for rec, reason := range map[string]string{
		`{"ts":"2023-01-01T10:00:00Z","duration":1}`:               "empty user_id",
		`{"user":"u1","ts":"yesterday","duration":1}`:              `unparsable timestamp "yesterday"`,
		`{"user":"u1","ts":"1969-12-31T00:00:00Z","duration":1}`:   "outside 1970..2106",
		`{"user":"u1","ts":"2023-01-01T10:00:00Z","duration":-5}`:  "negative duration_ms",
		`{"user":"u1","ts":"2023-01-01T10:00:00Z","duration":"x"}`: "not a number",
		`{"user":"u1","ts":"2023-01-01T10:00:00Z"}`:                "empty duration_ms",
		`[1]`: "not a JSON object",
	} {
		err := c.Add([]byte(rec))
		if err == nil || !strings.Contains(err.Error(), reason) {
			t.Errorf("%s: %v, want %q", rec, err, reason)
		}
	}
	r := c.Results()
	if r.Events != 2 || r.Users != 1 || r.Sessions.Total != 1 || !slices.Contains(r.Actions, ActionCount{"edit", 1, 1}) {
		t.Fatalf("%+v %+v", r.Sessions, r.Actions)
	}
	if err := c.SetInput("", 0, 0, []string{"a", "b"}); err == nil || !strings.Contains(err.Error(), "no user_id column") {
		t.Fatalf("missing columns: %v", err)
	}
}

// randomLog makes interaction and metadata CSVs with bursts, every id shape
// and duplicates.
func randomLog(r *rand.Rand, n int) (string, string) {
	var b, m strings.Builder
	b.WriteString(head)
	user := func() string {
		k := r.IntN(60)
		switch k % 4 {
		case 0:
			return fmt.Sprintf("u%06d", k)
		case 1:
			return fmt.Sprint(k)
		case 2:
			return fmt.Sprintf("user-%d", k)
		}
		return fmt.Sprintf("U%d", k)
	}
	for range n {
		ts := 1672531200 + r.Int64N(90*86400)
		if r.IntN(3) == 0 {
			ts = 1672531200 + r.Int64N(20)*600 // many exact 10-minute gaps
		}
		dur := r.Int64N(20000)
		if r.IntN(10) == 0 {
			dur = r.Int64N(20000000)
		}
		fmt.Fprintf(&b, "%s,%d,%s,p%d,%d,%d.%d\n", user(), ts, []string{"view", "edit", "share"}[r.IntN(3)], r.IntN(9), dur, r.IntN(3), r.IntN(12))
	}
	m.WriteString(metaHead)
	for range n / 5 {
		fmt.Fprintf(&m, "%s,202%d-0%d-01,%s,%s,free\n", user(), r.IntN(4), 1+r.IntN(9), []string{"US", "FR", ""}[r.IntN(3)], []string{"Mac", "iPad"}[r.IntN(2)])
	}
	return b.String(), m.String()
}

// Any split of the rows into parts, merged in any order, gives the results
// of one counter over all of them.
func TestSplitMergeProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for iter := range 30 {
		log, meta := randomLog(r, 400)
		whole := newCounter(t, Params{TimeZone: "Europe/Paris"})
		feed(t, whole, "", 0, log)
		feed(t, whole, RoleMetadata, 1, meta)
		want := whole.Results()

		var states [][]byte
		for _, part := range [][2]any{{log, ""}, {meta, RoleMetadata}} {
			text, role := part[0].(string), part[1].(string)
			lines := strings.SplitAfter(strings.TrimSuffix(text, "\n"), "\n")
			header, rows := lines[0], lines[1:]
			in := 0
			if role == RoleMetadata {
				in = 1
			}
			for rng := 0; len(rows) > 0; rng++ {
				k := min(len(rows), r.IntN(len(rows)+1))
				c := newCounter(t, Params{TimeZone: "Europe/Paris"})
				if err := c.SetInput(role, in, rng, strings.Split(strings.TrimSpace(header), ",")); err != nil {
					t.Fatal(err)
				}
				rd := delimited.Reader{}
				rd.Feed([]byte(strings.Join(rows[:k], "")), rowSink{t, c})
				rd.Finish(rowSink{t, c})
				rows = rows[k:]
				s, err := c.Snapshot()
				if err != nil {
					t.Fatal(err)
				}
				states = append(states, s)
			}
		}
		r.Shuffle(len(states), func(i, j int) { states[i], states[j] = states[j], states[i] })
		merged := newCounter(t, Params{TimeZone: "Europe/Paris"})
		for _, s := range states {
			if err := merged.MergeSnapshot(s); err != nil {
				t.Fatal(err)
			}
		}
		got := merged.Results()
		got.Columns, want.Columns = nil, nil
		if !reflect.DeepEqual(got, want) {
			a, b := fmt.Sprintf("%+v", got), fmt.Sprintf("%+v", want)
			i := 0
			for i < len(a) && i < len(b) && a[i] == b[i] {
				i++
			}
			t.Fatalf("iteration %d: merged results differ at %q vs %q", iter, a[max(0, i-200):min(len(a), i+200)], b[max(0, i-200):min(len(b), i+200)])
		}
	}
}

func TestEventSortAndMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	evs := make([]event, 5000)
	for i := range evs {
		evs[i] = makeEvent(uint32(r.IntN(300))+letterBase, r.Int64N(1<<32), uint32(r.IntN(1000)), uint32(r.IntN(1e6)), 1, 2)
	}
	a := append([]event(nil), evs...)
	sortEvents(a)
	for i := 1; i < len(a); i++ {
		if compareEvents(a[i-1], a[i]) > 0 {
			t.Fatalf("not sorted at %d", i)
		}
	}
	// Runs of any length merge into the same order.
	b := append([]event(nil), evs...)
	ends := []int{}
	for p := 0; p < len(b); {
		q := min(len(b), p+1+r.IntN(900))
		sortEvents(b[p:q])
		ends = append(ends, q)
		p = q
	}
	b = mergeRuns(b, make([]event, len(b)), ends)
	for i := range a {
		if compareEvents(a[i], b[i]) != 0 {
			t.Fatalf("merge differs at %d", i)
		}
	}
	enc := appendEvents(nil, a)
	back, err := appendDecoded(nil, enc)
	if err != nil || !reflect.DeepEqual(back, a) || !bytes.Equal(appendEvents(nil, back), enc) {
		t.Fatalf("round trip: %v", err)
	}
}

func TestCalendar(t *testing.T) {
	for _, tc := range []struct {
		y, m, d int
		week    string
	}{{2023, 1, 1, "2022-W52"}, {2023, 1, 2, "2023-W01"}, {2020, 12, 31, "2020-W53"}, {2021, 1, 3, "2020-W53"}, {1969, 12, 31, "1970-W01"}, {2024, 12, 30, "2025-W01"}} {
		day := dayOf(tc.y, tc.m, tc.d)
		if y, m, d := civil(day); y != tc.y || m != tc.m || d != tc.d {
			t.Errorf("civil(%d) = %d-%d-%d", day, y, m, d)
		}
		if got := weekLabel(monday(day)); got != tc.week {
			t.Errorf("%d-%02d-%02d: week %s, want %s", tc.y, tc.m, tc.d, got, tc.week)
		}
	}
	if monthLabel(monthOf(dayOf(2023, 2, 28))) != "2023-02" || firstDayOfMonth(monthOf(dayOf(2023, 2, 28))) != dayOf(2023, 2, 1) {
		t.Error("months")
	}
}

func TestPerformanceIsExact(t *testing.T) {
	c := newCounter(t, Params{})
	var b strings.Builder
	b.WriteString(head)
	for i := 1; i <= 100; i++ {
		fmt.Fprintf(&b, "u%d,2023-01-01 10:00:00,edit,p,%d,1.10\n", i, i)
	}
	b.WriteString("x,2023-01-01 10:00:00,edit,p,7,1.9\ny,2023-01-01 10:00:00,edit,p,8,\n")
	feed(t, c, "", 0, b.String())
	got := c.Results().Performance.ByVersion
	want := []Quantiles{{AppVersion: "(none)", Events: 1, MeanMs: 8, P50: 8, P95: 8, P99: 8},
		{AppVersion: "1.9", Events: 1, MeanMs: 7, P50: 7, P95: 7, P99: 7},
		{AppVersion: "1.10", Events: 100, MeanMs: 50.5, P50: 50, P95: 95, P99: 99}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%+v", got)
	}
}

func TestStats(t *testing.T) {
	hist := func(values ...int64) *countHist {
		var h countHist
		for _, v := range values {
			h.add(v)
		}
		return &h
	}
	if g := gini(hist(5, 5, 5, 5)); g != 0 {
		t.Errorf("equal gini %v", g)
	}
	if g := gini(hist(append(make([]int64, 99), 100)...)); g != 0.99 {
		t.Errorf("concentrated gini %v", g)
	}
	if g := gini(hist(1, 2, 3, 4, 10000)); math.Abs(g-0.7992008) > 1e-6 {
		t.Errorf("gini %v", g)
	}
	if h := hist(3, 1, 2, 9000, 2); h.quantile(0.5) != 2 || h.quantile(0.9) != 9000 || h.quantile(0.2) != 1 {
		t.Errorf("hist quantiles")
	}
	vals := []int64{9, 1, 8, 2, 7, 3, 6, 4, 5, 10}
	d := distribution(vals, 1, []float64{0, 5}, []string{"<5", "5+"})
	if d.Median != 5 || d.P90 != 9 || d.Histogram[0].Count != 4 || d.Max != 10 || d.Mean != 5.5 {
		t.Errorf("distribution %+v", d)
	}
	v := []int64{5, 1, 4, 2, 3}
	if nearestRank(v, 0.5) != 3 || nearestRank(v, 0.9) != 5 || nearestRank(v, 0) != 1 {
		t.Error("nearest rank")
	}
	if naturalCompare("5.10.0", "5.9.9") <= 0 || naturalCompare("5.9", "5.9.1") >= 0 || naturalCompare("a", "b") >= 0 {
		t.Error("natural order")
	}
}
