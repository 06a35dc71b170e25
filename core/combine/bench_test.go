package combine

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"dropsight/core/gen"
)

// BenchmarkCombine consolidates the generated assessment folder (scale 10,
// about 10 MB; DROPSIGHT_BENCH_DIR names another folder) into a temporary
// folder, verification included.
func BenchmarkCombine(b *testing.B) {
	dir := os.Getenv("DROPSIGHT_BENCH_DIR")
	if dir == "" {
		base := b.TempDir()
		err := gen.Folder(gen.FolderOptions{Seed: 1, Scale: 10}, func(path string) (io.WriteCloser, error) {
			p := filepath.Join(base, filepath.FromSlash(path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return nil, err
			}
			return os.Create(p)
		})
		if err != nil {
			b.Fatal(err)
		}
		dir = filepath.Join(base, "raw_data")
	}
	out := b.TempDir()
	var bytes int64
	for b.Loop() {
		doc, err := Run(Options{Dir: dir, Out: out})
		if err != nil {
			b.Fatal(err)
		}
		if !doc.Results.(*Results).Verified {
			b.Fatal("not verified")
		}
		bytes = doc.Metrics.Bytes
	}
	b.SetBytes(bytes)
}
