// Package timestamp reads the timestamps found in exported data: ISO 8601 /
// RFC 3339 (with or without an offset), the Twitter and Unix date layouts
// with a numeric offset or a zone abbreviation ("Mon Apr 06 22:19:45 PDT
// 2009"), and epoch seconds or milliseconds.
//
// A timestamp with an offset or a known zone keeps its instant; a naive one
// is read in the caller's location. Parsing is allocation-free on the common
// layouts because it runs once per record.
package timestamp

import (
	"time"
)

// Parse returns the instant s denotes, in Unix seconds, or ok=false when s
// is in no known layout. loc is used for timestamps that carry no zone; nil
// means UTC.
func Parse(s []byte, loc *time.Location) (unix int64, ok bool) {
	s = trim(s)
	if len(s) == 0 {
		return 0, false
	}
	switch {
	case len(s) >= 10 && isDigits(s[:4]) && s[4] == '-':
		return parseISO(s, loc)
	case s[0] >= '0' && s[0] <= '9' || s[0] == '-':
		return parseEpoch(s)
	case len(s) >= 24 && isLetter(s[0]):
		return parseTwitter(s, loc)
	}
	return 0, false
}

// Day is the number of days since 1970-01-01 of a Unix time, in UTC.
func Day(unix int64) int32 {
	d := unix / 86400
	if unix%86400 < 0 {
		d--
	}
	return int32(d)
}

// DayString formats a day number as YYYY-MM-DD.
func DayString(day int32) string {
	return time.Unix(int64(day)*86400, 0).UTC().Format("2006-01-02")
}

// ParseDay is the inverse of DayString.
func ParseDay(s string) (int32, bool) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return 0, false
	}
	return Day(t.Unix()), true
}

func trim(s []byte) []byte {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func num(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}

// daysFromCivil converts a proleptic Gregorian date to days since 1970-01-01.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && (y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		days = 29
	}
	return d <= days
}

// local turns a naive wall-clock time into Unix seconds in loc.
func local(y, mo, d, h, mi, sec int, loc *time.Location) int64 {
	if loc == nil || loc == time.UTC {
		return daysFromCivil(y, mo, d)*86400 + int64(h*3600+mi*60+sec)
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc).Unix()
}

// parseISO reads YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH[:]MM|±HH].
func parseISO(s []byte, loc *time.Location) (int64, bool) {
	if s[7] != '-' || !isDigits(s[5:7]) || !isDigits(s[8:10]) {
		return 0, false
	}
	y, mo, d := num(s[:4]), num(s[5:7]), num(s[8:10])
	if !validDate(y, mo, d) {
		return 0, false
	}
	rest := s[10:]
	if len(rest) == 0 {
		return local(y, mo, d, 0, 0, 0, loc), true
	}
	if rest[0] != 'T' && rest[0] != 't' && rest[0] != ' ' {
		return 0, false
	}
	rest = rest[1:]
	if len(rest) < 5 || !isDigits(rest[:2]) || rest[2] != ':' || !isDigits(rest[3:5]) {
		return 0, false
	}
	h, mi, sec := num(rest[:2]), num(rest[3:5]), 0
	rest = rest[5:]
	if len(rest) >= 3 && rest[0] == ':' && isDigits(rest[1:3]) {
		sec = num(rest[1:3])
		rest = rest[3:]
		if len(rest) > 0 && (rest[0] == '.' || rest[0] == ',') {
			i := 1
			for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
				i++
			}
			if i == 1 {
				return 0, false
			}
			rest = rest[i:]
		}
	}
	if h > 24 || mi > 59 || sec > 60 {
		return 0, false
	}
	for len(rest) > 0 && rest[0] == ' ' {
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return local(y, mo, d, h, mi, sec, loc), true
	}
	off, ok := parseOffset(rest)
	if !ok {
		// "2021-02-24 09:23:35 UTC" and friends.
		off, ok = abbreviation(rest)
		if !ok {
			return 0, false
		}
	}
	return daysFromCivil(y, mo, d)*86400 + int64(h*3600+mi*60+sec) - int64(off), true
}

// parseOffset reads Z, ±HH, ±HHMM or ±HH:MM and returns seconds east of UTC.
func parseOffset(s []byte) (int, bool) {
	if len(s) == 1 && (s[0] == 'Z' || s[0] == 'z') {
		return 0, true
	}
	if len(s) < 3 || (s[0] != '+' && s[0] != '-') || !isDigits(s[1:3]) {
		return 0, false
	}
	h, m := num(s[1:3]), 0
	switch {
	case len(s) == 3:
	case len(s) == 5 && isDigits(s[3:5]):
		m = num(s[3:5])
	case len(s) == 6 && s[3] == ':' && isDigits(s[4:6]):
		m = num(s[4:6])
	default:
		return 0, false
	}
	if h > 23 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if s[0] == '-' {
		off = -off
	}
	return off, true
}

