package engine

import (
	"bytes"
	"compress/gzip"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	json "github.com/goccy/go-json"

	"dropsight/core/gen"
	"dropsight/core/records"
	"dropsight/core/result"
	"dropsight/core/tweets"
)

var tweetParams = json.RawMessage(`{"fields":{"date":"date","user":"user.username","text":"content","mentions":"mentionedUsers.username"}}`)

// runRanges processes data as one NDJSON input cut at the given offsets, fed
// in chunks of the given size, and merges the partials in reverse order.
func runRanges(t *testing.T, data []byte, cuts []int64, chunk int) *result.Document {
	t.Helper()
	var parts []*Partial
	for i := 0; i+1 < len(cuts); i++ {
		var spec TaskSpec
		spec.Recipe, spec.Params, spec.Format = "tweets", tweetParams, records.NDJSON
		spec.Input.Name = "in.jsonl"
		spec.Range.Index, spec.Range.Start, spec.Range.End = i, cuts[i], cuts[i+1]
		if i == len(cuts)-2 {
			spec.Range.End = -1
		}
		task, err := NewTask(spec)
		if err != nil {
			t.Fatal(err)
		}
		for p := task.ReadFrom(); p < int64(len(data)); p += int64(chunk) {
			if !task.Feed(data[p:min(p+int64(chunk), int64(len(data)))]) {
				break
			}
		}
		part, err := task.End()
		if err != nil {
			t.Fatal(err)
		}
		// Partials cross a JSON boundary in the browser: do the same here.
		enc, _ := json.Marshal(part)
		var back Partial
		if err := json.Unmarshal(enc, &back); err != nil {
			t.Fatal(err)
		}
		parts = append([]*Partial{&back}, parts...)
	}
	doc, err := Merge(MergeRequest{Recipe: "tweets", Params: tweetParams,
		Inputs: []InputInfo{{Name: "in.jsonl", Bytes: int64(len(data)), Format: records.NDJSON}}, Partials: parts})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// sampleWithFaults is generated tweets with blank, CRLF and broken lines.
func sampleWithFaults() []byte {
	lines := bytes.Split(bytes.TrimRight(gen.Sample(400, 7), "\n"), []byte("\n"))
	var b bytes.Buffer
	for i, l := range lines {
		switch i % 50 {
		case 3:
			b.WriteString("\n")
		case 11:
			b.WriteString("{\"date\": \"broken\n")
		case 17:
			b.Write(l)
			b.WriteString("\r\n")
			continue
		}
		b.Write(l)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// The property behind split and merge: any cut into ranges, any chunk size,
// any merge order gives the document of one sequential pass.
func TestRangesMergeProperty(t *testing.T) {
	data := sampleWithFaults()
	whole := runRanges(t, data, []int64{0, int64(len(data))}, len(data))
	if whole.RejectedTotal == 0 || whole.Inputs[0].Records == 0 {
		t.Fatalf("sample has %d records, %d rejects", whole.Inputs[0].Records, whole.RejectedTotal)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 40; iter++ {
		cuts := []int64{0}
		for k := 1 + r.IntN(8); k > 0; k-- {
			cuts = append(cuts, int64(r.IntN(len(data))))
		}
		cuts = append(cuts, int64(len(data)))
		slicesSort(cuts)
		chunk := 1 + r.IntN(64<<10)
		got := runRanges(t, data, cuts, chunk)
		if !reflect.DeepEqual(got.Results, whole.Results) || !reflect.DeepEqual(got.Rejects, whole.Rejects) ||
			!reflect.DeepEqual(got.Inputs, whole.Inputs) {
			t.Fatalf("cuts %v chunk %d: document differs from one pass", cuts, chunk)
		}
	}
}

func slicesSort(s []int64) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestRejectLinesAcrossRanges(t *testing.T) {
	data := []byte("{\"date\":\"2021-02-12T00:00:00Z\"}\n\nnot json\n{\"date\":\"2021-02-12T01:00:00Z\"}\r\n{\"date\":\"later\"}\n")
	for cut := int64(1); cut < int64(len(data)); cut++ {
		doc := runRanges(t, data, []int64{0, cut, int64(len(data))}, 3)
		if len(doc.Rejects) != 2 || doc.Rejects[0].Line != 3 || doc.Rejects[1].Line != 5 {
			t.Fatalf("cut %d: rejects %+v", cut, doc.Rejects)
		}
		if doc.Rejects[0].Text != "not json" || doc.Inputs[0].Records != 2 || doc.Inputs[0].Lines != 5 {
			t.Fatalf("cut %d: %+v %+v", cut, doc.Rejects[0], doc.Inputs[0])
		}
	}
}

func writeFile(t *testing.T, dir, name string, data []byte, gz bool) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if gz {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(data)
		zw.Close()
		data = b.Bytes()
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The native run gives the same answers for a plain file, its gzip and its
// JSON array form, with several workers and files adding up.
func TestRunFormats(t *testing.T) {
	dir := t.TempDir()
	data := gen.Sample(300, 11)
	lines := bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n"))
	array := append([]byte("[\n"), bytes.Join(lines, []byte(",\n"))...)
	array = append(array, "\n]\n"...)

	run := func(paths ...string) tweets.Results {
		doc, err := Run(Options{Recipe: "tweets", Paths: paths, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		if doc.RejectedTotal != 0 {
			t.Fatalf("%v: rejects %+v", paths, doc.Rejects)
		}
		return doc.Results.(tweets.Results)
	}
	plain := run(writeFile(t, dir, "t.jsonl", data, false))
	if plain.Records != 300 {
		t.Fatalf("records %d", plain.Records)
	}
	for _, other := range []tweets.Results{
		run(writeFile(t, dir, "t.jsonl.gz", data, true)),
		run(writeFile(t, dir, "t.json", array, false)),
		run(writeFile(t, dir, "a.json.gz", array, true)),
	} {
		if !reflect.DeepEqual(other, plain) {
			t.Errorf("results differ:\n%+v\n%+v", other, plain)
		}
	}
	half := len(lines) / 2
	a := writeFile(t, dir, "a.jsonl", append(bytes.Join(lines[:half], []byte("\n")), '\n'), false)
	b := writeFile(t, dir, "b.jsonl", bytes.Join(lines[half:], []byte("\n")), false)
	if two := run(a, b); !reflect.DeepEqual(two, plain) {
		t.Errorf("two files do not add up to one")
	}
}

func TestRunTruncatedGzip(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(gen.Sample(2000, 5))
	zw.Close()
	path := writeFile(t, dir, "cut.jsonl.gz", b.Bytes()[:b.Len()/2], false)
	doc, err := Run(Options{Recipe: "tweets", Paths: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Inputs[0].Records == 0 || doc.RejectedTotal == 0 {
		t.Fatalf("records %d rejects %d", doc.Inputs[0].Records, doc.RejectedTotal)
	}
	last := doc.Rejects[len(doc.Rejects)-1]
	if !strings.Contains(last.Reason, "gzip stream broken") {
		t.Errorf("last reject %+v", last)
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"csv.txt": "a,b\n1,2\n", "empty.jsonl": "", "shape.jsonl": "{\"x\":1}\n"} {
		path := writeFile(t, dir, name, []byte(data), false)
		if _, err := Run(Options{Recipe: "tweets", Paths: []string{path}}); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v should name the file", name, err)
		}
	}
	if _, err := Run(Options{Recipe: "tweets", Paths: []string{filepath.Join(dir, "missing.jsonl")}}); err == nil {
		t.Error("a missing file must fail the run")
	}
}

func TestPlanRanges(t *testing.T) {
	if got := PlanRanges(1<<20, true, 2); !reflect.DeepEqual(got, [][2]int64{{0, -1}}) {
		t.Errorf("small file: %v", got)
	}
	got := PlanRanges(100<<20, true, 2)
	if len(got) != 4 || got[0][0] != 0 || got[3][1] != 100<<20 {
		t.Errorf("100 MiB: %v", got)
	}
	for i := 1; i < len(got); i++ {
		if got[i][0] != got[i-1][1] {
			t.Errorf("gap at %d: %v", i, got)
		}
	}
	if got := PlanRanges(100<<20, false, 2); len(got) != 1 {
		t.Errorf("unsplittable: %v", got)
	}
}
