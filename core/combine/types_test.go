package combine

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// consolidate plans and writes in memory: files are slash paths with
// their bytes; head bounds the bytes the plan sees of each (0: all). It
// returns each output's lines, chunking the input by chunk bytes.
func consolidate(t testing.TB, files map[string]string, p Params, head, chunk int) (*Plan, map[string][]string) {
	t.Helper()
	var heads []Head
	for name, data := range files {
		h := Head{Path: name, Bytes: int64(len(data)), Data: []byte(data), AtEOF: true}
		if head > 0 && len(data) > head {
			h.Data, h.AtEOF = h.Data[:head], false
		}
		heads = append(heads, h)
	}
	pl, err := NewPlan("root", heads, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	// the plan crosses JSON, as from the page to a worker
	enc, err := json.Marshal(pl)
	if err != nil {
		t.Fatal(err)
	}
	pl = &Plan{}
	if err := json.Unmarshal(enc, pl); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, tg := range pl.Outputs {
		var buf bytes.Buffer
		w, err := NewWriter(tg, p, &buf)
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range tg.Files {
			if err := w.Begin(i); err != nil {
				t.Fatal(err)
			}
			data := []byte(files[s.Path])
			for k := 0; k < len(data); k += chunk {
				if err := w.Feed(data[k:min(k+chunk, len(data))]); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.End(); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		var v Verifier
		v.Feed(buf.Bytes())
		if ver := v.Check(tg.RowsOut); !ver.OK {
			t.Fatalf("%s: %s", tg.Name, ver.Message)
		}
		if tg.NDJSONBytes != int64(buf.Len()) {
			t.Fatalf("%s: %d bytes counted, %d written", tg.Name, tg.NDJSONBytes, buf.Len())
		}
		if buf.Len() > 0 {
			out[tg.Name] = strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		}
	}
	return pl, out
}

func columnTypes(tg *Target) map[string]string {
	m := map[string]string{}
	for _, c := range tg.Columns {
		m[c.Name] = c.Type
	}
	return m
}

const typesCSV = "code,exp,na,n,price,flag,blank,big,neg\n" +
	"007,1e5,NA,1,2.50,true,,1234567890123456,-3\n" +
	"12,2,x,,3,false,,7,-0\n" +
	"3,3,NA,2,0.125,,,8,4\n"

func TestTypeDecisions(t *testing.T) {
	pl, out := consolidate(t, map[string]string{"t/a.csv": typesCSV}, Params{}, 0, 7)
	tg := pl.Outputs[0]
	want := map[string]string{"code": "string", "exp": "string", "na": "string", "n": "integer", "price": "number",
		"flag": "boolean", "blank": "string", "big": "string", "neg": "string"}
	if got := columnTypes(tg); !mapsEqual(got, want) {
		t.Fatalf("types %v, want %v", got, want)
	}
	wantLines := []string{
		`{"code":"007","exp":"1e5","na":"NA","n":1,"price":2.50,"flag":true,"blank":"","big":"1234567890123456","neg":"-3"}`,
		`{"code":"12","exp":"2","na":"x","n":null,"price":3,"flag":false,"blank":"","big":"7","neg":"-0"}`,
		`{"code":"3","exp":"3","na":"NA","n":2,"price":0.125,"flag":null,"blank":"","big":"8","neg":"4"}`,
	}
	if !slices.Equal(out["t"], wantLines) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(out["t"], "\n"), strings.Join(wantLines, "\n"))
	}
	n := tg.Column("n")
	if n.Cells != 3 || n.Converted != 2 || n.Nulls != 1 || n.Empties != 1 || n.KeptAsText != 0 {
		t.Errorf("n: %+v", n)
	}
	if c := tg.Column("code"); !strings.Contains(c.Reason, `"007"`) {
		t.Errorf("code: reason %q", c.Reason)
	}
}

func TestTypeOverrides(t *testing.T) {
	p := Params{Types: map[string]string{"code": "integer", "exp": "float", "t/flag": "string", "na": "string"},
		Nulls: []string{"NA"}, EmptyAsNull: true}
	pl, out := consolidate(t, map[string]string{"t/a.csv": typesCSV}, p, 0, 1<<20)
	tg := pl.Outputs[0]
	wantLines := []string{
		`{"code":7,"exp":100000,"na":null,"n":1,"price":2.50,"flag":"true","blank":null,"big":"1234567890123456","neg":"-3"}`,
		`{"code":12,"exp":2,"na":"x","n":null,"price":3,"flag":"false","blank":null,"big":"7","neg":"-0"}`,
		`{"code":3,"exp":3,"na":null,"n":2,"price":0.125,"flag":null,"blank":null,"big":"8","neg":"4"}`,
	}
	if !slices.Equal(out["t"], wantLines) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(out["t"], "\n"), strings.Join(wantLines, "\n"))
	}
	c := tg.Column("exp")
	if c.Type != TypeNumber || c.Detected != TypeString || !c.Override || !strings.HasPrefix(c.Reason, "set by the user") {
		t.Errorf("exp: %+v", c)
	}
	if _, err := NewPlan("root", []Head{{Path: "t/a.csv", Data: []byte(typesCSV), AtEOF: true}}, nil,
		Params{Types: map[string]string{"nope": "string"}}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("an unknown column: %v", err)
	}
	if _, err := NewPlan("root", nil, nil, Params{Types: map[string]string{"a": "date"}}); err == nil {
		t.Error("an unknown type is accepted")
	}
	// loose booleans
	_, out = consolidate(t, map[string]string{"b/a.csv": "f\nYes\nn\nmaybe\n"}, Params{Types: map[string]string{"f": "boolean"}}, 0, 3)
	if want := []string{`{"f":true}`, `{"f":false}`, `{"f":"maybe"}`}; !slices.Equal(out["b"], want) {
		t.Errorf("loose booleans %q", out["b"])
	}
}

