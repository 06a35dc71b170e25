package emoji

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// reference is the definition run the slow way: segment all of text with
// uniseg and keep the clusters IsEmoji accepts.
func reference(text []byte, fn func(cluster []byte)) {
	state := -1
	for len(text) > 0 {
		var cluster []byte
		cluster, text, _, state = uniseg.FirstGraphemeCluster(text, state)
		if IsEmoji(cluster) {
			fn(cluster)
		}
	}
}

// found is an emoji cluster with its position in the text.
type found struct {
	Offset  int
	Cluster string
}

// collect runs each (Each or reference) on text and returns what it reported,
// with offsets recovered from the aliasing clusters.
func collect(each func([]byte, func([]byte)), text []byte) []found {
	var out []found
	each(text, func(cluster []byte) {
		off := -1
		for k := range text {
			if &text[k] == &cluster[0] {
				off = k
				break
			}
		}
		out = append(out, found{off, string(cluster)})
	})
	return out
}

func clusters(fs []found) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Cluster)
	}
	return out
}

var eachTests = []struct {
	name string
	text string
	want []string
}{
	{"empty", "", nil},
	{"ascii only", "Just landed in Delhi, 40 degrees #heatwave @imd_weather https://t.co/xyz 1 2 3 #1", nil},
	{"folded hands", "thank you 🙏", []string{"🙏"}},
	{"folded hands with and without skin tone", "🙏🏻 and 🙏", []string{"🙏🏻", "🙏"}},
	{"heart with and without FE0F", "❤ ❤️", []string{"❤", "❤️"}},
	{"flag kept whole", "Jai Hind 🇮🇳!", []string{"🇮🇳"}},
	{"two adjacent flags", "🇮🇳🇺🇸", []string{"🇮🇳", "🇺🇸"}},
	{"lone regional indicator", "x 🇮 y", nil},
	{"flag then lone regional indicator", "🇮🇳🇺", []string{"🇮🇳"}},
	{"ZWJ family", "family: 👨‍👩‍👧 ok", []string{"👨‍👩‍👧"}},
	{"ZWJ with skin tones", "🧑🏽‍🤝‍🧑🏻", []string{"🧑🏽‍🤝‍🧑🏻"}},
	{"tag flag", "🏴󠁧󠁢󠁥󠁮󠁧󠁿 vs 🏴", []string{"🏴󠁧󠁢󠁥󠁮󠁧󠁿", "🏴"}},
	{"keycaps", "press 1️⃣ or #️⃣ or *️⃣", []string{"1️⃣", "#️⃣", "*️⃣"}},
	{"keycap without FE0F", "1\u20E3", []string{"1\u20E3"}},
	{"keycap at start after digits", "121️⃣", []string{"1️⃣"}},
	{"lone skin tone at start", "🏻 hi", []string{"🏻"}},
	{"skin tone after space joins the space", "hi 🏻", nil},
	{"skin tone after LF", "hi\n🏾", []string{"🏾"}},
	{"skin tone after CR LF", "hi\r\n🏿", []string{"🏿"}},
	{"skin tone after emoji", "😂🏻", []string{"😂🏻"}},
	{"bare copyright registered trademark", "© ® ™ ©®™", nil},
	{"with FE0F they count", "©️ ®️ ™️", []string{"©️", "®️", "™️"}},
	{"trademark with combining mark counts", "™\u0301", []string{"™\u0301"}},
	{"other text-style pictographs count bare", "‼ ℹ ↔", []string{"‼", "ℹ", "↔"}},
	{"after Devanagari", "नमस्ते🙏 दोस्तों😂", []string{"🙏", "😂"}},
	{"after Gurmukhi", "ਸਤ ਸ੍ਰੀ ਅਕਾਲ ਜੀ🙏🏽", []string{"🙏🏽"}},
	{"Devanagari combining mark then emoji", "कि😀", []string{"😀"}},
	{"after CR LF", "line one\r\n😀\r\n", []string{"😀"}},
	{"invalid bytes skipped", "\xff😀\xfe\xf0\x9f\x98", []string{"😀"}},
	{"truncated emoji then emoji", "\xf0\x9f\x98😀", []string{"😀"}},
	{"bad byte before keycap mark", "\xff\u20E3", []string{"\xff\u20E3"}},
	{"start and end", "😀abc😀", []string{"😀", "😀"}},
	{"only an emoji", "😀", []string{"😀"}},
	{"many in a row", "😂😂😂", []string{"😂", "😂", "😂"}},
	{"emoji with combining mark", "😀\u0301x", []string{"😀\u0301"}},
	{"Prepend joins emoji", "\u0600😀", []string{"\u0600😀"}},
	{"Prepend joins keycap base", "\u06001\uFE0F\u20E3", []string{"\u06001\uFE0F\u20E3"}},
	{"Prepend joins ASCII before keycap", "x\u0600a 1\u20E3", []string{"1\u20E3"}},
	{"ZWJ after FE0F", "❤️‍🔥!", []string{"❤️‍🔥"}},
	{"ZWJ after skin tone", "🙏🏻‍", []string{"🙏🏻‍"}},
	{"repeated modifiers", "😀️️👍🏻🏻 x", []string{"😀️️", "👍🏻🏻"}},
	{"FE0E text presentation", "❤︎", []string{"❤︎"}},
	{"pictograph after lone ZWJ", "a‍😀", []string{"😀"}},
	{"pictograph then flag", "😀🇮🇳", []string{"😀", "🇮🇳"}},
	{"pictograph then Devanagari mark", "😀े", []string{"😀े"}},
	{"Prepend joins flag", "\u0600🇮🇳", []string{"\u0600🇮🇳"}},
	{"flags then lone regional indicator", "🇮🇳🇺🇸🇬x", []string{"🇮🇳", "🇺🇸"}},
	{"flag after combining mark", "e\u0301🇮🇳", []string{"🇮🇳"}},
	{"flag after lone ZWJ", "\u200D🇮🇳", []string{"🇮🇳"}},
	{"flag with FE0F then pictograph", "🇮🇳\uFE0F😀", []string{"🇮🇳\uFE0F", "😀"}},
	{"Hangul then emoji", "한국어😀", []string{"😀"}},
	{"CJK punctuation pictograph", "〰 〽", []string{"〰", "〽"}},
	{"non-pictograph U+1F100", "🄀 🄰", nil},
}

