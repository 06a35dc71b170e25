// Package jsonscan pulls a few fields out of a JSON record without building it.
//
// A recipe needs three or four values from records that carry dozens of
// fields and whole nested tweets. Decoding every record into a map would cost
// most of the run; instead a Plan names the wanted paths once, and Scan walks
// the record's bytes, skipping every value no path asks for while still
// checking that the record is structurally valid JSON, so that a broken line
// becomes a reject rather than a half-read record.
//
// The scan is one loop over the record with an explicit stack, not a
// recursive descent: in js/wasm, where the browser runs it, every call and
// every taken branch is dear (Go's wasm code jumps between basic blocks
// through a dispatch table), so the loop takes each token in as few steps as
// it can and looks for a string's closing quote eight bytes at a time.
package jsonscan

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"strings"
)

// MaxDepth bounds nesting so that a hostile record cannot exhaust the stack.
const MaxDepth = 256

// A Plan is a compiled set of wanted field paths. Paths use dots to go into
// nested objects ("user.username"). A path whose leading part names an array
// of objects ("mentionedUsers.username") collects the field from every
// element; a path that names an array of strings collects the strings.
type Plan struct {
	root  node
	paths []string
	// twins pair a slot with an earlier slot of the same path: the scan
	// fills the earlier one and copies it, so asking for one field twice
	// (say, as the label and as the prediction) gives both slots its value.
	twins [][2]int
}

type node struct {
	name     string
	slot     int // >= 0 when this path ends here
	children []*node
	// lengths has bit l set when a child's name is l bytes long (bit 63:
	// 63 or more), so that most keys are told apart without a comparison.
	lengths uint64
}

// NewPlan compiles paths; slot i of a Values holds the value(s) of paths[i].
// Empty paths are allowed and never match.
func NewPlan(paths ...string) *Plan {
	p := &Plan{paths: paths, root: node{slot: -1}}
	for slot, path := range paths {
		if path == "" {
			continue
		}
		n := &p.root
		for _, name := range strings.Split(path, ".") {
			var next *node
			for _, c := range n.children {
				if c.name == name {
					next = c
				}
			}
			if next == nil {
				next = &node{name: name, slot: -1}
				n.children = append(n.children, next)
				n.lengths |= 1 << min(len(name), 63)
			}
			n = next
		}
		if n.slot >= 0 {
			p.twins = append(p.twins, [2]int{slot, n.slot})
			continue
		}
		n.slot = slot
	}
	return p
}

// Paths returns the paths the plan was built from.
func (p *Plan) Paths() []string { return p.paths }

// A Value is one raw JSON value found at a wanted path: the bytes as they
// stand in the record (a string keeps its quotes and escapes).
type Value []byte

// Kind reports the JSON kind of v by its first byte: '"', '{', '[', 'n'
// (null), 't'/'f' (booleans), or '0' for numbers. 0 means absent.
func (v Value) Kind() byte {
	if len(v) == 0 {
		return 0
	}
	switch c := v[0]; c {
	case '"', '{', '[', 'n', 't', 'f':
		return c
	default:
		return '0'
	}
}

// Values receives the values of one Scan. Its slices are reused across scans
// and alias the scanned record.
type Values struct {
	// Found[i] is true when paths[i] was present in the record (even as null).
	Found []bool
	// Vals[i] holds the values of paths[i]: one for a plain path, one per
	// element for a path through an array.
	Vals [][]Value

	frames []frame // the scan's stack, kept for the next record
}

func (v *Values) reset(n int) {
	if cap(v.Found) < n {
		v.Found = make([]bool, n)
		v.Vals = make([][]Value, n)
	}
	v.Found = v.Found[:n]
	v.Vals = v.Vals[:n]
	for i := range v.Found {
		v.Found[i] = false
		v.Vals[i] = v.Vals[i][:0]
	}
}

// First returns the first value of slot i, or nil.
func (v *Values) First(i int) Value {
	if len(v.Vals[i]) == 0 {
		return nil
	}
	return v.Vals[i][0]
}

// A SyntaxError says why and where (byte offset in the record) a record is not valid JSON.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.Offset, e.Msg)
}

