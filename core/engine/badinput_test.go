package engine

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dropsight/core/gen"
	"dropsight/core/result"
)

// The bad-input matrix (gen.BadInputCases), each file read alone by the
// native engine with the recipe that fits it. What each case must give: no
// panic; either the whole file refused with a message that names it, or the
// good records counted and every bad one a reject with its line, a reason
// and the start of its original text.

// writeBadInput writes the matrix into a fresh folder.
func writeBadInput(t *testing.T, opt gen.BadInputOptions) string {
	t.Helper()
	dir := t.TempDir()
	made := map[string]bool{}
	err := gen.BadInput(opt, func(path string) (io.WriteCloser, error) {
		p := filepath.Join(dir, filepath.FromSlash(path))
		if d := filepath.Dir(p); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return nil, err
			}
			made[d] = true
		}
		return os.Create(p)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// wantReject is one expected reject: its line and a part of its reason and
// of its text.
type wantReject struct {
	line   int64
	reason string
	text   string
}

type badCase struct {
	records  int64
	rejects  []wantReject
	fatal    string // the run stops with this message (after the file's name)
	longText bool   // the reject's text is cut at result.MaxRejectText
}

var badCases = map[string]badCase{
	"json/truncated.jsonl.gz": {records: 1193, rejects: []wantReject{
		{1194, "gzip stream broken (unexpected EOF): the rest of the file could not be read", `{"date":"2021-02-18T10:53:00Z"`}}},
	"json/garbage.jsonl.gz":               {fatal: "not JSON: the first character is neither '{' nor '['"},
	"json/binary-dropped-by-mistake.json": {fatal: "not JSON: the first character is neither '{' nor '['"},
	"json/invalid-utf8.jsonl": {records: 4, rejects: []wantReject{
		{3, "invalid UTF-8 at byte 58: save the file as UTF-8", `"user":"latin1"`}}},
	"json/utf16-bom.jsonl": {fatal: "UTF-16 text: save the file as UTF-8 to read it"},
	"json/long-line.jsonl": {records: 2, longText: true, rejects: []wantReject{
		{2, "record longer than 16777216 bytes", `{"date":"2021-02-05T10:00:00Z","user":"long","text":"aaaa`}}},
	"json/deep-nesting.jsonl": {records: 2, rejects: []wantReject{
		{2, "invalid JSON at byte 323: nested deeper than 256 levels", `"user":"deep"`},
		{3, "invalid JSON at byte 1347: nested deeper than 256 levels", `"user":"deeper"`},
		{4, "invalid JSON at byte 324: nested deeper than 256 levels", `"user":"unclosed"`}}},
	// The last of a duplicated key wins, as in JSON.parse: the second date
	// is the one read, and it does not parse.
	"json/duplicate-keys.jsonl": {records: 3, rejects: []wantReject{
		{3, `unparsable date "not a date"`, `"date":"not a date"`}}},
	"json/numbers-out-of-range.jsonl": {records: 3, rejects: []wantReject{
		{2, `unparsable date "1e400"`, `{"date":1e400`},
		{3, `unparsable date "99999999999999999999999"`, `{"date":99999999999999999999999`},
		{4, `unparsable date "-1e30"`, `{"date":-1e30`}}},
	"json/empty.jsonl":    {fatal: "the file is empty"},
	"json/changing.jsonl": {records: 1000},
	// A lone CR is not a line break: the two records it joins are one bad line.
	"json/mixed-line-endings.jsonl": {records: 3, rejects: []wantReject{
		{3, "invalid JSON at byte 83: data after the object", `"user":"user2"`}}},
	"json/nul-bytes.jsonl": {records: 3, rejects: []wantReject{
		{2, `invalid JSON at byte 0: unexpected character '\x00'`, "\x00\x00\x00\x00"},
		{5, `invalid JSON at byte 0: unexpected character '\x00'`, strings.Repeat("\x00", 1024)}}},
	"json/dates.jsonl": {records: 2, rejects: []wantReject{
		{2, `unparsable date "2021-02-30T10:00:00Z"`, `"no such day"`},
		{3, `unparsable date "10000-01-01T00:00:00Z"`, `"year 10000"`},
		{4, `unparsable date "yesterday"`, `"words"`},
		{5, `unparsable date "01/02/2021"`, `"ambiguous"`},
		{6, `unparsable date ""`, `"empty"`}}},
	"csv/unbalanced-quotes.csv": {records: 2, rejects: []wantReject{
		{4, "quoted field not closed before the end of the input", `u9,"2021-02-10 10:00:00,click`}}},
	"csv/ragged-columns.csv": {records: 4, rejects: []wantReject{
		{4, "row has 7 fields, expected 6", "u9,2021-02-11 10:00:00,click,p1,100,1.0,extra"},
		{5, "row has 3 fields, expected 6", "u9,2021-02-11 10:00:00,click"}}},
	"csv/header-only.csv": {records: 0},
	"csv/empty.csv":       {fatal: "the file is empty"},
	// 99999999999999999999999 ms is a valid (huge) number: it is capped
	// like any long event (see maxActiveSeconds), not rejected.
	"csv/numbers-out-of-range.csv": {records: 5, rejects: []wantReject{
		{4, `duration_ms "1e400" is not a number`, "u9,2021-02-12 10:00:00,click,p1,1e400,1.0"},
		{6, `negative duration_ms "-5"`, "u9,2021-02-12 10:00:00,click,p1,-5,1.0"}}},
	"csv/dates.csv": {records: 4, rejects: []wantReject{
		{4, `unparsable timestamp "2021-13-01 10:00:00"`, "u9,2021-13-01 10:00:00"},
		{5, `unparsable timestamp "10000-01-01 10:00:00"`, "u9,10000-01-01 10:00:00"},
		{6, `unparsable timestamp "yesterday"`, "u9,yesterday"}}},
	// A lone CR is not a row break either.
	"csv/mixed-line-endings.csv": {records: 2, rejects: []wantReject{
		{4, "row has 11 fields, expected 6", "u2,2021-02-03 10:02:00,click,p2,1002,1.2\ru3"}}},
}

// checkRejects compares a document's rejects of one input with the wanted ones.
func checkRejects(t *testing.T, doc *result.Document, input string, want []wantReject, longText bool) {
	t.Helper()
	var got []result.Reject
	for _, r := range doc.Rejects {
		if r.Input == input {
			got = append(got, r)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d rejects listed, want %d: %+v", input, len(got), len(want), got)
	}
	for i, w := range want {
		r := got[i]
		if r.Line != w.line || r.Reason != w.reason || !strings.Contains(r.Text, w.text) {
			t.Errorf("%s reject %d: line %d %q text %.80q; want line %d %q text with %.80q", input, i, r.Line, r.Reason, r.Text, w.line, w.reason, w.text)
		}
		if longText && len(r.Text) != result.MaxRejectText {
			t.Errorf("%s: the text of a long record is kept up to %d bytes, got %d", input, result.MaxRejectText, len(r.Text))
		}
	}
}

func TestBadInputMatrix(t *testing.T) {
	dir := writeBadInput(t, gen.BadInputOptions{})
	for _, c := range gen.BadInputCases {
		if strings.HasSuffix(c.Path, "/") {
			continue // the folder of empty files: TestBadInputEmptyFiles
		}
		t.Run(c.Path, func(t *testing.T) {
			want, ok := badCases[c.Path]
			if !ok {
				t.Fatalf("no expectation for %s", c.Path)
			}
			path := filepath.Join(dir, filepath.FromSlash(c.Path))
			doc, err := Run(Options{Recipe: c.Recipe, Paths: []string{path}, Workers: 2})
			if want.fatal != "" {
				if err == nil || err.Error() != path+": "+want.fatal {
					t.Fatalf("got error %v, want %q", err, path+": "+want.fatal)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			in := doc.Inputs[0]
			if in.Records != want.records || in.Rejected != int64(len(want.rejects)) || doc.RejectedTotal != in.Rejected {
				t.Errorf("records %d rejected %d (total %d), want %d and %d", in.Records, in.Rejected, doc.RejectedTotal, want.records, len(want.rejects))
			}
			checkRejects(t, doc, filepath.Base(path), want.rejects, want.longText)
		})
	}
}

// The same files dropped as one folder: the JSON files are read whole, one
// after the other, by the folder's reader (records.Whole), and a file that
// cannot be read at all is one reject of the run, not the end of it.
func TestBadInputFolder(t *testing.T) {
	dir := writeBadInput(t, gen.BadInputOptions{EmptyFiles: 50})
	doc, err := Run(Options{Recipe: "tweets", Paths: []string{filepath.Join(dir, "json")}, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var records, rejected, files int64
	for _, c := range gen.BadInputCases {
		name, ok := strings.CutPrefix(c.Path, "json/")
		if !ok || strings.HasSuffix(c.Path, "/") {
			continue
		}
		want := badCases[c.Path]
		files++
		if want.fatal != "" {
			// The whole file is one reject at line 1 that says why.
			reason := map[string]string{"empty.jsonl": "empty file"}[name]
			if reason == "" {
				reason = want.fatal // the same words as the file list's
			}
			var found bool
			for _, r := range doc.Rejects {
				if r.Input == name {
					found = r.Line == 1 && r.Reason == reason
				}
			}
			if !found {
				t.Errorf("%s: no reject at line 1 starting %q", name, reason)
			}
			rejected++
			continue
		}
		records += want.records
		rejected += int64(len(want.rejects))
		checkRejects(t, doc, name, want.rejects, want.longText)
	}
	rejected += 50 // the empty files
	files += 50
	if in := doc.Inputs[0]; in.Records != records || in.Rejected != rejected || in.Files != files {
		t.Errorf("folder: records %d rejected %d files %d, want %d, %d and %d", in.Records, in.Rejected, in.Files, records, rejected, files)
	}
}

// A folder of 100,000 empty files: each is a reject ("empty file"), counted
// exactly, and the listed rejects keep room for the other reasons.
func TestBadInputEmptyFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 files")
	}
	dir := writeBadInput(t, gen.BadInputOptions{EmptyFiles: 100000, LongLineBytes: 100})
	doc, err := Run(Options{Recipe: "tweets", Paths: []string{filepath.Join(dir, "json")}, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	in := doc.Inputs[0]
	var empty int
	reasons := map[string]bool{}
	for _, r := range doc.Rejects {
		reasons[r.Reason] = true
		if r.Reason == "empty file" {
			empty++
		}
	}
	// The 14 JSON files of the matrix and the empty ones; their rejects, the
	// long line being short here (LongLineBytes).
	if in.Files != 100000+14 || in.Rejected != 100000+21 {
		t.Errorf("files %d rejected %d", in.Files, in.Rejected)
	}
	if empty != result.MaxRejectsPerReason || !reasons[`unparsable date "yesterday"`] || !reasons["invalid UTF-8 at byte 58: save the file as UTF-8"] {
		t.Errorf("%d empty-file rejects listed (want %d), and the others must be listed too: %v", empty, result.MaxRejectsPerReason, reasons)
	}
}

// A file that changes between the plan (its size cut the ranges) and the
// read: the records read count, and one reject says the file changed, at
// the line where reading stopped.
func TestBadInputFileChangesWhileRead(t *testing.T) {
	dir := writeBadInput(t, gen.BadInputOptions{LongLineBytes: 100})
	path := filepath.Join(dir, "json", "changing.jsonl")
	full, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		change  func() error
		records int64
		line    int64
		reason  string
	}{
		// Cut in the middle of line 601: 600 whole lines are left.
		{"truncated", func() error { return os.Truncate(path, int64(lineStart(full, 600)+20)) }, 600, 601,
			fmt.Sprintf("the file changed while it was read (%d bytes when the run began, %d now)", len(full), lineStart(full, 600)+20)},
		{"appended", func() error {
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			_, err = f.WriteString(gen.BadInputTweet(5000) + "\n")
			return errors.Join(err, f.Close())
		}, 1001, 1002, fmt.Sprintf("the file changed while it was read (%d bytes when the run began, %d now)", len(full), len(full)+len(gen.BadInputTweet(5000))+1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(path, full, 0o644); err != nil {
				t.Fatal(err)
			}
			beforeRead = func(string) {
				if err := tc.change(); err != nil {
					t.Error(err)
				}
			}
			defer func() { beforeRead = nil }()
			doc, err := Run(Options{Recipe: "tweets", Paths: []string{path}, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			if in := doc.Inputs[0]; in.Records != tc.records || in.Rejected != 1 || len(doc.Rejects) != 1 {
				t.Fatalf("records %d rejected %d, want %d and 1", in.Records, in.Rejected, tc.records)
			}
			if r := doc.Rejects[0]; r.Line != tc.line || !strings.HasPrefix(r.Reason, tc.reason) || r.Input != "changing.jsonl" {
				t.Errorf("reject %+v, want line %d and a reason starting %q", r, tc.line, tc.reason)
			}
		})
	}
}

// lineStart is the offset where line n+1 (0-based n) starts.
func lineStart(data []byte, n int) int {
	at := 0
	for range n {
		at += strings.IndexByte(string(data[at:]), '\n') + 1
	}
	return at
}
