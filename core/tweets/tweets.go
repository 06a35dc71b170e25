// Package tweets is the tweet insights recipe: the busiest days with each
// day's most active user, the most used emojis and the most mentioned users.
//
// Definitions (also in the README):
//   - A tweet's day is its top-level date converted to UTC (a date without an
//     offset is read in the run's time zone), calendar day.
//   - topDates: the days with the most tweets, most first, ties by earlier
//     day; each with the user with most tweets that day, ties by byte-wise
//     smaller name.
//   - topEmojis: emoji grapheme clusters of the text (see package emoji),
//     most first, ties by byte-wise order.
//   - topMentions: from the mentions field when the record has it (null or
//     [] means none), otherwise from @mentions in the text; names group
//     case-insensitively and show with their most frequent spelling.
//
// Only the configured top-level paths are read: nested quoted or retweeted
// tweets are skipped, never counted.
package tweets

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"dropsight/core/budget"
	"dropsight/core/emoji"
	"dropsight/core/jsonscan"
	"dropsight/core/mention"
	"dropsight/core/timestamp"
)

// Mention sources.
const (
	MentionsAuto  = "auto"  // the field when the record has it, else the text
	MentionsField = "field" // only the mentions field
	MentionsText  = "text"  // only @mentions in the text
)

// Params are the recipe's parameters; the zero value is completed by Normalize.
type Params struct {
	Mentions string `json:"mentions"`
	Fields   Fields `json:"fields"`
	TimeZone string `json:"timeZone"`
	// Top is how many days, emojis and mentions are listed; 10 by default.
	Top int `json:"top"`
}

// Normalize fills defaults and checks the parameters.
func (p *Params) Normalize() error {
	if p.Mentions == "" {
		p.Mentions = MentionsAuto
	}
	switch p.Mentions {
	case MentionsAuto, MentionsField, MentionsText:
	default:
		return fmt.Errorf("mentions must be auto, field or text, not %q", p.Mentions)
	}
	if p.TimeZone == "" {
		p.TimeZone = "UTC"
	}
	if _, err := time.LoadLocation(p.TimeZone); err != nil {
		return fmt.Errorf("unknown time zone %q", p.TimeZone)
	}
	if p.Top <= 0 {
		p.Top = 10
	}
	if p.Fields.Date == "" {
		return errors.New("no date field: pick the field that holds each tweet's date")
	}
	return nil
}

// slots of the scan plan
const (
	slotDate = iota
	slotUser
	slotText
	slotMentionList // the array (present even when null)
	slotMentionName // the name inside each element, when elements are objects
)

// Counter accumulates the recipe's state over a part of the input. Build one
// with NewCounter; counters over different parts combine with Merge.
type Counter struct {
	params Params
	plan   *jsonscan.Plan
	loc    *time.Location
	vals   jsonscan.Values
	text   []byte
	name   []byte
	lower  []byte

	records    int64
	days       map[int32]int64
	userIDs    map[string]uint32
	userNames  []string
	dayUsers   map[uint64]int64 // day<<32 | user id
	emojis     map[string]int64
	emojiTotal int64
	mentions   map[string]*tally
	mentionN   int64
	fromField  int64
	fromText   int64

	mem budget.Meter // the bytes of the maps above, and the first entry that did not fit (see budget.go)
}

// tally counts one mentioned user (lower-cased key) and its spellings.
type tally struct {
	count     int64
	spellings map[string]int64
}

// NewCounter returns an empty counter for p (normalized).
func NewCounter(p Params) (*Counter, error) {
	if err := p.Normalize(); err != nil {
		return nil, err
	}
	loc, _ := time.LoadLocation(p.TimeZone)
	list, name := mentionPaths(p.Fields.Mentions)
	return &Counter{
		params:   p,
		plan:     jsonscan.NewPlan(p.Fields.Date, p.Fields.User, p.Fields.Text, list, name),
		loc:      loc,
		days:     map[int32]int64{},
		userIDs:  map[string]uint32{},
		dayUsers: map[uint64]int64{},
		emojis:   map[string]int64{},
		mentions: map[string]*tally{},
	}, nil
}

// mentionPaths splits "array.field" into the array path and the full path;
// a path without a dot names an array of strings.
func mentionPaths(p string) (list, name string) {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i], p
	}
	return p, ""
}

// Params returns the counter's normalized parameters.
func (c *Counter) Params() Params { return c.params }

