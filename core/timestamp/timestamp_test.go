package timestamp

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	tests := []struct {
		in   string
		loc  *time.Location
		want string // RFC 3339 in UTC, "" when it must fail
	}{
		{"2021-02-24T09:23:35+00:00", nil, "2021-02-24T09:23:35Z"},
		{"2021-02-24T09:23:35Z", nil, "2021-02-24T09:23:35Z"},
		{"2021-02-12T20:30:00-05:00", nil, "2021-02-13T01:30:00Z"},
		{"2021-02-13T01:00:00+0530", nil, "2021-02-12T19:30:00Z"},
		{"2021-02-13T01:00:00.123456+05", nil, "2021-02-12T20:00:00Z"},
		{"2023-01-01 00:00:00", nil, "2023-01-01T00:00:00Z"},
		{"2023-01-01 00:00:00", kolkata, "2022-12-31T18:30:00Z"},
		{"2023-01-01", nil, "2023-01-01T00:00:00Z"},
		{"2021-02-24 09:23:35 UTC", nil, "2021-02-24T09:23:35Z"},
		{"Mon Apr 06 22:19:45 PDT 2009", nil, "2009-04-07T05:19:45Z"},
		{"Mon Apr 06 22:19:45 pst 2009", nil, "2009-04-07T06:19:45Z"},
		{"Wed Oct 10 20:19:24 +0000 2018", nil, "2018-10-10T20:19:24Z"},
		{"Sat Feb 13 23:00:00 IST 2021", nil, "2021-02-13T17:30:00Z"},
		{"1613000000", nil, "2021-02-10T23:33:20Z"},
		{"1613000000123", nil, "2021-02-10T23:33:20Z"},
		{"1613000000.5", nil, "2021-02-10T23:33:20Z"},
		{"2020-02-29T00:00:00Z", nil, "2020-02-29T00:00:00Z"},
		{"1969-12-31T23:59:59Z", nil, "1969-12-31T23:59:59Z"},
		{"2021-02-30T00:00:00Z", nil, ""},
		{"2021-13-01", nil, ""},
		{"2021-02-24T25:00:00Z", nil, ""},
		{"2021-02-24T09:23:35+25:00", nil, ""},
		{"Mon Apr 06 22:19:45 XYZ 2009", nil, ""},
		{"yesterday", nil, ""},
		{"", nil, ""},
		{"12abc", nil, ""},
	}
	for _, tt := range tests {
		unix, ok := Parse([]byte(tt.in), tt.loc)
		got := ""
		if ok {
			got = time.Unix(unix, 0).UTC().Format(time.RFC3339)
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDay(t *testing.T) {
	for _, s := range []string{"1969-12-31", "1970-01-01", "2021-02-12", "2400-02-29", "1600-03-01"} {
		d, ok := ParseDay(s)
		if !ok || DayString(d) != s {
			t.Errorf("round trip of %s gave %s", s, DayString(d))
		}
		tm, _ := time.Parse("2006-01-02", s)
		if Day(tm.Unix()) != d || Day(tm.Unix()+86399) != d {
			t.Errorf("Day(%s) mismatch", s)
		}
	}
}

// FuzzParse checks that ISO dates agree with the time package.
func FuzzParse(f *testing.F) {
	f.Add("2021-02-24T09:23:35+05:30")
	f.Add("Mon Apr 06 22:19:45 PDT 2009")
	f.Add("1613000000")
	f.Fuzz(func(t *testing.T, s string) {
		unix, ok := Parse([]byte(s), nil)
		if !ok {
			return
		}
		if tm, err := time.Parse(time.RFC3339, s); err == nil && tm.Unix() != unix {
			t.Fatalf("Parse(%q) = %d, time.Parse says %d", s, unix, tm.Unix())
		}
	})
}
