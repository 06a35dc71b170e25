package gen

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"unicode/utf16"
)

// A BadInputCase is one file of the bad-input matrix: what is wrong with it
// and which recipe reads it. Its path is slash-separated, relative to the
// folder BadInput writes.
type BadInputCase struct {
	Path   string
	Recipe string // "tweets" (JSON files) or "engagement" (CSV files)
	What   string // the item of the matrix it stands for
}

// BadInputOptions configures BadInput.
type BadInputOptions struct {
	// EmptyFiles is how many empty files json/empty-files/ holds (the
	// matrix asks for 100,000; a browser test may take fewer).
	EmptyFiles int
	// LongLineBytes is the length of the single long line of
	// json/long-line.jsonl (the matrix asks for 50 MB).
	LongLineBytes int
}

// BadInputCases lists the files of the bad-input matrix. Every JSON case
// but the whole-file ones holds good tweets around the bad part, and every
// CSV case good rows, so that a test can check the good records still
// count. The expected outcome of each is asserted where it is read
// (core/engine/badinput_test.go, build/browser/badinput.test.mjs).
var BadInputCases = []BadInputCase{
	{"json/truncated.jsonl.gz", "tweets", "truncated gzip"},
	{"json/garbage.jsonl.gz", "tweets", "gzip of garbage"},
	{"json/binary-dropped-by-mistake.json", "tweets", "a binary file dropped by mistake"},
	{"json/invalid-utf8.jsonl", "tweets", "invalid UTF-8"},
	{"json/utf16-bom.jsonl", "tweets", "UTF-16 with a byte-order mark"},
	{"json/long-line.jsonl", "tweets", "a 50 MB single line"},
	{"json/deep-nesting.jsonl", "tweets", "a JSON line nested 10,000 levels deep"},
	{"json/duplicate-keys.jsonl", "tweets", "duplicate keys"},
	{"json/numbers-out-of-range.jsonl", "tweets", "numbers out of range"},
	{"json/empty.jsonl", "tweets", "an empty file"},
	{"json/changing.jsonl", "tweets", "a file that changes while it is read"},
	{"json/mixed-line-endings.jsonl", "tweets", "mixed line endings"},
	{"json/nul-bytes.jsonl", "tweets", "NUL bytes"},
	{"json/dates.jsonl", "tweets", "dates out of range or in an unknown format"},
	{"json/empty-files/", "tweets", "a folder of empty files"},
	{"csv/unbalanced-quotes.csv", "engagement", "CSV with unbalanced quotes"},
	{"csv/ragged-columns.csv", "engagement", "rows with too many or too few columns"},
	{"csv/header-only.csv", "engagement", "a header only"},
	{"csv/empty.csv", "engagement", "an empty file"},
	{"csv/numbers-out-of-range.csv", "engagement", "numbers out of range"},
	{"csv/dates.csv", "engagement", "dates out of range or in an unknown format"},
	{"csv/mixed-line-endings.csv", "engagement", "mixed line endings"},
}

// BadInputTweet is the good tweet line number n (no line break).
func BadInputTweet(n int) string {
	return fmt.Sprintf(`{"date":"2021-02-%02dT10:%02d:00Z","user":"user%d","text":"good tweet %d @friend%d 🙂"}`,
		1+n%28, n%60, n%7, n, n%3)
}

// BadInputRow is the good interaction row number n (no line break).
func BadInputRow(n int) string {
	return fmt.Sprintf("u%d,2021-02-%02d 10:%02d:00,click,p%d,%d,1.%d", n%5, 1+n%28, n%60, n%4, 1000+n, n%3)
}

// BadInputHeader is the header of the CSV cases.
const BadInputHeader = "user_id,timestamp,action_type,page_id,duration_ms,app_version"

