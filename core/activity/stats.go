package activity

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
)

// nearestRank returns the q-quantile of v by the nearest-rank rule: the
// value at rank ceil(q*n) (1-based) in sorted order, so the median of an
// even count is the lower middle value. v is reordered.
func nearestRank[T cmp.Ordered](v []T, q float64) T {
	var zero T
	if len(v) == 0 {
		return zero
	}
	k := int(math.Ceil(q*float64(len(v)))) - 1
	k = max(0, min(k, len(v)-1))
	return selectKth(v, k)
}

// selectKth returns the k-th smallest (0-based) element of v, partially
// reordering v (quickselect with a median-of-three pivot).
func selectKth[T cmp.Ordered](v []T, k int) T {
	lo, hi := 0, len(v)-1
	for hi-lo > 16 {
		mid := lo + (hi-lo)/2
		if v[mid] < v[lo] {
			v[mid], v[lo] = v[lo], v[mid]
		}
		if v[hi] < v[lo] {
			v[hi], v[lo] = v[lo], v[hi]
		}
		if v[hi] < v[mid] {
			v[hi], v[mid] = v[mid], v[hi]
		}
		pivot := v[mid]
		i, j := lo, hi
		for i <= j {
			for v[i] < pivot {
				i++
			}
			for pivot < v[j] {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k]
		}
	}
	slices.Sort(v[lo : hi+1])
	return v[k]
}

// robust scores x against the median and the median absolute deviation
// of the series: z = 0.6745 (x - median) / MAD (Iglewicz and Hoaglin).
// When more than half the values are equal (MAD = 0) it falls back to the
// mean absolute deviation: z = (x - median) / (1.253314 MeanAD).
type robust struct {
	median, mad, meanAD float64
}

func newRobust(xs []float64) robust {
	if len(xs) == 0 {
		return robust{}
	}
	v := slices.Clone(xs)
	slices.Sort(v)
	med := median(v)
	dev := make([]float64, len(v))
	var sum float64
	for i, x := range v {
		dev[i] = math.Abs(x - med)
		sum += dev[i]
	}
	slices.Sort(dev)
	return robust{median: med, mad: median(dev), meanAD: sum / float64(len(v))}
}

// median of sorted values (the mean of the two middle ones for an even count).
func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func (r robust) z(x float64) float64 {
	switch {
	case r.mad > 0:
		return 0.6745 * (x - r.median) / r.mad
	case r.meanAD > 0:
		return (x - r.median) / (1.253314 * r.meanAD)
	}
	return 0
}

// gini is the Gini coefficient of the values counted in h: 0 when every
// user has as many events, towards 1 when a few users have them all.
func gini(h *countHist) float64 {
	n, total := float64(h.n), float64(h.sum)
	if n == 0 || total == 0 {
		return 0
	}
	// G = sum_i (2i - n - 1) x_i / (n * sum x), i = 1..n over sorted values;
	// ranks i+1 .. i+k share a value v.
	var acc, i float64
	h.each(func(v, count int64) {
		k := float64(count)
		acc += float64(v) * (k*(2*i+1+k) - k*(n+1))
		i += k
	})
	return acc / (n * total)
}

// countHist counts non-negative integers: small ones in a slice, the rest
// in a map.
type countHist struct {
	small       []int64
	big         map[int64]int64
	n, sum, max int64
}

const smallCounts = 1 << 12

func (h *countHist) add(v int64) {
	h.n++
	h.sum += v
	h.max = max(h.max, v)
	if v >= 0 && v < smallCounts {
		if int(v) >= len(h.small) {
			h.small = append(h.small, make([]int64, int(v)+1-len(h.small))...)
		}
		h.small[v]++
		return
	}
	if h.big == nil {
		h.big = map[int64]int64{}
	}
	h.big[v]++
}

// each calls fn for each value counted, in increasing order, with its count.
func (h *countHist) each(fn func(v, count int64)) {
	for v, k := range h.small {
		if k > 0 {
			fn(int64(v), k)
		}
	}
	big := make([]int64, 0, len(h.big))
	for v := range h.big {
		big = append(big, v)
	}
	slices.Sort(big)
	for _, v := range big {
		fn(v, h.big[v])
	}
}

// quantile returns the nearest-rank q-quantile of the counted values.
func (h *countHist) quantile(q float64) int64 {
	rank := max(1, int64(math.Ceil(q*float64(h.n))))
	var seen, out int64
	done := false
	h.each(func(v, k int64) {
		if !done {
			seen += k
			if seen >= rank {
				out, done = v, true
			}
		}
	})
	return out
}

// u128 sums squares of durations exactly (they overflow 64 bits), so that
// the correlation ratio does not depend on the order of the sum.
type u128 struct{ hi, lo uint64 }

func (u *u128) addSquare(x uint64) {
	h, l := bits.Mul64(x, x)
	var c uint64
	u.lo, c = bits.Add64(u.lo, l, 0)
	u.hi += h + c
}

func (u u128) float() float64 { return float64(u.hi)*0x1p64 + float64(u.lo) }
