package gen

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	mentions "dropsight/core/mention"
	"dropsight/core/sentiment"
	"dropsight/core/timestamp"
)

func TestLabelledDeterminism(t *testing.T) {
	var a, b bytes.Buffer
	opt := LabelledOptions{Tweets: 2000, Seed: 1}
	if err := LabelledTweets(&a, opt); err != nil {
		t.Fatal(err)
	}
	LabelledTweets(&b, opt)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("same seed, different bytes")
	}
	// tweet i does not depend on the order tweets are made in
	g := NewLabelled(opt)
	lines := bytes.Split(a.Bytes(), []byte("\n"))
	for _, i := range []int{1999, 0, 777} {
		if got := g.Append(nil, i); !bytes.Equal(got, lines[i]) {
			t.Fatalf("tweet %d alone differs: %s vs %s", i, got, lines[i])
		}
	}
	var c bytes.Buffer
	LabelledTweets(&c, LabelledOptions{Tweets: 2000, Seed: 2})
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Fatal("different seeds, same bytes")
	}
	if err := LabelledTweets(io.Discard, LabelledOptions{}); err == nil {
		t.Error("no tweets asked, no error")
	}
}

// The generated tweets look like Sentiment140's: the shape, the dates, a
// balance of labels, mentions in 40-50% of tweets, and a lexicon model
// right on 65-75% of them (binary view), not on all.
func TestLabelledDistributions(t *testing.T) {
	const n = 20000
	var buf bytes.Buffer
	LabelledTweets(&buf, LabelledOptions{Tweets: n, Seed: 1})
	from := time.Date(2009, 4, 7, 5, 19, 45, 0, time.UTC).Unix()
	to := time.Date(2009, 6, 25, 17, 28, 31, 0, time.UTC).Unix()
	var positive, mentioned, correct, utc int
	users := map[string]int{}
	var a sentiment.Analyzer
	for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		if !bytes.HasPrefix(line, []byte(`{"date":"`)) || !bytes.Contains(line, []byte(`","user":"`)) ||
			!bytes.Contains(line, []byte(`","text":"`)) || !bytes.Contains(line, []byte(`","sentiment":"`)) {
			t.Fatalf("keys not in order: %s", line)
		}
		var tw struct{ Date, User, Text, Sentiment string }
		if err := json.Unmarshal(line, &tw); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		unix, ok := timestamp.Parse([]byte(tw.Date), nil)
		if !ok || unix < from || unix > to {
			t.Fatalf("date %q outside the span", tw.Date)
		}
		if strings.Contains(tw.Date, " UTC ") {
			utc++
		}
		users[tw.User]++
		has := false
		mentions.Each([]byte(tw.Text), func([]byte) { has = true })
		if has {
			mentioned++
		}
		switch tw.Sentiment {
		case "positive":
			positive++
		case "negative":
		default:
			t.Fatalf("label %q", tw.Sentiment)
		}
		pred := a.Analyze([]byte(tw.Text)).Label == sentiment.Positive
		if pred == (tw.Sentiment == "positive") {
			correct++
		}
	}
	share := func(k int) float64 { return float64(k) / n }
	if s := share(positive); s < 0.48 || s > 0.52 {
		t.Errorf("positive share %.3f", s)
	}
	if s := share(mentioned); s < 0.40 || s > 0.50 {
		t.Errorf("mention share %.3f", s)
	}
	if s := share(correct); s < 0.65 || s > 0.75 {
		t.Errorf("binary accuracy of the built-in model %.3f, want 0.65-0.75", s)
	}
	if s := share(utc); s < 0.03 || s > 0.07 {
		t.Errorf("UTC share %.3f", s)
	}
	top := 0
	for _, k := range users {
		top = max(top, k)
	}
	if len(users) < n/10 || top < 5 || top > n/50 {
		t.Errorf("%d users, the busiest with %d tweets", len(users), top)
	}
	t.Logf("positive %.3f, mentioned %.3f, model binary accuracy %.3f, %d users (top %d)",
		share(positive), share(mentioned), share(correct), len(users), top)
}

func TestLabelledCodes(t *testing.T) {
	g := NewLabelled(LabelledOptions{Tweets: 100, Seed: 1, Codes: true})
	w := NewLabelled(LabelledOptions{Tweets: 100, Seed: 1})
	for i := range 100 {
		c, s := string(g.Append(nil, i)), string(w.Append(nil, i))
		s = strings.Replace(strings.Replace(s, `"sentiment":"positive"`, `"sentiment":"4"`, 1), `"sentiment":"negative"`, `"sentiment":"0"`, 1)
		if c != s {
			t.Fatalf("codes change more than the label: %s vs %s", c, s)
		}
	}
}

func BenchmarkLabelled(b *testing.B) {
	g := NewLabelled(LabelledOptions{Tweets: 200000, Seed: 1})
	var line []byte
	i := 0
	for b.Loop() {
		line = g.Append(line[:0], i)
		i++
	}
	b.SetBytes(int64(len(line)))
}
