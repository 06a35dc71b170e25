package gen

import "math/rand/v2"

// table draws an index with probability proportional to integer weights.
// Integer weights and a cumulative search keep the draw bit-for-bit the same
// on every platform (no floating point, no fused multiply-add surprises).
type table struct {
	cum []uint64
}

func newTable(weights []uint64) table {
	t := table{cum: make([]uint64, len(weights))}
	var sum uint64
	for i, w := range weights {
		sum += w
		t.cum[i] = sum
	}
	if sum == 0 {
		panic("gen: table with zero total weight")
	}
	return t
}

// pick returns i with probability weights[i]/sum.
func (t *table) pick(r *rand.Rand) int {
	x := r.Uint64N(t.cum[len(t.cum)-1])
	lo, hi := 0, len(t.cum)-1
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if t.cum[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// zipfWeights returns integer weights proportional to 1/(rank+offset) for
// ranks 1..n: the usual shape of user activity and of who gets mentioned.
func zipfWeights(n int, offset uint64) []uint64 {
	w := make([]uint64, n)
	for i := range w {
		w[i] = (1 << 40) / (uint64(i) + 1 + offset)
	}
	return w
}
