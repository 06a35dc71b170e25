package pipeline_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	json "github.com/goccy/go-json"

	"dropsight/core/engine"
	"dropsight/core/gen"
	"dropsight/core/pipeline"
	"dropsight/core/records"
	"dropsight/core/result"
	"dropsight/core/table"
)

const testTime = "2024-01-02T03:04:05Z"

func params(t testing.TB, p pipeline.Params) json.RawMessage {
	t.Helper()
	p.ProcessingTime = testTime
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// run runs the pipeline natively over paths, writing the tables to a
// temporary folder; it returns the document and the tables' lines.
func run(t testing.TB, p pipeline.Params, workers int, paths ...string) (*result.Document, map[string][]string) {
	t.Helper()
	out := t.TempDir()
	dir, err := table.NewDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := dir.Open(pipeline.Tables...); err != nil {
		t.Fatal(err)
	}
	doc, err := engine.Run(engine.Options{Recipe: "sentiment", Params: params(t, p), Paths: paths, Workers: workers, Tables: dir})
	if err != nil {
		dir.Close()
		t.Fatal(err)
	}
	doc.Results.(pipeline.Results).WriteApplication(dir)
	if err := dir.Close(); err != nil {
		t.Fatal(err)
	}
	tables := map[string][]string{}
	for _, name := range pipeline.Tables {
		tables[name] = readLines(t, dir.Path(name))
	}
	return doc, tables
}

func readLines(t testing.TB, path string) []string {
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
	var lines []string
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got %s\nwant %s", what, strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// A small dataset checked by hand through the whole pipeline: every table
// row, the evaluation and the exploration.
func TestHandChecked(t *testing.T) {
	doc, tables := run(t, pipeline.Params{}, 2, "testdata/hand.ndjson")

	pt := `"source_file":"hand.ndjson","processing_time":"` + testTime + `"}`
	sameLines(t, "bronze", tables[pipeline.Bronze], []string{
		`{"date":"Mon Apr 06 22:19:45 PDT 2009","user":"alice","text":"@bob I love this, thank you!","sentiment":"positive",` + pt,
		`{"date":"Tue Apr 07 08:00:00 UTC 2009","user":"bob","text":"I hate rainy mondays @alice @carol_99","sentiment":"negative",` + pt,
		`{"date":"Tue Apr 07 01:30:00 EDT 2009","user":"alice","text":"going to the store","sentiment":"4",` + pt,
		`{"date":"2009-04-08T10:00:00+02:00","user":"carol","text":"mail me at carol@example.com or @ home, @Bob: this is terrible","sentiment":"0",` + pt,
		`{"date":"not a date","user":"dave","text":"@bob   great   news\n\tfolks","sentiment":"positive",` + pt,
		`{"date":null,"user":"","text":"@ünïcode @日本 @x_y😀 wow","sentiment":null,` + pt,
		`{"date":"Wed Apr 08 23:59:59 PDT 2009","user":"alice","text":"@averyveryverylongname123 meh","sentiment":"neutral",` + pt,
	})
	silver := []string{
		`{"timestamp":"2009-04-07T05:19:45Z","mention":"@bob","cleaned_text":"I love this, thank you!","sentiment":"positive"`,
		`{"timestamp":"2009-04-07T08:00:00Z","mention":"@alice","cleaned_text":"I hate rainy mondays","sentiment":"negative"`,
		`{"timestamp":"2009-04-07T08:00:00Z","mention":"@carol_99","cleaned_text":"I hate rainy mondays","sentiment":"negative"`,
		`{"timestamp":"2009-04-08T08:00:00Z","mention":"@Bob","cleaned_text":"mail me at carol@example.com or @ home, : this is terrible","sentiment":"negative"`,
		`{"timestamp":null,"mention":"@bob","cleaned_text":"great news folks","sentiment":"positive"`,
		`{"timestamp":null,"mention":"@x_y","cleaned_text":"@ünïcode @日本 😀 wow","sentiment":null`,
		`{"timestamp":"2009-04-09T06:59:59Z","mention":"@averyveryverylo","cleaned_text":"meh","sentiment":"neutral"`,
	}
	var wantSilver []string
	for _, s := range silver {
		wantSilver = append(wantSilver, s+"}")
	}
	sameLines(t, "silver", tables[pipeline.Silver], wantSilver)
	// The model's scores: package sentiment's Score of each cleaned text.
	gold := []string{
		`"predicted_score":89,"predicted_sentiment":"POS","sentiment_id":1,"predicted_sentiment_id":1}`,
		`"predicted_score":79.6,"predicted_sentiment":"NEG","sentiment_id":0,"predicted_sentiment_id":0}`,
		`"predicted_score":79.6,"predicted_sentiment":"NEG","sentiment_id":0,"predicted_sentiment_id":0}`,
		`"predicted_score":72.5,"predicted_sentiment":"NEG","sentiment_id":0,"predicted_sentiment_id":0}`,
		`"predicted_score":80.3,"predicted_sentiment":"POS","sentiment_id":1,"predicted_sentiment_id":1}`,
		`"predicted_score":88.7,"predicted_sentiment":"POS","sentiment_id":0,"predicted_sentiment_id":1}`,
		`"predicted_score":51.4,"predicted_sentiment":"NEG","sentiment_id":0,"predicted_sentiment_id":0}`,
	}
	var wantGold []string
	for i, s := range silver {
		wantGold = append(wantGold, s+","+gold[i])
	}
	sameLines(t, "gold", tables[pipeline.Gold], wantGold)
	sameLines(t, "application", tables[pipeline.Application], []string{
		`{"min_timestamp":"2009-04-07T05:19:45Z","max_timestamp":"2009-04-07T05:19:45Z","mention":"@bob","negative":0,"neutral":0,"positive":2,"total":2}`,
		`{"min_timestamp":"2009-04-08T08:00:00Z","max_timestamp":"2009-04-08T08:00:00Z","mention":"@Bob","negative":1,"neutral":0,"positive":0,"total":1}`,
		`{"min_timestamp":"2009-04-07T08:00:00Z","max_timestamp":"2009-04-07T08:00:00Z","mention":"@alice","negative":1,"neutral":0,"positive":0,"total":1}`,
		`{"min_timestamp":"2009-04-09T06:59:59Z","max_timestamp":"2009-04-09T06:59:59Z","mention":"@averyveryverylo","negative":1,"neutral":0,"positive":0,"total":1}`,
		`{"min_timestamp":"2009-04-07T08:00:00Z","max_timestamp":"2009-04-07T08:00:00Z","mention":"@carol_99","negative":1,"neutral":0,"positive":0,"total":1}`,
		`{"min_timestamp":null,"max_timestamp":null,"mention":"@x_y","negative":0,"neutral":0,"positive":1,"total":1}`,
	})

	if doc.RejectedTotal != 2 || len(doc.Rejects) != 2 || doc.Rejects[0].Line != 8 || doc.Rejects[1].Line != 9 ||
		doc.Rejects[1].Reason != "record is not a JSON object" {
		t.Errorf("rejects %+v", doc.Rejects)
	}

	// The JSON the checks read, by their fixed names.
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Results struct {
			Records    int64 `json:"records"`
			Evaluation struct {
				Binary    map[string]any   `json:"binary"`
				Classes   []map[string]any `json:"classes"`
				Confusion struct {
					Labels []string  `json:"labels"`
					Matrix [][]int64 `json:"matrix"`
				} `json:"confusion"`
				Accuracy float64 `json:"accuracy"`
				Records  int64   `json:"records"`
			} `json:"evaluation"`
			Application []map[string]any `json:"application"`
		} `json:"results"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	e := d.Results.Evaluation
	// Evaluated: the six tweets with a label, each once (tweet 2 has two
	// mentions, tweet 3 none). Given (rows) NEG: 2, 4; NEU: 7; POS: 1, 3, 5.
	if !reflect.DeepEqual(e.Confusion.Labels, []string{"NEG", "NEU", "POS"}) ||
		!reflect.DeepEqual(e.Confusion.Matrix, [][]int64{{2, 0, 0}, {1, 0, 0}, {0, 1, 2}}) || e.Records != 6 {
		t.Errorf("confusion %+v over %d records", e.Confusion, e.Records)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	b := map[string]float64{}
	for _, k := range []string{"tp", "fp", "fn", "tn", "precision", "recall", "f1", "accuracy"} {
		b[k], _ = e.Binary[k].(float64)
	}
	if b["tp"] != 2 || b["fp"] != 0 || b["fn"] != 1 || b["tn"] != 3 || !near(b["precision"], 1) ||
		!near(b["recall"], 2.0/3) || !near(b["f1"], 0.8) || !near(b["accuracy"], 5.0/6) {
		t.Errorf("binary %v", e.Binary)
	}
	wantClasses := []map[string]any{
		{"label": "NEG", "precision": 2.0 / 3, "recall": 1.0, "f1": 0.8, "support": 2.0},
		{"label": "NEU", "precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1.0},
		{"label": "POS", "precision": 1.0, "recall": 2.0 / 3, "f1": 0.8, "support": 3.0},
	}
	for i, c := range e.Classes {
		for k, v := range wantClasses[i] {
			if f, ok := v.(float64); ok && !near(c[k].(float64), f) || !ok && c[k] != v {
				t.Errorf("class %d %s = %v, want %v", i, k, c[k], v)
			}
		}
	}
	if !near(e.Accuracy, 4.0/6) {
		t.Errorf("accuracy %v", e.Accuracy)
	}
	if len(d.Results.Application) != 6 || d.Results.Application[0]["mention"] != "@bob" ||
		d.Results.Application[0]["total"] != 2.0 || d.Results.Application[0]["min_timestamp"] != "2009-04-07T05:19:45Z" {
		t.Errorf("application %v", d.Results.Application)
	}

	r := doc.Results.(pipeline.Results)
	x := r.Exploration
	wantColumns := []pipeline.ColumnCount{{"date", "date", 1, 0}, {"user", "user", 0, 1}, {"text", "text", 0, 0}, {"sentiment", "sentiment", 1, 0}}
	if x.Tweets != 7 || !reflect.DeepEqual(x.Columns, wantColumns) || x.InvalidDates != 1 {
		t.Errorf("exploration columns %+v, invalid dates %d", x.Columns, x.InvalidDates)
	}
	if x.Mentions != (pipeline.MentionTotals{WithMention: 6, WithoutMention: 1, Rows: 7, Distinct: 6}) {
		t.Errorf("mentions %+v", x.Mentions)
	}
	if !reflect.DeepEqual(x.TopUsers, []pipeline.UserCount{{"alice", 3}, {"bob", 1}, {"carol", 1}, {"dave", 1}}) || x.Users != 4 {
		t.Errorf("users %+v", x.TopUsers)
	}
	if !reflect.DeepEqual(x.TopPositiveMentions, []pipeline.MentionCount{{"@bob", 2}, {"@x_y", 1}}) ||
		!reflect.DeepEqual(x.TopNegativeMentions, []pipeline.MentionCount{{"@Bob", 1}, {"@alice", 1}, {"@averyveryverylo", 1}, {"@carol_99", 1}}) {
		t.Errorf("top mentions %+v %+v", x.TopPositiveMentions, x.TopNegativeMentions)
	}
	wantDays := []pipeline.DayCount{
		{Date: "2009-04-07", Tweets: 3, Positive: 2, Negative: 1, PredPOS: 1, PredNEG: 1, PredNEU: 1},
		{Date: "2009-04-08", Tweets: 1, Negative: 1, PredNEG: 1},
		{Date: "2009-04-09", Tweets: 1, Neutral: 1, PredNEG: 1},
	}
	if !reflect.DeepEqual(x.PerDay, wantDays) {
		t.Errorf("per day %+v", x.PerDay)
	}
	if !reflect.DeepEqual(x.GivenLabels, []pipeline.LabelCount{{"positive", 3}, {"negative", 2}, {"neutral", 1}, {"other", 0}, {"missing", 1}}) ||
		!reflect.DeepEqual(x.PredictedLabels, []pipeline.LabelCount{{"NEG", 3}, {"NEU", 1}, {"POS", 3}}) {
		t.Errorf("labels %+v %+v", x.GivenLabels, x.PredictedLabels)
	}
	if r.Tables != (pipeline.TableCounts{Bronze: 7, Silver: 7, Gold: 7, Application: 6}) {
		t.Errorf("tables %+v", r.Tables)
	}
	if len(x.Stages) != 3 || x.Stages[0].Stage != "bronze" || x.Stages[2].Stage != "gold" {
		t.Errorf("stages %+v", x.Stages)
	}
}

// tweetFiles writes n generated tweets as one NDJSON file and as a folder
// of one-tweet files in the layouts a dropped folder may hold: compact,
// pretty-printed, gzipped, with a byte-order mark, in subfolders; with
// hidden files beside them that are not read.
func tweetFiles(t *testing.T, n int) (ndjson, folder string) {
	root := t.TempDir()
	ndjson = filepath.Join(root, "tweets.ndjson")
	folder = filepath.Join(root, "tweets")
	g := gen.NewLabelled(gen.LabelledOptions{Tweets: n, Seed: 11})
	var all bytes.Buffer
	for i := range n {
		rec := g.Append(nil, i)
		all.Write(rec)
		all.WriteByte('\n')
		var data []byte
		switch {
		case i%7 == 3:
			var ind bytes.Buffer
			if err := json.Indent(&ind, rec, "", "    "); err != nil {
				t.Fatal(err)
			}
			data = bytes.ReplaceAll(ind.Bytes(), []byte("\n"), []byte("\r\n"))
		case i%11 == 5:
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			zw.Write(rec)
			zw.Close()
			data = z.Bytes()
		case i%13 == 7:
			data = append([]byte("\xef\xbb\xbf\n  "), rec...)
		default:
			data = append(rec, '\n')
		}
		name := fmt.Sprintf("tweet_%06d.json", i+1)
		if i%5 == 0 {
			name = fmt.Sprintf("part%d/%s", i%3, name)
		}
		path := filepath.Join(folder, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, hidden := range []string{".DS_Store", "_SUCCESS", ".hidden/x.json", "_tmp/y.json"} {
		path := filepath.Join(folder, hidden)
		os.MkdirAll(filepath.Dir(path), 0o755)
		os.WriteFile(path, []byte("not json"), 0o644)
	}
	if err := os.WriteFile(ndjson, all.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return ndjson, folder
}

func comparable(r pipeline.Results) pipeline.Results {
	r.Exploration.Stages = nil
	return r
}

// rowsWithoutSource drops the bronze columns that name where and when a
// row was read, and sorts the rows.
func rowsWithoutSource(tables map[string][]string) []string {
	var rows []string
	for _, name := range pipeline.Tables {
		for _, l := range tables[name] {
			if name == pipeline.Bronze {
				l = l[:strings.Index(l, `,"source_file":`)]
			}
			rows = append(rows, name+" "+l)
		}
	}
	slices.Sort(rows)
	return rows
}

// A folder of 1,000 one-tweet files gives what the same tweets give in one
// NDJSON file.
func TestFolderEqualsNDJSON(t *testing.T) {
	ndjson, folder := tweetFiles(t, 1000)
	want, wantTables := run(t, pipeline.Params{}, 2, ndjson)
	for _, workers := range []int{1, 3} {
		got, gotTables := run(t, pipeline.Params{}, workers, folder)
		if got.RejectedTotal != 0 {
			t.Fatalf("rejects %+v", got.Rejects)
		}
		in := got.Inputs[0]
		if len(got.Inputs) != 1 || in.Name != "tweets/" || in.Files != 1000 || in.Records != 1000 || in.Format != string(records.Object) {
			t.Errorf("inputs %+v", got.Inputs)
		}
		if !reflect.DeepEqual(comparable(got.Results.(pipeline.Results)), comparable(want.Results.(pipeline.Results))) {
			t.Errorf("%d workers: folder results differ from NDJSON results", workers)
		}
		if !slices.Equal(rowsWithoutSource(gotTables), rowsWithoutSource(wantTables)) {
			t.Errorf("%d workers: folder tables differ from NDJSON tables", workers)
		}
		// source_file is the file's path relative to the folder
		sources := map[string]bool{}
		for _, l := range gotTables[pipeline.Bronze] {
			var row struct {
				Source string `json:"source_file"`
			}
			json.Unmarshal([]byte(l), &row)
			sources[row.Source] = true
		}
		if len(sources) != 1000 || !sources["tweet_000002.json"] || !sources["part0/tweet_000001.json"] {
			t.Errorf("%d sources, e.g. %v", len(sources), sources["part0/tweet_000001.json"])
		}
	}
}

// Files in a folder that are not one object: each file's records and
// rejects are its own, named by the file.
func TestFolderRejects(t *testing.T) {
	folder := t.TempDir()
	files := map[string]string{
		"a.json":       `{"date":"2009-04-06T00:00:00Z","user":"u","text":"@a yes","sentiment":"positive"}`,
		"empty.json":   "",
		"blank.json":   " \n ",
		"broken.json":  `{"date":"2009-04-06T00:00:00Z","text":"@a`,
		"lines.ndjson": "{\"text\":\"@b one\"}\n{\"text\":\"@b two\"}\nnot json\n",
		"array.json":   "[\n{\"text\":\"@c x\"},\n{\"text\":\"@c y\"}\n]",
		"notobj.json":  `"just a string"`,
	}
	for name, data := range files {
		os.WriteFile(filepath.Join(folder, name), []byte(data), 0o644)
	}
	doc, _ := run(t, pipeline.Params{}, 2, folder)
	if doc.Inputs[0].Records != 5 || doc.Inputs[0].Files != 7 {
		t.Errorf("inputs %+v", doc.Inputs)
	}
	var rejects []string
	for _, r := range doc.Rejects {
		rejects = append(rejects, fmt.Sprintf("%s:%d %s", r.Input, r.Line, r.Reason))
	}
	slices.Sort(rejects)
	want := []string{
		"blank.json:1 empty file",
		"broken.json:1 invalid JSON at byte 38: unterminated string",
		"empty.json:1 empty file",
		"lines.ndjson:3 invalid JSON at byte 0: invalid literal",
		"notobj.json:1 record is not a JSON object",
	}
	if !slices.Equal(rejects, want) {
		t.Errorf("rejects\n got %q\nwant %q", rejects, want)
	}
}

// Sentiment140's CSV (no header; target, ids, date, flag, user, text) with
// codes 0 and 4 gives what the same tweets give as JSON.
func TestSentiment140CSV(t *testing.T) {
	root := t.TempDir()
	g := gen.NewLabelled(gen.LabelledOptions{Tweets: 300, Seed: 3, Codes: true})
	var js, cs bytes.Buffer
	w := csv.NewWriter(&cs)
	for i := range 300 {
		rec := g.Append(nil, i)
		js.Write(rec)
		js.WriteByte('\n')
		var tw struct{ Date, User, Text, Sentiment string }
		if err := json.Unmarshal(rec, &tw); err != nil {
			t.Fatal(err)
		}
		w.Write([]string{tw.Sentiment, fmt.Sprint(1467810369 + i), tw.Date, "NO_QUERY", tw.User, tw.Text})
	}
	w.Flush()
	os.WriteFile(filepath.Join(root, "t.json"), js.Bytes(), 0o644)
	os.WriteFile(filepath.Join(root, "training.1600000.processed.noemoticon.csv"), cs.Bytes(), 0o644)
	jdoc, jt := run(t, pipeline.Params{}, 2, filepath.Join(root, "t.json"))
	cdoc, ct := run(t, pipeline.Params{}, 2, filepath.Join(root, "training.1600000.processed.noemoticon.csv"))
	if cdoc.RejectedTotal != 0 || cdoc.Inputs[0].Records != 300 {
		t.Fatalf("csv inputs %+v rejects %+v", cdoc.Inputs, cdoc.Rejects)
	}
	jr, cr := comparable(jdoc.Results.(pipeline.Results)), comparable(cdoc.Results.(pipeline.Results))
	if !reflect.DeepEqual(jr.Evaluation, cr.Evaluation) || !reflect.DeepEqual(jr.Application, cr.Application) ||
		!reflect.DeepEqual(jr.Exploration.PerDay, cr.Exploration.PerDay) || jr.Evaluation.Records != 300 {
		t.Errorf("CSV results differ from JSON results")
	}
	for _, name := range []string{pipeline.Silver, pipeline.Gold, pipeline.Application} {
		if !slices.Equal(jt[name], ct[name]) {
			t.Errorf("CSV %s table differs from JSON", name)
		}
	}
}

// Cut an NDJSON input into ranges, fed in chunks of any size: the merged
// document and the union of the ranges' rows are those of one pass.
func TestRangesProperty(t *testing.T) {
	g := gen.NewLabelled(gen.LabelledOptions{Tweets: 400, Seed: 9})
	var data []byte
	for i := range 400 {
		data = append(g.Append(data, i), '\n')
		if i%41 == 7 {
			data = append(data, "{\"date\": \"broken\n\n"...)
		}
	}
	p := params(t, pipeline.Params{Fields: pipeline.Fields{Date: "date", User: "user", Text: "text", Sentiment: "sentiment"}})
	runCuts := func(cuts []int64, chunk int) (*result.Document, []string) {
		var parts []*engine.Partial
		var rows []string
		for i := 0; i+1 < len(cuts); i++ {
			var spec engine.TaskSpec
			spec.Recipe, spec.Params, spec.Format = "sentiment", p, records.NDJSON
			spec.Input.Name = "in.ndjson"
			spec.Range.Index, spec.Range.Start, spec.Range.End = i, cuts[i], cuts[i+1]
			if i == len(cuts)-2 {
				spec.Range.End = -1
			}
			task, err := engine.NewTask(spec)
			if err != nil {
				t.Fatal(err)
			}
			var b table.Buffer
			task.SetTables(&b)
			for at := task.ReadFrom(); at < int64(len(data)); at += int64(chunk) {
				if !task.Feed(data[at:min(at+int64(chunk), int64(len(data)))]) {
					break
				}
			}
			part, err := task.End()
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range b.Tables() {
				for _, l := range strings.Split(strings.TrimSpace(string(b.Take(name))), "\n") {
					rows = append(rows, name+" "+l)
				}
			}
			enc, _ := json.Marshal(part)
			var back engine.Partial
			json.Unmarshal(enc, &back)
			parts = append([]*engine.Partial{&back}, parts...)
		}
		doc, err := engine.Merge(engine.MergeRequest{Recipe: "sentiment", Params: p,
			Inputs: []engine.InputInfo{{Name: "in.ndjson", Bytes: int64(len(data)), Format: records.NDJSON}}, Partials: parts})
		if err != nil {
			t.Fatal(err)
		}
		doc.Results = comparable(doc.Results.(pipeline.Results))
		slices.Sort(rows)
		return doc, rows
	}
	want, wantRows := runCuts([]int64{0, int64(len(data))}, len(data))
	if want.RejectedTotal == 0 {
		t.Fatal("no rejects in the sample")
	}
	r := rand.New(rand.NewPCG(7, 8))
	for iter := range 15 {
		cuts := []int64{0}
		for k := 1 + r.IntN(6); k > 0; k-- {
			cuts = append(cuts, int64(r.IntN(len(data))))
		}
		cuts = append(cuts, int64(len(data)))
		slices.Sort(cuts)
		chunk := 1 + r.IntN(16<<10)
		got, rows := runCuts(cuts, chunk)
		if !reflect.DeepEqual(got.Results, want.Results) || !reflect.DeepEqual(got.Rejects, want.Rejects) ||
			!reflect.DeepEqual(got.Inputs, want.Inputs) {
			t.Fatalf("iteration %d, cuts %v, chunk %d: document differs from one pass", iter, cuts, chunk)
		}
		if !slices.Equal(rows, wantRows) {
			t.Fatalf("iteration %d: rows differ from one pass", iter)
		}
	}
}
