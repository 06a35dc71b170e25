package engine

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"dropsight/core/gen"
	"dropsight/core/records"
)

// A folder works for any recipe that reads JSON records: here tweet
// insights over one tweet per file, some gzipped, some in subfolders, one
// file of several NDJSON lines, equal the same tweets in one file.
func TestRunFolderTweets(t *testing.T) {
	root := t.TempDir()
	folder := filepath.Join(root, "drop")
	lines := bytes.Split(bytes.TrimRight(gen.Sample(120, 3), "\n"), []byte("\n"))
	for i, l := range lines[:100] {
		name := fmt.Sprintf("t%03d.json", i)
		if i%4 == 0 {
			name = filepath.Join("sub", name)
		}
		data := append(l, '\n')
		if i%9 == 0 {
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			zw.Write(data)
			zw.Close()
			data = z.Bytes()
			name += ".gz"
		}
		path := filepath.Join(folder, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(folder, "rest.jsonl"), append(bytes.Join(lines[100:], []byte("\n")), '\n'), 0o644)
	os.WriteFile(filepath.Join(folder, ".DS_Store"), []byte{0, 1, 2}, 0o644)
	whole := filepath.Join(root, "all.jsonl")
	os.WriteFile(whole, append(bytes.Join(lines, []byte("\n")), '\n'), 0o644)

	want, err := Run(Options{Recipe: "tweets", Paths: []string{whole}, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Run(Options{Recipe: "tweets", Paths: []string{folder}, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Results, want.Results) {
		t.Error("folder results differ from one file's")
	}
	in := got.Inputs[0]
	if len(got.Inputs) != 1 || in.Name != "drop/" || in.Files != 101 || in.Records != 120 || in.Format != string(records.Object) || in.Bytes == 0 {
		t.Errorf("inputs %+v", got.Inputs)
	}
	if got.Metrics.Bytes != in.Bytes || len(got.Metrics.Tasks) != 3 {
		t.Errorf("metrics bytes %d, %d tasks", got.Metrics.Bytes, len(got.Metrics.Tasks))
	}
}

func TestRunFolderErrors(t *testing.T) {
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "_SUCCESS"), nil, 0o644)
	if _, err := Run(Options{Recipe: "tweets", Paths: []string{empty}}); err == nil || !strings.Contains(err.Error(), "no file to read") {
		t.Errorf("empty folder: %v", err)
	}
	// a member whose gzip stream breaks is a reject; the run goes on
	dir := t.TempDir()
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(`{"date":"2021-02-12T00:00:00Z","content":"x","user":{"username":"a"}}` + "\n"))
	zw.Close()
	os.WriteFile(filepath.Join(dir, "cut.json.gz"), z.Bytes()[:z.Len()-12], 0o644)
	os.WriteFile(filepath.Join(dir, "ok.json"), []byte(`{"date":"2021-02-12T00:00:00Z","content":"y","user":{"username":"b"}}`), 0o644)
	doc, err := Run(Options{Recipe: "tweets", Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Inputs[0].Records != 1 || doc.RejectedTotal != 1 || doc.Rejects[0].Input != "cut.json.gz" ||
		!strings.Contains(doc.Rejects[0].Reason, "gzip") {
		t.Errorf("inputs %+v rejects %+v", doc.Inputs, doc.Rejects)
	}
}

// NextFile is for tasks over a folder only.
func TestNextFileNeedsObjectTask(t *testing.T) {
	var spec TaskSpec
	spec.Recipe, spec.Params, spec.Format = "tweets", tweetParams, records.NDJSON
	task, err := NewTask(spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := task.NextFile("x.json"); err == nil {
		t.Error("NextFile on an NDJSON task")
	}
}

// A CSV found in a folder that cannot be read at all is skipped with its
// reason; the folder's other files are still counted. Named directly, the
// same file stops the run.
func TestRunFolderSkipsUnreadableCSV(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte("user_id,n\nu1,1\nu2,2\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.csv"), nil, 0o644)
	doc, err := Run(Options{Recipe: "profile", Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Inputs) != 1 || doc.Inputs[0].Name != "a.csv" || doc.Inputs[0].Records != 2 {
		t.Errorf("inputs %+v", doc.Inputs)
	}
	want := filepath.Join(dir, "b.csv")
	if len(doc.Skipped) != 1 || doc.Skipped[0].Path != want || !strings.Contains(doc.Skipped[0].Reason, "empty") {
		t.Errorf("skipped %+v", doc.Skipped)
	}
	if _, err := Run(Options{Recipe: "profile", Paths: []string{want}}); err == nil {
		t.Error("an empty CSV named directly ran")
	}
	os.Remove(filepath.Join(dir, "a.csv"))
	if _, err := Run(Options{Recipe: "profile", Paths: []string{dir}}); err == nil || !strings.Contains(err.Error(), "no file could be read") {
		t.Errorf("a folder of one empty CSV: %v", err)
	}
}
