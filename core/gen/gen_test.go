package gen

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

var (
	topKeys = []string{"url", "date", "content", "renderedContent", "id", "user", "outlinks", "tcooutlinks",
		"replyCount", "retweetCount", "likeCount", "quoteCount", "conversationId", "lang", "source", "sourceUrl",
		"sourceLabel", "media", "retweetedTweet", "quotedTweet", "mentionedUsers"}
	userKeys = []string{"username", "displayname", "id", "description", "rawDescription", "descriptionUrls",
		"verified", "created", "followersCount", "friendsCount", "statusesCount", "favouritesCount", "listedCount",
		"mediaCount", "location", "protected", "linkUrl", "linkTcourl", "profileImageUrl", "profileBannerUrl", "url"}
)

func gen(t testing.TB, opt TweetOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Tweets(&b, opt); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sample20k is shared by the tests that measure rates over 20,000 lines.
var sample20k = sync.OnceValue(func() []byte { return Sample(20000, 1) })

func lines(b []byte) [][]byte {
	ls := bytes.SplitAfter(b, []byte("\n"))
	if len(ls) > 0 && len(ls[len(ls)-1]) == 0 {
		ls = ls[:len(ls)-1]
	}
	return ls
}

func TestDeterminism(t *testing.T) {
	for _, opt := range []TweetOptions{
		{Bytes: 2 << 20, Seed: 7},
		{Lines: 300, Seed: 0},
		{Lines: 50, Bytes: 1 << 20, Seed: -3},
	} {
		a := sha256.Sum256(gen(t, opt))
		b := sha256.Sum256(gen(t, opt))
		if a != b {
			t.Errorf("%+v: two runs differ", opt)
		}
		other := opt
		other.Seed++
		if c := sha256.Sum256(gen(t, other)); c == a {
			t.Errorf("%+v: seed %d gives the same bytes", opt, other.Seed)
		}
	}
	if !bytes.Equal(Sample(15, 1), Sample(15, 1)) {
		t.Error("Sample is not deterministic")
	}
	if n := len(lines(Sample(15, 1))); n != 15 {
		t.Errorf("Sample(15) has %d lines", n)
	}
}

// objectKeys returns the keys of a JSON object in document order, with the
// raw values.
func objectKeys(t *testing.T, raw []byte) ([]string, map[string]json.RawMessage) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %.80s", raw)
	}
	var keys []string
	vals := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		k := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
		vals[k] = v
	}
	return keys, vals
}

func sameKeys(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("%s keys:\n got %v\nwant %v", what, got, want)
	}
}

// checkTweet checks key order of a tweet, its user, mentioned users and
// (recursively) its quoted tweet.
func checkTweet(t *testing.T, raw []byte, depth int) {
	keys, vals := objectKeys(t, raw)
	sameKeys(t, fmt.Sprintf("tweet (depth %d)", depth), keys, topKeys)
	ukeys, _ := objectKeys(t, vals["user"])
	sameKeys(t, "user", ukeys, userKeys)
	if string(vals["retweetedTweet"]) != "null" {
		t.Fatal("retweetedTweet is not null")
	}
	if q := vals["quotedTweet"]; string(q) != "null" {
		checkTweet(t, q, depth+1)
	}
	if m := vals["mentionedUsers"]; string(m) != "null" {
		var list []json.RawMessage
		if err := json.Unmarshal(m, &list); err != nil || len(list) == 0 {
			t.Fatalf("mentionedUsers: %v (%d entries)", err, len(list))
		}
		for _, e := range list {
			k, _ := objectKeys(t, e)
			sameKeys(t, "mentioned user", k, userKeys)
		}
	}
}

type tweet struct {
	Date           string
	Content        string
	ID             int64
	ConversationID int64
	User           struct{ Username string }
	MentionedUsers []struct{ Username, URL string }
	QuotedTweet    *struct{ Date, Content string }
	Media          []map[string]any
	Outlinks       []string
	Tcooutlinks    []string
}

