package profile

import (
	"bytes"
	"os"
	"testing"

	"dropsight/core/delimited"
	"dropsight/core/gen"
)

type rowSink struct {
	c   *Counter
	err error
}

func (s *rowSink) Row(fields [][]byte, line int) {
	if err := s.c.AddRow(fields); err != nil && s.err == nil {
		s.err = err
	}
}
func (s *rowSink) Reject(int, string, []byte) {}

// BenchmarkProfileCSV profiles an interaction log (generated; set
// DROPSIGHT_BENCH_FILE to a CSV file to use it instead) in one range.
func BenchmarkProfileCSV(b *testing.B) {
	var data []byte
	if path := os.Getenv("DROPSIGHT_BENCH_FILE"); path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			b.Fatal(err)
		}
	} else {
		var buf bytes.Buffer
		if err := gen.Activity(&buf, nil, gen.ActivityOptions{Rows: 200000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		data = buf.Bytes()
	}
	d := delimited.Sniff(data[:min(len(data), 64<<10)], false)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		c, _ := NewCounter(Params{})
		c.SetInput("", 0, 0, d.Columns)
		r := &delimited.Reader{Comma: d.Comma(), Header: d.Header, Fields: len(d.Columns)}
		sink := &rowSink{c: c}
		for p := 0; p < len(data); p += 4 << 20 {
			r.Feed(data[p:min(p+4<<20, len(data))], sink)
		}
		r.Finish(sink)
		if sink.err != nil {
			b.Fatal(sink.err)
		}
		if _, err := c.Snapshot(); err != nil {
			b.Fatal(err)
		}
	}
}