// zones maps the abbreviations found in exported data to their UTC offsets
// in seconds. IST is read as India Standard Time, the common case in tweets.
var zones = map[string]int{
	"UTC": 0, "GMT": 0, "UT": 0, "Z": 0,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
	"AKST": -9 * 3600, "AKDT": -8 * 3600, "HST": -10 * 3600,
	"AST": -4 * 3600, "ADT": -3 * 3600, "NST": -12600, "NDT": -9000,
	"BST": 3600, "WET": 0, "WEST": 3600, "CET": 3600, "CEST": 2 * 3600,
	"EET": 2 * 3600, "EEST": 3 * 3600, "MSK": 3 * 3600,
	"IST": 19800, "PKT": 5 * 3600, "SGT": 8 * 3600, "HKT": 8 * 3600,
	"JST": 9 * 3600, "KST": 9 * 3600,
	"AWST": 8 * 3600, "ACST": 34200, "AEST": 10 * 3600, "AEDT": 11 * 3600,
	"NZST": 12 * 3600, "NZDT": 13 * 3600,
}

// ZoneOffset returns the UTC offset in seconds of a zone abbreviation.
func ZoneOffset(abbr string) (int, bool) {
	off, ok := zones[abbr]
	return off, ok
}

func abbreviation(s []byte) (int, bool) {
	if len(s) > 5 {
		return 0, false
	}
	var up [5]byte
	for i, c := range s {
		if !isLetter(c) {
			return 0, false
		}
		up[i] = c &^ 0x20
	}
	off, ok := zones[string(up[:len(s)])]
	return off, ok
}

var months = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

func month(b []byte) int {
	if len(b) != 3 {
		return 0
	}
	l := [3]byte{b[0] | 0x20, b[1] | 0x20, b[2] | 0x20}
	for i, m := range months {
		if string(l[:]) == m {
			return i + 1
		}
	}
	return 0
}

// parseTwitter reads "Mon Apr 06 22:19:45 PDT 2009" and "Wed Oct 10
// 20:19:24 +0000 2018": weekday, month, day, clock, zone, year.
func parseTwitter(s []byte, loc *time.Location) (int64, bool) {
	var f [6][]byte
	n := 0
	for i := 0; i < len(s) && n < 6; {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' {
			j++
		}
		if j > i {
			f[n] = s[i:j]
			n++
		}
		i = j
	}
	if n != 6 {
		return 0, false
	}
	mo := month(f[1])
	if mo == 0 || !isDigits(f[2]) || len(f[2]) > 2 || !isDigits(f[5]) || len(f[5]) != 4 {
		return 0, false
	}
	c := f[3]
	if len(c) != 8 || c[2] != ':' || c[5] != ':' || !isDigits(c[:2]) || !isDigits(c[3:5]) || !isDigits(c[6:]) {
		return 0, false
	}
	y, d := num(f[5]), num(f[2])
	h, mi, sec := num(c[:2]), num(c[3:5]), num(c[6:])
	if !validDate(y, mo, d) || h > 23 || mi > 59 || sec > 60 {
		return 0, false
	}
	off, ok := parseOffset(f[4])
	if !ok {
		if off, ok = abbreviation(f[4]); !ok {
			return 0, false
		}
	}
	_ = loc // the layout always carries a zone
	return daysFromCivil(y, mo, d)*86400 + int64(h*3600+mi*60+sec) - int64(off), true
}

// parseEpoch reads integer or fractional epoch seconds; values beyond
// year 5138 in seconds are taken as milliseconds.
func parseEpoch(s []byte) (int64, bool) {
	neg := false
	if s[0] == '-' {
		neg, s = true, s[1:]
	}
	i := 0
	var n int64
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		if n > 1e17 {
			return 0, false
		}
		n = n*10 + int64(s[i]-'0')
		i++
	}
	if i == 0 {
		return 0, false
	}
	if i < len(s) {
		if s[i] != '.' || !isDigits(s[i+1:]) {
			return 0, false
		}
	}
	if n >= 1e11 {
		n /= 1000
	}
	if neg {
		n = -n
	}
	return n, true
}
