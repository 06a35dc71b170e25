// Package jsonscan pulls a few fields out of a JSON record without building it.
//
// A recipe needs three or four values from records that carry dozens of
// fields and whole nested tweets. Decoding every record into a map would cost
// most of the run; instead a Plan names the wanted paths once, and Scan walks
// the record's bytes, skipping every value no path asks for (strings are
// skipped with bytes.IndexByte) while still checking that the record is
// structurally valid JSON, so that a broken line becomes a reject rather than
// a half-read record.
package jsonscan

import (
	"bytes"
	"errors"
	"fmt"
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

type scanner struct {
	d    []byte
	out  *Values
	plan *Plan
}

// Scan checks that rec holds exactly one JSON object (surrounding white
// space allowed) and fills out with the values at the plan's paths.
func (p *Plan) Scan(rec []byte, out *Values) error {
	out.reset(len(p.paths))
	s := scanner{d: rec, out: out, plan: p}
	i, err := s.objectStart()
	if err != nil {
		return err
	}
	j, err := s.object(i, 0, &p.root, false)
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
	s := scanner{d: rec}
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
	j := i + 1
	for {
		k := bytes.IndexByte(s.d[j:], '"')
		if k < 0 {
			return 0, &SyntaxError{i, "unterminated string"}
		}
		j += k
		// The quote is escaped when an odd number of backslashes precede it.
		b := j - 1
		for b > i && s.d[b] == '\\' {
			b--
		}
		if (j-1-b)%2 == 0 {
			return j + 1, nil
		}
		j++
	}
}

// object scans the object at i. n holds the wanted children, or nil when
// nothing below is wanted. inArray marks an object that is an element of an
// array being collected: its leaf values append rather than replace.
func (s *scanner) object(i, depth int, n *node, inArray bool) (int, error) {
	if depth >= MaxDepth {
		return 0, &SyntaxError{i, fmt.Sprintf("nested deeper than %d levels", MaxDepth)}
	}
	i = s.space(i + 1)
	if i < len(s.d) && s.d[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(s.d) || s.d[i] != '"' {
			return 0, s.errAt(i, "expected a key string")
		}
		end, err := s.str(i)
		if err != nil {
			return 0, err
		}
		key := s.d[i+1 : end-1]
		i = s.space(end)
		if i >= len(s.d) || s.d[i] != ':' {
			return 0, s.errAt(i, "expected ':' after key")
		}
		i = s.space(i + 1)
		var want *node
		if n != nil {
			for _, c := range n.children {
				if c.name == string(key) {
					want = c
					break
				}
			}
		}
		if want == nil {
			i, err = s.skip(i, depth+1)
		} else {
			i, err = s.wanted(i, depth+1, want, inArray)
		}
		if err != nil {
			return 0, err
		}
		i = s.space(i)
		if i >= len(s.d) {
			return 0, s.errAt(i, "")
		}
		switch s.d[i] {
		case ',':
			i = s.space(i + 1)
		case '}':
			return i + 1, nil
		default:
			return 0, s.errAt(i, "expected ',' or '}' in object")
		}
	}
}

// wanted scans a value that some path asks for.
func (s *scanner) wanted(i, depth int, n *node, inArray bool) (int, error) {
	if i >= len(s.d) {
		return 0, s.errAt(i, "")
	}
	c := s.d[i]
	if n.slot >= 0 {
		s.out.Found[n.slot] = true
	}
	switch {
	case c == '{' && len(n.children) > 0:
		return s.object(i, depth, n, inArray)
	case c == '[' && (len(n.children) > 0 || n.slot >= 0):
		return s.array(i, depth, n)
	}
	end, err := s.skip(i, depth)
	if err != nil {
		return 0, err
	}
	if n.slot >= 0 {
		if inArray || len(s.out.Vals[n.slot]) == 0 {
			s.out.Vals[n.slot] = append(s.out.Vals[n.slot], Value(s.d[i:end]))
		} else {
			// A repeated key: the last one wins, as in most JSON decoders.
			s.out.Vals[n.slot][0] = Value(s.d[i:end])
		}
	}
	return end, nil
}

// array scans an array whose elements are collected for node n.
func (s *scanner) array(i, depth int, n *node) (int, error) {
	if depth >= MaxDepth {
		return 0, &SyntaxError{i, fmt.Sprintf("nested deeper than %d levels", MaxDepth)}
	}
	i = s.space(i + 1)
	if i < len(s.d) && s.d[i] == ']' {
		return i + 1, nil
	}
	for {
		var err error
		if i < len(s.d) && s.d[i] == '{' && len(n.children) > 0 {
			i, err = s.object(i, depth+1, n, true)
		} else {
			start := i
			i, err = s.skip(i, depth+1)
			if err == nil && n.slot >= 0 && len(n.children) == 0 {
				s.out.Vals[n.slot] = append(s.out.Vals[n.slot], Value(s.d[start:i]))
			}
		}
		if err != nil {
			return 0, err
		}
		i = s.space(i)
		if i >= len(s.d) {
			return 0, s.errAt(i, "")
		}
		switch s.d[i] {
		case ',':
			i = s.space(i + 1)
		case ']':
			return i + 1, nil
		default:
			return 0, s.errAt(i, "expected ',' or ']' in array")
		}
	}
}

// skip returns the index just after the value at i, checking its syntax.
func (s *scanner) skip(i, depth int) (int, error) {
	if i >= len(s.d) {
		return 0, s.errAt(i, "")
	}
	switch c := s.d[i]; c {
	case '"':
		return s.str(i)
	case '{':
		return s.object(i, depth, nil, false)
	case '[':
		if depth >= MaxDepth {
			return 0, &SyntaxError{i, fmt.Sprintf("nested deeper than %d levels", MaxDepth)}
		}
		i = s.space(i + 1)
		if i < len(s.d) && s.d[i] == ']' {
			return i + 1, nil
		}
		for {
			var err error
			if i, err = s.skip(i, depth+1); err != nil {
				return 0, err
			}
			i = s.space(i)
			if i >= len(s.d) {
				return 0, s.errAt(i, "")
			}
			switch s.d[i] {
			case ',':
				i = s.space(i + 1)
			case ']':
				return i + 1, nil
			default:
				return 0, s.errAt(i, "expected ',' or ']' in array")
			}
		}
	case 't':
		return s.literal(i, "true")
	case 'f':
		return s.literal(i, "false")
	case 'n':
		return s.literal(i, "null")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			return s.number(i)
		}
		return 0, s.errAt(i, fmt.Sprintf("unexpected character %q", c))
	}
}

func (s *scanner) literal(i int, lit string) (int, error) {
	if !bytes.HasPrefix(s.d[i:], []byte(lit)) {
		return 0, s.errAt(i, "invalid literal")
	}
	return i + len(lit), nil
}

func (s *scanner) number(i int) (int, error) {
	start := i
	if s.d[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s.d) && s.d[i] >= '0' && s.d[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s.d) && s.d[i] == '0' {
		i++
	} else if digits() == 0 {
		return 0, s.errAt(start, "invalid number")
	}
	if i < len(s.d) && s.d[i] == '.' {
		i++
		if digits() == 0 {
			return 0, s.errAt(start, "invalid number")
		}
	}
	if i < len(s.d) && (s.d[i] == 'e' || s.d[i] == 'E') {
		i++
		if i < len(s.d) && (s.d[i] == '+' || s.d[i] == '-') {
			i++
		}
		if digits() == 0 {
			return 0, s.errAt(start, "invalid number")
		}
	}
	return i, nil
}
