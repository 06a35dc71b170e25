package tweets

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"dropsight/core/budget"
)

// tweet is a record of user on day (days since 2021-01-01).
func tweet(day, user int, text string) []byte {
	date := time.Date(2021, 1, 1+day, 10, 0, 0, 0, time.UTC).Format(time.RFC3339)
	return fmt.Appendf(nil, `{"date":%q,"user":{"username":"user%05d"},"content":%q}`, date, user, text)
}

// Each map of the state stops the counter at its budget, with an error
// that names it.
func TestStateStopsAtTheBudget(t *testing.T) {
	for _, tt := range []struct {
		what string
		rec  func(i int) []byte
	}{
		{"user names", func(i int) []byte { return tweet(0, i, "no emoji") }},
		{"tweet counts per day and user", func(i int) []byte { return tweet(i%40, i/40%5, "few days and users") }},
		{"emojis", func(i int) []byte { return tweet(0, 1, string(rune(0x1F600+i%80))+string(rune(0x1F900+i/80))) }},
		{"mentioned users", func(i int) []byte { return tweet(0, 1, fmt.Sprintf("@someone%d", i)) }},
	} {
		t.Run(tt.what, func(t *testing.T) {
			c, err := NewCounter(Params{Fields: snscrape})
			if err != nil {
				t.Fatal(err)
			}
			c.SetMemoryLimit(8 << 10)
			var stop error
			n := 0
			for ; n < 5000 && stop == nil; n++ {
				stop = c.Add(tt.rec(n))
			}
			var ex *budget.ExceededError
			if !errors.As(stop, &ex) {
				t.Fatalf("after %d records: %v, want a budget error", n, stop)
			}
			if ex.What != tt.what || ex.Limit != 8<<10 || ex.Needed <= ex.Limit {
				t.Errorf("error = %+v, want one on %s", ex, tt.what)
			}
			if c.mem.Used() > ex.Limit {
				t.Errorf("used %d over the limit %d", c.mem.Used(), ex.Limit)
			}
		})
	}
}

// The merge accounts the states it takes: two states that each fit do not
// fit together.
func TestMergeStopsAtTheBudget(t *testing.T) {
	part := func(from int) []byte {
		c, _ := NewCounter(Params{Fields: snscrape})
		for i := from; i < from+100; i++ {
			if err := c.Add(tweet(i, i, "x")); err != nil {
				t.Fatal(err)
			}
		}
		data, err := c.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	whole, _ := NewCounter(Params{Fields: snscrape})
	for i := range 100 {
		whole.Add(tweet(i, i, "x"))
	}
	merged, _ := NewCounter(Params{Fields: snscrape})
	merged.SetMemoryLimit(whole.mem.Used() * 3 / 2)
	if err := merged.MergeSnapshot(part(0)); err != nil {
		t.Fatalf("first state: %v", err)
	}
	err := merged.MergeSnapshot(part(100))
	var ex *budget.ExceededError
	if !errors.As(err, &ex) {
		t.Fatalf("second state: %v, want a budget error", err)
	}
}
