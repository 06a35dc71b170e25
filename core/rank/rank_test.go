package rank

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// Top keeps what sorting everything and keeping the first K keeps, ties of
// the first key included (the order is total: count, then name).
func TestTopKeepsTheFirstK(t *testing.T) {
	type item struct {
		n    int
		name string
	}
	order := func(a, b item) int { return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.name, b.name)) }
	r := rand.New(rand.NewPCG(5, 5))
	for trial := range 200 {
		items := make([]item, r.IntN(60))
		for i := range items {
			items[i] = item{r.IntN(5), string(rune('a' + i))}
		}
		k := r.IntN(12)
		top := Top[item]{K: k, Better: func(a, b item) bool { return order(a, b) < 0 }}
		for _, x := range items {
			top.Push(x)
		}
		want := slices.SortedFunc(slices.Values(items), order)
		want = want[:min(k, len(want))]
		if got := top.Sorted(); !slices.Equal(got, want) {
			t.Fatalf("trial %d, k %d: got %v, want %v", trial, k, got, want)
		}
		worst := top.Worst()
		if full := k > 0 && len(items) >= k; (worst != nil) != full || full && *worst != want[k-1] {
			t.Fatalf("trial %d, k %d: worst %v", trial, k, worst)
		}
	}
}
