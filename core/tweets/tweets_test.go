package tweets

import (
	"bufio"
	"os"
	"reflect"
	"strings"
	"testing"
)

var snscrape = Fields{Date: "date", User: "user.username", Text: "content", Mentions: "mentionedUsers.username"}

// count runs a counter over NDJSON lines and returns the results and the
// rejection reasons by line (1-based).
func count(t *testing.T, p Params, lines ...string) (Results, map[int]string) {
	t.Helper()
	c, err := NewCounter(p)
	if err != nil {
		t.Fatal(err)
	}
	rejects := map[int]string{}
	for i, l := range lines {
		if err := c.Add([]byte(l)); err != nil {
			rejects[i+1] = err.Error()
		}
	}
	return c.Results(), rejects
}

// The answers for the first 15 lines of the real file, counted by hand:
// one day; anmoldhaliwal tweeted 3 times; mentionedUsers gives
// mandeeppunia1 twice and five others once (one quoted tweet mentions
// RaviSinghKA and others, which must not count); contents hold 🚜🌾💪 and
// 🤫🤫🤔🤔.
func TestSampleFile(t *testing.T) {
	f, err := os.Open("testdata/sample-15.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	r, rejects := count(t, Params{Fields: snscrape}, lines...)
	if len(rejects) > 0 {
		t.Fatalf("rejects: %v", rejects)
	}
	want := Results{
		Records:      15,
		Days:         1,
		TopDates:     []TopDate{{"2021-02-24", 15, "anmoldhaliwal", 3}},
		TweetsPerDay: []DayCount{{"2021-02-24", 15}},
		TopEmojis:    []EmojiCount{{"🤔", 2}, {"🤫", 2}, {"🌾", 1}, {"💪", 1}, {"🚜", 1}},
		Emojis:       Totals{Total: 7, Distinct: 5},
		TopMentions: []MentionCount{{"mandeeppunia1", 2}, {"DelhiPolice", 1}, {"Kisanektamorcha", 1},
			{"narendramodi", 1}, {"ReallySwara", 1}, {"rohini_sgh", 1}},
		Mentions: MentionTotals{Total: 7, Distinct: 6, FromField: 7},
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("got  %+v\nwant %+v", r, want)
	}
}

func TestDefinitions(t *testing.T) {
	tests := []struct {
		name    string
		params  Params
		lines   []string
		check   func(t *testing.T, r Results)
		rejects map[int]string // line -> substring of the reason
	}{
		{
			name:   "nested quoted tweet is skipped",
			params: Params{Fields: snscrape},
			lines: []string{`{"date":"2021-02-12T10:00:00+00:00","user":{"username":"a"},"content":"hi 🚜",` +
				`"quotedTweet":{"date":"2020-01-01T00:00:00+00:00","user":{"username":"q"},"content":"😂😂 @x","mentionedUsers":[{"username":"x"}]},` +
				`"mentionedUsers":null}`},
			check: func(t *testing.T, r Results) {
				want := Results{Records: 1, Days: 1, TopDates: []TopDate{{"2021-02-12", 1, "a", 1}},
					TweetsPerDay: []DayCount{{"2021-02-12", 1}}, TopEmojis: []EmojiCount{{"🚜", 1}},
					Emojis: Totals{1, 1}, TopMentions: []MentionCount{}, Mentions: MentionTotals{}}
				if !reflect.DeepEqual(r, want) {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name:   "escaped emoji counts as raw",
			params: Params{Fields: snscrape},
			lines: []string{
				`{"date":"2021-02-12T10:00:00+00:00","content":"\ud83d\ude02 and \ud83d\ude4f\ud83c\udffb"}`,
				`{"date":"2021-02-12T11:00:00+00:00","content":"😂 🙏"}`,
			},
			check: func(t *testing.T, r Results) {
				want := []EmojiCount{{"😂", 2}, {"🙏", 1}, {"🙏🏻", 1}}
				if !reflect.DeepEqual(r.TopEmojis, want) {
					t.Errorf("emojis %v, want %v", r.TopEmojis, want)
				}
			},
		},
		{
			name:   "an offset moves a tweet to the next UTC day",
			params: Params{Fields: snscrape},
			lines: []string{
				`{"date":"2021-02-12T20:30:00-05:00","user":{"username":"late"}}`,
				`{"date":"2021-02-13T01:00:00+05:30","user":{"username":"early"}}`,
			},
			check: func(t *testing.T, r Results) {
				want := []TopDate{{"2021-02-12", 1, "early", 1}, {"2021-02-13", 1, "late", 1}}
				if !reflect.DeepEqual(r.TopDates, want) {
					t.Errorf("got %v, want %v", r.TopDates, want)
				}
			},
		},
		{
			name:   "naive dates read in the run's zone",
			params: Params{Fields: snscrape, TimeZone: "Asia/Kolkata"},
			lines:  []string{`{"date":"2021-02-13 03:00:00"}`},
			check: func(t *testing.T, r Results) {
				if r.TopDates[0].Date != "2021-02-12" {
					t.Errorf("got %v", r.TopDates)
				}
			},
		},
		{
			name:   "ties: earlier day, smaller user name, byte-wise emoji",
			params: Params{Fields: snscrape},
			lines: []string{
				`{"date":"2021-02-14T00:00:00Z","user":{"username":"bob"},"content":"❤️"}`,
				`{"date":"2021-02-13T00:00:00Z","user":{"username":"bob"},"content":"❤"}`,
				`{"date":"2021-02-13T00:00:00Z","user":{"username":"Zed"},"content":"🇮🇳"}`,
				`{"date":"2021-02-14T00:00:00Z","user":{"username":"alice"}}`,
			},
			check: func(t *testing.T, r Results) {
				want := []TopDate{{"2021-02-13", 2, "Zed", 1}, {"2021-02-14", 2, "alice", 1}}
				if !reflect.DeepEqual(r.TopDates, want) {
					t.Errorf("dates %v, want %v", r.TopDates, want)
				}
				wantE := []EmojiCount{{"❤", 1}, {"❤️", 1}, {"🇮🇳", 1}}
				if !reflect.DeepEqual(r.TopEmojis, wantE) {
					t.Errorf("emojis %v, want %v", r.TopEmojis, wantE)
				}
			},
		},
		{
			name:   "mentions group case-insensitively, shown in the most frequent spelling",
			params: Params{Fields: snscrape},
			lines: []string{
				`{"date":"2021-02-13T00:00:00Z","mentionedUsers":[{"username":"NarendraModi"},{"username":"b"}]}`,
				`{"date":"2021-02-13T00:00:00Z","mentionedUsers":[{"username":"narendramodi"},{"username":"B"}]}`,
				`{"date":"2021-02-13T00:00:00Z","mentionedUsers":[{"username":"narendramodi"}]}`,
				`{"date":"2021-02-13T00:00:00Z","content":"@a text mentions count when the field is absent"}`,
				`{"date":"2021-02-13T00:00:00Z","content":"@a but not when it is empty","mentionedUsers":[]}`,
			},
			check: func(t *testing.T, r Results) {
				want := []MentionCount{{"narendramodi", 3}, {"B", 2}, {"a", 1}}
				if !reflect.DeepEqual(r.TopMentions, want) {
					t.Errorf("got %v, want %v", r.TopMentions, want)
				}
				if r.Mentions.FromField != 5 || r.Mentions.FromText != 1 {
					t.Errorf("sources %+v", r.Mentions)
				}
			},
		},
		{
			name:   "mentions forced from the text",
			params: Params{Fields: snscrape, Mentions: MentionsText},
			lines:  []string{`{"date":"2021-02-13T00:00:00Z","content":"hi @Ann and @ann, mail x@y.z","mentionedUsers":[{"username":"zz"}]}`},
			check: func(t *testing.T, r Results) {
				if want := []MentionCount{{"Ann", 2}}; !reflect.DeepEqual(r.TopMentions, want) {
					t.Errorf("got %v, want %v", r.TopMentions, want)
				}
			},
		},
		{
			name:   "the {date, user, text} shape with a zone abbreviation",
			params: Params{Fields: Fields{Date: "date", User: "user", Text: "text"}},
			lines: []string{
				`{"date":"Mon Apr 06 22:19:45 PDT 2009","user":"_TheSpecialOne_","text":"@switchfoot http://twitpic.com/2y1zl - Awww"}`,
				`{"date":"Tue Apr 07 06:19:45 UTC 2009","user":"scotthamilton","text":"is upset @Kenichan"}`,
			},
			check: func(t *testing.T, r Results) {
				if len(r.TopDates) != 1 || r.TopDates[0] != (TopDate{"2009-04-07", 2, "_TheSpecialOne_", 1}) {
					t.Errorf("dates %v", r.TopDates)
				}
				if r.Mentions.FromText != 2 {
					t.Errorf("mentions %+v", r.Mentions)
				}
			},
		},
		{
			name:   "bad records are rejected with a reason",
			params: Params{Fields: snscrape},
			lines: []string{
				`{"date":"2021-02-13T00:00:00Z"`,
				`{"user":{"username":"a"}}`,
				`{"date":"yesterday"}`,
				`[1,2]`,
				`{"date":null}`,
				`{"date":"2021-02-13T00:00:00Z"} trailing`,
				`{"date":"2021-02-13T00:00:00Z"}`,
			},
			rejects: map[int]string{1: "invalid JSON", 2: `no "date" field`, 3: "unparsable date", 4: "not a JSON object",
				5: "not a date", 6: "data after"},
			check: func(t *testing.T, r Results) {
				if r.Records != 1 {
					t.Errorf("records %d", r.Records)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, rejects := count(t, tt.params, tt.lines...)
			if len(rejects) != len(tt.rejects) {
				t.Errorf("rejects %v, want %v", rejects, tt.rejects)
			}
			for line, want := range tt.rejects {
				if !strings.Contains(rejects[line], want) {
					t.Errorf("line %d rejected for %q, want %q", line, rejects[line], want)
				}
			}
			tt.check(t, r)
		})
	}
}

func TestDetectFields(t *testing.T) {
	tests := []struct {
		keys []string
		want Fields
		ok   bool
	}{
		{[]string{"content", "date", "mentionedUsers", "user", "user.username"}, snscrape, true},
		{[]string{"date", "sentiment", "text", "user"}, Fields{Date: "date", User: "user", Text: "text"}, true},
		{[]string{"created_at", "entities", "entities.user_mentions", "entities.user_mentions.screen_name", "text", "user", "user.screen_name"},
			Fields{"created_at", "user.screen_name", "text", "entities.user_mentions.screen_name"}, true},
		{[]string{"a", "b"}, Fields{}, false},
	}
	for _, tt := range tests {
		got, _, ok := DetectFields(tt.keys)
		if got != tt.want || ok != tt.ok {
			t.Errorf("DetectFields(%v) = %+v, %v; want %+v, %v", tt.keys, got, ok, tt.want, tt.ok)
		}
	}
}

func TestStateRoundTrip(t *testing.T) {
	a, _ := NewCounter(Params{Fields: snscrape})
	b, _ := NewCounter(Params{Fields: snscrape})
	whole, _ := NewCounter(Params{Fields: snscrape})
	lines := []string{
		`{"date":"2021-02-13T00:00:00Z","user":{"username":"u1"},"content":"🚜 @X","mentionedUsers":[{"username":"X"}]}`,
		`{"date":"2021-02-14T00:00:00Z","user":{"username":"u2"},"content":"🚜🌾 @y"}`,
		`{"date":"2021-02-13T00:00:00Z","user":{"username":"u1"},"content":"x","mentionedUsers":[{"username":"x"}]}`,
	}
	for i, l := range lines {
		whole.Add([]byte(l))
		if i < 2 {
			a.Add([]byte(l))
		} else {
			b.Add([]byte(l))
		}
	}
	merged, _ := NewCounter(Params{Fields: snscrape})
	for _, c := range []*Counter{b, a} {
		data, err := c.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		if err := merged.MergeSnapshot(data); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := merged.Results(), whole.Results(); !reflect.DeepEqual(got, want) {
		t.Errorf("merged %+v\nwhole  %+v", got, want)
	}
}
