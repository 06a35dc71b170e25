package engine

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

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

// A folder's member that changes while it is read (here between its open,
// which takes its size and modification time, and its first read: the
// moment beforeRead runs) is one reject saying so, as a file named directly
// is: the records of the member not yet handed over when it ends do not
// count, the other members do.
func TestFolderMemberChangesWhileRead(t *testing.T) {
	lines := "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n"
	for _, tc := range []struct {
		name    string
		member  string // the file that changes
		change  func(path string) error
		records int64 // of the folder: 5 in the other members than log.jsonl
		line    int64
		reason  string
	}{
		// cut at a line's end: read alone, the lost line would leave no trace
		{"truncated", "log.jsonl", func(path string) error { return os.Truncate(path, 16) }, 5 + 2, 3,
			"the file changed while it was read (24 bytes when it was opened, 16 now)"},
		{"appended", "log.jsonl", func(path string) error {
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			_, err = f.WriteString("{\"n\":4}\n")
			return errors.Join(err, f.Close())
		}, 5 + 4, 5, "the file changed while it was read (24 bytes when it was opened, 32 now)"},
		// the same size, other bytes: the modification time tells; the
		// object, handed over only when the file ends, does not count
		{"rewritten", "b.json", func(path string) error {
			st, err := os.Stat(path)
			if err != nil {
				return err
			}
			if err := os.WriteFile(path, []byte(`{"n":9}`), 0o644); err != nil {
				return err
			}
			later := st.ModTime().Add(time.Second)
			return os.Chtimes(path, later, later)
		}, 5 - 1 + 3, 1, "the file changed while it was read (it was modified during the run)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			folder := filepath.Join(t.TempDir(), "drop")
			os.MkdirAll(filepath.Join(folder, "sub"), 0o755)
			for name, data := range map[string]string{"a.json": `{"n":0}`, "b.json": `{"n":8}`, "log.jsonl": lines,
				"sub/c.json": "{\n \"n\": 5\n}", "sub/d.json": `[{"n":6},{"n":7}]`} {
				if err := os.WriteFile(filepath.Join(folder, filepath.FromSlash(name)), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, workers := range []int{1, 2} {
				beforeRead = func(path string) {
					if filepath.Base(path) == tc.member {
						if err := tc.change(path); err != nil {
							t.Error(err)
						}
					}
				}
				doc, err := Run(Options{Recipe: "profile", Paths: []string{folder}, Workers: workers})
				beforeRead = nil
				if err != nil {
					t.Fatal(err)
				}
				if in := doc.Inputs[0]; in.Records != tc.records || in.Rejected != 1 || len(doc.Rejects) != 1 {
					t.Fatalf("%d workers: records %d rejected %d, want %d and 1: %+v", workers, in.Records, in.Rejected, tc.records, doc.Rejects)
				}
				if r := doc.Rejects[0]; r.Input != tc.member || r.Line != tc.line || !strings.HasPrefix(r.Reason, tc.reason) ||
					!strings.HasSuffix(r.Reason, ": run again on a file that is not being written") {
					t.Errorf("%d workers: reject %+v, want %s line %d, reason %q", workers, r, tc.member, tc.line, tc.reason)
				}
				// the file as it is now, for the next run
				if err := os.WriteFile(filepath.Join(folder, tc.member), []byte(map[string]string{"log.jsonl": lines, "b.json": `{"n":8}`}[tc.member]), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
