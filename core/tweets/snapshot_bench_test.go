package tweets

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// About the shape of one 32 MiB range (the page's range size, web/src/plan.ts)
// of the 400 MB benchmark file: ~9,700 tweets over two days by ~5,000 users,
// ~4,000 mentioned users, ~100 emojis, a state of ~170 KB; twelve such
// ranges, whose merge holds ~25,000 users and ~20,000 mentioned users.
const (
	benchRanges      = 12
	benchRangeTweets = 9700
	benchUsers       = 30000
)

// benchRangeCounters counts benchRanges ranges of synthetic tweets with that
// shape: skewed users and mentions (a few very active, a long tail), day by
// day in file order.
func benchRangeCounters(b *testing.B) []*Counter {
	r := rand.New(rand.NewPCG(1, 2))
	user := rand.NewZipf(r, 1.01, 100, 2*benchUsers-1)
	mentioned := rand.NewZipf(r, 1.01, 100, benchUsers-1)
	emoji := rand.NewZipf(r, 1.2, 5, 99)
	start := time.Date(2021, 2, 12, 0, 0, 0, 0, time.UTC)
	total := benchRanges * benchRangeTweets
	counters := make([]*Counter, benchRanges)
	var rec []byte
	for i := range counters {
		c, _ := NewCounter(Params{Fields: snscrape})
		for j := range benchRangeTweets {
			at := start.Add(time.Duration(i*benchRangeTweets+j) * 13 * 24 * time.Hour / time.Duration(total))
			m := mentioned.Uint64()
			name := fmt.Sprint("user", m)
			if m%5 == 0 {
				name = fmt.Sprint("User", m)
			}
			rec = fmt.Appendf(rec[:0], `{"date":"%s","user":{"username":"user%d"},"content":"so %c%c @%s","mentionedUsers":[{"username":%q}]}`,
				at.Format(time.RFC3339), user.Uint64(), rune(0x1F600+emoji.Uint64()), rune(0x1F600+emoji.Uint64()), name, name)
			if err := c.Add(rec); err != nil {
				b.Fatal(err)
			}
		}
		counters[i] = c
	}
	return counters
}

// BenchmarkSnapshot encodes one range's state: each range pays it once at
// its end, in the worker that scanned it.
func BenchmarkSnapshot(b *testing.B) {
	c := benchRangeCounters(b)[0]
	var size int
	for b.Loop() {
		data, err := c.Snapshot()
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size), "state-bytes")
}

// BenchmarkMergeSnapshots is the page's merge of a 400 MB file: twelve
// range states into one counter, then the answers.
func BenchmarkMergeSnapshots(b *testing.B) {
	var states [][]byte
	for _, c := range benchRangeCounters(b) {
		data, err := c.Snapshot()
		if err != nil {
			b.Fatal(err)
		}
		states = append(states, data)
	}
	for b.Loop() {
		m, _ := NewCounter(Params{Fields: snscrape})
		for _, s := range states {
			if err := m.MergeSnapshot(s); err != nil {
				b.Fatal(err)
			}
		}
		m.Results()
	}
}
