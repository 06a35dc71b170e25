package tweets

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// A ranking keeps what sorting everything and keeping the first k keeps,
// ties included (the order is total: count, then name).
func TestRankingKeepsTheFirstK(t *testing.T) {
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
		k := 1 + r.IntN(12)
		got := newRanking(k, order)
		for _, x := range items {
			got.offer(x)
		}
		want := slices.SortedFunc(slices.Values(items), order)
		want = want[:min(k, len(want))]
		if !slices.Equal(got.best, want) {
			t.Fatalf("trial %d, k %d: got %v, want %v", trial, k, got.best, want)
		}
	}
}
