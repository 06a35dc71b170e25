package activity

import (
	"encoding/binary"
	"errors"
	"slices"
	"unsafe"
)

// An event is one interaction in 16 bytes: sessions need every event of a
// user, so this is what the recipe's memory is made of.
//
//	hi: user id (32 bits) | start, Unix seconds (32 bits: 1970 to 2106)
//	lo: milliseconds of the start (10) | duration in ms (32, capped at
//	    2^32-1, about 49 days) | action code (6) | app version code (16)
//
// Events are ordered by (hi, milliseconds): a user's events by start
// time. Events that start at the same millisecond stay in the order they
// came, which may depend on how the input was cut; nothing the recipe
// computes depends on it (sessions split on gaps between starts, and every
// sum over events is exact).
type event struct{ hi, lo uint64 }

const (
	eventBytes  = 16
	codeBits    = 22
	maxAction   = 1<<6 - 1
	maxVersion  = 1<<16 - 1
	maxDuration = 1<<32 - 1
)

func makeEvent(user uint32, sec int64, ms uint32, dur uint32, action, version uint32) event {
	return event{
		hi: uint64(user)<<32 | uint64(uint32(sec)),
		lo: uint64(ms)<<54 | uint64(dur)<<codeBits | uint64(action)<<16 | uint64(version),
	}
}

func (e event) user() uint32    { return uint32(e.hi >> 32) }
func (e event) sec() int64      { return int64(uint32(e.hi)) }
func (e event) startMs() int64  { return int64(uint32(e.hi))*1000 + int64(e.lo>>54) }
func (e event) duration() int64 { return int64(uint32(e.lo >> codeBits)) }
func (e event) action() uint32  { return uint32(e.lo>>16) & maxAction }
func (e event) version() uint32 { return uint32(e.lo) & maxVersion }

func (e event) withCodes(action, version uint32) event {
	e.lo = e.lo&^(1<<codeBits-1) | uint64(action)<<16 | uint64(version)
	return e
}

func compareEvents(a, b event) int {
	switch {
	case a.hi < b.hi:
		return -1
	case a.hi > b.hi:
		return 1
	case a.lo>>54 < b.lo>>54:
		return -1
	case a.lo>>54 > b.lo>>54:
		return 1
	}
	return 0
}

// sortEvents orders events by user, then start time (stable).
func sortEvents(evs []event) {
	if len(evs) < 1024 {
		slices.SortStableFunc(evs, compareEvents)
		return
	}
	radixSort(evs, make([]event, len(evs)))
}

// radixSort is a stable least significant digit first radix sort on the
// key (hi, milliseconds), 16 bits at a time, that skips the digits every
// event shares (often the milliseconds and the top of the user ids). buf
// must be as long as evs.
func radixSort(evs, buf []event) {
	counts := make([]int, 1<<16)
	src, dst := evs, buf
	// The milliseconds (the top 10 bits of lo), then hi from its low end.
	for pass := 0; pass < 5; pass++ {
		shift := uint(16 * max(pass-1, 0))
		clear(counts)
		if pass == 0 {
			for i := range src {
				counts[src[i].lo>>54]++
			}
		} else {
			for i := range src {
				counts[(src[i].hi>>shift)&0xFFFF]++
			}
		}
		first := src[0].lo >> 54
		if pass > 0 {
			first = (src[0].hi >> shift) & 0xFFFF
		}
		if counts[first] == len(src) {
			continue // every event has this digit
		}
		sum := 0
		for k, n := range counts {
			counts[k] = sum
			sum += n
		}
		if pass == 0 {
			for _, e := range src {
				k := e.lo >> 54
				dst[counts[k]] = e
				counts[k]++
			}
		} else {
			for _, e := range src {
				k := (e.hi >> shift) & 0xFFFF
				dst[counts[k]] = e
				counts[k]++
			}
		}
		src, dst = dst, src
	}
	if &src[0] != &evs[0] {
		copy(evs, src)
	}
}

// mergeRuns merges consecutive sorted runs of evs (ends lists where each
// run ends) into one sorted sequence, pairwise, using buf (as long as evs),
// and returns it: evs or buf, whichever the last pass wrote (copying it
// back would be one more pass over every event).
func mergeRuns(evs, buf []event, ends []int) []event {
	if len(ends) <= 1 {
		return evs
	}
	src, dst := evs, buf
	for len(ends) > 1 {
		var next []int
		start := 0
		for i := 0; i < len(ends); i += 2 {
			if i+1 == len(ends) {
				copy(dst[start:ends[i]], src[start:ends[i]])
				next = append(next, ends[i])
				break
			}
			mid, end := ends[i], ends[i+1]
			merge2(dst[start:end], src[start:mid], src[mid:end])
			next = append(next, end)
			start = end
		}
		ends = next
		src, dst = dst, src
	}
	return src
}

func merge2(dst, a, b []event) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if compareEvents(b[j], a[i]) < 0 {
			dst[k] = b[j]
			j++
		} else {
			dst[k] = a[i]
			i++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}

// littleEndian: the machine stores an event's words as appendEvents
// encodes them (wasm, amd64 and arm64 all do), so encoding and decoding are
// one copy of memory instead of a loop over the events.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// asBytes views events as their bytes in memory.
func asBytes(evs []event) []byte {
	if len(evs) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&evs[0])), len(evs)*eventBytes)
}

// appendEvents encodes events, little-endian, 16 bytes each.
func appendEvents(dst []byte, evs []event) []byte {
	off := len(dst)
	dst = slices.Grow(dst, len(evs)*eventBytes)[:off+len(evs)*eventBytes]
	if littleEndian {
		copy(dst[off:], asBytes(evs))
		return dst
	}
	for i, e := range evs {
		b := dst[off+i*eventBytes:]
		binary.LittleEndian.PutUint64(b, e.hi)
		binary.LittleEndian.PutUint64(b[8:], e.lo)
	}
	return dst
}

// appendDecoded decodes events encoded by appendEvents.
func appendDecoded(dst []event, b []byte) ([]event, error) {
	if len(b)%eventBytes != 0 {
		return dst, errors.New("events: length is not a multiple of 16")
	}
	n := len(b) / eventBytes
	if littleEndian {
		start := len(dst)
		dst = slices.Grow(dst, n)[:start+n]
		copy(asBytes(dst[start:]), b)
		return dst, nil
	}
	dst = slices.Grow(dst, n)
	for i := 0; i < len(b); i += eventBytes {
		dst = append(dst, event{binary.LittleEndian.Uint64(b[i:]), binary.LittleEndian.Uint64(b[i+8:])})
	}
	return dst, nil
}