func TestEach(t *testing.T) {
	for _, tt := range eachTests {
		t.Run(tt.name, func(t *testing.T) {
			got := clusters(collect(Each, []byte(tt.text)))
			want := tt.want
			if want == nil {
				want = []string{}
			}
			if !slices.Equal(got, want) {
				t.Errorf("Each(%+q) = %+q, want %+q", tt.text, got, want)
			}
			if ref := clusters(collect(reference, []byte(tt.text))); !slices.Equal(got, ref) {
				t.Errorf("Each(%+q) = %+q, whole-text uniseg gives %+q", tt.text, got, ref)
			}
		})
	}
}

func TestEachCapacity(t *testing.T) {
	text := []byte("😀😀")
	Each(text, func(cluster []byte) {
		_ = append(cluster, 'x')
	})
	if string(text) != "😀😀" {
		t.Errorf("appending to a cluster changed the text: %+q", text)
	}
}

func TestIsEmoji(t *testing.T) {
	tests := []struct {
		cluster string
		want    bool
	}{
		{"", false},
		{"a", false},
		{"\n", false},
		{"न", false},
		{"😀", true},
		{"🙏🏻", true},
		{"❤", true},
		{"❤️", true},
		{"©", false},
		{"®", false},
		{"™", false},
		{"©️", true},
		{"®️", true},
		{"™️", true},
		{"🇮", false},
		{"🇮🇳", true},
		{"1️⃣", true},
		{"1\uFE0F", false},
		{"🏻", true},
		{"🏿\u0301", true},
		{" 🏻", false},
		{"\uFE0F", false},
		{"\u200D", false},
		{"🄰", false},
		{"\xff", false},
	}
	for _, tt := range tests {
		if got := IsEmoji([]byte(tt.cluster)); got != tt.want {
			t.Errorf("IsEmoji(%+q) = %v, want %v", tt.cluster, got, tt.want)
		}
	}
}

// probePictographic and probePrepend repeat gen_table.go's derivation, so the
// checked-in table is tested against the uniseg in go.mod.
func probePictographic(r rune) bool {
	s := string(r)
	return uniseg.GraphemeClusterCount("😀\u200D"+s) == 1 && uniseg.GraphemeClusterCount("a"+s) == 2
}

func probePrepend(r rune) bool { return uniseg.GraphemeClusterCount(string(r)+"a") == 1 }

