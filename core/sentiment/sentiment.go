// Package sentiment is Dropsight's built-in sentiment model: a lexicon and
// rules, the VADER approach (Hutto & Gilbert, 2014), tuned for tweets.
//
// The valence lexicon (7,487 words, emoticons and slang rated -4..+4), the
// negation, booster and idiom word lists and the rule constants are the data
// of the npm package vader-sentiment (see LexiconPackage, LexiconVersion,
// LexiconLicense), converted by build/lexicon.mjs into lexicon_gen.go. The
// emoji valences are this package's own table (emoji.go).
//
// How a text is scored (see tokenize for how it is split into tokens):
//
//  1. Each token in the lexicon (a word, an emoticon or an emoji) starts
//     with its valence. "kind of", "sort of" and "just enough" are
//     dampeners, not sentiment words; an idiom ("the bomb", "yeah right", ...)
//     gives its valence to its last word and none to the others; "no" right
//     before a sentiment word scores nothing itself and negates that word.
//  2. ALL CAPS: a sentiment word written in capitals while other words of the
//     text are not gains 0.733 in magnitude.
//  3. Looking back up to three tokens, within the sentence: a booster
//     ("very", "extremely") adds 0.293 to the magnitude, a dampener
//     ("slightly", "kinda") takes 0.293 off, scaled by 0.95 at two tokens and
//     0.9 at three; a booster in capitals (among other words) adds 0.733
//     more. A negation ("not", "never", "isn't", any word with "n't"; "no"
//     only one or two tokens back) multiplies the valence by -0.74, except
//     "never so/this X", which multiplies it by 1.25. "least X" negates X, except in "at least" and
//     "very least".
//  4. "but": the sentiment of the tokens before the first "but" is halved,
//     that of the tokens after it multiplied by 1.5.
//  5. The valences are summed. Exclamation marks add 0.292 each (at most
//     four) to the magnitude of a non-zero sum; two or three question marks
//     add 0.18 each, four or more 0.96.
//  6. compound = sum / sqrt(sum² + 15), in [-1, 1], rounded to 4 decimals.
//     The label is POS when compound >= 0.05, NEG when compound <= -0.05,
//     NEU otherwise (VADER's usual thresholds).
//
// Differences from the vader-sentiment package: a sentence end stops
// negations and boosters ("Not bad. Great day" does not negate "great");
// lexicon entries written with capitals (":D", ":P") are found; repeated
// letters are squeezed ("goooood"); @mentions and URLs carry no sentiment;
// the three-token look-back treats "never so" as intended rather than as
// written; emojis have valences; curly apostrophes ("don’t") count.
//
// The model is deterministic: the same text gives the same Result on every
// platform (the arithmetic is plain float64, with explicit conversions where
// a fused multiply-add could round differently).
package sentiment

import "math"

// Label is the model's verdict.
type Label string

// Labels, as the gold table shows them.
const (
	Positive Label = "POS"
	Negative Label = "NEG"
	Neutral  Label = "NEU"
)

// Threshold is the magnitude of compound from which a text is POS or NEG.
const Threshold = 0.05

// Result is the model's reading of one text.
type Result struct {
	// Compound is the normalised sum of the valences, in [-1, 1], rounded to
	// 4 decimals.
	Compound float64 `json:"compound"`
	// Label is POS, NEG or NEU, decided on Compound.
	Label Label `json:"label"`
	// Score is the model's confidence in Label, 50..100, rounded to one
	// decimal. It is how far Compound lies from the nearest decision
	// threshold (±0.05) toward the label's most typical value (+1 for POS,
	// -1 for NEG, 0 for NEU), as a share mapped linearly onto 50..100:
	//
	//	POS: 50 + 50·(compound − 0.05)/0.95
	//	NEG: 50 + 50·(−compound − 0.05)/0.95
	//	NEU: 50 + 50·(0.05 − |compound|)/0.05
	//
	// So 50 means the text sits on a threshold (the label could as well be
	// its neighbour) and 100 means compound is ±1 (POS, NEG) or exactly 0
	// (NEU; a text with no sentiment word at all is confidently neutral).
	Score float64 `json:"score"`
	// Pos, Neu and Neg are VADER's proportions of the text that is positive,
	// neutral and negative (they add up to 1, up to rounding; all 0 for a
	// text with no token), rounded to 3 decimals.
	Pos float64 `json:"pos"`
	Neu float64 `json:"neu"`
	Neg float64 `json:"neg"`
}

// LabelOf returns the label of a compound score.
func LabelOf(compound float64) Label {
	switch {
	case compound >= Threshold:
		return Positive
	case compound <= -Threshold:
		return Negative
	}
	return Neutral
}

// ScoreOf returns the confidence (see Result.Score) of a compound score.
func ScoreOf(compound float64) float64 {
	var s float64
	switch LabelOf(compound) {
	case Positive:
		s = 50 + 50*(compound-Threshold)/(1-Threshold)
	case Negative:
		s = 50 + 50*(-compound-Threshold)/(1-Threshold)
	default:
		s = 50 + 50*(Threshold-math.Abs(compound))/Threshold
	}
	return round(s, 10)
}

// An Analyzer scores texts. Its buffers are reused from one text to the
// next, so it does not allocate once warm. The zero value is ready to use;
// an Analyzer must not be used by two goroutines at once.
type Analyzer struct {
	toks    []token
	scores  []float64
	word    []byte // the word being read, lower-cased
	squeeze []byte // a word with its repeated letters squeezed
	bangs   int
	quests  int
	phrases bool // some token may start a two-word booster or an idiom
}

// Analyze scores one text (UTF-8; invalid bytes are read as U+FFFD). It
// allocates an Analyzer's buffers each time: to score many texts, use one
// Analyzer.
func Analyze(text string) Result {
	var a Analyzer
	return a.Analyze([]byte(text))
}