// A cell past the planned head that does not fit its column's type is kept
// as written and counted, with where it is.
func TestKeptAsText(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,v\n")
	for i := range 200 {
		b.WriteString(strings.Repeat("9", 1+i%5) + ",1.5\n")
	}
	b.WriteString("N/A,oops\n")
	pl, out := consolidate(t, map[string]string{"k/a.csv": b.String()}, Params{}, 300, 64)
	tg := pl.Outputs[0]
	id, v := tg.Column("id"), tg.Column("v")
	if id.Type != TypeInteger || v.Type != TypeNumber {
		t.Fatalf("types %s %s", id.Type, v.Type)
	}
	last := out["k"][len(out["k"])-1]
	if last != `{"id":"N/A","v":"oops"}` || id.KeptAsText != 1 || v.KeptAsText != 1 {
		t.Fatalf("last row %s, kept %d %d", last, id.KeptAsText, v.KeptAsText)
	}
	if id.Kept == nil || *id.Kept != (CellRef{File: "k/a.csv", Line: 202, Value: "N/A"}) {
		t.Errorf("kept %+v", id.Kept)
	}
}

// JSON files of the same output decide the type of a CSV column with them:
// strings there keep CSV cells strings, decimals make integers numbers.
func TestJSONEvidence(t *testing.T) {
	pl, out := consolidate(t, map[string]string{
		"o/a.csv":  "id,zip,amount,state\n1,12345,3,\n2,54321,4,NY\n",
		"o/b.json": `{"id": 3, "zip": "02134", "amount": 2.5, "state": null}` + "\n",
	}, Params{}, 0, 5)
	tg := pl.Outputs[0]
	if got := columnTypes(tg); !mapsEqual(got, map[string]string{"id": "integer", "zip": "string", "amount": "number", "state": "string"}) {
		t.Fatalf("types %v", got)
	}
	if !strings.Contains(tg.Column("state").Reason, "empty-null") {
		t.Errorf("state: %s", tg.Column("state").Reason)
	}
	want := []string{`{"id":1,"zip":"12345","amount":3,"state":""}`, `{"id":2,"zip":"54321","amount":4,"state":"NY"}`,
		`{"id": 3, "zip": "02134", "amount": 2.5, "state": null}`}
	if !slices.Equal(out["o"], want) {
		t.Fatalf("got %q", out["o"])
	}
	if k := tg.Column("state").JSON; k.Null != 1 {
		t.Errorf("state JSON kinds %+v", k)
	}
}

// A CSV file whose header the sniff cannot see (text under text) takes the
// header of the output's other CSV files.
func TestAlignHeaders(t *testing.T) {
	pl, out := consolidate(t, map[string]string{
		"p/a.csv": "name,city\n1,2\n",
		"p/b.csv": "name,city\nann,city\nbob,rome\n", // "city" recurs: no header, says the sniff
	}, Params{}, 0, 4)
	tg := pl.Outputs[0]
	if !tg.Files[1].CSV.Header || len(tg.Columns) != 2 {
		t.Fatalf("b.csv header %v, columns %d", tg.Files[1].CSV.Header, len(tg.Columns))
	}
	if want := []string{`{"name":"1","city":"2"}`, `{"name":"ann","city":"city"}`, `{"name":"bob","city":"rome"}`}; !slices.Equal(out["p"], want) {
		t.Fatalf("got %q", out["p"])
	}
}

