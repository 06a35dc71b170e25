package sentiment

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The examples of VADER's README, with the compound scores it publishes:
// where this model's differences do not come into play, it agrees to the
// fourth decimal.
func TestVADERExamples(t *testing.T) {
	tests := []struct {
		text     string
		compound float64
	}{
		{"VADER is smart, handsome, and funny.", 0.8316},
		{"VADER is smart, handsome, and funny!", 0.8439},
		{"VADER is very smart, handsome, and funny.", 0.8545},
		{"VADER is VERY SMART, handsome, and FUNNY.", 0.9227},
		{"VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342},
		{"VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469},
		{"VADER is not smart, handsome, nor funny.", -0.7424},
		{"The book was good.", 0.4404},
		{"At least it isn't a horrible book.", 0.431},
		{"The book was only kind of good.", 0.3832},
		{"The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042},
		{"Today SUX!", -0.5461},
		{"Today only kinda sux! But I'll get by, lol", 0.5249},
		{"Make sure you :) or :D today!", 0.8633},
	}
	var a Analyzer
	for _, tt := range tests {
		if r := a.Analyze([]byte(tt.text)); r.Compound != tt.compound {
			t.Errorf("%q: compound %v, want %v", tt.text, r.Compound, tt.compound)
		}
	}
	// and the package README's proportions
	r := Analyze("VADER is very smart, handsome, and funny")
	if r.Neg != 0 || r.Neu != 0.299 || r.Pos != 0.701 {
		t.Errorf("proportions %+v, want neg 0, neu 0.299, pos 0.701", r)
	}
}

// valences returns the sentiment of each token of text, after the rules.
func valences(text string) []float64 {
	var a Analyzer
	a.Analyze([]byte(text))
	return append([]float64(nil), a.scores...)
}

// sentimentOf returns the valence of the one sentiment-bearing token of text.
func sentimentOf(t *testing.T, text string) float64 {
	t.Helper()
	var got []float64
	for _, v := range valences(text) {
		if v != 0 {
			got = append(got, v)
		}
	}
	if len(got) != 1 {
		t.Fatalf("%q: sentiments %v, want one", text, got)
	}
	return got[0]
}

func close(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestRuleValences(t *testing.T) {
	good, bad := 1.9, -2.5 // the lexicon's valences
	tests := []struct {
		text string
		want float64
	}{
		{"the food is good", good},
		{"THE FOOD IS GOOD", good}, // all in capitals: no emphasis
		// negation, one to three words back, and n't words
		{"the food is not good", good * nScalar},
		{"the food isn't good", good * nScalar},
		{"the food isn’t good", good * nScalar}, // curly apostrophe
		{"the food is not very good", (good + bIncr) * nScalar},
		{"the food was never good", good * nScalar},
		{"the food wasnt ever good", good * nScalar},
		{"the food is not bad", bad * nScalar},
		{"not at all would the food be good", good}, // four words back
		{"not. the food is good", good},             // a sentence end stops it
		{"nope the food is good", good},             // four words back
		// boosters and dampeners, by distance
		{"very good", good + bIncr},
		{"very bad", bad - bIncr},
		{"very the good", good + bIncr*0.95},
		{"very the food good", good + bIncr*0.9},
		{"slightly good", good + bDecr},
		{"slightly bad", bad - bDecr},
		{"kind of good", good + bDecr},
		{"sort of bad", bad - bDecr},
		// capitals among other words
		{"the food is GOOD", good + cIncr},
		{"the food is BAD", bad - cIncr},
		{"the food is VERY good", good + bIncr + cIncr},
		// least
		{"the least good", good * nScalar},
		{"at least good", good},
		{"the very least good", good + bIncr*0.95},
		// never so / this
		{"never so good", (good + bIncr) * 1.25},
		{"never this good", good * 1.25},
		// "no"
		{"no good", good * nScalar},
		{"no. bad", -1.2 + bad}, // a sentence end: "no" is a word of its own
		{"no", -1.2},
		{"no one food good", -1.2 + good}, // three back: not negated
		// idioms replace their words' valences
		{"this is the shit", 3},
		{"you are the bomb", 3},
		{"yeah right", -2},
		{"bad ass", 1.5},
		// emoticons, emojis, entities, elongation
		{"ok :)", 1.2 + 2.0},
		{"fine :(", 0.8 - 1.9},
		{"<3", 1.9},
		{"&lt;3", 1.9},
		{":D", 2.3},
		{"ok :D!!", 1.2 + 2.3 + cIncr}, // ":D" counts as written in capitals, as in VADER
		{"fine :(.", 0.8 - 1.9},
		{"not :). good", 2.0*nScalar + good}, // the emoticon ends the sentence
		{"😍", 3.2},
		{"❤️", 3.2},
		{"👍🏽", good},
		{"😭", -2.1},
		{"goooood", good},
		{"soooo good", good + bIncr},
		{"@happy said http://great.example.com is bad", bad},
	}
	for _, tt := range tests {
		var sum float64
		for _, v := range valences(tt.text) {
			sum += v
		}
		if !close(sum, tt.want) {
			t.Errorf("%q: valences %v sum to %v, want %v", tt.text, valences(tt.text), sum, tt.want)
		}
	}
}

func TestButWeighting(t *testing.T) {
	got := valences("the food is good but the service is bad")
	want := []float64{0, 0, 0, 1.9 * 0.5, 0, 0, 0, 0, -2.5 * 1.5}
	if len(got) != len(want) {
		t.Fatalf("valences %v", got)
	}
	for i := range want {
		if !close(got[i], want[i]) {
			t.Errorf("valences %v, want %v", got, want)
		}
	}
	if Analyze("the food is good but the service is bad").Label != Negative ||
		Analyze("the food is bad but the service is good").Label != Positive {
		t.Errorf("but: the second half should decide")
	}
	// only the first "but" counts
	got = valences("good BUT bad but nice")
	if !close(got[0], 1.9*0.5) || !close(got[2], -2.5*1.5) || !close(got[4], 1.8*1.5) {
		t.Errorf("two buts: %v", got)
	}
}

func TestPunctuationEmphasis(t *testing.T) {
	c := func(s string) float64 { return Analyze(s).Compound }
	norm := func(x float64) float64 { return round(x/math.Sqrt(x*x+15), 1e4) }
	tests := []struct {
		text string
		want float64
	}{
		{"good", norm(1.9)},
		{"good!", norm(1.9 + 0.292)},
		{"good!!!", norm(1.9 + 3*0.292)},
		{"good!!!!", norm(1.9 + 4*0.292)},
		{"good!!!!!!!!", norm(1.9 + 4*0.292)}, // at most four count
		{"bad!!!", norm(-2.5 - 3*0.292)},
		{"good?", norm(1.9)}, // one question mark adds nothing
		{"good??", norm(1.9 + 2*0.18)},
		{"good???", norm(1.9 + 3*0.18)},
		{"good?????", norm(1.9 + 0.96)},
		{"good!? really??", norm(1.9 + 0.292 + 3*0.18)},
		{"hello!!!", 0}, // no sentiment: nothing to emphasise
	}
	for _, tt := range tests {
		if got := c(tt.text); got != tt.want {
			t.Errorf("%q: compound %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestLabelsAndScore(t *testing.T) {
	tests := []struct {
		compound float64
		label    Label
		score    float64
	}{
		{1, Positive, 100},
		{0.05, Positive, 50},
		{0.525, Positive, 75},
		{0.0499, Neutral, 50.1},
		{0, Neutral, 100},
		{-0.025, Neutral, 75},
		{-0.05, Negative, 50},
		{-1, Negative, 100},
	}
	for _, tt := range tests {
		if l, s := LabelOf(tt.compound), ScoreOf(tt.compound); l != tt.label || s != tt.score {
			t.Errorf("compound %v: %s %v, want %s %v", tt.compound, l, s, tt.label, tt.score)
		}
	}
	r := Analyze("")
	if r != (Result{Label: Neutral, Score: 100}) {
		t.Errorf("empty text: %+v", r)
	}
	r = Analyze("I love this 😍")
	if r.Label != Positive || r.Score != ScoreOf(r.Compound) || r.Neg != 0 || math.Abs(r.Pos+r.Neu-1) > 0.002 {
		t.Errorf("love: %+v", r)
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		text   string
		tokens int
	}{
		{"", 0},
		{"   \t\n", 0},
		{"I a u", 0},        // one-letter words are dropped
		{"... !!! -", 0},    // so are pure punctuation tokens
		{":) :-( <3", 3},    // emoticons are kept
		{"love😍😍", 3},       // an emoji is a token of its own
		{"🚜🚜 go", 1},        // one without a valence is no token
		{"#happy @user", 2}, // a hashtag is its word, a mention a neutral token
		{"a\u00a0b\u3000cd ef", 2},
		{"नमस्ते दोस्तों", 2},
	}
	var a Analyzer
	for _, tt := range tests {
		a.tokenize([]byte(tt.text))
		if len(a.toks) != tt.tokens {
			t.Errorf("%q: %d tokens, want %d", tt.text, len(a.toks), tt.tokens)
		}
	}
}

func TestLexiconTable(t *testing.T) {
	tb := lexicon()
	start, prev := 0, ""
	for i, end := range lexEnds {
		w := lexWords[start:end]
		start = int(end)
		id := tb.find([]byte(w))
		if id < 0 || tb.keys[id] != w || tb.entries[id].valence() != float64(lexTenths[i])/10 {
			t.Fatalf("word %q not found with its valence", w)
		}
		if w <= prev {
			t.Fatalf("lexicon not sorted at %q", w)
		}
		prev = w
	}
	if len(lexEnds) < 7000 || len(negationWords) < 50 || len(boosterWords) < 60 || len(idiomWords) < 5 {
		t.Errorf("lexicon smaller than the package's: %d words", len(lexEnds))
	}
	for _, w := range []string{"xyzzy", "", "goo", "lovee"} {
		if tb.find([]byte(w)) >= 0 {
			t.Errorf("%q found", w)
		}
	}
}

// Every emoji reads as a word of the lexicon.
func TestEmojiWords(t *testing.T) {
	tb := lexicon()
	seen := map[string]bool{}
	for _, e := range emojiWords {
		w := tb.findString(e.word)
		if w < 0 || tb.entries[w].flags&eLex == 0 {
			t.Errorf("%s reads as %q, which is not in the lexicon", e.emoji, e.word)
		}
		if seen[e.emoji] {
			t.Errorf("%s twice", e.emoji)
		}
		seen[e.emoji] = true
		r := []rune(e.emoji)
		if len(r) != 1 || !isEmoji(r[0]) {
			t.Errorf("%s is not one code point of the emoji blocks", e.emoji)
		}
	}
}

// The generated file is what build/lexicon.mjs makes of the installed
// package (skipped where node or the package is missing).
func TestLexiconGenerated(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node")
	}
	if _, err := os.Stat("../../node_modules/vader-sentiment/package.json"); err != nil {
		t.Skip("vader-sentiment not installed (npm install)")
	}
	out := filepath.Join(t.TempDir(), "lexicon_gen.go")
	if msg, err := exec.Command(node, "../../build/lexicon.mjs", out).CombinedOutput(); err != nil {
		t.Fatalf("lexicon.mjs: %v\n%s", err, msg)
	}
	want, _ := os.ReadFile(out)
	got, _ := os.ReadFile("lexicon_gen.go")
	if !bytes.Equal(got, want) {
		t.Errorf("lexicon_gen.go is stale: run go generate ./core/sentiment")
	}
}

func TestDeterministic(t *testing.T) {
	texts := labelledTexts(t)
	var a, b Analyzer
	first := make([]Result, len(texts))
	for i, s := range texts {
		first[i] = a.Analyze([]byte(s))
	}
	// reused buffers, another order, a fresh analyzer: the same results
	for i := len(texts) - 1; i >= 0; i-- {
		if r := a.Analyze([]byte(texts[i])); r != first[i] {
			t.Fatalf("%q: %+v then %+v", texts[i], first[i], r)
		}
		if r := b.Analyze([]byte(texts[i])); r != first[i] {
			t.Fatalf("%q: %+v, fresh analyzer %+v", texts[i], first[i], r)
		}
	}
}

func TestAnalyzeDoesNotAllocate(t *testing.T) {
	texts := labelledTexts(t)
	var a Analyzer
	for _, s := range texts {
		a.Analyze([]byte(s))
	}
	bs := make([][]byte, len(texts))
	for i, s := range texts {
		bs[i] = []byte(s)
	}
	n := testing.AllocsPerRun(10, func() {
		for _, b := range bs {
			a.Analyze(b)
		}
	})
	if n != 0 {
		t.Errorf("Analyze allocates: %v per %d texts", n, len(texts))
	}
}

// FuzzAnalyze fuzzes the tokenizer and the rules: no panic, results in
// range, determinism, and tokens that do not depend on how much white space
// separates words.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"", "good", "not very GOOD!!! :)", "love😍😍 ❤️ 👍🏽", "&lt;3 &amp; &quot;", "goooood sooo",
		"the food is good but the service is bad", "kind of", "yeah right", "no", "@user http://x.y",
		"नमस्ते 🙏", "\xff\xfe bad", "don’t … like—it", "at least the very least",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		orig := bytes.Clone(text)
		var a Analyzer
		r := a.Analyze(text)
		if !bytes.Equal(text, orig) {
			t.Fatalf("Analyze changed its input")
		}
		if math.IsNaN(r.Compound) || r.Compound < -1 || r.Compound > 1 {
			t.Fatalf("compound %v", r.Compound)
		}
		if r.Label != LabelOf(r.Compound) || r.Score != ScoreOf(r.Compound) || r.Score < 50 || r.Score > 100 {
			t.Fatalf("label %s score %v for compound %v", r.Label, r.Score, r.Compound)
		}
		if sum := r.Pos + r.Neu + r.Neg; sum != 0 && math.Abs(sum-1) > 0.002 {
			t.Fatalf("proportions %+v", r)
		}
		if len(a.toks) > len(text) {
			t.Fatalf("%d tokens from %d bytes", len(a.toks), len(text))
		}
		if a.bangs != bytes.Count(text, []byte("!")) || a.quests != bytes.Count(text, []byte("?")) {
			t.Fatalf("counted %d ! and %d ?", a.bangs, a.quests)
		}
		for _, tok := range a.toks {
			if tok.id < -1 || int(tok.id) >= len(lexicon().keys) {
				t.Fatalf("token id %d", tok.id)
			}
		}
		var b Analyzer
		if r2 := b.Analyze(text); r2 != r {
			t.Fatalf("not deterministic: %+v, %+v", r, r2)
		}
		// white space around the text, or more of it between words, changes
		// nothing
		if r3 := b.Analyze(append(append([]byte(" "), text...), '\n')); r3 != r {
			t.Fatalf("padded text: %+v, %+v", r, r3)
		}
		if r4 := b.Analyze(bytes.ReplaceAll(text, []byte(" "), []byte(" \t"))); r4 != r {
			t.Fatalf("spaced text: %+v, %+v", r, r4)
		}
	})
}
