package combine

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"dropsight/core/gen"
)

// Reading a consolidated file, writing it again and reading that gives the
// same records: each table's NDJSON.gz, consolidated a second time (alone
// in its folder), comes out line for line as it went in, with the same
// column types.
func TestConsolidatedRoundTrip(t *testing.T) {
	base := t.TempDir()
	files := map[string][]byte{}
	err := gen.Folder(gen.FolderOptions{Seed: 11}, func(path string) (io.WriteCloser, error) {
		return &memFile{files: files, name: path}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		p := filepath.Join(base, "first", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, first := run(t, filepath.Join(base, "first", "raw_data"), Params{})

	// The outputs, each in a folder of its own, as the input of a second run.
	again := filepath.Join(base, "second", "raw_data")
	for _, table := range gen.FolderTables {
		data, err := os.ReadFile(filepath.Join(first.Out, table+".json.gz"))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(again, table, table+".json.gz")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, second := run(t, again, Params{})
	if !second.Verified || len(second.Outputs) != len(gen.FolderTables) {
		t.Fatalf("second run: verified %v, %d outputs", second.Verified, len(second.Outputs))
	}
	for _, table := range gen.FolderTables {
		want := readOutput(t, filepath.Join(first.Out, table+".json.gz"))
		got := readOutput(t, filepath.Join(second.Out, table+".json.gz"))
		if !slices.Equal(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("%s line %d differs after a second consolidation:\n%s\n%s", table, i+1, want[i], got[i])
				}
			}
			t.Fatalf("%s: %d lines after a second consolidation, %d before", table, len(got), len(want))
		}
		a, b := target(t, first, table), target(t, second, table)
		for i, c := range a.Columns {
			if i >= len(b.Columns) || b.Columns[i].Name != c.Name || b.Columns[i].Type != c.Type {
				t.Errorf("%s column %d: %+v, then %+v", table, i, c, b.Columns[min(i, len(b.Columns)-1)])
			}
		}
	}
}
