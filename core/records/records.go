// Package records cuts a byte stream into records: NDJSON lines within a
// byte range of a file, or the elements of a JSON array, arriving in chunks of
// any size.
//
// Several workers can share one NDJSON file: each owns the lines that start
// in its byte range [Start, End). A worker reads from ReadFrom (one byte
// before Start, to learn whether a line starts exactly at Start), skips the
// tail of the line that began in the previous range, and keeps going past
// End until the last line it owns is complete. Line numbers are counted
// within the range; the merge adds the lines of earlier ranges.
package records

import (
	"bytes"
	"fmt"
)

// DefaultMaxRecord bounds one record's size, so that a file with no line
// breaks cannot hold a worker's memory hostage.
const DefaultMaxRecord = 16 << 20

// A Sink receives records and rejects. line is 1-based: within the range for
// NDJSON, within the file for JSON arrays.
type Sink interface {
	Record(rec []byte, line int)
	Reject(line int, reason string, text []byte)
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// Lines splits NDJSON into records. The zero value reads a whole input.
type Lines struct {
	Start int64 // first byte owned
	End   int64 // end of the owned range; <= 0 means to the end of input
	// MaxRecord bounds a line's length; 0 means DefaultMaxRecord.
	MaxRecord int

	started  bool
	skipping bool  // discarding the tail of the previous range's line
	pos      int64 // absolute offset of the next byte fed
	lineAt   int64 // absolute offset where the pending line starts
	carry    []byte
	tooLong  bool // the pending line passed MaxRecord and is being skipped
	lines    int
	owned    int64
	done     bool
}

// ReadFrom is the offset the caller must start reading at.
func (l *Lines) ReadFrom() int64 {
	if l.Start > 0 {
		return l.Start - 1
	}
	return 0
}

// LineCount is the number of lines owned so far (blank ones included).
func (l *Lines) LineCount() int { return l.lines }

// Owned is the number of bytes of the lines owned so far.
func (l *Lines) Owned() int64 { return l.owned }

func (l *Lines) max() int {
	if l.MaxRecord > 0 {
		return l.MaxRecord
	}
	return DefaultMaxRecord
}

// Feed hands the next bytes (read sequentially from ReadFrom) and reports
// whether the range wants more.
func (l *Lines) Feed(chunk []byte, sink Sink) bool {
	if !l.started {
		l.started = true
		l.pos = l.ReadFrom()
		l.skipping = l.Start > 0
		l.lineAt = l.Start
	}
	if l.done {
		return false
	}
	if l.skipping {
		k := bytes.IndexByte(chunk, '\n')
		if k < 0 {
			l.pos += int64(len(chunk))
			return true
		}
		l.skipping = false
		l.pos += int64(k + 1)
		l.lineAt = l.pos
		chunk = chunk[k+1:]
	}
	for len(chunk) > 0 {
		if len(l.carry) == 0 && !l.tooLong && l.End > 0 && l.lineAt >= l.End {
			l.done = true
			return false
		}
		k := bytes.IndexByte(chunk, '\n')
		if k < 0 {
			l.hold(chunk, sink)
			l.pos += int64(len(chunk))
			return true
		}
		line := chunk[:k]
		if len(l.carry) > 0 || l.tooLong {
			l.hold(line, sink)
			line = l.carry
		}
		l.emit(line, int64(k+1), sink)
		l.pos += int64(k + 1)
		chunk = chunk[k+1:]
	}
	if l.End > 0 && l.lineAt >= l.End {
		l.done = true
	}
	return !l.done
}

// hold keeps part of a line that continues in the next chunk.
func (l *Lines) hold(part []byte, sink Sink) {
	if l.tooLong {
		return
	}
	if len(l.carry)+len(part) > l.max() {
		l.tooLong = true
		keep := min(len(part), max(0, 1024-len(l.carry)))
		l.carry = append(l.carry, part[:keep]...)
		return
	}
	l.carry = append(l.carry, part...)
}

// emit handles one complete line; consumed is how many bytes of the current
// chunk it took (with its '\n').
func (l *Lines) emit(line []byte, consumed int64, sink Sink) {
	l.lines++
	l.owned += l.pos + consumed - l.lineAt
	l.lineAt = l.pos + consumed
	n := l.lines
	if l.tooLong {
		sink.Reject(n, fmt.Sprintf("record longer than %d bytes", l.max()), l.carry)
		l.tooLong = false
		l.carry = l.carry[:0]
		return
	}
	if n == 1 && l.Start == 0 {
		line = bytes.TrimPrefix(line, bom)
	}
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	if !blank(line) {
		sink.Record(line, n)
	}
	l.carry = l.carry[:0]
}

// Cut ends the input early (the stream broke): the pending partial line is
// dropped, and its line number and first bytes returned for the reject that
// says where reading stopped.
func (l *Lines) Cut() (line int, text []byte) {
	text = l.carry[:min(len(l.carry), 1024)]
	l.carry, l.tooLong, l.done = nil, false, true
	return l.lines + 1, text
}

// Finish handles a last line that has no line break.
func (l *Lines) Finish(sink Sink) {
	if l.done || l.skipping {
		return
	}
	if len(l.carry) > 0 || l.tooLong {
		l.emit(l.carry, 0, sink)
	}
	l.done = true
}

func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}