func inRanges(ranges [][2]rune, r rune) bool {
	_, ok := slices.BinarySearchFunc(ranges, r, func(s [2]rune, r rune) int {
		switch {
		case s[1] < r:
			return -1
		case s[0] > r:
			return 1
		}
		return 0
	})
	return ok
}

func TestTablesMatchUniseg(t *testing.T) {
	if testing.Short() {
		t.Skip("probes every code point")
	}
	pict, prep := pictographicRanges[:], prependRanges[:]
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		want := probePictographic(r)
		if got := isPictographic(r); got != want {
			t.Errorf("isPictographic(%U) = %v, uniseg says %v; run go generate", r, got, want)
		}
		if got := inRanges(pict, r); got != want {
			t.Errorf("pictographicRanges has %U = %v, uniseg says %v; run go generate", r, got, want)
		}
		if got, want := isPrepend(r), probePrepend(r); got != want {
			t.Errorf("isPrepend(%U) = %v, uniseg says %v; run go generate", r, got, want)
		}
		if got, want := inRanges(prep, r), isPrepend(r); got != want {
			t.Errorf("prependRanges has %U = %v, isPrepend says %v", r, got, want)
		}
	}
}

func TestKnownPictographic(t *testing.T) {
	tests := []struct {
		r    rune
		want bool
	}{
		{0x2764, true},   // ❤
		{0x1F64F, true},  // 🙏
		{0x1F600, true},  // 😀
		{0x00A9, true},   // ©
		{0x00AE, true},   // ®
		{0x2122, true},   // ™
		{0x203C, true},   // ‼
		{0x3030, true},   // 〰
		{0x1FFFD, true},  // reserved, but Extended_Pictographic
		{0x1F3FB, false}, // skin tone modifiers are Extend
		{0x1F3FF, false},
		{0x1F1E6, false}, // regional indicators are their own class
		{0x1F1FF, false},
		{0x20E3, false}, // combining enclosing keycap is Extend
		{0xFE0F, false},
		{0x200D, false},
		{'#', false},
		{'1', false},
		{0x0905, false}, // Devanagari A
	}
	for _, tt := range tests {
		if got := isPictographic(tt.r); got != tt.want {
			t.Errorf("isPictographic(%U) = %v, want %v", tt.r, got, tt.want)
		}
		if got := probePictographic(tt.r); got != tt.want {
			t.Errorf("uniseg probe for %U = %v, want %v", tt.r, got, tt.want)
		}
	}
}

// pieces are the fragments random texts are built from: every kind of code
// point the scan or the segmentation rules treat specially.
var pieces = []string{
	"a", "the ", "1", "#", "*", " ", ".", "\t", "\r", "\n", "\r\n", "\x7f",
	"नमस्ते", "दोस्तों", "कि", "\u0947", "\u094D", "ਸਤ", "ਸ੍ਰੀ", "ਖ਼ੁਸ਼", "é", "e\u0301", "\u0301",
	"한", "\u1100", "\u1161", "\u11A8", "日本", "ー", "—", "’", "…",
	"😀", "🙏", "😂", "❤", "👨", "👩", "👧", "🤝", "🏴", "🄰", "🜀",
	"\u200D", "\uFE0F", "\uFE0E", "🏻", "🏽", "🏿",
	"🇮", "🇳", "🇺", "🇸", "\u20E3",
	"©", "®", "™", "‼", "〰", "ℹ",
	"\u0600", "\u06DD", "\U000110BD", "\u0903",
	"\U000E0067", "\U000E007F",
	"\xff", "\x80", "\xf0\x9f", "\xf0\x9f\x98", "\xe2\x9d", "\xc2", "\xed\xa0\x80",
}

func randomText(rng *rand.Rand) []byte {
	var b strings.Builder
	for n := rng.IntN(24); n > 0; n-- {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return []byte(b.String())
}

func TestEachMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 200000
	if testing.Short() {
		n = 20000
	}
	for range n {
		text := randomText(rng)
		got, want := collect(Each, text), collect(reference, text)
		if !slices.Equal(got, want) {
			t.Fatalf("text %+q:\n Each      %v\n reference %v", text, got, want)
		}
	}
}

func FuzzEach(f *testing.F) {
	for _, tt := range eachTests {
		f.Add([]byte(tt.text))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		f.Add(randomText(rng))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		got, want := collect(Each, text), collect(reference, text)
		if !slices.Equal(got, want) {
			t.Fatalf("text %+q:\n Each      %v\n reference %v", text, got, want)
		}
	})
}

