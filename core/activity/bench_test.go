package activity

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"dropsight/core/delimited"
	"dropsight/core/gen"
)

var (
	benchOnce       sync.Once
	benchInter      []byte
	benchMeta       []byte
	benchInterParts [][]byte
)

// benchData is the challenge's 1,000,000 rows and 100,000 metadata rows,
// the interactions cut in four parts at line breaks.
func benchData(b *testing.B) {
	benchOnce.Do(func() {
		var in, meta bytes.Buffer
		if err := gen.Activity(&in, &meta, gen.ActivityOptions{Rows: 1_000_000, MetadataRows: 100_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		benchInter, benchMeta = in.Bytes(), meta.Bytes()
		_, body, _ := bytes.Cut(benchInter, []byte("\n"))
		for k := 0; k < 4; k++ {
			end := len(body) * (k + 1) / 4
			if k < 3 {
				end += bytes.IndexByte(body[end:], '\n') + 1
			}
			benchInterParts = append(benchInterParts, body[:end])
			body = body[end:]
		}
	})
}

type benchSink struct{ c *Counter }

func (s benchSink) Row(fields [][]byte, line int) {
	if err := s.c.AddRow(fields); err != nil {
		panic(err)
	}
}
func (s benchSink) Reject(line int, reason string, text []byte) { panic(reason) }

func countPart(b *testing.B, role string, in, rng int, data []byte, columns string) *Counter {
	c, err := NewCounter(Params{})
	if err != nil {
		b.Fatal(err)
	}
	if err := c.SetInput(role, in, rng, strings.Split(columns, ",")); err != nil {
		b.Fatal(err)
	}
	r := delimited.Reader{Fields: strings.Count(columns, ",") + 1}
	r.Feed(data, benchSink{c})
	r.Finish(benchSink{c})
	return c
}

const interColumns = "user_id,timestamp,action_type,page_id,duration_ms,app_version"

// BenchmarkAddRows reads a quarter of the rows (one worker's range).
func BenchmarkAddRows(b *testing.B) {
	benchData(b)
	b.SetBytes(int64(len(benchInterParts[0])))
	for b.Loop() {
		countPart(b, "", 0, 0, benchInterParts[0], interColumns)
	}
}

// BenchmarkSnapshot encodes a quarter's state (sorting its events).
func BenchmarkSnapshot(b *testing.B) {
	benchData(b)
	for b.Loop() {
		b.StopTimer()
		c := countPart(b, "", 0, 0, benchInterParts[0], interColumns)
		b.StartTimer()
		if _, err := c.Snapshot(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMergeResults merges the four quarters and the metadata and
// computes the results: the single-threaded end of a run.
func BenchmarkMergeResults(b *testing.B) {
	benchData(b)
	var states [][]byte
	for k, part := range benchInterParts {
		s, err := countPart(b, "", 0, k, part, interColumns).Snapshot()
		if err != nil {
			b.Fatal(err)
		}
		states = append(states, s)
	}
	_, meta, _ := bytes.Cut(benchMeta, []byte("\n"))
	s, err := countPart(b, RoleMetadata, 1, 0, meta, "user_id,join_date,country,device_type,subscription_type").Snapshot()
	if err != nil {
		b.Fatal(err)
	}
	states = append(states, s)
	b.ResetTimer()
	for b.Loop() {
		c, _ := NewCounter(Params{})
		for _, s := range states {
			if err := c.MergeSnapshot(s); err != nil {
				b.Fatal(err)
			}
		}
		c.Results()
	}
}

// BenchmarkResults computes the results of the merged state: what is left
// of a run once its last range is merged (the merge's other states are
// added while ranges are still being read).
func BenchmarkResults(b *testing.B) {
	benchData(b)
	c, _ := NewCounter(Params{})
	for k, part := range benchInterParts {
		s, err := countPart(b, "", 0, k, part, interColumns).Snapshot()
		if err != nil {
			b.Fatal(err)
		}
		if err := c.MergeSnapshot(s); err != nil {
			b.Fatal(err)
		}
	}
	_, meta, _ := bytes.Cut(benchMeta, []byte("\n"))
	s, err := countPart(b, RoleMetadata, 1, 0, meta, "user_id,join_date,country,device_type,subscription_type").Snapshot()
	if err != nil {
		b.Fatal(err)
	}
	if err := c.MergeSnapshot(s); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		c.Results()
	}
}

// BenchmarkSortEvents sorts a quarter's events by user and time.
func BenchmarkSortEvents(b *testing.B) {
	benchData(b)
	c := countPart(b, "", 0, 0, benchInterParts[0], interColumns)
	evs := append([]event(nil), c.events...)
	work := make([]event, len(evs))
	b.ResetTimer()
	for b.Loop() {
		copy(work, evs)
		sortEvents(work)
	}
}
