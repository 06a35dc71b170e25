package records

import (
	"bytes"
	"fmt"

	"dropsight/core/jsonscan"
)

// Object is the format of an input that is one JSON value, possibly
// pretty-printed over many lines: a folder of one-tweet files is a folder
// of Object inputs. Such an input is read whole, so it cannot be split.
const Object Format = "object"

// A Whole reads an input of format Object: the whole input is one record,
// at most MaxRecord bytes. Because the files of a dropped folder are read
// this way without being sniffed one by one, a Whole also reads the other
// JSON layouts a file in a folder may have, telling them apart by their
// start:
//
//   - a first non-blank byte '[': the elements of a JSON array, streamed
//     as Array reads them;
//   - a first line that is a complete JSON value by itself (NDJSON, or one
//     object on one line): lines, streamed as Lines reads them;
//   - anything else (a pretty-printed object): the whole input, held up to
//     MaxRecord bytes and handed over at Finish as one record, numbered by
//     the line it starts on. An input with nothing but white space is a
//     reject ("empty file").
//
// One Whole reads many inputs in turn: Begin starts the next one, Finish
// ends it. The zero value is ready to read one input.
type Whole struct {
	// MaxRecord bounds the held record; 0 means DefaultMaxRecord.
	MaxRecord int

	open    bool
	mode    wholeMode
	buf     []byte
	tooLong bool
	lines   Lines
	array   Array
}

type wholeMode uint8

const (
	wholeUndecided wholeMode = iota // no line break or array start seen yet
	wholeHeld                       // one value, held until Finish
	wholeLines
	wholeArray
)

func (w *Whole) max() int {
	if w.MaxRecord > 0 {
		return w.MaxRecord
	}
	return DefaultMaxRecord
}

// Begin starts the next input; an input begun and finished without bytes
// is an empty file.
func (w *Whole) Begin() {
	w.reset()
	w.open = true
}

func (w *Whole) reset() {
	w.open, w.mode, w.tooLong = false, wholeUndecided, false
	w.buf = w.buf[:0]
	w.lines = Lines{MaxRecord: w.MaxRecord}
	w.array = Array{MaxRecord: w.MaxRecord}
}

// Feed hands the next bytes of the input and reports whether more are wanted.
func (w *Whole) Feed(chunk []byte, sink Sink) bool {
	w.open = true
	switch w.mode {
	case wholeLines:
		return w.lines.Feed(chunk, sink)
	case wholeArray:
		return w.array.Feed(chunk, sink)
	}
	w.hold(chunk)
	if w.mode == wholeUndecided {
		return w.decide(sink)
	}
	return true
}

func (w *Whole) hold(part []byte) {
	if w.tooLong {
		return
	}
	if len(w.buf)+len(part) > w.max() {
		w.tooLong = true
		w.buf = append(w.buf, part[:min(len(part), max(0, 1024-len(w.buf)))]...)
		return
	}
	w.buf = append(w.buf, part...)
}

// decide picks the layout once the held bytes show it.
func (w *Whole) decide(sink Sink) bool {
	s := trimSpace(bytes.TrimPrefix(w.buf, bom))
	if len(s) == 0 {
		if w.tooLong {
			w.mode = wholeHeld
		}
		return true
	}
	if s[0] == '[' {
		w.mode = wholeArray
		held := w.buf
		w.buf = nil
		return w.array.Feed(held, sink)
	}
	k := bytes.IndexByte(s, '\n')
	if k < 0 {
		if w.tooLong {
			w.mode = wholeHeld
		}
		return true
	}
	if jsonscan.Valid(s[:k]) {
		w.mode = wholeLines
		held := w.buf
		w.buf = nil
		return w.lines.Feed(held, sink)
	}
	w.mode = wholeHeld
	return true
}

// Cut ends the input early (the stream broke); it returns the line reading
// stopped at and the start of the record that was cut.
func (w *Whole) Cut() (line int, text []byte) {
	switch w.mode {
	case wholeLines:
		line, text = w.lines.Cut()
	case wholeArray:
		line, text = w.array.Cut()
	default:
		line, text = w.firstLine(), w.buf[:min(len(w.buf), 1024)]
	}
	w.open = false
	return line, text
}

// Finish ends the input: the held value is handed over as one record.
func (w *Whole) Finish(sink Sink) {
	if !w.open {
		return
	}
	switch w.mode {
	case wholeLines:
		w.lines.Finish(sink)
	case wholeArray:
		w.array.Finish(sink)
	default:
		s := trimSpace(bytes.TrimPrefix(w.buf, bom))
		switch {
		case w.tooLong:
			sink.Reject(w.firstLine(), fmt.Sprintf("record longer than %d bytes", w.max()), w.buf[:min(len(w.buf), 1024)])
		case len(s) == 0:
			sink.Reject(1, "empty file", nil)
		case whyNotJSON(s) != "":
			sink.Reject(w.firstLine(), whyNotJSON(s), s[:min(len(s), 1024)])
		default:
			sink.Record(s, w.firstLine())
		}
	}
	w.reset()
}

// firstLine is the line the held value starts on.
func (w *Whole) firstLine() int {
	s := bytes.TrimPrefix(w.buf, bom)
	lead := len(s) - len(bytes.TrimLeft(s, " \t\r\n"))
	return 1 + bytes.Count(s[:lead], []byte{'\n'})
}

func trimSpace(b []byte) []byte {
	return bytes.Trim(b, " \t\r\n")
}
