// Package delimited reads CSV and TSV (and ';' or '|' separated) text
// within byte ranges of a file, in chunks of any size, without allocating
// per row.
//
// The dialect is RFC 4180 as encoding/csv reads it: a field that starts
// with '"' is quoted and may hold delimiters, line breaks and "" (one
// quote); rows end at LF or CRLF; a UTF-8 byte-order mark at the start of
// the file is dropped; blank lines are skipped. Two liberties: a '"' inside
// a field that does not start with one is an ordinary character (as with
// encoding/csv's LazyQuotes), and a line break inside a quoted field is kept
// as written (CRLF stays CRLF).
//
// # Ranges
//
// Several workers can share one file, like NDJSON lines in package records:
// each owns the rows that start in its byte range [Start, End). A worker
// reads from ReadFrom (one byte before Start), skips to the first line
// break and takes the row after it as its first, and reads past End to
// finish its last row.
//
// That is right only when no quoted field holds a line break across a range
// start: from the middle of a file there is no telling whether a line break
// ends a row or sits inside a quoted field. So a file is split only when
// the sniffed head has no quoted line break (Sniff reports Splittable), and
// because a later quoted line break can still cross a cut, every Reader
// reports the span of bytes its rows cover (Span): the rows of consecutive
// ranges must join exactly (the previous range, which always knows the
// quote state, stops where the next one began). When they do not, the cut
// fell inside a quoted field and the file must be read again as one range;
// the engine checks this at the merge.
package delimited

import (
	"bytes"
	"fmt"
)

// DefaultMaxRecord bounds one row's size, so that an unclosed quote cannot
// hold a worker's memory hostage.
const DefaultMaxRecord = 16 << 20

