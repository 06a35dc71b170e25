package pipeline

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	json "github.com/goccy/go-json"

	"dropsight/core/gen"
	"dropsight/core/table"
)

var testFields = Fields{Date: "date", User: "user", Text: "text", Sentiment: "sentiment"}

const testTime = "2024-01-02T03:04:05Z"

func newCounter(t testing.TB, p Params) (*Counter, *table.Buffer) {
	t.Helper()
	if p.Fields == (Fields{}) {
		p.Fields = testFields
	}
	p.ProcessingTime = testTime
	c, err := NewCounter(p)
	if err != nil {
		t.Fatal(err)
	}
	var b table.Buffer
	c.SetTables(&b)
	c.SetSource("test.ndjson")
	return c, &b
}

func rowsOf(b *table.Buffer, name string) []map[string]any {
	var out []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(b.Take(name)), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			panic(fmt.Sprintf("%v: %s", err, line))
		}
		out = append(out, m)
	}
	return out
}

func TestTimestamps(t *testing.T) {
	cases := []struct {
		date, tz string
		want     any // the silver timestamp, or nil
	}{
		{"Mon Apr 06 22:19:45 PDT 2009", "", "2009-04-07T05:19:45Z"},
		{"Mon Apr 06 22:19:45 PST 2009", "", "2009-04-07T06:19:45Z"},
		{"Mon Apr 06 22:19:45 UTC 2009", "", "2009-04-06T22:19:45Z"},
		{"Mon Apr 06 22:19:45 GMT 2009", "", "2009-04-06T22:19:45Z"},
		{"Mon Apr 06 22:19:45 EDT 2009", "", "2009-04-07T02:19:45Z"},
		{"Mon Apr 06 22:19:45 CDT 2009", "", "2009-04-07T03:19:45Z"},
		{"Mon Apr 06 22:19:45 MDT 2009", "", "2009-04-07T04:19:45Z"},
		{"Sat Jun 20 10:00:00 BST 2009", "", "2009-06-20T09:00:00Z"},
		{"Sat Jun 20 10:00:00 CEST 2009", "", "2009-06-20T08:00:00Z"},
		{"Sat Jun 20 10:00:00 IST 2009", "", "2009-06-20T04:30:00Z"},
		{"Sat Jun 20 10:00:00 JST 2009", "", "2009-06-20T01:00:00Z"},
		{"Wed Oct 10 20:19:24 +0000 2018", "", "2018-10-10T20:19:24Z"},
		{"Wed Oct 10 20:19:24 -0700 2018", "", "2018-10-11T03:19:24Z"},
		{"2009-04-06T22:19:45-07:00", "", "2009-04-07T05:19:45Z"},
		{"2009-04-06T22:19:45Z", "", "2009-04-06T22:19:45Z"},
		// a naive date is read in the run's time zone
		{"2009-04-06 22:19:45", "", "2009-04-06T22:19:45Z"},
		{"2009-04-06 22:19:45", "America/Los_Angeles", "2009-04-07T05:19:45Z"},
		{"1239081585", "", "2009-04-07T05:19:45Z"},
		{"Mon Apr 06 22:19:45 XYZ 2009", "", nil},
		{"yesterday", "", nil},
		{"", "", nil},
	}
	for _, c := range cases {
		cnt, b := newCounter(t, Params{TimeZone: c.tz})
		rec := fmt.Sprintf(`{"date":%q,"user":"u","text":"@bob hi","sentiment":"positive"}`, c.date)
		if err := cnt.Add([]byte(rec)); err != nil {
			t.Fatal(err)
		}
		rows := rowsOf(b, Silver)
		if len(rows) != 1 || rows[0]["timestamp"] != c.want {
			t.Errorf("%q in %q: silver %v, want timestamp %v", c.date, c.tz, rows, c.want)
		}
		invalid := int64(0)
		if c.want == nil && c.date != "" {
			invalid = 1
		}
		if got := cnt.Results().Exploration.InvalidDates; got != invalid {
			t.Errorf("%q: invalidDates %d, want %d", c.date, got, invalid)
		}
	}
}