// BadInput writes the bad-input matrix: json/ (read by the tweets recipe)
// and csv/ (read by engagement), one file per case of BadInputCases, and
// json/empty-files/ with opt.EmptyFiles empty files. create opens a file
// by its slash-separated path. The same options always give the same bytes.
func BadInput(opt BadInputOptions, create func(path string) (io.WriteCloser, error)) error {
	if opt.LongLineBytes <= 0 {
		opt.LongLineBytes = 50 << 20
	}
	r := rand.New(rand.NewPCG(8, 8))
	tweets := func(from, n int) string {
		var b strings.Builder
		for i := from; i < from+n; i++ {
			b.WriteString(BadInputTweet(i))
			b.WriteByte('\n')
		}
		return b.String()
	}
	rows := func(from, n int) string {
		var b strings.Builder
		for i := from; i < from+n; i++ {
			b.WriteString(BadInputRow(i))
			b.WriteByte('\n')
		}
		return b.String()
	}
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	gz := func(data []byte) []byte {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
		zw.Write(data)
		zw.Close()
		return b.Bytes()
	}

	files := map[string][]byte{}
	// A download cut off: the stream ends in the middle of a deflate block.
	whole := gz([]byte(tweets(0, 2000)))
	files["json/truncated.jsonl.gz"] = whole[:len(whole)*6/10]
	files["json/garbage.jsonl.gz"] = gz(random(64 << 10))
	// A JPEG that a folder export named .json.
	files["json/binary-dropped-by-mistake.json"] = append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, random(32<<10)...)
	files["json/invalid-utf8.jsonl"] = []byte(tweets(0, 2) +
		`{"date":"2021-02-03T10:00:00Z","user":"latin1","text":"caf` + "\xe9 \xff\xfe" + `"}` + "\n" +
		tweets(2, 2))
	var u16 bytes.Buffer
	u16.Write([]byte{0xFF, 0xFE})
	for _, c := range utf16.Encode([]rune(tweets(0, 3))) {
		u16.Write([]byte{byte(c), byte(c >> 8)})
	}
	files["json/utf16-bom.jsonl"] = u16.Bytes()
	long := fmt.Sprintf(`{"date":"2021-02-05T10:00:00Z","user":"long","text":"%s"}`, strings.Repeat("a", max(0, opt.LongLineBytes-60)))
	files["json/long-line.jsonl"] = []byte(tweets(0, 1) + long + "\n" + tweets(1, 1))
	deep := `{"date":"2021-02-06T10:00:00Z","user":"deep","text":"deep","nested":` +
		strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "}"
	deepObject := `{"date":"2021-02-06T11:00:00Z","user":"deeper","text":"deeper","nested":` +
		strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000) + "}"
	unclosed := `{"date":"2021-02-06T12:00:00Z","user":"unclosed","text":"x","nested":` + strings.Repeat("[", 10000) + "}"
	files["json/deep-nesting.jsonl"] = []byte(tweets(0, 1) + deep + "\n" + deepObject + "\n" + unclosed + "\n" + tweets(1, 1))
	files["json/duplicate-keys.jsonl"] = []byte(tweets(0, 1) +
		`{"date":"2021-02-07T10:00:00Z","user":"first","user":"second","text":"two users"}` + "\n" +
		`{"date":"2021-02-07T10:00:00Z","date":"not a date","user":"dupdate","text":"two dates"}` + "\n" +
		tweets(1, 1))
	files["json/numbers-out-of-range.jsonl"] = []byte(tweets(0, 1) +
		`{"date":1e400,"user":"huge","text":"epoch past float64"}` + "\n" +
		`{"date":99999999999999999999999,"user":"huge","text":"epoch past int64"}` + "\n" +
		`{"date":-1e30,"user":"huge","text":"epoch before time"}` + "\n" +
		`{"date":"2021-02-08T10:00:00Z","user":"big","text":"unused big number","retweets":1e999}` + "\n" +
		tweets(1, 1))
	files["json/empty.jsonl"] = nil
	files["json/changing.jsonl"] = []byte(tweets(0, 1000))
	files["json/mixed-line-endings.jsonl"] = []byte(BadInputTweet(0) + "\n" + BadInputTweet(1) + "\r\n" +
		BadInputTweet(2) + "\r" + BadInputTweet(3) + "\n" + BadInputTweet(4) + "\r\n")
	files["json/nul-bytes.jsonl"] = []byte(tweets(0, 1) +
		"\x00\x00\x00\x00\n" +
		`{"date":"2021-02-09T10:00:00Z","user":"nul` + "\x00" + `","text":"raw NUL in a string"}` + "\n" +
		tweets(1, 1) + strings.Repeat("\x00", 4096))
	files["json/dates.jsonl"] = []byte(tweets(0, 1) +
		`{"date":"2021-02-30T10:00:00Z","user":"d","text":"no such day"}` + "\n" +
		`{"date":"10000-01-01T00:00:00Z","user":"d","text":"year 10000"}` + "\n" +
		`{"date":"yesterday","user":"d","text":"words"}` + "\n" +
		`{"date":"01/02/2021","user":"d","text":"ambiguous"}` + "\n" +
		`{"date":"","user":"d","text":"empty"}` + "\n" +
		tweets(1, 1))

	files["csv/unbalanced-quotes.csv"] = []byte(BadInputHeader + "\n" + rows(0, 2) +
		`u9,"2021-02-10 10:00:00,click,p1,100,1.0` + "\n" + rows(2, 2))
	files["csv/ragged-columns.csv"] = []byte(BadInputHeader + "\n" + rows(0, 2) +
		"u9,2021-02-11 10:00:00,click,p1,100,1.0,extra\n" +
		"u9,2021-02-11 10:00:00,click\n" + rows(2, 2))
	files["csv/header-only.csv"] = []byte(BadInputHeader + "\n")
	files["csv/empty.csv"] = nil
	files["csv/numbers-out-of-range.csv"] = []byte(BadInputHeader + "\n" + rows(0, 2) +
		"u9,2021-02-12 10:00:00,click,p1,1e400,1.0\n" +
		"u9,2021-02-12 10:00:00,click,p1,99999999999999999999999,1.0\n" +
		"u9,2021-02-12 10:00:00,click,p1,-5,1.0\n" + rows(2, 2))
	files["csv/dates.csv"] = []byte(BadInputHeader + "\n" + rows(0, 2) +
		"u9,2021-13-01 10:00:00,click,p1,100,1.0\n" +
		"u9,10000-01-01 10:00:00,click,p1,100,1.0\n" +
		"u9,yesterday,click,p1,100,1.0\n" + rows(2, 2))
	files["csv/mixed-line-endings.csv"] = []byte(BadInputHeader + "\r\n" + BadInputRow(0) + "\n" + BadInputRow(1) + "\r\n" +
		BadInputRow(2) + "\r" + BadInputRow(3) + "\n")

	for _, c := range BadInputCases {
		if strings.HasSuffix(c.Path, "/") {
			continue
		}
		data, ok := files[c.Path]
		if !ok {
			return fmt.Errorf("gen: no content for %s", c.Path)
		}
		if err := writeAll(create, c.Path, data); err != nil {
			return err
		}
	}
	for i := range opt.EmptyFiles {
		if err := writeAll(create, fmt.Sprintf("json/empty-files/%06d.json", i), nil); err != nil {
			return err
		}
	}
	return nil
}

func writeAll(create func(string) (io.WriteCloser, error), path string, data []byte) error {
	w, err := create(path)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