// Analyze scores one text (UTF-8; invalid bytes are read as U+FFFD).
func (a *Analyzer) Analyze(text []byte) Result {
	t := lexicon()
	a.tokenize(text)
	toks := a.toks
	if len(toks) == 0 {
		return Result{Label: Neutral, Score: 100}
	}
	if a.phrases {
		a.matchPhrases(t)
	}

	capsWords := 0
	for i := range toks {
		if toks[i].flags&tUpper != 0 {
			capsWords++
		}
	}
	capDiff := capsWords > 0 && capsWords < len(toks)

	scores := a.scores[:0]
	for i := range toks {
		tok := &toks[i]
		if tok.flags&tLex == 0 {
			scores = append(scores, 0)
			continue
		}
		// "no" before a sentiment word is a negation, not a sentiment.
		if tok.id == t.no && i+1 < len(toks) && toks[i+1].flags&tLex != 0 && tok.flags&tStop == 0 {
			scores = append(scores, 0)
			continue
		}
		v := tok.val
		if capDiff && tok.flags&tUpper != 0 {
			v = away(v, cIncr, v)
		}
		for d := 1; d <= 3 && d <= i; d++ {
			p := &toks[i-d]
			if p.flags&tStop != 0 {
				break
			}
			if p.boost != 0 {
				s := p.boost
				if v < 0 {
					s = -s
				}
				if capDiff && p.flags&tUpper != 0 {
					s = away(s, cIncr, v)
				}
				switch d {
				case 2:
					s = float64(s * 0.95)
				case 3:
					s = float64(s * 0.9)
				}
				v += s
			}
			switch {
			case d >= 2 && p.id == t.never && neverSo(t, toks[i-d+1:i]):
				v = float64(v * 1.25)
			case p.flags&tNeg != 0 || d <= 2 && p.id == t.no:
				v = float64(v * nScalar)
			}
		}
		if i > 0 && toks[i-1].id == t.least && toks[i-1].flags&tStop == 0 &&
			!(i > 1 && (toks[i-2].id == t.at || toks[i-2].id == t.very)) {
			v = float64(v * nScalar)
		}
		scores = append(scores, v)
	}
	a.scores = scores

	for i := range toks {
		if toks[i].id != t.but {
			continue
		}
		for j := range scores {
			switch {
			case j < i:
				scores[j] = float64(scores[j] * 0.5)
			case j > i:
				scores[j] = float64(scores[j] * 1.5)
			}
		}
		break
	}
	return a.result(scores)
}

// away adds m to the magnitude of x in the direction of sign's sign
// (a sign of 0 counts as negative, as in VADER).
func away(x, m, sign float64) float64 {
	if sign > 0 {
		return x + m
	}
	return x - m
}

// neverSo reports whether the tokens between "never" and the sentiment word
// include "so" or "this" ("never so good", "never this happy").
func neverSo(t *table, between []token) bool {
	for i := range between {
		if between[i].id == t.so || between[i].id == t.this {
			return true
		}
	}
	return false
}

// matchPhrases applies the two-word boosters and the idioms.
func (a *Analyzer) matchPhrases(t *table) {
	toks := a.toks
	for i := range toks {
		if toks[i].flags&tPhrase == 0 {
			continue
		}
		id := toks[i].id
		for _, p := range t.bigrams {
			if p.ids[0] == id && matches(toks[i:], p.ids) {
				toks[i] = token{id: toks[i].id, flags: toks[i].flags &^ tLex}
				toks[i+1].flags &^= tLex
				toks[i+1].val, toks[i+1].boost = 0, p.boost
			}
		}
		for _, p := range t.idioms {
			if p.ids[0] == id && matches(toks[i:], p.ids) {
				last := i + len(p.ids) - 1
				for j := i; j < last; j++ {
					toks[j].flags &^= tLex
					toks[j].val, toks[j].boost = 0, 0
				}
				toks[last].flags |= tLex
				toks[last].val, toks[last].boost = p.valence, 0
			}
		}
	}
}

// matches reports whether toks starts with the words ids, within a sentence.
func matches(toks []token, ids []int32) bool {
	if len(toks) < len(ids) {
		return false
	}
	for k, id := range ids {
		if toks[k].id != id || k < len(ids)-1 && toks[k].flags&tStop != 0 {
			return false
		}
	}
	return true
}

// result sums the token scores into the Result.
func (a *Analyzer) result(scores []float64) Result {
	var sum, pos, neg float64
	neu := 0
	for _, s := range scores {
		sum += s
		switch {
		case s > 0:
			pos += s + 1 // +1: a sentiment word also counts as a word
		case s < 0:
			neg += s - 1
		default:
			neu++
		}
	}
	amp := 0.292 * float64(min(a.bangs, 4))
	switch {
	case a.quests > 3:
		amp += 0.96
	case a.quests > 1:
		amp += float64(0.18 * float64(a.quests))
	}
	switch {
	case sum > 0:
		sum += amp
	case sum < 0:
		sum -= amp
	}
	switch {
	case pos > -neg:
		pos += amp
	case pos < -neg:
		neg -= amp
	}
	compound := round(sum/math.Sqrt(float64(sum*sum)+15), 1e4)
	compound = max(-1, min(1, compound))
	r := Result{Compound: compound, Label: LabelOf(compound), Score: ScoreOf(compound)}
	if total := pos - neg + float64(neu); total > 0 {
		r.Pos = round(pos/total, 1e3)
		r.Neg = round(math.Abs(neg)/total, 1e3)
		r.Neu = round(float64(neu)/total, 1e3)
	}
	return r
}

func round(x, unit float64) float64 {
	return math.Round(float64(x*unit)) / unit
}
