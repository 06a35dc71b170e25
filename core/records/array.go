package records

import "fmt"

// Array streams the elements of a JSON array ("[{...}, {...}]", spread over
// any number of lines) without holding the array. Each element is handed to
// the sink as its own record, numbered by the line it starts on. A
// structural error between elements ends the file with one reject that says
// where reading stopped.
type Array struct {
	// MaxRecord bounds an element's size; 0 means DefaultMaxRecord.
	MaxRecord int

	state    arrayState
	line     int // current line, 1-based
	elemLine int
	depth    int
	inString bool
	escaped  bool
	elem     []byte
	tooLong  bool
	started  bool
}

type arrayState uint8

const (
	wantOpen arrayState = iota
	wantElement
	inElement
	wantComma
	closed
	broken
)

func (a *Array) max() int {
	if a.MaxRecord > 0 {
		return a.MaxRecord
	}
	return DefaultMaxRecord
}

// Feed hands the next bytes of the input and reports whether more are wanted.
func (a *Array) Feed(chunk []byte, sink Sink) bool {
	if !a.started {
		a.started = true
		a.line = 1
	}
	i := 0
	for i < len(chunk) && a.state != broken {
		c := chunk[i]
		if a.state == inElement {
			j, complete := a.scanElement(chunk, i)
			a.keep(chunk[i:j])
			i = j
			if complete {
				a.finishElement(sink)
				a.state = wantComma
			}
			continue
		}
		i++
		switch {
		case c == '\n':
			a.line++
		case c == ' ' || c == '\t' || c == '\r':
		case a.state == wantOpen && (c == bom[0] || c == bom[1] || c == bom[2]):
			// A byte-order mark, possibly cut across chunks.
		case a.state == wantOpen && c == '[':
			a.state = wantElement
		case a.state == wantElement && c == ']':
			a.state = closed
		case a.state == wantElement:
			a.state = inElement
			a.elemLine = a.line
			a.elem = a.elem[:0]
			a.tooLong = false
			i-- // the element starts at this byte
		case a.state == wantComma && c == ',':
			a.state = wantElement
		case a.state == wantComma && c == ']':
			a.state = closed
		default:
			a.fail(sink, c)
		}
	}
	return a.state != broken
}

// scanElement advances through an element from i and returns where it ends
// (just after its last byte) and true, or len(chunk) and false if it continues.
func (a *Array) scanElement(chunk []byte, i int) (int, bool) {
	for ; i < len(chunk); i++ {
		c := chunk[i]
		if a.inString {
			switch {
			case a.escaped:
				a.escaped = false
			case c == '\\':
				a.escaped = true
			case c == '"':
				a.inString = false
				if a.depth == 0 {
					return i + 1, true
				}
			case c == '\n':
				a.line++
			}
			continue
		}
		switch c {
		case '"':
			a.inString = true
		case '{', '[':
			a.depth++
		case '}', ']':
			if a.depth == 0 { // a bare scalar element ends before the bracket
				return i, true
			}
			a.depth--
			if a.depth <= 0 {
				a.depth = 0
				return i + 1, true
			}
		case '\n':
			a.line++
		case ',':
			if a.depth == 0 { // a bare scalar element ends before the comma
				return i, true
			}
		case ' ', '\t', '\r':
			if a.depth == 0 {
				return i, true
			}
		}
	}
	return i, false
}

func (a *Array) keep(part []byte) {
	if a.tooLong {
		return
	}
	if len(a.elem)+len(part) > a.max() {
		a.tooLong = true
		a.elem = append(a.elem, part[:min(len(part), max(0, 1024-len(a.elem)))]...)
		return
	}
	a.elem = append(a.elem, part...)
}

func (a *Array) finishElement(sink Sink) {
	if a.tooLong {
		sink.Reject(a.elemLine, fmt.Sprintf("array element longer than %d bytes", a.max()), a.elem)
		return
	}
	sink.Record(a.elem, a.elemLine)
}

func (a *Array) fail(sink Sink, c byte) {
	var what string
	switch a.state {
	case wantOpen:
		what = fmt.Sprintf("expected '[' to open a JSON array, found %q", c)
	case closed:
		what = fmt.Sprintf("data after the end of the JSON array (%q)", c)
	default:
		what = fmt.Sprintf("expected ',' or ']' between array elements, found %q", c)
	}
	sink.Reject(a.line, what+"; the rest of the file was not read", nil)
	a.state = broken
}

// Cut ends the input early (the stream broke); it returns the line reading
// stopped at and the start of the element that was cut, if any.
func (a *Array) Cut() (line int, text []byte) {
	line = a.line
	if a.state == inElement {
		line, text = a.elemLine, a.elem[:min(len(a.elem), 1024)]
	}
	a.state = broken
	return line, text
}

// Finish reports an array that ended early.
func (a *Array) Finish(sink Sink) {
	switch a.state {
	case inElement:
		if a.depth == 0 && !a.inString && len(a.elem) > 0 && a.elem[0] != '{' && a.elem[0] != '[' { // a bare scalar at the end
			a.finishElement(sink)
			a.state = wantComma
		} else {
			sink.Reject(a.elemLine, "the file ends inside this array element", a.elem[:min(len(a.elem), 1024)])
			a.state = broken
			return
		}
		fallthrough
	case wantElement, wantComma:
		sink.Reject(a.line, "the file ends before the JSON array is closed", nil)
		a.state = broken
	case wantOpen:
		if a.started {
			sink.Reject(a.line, "empty file: no JSON array", nil)
		}
	}
}