// A Sink receives rows and rejects. fields (and the bytes they point into)
// are only valid during the call. line is 1-based, counted within the range
// (the merge adds the lines of earlier ranges), and is the line a row
// starts on.
type Sink interface {
	Row(fields [][]byte, line int)
	Reject(line int, reason string, text []byte)
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// A Reader splits delimited text into rows. The zero value reads a whole
// comma-separated input whose first row sets the number of fields.
type Reader struct {
	Comma byte  // field delimiter; 0 means ','
	Start int64 // first byte owned
	End   int64 // end of the owned range; <= 0 means to the end of input
	// Header says the input's first row names the columns: the range at
	// offset 0 skips it (other ranges never see it).
	Header bool
	// Fields is the number of fields every row must have; a row with
	// another count is a reject. 0 takes the first row's count; -1 accepts
	// any count.
	Fields int
	// MaxRecord bounds a row's length; 0 means DefaultMaxRecord.
	MaxRecord int

	started  bool
	skipping bool // discarding the tail of the previous range's row
	done     bool
	pos      int64 // absolute offset of the next byte fed
	rowAt    int64 // absolute offset where the pending row starts
	begin    int64 // absolute offset of the first row owned
	carry    []byte
	carried  bool // a row is pending in carry (it may still be empty)
	breaks   int  // line breaks in the pending row, dropped bytes included
	scan     scanState
	tooLong  bool
	lines    int
	header   bool // the header row has been skipped
	fields   [][]byte
	buf      []byte
	ends     []int
	rowLines int // lines of the row being emitted
	blanks   int // blank lines skipped
}

// scanState is where the row-end scanner stands in a row.
type scanState uint8

const (
	atFieldStart scanState = iota
	inUnquoted
	inQuoted
	quoteInQuoted // a '"' inside a quoted field: an escape or the closing quote
)

// ReadFrom is the offset the caller must start reading at.
func (r *Reader) ReadFrom() int64 {
	if r.Start > 0 {
		return r.Start - 1
	}
	return 0
}

// LineCount is the number of lines owned so far (blank lines, the header
// and the line breaks inside quoted fields included).
func (r *Reader) LineCount() int { return r.lines }

// BlankLines is the number of blank lines (nothing but spaces) skipped so
// far.
func (r *Reader) BlankLines() int { return r.blanks }

// Span is the bytes [from, to) that the rows owned so far cover. After
// Finish (or a false Feed) to is where the next range's rows must begin.
func (r *Reader) Span() (from, to int64) {
	if !r.started || r.skipping {
		return r.pos, r.pos
	}
	return r.begin, r.rowAt
}

// Owned is the number of bytes of the rows owned so far.
func (r *Reader) Owned() int64 {
	from, to := r.Span()
	return to - from
}

func (r *Reader) comma() byte {
	if r.Comma == 0 {
		return ','
	}
	return r.Comma
}

func (r *Reader) max() int {
	if r.MaxRecord > 0 {
		return r.MaxRecord
	}
	return DefaultMaxRecord
}

// Feed hands the next bytes (read sequentially from ReadFrom) and reports
// whether the range wants more.
func (r *Reader) Feed(chunk []byte, sink Sink) bool {
	if !r.started {
		r.started = true
		r.pos = r.ReadFrom()
		r.skipping = r.Start > 0
		r.rowAt, r.begin = r.Start, r.Start
	}
	if r.done {
		return false
	}
	if r.skipping {
		k := bytes.IndexByte(chunk, '\n')
		if k < 0 {
			r.pos += int64(len(chunk))
			return true
		}
		r.skipping = false
		r.pos += int64(k + 1)
		r.rowAt, r.begin = r.pos, r.pos
		chunk = chunk[k+1:]
	}
	if r.carried {
		end, found := r.scanEnd(chunk)
		if !found {
			r.hold(chunk)
			r.pos += int64(len(chunk))
			return true
		}
		r.hold(chunk[:end])
		r.pos += int64(end)
		r.emit(r.carry, true, r.breaks, sink)
		chunk = chunk[end:]
	}
	comma := r.comma()
	for len(chunk) > 0 {
		if r.End > 0 && r.rowAt >= r.End {
			r.done = true
			return false
		}
		k := bytes.IndexByte(chunk, '\n')
		if k >= 0 && k < r.max() && bytes.IndexByte(chunk[:k], '"') < 0 {
			// The common row: one line, no quotes. Split it in place.
			r.pos += int64(k + 1)
			r.rowLines = 1
			r.finishRow(chunk[:k], comma, sink)
			chunk = chunk[k+1:]
			continue
		}
		r.scan = atFieldStart
		end, found := r.scanEnd(chunk)
		if !found {
			r.carried = true
			r.hold(chunk)
			r.pos += int64(len(chunk))
			return true
		}
		r.pos += int64(end)
		if end > r.max() {
			r.carried = true
			r.hold(chunk[:end])
			r.emit(r.carry, true, r.breaks, sink)
		} else {
			r.emit(chunk[:end], true, bytes.Count(chunk[:end], nl), sink)
		}
		chunk = chunk[end:]
	}
	if r.End > 0 && r.rowAt >= r.End {
		r.done = true
	}
	return !r.done
}

// scanEnd runs the row-end scanner over b from r.scan and returns the
// offset just past the line break that ends the row.
func (r *Reader) scanEnd(b []byte) (int, bool) {
	comma := r.comma()
	st := r.scan
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch st {
		case inQuoted:
			k := bytes.IndexByte(b[i:], '"')
			if k < 0 {
				r.scan = inQuoted
				return 0, false
			}
			i += k
			st = quoteInQuoted
		case quoteInQuoted:
			switch c {
			case '"':
				st = inQuoted
			case comma:
				st = atFieldStart
			case '\n':
				r.scan = atFieldStart
				return i + 1, true
			default:
				st = inUnquoted
			}
		case atFieldStart:
			switch c {
			case '"':
				st = inQuoted
			case comma:
			case '\n':
				r.scan = atFieldStart
				return i + 1, true
			default:
				st = inUnquoted
			}
		default: // inUnquoted
			switch c {
			case comma:
				st = atFieldStart
			case '\n':
				r.scan = atFieldStart
				return i + 1, true
			}
		}
	}
	r.scan = st
	return 0, false
}

// hold keeps part of a row that continues in the next chunk.
func (r *Reader) hold(part []byte) {
	r.breaks += bytes.Count(part, nl)
	if r.tooLong {
		return
	}
	if len(r.carry)+len(part) > r.max() {
		r.tooLong = true
		keep := min(len(part), max(0, 1024-len(r.carry)))
		r.carry = append(r.carry, part[:keep]...)
		return
	}
	r.carry = append(r.carry, part...)
}

// emit handles one complete row that may span several lines: hasBreak
// says it ends with its line break, breaks counts the line breaks it holds.
func (r *Reader) emit(row []byte, hasBreak bool, breaks int, sink Sink) {
	r.rowLines = breaks
	if !hasBreak {
		r.rowLines++
	}
	if r.tooLong {
		r.lines += r.rowLines
		r.rowAt = r.pos
		sink.Reject(r.lines-r.rowLines+1, fmt.Sprintf("row longer than %d bytes", r.max()), r.carry)
		r.resetCarry()
		return
	}
	if hasBreak {
		row = row[:len(row)-1]
	}
	r.finishRow(row, r.comma(), sink)
	r.resetCarry()
}

var nl = []byte{'\n'}

func (r *Reader) resetCarry() {
	r.carry = r.carry[:0]
	r.carried = false
	r.breaks = 0
	r.tooLong = false
	r.scan = atFieldStart
}