// Columns are the union across files, in first-seen order; a CSV row
// writes its own columns in that order.
func TestColumnUnion(t *testing.T) {
	pl, out := consolidate(t, map[string]string{
		"u/1.csv":  "a,b\n1,2\n",
		"u/2.json": `{"c": 1, "a": 5}` + "\n",
		"u/3.csv":  "c,b,d\n7,8,x\n",
	}, Params{}, 0, 1<<20)
	var names []string
	for _, c := range pl.Outputs[0].Columns {
		names = append(names, c.Name)
	}
	if !slices.Equal(names, []string{"a", "b", "c", "d"}) {
		t.Fatalf("columns %v", names)
	}
	if want := []string{`{"a":1,"b":2}`, `{"c": 1, "a": 5}`, `{"b":8,"c":7,"d":"x"}`}; !slices.Equal(out["u"], want) {
		t.Fatalf("got %q", out["u"])
	}
}

// Chunk size changes nothing.
func TestChunking(t *testing.T) {
	files := map[string]string{
		"q/a.csv":  "id,note\n1,\"a,\nb\"\n2,\"c\"\"d\"\r\n",
		"q/b.json": "[{\"id\":3},\n {}, {\"id\":\n4}]",
		"q/c.json": "{\"id\":5}\n\n{}\n{\"id\":6}",
	}
	_, want := consolidate(t, files, Params{}, 0, 1<<20)
	for chunk := 1; chunk < 12; chunk++ {
		_, got := consolidate(t, files, Params{}, 0, chunk)
		if !slices.Equal(got["q"], want["q"]) {
			t.Fatalf("chunk %d: %q, want %q", chunk, got["q"], want["q"])
		}
	}
	if len(want["q"]) != 6 {
		t.Fatalf("%q", want["q"])
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// FuzzWriter feeds any bytes as a file of an output and checks what comes
// out: every line one JSON object, the counts adding up.
func FuzzWriter(f *testing.F) {
	f.Add("a,b\n1,\"x,y\"\n2,3\n", true)
	f.Add("{\"a\":1}\n{}\n\n[1]\n{\"a\":\"\\u00e9\"}\n", false)
	f.Add("[{\"a\":1},{\"b\":\n2}]", false)
	f.Add("\xEF\xBB\xBFa;b\r\n1;true\r\n", true)
	f.Fuzz(func(t *testing.T, data string, csv bool) {
		name := "f/x.json"
		if csv {
			name = "f/x.csv"
		}
		pl, err := NewPlan("root", []Head{{Path: name, Bytes: int64(len(data)), Data: []byte(data), AtEOF: true}}, nil, Params{})
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range pl.Outputs {
			var buf bytes.Buffer
			w, _ := NewWriter(tg, Params{}, &buf)
			if err := w.Begin(0); err != nil {
				t.Fatal(err)
			}
			for k := 0; k < len(data); k += 5 {
				w.Feed([]byte(data[k:min(k+5, len(data))]))
			}
			w.End()
			w.Close()
			s := tg.Files[0]
			if s.Records != s.Rows+s.Empty+s.Rejected || tg.RowsOut != s.Rows {
				t.Fatalf("counts %+v", s)
			}
			lines := 0
			for _, line := range bytes.Split(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("\n")) {
				if len(buf.Bytes()) == 0 {
					break
				}
				var m map[string]json.RawMessage
				if err := json.Unmarshal(line, &m); err != nil || m == nil {
					t.Fatalf("line %q: %v", line, err)
				}
				lines++
			}
			if int64(lines) != tg.RowsOut {
				t.Fatalf("%d lines, %d rows", lines, tg.RowsOut)
			}
		}
	})
}

// Bytes that are not UTF-8 (a Latin-1 file) become U+FFFD, counted, so
// that every reader can read the output.
func TestRepairUTF8(t *testing.T) {
	pl, out := consolidate(t, map[string]string{
		"l/a.csv":  "name,n\ncaf\xe9,1\n",
		"l/b.json": "{\"name\":\"na\xefve\",\"n\":2}\n",
	}, Params{}, 0, 3)
	want := []string{`{"name":"caf\ufffd","n":1}`, "{\"name\":\"na\uFFFDve\",\"n\":2}"}
	if !slices.Equal(out["l"], want) || pl.Outputs[0].RepairedUTF8 != 2 {
		t.Fatalf("got %q, repaired %d", out["l"], pl.Outputs[0].RepairedUTF8)
	}
}