// ErrNotObject is returned when the record is valid JSON but not an object.
var ErrNotObject = errors.New("record is not a JSON object")

// A frame is a container open during a scan.
type frame struct {
	// n is the node whose children the container's members (or, for an
	// array, its elements) are matched against; nil: nothing inside is wanted.
	n     *node
	start int // where the container opens
	// capture is the slot that takes the whole container as its value
	// (a wanted leaf that holds an object or array), or -1.
	capture int
	object  bool
	// inArray marks an object that is an element of an array being
	// collected: its leaf values append rather than replace.
	inArray bool
	// appendCapture: the captured value appends rather than replaces.
	appendCapture bool
}

type scanner struct {
	d      []byte
	out    *Values
	frames []frame
}

// Scan checks that rec holds exactly one JSON object (surrounding white
// space allowed) and fills out with the values at the plan's paths.
func (p *Plan) Scan(rec []byte, out *Values) error {
	out.reset(len(p.paths))
	s := scanner{d: rec, out: out, frames: out.frames[:0]}
	i, err := s.objectStart()
	if err != nil {
		return err
	}
	j, err := s.walk(i, 0, &p.root)
	out.frames = s.frames[:0]
	if err != nil {
		return err
	}
	if j = s.space(j); j != len(rec) {
		return &SyntaxError{j, "data after the object"}
	}
	for _, t := range p.twins {
		out.Found[t[0]] = out.Found[t[1]]
		out.Vals[t[0]] = append(out.Vals[t[0]][:0], out.Vals[t[1]]...)
	}
	return nil
}

// objectStart finds the '{' that opens the record. A record that is another
// valid JSON value is ErrNotObject; anything else is a SyntaxError.
func (s *scanner) objectStart() (int, error) {
	i := s.space(0)
	if i >= len(s.d) {
		return 0, &SyntaxError{i, "empty record"}
	}
	if s.d[i] != '{' {
		j, err := s.skip(i, 0)
		if err != nil {
			return 0, err
		}
		if j = s.space(j); j != len(s.d) {
			return 0, &SyntaxError{j, "data after the value"}
		}
		return 0, ErrNotObject
	}
	return i, nil
}

// Valid reports whether rec is one structurally valid JSON value.
func Valid(rec []byte) bool {
	var stack [8]frame // the first levels' frames, without an allocation
	s := scanner{d: rec, frames: stack[:0]}
	i := s.space(0)
	if i >= len(rec) {
		return false
	}
	j, err := s.skip(i, 0)
	return err == nil && s.space(j) == len(rec)
}