func TestLabels(t *testing.T) {
	cases := []struct {
		labels map[string]string
		given  string // JSON value
		silver any
		eval   string // the label in the confusion matrix, "" when not evaluated
		id     float64
	}{
		{nil, `"positive"`, "positive", "POS", 1},
		{nil, `"Negative"`, "negative", "NEG", 0},
		{nil, `" NEUTRAL "`, "neutral", "NEU", 0},
		{nil, `"pos"`, "positive", "POS", 1},
		{nil, `"4"`, "positive", "POS", 1},
		{nil, `4`, "positive", "POS", 1},
		{nil, `"0"`, "negative", "NEG", 0},
		{nil, `"2"`, "neutral", "NEU", 0},
		{nil, `"irrelevant"`, "irrelevant", "irrelevant", 0},
		{nil, `"1"`, "1", "1", 0},
		{nil, `null`, nil, "", 0},
		{nil, `""`, nil, "", 0},
		{map[string]string{"1": "positive", "-1": "NEGATIVE"}, `"1"`, "positive", "POS", 1},
		{map[string]string{"1": "positive", "-1": "NEGATIVE"}, `-1`, "negative", "NEG", 0},
		{map[string]string{"Happy": "positive"}, `"happy"`, "positive", "POS", 1},
		// a mapping replaces the codes; the words still need none
		{map[string]string{"1": "positive"}, `"4"`, "4", "4", 0},
		{map[string]string{"1": "positive"}, `"negative"`, "negative", "NEG", 0},
	}
	for _, c := range cases {
		cnt, b := newCounter(t, Params{Labels: c.labels})
		rec := fmt.Sprintf(`{"date":"2009-04-06T00:00:00Z","user":"u","text":"@bob i love it","sentiment":%s}`, c.given)
		if err := cnt.Add([]byte(rec)); err != nil {
			t.Fatal(err)
		}
		gold := rowsOf(b, Gold)
		if len(gold) != 1 || gold[0]["sentiment"] != c.silver || gold[0]["sentiment_id"] != c.id {
			t.Errorf("%v %s: gold %v, want sentiment %v id %v", c.labels, c.given, gold, c.silver, c.id)
		}
		r := cnt.Results()
		var labels []string
		for i, row := range r.Evaluation.Confusion.Matrix {
			for _, n := range row {
				if n > 0 {
					labels = append(labels, r.Evaluation.Confusion.Labels[i])
				}
			}
		}
		want := []string{c.eval}
		if c.eval == "" {
			want = nil
		}
		if !reflect.DeepEqual(labels, want) {
			t.Errorf("%v %s: evaluated as %v, want %v", c.labels, c.given, labels, want)
		}
	}
	if _, err := NewCounter(Params{Fields: testFields, Labels: map[string]string{"1": "good"}}); err == nil {
		t.Error("a mapping to an unknown class was accepted")
	}
}

func TestKeepUnmentionedAndPrediction(t *testing.T) {
	f := testFields
	f.Prediction = "model"
	cnt, b := newCounter(t, Params{Fields: f, KeepUnmentioned: true})
	for _, rec := range []string{
		`{"date":"2009-04-06T00:00:00Z","user":"u","text":"i love it","sentiment":"positive","model":"POS"}`,
		`{"date":"2009-04-06T00:00:00Z","user":"u","text":"@a @b i hate it","sentiment":"negative","model":"positive"}`,
		`{"date":"2009-04-06T00:00:00Z","user":"u","text":"meh","sentiment":"negative","model":null}`,
		`{"date":"2009-04-06T00:00:00Z","user":"u","text":"ok","model":"NEG"}`,
	} {
		if err := cnt.Add([]byte(rec)); err != nil {
			t.Fatal(err)
		}
	}
	silver := rowsOf(b, Silver)
	var mentions []any
	for _, r := range silver {
		mentions = append(mentions, r["mention"])
	}
	if !reflect.DeepEqual(mentions, []any{"", "@a", "@b", "", ""}) {
		t.Errorf("silver mentions %v", mentions)
	}
	gold := rowsOf(b, Gold)
	if len(gold) != 5 || gold[0]["prediction"] != "POS" || gold[3]["prediction"] != nil {
		t.Errorf("gold %v", gold)
	}
	bronze := rowsOf(b, Bronze)
	if len(bronze) != 4 || bronze[1]["prediction"] != "positive" || bronze[0]["source_file"] != "test.ndjson" ||
		bronze[0]["processing_time"] != testTime || bronze[3]["sentiment"] != nil {
		t.Errorf("bronze %v", bronze)
	}
	r := cnt.Results()
	// the empty mention is no mention: not in the application table
	if len(r.Application) != 2 || r.Application[0].Mention != "@a" || r.Application[1].Mention != "@b" {
		t.Errorf("application %+v", r.Application)
	}
	pe := r.PredictionEvaluation
	if pe == nil || pe.Records != 2 || pe.Unpredicted != 1 || pe.Unlabelled != 1 || pe.Binary.TP != 1 || pe.Binary.FP != 1 {
		t.Errorf("prediction evaluation %+v", pe)
	}
	if r.Evaluation.Records != 3 || r.Evaluation.Unlabelled != 1 {
		t.Errorf("model evaluation %+v", r.Evaluation)
	}
	if r.Tables.Silver != 5 || r.Tables.Gold != 5 || r.Tables.Bronze != 4 {
		t.Errorf("tables %+v", r.Tables)
	}
}

