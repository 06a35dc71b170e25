package engine

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"

	"dropsight/core/gen"
	"dropsight/core/records"
	"dropsight/core/result"
)

// The merge adds up the tasks' reading and engine time, times itself, and
// closes the merge span it was given.
func TestMergeStages(t *testing.T) {
	var spec TaskSpec
	spec.Recipe, spec.Params, spec.Format = "tweets", tweetParams, records.NDJSON
	spec.Range.End = -1
	task, err := NewTask(spec)
	if err != nil {
		t.Fatal(err)
	}
	task.Feed(gen.Sample(50, 1))
	p, err := task.End()
	if err != nil {
		t.Fatal(err)
	}
	metrics := result.Metrics{
		Tasks: []result.TaskStats{
			{Worker: 0, ReadMs: 1.25, EngineMs: 10.5},
			{Worker: 1, ReadMs: 0.5, EngineMs: 2.25},
		},
		Merge: &result.MergeSpan{Worker: 1, StartMs: 1000},
	}
	doc, err := Merge(MergeRequest{Recipe: "tweets", Params: tweetParams,
		Inputs: []InputInfo{{Name: "in.jsonl", Format: records.NDJSON}}, Partials: []*Partial{p}, Metrics: metrics})
	if err != nil {
		t.Fatal(err)
	}
	st := doc.Metrics.Stages
	if st == nil || st.ReadMs != 1.75 || st.ParseAggregateMs != 12.75 {
		t.Fatalf("stages = %+v, want read 1.75 ms and parse + aggregate 12.75 ms", st)
	}
	if st.MergeMs < 0 || st.RenderMs != nil {
		t.Fatalf("merge %v ms, render %v: want a non-negative merge and no render time", st.MergeMs, st.RenderMs)
	}
	span := doc.Metrics.Merge
	if span == nil || span.Worker != 1 || span.StartMs != 1000 || span.EndMs != 1000+st.MergeMs {
		t.Fatalf("merge span = %+v, want worker 1 from 1000 ms for %v ms", span, st.MergeMs)
	}
	if metrics.Merge.EndMs != 0 {
		t.Fatal("the merge changed the request's span")
	}
}

// The native runner's document carries its stages and the merge, after
// every task, on no worker; the tasks' bytes add up to the input's, plain
// (cut into ranges) or gzip (one task over the compressed bytes).
func TestNativeStages(t *testing.T) {
	dir := t.TempDir()
	data := gen.Sample(6000, 1) // past SplitThreshold: several ranges
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(data)
	zw.Close()
	for name, content := range map[string][]byte{"tweets.jsonl": data, "tweets.jsonl.gz": zipped.Bytes()} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		doc, err := Run(Options{Recipe: "tweets", Params: tweetParams, Paths: []string{path}, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		checkNativeProfile(t, name, doc.Metrics, int64(len(content)))
	}
	if int64(len(data)) < SplitThreshold {
		t.Fatalf("the sample (%d bytes) is too small to be cut into ranges", len(data))
	}
}

func checkNativeProfile(t *testing.T, name string, m result.Metrics, size int64) {
	t.Helper()
	var sum int64
	for _, task := range m.Tasks {
		sum += task.Bytes
	}
	if sum != size {
		t.Errorf("%s: the %d tasks' bytes add up to %d, want the file's %d", name, len(m.Tasks), sum, size)
	}
	if m.Stages == nil || m.Stages.ReadMs < 0 || m.Stages.ParseAggregateMs <= 0 || m.Stages.MergeMs < 0 {
		t.Fatalf("%s: stages = %+v", name, m.Stages)
	}
	if m.Merge == nil || m.Merge.Worker != -1 {
		t.Fatalf("%s: merge = %+v, want the merge on no worker", name, m.Merge)
	}
	for _, task := range m.Tasks {
		if task.EndMs > m.Merge.StartMs {
			t.Fatalf("%s: task %+v ends after the merge starts at %v ms", name, task, m.Merge.StartMs)
		}
	}
}