func TestLinesAreValidTweets(t *testing.T) {
	data := sample20k()
	ls := lines(data)
	if len(ls) != 20000 {
		t.Fatalf("%d lines, want 20000", len(ls))
	}
	for i, c := range data {
		if c >= 0x80 || (c < 0x20 && c != '\n') {
			t.Fatalf("byte %#x at offset %d: output must be ASCII (ensure_ascii)", c, i)
		}
	}
	first, _ := time.Parse(time.RFC3339, "2021-02-12T00:00:00+00:00")
	last, _ := time.Parse(time.RFC3339, "2021-02-24T23:59:59+00:00")
	var prev time.Time
	var prevID int64
	var nMent, nEntries, nQuote, nMedia, nEmoji, nCase, nDevanagari, nGurmukhi int
	var total int
	for i, l := range ls {
		total += len(l)
		if l[len(l)-1] != '\n' {
			t.Fatalf("line %d does not end in a newline", i+1)
		}
		if i < 2000 || i%10 == 0 {
			checkTweet(t, l, 0)
		}
		var m map[string]any
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		var tw tweet
		if err := json.Unmarshal(l, &tw); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		d, err := time.Parse(time.RFC3339, tw.Date)
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if !strings.HasSuffix(tw.Date, "+00:00") || d.Before(first) || d.After(last) {
			t.Fatalf("line %d: date %s out of range", i+1, tw.Date)
		}
		if i > 0 && (d.After(prev) || tw.ID >= prevID) {
			t.Fatalf("line %d: %s (id %d) after %s (id %d): not newest first", i+1, tw.Date, tw.ID, prev, prevID)
		}
		prev, prevID = d, tw.ID
		if !utf8.ValidString(tw.Content) || strings.ContainsRune(tw.Content, utf8.RuneError) {
			t.Fatalf("line %d: content is not clean UTF-8: %q", i+1, tw.Content)
		}
		for _, r := range tw.Content {
			switch {
			case r >= 0x1f300:
				nEmoji++
			case r >= 0x900 && r < 0x980:
				nDevanagari++
			case r >= 0xa00 && r < 0xa80:
				nGurmukhi++
			}
		}
		if tw.MentionedUsers != nil {
			nMent++
			nEntries += len(tw.MentionedUsers)
			for _, m := range tw.MentionedUsers {
				at := "@" + m.Username
				if !strings.Contains(strings.ToLower(tw.Content), strings.ToLower(at)) {
					t.Fatalf("line %d: %s not in content %q", i+1, at, tw.Content)
				}
				if !strings.Contains(tw.Content, at) {
					nCase++
				}
				if m.URL != "https://twitter.com/"+m.Username {
					t.Fatalf("line %d: mentioned url %s", i+1, m.URL)
				}
			}
		}
		if tw.QuotedTweet != nil {
			nQuote++
			if tw.QuotedTweet.Date > tw.Date || len(tw.Outlinks) == 0 {
				t.Fatalf("line %d: quoted tweet %s newer than %s or not linked", i+1, tw.QuotedTweet.Date, tw.Date)
			}
		}
		if tw.Media != nil {
			nMedia++
		}
		if len(tw.Outlinks) != len(tw.Tcooutlinks) {
			t.Fatalf("line %d: %d outlinks, %d t.co links", i+1, len(tw.Outlinks), len(tw.Tcooutlinks))
		}
		for _, tco := range tw.Tcooutlinks {
			if !strings.Contains(tw.Content, tco) {
				t.Fatalf("line %d: %s not in content", i+1, tco)
			}
		}
		if !strings.Contains(string(l), `"url": "https://twitter.com/`+tw.User.Username+`/status/`) {
			t.Fatalf("line %d: url does not name the author", i+1)
		}
	}
	n := float64(len(ls))
	rate := func(what string, got, want, tol float64) {
		t.Helper()
		t.Logf("%s: %.4f (published %.4f)", what, got, want)
		if got < want-tol || got > want+tol {
			t.Errorf("%s = %.4f, want %.4f ± %.2f", what, got, want, tol)
		}
	}
	rate("mentionedUsers non-null", float64(nMent)/n, 38034.0/117407, 0.03)
	rate("quotedTweet non-null", float64(nQuote)/n, 41436.0/117407, 0.03)
	rate("media non-null", float64(nMedia)/n, 28109.0/117407, 0.03)
	rate("entries per mentionedUsers", float64(nEntries)/float64(nMent), 103403.0/38034, 0.15)
	avg := float64(total) / n
	t.Logf("average line: %.0f bytes (published %d)", avg, avgLineBytes)
	if avg < 3000 || avg > 4000 {
		t.Errorf("average line length %.0f, want 3000..4000", avg)
	}
	if nEmoji == 0 || nDevanagari == 0 || nGurmukhi == 0 || nCase == 0 {
		t.Errorf("emoji %d, Devanagari %d, Gurmukhi %d, differently cased mentions %d: want all > 0",
			nEmoji, nDevanagari, nGurmukhi, nCase)
	}
	if !bytes.Contains(data, []byte(`\ud83d\ude4f`)) || !bytes.Contains(data, []byte(`&amp;`)) ||
		!bytes.Contains(data, []byte(`\"`)) || !bytes.Contains(data, []byte(`\\`)) || !bytes.Contains(data, []byte(`\n`)) {
		t.Error("output lacks surrogate-pair emoji, &amp;, \\\", \\\\ or \\n escapes")
	}
}

