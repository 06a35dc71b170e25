package activity

import (
	"fmt"
	"math"
	"time"
)

// Days, ISO weeks and months are taken in the run's time zone. A day is a
// number of days since 1970-01-01 (local calendar); a week is the day
// number of its Monday; a month is year*12 + month-1.

// zone converts instants to local days, caching the current offset and
// the span it holds for (between two daylight-saving changes), so that a
// zone lookup is rare.
type zone struct {
	loc      *time.Location
	utc      bool
	from, to int64
	off      int64
}

func newZone(loc *time.Location) zone {
	return zone{loc: loc, utc: loc == nil || loc == time.UTC, from: 1, to: 0}
}

// offset returns the zone's offset from UTC, in seconds, at Unix time sec.
func (z *zone) offset(sec int64) int64 {
	if z.utc {
		return 0
	}
	if sec >= z.from && sec < z.to {
		return z.off
	}
	t := time.Unix(sec, 0).In(z.loc)
	_, off := t.Zone()
	start, end := t.ZoneBounds()
	z.from, z.to, z.off = math.MinInt64, math.MaxInt64, int64(off)
	if !start.IsZero() {
		z.from = start.Unix()
	}
	if !end.IsZero() {
		z.to = end.Unix()
	}
	return z.off
}

// day returns the local day of Unix time sec.
func (z *zone) day(sec int64) int32 {
	return int32(floorDiv(sec+z.offset(sec), 86400))
}

// eventDay returns the local day of an event's start: day, without a call
// in UTC (the loops over every event run it; a call costs as much as the
// rest of it in wasm). Events start at or after 1970, so the division is
// the floor.
func (z *zone) eventDay(e event) int32 {
	if z.utc {
		return int32(uint32(e.hi) / 86400) // e.sec()
	}
	return z.day(e.sec())
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// civil converts a day number to year, month, day (proleptic Gregorian).
func civil(day int32) (y, m, d int) {
	z := int64(day) + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

// dayOf converts a date to its day number.
func dayOf(y, m, d int) int32 {
	if m <= 2 {
		y--
	}
	era := floorDiv(int64(y), 400)
	yoe := int64(y) - era*400
	mp := int64((m + 9) % 12)
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468)
}

// monday returns the Monday that starts the ISO week of day.
func monday(day int32) int32 {
	return int32(floorDiv(int64(day)+3, 7)*7 - 3)
}

// monthOf returns the month number of day.
func monthOf(day int32) int32 {
	y, m, _ := civil(day)
	return int32(y*12 + m - 1)
}

// firstDayOfMonth returns the day number of the first day of month.
func firstDayOfMonth(month int32) int32 {
	return dayOf(int(floorDiv(int64(month), 12)), int(month-int32(floorDiv(int64(month), 12))*12)+1, 1)
}

func dayLabel(day int32) string {
	y, m, d := civil(day)
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

func monthLabel(month int32) string {
	y := floorDiv(int64(month), 12)
	return fmt.Sprintf("%04d-%02d", y, int64(month)-y*12+1)
}

// weekLabel names the ISO week that starts on Monday mon: "2023-W01". The
// ISO year is the year of the week's Thursday.
func weekLabel(mon int32) string {
	thu := mon + 3
	y, _, _ := civil(thu)
	return fmt.Sprintf("%04d-W%02d", y, (thu-dayOf(y, 1, 1))/7+1)
}
