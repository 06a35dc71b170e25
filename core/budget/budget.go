// Package budget bounds the memory of a recipe's state. A state that grows
// with its input (the engagement recipe's events, the tweets recipe's users
// per day) counts its bytes as it grows, entries times a per-entry cost,
// and asks its Meter before each growth. When the growth would pass the
// limit, the state does not grow and the run stops with an ExceededError
// that says which state, how big, and what to do: in a wasm worker the
// alternative is Go's fatal "out of memory", which kills the worker with
// no word on why.
package budget

import (
	"fmt"
	"strconv"
	"strings"
)

// WasmLimit is the default limit of one state in a browser worker. Go's
// wasm memory can reach 4 GiB and never shrinks; a state of 1 GiB leaves
// room for what its end needs besides (the encoded snapshot, sort
// buffers, the garbage of slices that grew).
const WasmLimit = 1 << 30

// A Meter accounts the bytes of one state against a limit. Its zero value
// uses Default().
type Meter struct {
	limit int64
	used  int64
	err   error // the first refusal of Take
}

// SetLimit sets the meter's limit in bytes; 0 or less means Default().
func (m *Meter) SetLimit(bytes int64) { m.limit = bytes }

// Limit is the meter's limit in bytes.
func (m *Meter) Limit() int64 {
	if m.limit > 0 {
		return m.limit
	}
	return Default()
}

// Used is the bytes accounted so far.
func (m *Meter) Used() int64 { return m.used }

// Grow accounts n more bytes of the state named what, unless they would
// pass the limit: then nothing is accounted and the error says so, with
// hint (what the user can do) at its end.
func (m *Meter) Grow(n int64, what, hint string) error {
	if m.used+n <= m.limit {
		m.used += n // the common case, inlined in the recipes' loops
		return nil
	}
	return m.growSlow(n, what, hint)
}

// Take accounts n bytes as Grow does, for states that cannot stop where
// they grow (an insert deep in a counting loop): it remembers the first
// refusal, refuses every later growth, and Err reports it where the state
// can stop (the end of a record, a merge).
func (m *Meter) Take(n int64, what, hint string) bool {
	if m.err != nil {
		return false
	}
	if err := m.Grow(n, what, hint); err != nil {
		m.err = err
		return false
	}
	return true
}

// Err is Take's first refusal, or nil.
func (m *Meter) Err() error { return m.err }

func (m *Meter) growSlow(n int64, what, hint string) error {
	if m.limit <= 0 {
		m.limit = Default()
	}
	if m.used+n > m.limit {
		return &ExceededError{What: what, Limit: m.limit, Needed: m.used + n, Hint: hint}
	}
	m.used += n
	return nil
}

// ExceededError is a state that outgrew its budget. It stops the run: a
// record that does not fit is not a bad record, and a result without it
// would be wrong.
type ExceededError struct {
	What   string // the state: "engagement events"
	Limit  int64  // bytes
	Needed int64  // bytes the state would have held
	Hint   string // what to do
}

func (e *ExceededError) Error() string {
	msg := fmt.Sprintf("memory budget exceeded: the %s need more than the limit of %s per recipe state", e.What, Bytes(e.Limit))
	if need := Bytes(e.Needed); need != Bytes(e.Limit) {
		msg += " (at least " + need + ")"
	}
	if e.Hint != "" {
		msg += ". " + e.Hint
	}
	return msg
}

// Limiter is a recipe state that accounts its memory: the engine gives it
// the run's limit before any record.
type Limiter interface {
	SetMemoryLimit(bytes int64)
}

// Bytes writes a size the way the messages and the page do: 512 KiB,
// 1.5 GiB.
func Bytes(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	v, i := float64(n), -1
	for v >= unit && i < 3 {
		v /= unit
		i++
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return s + " " + []string{"KiB", "MiB", "GiB", "TiB"}[i]
}

// ParseBytes reads a size as the native command's flags take it (--memory,
// and gen's --bytes and --long-line): a whole number of bytes, or a number
// and a unit, in either case, with or without a space. Decimal units are
// powers of 1000, binary ones powers of 1024, as their names say:
//
//	B                     1
//	KB, MB, GB, TB        10^3, 10^6, 10^9, 10^12
//	KiB, MiB, GiB, TiB    2^10, 2^20, 2^30, 2^40
//
// So 400MB is 400,000,000 bytes and 512MiB 536,870,912. A bare K, M, G or T
// is refused rather than guessed: it has meant either.
func ParseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := len(t)
	for i > 0 && (t[i-1] < '0' || t[i-1] > '9') && t[i-1] != '.' {
		i--
	}
	num, unit := strings.TrimSpace(t[:i]), strings.TrimSpace(t[i:])
	scale, ok := sizeUnits[strings.ToLower(unit)]
	if !ok {
		if len(unit) == 1 && strings.ContainsAny(unit, "kKmMgGtT") {
			u := strings.ToUpper(unit)
			return 0, fmt.Errorf("size %q: say %sB (powers of 1000) or %siB (powers of 1024)", s, num+u, num+u)
		}
		return 0, fmt.Errorf("size %q: unknown unit %q (use B, KB, MB, GB, TB or KiB, MiB, GiB, TiB)", s, unit)
	}
	v, err := strconv.ParseFloat(num, 64)
	switch {
	case err != nil || v <= 0:
		return 0, fmt.Errorf("size %q: not a positive number", s)
	case scale == 1 && v != float64(int64(v)):
		return 0, fmt.Errorf("size %q: a number of bytes is whole", s)
	case v*float64(scale) >= 1<<63:
		return 0, fmt.Errorf("size %q: too large", s)
	}
	return int64(v * float64(scale)), nil
}

// sizeUnits are ParseBytes' units, lower-cased.
var sizeUnits = map[string]int64{
	"": 1, "b": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}