// TestDistributions checks the shapes the published answers describe.
func TestDistributions(t *testing.T) {
	ls := lines(sample20k())
	days := map[string]int{}
	dayUsers := map[string]map[string]int{}
	mentions := map[string]int{}
	for _, l := range ls {
		var tw tweet
		if err := json.Unmarshal(l, &tw); err != nil {
			t.Fatal(err)
		}
		day := tw.Date[:10]
		days[day]++
		if dayUsers[day] == nil {
			dayUsers[day] = map[string]int{}
		}
		dayUsers[day][tw.User.Username]++
		for _, m := range tw.MentionedUsers {
			mentions[m.Username]++
		}
	}
	if len(days) != numDays {
		t.Errorf("%d distinct days, want %d", len(days), numDays)
	}
	busiest := top(days, 1)[0]
	if busiest != "2021-02-12" {
		t.Errorf("busiest day %s, want 2021-02-12", busiest)
	}
	if u := top(dayUsers["2021-02-12"], 1)[0]; u != "RanbirS00614606" {
		t.Errorf("top user of 2021-02-12 is %s", u)
	}
	want := []string{"narendramodi", "Kisanektamorcha", "RakeshTikaitBKU", "PMOIndia", "RahulGandhi",
		"GretaThunberg", "RaviSinghKA", "rihanna", "UNHumanRights", "meenaharris"}
	got := top(mentions, 10)
	t.Logf("top mentions: %v", got)
	in := map[string]bool{}
	for _, u := range got {
		in[u] = true
	}
	if got[0] != "narendramodi" {
		t.Errorf("top mention %s, want narendramodi", got[0])
	}
	missing := 0
	for _, u := range want {
		if !in[u] {
			missing++
		}
	}
	if missing > 2 {
		t.Errorf("top 10 mentions %v miss %d of the published ten", got, missing)
	}
}

func top(m map[string]int, n int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys[:min(n, len(keys))]
}

func TestBytesLimit(t *testing.T) {
	for _, n := range []int64{1, 1000, 3473, 100_000, 3_000_000} {
		out := gen(t, TweetOptions{Bytes: n, Seed: n})
		ls := lines(out)
		lastLen := int64(len(ls[len(ls)-1]))
		if int64(len(out)) < n || int64(len(out))-lastLen >= n {
			t.Errorf("Bytes=%d: wrote %d bytes in %d lines (last %d): want the first line reaching %d to be the last",
				n, len(out), len(ls), lastLen, n)
		}
		// The days still span the whole range.
		if n >= 3_000_000 {
			if d := string(ls[len(ls)-1][40:100]); !strings.Contains(d, `"date": "2021-02-12T`) {
				t.Errorf("Bytes=%d: last line is not on 2021-02-12: %s", n, d)
			}
			if d := string(ls[0][40:100]); !strings.Contains(d, `"date": "2021-02-24T09:2`) {
				t.Errorf("Bytes=%d: first line is not at the end of the scrape: %s", n, d)
			}
		}
	}
}

func TestLinesLimit(t *testing.T) {
	for _, tc := range []struct {
		opt  TweetOptions
		want int
	}{
		{TweetOptions{Lines: 1}, 1},
		{TweetOptions{Lines: 13}, 13},
		{TweetOptions{Lines: 1000, Bytes: 1 << 30}, 1000},
		{TweetOptions{Lines: 1000, Bytes: 1}, 1},
	} {
		if got := len(lines(gen(t, tc.opt))); got != tc.want {
			t.Errorf("%+v: %d lines, want %d", tc.opt, got, tc.want)
		}
	}
	for _, bad := range []TweetOptions{{}, {Lines: -1}, {Bytes: -5}} {
		if err := Tweets(io.Discard, bad); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

func TestAppendEscaped(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{`a "b" \c`, `a \"b\" \\c`},
		{"l1\nl2\tx\r\b\f\x01\x7f", `l1\nl2\tx\r\b\f\u0001\u007f`},
		{"\u2026 ਕ", `\u2026 \u0a15`},
		{"🙏🏻", `\ud83d\ude4f\ud83c\udffb`},
		{"❤️", `\u2764\ufe0f`},
	} {
		if got := string(esc(tc.in)); got != tc.want {
			t.Errorf("esc(%q) = %s, want %s", tc.in, got, tc.want)
		}
		var back string
		if err := json.Unmarshal([]byte(`"`+string(esc(tc.in))+`"`), &back); err != nil || back != tc.in {
			t.Errorf("round trip of %q: %q, %v", tc.in, back, err)
		}
	}
}

func TestAppendDate(t *testing.T) {
	for _, sec := range []int64{0, 951782400, day0, day0 + 86399, 1614158615, 1230768000 - 1, 1709164800} {
		want := time.Unix(sec, 0).UTC().Format("2006-01-02T15:04:05") + "+00:00"
		if got := string(appendDate(nil, sec)); got != want {
			t.Errorf("appendDate(%d) = %s, want %s", sec, got, want)
		}
	}
}

// TestMemoryFlat: generating more output must not allocate more.
func TestMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	small := testing.AllocsPerRun(1, func() { Tweets(io.Discard, TweetOptions{Bytes: 1 << 20}) })
	large := testing.AllocsPerRun(1, func() { Tweets(io.Discard, TweetOptions{Bytes: 32 << 20}) })
	t.Logf("allocations: %.0f for 1 MiB, %.0f for 32 MiB", small, large)
	if large > small+200 {
		t.Errorf("allocations grow with output: %.0f for 1 MiB, %.0f for 32 MiB", small, large)
	}
}

func BenchmarkTweets(b *testing.B) {
	const size = 64 << 20
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		w := bufio.NewWriterSize(io.Discard, 1<<16)
		if err := Tweets(w, TweetOptions{Bytes: size, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