// Add counts one record. A non-nil error is the reason to reject it.
func (c *Counter) Add(rec []byte) error {
	if err := c.plan.Scan(rec, &c.vals); err != nil {
		if err == jsonscan.ErrNotObject {
			return err
		}
		return err
	}
	day, err := c.day(c.vals.First(slotDate))
	if err != nil {
		return err
	}
	c.records++
	c.addDay(day, 1)
	if u := c.vals.First(slotUser); u.Kind() == '"' {
		if c.name, err = jsonscan.String(c.name[:0], u); err == nil && len(c.name) > 0 {
			c.addDayUser(day, c.name, 1)
		}
	}
	text := c.textOf(c.vals.First(slotText))
	emoji.Each(text, func(cluster []byte) {
		c.addEmoji(cluster, 1)
		c.emojiTotal++
	})
	useField := c.params.Mentions == MentionsField ||
		c.params.Mentions == MentionsAuto && c.vals.Found[slotMentionList]
	if useField {
		names := c.vals.Vals[slotMentionName]
		if c.plan.Paths()[slotMentionName] == "" {
			names = c.vals.Vals[slotMentionList]
		}
		for _, v := range names {
			if v.Kind() != '"' {
				continue
			}
			if c.name, err = jsonscan.String(c.name[:0], v); err == nil && len(c.name) > 0 {
				c.addMention(c.name, 1)
				c.fromField++
			}
		}
	} else {
		mention.Each(text, func(name []byte) {
			c.addMention(name, 1)
			c.fromText++
		})
	}
	return c.mem.Err()
}

// day reads the date value of a record.
func (c *Counter) day(v jsonscan.Value) (int32, error) {
	var raw []byte
	switch v.Kind() {
	case '"':
		var err error
		if raw, err = jsonscan.String(c.text[:0], v); err != nil {
			return 0, fmt.Errorf("date %s: %v", v, err)
		}
		c.text = raw
	case '0':
		raw = v
	case 0:
		return 0, fmt.Errorf("no %q field", c.params.Fields.Date)
	default:
		return 0, fmt.Errorf("%q is %s, not a date", c.params.Fields.Date, cut(v, 40))
	}
	unix, ok := timestamp.Parse(raw, c.loc)
	if !ok {
		return 0, fmt.Errorf("unparsable date %q", cut(raw, 60))
	}
	return timestamp.Day(unix), nil
}

func cut(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// textOf decodes the text value, avoiding a copy when it has no escapes.
func (c *Counter) textOf(v jsonscan.Value) []byte {
	if v.Kind() != '"' {
		return nil
	}
	if bytes.IndexByte(v, '\\') < 0 {
		return v[1 : len(v)-1]
	}
	t, err := jsonscan.String(c.text[:0], v)
	if err != nil {
		return nil
	}
	c.text = t
	return t
}

// userID numbers a user name; false when a new name does not fit the budget.
func (c *Counter) userID(name []byte) (uint32, bool) {
	if id, ok := c.userIDs[string(name)]; ok {
		return id, true
	}
	if !c.fits(int64(len(name))+nameCost, "user names") {
		return 0, false
	}
	id := uint32(len(c.userNames))
	s := string(name)
	c.userIDs[s] = id
	c.userNames = append(c.userNames, s)
	return id, true
}

func (c *Counter) addDay(day int32, n int64) {
	had := len(c.days)
	c.days[day] += n
	if len(c.days) > had {
		c.fits(dayCost, "days")
	}
}

func (c *Counter) addDayUser(day int32, name []byte, n int64) {
	id, ok := c.userID(name)
	if ok {
		c.addPair(day, id, n)
	}
}

func (c *Counter) addEmoji(cluster []byte, n int64) {
	had := len(c.emojis)
	c.emojis[string(cluster)] += n
	if len(c.emojis) > had {
		c.fits(int64(len(cluster))+nameCost, "emojis")
	}
}

func (c *Counter) addMention(name []byte, n int64) {
	c.lower = lowerASCII(c.lower[:0], name)
	t := c.mentions[string(c.lower)]
	if t == nil {
		if !c.fits(int64(len(name))+mentionCost, "mentioned users") {
			return
		}
		t = &tally{spellings: map[string]int64{}}
		c.mentions[string(c.lower)] = t
	}
	t.count += n
	had := len(t.spellings)
	t.spellings[string(name)] += n
	if len(t.spellings) > had && had > 0 {
		// The first spelling is in mentionCost.
		c.fits(int64(len(name))+nameCost, "mentioned users")
	}
	c.mentionN += n
}

func lowerASCII(dst, s []byte) []byte {
	for _, b := range s {
		if b >= 'A' && b <= 'Z' {
			b += 'a' - 'A'
		}
		dst = append(dst, b)
	}
	return dst
}

// Records is the number of records counted.
func (c *Counter) Records() int64 { return c.records }
