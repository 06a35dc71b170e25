package combine

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dropsight/core/gen"
	"dropsight/core/result"
)

// writeTree writes files (slash paths) under dir; a name ending in .gz is
// compressed.
func writeTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		b := []byte(data)
		if strings.HasSuffix(name, ".gz") {
			b = gz(b)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}

// readOutput returns an output's lines.
func readOutput(t testing.TB, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) == 0 {
		return nil
	}
	if data[len(data)-1] != '\n' {
		t.Fatalf("%s does not end with a line break", path)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

func run(t testing.TB, dir string, p Params) (*result.Document, *Results) {
	t.Helper()
	doc, err := Run(Options{Dir: dir, Out: filepath.Join(dir, "..", "out"), Params: p, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	// the document is JSON
	if _, err := json.Marshal(doc); err != nil {
		t.Fatal(err)
	}
	return doc, doc.Results.(*Results)
}

func target(t testing.TB, r *Results, name string) *Target {
	t.Helper()
	for _, o := range r.Outputs {
		if o.Name == name {
			return o
		}
	}
	t.Fatalf("no output %s", name)
	return nil
}

// The assessment's folder: every output parses back, holds the input rows
// minus the empty lines, keeps the JSON lines byte for byte, and types the
// CSV cells as the JSON files type the same columns.
func TestGeneratedFolder(t *testing.T) {
	base := t.TempDir()
	files := map[string][]byte{}
	err := gen.Folder(gen.FolderOptions{Seed: 3}, func(path string) (io.WriteCloser, error) {
		return &memFile{files: files, name: path}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tree := map[string]string{}
	for k, v := range files {
		tree[k] = string(v)
	}
	writeTree(t, base, tree)
	doc, r := run(t, filepath.Join(base, "raw_data"), Params{})
	if !r.Verified || doc.RejectedTotal != 0 || len(r.Outputs) != 4 || len(r.Skipped) != 0 {
		t.Fatalf("verified %v, %d rejects, %d outputs, skipped %v", r.Verified, doc.RejectedTotal, len(r.Outputs), r.Skipped)
	}
	if r.Out != filepath.Join(base, "out") {
		t.Fatalf("out %s", r.Out)
	}
	for _, table := range gen.FolderTables {
		o := target(t, r, table)
		var want []string // rows expected: CSV rows as parsed, JSON lines as written
		var emptyLines int64
		for i := range gen.FolderFiles {
			ext := map[bool]string{true: ".csv", false: ".json"}[i%2 == 0]
			data := files["raw_data/"+table+"/"+table+"_"+string(rune('0'+i))+ext]
			lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
			if ext == ".csv" {
				want = append(want, lines[1:]...)
				continue
			}
			for _, l := range lines {
				if l == "{}" {
					emptyLines++
					continue
				}
				want = append(want, l)
			}
		}
		got := readOutput(t, filepath.Join(r.Out, table+".json.gz"))
		if len(got) != len(want) || o.RowsOut != int64(len(want)) || o.Empty != emptyLines || o.RowsIn != o.RowsOut+o.Empty {
			t.Fatalf("%s: %d rows read back, %d written, %d expected; empty %d, expected %d", table, len(got), o.RowsOut, len(want), o.Empty, emptyLines)
		}
		if o.Verified == nil || !o.Verified.OK || o.Verified.Rows != o.RowsOut {
			t.Fatalf("%s: verification %+v", table, o.Verified)
		}
		kinds := map[string]map[string]bool{} // column -> JSON kinds in the output
		for i, line := range got {
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("%s line %d: %v", table, i+1, err)
			}
			if strings.HasPrefix(want[i], "{") && line != want[i] {
				t.Fatalf("%s line %d: JSON record changed:\n%s\n%s", table, i+1, want[i], line)
			}
			for k, v := range m {
				if kinds[k] == nil {
					kinds[k] = map[string]bool{}
				}
				kinds[k][fmt.Sprintf("%T", v)] = true // null is "<nil>"
			}
		}
		for k, ks := range kinds {
			delete(ks, "<nil>")
			if len(ks) > 1 {
				t.Errorf("%s.%s holds several JSON types: %v", table, k, ks)
			}
		}
		for _, c := range o.Columns {
			if c.KeptAsText != 0 {
				t.Errorf("%s.%s: %d cells kept as text, first %+v", table, c.Name, c.KeptAsText, c.Kept)
			}
		}
	}
	types := map[string]string{}
	for _, o := range r.Outputs {
		for _, c := range o.Columns {
			types[o.Name+"."+c.Name] = c.Type
		}
	}
	for k, want := range map[string]string{"tracks.TrackId": "integer", "tracks.UnitPrice": "number", "tracks.Composer": "string",
		"orders.BillingPostalCode": "string", "orders.Total": "number", "orders.InvoiceDate": "string",
		"track_facts.Explicit": "boolean", "track_facts.Rating": "number", "track_facts.Isrc": "string",
		"playlist_track.PlaylistId": "integer"} {
		if types[k] != want {
			t.Errorf("%s: type %s, want %s", k, types[k], want)
		}
	}
	// the order of the columns is the CSV header's
	if cols := target(t, r, "tracks").Columns; cols[0].Name != "TrackId" || cols[8].Name != "UnitPrice" {
		t.Errorf("columns %v", cols)
	}
}

type memFile struct {
	files map[string][]byte
	name  string
	buf   bytes.Buffer
}

func (m *memFile) Write(p []byte) (int, error) { return m.buf.Write(p) }
func (m *memFile) Close() error {
	m.files[m.name] = m.buf.Bytes()
	return nil
}

// Hand-made edge cases, one output each, checked line by line.
func TestEdgeCases(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "mixed")
	ndjsonGood := "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\"b\"}\n"
	truncated := gz([]byte(ndjsonGood + strings.Repeat("{\"id\":3,\"name\":\"c\"}\n", 2000)))
	truncated = truncated[:len(truncated)/2]
	writeTree(t, dir, map[string]string{
		// quoted commas, a quoted line break, "" escapes, CRLF
		"quoted/a.csv": "id,name,note\r\n1,\"Smith, J\",\"line one\nline two\"\r\n2,\"say \"\"hi\"\"\",plain\r\n",
		// a byte-order mark and ';' separators
		"semicolon/a.csv": "\xEF\xBB\xBFid;price;flag\n1;2.50;true\n2;3;false\n",
		// a row with a field too many, a blank line, a row of empty cells
		"mismatch/a.csv": "id,name\n1,x\n2,y,extra\n\n,\n3,z\n",
		// a pretty-printed JSON array, an object per file, NDJSON with {} and blank lines
		"json/a.json":   "[\n  {\"id\": 1,\n   \"tags\": [\"x\", \"y z\"]},\n  {}, {\"id\":2}\n]\n",
		"json/b.json":   "{\n  \"id\": 3\n}\n",
		"json/c.ndjson": "{\"id\":4}\n{}\n\n  \n{\"id\":5}\r\n{\"id\": bad}\n[1,2]\n{\"id\":\"tab\there\"}\n",
		// loose files at the top, and files to skip
		"top.csv":            "k\nv\n",
		".DS_Store":          "junk",
		"_SUCCESS":           "",
		"quoted/notes.bin":   "\x00\x01\x02",
		"json/empty.json":    "",
		"semicolon/b.tsv.gz": "id\tprice\tflag\n3\t4.75\ttrue\n",
	})
	// a truncated gzip file: the rows before the break are kept
	if err := os.WriteFile(filepath.Join(dir, "broken.jsonl.gz"), truncated, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "broken"), 0o755)
	if err := os.Rename(filepath.Join(dir, "broken.jsonl.gz"), filepath.Join(dir, "broken", "a.jsonl.gz")); err != nil {
		t.Fatal(err)
	}
	doc, r := run(t, dir, Params{})
	names := []string{}
	for _, o := range r.Outputs {
		names = append(names, o.Name)
	}
	if !slices.Equal(names, []string{"broken", "json", "mismatch", "mixed", "quoted", "semicolon"}) {
		t.Fatalf("outputs %v", names)
	}
	lines := func(name string) []string { return readOutput(t, filepath.Join(r.Out, name+".json.gz")) }
	check := func(name string, want ...string) {
		t.Helper()
		if got := lines(name); !slices.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
	check("quoted",
		`{"id":1,"name":"Smith, J","note":"line one\nline two"}`,
		`{"id":2,"name":"say \"hi\"","note":"plain"}`)
	check("semicolon",
		`{"id":1,"price":2.50,"flag":true}`,
		`{"id":2,"price":3,"flag":false}`,
		`{"id":3,"price":4.75,"flag":true}`)
	check("mismatch", `{"id":1,"name":"x"}`, `{"id":3,"name":"z"}`)
	check("json", `{"id":1,"tags":["x","y z"]}`, `{"id":2}`, `{"id":3}`, `{"id":4}`, `{"id":5}`)
	check("mixed", `{"k":"v"}`)

	js := target(t, r, "json")
	if js.Empty != 2 || js.Rejected != 3 || js.BlankLines != 2 || js.Compacted != 2 || js.RowsIn != 10 {
		t.Errorf("json: empty %d rejected %d blank %d compacted %d rows in %d", js.Empty, js.Rejected, js.BlankLines, js.Compacted, js.RowsIn)
	}
	formats := []string{}
	for _, s := range js.Files {
		formats = append(formats, s.Format)
	}
	if !slices.Equal(formats, []string{FormatJSONArray, FormatObject, FormatNDJSON, FormatEmpty}) {
		t.Errorf("json formats %v", formats)
	}
	mm := target(t, r, "mismatch")
	if mm.Empty != 1 || mm.Rejected != 1 || mm.BlankLines != 1 || mm.RowsOut != 2 {
		t.Errorf("mismatch: %+v", mm)
	}
	if sc := target(t, r, "semicolon"); sc.Files[0].CSV.Delimiter != ";" || sc.Files[1].CSV.Delimiter != "\t" {
		t.Errorf("delimiters %q %q", sc.Files[0].CSV.Delimiter, sc.Files[1].CSV.Delimiter)
	}

	br := target(t, r, "broken")
	got := lines("broken")
	t.Logf("broken: %d rows, rejects %+v", len(got), doc.Rejects)
	if len(got) < 2 || int64(len(got)) != br.RowsOut || br.Rejected != 1 || !br.Verified.OK {
		t.Fatalf("broken: %d lines, %+v", len(got), br)
	}
	for i, l := range got {
		want := `{"id":3,"name":"c"}`
		if i < 2 {
			want = []string{`{"id":1,"name":"a"}`, `{"id":2,"name":"b"}`}[i]
		}
		if l != want {
			t.Fatalf("broken line %d: %q", i+1, l)
		}
	}

	type rj struct {
		input string
		line  int64
		why   string
	}
	var rejects []rj
	for _, x := range doc.Rejects {
		rejects = append(rejects, rj{x.Input, x.Line, x.Reason})
	}
	wantRejects := []struct {
		input string
		line  int64
		why   string
	}{
		{"broken/a.jsonl.gz", -1, "gzip stream broken"},
		{"json/c.ndjson", 6, "invalid JSON"},
		{"json/c.ndjson", 7, "not a JSON object"},
		{"json/c.ndjson", 8, "raw control character"},
		{"mismatch/a.csv", 3, "row has 3 fields, expected 2"},
	}
	if len(rejects) != len(wantRejects) || doc.RejectedTotal != int64(len(wantRejects)) {
		t.Fatalf("rejects %+v", rejects)
	}
	for i, w := range wantRejects {
		g := rejects[i]
		if g.input != w.input || w.line >= 0 && g.line != w.line || !strings.Contains(g.why, w.why) {
			t.Errorf("reject %d: %+v, want %+v", i, g, w)
		}
	}
	var skipped []string
	for _, s := range r.Skipped {
		skipped = append(skipped, s.Path)
	}
	if !slices.Equal(skipped, []string{".DS_Store", "_SUCCESS", "quoted/notes.bin"}) {
		t.Errorf("skipped %v", r.Skipped)
	}
	// the inputs of the document add up
	var rows int64
	for _, in := range doc.Inputs {
		rows += in.Records
	}
	if rows != r.Totals.RowsOut || doc.Metrics.Records != rows {
		t.Errorf("inputs hold %d rows, totals %d", rows, r.Totals.RowsOut)
	}
}
