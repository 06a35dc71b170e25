package tweets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// randomTweets makes n records of a few users over days on both sides of
// 1970 (days are signed), with emojis, @mentions in varied case and
// sometimes a mentions field, so that every part of the state is filled.
func randomTweets(seed uint64, n int) [][]byte {
	r := rand.New(rand.NewPCG(seed, 7))
	users := []string{"ana", "Bo", "çelik", "δέλτα", "e_5", "Farmer", "g"}
	emojis := []string{"🚜", "🌾", "💪🏽", "👨‍👩‍👧", "🇮🇳", "❤️"}
	days := []int64{-400, -1, 0, 18000, 18671, 18672, 40000}
	out := make([][]byte, n)
	for i := range out {
		rec := map[string]any{
			"date":    time.Unix(days[r.IntN(len(days))]*86400+r.Int64N(86400), 0).UTC().Format(time.RFC3339),
			"user":    map[string]string{"username": users[r.IntN(len(users))]},
			"content": "",
		}
		var text strings.Builder
		for range r.IntN(4) {
			text.WriteString(emojis[r.IntN(len(emojis))])
			text.WriteString(" ")
		}
		mentioned := users[r.IntN(len(users))]
		if r.IntN(3) == 0 {
			mentioned = strings.ToUpper(mentioned)
		}
		switch r.IntN(3) {
		case 0:
			fmt.Fprintf(&text, "@%s hi", mentioned)
		case 1:
			rec["mentionedUsers"] = []map[string]string{{"username": mentioned}, {"username": "x" + mentioned}}
		}
		rec["content"] = text.String()
		if r.IntN(10) == 0 {
			delete(rec, "user") // a tweet without a user still counts for its day
		}
		b, err := json.Marshal(rec)
		if err != nil {
			panic(err)
		}
		out[i] = b
	}
	return out
}

func counterOf(t testing.TB, records [][]byte) *Counter {
	t.Helper()
	c, err := NewCounter(Params{Fields: snscrape})
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range records {
		if err := c.Add(rec); err != nil {
			t.Fatalf("%s: %v", rec, err)
		}
	}
	return c
}

// contents is a counter's state by value (user ids differ between counters).
type contents struct {
	Records, EmojiTotal, MentionN, FromField, FromText int64
	Days                                               map[int32]int64
	DayUsers                                           map[string]int64 // "day name"
	Emojis                                             map[string]int64
	Mentions                                           map[string]tally
}

func contentsOf(c *Counter) contents {
	s := contents{
		Records: c.records, EmojiTotal: c.emojiTotal, MentionN: c.mentionN, FromField: c.fromField, FromText: c.fromText,
		Days: c.days, DayUsers: map[string]int64{}, Emojis: c.emojis, Mentions: map[string]tally{},
	}
	for key, n := range c.dayUsers {
		s.DayUsers[fmt.Sprintf("%d %s", int32(uint32(key>>32)), c.userNames[uint32(key)])] = n
	}
	for lower, t := range c.mentions {
		s.Mentions[lower] = *t
	}
	return s
}

// merged returns a new counter with the snapshots of the counters merged in.
func merged(t testing.TB, parts ...*Counter) *Counter {
	t.Helper()
	m, _ := NewCounter(Params{Fields: snscrape})
	for _, p := range parts {
		data, err := p.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		if err := m.MergeSnapshot(data); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// decode(encode(x)) == x, and merging the snapshots of parts gives the
// state of the whole, for any cut.
func TestSnapshotRoundTrip(t *testing.T) {
	for seed := range uint64(20) {
		records := randomTweets(seed, 1+int(seed)*37)
		whole := counterOf(t, records)
		want := contentsOf(whole)
		if got := contentsOf(merged(t, whole)); !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: decoded state differs\ngot  %+v\nwant %+v", seed, got, want)
		}
		cut := int(seed*13) % len(records)
		parts := []*Counter{counterOf(t, records[cut:]), counterOf(t, records[:cut])}
		if got := contentsOf(merged(t, parts...)); !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d, cut at %d: merged state differs\ngot  %+v\nwant %+v", seed, cut, got, want)
		}
	}
}

// An empty counter's snapshot merges into nothing.
func TestSnapshotOfEmptyCounter(t *testing.T) {
	empty, _ := NewCounter(Params{Fields: snscrape})
	m := merged(t, empty)
	if got, want := contentsOf(m), contentsOf(empty); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// Broken data is an error that names the state, never a panic: the JSON
// wrapper, and every cut short or damaged binary form.
func TestSnapshotRejectsBrokenData(t *testing.T) {
	c := counterOf(t, randomTweets(3, 200))
	raw := c.appendSnapshot(nil)
	for _, data := range []string{``, `"`, `{"days":{}}`, `"not base64!"`, `"AAAA"`, `null`} {
		m, _ := NewCounter(Params{Fields: snscrape})
		err := m.MergeSnapshot([]byte(data))
		if err == nil || !strings.HasPrefix(err.Error(), snapshotErrorPrefix) {
			t.Errorf("MergeSnapshot(%s) = %v, want an error on the tweets state", data, err)
		}
	}
	for n := range len(raw) {
		m, _ := NewCounter(Params{Fields: snscrape})
		if err := m.mergeSnapshot(raw[:n]); err == nil {
			t.Fatalf("the first %d of %d bytes merged without an error", n, len(raw))
		}
	}
	m, _ := NewCounter(Params{Fields: snscrape})
	if err := m.mergeSnapshot(append(bytes.Clone(raw), 0)); err == nil || !strings.Contains(err.Error(), "after the end") {
		t.Errorf("a byte after the end: %v", err)
	}
}

// Whatever the bytes, merging them fails or gives a state that itself
// round-trips; it never panics.
func FuzzMergeSnapshot(f *testing.F) {
	for seed := range uint64(4) {
		f.Add(counterOf(f, randomTweets(seed, 30)).appendSnapshot(nil))
	}
	f.Add([]byte(snapshotTag))
	f.Add([]byte(snapshotTag + "\x00\x00\x00\x00\x01\x01a\x01\x02\x03\x01\x00\x03"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, _ := NewCounter(Params{Fields: snscrape})
		if err := c.mergeSnapshot(raw); err != nil {
			return
		}
		if got, want := contentsOf(merged(t, c)), contentsOf(c); !reflect.DeepEqual(got, want) {
			t.Fatalf("state from %q does not round-trip\ngot  %+v\nwant %+v", raw, got, want)
		}
	})
}
