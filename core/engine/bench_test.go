package engine

import (
	"os"
	"testing"

	"dropsight/core/gen"
	"dropsight/core/records"
)

// BenchmarkTweetsTask measures one task over generated tweets, the hot path
// of the browser and of the native command (set DROPSIGHT_BENCH_FILE to use
// a larger file).
func BenchmarkTweetsTask(b *testing.B) {
	data := gen.Sample(3000, 1)
	if path := os.Getenv("DROPSIGHT_BENCH_FILE"); path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var spec TaskSpec
		spec.Recipe, spec.Params, spec.Format = "tweets", tweetParams, records.NDJSON
		spec.Range.End = -1
		task, err := NewTask(spec)
		if err != nil {
			b.Fatal(err)
		}
		for p := 0; p < len(data); p += ChunkBytes {
			task.Feed(data[p:min(p+ChunkBytes, len(data))])
		}
		if _, err := task.End(); err != nil {
			b.Fatal(err)
		}
	}
}
