package tweets

import (
	"cmp"
	"slices"

	"dropsight/core/timestamp"
	json "github.com/goccy/go-json"
)

// State is the serializable form of a Counter: what a worker hands to the
// merge. Keys are values (days, names, emojis), never local ids, so states
// from any workers combine.
type State struct {
	Records    int64                   `json:"records"`
	Days       map[string]DayState     `json:"days"`
	Emojis     map[string]int64        `json:"emojis"`
	EmojiTotal int64                   `json:"emojiTotal"`
	Mentions   map[string]MentionState `json:"mentions"`
	FromField  int64                   `json:"fromField"`
	FromText   int64                   `json:"fromText"`
}

// DayState counts one day's tweets and its users' tweets.
type DayState struct {
	Tweets int64            `json:"tweets"`
	Users  map[string]int64 `json:"users"`
}

// MentionState counts one user's mentions by spelling; the key of
// State.Mentions is the lower-cased name.
type MentionState struct {
	Spellings map[string]int64 `json:"spellings"`
}

// State exports the counter's state.
func (c *Counter) State() State {
	s := State{
		Records:    c.records,
		Days:       make(map[string]DayState, len(c.days)),
		Emojis:     c.emojis,
		EmojiTotal: c.emojiTotal,
		Mentions:   make(map[string]MentionState, len(c.mentions)),
		FromField:  c.fromField,
		FromText:   c.fromText,
	}
	names := make(map[int32]string, len(c.days))
	for day, n := range c.days {
		names[day] = timestamp.DayString(day)
		s.Days[names[day]] = DayState{Tweets: n, Users: map[string]int64{}}
	}
	for key, n := range c.dayUsers {
		day, id := int32(uint32(key>>32)), uint32(key)
		s.Days[names[day]].Users[c.userNames[id]] = n
	}
	for lower, t := range c.mentions {
		s.Mentions[lower] = MentionState{Spellings: t.spellings}
	}
	return s
}

// Merge adds a state (from another part of the input) into the counter.
// The only error is a state that does not fit the counter's budget.
func (c *Counter) Merge(s State) error {
	c.records += s.Records
	for dayName, d := range s.Days {
		day, ok := timestamp.ParseDay(dayName)
		if !ok {
			continue
		}
		c.addDay(day, d.Tweets)
		for name, n := range d.Users {
			c.addDayUser(day, []byte(name), n)
		}
	}
	for e, n := range s.Emojis {
		c.addEmoji([]byte(e), n)
	}
	c.emojiTotal += s.EmojiTotal
	for _, m := range s.Mentions {
		for spelling, n := range m.Spellings {
			c.addMention([]byte(spelling), n)
		}
	}
	c.fromField += s.FromField
	c.fromText += s.FromText
	return c.mem.Err()
}

// Results are the recipe's answers; the JSON names are fixed (checks read them).
type Results struct {
	Records      int64          `json:"records"`
	Days         int            `json:"days"`
	TopDates     []TopDate      `json:"topDates"`
	TweetsPerDay []DayCount     `json:"tweetsPerDay"`
	TopEmojis    []EmojiCount   `json:"topEmojis"`
	Emojis       Totals         `json:"emojis"`
	TopMentions  []MentionCount `json:"topMentions"`
	Mentions     MentionTotals  `json:"mentions"`
}

// TopDate is one of the busiest days.
type TopDate struct {
	Date          string `json:"date"`
	Tweets        int64  `json:"tweets"`
	TopUser       string `json:"topUser"`
	TopUserTweets int64  `json:"topUserTweets"`
}

// DayCount is one point of the tweets-per-day series.
type DayCount struct {
	Date   string `json:"date"`
	Tweets int64  `json:"tweets"`
}

// EmojiCount is one emoji and its uses.
type EmojiCount struct {
	Emoji string `json:"emoji"`
	Count int64  `json:"count"`
}

// Totals counts all and distinct values.
type Totals struct {
	Total    int64 `json:"total"`
	Distinct int   `json:"distinct"`
}

// MentionCount is one mentioned user, shown in its most frequent spelling.
type MentionCount struct {
	Username string `json:"username"`
	Count    int64  `json:"count"`
}

