package activity

import (
	"bytes"
	"cmp"
	"strconv"
)

// User ids become uint32s that every range computes alike, so that the
// event lists of different workers combine without translation. Two shapes are numbered by a fixed rule, the same in every
// range:
//
//   - [0, 2^30): decimal ids of 1 to 9 digits without a leading zero
//     ("42", "123456789"): the number itself;
//   - [2^30, 2^31): one ASCII letter and 1 to 7 digits ("u000123", "U42"):
//     the letter, the digit count and the number, packed.
//
// Any other id ("user_7", a UUID, an e-mail) goes to a dictionary of the
// counter: [2^31, 2^32), numbered in the order seen. Those numbers are
// local: a state carries its dictionary, and the merge renumbers them.
const (
	letterBase = 1 << 30
	dictBase   = 1 << 31
)

// pow10[w] = 10^w; letterWidthBase[w] is where ids of w digits start.
var (
	pow10           [10]uint32
	letterWidthBase [9]uint32
)

func init() {
	pow10[0] = 1
	for i := 1; i < len(pow10); i++ {
		pow10[i] = pow10[i-1] * 10
	}
	for w := 1; w < 8; w++ {
		letterWidthBase[w+1] = letterWidthBase[w] + 52*pow10[w]
	}
}

// fixedID numbers an id of one of the fixed shapes.
func fixedID(b []byte) (uint32, bool) {
	n := len(b)
	if n == 0 || n > 9 {
		return 0, false
	}
	c := b[0]
	if c >= '0' && c <= '9' {
		if c == '0' && n > 1 {
			return 0, false
		}
		v, ok := digits(b)
		return v, ok
	}
	var letter uint32
	switch {
	case c >= 'a' && c <= 'z':
		letter = uint32(c - 'a')
	case c >= 'A' && c <= 'Z':
		letter = 26 + uint32(c-'A')
	default:
		return 0, false
	}
	w := n - 1
	if w < 1 || w > 7 {
		return 0, false
	}
	v, ok := digits(b[1:])
	if !ok {
		return 0, false
	}
	return letterBase + letterWidthBase[w] + letter*pow10[w] + v, true
}

func digits(b []byte) (uint32, bool) {
	var v uint32
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint32(c-'0')
	}
	return v, true
}

// ids interns the user ids a counter has seen outside the fixed shapes.
type ids struct {
	index map[string]uint32
	names []string
}

// id returns the number of user id b.
func (d *ids) id(b []byte) uint32 {
	if v, ok := fixedID(b); ok {
		return v
	}
	if v, ok := d.index[string(b)]; ok {
		return v
	}
	if d.index == nil {
		d.index = map[string]uint32{}
	}
	v := dictBase + uint32(len(d.names))
	s := string(b)
	d.index[s] = v
	d.names = append(d.names, s)
	return v
}

// letterParts splits an id of the letter shape (letterBase <= v <
// dictBase) into its letter, its digit count and its number.
func letterParts(v uint32) (letter byte, width int, num uint32) {
	v -= letterBase
	w := 1
	for w < 7 && v >= letterWidthBase[w+1] {
		w++
	}
	v -= letterWidthBase[w]
	l := v / pow10[w]
	if l < 26 {
		letter = byte('a' + l)
	} else {
		letter = byte('A' + l - 26)
	}
	return letter, w, v % pow10[w]
}

// appendID appends the text of user id v.
func (d *ids) appendID(dst []byte, v uint32) []byte {
	switch {
	case v < letterBase:
		return strconv.AppendUint(dst, uint64(v), 10)
	case v < dictBase:
		letter, w, num := letterParts(v)
		dst = append(dst, letter)
		var buf [8]byte
		s := strconv.AppendUint(buf[:0], uint64(num), 10)
		for k := len(s); k < w; k++ {
			dst = append(dst, '0')
		}
		return append(dst, s...)
	default:
		return append(dst, d.names[v-dictBase]...)
	}
}

// name returns the text of user id v.
func (d *ids) name(v uint32) string { return string(d.appendID(nil, v)) }

// compare orders user ids by their text, byte-wise: the tie-break rule.
func (d *ids) compare(a, b uint32) int {
	if a == b {
		return 0
	}
	if a >= letterBase && a < dictBase && b >= letterBase && b < dictBase {
		// Ranked lists compare many ids of one shape ("u000123"), often
		// on tied values: the same letter and digit count order as their
		// numbers, without writing the text.
		la, wa, na := letterParts(a)
		lb, wb, nb := letterParts(b)
		if wa == wb {
			if la != lb {
				return cmp.Compare(la, lb)
			}
			return cmp.Compare(na, nb)
		}
	}
	var x, y [32]byte
	return bytes.Compare(d.appendID(x[:0], a), d.appendID(y[:0], b))
}
