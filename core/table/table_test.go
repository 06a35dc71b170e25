package table

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestAppendString(t *testing.T) {
	cases := []string{"", "plain", `quote " and \ back`, "tab\tnl\ncr\r", "\x00\x01\x1f\x7f", "é 日本 😀",
		"<a href='x'>&amp;</a>", "line\u2028sep\u2029", "bad \xff\xfe utf8 \xe2\x82", "\ud7ff"}
	for _, s := range cases {
		enc := AppendString(nil, []byte(s))
		var back string
		if err := json.Unmarshal(enc, &back); err != nil {
			t.Errorf("%q: %s is not JSON: %v", s, enc, err)
			continue
		}
		want := strings.ToValidUTF8(s, "\ufffd")
		if !utf8.ValidString(s) {
			// each invalid byte becomes one U+FFFD
			var b strings.Builder
			for i := 0; i < len(s); {
				r, n := utf8.DecodeRuneInString(s[i:])
				b.WriteRune(r)
				i += n
			}
			want = b.String()
		}
		if back != want {
			t.Errorf("%q: read back %q, want %q", s, back, want)
		}
		if strings.ContainsAny(string(enc), "\u2028\u2029") {
			t.Errorf("%q: line separators left raw in %s", s, enc)
		}
	}
}

func TestRow(t *testing.T) {
	var r Row
	r.Begin()
	r.String("a", []byte("x\"y"))
	r.StringOrNull("b", nil, true)
	r.Int("c", -3)
	r.Float("d", 87.3)
	r.Float("e", 100)
	r.Raw("f", []byte(`[1]`))
	if got := string(r.End()); got != `{"a":"x\"y","b":null,"c":-3,"d":87.3,"e":100,"f":[1]}` {
		t.Errorf("row %s", got)
	}
	r.Begin()
	if got := string(r.End()); got != `{}` {
		t.Errorf("empty row %s", got)
	}
}

func TestBuffer(t *testing.T) {
	var flushed []string
	b := Buffer{Limit: 10, Flush: func(table string, ndjson []byte) {
		flushed = append(flushed, table+":"+string(ndjson))
	}}
	b.Row("s", []byte(`{"a":1}`)) // 8 bytes with its newline: kept
	b.Row("g", []byte(`{}`))
	b.Row("s", []byte(`{"a":2}`)) // 16: handed on
	b.FlushAll()
	want := []string{"s:{\"a\":1}\n{\"a\":2}\n", "g:{}\n"}
	if !slices.Equal(flushed, want) {
		t.Errorf("flushed %q, want %q", flushed, want)
	}
	if b.Rows("s") != 2 || b.Rows("x") != 0 || !slices.Equal(b.Tables(), []string{"s", "g"}) {
		t.Errorf("rows %d, tables %v", b.Rows("s"), b.Tables())
	}
	// Without Flush, rows wait for Take.
	var p Buffer
	p.Row("s", []byte(`{}`))
	p.Row("s", []byte(`{"b":2}`))
	if got := string(p.Take("s")); got != "{}\n{\"b\":2}\n" || p.Take("s") != nil {
		t.Errorf("take %q", got)
	}
}

func TestDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out")
	d, err := NewDir(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Open("empty", "rows"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := Buffer{Limit: 100, Flush: d.Write}
			for i := range 1000 {
				b.Row("rows", fmt.Appendf(nil, `{"w":%d,"i":%d}`, w, i))
			}
			b.FlushAll()
		}()
	}
	wg.Wait()
	d.Row("rows", []byte(`{"last":true}`))
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if lines := read(t, d.Path("empty")); len(lines) != 0 {
		t.Errorf("empty table has %d lines", len(lines))
	}
	lines := read(t, d.Path("rows"))
	seen := map[string]bool{}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		seen[l] = true
	}
	if len(lines) != 4001 || len(seen) != 4001 {
		t.Errorf("%d lines, %d distinct", len(lines), len(seen))
	}
	if err := d.Open("late"); err == nil {
		t.Error("a table opened after Close")
	}
	if _, err := NewDir(filepath.Join(path, "rows.ndjson.gz", "x")); err == nil {
		t.Error("a folder inside a file")
	}
	d2, _ := NewDir(t.TempDir())
	d2.Write("../escape", []byte("{}\n"))
	if err := d2.Close(); err == nil {
		t.Error("a table name with a path was accepted")
	}
}

func read(t *testing.T, path string) []string {
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
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}
