package gen

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
)

type memFiles map[string]*bytes.Buffer

type memFile struct{ *bytes.Buffer }

func (memFile) Close() error { return nil }

func folder(t testing.TB, opt FolderOptions) memFiles {
	t.Helper()
	files := memFiles{}
	err := Folder(opt, func(path string) (io.WriteCloser, error) {
		b := &bytes.Buffer{}
		files[path] = b
		return memFile{b}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestFolderDeterminism(t *testing.T) {
	a, b := folder(t, FolderOptions{Seed: 1}), folder(t, FolderOptions{Seed: 1})
	c := folder(t, FolderOptions{Seed: 2})
	if len(a) != len(FolderTables)*FolderFiles {
		t.Fatalf("%d files", len(a))
	}
	same := true
	for name, data := range a {
		if !bytes.Equal(data.Bytes(), b[name].Bytes()) {
			t.Fatalf("%s differs between two runs", name)
		}
		same = same && bytes.Equal(data.Bytes(), c[name].Bytes())
	}
	if same {
		t.Fatal("another seed gives the same folder")
	}
}

// The layout and content of the assessment's folder: _0, _2, _4 are CSV
// with a header, _1 and _3 one JSON object per line with some {} lines;
// every table's rows are numbered without gaps across its five files.
func TestFolderLayout(t *testing.T) {
	files := folder(t, FolderOptions{Seed: 1})
	sizes := map[string]int{"tracks": 3503, "orders": 412, "track_facts": 3503, "playlist_track": 8715}
	for _, table := range FolderTables {
		rows, empties := 0, 0
		var header []string
		ids := map[string]bool{}
		for i := range FolderFiles {
			ext := ".json"
			if i%2 == 0 {
				ext = ".csv"
			}
			name := fmt.Sprintf("raw_data/%s/%s_%d%s", table, table, i, ext)
			data, ok := files[name]
			if !ok {
				t.Fatalf("no %s", name)
			}
			if ext == ".csv" {
				recs, err := csv.NewReader(bytes.NewReader(data.Bytes())).ReadAll()
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if header == nil {
					header = recs[0]
				} else if strings.Join(recs[0], ",") != strings.Join(header, ",") {
					t.Fatalf("%s: header %v", name, recs[0])
				}
				for _, r := range recs[1:] {
					ids[strings.Join(r[:2], ",")] = true
				}
				rows += len(recs) - 1
				continue
			}
			for _, line := range strings.Split(strings.TrimSuffix(data.String(), "\n"), "\n") {
				if line == "{}" {
					empties++
					continue
				}
				dec := json.NewDecoder(strings.NewReader(line))
				dec.UseNumber()
				var m map[string]any
				if err := dec.Decode(&m); err != nil {
					t.Fatalf("%s: %v: %s", name, err, line)
				}
				if len(m) != len(header) {
					t.Fatalf("%s: %d keys, %d columns", name, len(m), len(header))
				}
				ids[fmt.Sprint(m[header[0]])+","+fmt.Sprint(m[header[1]])] = true
				rows++
			}
		}
		if rows != sizes[table] || len(ids) != rows || empties == 0 {
			t.Errorf("%s: %d rows (want %d), %d distinct keys, %d empty lines", table, rows, sizes[table], len(ids), empties)
		}
	}
	// the traps of the real data are there: quoted names, absent values,
	// postal codes with leading zeros
	all := files["raw_data/tracks/tracks_0.csv"].String() + files["raw_data/orders/orders_0.csv"].String()
	for _, trap := range []string{`"`, ",,", ",0"} {
		if !strings.Contains(all, trap) {
			t.Errorf("no %q in the CSV files", trap)
		}
	}
	if !strings.Contains(files["raw_data/tracks/tracks_1.json"].String(), `"Composer": null`) {
		t.Error("no absent composer in the JSON files")
	}
}

func TestFolderScale(t *testing.T) {
	files := folder(t, FolderOptions{Seed: 1, Scale: 3})
	n := strings.Count(files["raw_data/orders/orders_0.csv"].String(), "\n") - 1
	if n < 3*412/5-5 || n > 3*412/5+5 {
		t.Fatalf("orders_0 has %d rows at scale 3", n)
	}
}