// MentionTotals counts mentions and where they were taken from.
type MentionTotals struct {
	Total     int64 `json:"total"`
	Distinct  int   `json:"distinct"`
	FromField int64 `json:"fromField"`
	FromText  int64 `json:"fromText"`
}

// maxGapFill bounds the span of days whose missing days the series fills
// with zeros; a stray date decades away would otherwise make it huge.
const maxGapFill = 3660

// Results computes the answers from the counter's state.
func (c *Counter) Results() Results {
	top := c.params.Top
	r := Results{Records: c.records, Days: len(c.days)}

	type best struct {
		id uint32
		n  int64
	}
	bestOf := make(map[int32]best, len(c.days))
	for key, n := range c.dayUsers {
		day, id := int32(uint32(key>>32)), uint32(key)
		b, ok := bestOf[day]
		if !ok || n > b.n || n == b.n && c.userNames[id] < c.userNames[b.id] {
			bestOf[day] = best{id, n}
		}
	}
	days := make([]int32, 0, len(c.days))
	for d := range c.days {
		days = append(days, d)
	}
	slices.Sort(days)
	byTweets := slices.Clone(days)
	slices.SortStableFunc(byTweets, func(a, b int32) int { return cmp.Compare(c.days[b], c.days[a]) })
	for _, d := range byTweets[:min(top, len(byTweets))] {
		t := TopDate{Date: timestamp.DayString(d), Tweets: c.days[d]}
		if b, ok := bestOf[d]; ok {
			t.TopUser, t.TopUserTweets = c.userNames[b.id], b.n
		}
		r.TopDates = append(r.TopDates, t)
	}
	r.TweetsPerDay = []DayCount{}
	if len(days) > 0 {
		first, last := days[0], days[len(days)-1]
		if last-first <= maxGapFill {
			for d := first; d <= last; d++ {
				r.TweetsPerDay = append(r.TweetsPerDay, DayCount{timestamp.DayString(d), c.days[d]})
			}
		} else {
			for _, d := range days {
				r.TweetsPerDay = append(r.TweetsPerDay, DayCount{timestamp.DayString(d), c.days[d]})
			}
		}
	}

	r.TopEmojis = []EmojiCount{}
	for e, n := range c.emojis {
		r.TopEmojis = append(r.TopEmojis, EmojiCount{e, n})
	}
	slices.SortFunc(r.TopEmojis, func(a, b EmojiCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Emoji, b.Emoji))
	})
	r.TopEmojis = r.TopEmojis[:min(top, len(r.TopEmojis))]
	r.Emojis = Totals{Total: c.emojiTotal, Distinct: len(c.emojis)}

	type ranked struct {
		lower string
		t     *tally
	}
	ms := make([]ranked, 0, len(c.mentions))
	for lower, t := range c.mentions {
		ms = append(ms, ranked{lower, t})
	}
	slices.SortFunc(ms, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(b.t.count, a.t.count), cmp.Compare(a.lower, b.lower))
	})
	r.TopMentions = []MentionCount{}
	for _, m := range ms[:min(top, len(ms))] {
		r.TopMentions = append(r.TopMentions, MentionCount{mostFrequent(m.t.spellings), m.t.count})
	}
	r.Mentions = MentionTotals{Total: c.mentionN, Distinct: len(c.mentions), FromField: c.fromField, FromText: c.fromText}
	return r
}

// mostFrequent returns the spelling used most, ties by byte-wise order.
func mostFrequent(spellings map[string]int64) string {
	var best string
	var n int64 = -1
	for s, k := range spellings {
		if k > n || k == n && s < best {
			best, n = s, k
		}
	}
	return best
}

// Snapshot encodes the counter's state for the merge.
func (c *Counter) Snapshot() ([]byte, error) { return json.Marshal(c.State()) }

// MergeSnapshot adds an encoded state into the counter.
func (c *Counter) MergeSnapshot(data []byte) error {
	var s State
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	return c.Merge(s)
}

// Summary returns the results as the document's results value.
func (c *Counter) Summary() any { return c.Results() }

// Parameters returns the normalized parameters for the document.
func (c *Counter) Parameters() any { return c.params }
