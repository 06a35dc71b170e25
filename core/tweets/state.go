package tweets

import (
	"cmp"
	"slices"

	"dropsight/core/rank"
	"dropsight/core/timestamp"
)

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

	// Top keeps the first few of tens of thousands without sorting them all.
	emojis := rank.Top[EmojiCount]{K: top, Better: func(a, b EmojiCount) bool {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Emoji, b.Emoji)) < 0
	}}
	for e, n := range c.emojis {
		emojis.Push(EmojiCount{e, n})
	}
	r.TopEmojis = append([]EmojiCount{}, emojis.Sorted()...)
	r.Emojis = Totals{Total: c.emojiTotal, Distinct: len(c.emojis)}

	type ranked struct {
		lower string
		t     *tally
	}
	mentions := rank.Top[ranked]{K: top, Better: func(a, b ranked) bool {
		return cmp.Or(cmp.Compare(b.t.count, a.t.count), cmp.Compare(a.lower, b.lower)) < 0
	}}
	for lower, t := range c.mentions {
		mentions.Push(ranked{lower, t})
	}
	r.TopMentions = []MentionCount{}
	for _, m := range mentions.Sorted() {
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

// Summary returns the results as the document's results value.
func (c *Counter) Summary() any { return c.Results() }

// Parameters returns the normalized parameters for the document.
func (c *Counter) Parameters() any { return c.params }