// Benchmark inputs: tweets as the recipe sees them, one Each call per tweet.
var benchSets = []struct {
	name   string
	tweets []string
}{
	{"ascii", []string{
		"Just landed in Delhi and it is 44 degrees already. Stay hydrated everyone! #heatwave @IMDWeather https://t.co/AbCdEf1234",
		"RT @newsdesk: Parliament session adjourned till Monday after opposition walkout over the new farm bill. Live updates: https://t.co/q1w2e3r4",
		"Can't believe the match went to a super over again!!! What a finish by the bowlers, absolutely brilliant stuff #IPL2024 #CSKvMI",
		"@support my order #40219384 still shows 'shipped' after 9 days, no tracking updates. Please help, this is really frustrating.",
		"Monday motivation: small steps every day. Read 20 pages, walked 5k, drank 3L of water. Consistency > intensity.",
	}},
	{"indic", []string{
		"आज दिल्ली में बहुत गर्मी है, तापमान 44 डिग्री तक पहुँच गया। सभी लोग पानी पीते रहें और धूप से बचें 🙏 #heatwave",
		"ਸਤ ਸ੍ਰੀ ਅਕਾਲ ਜੀ, ਅੱਜ ਗੁਰਦੁਆਰਾ ਸਾਹਿਬ ਵਿਖੇ ਲੰਗਰ ਦੀ ਸੇਵਾ ਕੀਤੀ। ਵਾਹਿਗੁਰੂ ਜੀ ਕਾ ਖ਼ਾਲਸਾ, ਵਾਹਿਗੁਰੂ ਜੀ ਕੀ ਫ਼ਤਹਿ",
		"भारत माता की जय! आज का मैच शानदार रहा, गेंदबाज़ों ने कमाल कर दिया 🇮🇳🏏 — क्या अंतिम ओवर था…",
		"किसान भाइयों के लिए नई योजना की घोषणा हुई है, पूरी जानकारी के लिए लिंक देखें https://t.co/x1y2z3",
		"ਪੰਜਾਬ ਦੇ ਨੌਜਵਾਨਾਂ ਨੇ ਖੇਡਾਂ ਵਿੱਚ ਕਮਾਲ ਕਰ ਦਿੱਤਾ ❤️ ਬਹੁਤ ਬਹੁਤ ਵਧਾਈਆਂ ਸਾਰਿਆਂ ਨੂੰ",
	}},
	{"emoji", []string{
		"😂😂😂 I can't 🤣🤣 this is too much 💀💀",
		"Happy birthday!!! 🎉🎂🥳🎁❤️❤️❤️ have the best day 🙏🏻✨",
		"🇮🇳🇮🇳🇮🇳 what a win 🏆🔥🔥🔥 #TeamIndia 👏🏽👏🏽👏🏽",
		"family trip 👨‍👩‍👧‍👦🏖️☀️🌊 best week ever 😍😍",
		"vote 1️⃣ or 2️⃣? 🤔 reply below 👇👇",
	}},
}

func benchBytes(tweets []string) ([][]byte, int64) {
	out := make([][]byte, len(tweets))
	var n int64
	for i, s := range tweets {
		out[i] = []byte(s)
		n += int64(len(s))
	}
	return out, n
}

func benchmarkFinder(b *testing.B, each func([]byte, func([]byte))) {
	for _, set := range benchSets {
		b.Run(set.name, func(b *testing.B) {
			tweets, n := benchBytes(set.tweets)
			count := 0
			fn := func([]byte) { count++ }
			b.SetBytes(n)
			b.ReportAllocs()
			for b.Loop() {
				for _, t := range tweets {
					each(t, fn)
				}
			}
			_ = count
		})
	}
}

// BenchmarkEach measures the scan; compare with BenchmarkWholeTextUniseg.
func BenchmarkEach(b *testing.B) { benchmarkFinder(b, Each) }

// BenchmarkWholeTextUniseg is the naive approach Each replaces.
func BenchmarkWholeTextUniseg(b *testing.B) { benchmarkFinder(b, reference) }

func ExampleEach() {
	Each([]byte("नमस्ते 🙏🏽 I ❤️ India 🇮🇳 © 2024"), func(cluster []byte) {
		fmt.Printf("%q\n", cluster)
	})
	// Output:
	// "🙏🏽"
	// "❤️"
	// "🇮🇳"
}
