package engine

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	json "github.com/goccy/go-json"

	"dropsight/core/gen"
	"dropsight/core/profile"
	"dropsight/core/records"
	"dropsight/core/result"
	"dropsight/core/table"
)

// runProfile profiles one input (CSV or NDJSON, by its sniff) cut at
// random offsets into ranges fed in chunks of the given size, with specs
// and partials crossing JSON as in the browser, merged in a random order.
func runProfile(t *testing.T, name string, data []byte, r *rand.Rand, cuts, chunk int) *result.Document {
	t.Helper()
	s := SniffInput(name, data[:min(len(data), SniffHeadBytes)], false)
	params, err := PrepareParams("profile", nil, s)
	if err != nil {
		t.Fatal(err)
	}
	offsets := []int64{0}
	for range cuts {
		offsets = append(offsets, 1+r.Int64N(int64(len(data)-1)))
	}
	slicesSort(offsets)
	offsets = append(offsets, int64(len(data)))
	var parts []*Partial
	for k := 0; k+1 < len(offsets); k++ {
		if offsets[k] == offsets[k+1] {
			continue
		}
		var spec TaskSpec
		spec.Recipe, spec.Params, spec.Format = "profile", params, s.Format
		spec.Input.Name = name
		spec.Range.Index, spec.Range.Start, spec.Range.End = k, offsets[k], offsets[k+1]
		if offsets[k+1] == int64(len(data)) {
			spec.Range.End = -1
		}
		describeInput(&spec, s, "")
		enc, _ := json.Marshal(spec)
		var back TaskSpec
		if err := json.Unmarshal(enc, &back); err != nil {
			t.Fatal(err)
		}
		task, err := NewTask(back)
		if err != nil {
			t.Fatal(err)
		}
		// the browser's worker offers every task a table buffer
		if task.SetTables(&table.Buffer{}) {
			t.Fatal("the profile writes no row tables")
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
		enc, _ = json.Marshal(part)
		var pb Partial
		if err := json.Unmarshal(enc, &pb); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, &pb)
	}
	r.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
	doc, err := Merge(MergeRequest{Recipe: "profile", Params: params,
		Inputs: []InputInfo{{Name: name, Bytes: int64(len(data)), Format: s.Format}}, Partials: parts})
	if err != nil {
		t.Fatal(err)
	}
	// compare documents as the page sees them: through JSON
	enc, _ := json.Marshal(doc.Results)
	var res profile.Results
	if err := json.Unmarshal(enc, &res); err != nil {
		t.Fatal(err)
	}
	doc.Results = res
	doc.Metrics = result.Metrics{}
	return doc
}

