// Package rank keeps the k best of many items without sorting them all: the
// answers list a top ten (or a top share) out of hundreds of thousands of
// users, mentions or emojis, and most of them are turned away by one
// comparison with the worst item kept.
package rank

import "slices"

// Top keeps the K best items pushed, by Better (a strict order: Better(a, b)
// means a ranks before b). Items are kept in a heap whose root is the worst
// kept.
type Top[T any] struct {
	K      int
	Better func(a, b T) bool
	items  []T
}

// Push offers x; it is kept if fewer than K are kept or it beats the worst.
func (h *Top[T]) Push(x T) {
	if h.K <= 0 {
		return
	}
	if len(h.items) < h.K {
		h.items = append(h.items, x)
		h.up(len(h.items) - 1)
		return
	}
	if !h.Better(x, h.items[0]) {
		return
	}
	h.items[0] = x
	h.down(0)
}

// Worst returns the worst item kept once K are kept, nil before, so that a
// caller can turn most items away with a cheaper test than Better. It
// points into the heap: read it before the next Push.
func (h *Top[T]) Worst() *T {
	if len(h.items) < h.K || h.K <= 0 {
		return nil
	}
	return &h.items[0]
}

// Sorted returns the kept items, best first.
func (h *Top[T]) Sorted() []T {
	out := slices.Clone(h.items)
	slices.SortFunc(out, func(a, b T) int {
		if h.Better(a, b) {
			return -1
		}
		if h.Better(b, a) {
			return 1
		}
		return 0
	})
	return out
}

// worse orders the heap: the root is the item every other beats.
func (h *Top[T]) worse(i, j int) bool { return h.Better(h.items[j], h.items[i]) }

func (h *Top[T]) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.worse(i, p) {
			return
		}
		h.items[i], h.items[p] = h.items[p], h.items[i]
		i = p
	}
}

func (h *Top[T]) down(i int) {
	n := len(h.items)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h.worse(r, l) {
			m = r
		}
		if !h.worse(m, i) {
			return
		}
		h.items[i], h.items[m] = h.items[m], h.items[i]
		i = m
	}
}
