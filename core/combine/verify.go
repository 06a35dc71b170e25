package combine

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"

	"dropsight/core/jsonscan"
	"dropsight/core/records"
)

// A Verifier reads an output back (its NDJSON, decompressed, fed in chunks
// of any size) and counts its rows, checking that each line is one JSON
// object. The page uses it on what it wrote, the native run on the files.
type Verifier struct {
	lines records.Lines
	rows  int64
	err   error
}

// Feed hands the next bytes.
func (v *Verifier) Feed(chunk []byte) {
	if v.err == nil {
		v.lines.Feed(chunk, v)
	}
}

// Finish returns the rows read, or the first line that is not an object.
func (v *Verifier) Finish() (int64, error) {
	if v.err == nil {
		v.lines.Finish(v)
	}
	if v.err == nil && v.lines.LineCount() != int(v.rows) {
		v.err = fmt.Errorf("%d blank lines", v.lines.LineCount()-int(v.rows))
	}
	return v.rows, v.err
}

// Record implements records.Sink.
func (v *Verifier) Record(rec []byte, line int) {
	if v.err != nil {
		return
	}
	if err := jsonscan.Members(rec, func(k, v jsonscan.Value) {}); err != nil {
		v.err = fmt.Errorf("line %d: %v", line, err)
		return
	}
	if err := checkStrings(rec); err != nil {
		v.err = fmt.Errorf("line %d: %v", line, err)
		return
	}
	v.rows++
}

// Reject implements records.Sink.
func (v *Verifier) Reject(line int, reason string, text []byte) {
	if v.err == nil {
		v.err = fmt.Errorf("line %d: %s", line, reason)
	}
}

// Check compares the rows read back with the rows written.
func (v *Verifier) Check(want int64) *Verification {
	rows, err := v.Finish()
	out := &Verification{OK: err == nil && rows == want, Rows: rows}
	switch {
	case err != nil:
		out.Message = err.Error()
	case rows != want:
		out.Message = fmt.Sprintf("read back %d rows, %d were written", rows, want)
	}
	return out
}

// verifyFile reads a gzip output back.
func verifyFile(path string, want int64) *Verification {
	f, err := os.Open(path)
	if err != nil {
		return &Verification{Message: err.Error()}
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return &Verification{Message: "not gzip: " + err.Error()}
	}
	var v Verifier
	buf := make([]byte, 1<<20)
	for {
		n, err := zr.Read(buf)
		v.Feed(buf[:n])
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return &Verification{Message: "gzip: " + err.Error()}
		}
	}
	return v.Check(want)
}
