package pipeline

import (
	"errors"
	"fmt"
	"testing"

	"dropsight/core/budget"
)

func record(user, mention int) []byte {
	return fmt.Appendf(nil, `{"date":"2024-01-02T10:00:00Z","user":"user%05d","text":"hello @friend%05d","sentiment":"positive"}`, user, mention)
}

// The application table (a row per mention) and the users stop the
// counter at its budget, with an error that names them.
func TestStateStopsAtTheBudget(t *testing.T) {
	for _, tt := range []struct {
		what string
		rec  func(i int) []byte
	}{
		{"application rows (mentions)", func(i int) []byte { return record(1, i) }},
		{"users", func(i int) []byte { return record(i, 1) }},
	} {
		t.Run(tt.what, func(t *testing.T) {
			c, _ := newCounter(t, Params{})
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
			if ex.What != tt.what || ex.Needed <= ex.Limit || c.st.mem.Used() > ex.Limit {
				t.Errorf("error %+v, used %d; want one on %s within the limit", ex, c.st.mem.Used(), tt.what)
			}
		})
	}
}

// The merge accounts the entries it takes.
func TestMergeStopsAtTheBudget(t *testing.T) {
	snapshot := func(from int) []byte {
		c, _ := newCounter(t, Params{})
		for i := from; i < from+100; i++ {
			if err := c.Add(record(i, i)); err != nil {
				t.Fatal(err)
			}
		}
		data, err := c.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	one, _ := newCounter(t, Params{})
	for i := range 100 {
		one.Add(record(i, i))
	}
	merged, _ := newCounter(t, Params{})
	merged.SetMemoryLimit(one.st.mem.Used() * 3 / 2)
	if err := merged.MergeSnapshot(snapshot(0)); err != nil {
		t.Fatalf("first state: %v", err)
	}
	err := merged.MergeSnapshot(snapshot(100))
	var ex *budget.ExceededError
	if !errors.As(err, &ex) {
		t.Fatalf("second state: %v, want a budget error", err)
	}
}