func TestCSVRows(t *testing.T) {
	p := Params{Fields: Fields{Date: "column3", User: "column5", Text: "column6", Sentiment: "column1"}}
	cnt, b := newCounter(t, p)
	if err := cnt.AddRow([][]byte{[]byte("4")}); err == nil {
		t.Error("a row before SetInput was accepted")
	}
	if err := cnt.SetInput("", 0, 0, sentiment140); err != nil {
		t.Fatal(err)
	}
	row := [][]byte{[]byte("0"), []byte("1467810369"), []byte("Mon Apr 06 22:19:45 PDT 2009"), []byte("NO_QUERY"),
		[]byte("_TheSpecialOne_"), []byte("@switchfoot http://twitpic.com/2y1zl - Awww, that's a bummer.")}
	if err := cnt.AddRow(row); err != nil {
		t.Fatal(err)
	}
	silver := rowsOf(b, Silver)
	want := map[string]any{"timestamp": "2009-04-07T05:19:45Z", "mention": "@switchfoot",
		"cleaned_text": "http://twitpic.com/2y1zl - Awww, that's a bummer.", "sentiment": "negative"}
	if len(silver) != 1 || !reflect.DeepEqual(silver[0], want) {
		t.Errorf("silver %v", silver)
	}
	if err := cnt.SetInput("metadata", 0, 0, sentiment140); err == nil {
		t.Error("a metadata input was accepted")
	}
}

// labelled returns n generated tweets and some faulty records.
func labelled(n int) [][]byte {
	g := gen.NewLabelled(gen.LabelledOptions{Tweets: n, Seed: 5})
	var recs [][]byte
	for i := range n {
		recs = append(recs, g.Append(nil, i))
		switch i % 37 {
		case 3:
			recs = append(recs, []byte(`{"date":"broken","user":null,"text":"@x sad","sentiment":"0"}`))
		case 9:
			recs = append(recs, []byte(`{"text":"@@y \u00e9t\u00e9 @z","sentiment":"irrelevant","date":"Tue Apr 07 01:30:00 EDT 2009"}`))
		case 20:
			recs = append(recs, []byte(`[1]`))
		}
	}
	return recs
}

// zeroStages drops the timings, which differ from run to run.
func zeroStages(r Results) Results {
	r.Exploration.Stages = nil
	return r
}

// The property behind split and merge: any partition of the records, any
// merge order, through the JSON of the partial states, gives the results
// of one pass; and the rows of the parts are the rows of one pass.
func TestSplitMergeProperty(t *testing.T) {
	recs := labelled(600)
	one, oneRows := newCounter(t, Params{})
	for _, r := range recs {
		one.Add(r)
	}
	want := zeroStages(one.Results())
	wantRows := sortedRows(oneRows)
	if want.Records < 600 || want.Evaluation.Records == 0 || len(want.Application) == 0 {
		t.Fatalf("sample too thin: %+v", want.Tables)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := range 30 {
		k := 1 + rng.IntN(6)
		parts := make([]*Counter, k)
		bufs := make([]*table.Buffer, k)
		for i := range parts {
			parts[i], bufs[i] = newCounter(t, Params{})
		}
		for _, r := range recs {
			parts[rng.IntN(k)].Add(r)
		}
		merged, _ := newCounter(t, Params{})
		for _, i := range rng.Perm(k) {
			snap, err := parts[i].Snapshot()
			if err != nil {
				t.Fatal(err)
			}
			if err := merged.MergeSnapshot(snap); err != nil {
				t.Fatal(err)
			}
		}
		got := zeroStages(merged.Results())
		if !reflect.DeepEqual(got, want) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			t.Fatalf("iteration %d, %d parts: results differ from one pass\n got %s\nwant %s", iter, k, g, w)
		}
		if !reflect.DeepEqual(got.ApplicationTable(), want.ApplicationTable()) {
			t.Fatalf("iteration %d: application tables differ", iter)
		}
		var rows []string
		for _, b := range bufs {
			rows = append(rows, sortedRows(b)...)
		}
		slicesSort(rows)
		if !reflect.DeepEqual(rows, wantRows) {
			t.Fatalf("iteration %d: rows differ from one pass", iter)
		}
	}
}