// The profile of a CSV and of an NDJSON input does not depend on the cut
// into ranges, the chunk size or the merge order. (The columns stay under
// the distinct limit: past it, see profile.TestSplitMerge.)
func TestProfileRanges(t *testing.T) {
	var inter bytes.Buffer
	if err := gen.Activity(&inter, nil, gen.ActivityOptions{Rows: 3000, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	csvData := fewer(inter.Bytes())
	// a quoted field and a broken row, so that rejects and quotes cross cuts
	csvData = append(csvData, "u000001,\"2023-05-05 10:00:00\",edit,p000001,500,5.0.0\nbroken,row\n"...)
	inputs := []struct {
		name string
		data []byte
	}{
		{"interactions.csv", csvData},
		{"tweets.jsonl", sampleWithFaults()},
	}
	r := rand.New(rand.NewPCG(8, 9))
	for _, in := range inputs {
		whole := runProfile(t, in.name, in.data, r, 0, len(in.data))
		res := whole.Results.(profile.Results)
		if res.Rows == 0 || whole.RejectedTotal == 0 || len(res.Columns) < 5 || len(res.Sample.Rows) != 20 {
			t.Fatalf("%s: %d rows, %d rejects, %d columns", in.name, res.Rows, whole.RejectedTotal, len(res.Columns))
		}
		for iter := range 12 {
			cuts, chunk := 1+r.IntN(6), 1+r.IntN(64<<10)
			got := runProfile(t, in.name, in.data, r, cuts, chunk)
			if !reflect.DeepEqual(got.Results, whole.Results) || !reflect.DeepEqual(got.Rejects, whole.Rejects) ||
				!reflect.DeepEqual(got.Inputs, whole.Inputs) {
				a, _ := json.Marshal(got.Results)
				b, _ := json.Marshal(whole.Results)
				t.Fatalf("%s iteration %d (%d cuts, chunk %d): document differs from one pass\n%s\n%s", in.name, iter, cuts, chunk, a, b)
			}
		}
	}
}

// The native command profiles files and folders; a folder's files come in
// name order whichever worker reads them.
func TestProfileRun(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "f")
	os.Mkdir(folder, 0o755)
	for i, rec := range []string{`{"a":1,"b":"x"}`, `{"a":2}`, "{\n \"a\": 3, \"c\": [1]\n}", `{"a":4,"b":null}`} {
		writeFile(t, folder, string(rune('p'+i))+".json", []byte(rec), i == 2)
	}
	writeFile(t, folder, "t.csv", []byte("a,b\n5,y\n6,\n"), false)
	var docs []*result.Document
	for _, w := range []int{1, 3} {
		doc, err := Run(Options{Recipe: "profile", Paths: []string{folder}, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	r := docs[0].Results.(profile.Results)
	if !reflect.DeepEqual(r, docs[1].Results.(profile.Results)) {
		t.Fatal("the profile depends on the number of workers")
	}
	if r.Rows != 6 || len(r.Columns) != 3 || r.Columns[0].Name != "a" || r.Columns[0].Numbers.Max != 6 {
		t.Fatalf("%+v", r)
	}
	// the CSV file is its own input, first; then the folder's files in name order
	want := []string{`{"a":"5","b":"y"}`, `{"a":"6","b":""}`, `{"a":1,"b":"x"}`, `{"a":2}`, `{"a":3,"c":[1]}`, `{"a":4,"b":null}`}
	var got []string
	for _, row := range r.Sample.Rows {
		got = append(got, string(row))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("sample %q", got)
	}
	// an NDJSON file of tweets, split into ranges by several workers
	data := gen.Sample(3000, 2)
	path := writeFile(t, dir, "t.jsonl", data, false)
	one, err := Run(Options{Recipe: "profile", Paths: []string{path}, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if one.Inputs[0].Format != string(records.NDJSON) || one.Results.(profile.Results).Rows != 3000 {
		t.Fatalf("%+v", one.Inputs)
	}
}

// Invalid UTF-8 never reaches the profile: the engine rejects the record
// (or CSV row) and names the byte, so no column, value or sample row is a
// repaired one with U+FFFD in it. The profile counts on it and does not
// check its cells again.
func TestProfileInvalidUTF8IsRejected(t *testing.T) {
	dir := t.TempDir()
	csvPath := writeFile(t, dir, "latin1.csv", []byte("name,city\nana,Lisboa\nj\xf6rg,K\xf6ln\nbo,Oslo\n"), false)
	jsonPath := writeFile(t, dir, "latin1.jsonl", []byte(
		`{"a":1,"b":"x"}`+"\n"+
			"{\"a\":2,\"b\":\"caf\xe9\"}\n"+ // in a string
			"{\"a\":3,\"k\xe9y\":true}\n"+ // in a key
			"{\"a\":4,\"c\":[\"\xff\"]}\n"+ // in a nested value
			`{"a":5,"c":[1]}`+"\n"), false)
	// a folder's files are records of one input, named by file
	folder := filepath.Join(dir, "members")
	os.Mkdir(folder, 0o755)
	writeFile(t, folder, "1.json", []byte("{\n \"a\": \"caf\xe9\"\n}"), false)
	writeFile(t, folder, "2.json", []byte(`{"a":"x"}`), true)
	writeFile(t, folder, "3.json", []byte(`{"a":"y"}`), false)
	want := map[string][]wantReject{
		"latin1.csv": {{3, "invalid UTF-8 in field 1 at byte 1: save the file as UTF-8", "j\xf6rg,K\xf6ln"}},
		"latin1.jsonl": {
			{2, "invalid UTF-8 at byte 15: save the file as UTF-8", "caf\xe9"},
			{3, "invalid UTF-8 at byte 9: save the file as UTF-8", "k\xe9y"},
			{4, "invalid UTF-8 at byte 13: save the file as UTF-8", "\xff"}},
		"1.json": {{1, "invalid UTF-8 at byte 12: save the file as UTF-8", "caf\xe9"}},
	}
	for path, name := range map[string]string{csvPath: "latin1.csv", jsonPath: "latin1.jsonl", folder: "1.json"} {
		doc, err := Run(Options{Recipe: "profile", Paths: []string{path}, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		if doc.RejectedTotal != int64(len(want[name])) {
			t.Errorf("%s: %d rejects, want %d", path, doc.RejectedTotal, len(want[name]))
		}
		checkRejects(t, doc, name, want[name], false)
		res := doc.Results.(profile.Results)
		if res.Rows != 2 {
			t.Errorf("%s: %d rows profiled, want the 2 valid ones", name, res.Rows)
		}
		enc, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(enc, []byte("\uFFFD")) || bytes.Contains(enc, []byte(`\ufffd`)) {
			t.Errorf("%s: a repaired value reached the profile: %s", name, enc)
		}
	}
}