func (s *scanner) space(i int) int {
	for i < len(s.d) {
		switch s.d[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func (s *scanner) errAt(i int, msg string) error {
	if i >= len(s.d) {
		return &SyntaxError{len(s.d), "unexpected end of record"}
	}
	return &SyntaxError{i, msg}
}

// str returns the index just after the string that opens at i.
func (s *scanner) str(i int) (int, error) {
	if end := stringEnd(s.d, i); end >= 0 {
		return end, nil
	}
	return 0, &SyntaxError{i, "unterminated string"}
}

// SWAR constants: a byte of ones, the high bit of each byte, and a quote in
// every byte.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
	quote = '"' * ones
)

// stringEnd returns the index just after the string that opens at i, or -1
// when it is not terminated. Escapes are not checked here (String checks
// those it decodes); a quote preceded by an odd number of backslashes is
// escaped. A record's strings are short (24 bytes on average in snscrape's
// tweets): in js/wasm this loop scans them about a fifth faster than
// bytes.IndexByte, whose two calls and set-up cost more than the search.
func stringEnd(d []byte, i int) int {
	j := i + 1
	for {
		// Eight bytes a step: the lowest flagged byte is a quote (a borrow
		// can flag bytes above a real one, never below).
		for j+8 <= len(d) {
			x := binary.LittleEndian.Uint64(d[j:]) ^ quote
			if m := (x - ones) &^ x & highs; m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				goto found
			}
			j += 8
		}
		for j < len(d) && d[j] != '"' {
			j++
		}
		if j >= len(d) {
			return -1
		}
	found:
		if d[j-1] != '\\' || !escaped(d, i, j) {
			return j + 1
		}
		j++
	}
}

// escaped reports whether the quote at j, in the string that opens at i,
// follows an odd number of backslashes.
func escaped(d []byte, i, j int) bool {
	b := j - 1
	for b > i && d[b] == '\\' {
		b--
	}
	return (j-1-b)%2 == 1
}

// skip returns the index just after the value at i, checking its syntax;
// depth is the value's nesting depth.
func (s *scanner) skip(i, depth int) (int, error) {
	return s.walk(i, depth, nil)
}

// walk returns the index just after the value at i, at nesting depth depth,
// checking its syntax. When root is not nil the value must be an object
// (the caller checked) whose members are matched against root's children,
// and the values of wanted paths go to s.out.
//
// Its errors are those of a recursive descent: the first fault in the
// record, with the same message at the same offset.
func (s *scanner) walk(i, depth int, root *node) (int, error) {
	d := s.d
	s.frames = s.frames[:0]
	// What the value at i is to the paths: objectNode and arrayNode are the
	// nodes an object or an array there is walked with (nil: skipped),
	// capture the slot that takes it whole (-1: none).
	objectNode, arrayNode, capture := root, (*node)(nil), -1
	inArray, appendCapture := false, false
	for {
		// A value starts at i.
		if i >= len(d) {
			return 0, s.errAt(i, "")
		}
		start := i
		switch c := d[i]; {
		case c == '"':
			if i = stringEnd(d, i); i < 0 {
				return 0, &SyntaxError{start, "unterminated string"}
			}
		case c == 'n' && i+4 <= len(d) && d[i+1] == 'u' && d[i+2] == 'l' && d[i+3] == 'l':
			// null, most of the literals, without a call
			i += 4
		case c == 'n' || c == 't' || c == 'f':
			end, err := s.literal(i)
			if err != nil {
				return 0, err
			}
			i = end
		case c >= '1' && c <= '9':
			// An integer, most of the numbers, without a call; a fraction
			// or an exponent is read again in full.
			for i++; i < len(d) && d[i] >= '0' && d[i] <= '9'; i++ {
			}
			if i < len(d) && (d[i] == '.' || d[i] == 'e' || d[i] == 'E') {
				end, err := s.number(start)
				if err != nil {
					return 0, err
				}
				i = end
			}
		case c == '-' || c == '0':
			end, err := s.number(i)
			if err != nil {
				return 0, err
			}
			i = end
		case c == '{' || c == '[':
			if depth+len(s.frames) >= MaxDepth {
				return 0, &SyntaxError{i, fmt.Sprintf("nested deeper than %d levels", MaxDepth)}
			}
			f := frame{start: i, capture: -1, object: c == '{', inArray: inArray}
			if f.object {
				f.n = objectNode
			} else {
				f.n = arrayNode
			}
			if f.n == nil {
				f.capture, f.appendCapture = capture, appendCapture
			}
			capture = -1
			i = s.space(i + 1)
			if i < len(d) && (f.object && d[i] == '}' || !f.object && d[i] == ']') {
				i++
				capture, appendCapture = f.capture, f.appendCapture
				break
			}
			s.frames = append(s.frames, f)
			// The first member or element: read as after a comma.
			goto next
		default:
			return 0, s.errAt(i, fmt.Sprintf("unexpected character %q", c))
		}
		// A value ends at i.
		if capture >= 0 {
			s.keep(capture, appendCapture, d[start:i])
		}
		// Close containers until one has a next value.
		for {
			if len(s.frames) == 0 {
				return i, nil
			}
			if i < len(d) && d[i] == ' ' {
				i++
			}
			i = s.space(i)
			if i >= len(d) {
				return 0, s.errAt(i, "")
			}
			top := &s.frames[len(s.frames)-1]
			if c := d[i]; c == ',' {
				i++
				break
			} else if top.object && c == '}' || !top.object && c == ']' {
				i++
				if top.capture >= 0 {
					s.keep(top.capture, top.appendCapture, d[top.start:i])
				}
				s.frames = s.frames[:len(s.frames)-1]
				continue
			} else if top.object {
				return 0, s.errAt(i, "expected ',' or '}' in object")
			}
			return 0, s.errAt(i, "expected ',' or ']' in array")
		}
	next:
		// The next member or element of the innermost container starts
		// at i, after white space.
		if i < len(d) && d[i] == ' ' {
			i++
		}
		i = s.space(i)
		top := &s.frames[len(s.frames)-1]
		objectNode, arrayNode, capture, inArray, appendCapture = nil, nil, -1, false, false
		if !top.object {
			// An element: an object is walked for the array's node's
			// children; anything else is skipped, and kept when the node
			// collects whole elements.
			if n := top.n; n != nil {
				if len(n.children) > 0 {
					objectNode, inArray = n, true
				} else if n.slot >= 0 {
					capture, appendCapture = n.slot, true
				}
			}
			continue
		}
		if i >= len(d) || d[i] != '"' {
			return 0, s.errAt(i, "expected a key string")
		}
		keyStart := i
		j := stringEnd(d, i) - 1
		if j < 0 {
			return 0, &SyntaxError{keyStart, "unterminated string"}
		}
		i = j + 1
		if i >= len(d) || d[i] != ':' {
			if i = s.space(i); i >= len(d) || d[i] != ':' {
				return 0, s.errAt(i, "expected ':' after key")
			}
		}
		i++
		if i < len(d) && d[i] == ' ' {
			i++
		}
		i = s.space(i)
		if top.n == nil || top.n.lengths&(1<<min(j-keyStart-1, 63)) == 0 {
			continue
		}
		want := top.n.child(d[keyStart+1 : j])
		if want == nil {
			continue
		}
		// A wanted member: an object is walked when the path goes on
		// into it, an array when the path goes on or ends there (its
		// elements are collected); any other value is kept whole.
		if want.slot >= 0 {
			s.out.Found[want.slot] = true
		}
		if len(want.children) > 0 {
			objectNode, inArray = want, top.inArray
		}
		if len(want.children) > 0 || want.slot >= 0 {
			arrayNode = want
		}
		capture, appendCapture = want.slot, top.inArray
	}
}

// child returns n's child named key, or nil.
func (n *node) child(key []byte) *node {
	for _, c := range n.children {
		if c.name == string(key) {
			return c
		}
	}
	return nil
}

// keep stores the value v of a wanted path.
func (s *scanner) keep(slot int, appendValue bool, v []byte) {
	vals := &s.out.Vals[slot]
	if appendValue || len(*vals) == 0 {
		*vals = append(*vals, Value(v))
	} else {
		// A repeated key: the last one wins, as in most JSON decoders.
		(*vals)[0] = Value(v)
	}
}

// literal checks the null, true or false at i, which starts with n, t or f.
func (s *scanner) literal(i int) (int, error) {
	d := s.d
	switch {
	case d[i] == 'n' && i+4 <= len(d) && d[i+1] == 'u' && d[i+2] == 'l' && d[i+3] == 'l':
		return i + 4, nil
	case d[i] == 't' && i+4 <= len(d) && d[i+1] == 'r' && d[i+2] == 'u' && d[i+3] == 'e':
		return i + 4, nil
	case d[i] == 'f' && i+5 <= len(d) && d[i+1] == 'a' && d[i+2] == 'l' && d[i+3] == 's' && d[i+4] == 'e':
		return i + 5, nil
	}
	return 0, s.errAt(i, "invalid literal")
}

// number checks the number at i, which starts with '-' or a digit.
func (s *scanner) number(i int) (int, error) {
	d := s.d
	start := i
	if d[i] == '-' {
		i++
	}
	if i < len(d) && d[i] == '0' {
		i++
	} else {
		j := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		if i == j {
			return 0, s.errAt(start, "invalid number")
		}
	}
	if i < len(d) && d[i] == '.' {
		i++
		j := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		if i == j {
			return 0, s.errAt(start, "invalid number")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		if i == j {
			return 0, s.errAt(start, "invalid number")
		}
	}
	return i, nil
}