func sortedRows(b *table.Buffer) []string {
	var rows []string
	for _, name := range []string{Bronze, Silver, Gold} {
		for _, l := range strings.Split(strings.TrimSpace(string(b.Take(name))), "\n") {
			rows = append(rows, name+" "+l)
		}
	}
	slicesSort(rows)
	return rows
}

func slicesSort(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func BenchmarkCounter(b *testing.B) {
	recs := labelled(5000)
	var n int64
	for _, r := range recs {
		n += int64(len(r)) + 1
	}
	for _, tables := range []bool{false, true} {
		b.Run(fmt.Sprintf("tables=%v", tables), func(b *testing.B) {
			b.SetBytes(n)
			for b.Loop() {
				c, _ := NewCounter(Params{Fields: testFields, ProcessingTime: testTime})
				if tables {
					c.SetTables(&table.Buffer{Flush: func(string, []byte) {}})
				}
				for _, r := range recs {
					c.Add(r)
				}
			}
		})
	}
}

// Whatever a record holds, the pipeline does not fail on it and every row
// it writes is one valid JSON object.
func FuzzCounter(f *testing.F) {
	f.Add([]byte(`{"date":"Mon Apr 06 22:19:45 PDT 2009","user":"a","text":"@b hi \ud83d\ude00 \u0000 \\ \"","sentiment":"4"}`))
	f.Add([]byte(`{"date":1239081585,"user":{"x":1},"text":["@a"],"sentiment":true}`))
	f.Add([]byte("{\"text\":\"\xff\xfe @\xe2\x80\xa8x \u2028\"}"))
	f.Fuzz(func(t *testing.T, rec []byte) {
		c, b := newCounter(t, Params{KeepUnmentioned: true})
		err := c.Add(rec)
		for _, name := range []string{Bronze, Silver, Gold} {
			for _, line := range bytes.Split(b.Take(name), []byte("\n")) {
				if len(line) == 0 {
					continue
				}
				var m map[string]any
				if json.Unmarshal(line, &m) != nil {
					t.Fatalf("%s row not JSON: %q (record %q)", name, line, rec)
				}
			}
		}
		if err == nil && c.Results().Records != 1 {
			t.Fatalf("accepted but not counted: %q", rec)
		}
	})
}

func TestPrepareParams(t *testing.T) {
	cases := []struct {
		keys   []string
		params string
		want   Fields
		err    string
	}{
		{[]string{"date", "sentiment", "text", "user"}, ``, Fields{"date", "user", "text", "sentiment", ""}, ""},
		{[]string{"Date", "Label", "Tweet", "Username"}, ``, Fields{"Date", "Username", "Tweet", "Label", ""}, ""},
		{[]string{"created_at", "full_text", "user", "user.screen_name", "target"}, ``, Fields{"created_at", "user", "full_text", "target", ""}, ""},
		{sentiment140, ``, Fields{"column3", "column5", "column6", "column1", ""}, ""},
		{[]string{"a", "b"}, `{"fields":{"text":"b","sentiment":"a"}}`, Fields{"", "", "b", "a", ""}, ""},
		{[]string{"text", "gold", "pred"}, `{"fields":{"sentiment":"gold","prediction":"pred"}}`, Fields{"", "", "text", "gold", "pred"}, ""},
		{[]string{"a", "b"}, ``, Fields{}, `no text field among ["a" "b"]`},
		{[]string{"text"}, `{"fields":{"prediction":"model"}}`, Fields{}, `no prediction field "model"`},
		{[]string{"text"}, `{"timeZone":"Mars/Base"}`, Fields{}, `unknown time zone`},
	}
	for _, c := range cases {
		raw, err := PrepareParams([]byte(c.params), c.keys, "in")
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%v %s: error %v, want %q", c.keys, c.params, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%v %s: %v", c.keys, c.params, err)
			continue
		}
		var p Params
		json.Unmarshal(raw, &p)
		if p.Fields != c.want || p.TimeZone != "UTC" || p.ProcessingTime == "" || p.Labels["4"] != Positive {
			t.Errorf("%v %s: %+v, want fields %+v", c.keys, c.params, p, c.want)
		}
	}
}