// finishRow counts, splits and hands on one row; line is the row without
// its line break, r.pos is already past it.
func (r *Reader) finishRow(line []byte, comma byte, sink Sink) {
	n := r.lines + 1
	r.lines += r.rowLines
	r.rowAt = r.pos
	if r.Start == 0 && n == 1 {
		line = bytes.TrimPrefix(line, bom)
	}
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	if blank(line, comma) {
		r.blanks++
		return
	}
	if r.Header && r.Start == 0 && !r.header {
		r.header = true
		return
	}
	var malformed string
	if bytes.IndexByte(line, '"') < 0 {
		r.fields = r.fields[:0]
		rest := line
		for {
			k := bytes.IndexByte(rest, comma)
			if k < 0 {
				r.fields = append(r.fields, rest)
				break
			}
			r.fields = append(r.fields, rest[:k])
			rest = rest[k+1:]
		}
	} else {
		malformed = r.splitQuoted(line, comma)
	}
	if malformed != "" {
		sink.Reject(n, malformed, line)
		return
	}
	if r.Fields == 0 {
		r.Fields = len(r.fields)
	}
	if r.Fields > 0 && len(r.fields) != r.Fields {
		sink.Reject(n, fmt.Sprintf("row has %d fields, expected %d", len(r.fields), r.Fields), line)
		return
	}
	sink.Row(r.fields, n)
}

// splitQuoted splits a row that has quotes, unquoting into r.buf. It
// returns why the row is malformed, or "".
func (r *Reader) splitQuoted(line []byte, comma byte) (malformed string) {
	r.buf, r.ends = r.buf[:0], r.ends[:0]
	i := 0
	for {
		if i < len(line) && line[i] == '"' {
			i++
			closed := false
			for {
				k := bytes.IndexByte(line[i:], '"')
				if k < 0 {
					r.buf = append(r.buf, line[i:]...)
					i = len(line)
					break
				}
				r.buf = append(r.buf, line[i:i+k]...)
				i += k + 1
				if i < len(line) && line[i] == '"' {
					r.buf = append(r.buf, '"')
					i++
					continue
				}
				closed = true
				break
			}
			if !closed && malformed == "" {
				malformed = fmt.Sprintf("quoted field %d not closed", len(r.ends)+1)
			}
			if i < len(line) && line[i] != comma {
				if malformed == "" {
					malformed = fmt.Sprintf(`extraneous '"' in field %d`, len(r.ends)+1)
				}
				k := bytes.IndexByte(line[i:], comma)
				if k < 0 {
					k = len(line) - i
				}
				r.buf = append(r.buf, line[i:i+k]...)
				i += k
			}
		} else {
			k := bytes.IndexByte(line[i:], comma)
			if k < 0 {
				k = len(line) - i
			}
			r.buf = append(r.buf, line[i:i+k]...)
			i += k
		}
		r.ends = append(r.ends, len(r.buf))
		if i >= len(line) {
			break
		}
		i++ // the delimiter
		if i == len(line) {
			r.ends = append(r.ends, len(r.buf)) // a trailing empty field
			break
		}
	}
	r.fields = r.fields[:0]
	from := 0
	for _, e := range r.ends {
		r.fields = append(r.fields, r.buf[from:e])
		from = e
	}
	return malformed
}

// blank reports a line with nothing but spaces (and tabs, unless tab is
// the delimiter).
func blank(b []byte, comma byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\r' && (c != '\t' || comma == '\t') {
			return false
		}
	}
	return true
}

// Cut ends the input early (the stream broke): the pending partial row is
// dropped, and its line number and first bytes returned for the reject
// that says where reading stopped.
func (r *Reader) Cut() (line int, text []byte) {
	text = r.carry[:min(len(r.carry), 1024)]
	r.carry, r.carried, r.tooLong, r.done = nil, false, false, true
	return r.lines + 1, text
}

// Finish handles a last row that has no line break, and a quoted field
// left open at the end of input.
func (r *Reader) Finish(sink Sink) {
	if r.done || r.skipping || !r.started {
		if r.started && r.skipping {
			r.begin, r.rowAt = r.pos, r.pos
		}
		r.done = true
		return
	}
	if r.carried {
		if r.scan == inQuoted && !r.tooLong {
			n := r.lines + 1
			r.lines += r.breaks + 1
			r.rowAt = r.pos
			sink.Reject(n, "quoted field not closed before the end of the input", r.carry[:min(len(r.carry), 1024)])
			r.resetCarry()
		} else {
			r.emit(r.carry, false, r.breaks, sink)
		}
	}
	r.done = true
}
