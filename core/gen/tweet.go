package gen

import (
	"math/rand/v2"
	"strconv"
	"unicode/utf8"
)

// Probabilities per nesting depth: [0] top-level tweet, [1] quoted tweet,
// [2] tweet quoted by a quoted tweet (never quotes further).
const maxDepth = 2

var (
	pMentions = [maxDepth + 1]float64{0.324, 0.40, 0.35}  // published: 38,034 / 117,407
	pQuote    = [maxDepth + 1]float64{0.3529, 0.07, 0}    // published: 41,436 / 117,407
	pMedia    = [maxDepth + 1]float64{0.2394, 0.40, 0.35} // published: 28,109 / 117,407
	pMainTag  = [maxDepth + 1]float64{0.93, 0.55, 0.45}
)

const (
	pHotAuthor  = 0.022 // share of a day's tweets by that day's leading author
	pReply      = 0.42  // tweets with mentions that start with them (replies)
	pEmoji      = 0.155 // tweets with text that carry emoji
	pCaseTyped  = 0.07  // @mentions typed in another letter case than the handle
	pOutlink    = 0.13  // tweets linking somewhere other than a quoted tweet
	pLowerQuote = 0.35  // quote links typed with the handle in lower case
)

// Entries per non-null mentionedUsers: mean ~2.72 as published (103,403 / 38,034).
var mentionCountTable = newTable([]uint64{390, 220, 130, 82, 52, 40, 31, 21, 16, 18})

const (
	langEn = iota
	langHinglish
	langHi
	langPa
	langUnd
	langEnPa
	langEnHi
)

var langTable = newTable([]uint64{42, 6, 14, 13, 17, 5, 3})
var sentenceCountTable = newTable([]uint64{26, 29, 23, 13, 9})
var extraTagCountTable = newTable([]uint64{22, 24, 20, 13, 9, 6, 4, 2})
var emojiRunTable = newTable([]uint64{45, 25, 15, 10, 5})

var (
	phEn        = newPhrases(enSentences, 0)
	phSubj      = newPhrases(enSubjects, 1)
	phVerb      = newPhrases(enVerbs, 2)
	phObj       = newPhrases(enObjects, 3)
	phEnd       = newPhrases(enEnds, 4)
	phHi        = newPhrases(hiSentences, 5)
	phPa        = newPhrases(paSentences, 6)
	phHinglish  = newPhrases(hinglishSentences, 7)
	escMainTags = escAll(mainTags)
	mainTagTbl  = newTable(mainTagWeights)
	phTags      = newPhrases(extraTags, 8)
	tagTable    = newTable(zipfWeights(len(extraTags), 3))
	escEmoji    [][]byte
	emojiTable  table
	sourceTable table
	escSources  [][3][]byte // url, label, whole <a> element, all escaped
)

func init() {
	w := make([]uint64, len(emojis))
	escEmoji = make([][]byte, len(emojis))
	for i, e := range emojis {
		w[i] = e.w
		escEmoji[i] = esc(e.s)
	}
	emojiTable = newTable(w)
	w = make([]uint64, len(sources))
	escSources = make([][3][]byte, len(sources))
	for i, s := range sources {
		w[i] = s.w
		escSources[i] = [3][]byte{esc(s.url), esc(s.label), esc(`<a href="` + s.url + `" rel="nofollow">` + s.label + `</a>`)}
	}
	sourceTable = newTable(w)
}

// generator holds the random streams and the scratch space reused for every line.
type generator struct {
	src  rand.PCG
	r    *rand.Rand // the main stream: one draw sequence for the whole output
	usrc rand.PCG
	ur   *rand.Rand // per-user stream, re-seeded from the user index
	ukey uint64

	line   []byte
	lastID int64
	h      head
	desc   []byte
	link   []byte
	tw     [maxDepth + 1]scratch
}

// scratch is the per-depth state of the tweet being written; a quoted tweet
// is written while its parent's mentions are still pending.
type scratch struct {
	content, rendered []byte
	ments             [10]mention
	nm                int
	reply             bool
	out               [2][]byte // outlinks
	tco               [2][]byte // their t.co forms, in the same order
	nout              int
	qUser             []byte
	tmp               []byte
	chars             int        // characters of text and mentions so far
	usedKeys          [16]uint32 // phrases and hashtags already in this tweet
	nused             int
}

// Character budgets that keep most contents within a tweet's 280
// characters: sentences and mentions stop at maxTextChars, hashtags at
// maxTagChars; links (23 each) come last.
const (
	maxTextChars = 190
	maxTagChars  = 235
)

type mention struct {
	uname, dname []byte
	id           int64
}

func newGenerator(seed int64) *generator {
	s := uint64(seed)
	g := &generator{ukey: splitmix(s ^ 0x5bd1e9955bd1e995)}
	g.src.Seed(splitmix(s), splitmix(s+0x9e3779b97f4a7c15))
	g.r = rand.New(&g.src)
	g.ur = rand.New(&g.usrc)
	g.line = make([]byte, 0, 64<<10)
	g.lastID = 1 << 62
	return g
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

// snowflake builds a tweet-style id for a millisecond instant.
func snowflake(ms int64, low uint64) int64 {
	return (ms-twitterEpochMs)<<22 | int64(low&(1<<22-1))
}

// pickAuthor draws the author of a top-level tweet of calendar day d.
func (g *generator) pickAuthor(day int) int {
	if g.chance(pHotAuthor) {
		return hotIndex[day]
	}
	return poolBase + poolTable.pick(g.r)
}

// pickMentioned draws a mentioned (or quoted) account.
func (g *generator) pickMentioned() int {
	i := mentionTable.pick(g.r)
	if i < len(curated) {
		return i
	}
	return poolBase + poolTable.pick(g.r)
}

// appendTopTweet appends one top-level line (with its newline).
func (g *generator) appendTopTweet(dst []byte, day int, sec int64) []byte {
	id := snowflake(sec*1000+int64(g.r.IntN(1000)), g.r.Uint64())
	if id >= g.lastID { // same second as the previous line: keep ids descending too
		id = g.lastID - 1 - int64(g.r.IntN(4096))
	}
	g.lastID = id
	dst = g.appendTweet(dst, 0, g.pickAuthor(day), sec, id)
	return append(dst, '\n')
}

// appendTweet appends a tweet object; depth > 0 for quoted tweets.
func (g *generator) appendTweet(dst []byte, depth, author int, sec, id int64) []byte {
	s := &g.tw[depth]
	hasQuote := depth < maxDepth && g.chance(pQuote[depth])
	hasMedia := g.chance(pMedia[depth])
	var qAuthor int
	var qSec, qID int64
	if hasQuote {
		if g.chance(0.5) {
			qAuthor = g.pickMentioned()
		} else {
			qAuthor = poolBase + poolTable.pick(g.r)
		}
		qSec = sec - g.quoteLag()
		qID = snowflake(qSec*1000+int64(g.r.IntN(1000)), g.r.Uint64())
		g.head(qAuthor)
		s.qUser = append(s.qUser[:0], g.h.uname...)
		if g.chance(pLowerQuote) {
			lowerASCII(s.qUser)
		}
	}
	lang := g.buildContent(s, depth, hasQuote, qID, hasMedia)

	g.head(author)
	dst = append(dst, `{"url": "https://twitter.com/`...)
	dst = append(dst, g.h.uname...)
	dst = append(dst, "/status/"...)
	dst = strconv.AppendInt(dst, id, 10)
	dst = append(dst, `", "date": "`...)
	dst = appendDate(dst, sec)
	dst = append(dst, `", "content": "`...)
	dst = append(dst, s.content...)
	dst = append(dst, `", "renderedContent": "`...)
	dst = append(dst, s.rendered...)
	dst = append(dst, `", "id": `...)
	dst = strconv.AppendInt(dst, id, 10)
	dst = append(dst, `, "user": `...)
	dst = g.appendUserRest(dst, author)
	dst = append(dst, `, "outlinks": [`...)
	for i := 0; i < s.nout; i++ {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = append(dst, '"')
		dst = append(dst, s.out[i]...)
		dst = append(dst, '"')
	}
	dst = append(dst, `], "tcooutlinks": [`...)
	for i := 0; i < s.nout; i++ {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = append(dst, '"')
		dst = append(dst, s.tco[i]...)
		dst = append(dst, '"')
	}
	boost := uint64(0)
	if depth > 0 {
		boost = 1 // quoted tweets are the ones people saw: more engagement
	}
	dst = append(dst, `], "replyCount": `...)
	dst = strconv.AppendUint(dst, g.engagement(0.86-0.3*float64(boost), boost), 10)
	dst = append(dst, `, "retweetCount": `...)
	dst = strconv.AppendUint(dst, g.engagement(0.62-0.45*float64(boost), boost+1), 10)
	dst = append(dst, `, "likeCount": `...)
	dst = strconv.AppendUint(dst, g.engagement(0.45-0.4*float64(boost), boost+1), 10)
	dst = append(dst, `, "quoteCount": `...)
	dst = strconv.AppendUint(dst, g.engagement(0.95-0.4*float64(boost), boost), 10)
	dst = append(dst, `, "conversationId": `...)
	conv := id
	if s.reply {
		conv = id - int64(60_000+g.r.IntN(2*86400_000))<<22
	}
	dst = strconv.AppendInt(dst, conv, 10)
	dst = append(dst, `, "lang": "`...)
	dst = append(dst, lang...)
	src := &escSources[sourceTable.pick(g.r)]
	dst = append(dst, `", "source": "`...)
	dst = append(dst, src[2]...)
	dst = append(dst, `", "sourceUrl": "`...)
	dst = append(dst, src[0]...)
	dst = append(dst, `", "sourceLabel": "`...)
	dst = append(dst, src[1]...)
	dst = append(dst, `", "media": `...)
	if hasMedia {
		dst = g.appendMedia(dst, sec)
	} else {
		dst = append(dst, "null"...)
	}
	dst = append(dst, `, "retweetedTweet": null, "quotedTweet": `...)
	if hasQuote {
		dst = g.appendTweet(dst, depth+1, qAuthor, qSec, qID)
	} else {
		dst = append(dst, "null"...)
	}
	dst = append(dst, `, "mentionedUsers": `...)
	if s.nm == 0 {
		dst = append(dst, "null}"...)
		return dst
	}
	dst = append(dst, '[')
	for i := 0; i < s.nm; i++ {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		m := &s.ments[i]
		dst = append(dst, `{"username": "`...)
		dst = append(dst, m.uname...)
		dst = append(dst, `", "displayname": "`...)
		dst = append(dst, m.dname...)
		dst = append(dst, `", "id": `...)
		dst = strconv.AppendInt(dst, m.id, 10)
		dst = append(dst, `, "description": null, "rawDescription": null, "descriptionUrls": null, "verified": null, "created": null, "followersCount": null, "friendsCount": null, "statusesCount": null, "favouritesCount": null, "listedCount": null, "mediaCount": null, "location": null, "protected": null, "linkUrl": null, "linkTcourl": null, "profileImageUrl": null, "profileBannerUrl": null, "url": "https://twitter.com/`...)
		dst = append(dst, m.uname...)
		dst = append(dst, `"}`...)
	}
	return append(dst, "]}"...)
}

// quoteLag is how long before the quoting tweet the quoted one was posted;
// a tenth reach back before the file's first day, as in the real data.
func (g *generator) quoteLag() int64 {
	switch x := g.r.IntN(100); {
	case x < 25:
		return 30 + int64(g.r.IntN(3600))
	case x < 60:
		return 3600 + int64(g.r.IntN(86400))
	case x < 90:
		return 86400 + int64(g.r.IntN(6*86400))
	default:
		return 7*86400 + int64(g.r.IntN(50*86400))
	}
}

// engagement draws a count that is zero with probability pZero and
// otherwise heavy-tailed; shift moves the tail up by decades.
func (g *generator) engagement(pZero float64, shift uint64) uint64 {
	if g.r.Float64() < pZero {
		return 0
	}
	x := g.r.IntN(1000)
	var lo, hi uint64
	switch {
	case x < 550:
		lo, hi = 1, 3
	case x < 830:
		lo, hi = 3, 10
	case x < 960:
		lo, hi = 10, 100
	case x < 995:
		lo, hi = 100, 1000
	default:
		lo, hi = 1000, 20000
	}
	for ; shift > 0; shift-- {
		lo, hi = lo*4, hi*4
	}
	return lo + g.r.Uint64N(hi-lo)
}

func lowerASCII(b []byte) {
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}

// altCase rewrites a typed handle in another letter case, the way people
// type @kisanektamorcha for @Kisanektamorcha; Twitter still links it.
func (g *generator) altCase(b []byte) {
	switch g.r.IntN(3) {
	case 0:
		lowerASCII(b)
	case 1:
		for i, c := range b {
			if c >= 'a' && c <= 'z' {
				b[i] = c - 'a' + 'A'
			}
		}
	default:
		if len(b) > 0 {
			c := b[0]
			if c >= 'a' && c <= 'z' {
				b[0] = c - 'a' + 'A'
			} else if c >= 'A' && c <= 'Z' {
				b[0] = c + 'a' - 'A'
			}
		}
	}
}

// both appends the same escaped bytes to content and renderedContent.
func (s *scratch) both(b []byte) {
	s.content = append(s.content, b...)
	s.rendered = append(s.rendered, b...)
}

func (s *scratch) bothStr(b string) {
	s.content = append(s.content, b...)
	s.rendered = append(s.rendered, b...)
}

var seps = []string{" ", " ", " ", `\n`, `\n\n`, ` \n`}

// sep separates the next part from what is already there, unless that
// already ends in a space or a line break.
func (g *generator) sep(s *scratch) {
	if s.open() {
		s.bothStr(seps[g.r.IntN(len(seps))])
	}
}

// open reports whether content is non-empty and does not end in a space or
// an escaped line break.
func (s *scratch) open() bool {
	n := len(s.content)
	return n > 0 && s.content[n-1] != ' ' && !(n >= 2 && s.content[n-2] == '\\' && s.content[n-1] == 'n')
}

// buildContent fills s.content and s.rendered, the mentions and outlinks, and
// returns the tweet's lang code.
func (g *generator) buildContent(s *scratch, depth int, hasQuote bool, qID int64, hasMedia bool) string {
	s.content, s.rendered = s.content[:0], s.rendered[:0]
	s.nm, s.nout, s.reply = 0, 0, false
	s.chars, s.nused = 0, 0

	nm := 0
	if g.chance(pMentions[depth]) {
		nm = mentionCountTable.pick(g.r) + 1
	}
	for i := 0; i < nm; i++ {
		idx := g.pickMentioned()
		g.head(idx)
		dup := false
		for j := 0; j < s.nm; j++ {
			if s.ments[j].id == g.h.id {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		m := &s.ments[s.nm]
		m.uname = append(m.uname[:0], g.h.uname...)
		m.dname = append(m.dname[:0], g.h.dname...)
		m.id = g.h.id
		s.nm++
	}
	nm = s.nm
	lead := 0
	if nm > 0 && g.chance(pReply) {
		lead = nm
		if nm > 2 {
			lead = 1 + g.r.IntN(nm)
		}
		s.reply = true
		for i := 0; i < lead; i++ {
			g.appendMention(s, i)
			s.bothStr(" ")
		}
	}

	lk := langTable.pick(g.r)
	main := g.chance(pMainTag[depth])
	if main && lk != langUnd && g.chance(0.15) {
		g.appendTag(s)
		s.bothStr(seps[3+g.r.IntN(3)])
		main = false
	}
	ns := 0
	if lk != langUnd {
		ns = sentenceCountTable.pick(g.r) + 1
	}
	inlineAt := -1
	if lead < nm {
		inlineAt = g.r.IntN(ns + 1)
	}
	emo := g.chance(pEmoji)
	if lk == langUnd {
		emo = g.chance(pEmoji * 0.6)
	}
	placed := inlineAt < 0
	for si := 0; si < ns; si++ {
		if si > 0 && s.chars > maxTextChars {
			break // keep within a tweet's 280 characters, hashtags and links to come
		}
		if si == inlineAt {
			g.sep(s)
			g.appendInline(s, lead)
			placed = true
		}
		g.sep(s)
		g.appendSentence(s, lk, si)
		if emo && (si == ns-1 || g.chance(0.3)) {
			g.appendEmojiRun(s)
		}
	}
	if !placed {
		g.sep(s)
		g.appendInline(s, lead)
	}
	if ns == 0 && emo {
		g.sep(s)
		g.appendEmojiRun(s)
	}

	// Hashtags.
	extra := extraTagCountTable.pick(g.r)
	if depth > 0 {
		extra /= 2
	}
	mainAt := 0
	if extra > 0 && g.chance(0.3) {
		mainAt = 1 + g.r.IntN(extra)
	}
	tagSep := seps[g.r.IntN(len(seps))]
	for i := 0; i <= extra; i++ {
		if i == mainAt && main {
			g.tagSep(s, tagSep)
			g.appendTag(s)
		}
		if i < extra && s.chars > maxTagChars {
			if main && mainAt > i {
				g.tagSep(s, tagSep)
				g.appendTag(s)
			}
			break
		}
		if i < extra {
			g.tagSep(s, tagSep)
			t := tagTable.pick(g.r)
			for try := 0; try < 3 && s.used(phTags.kind<<16|uint32(t)); try++ {
				t = tagTable.pick(g.r)
			}
			if s.nused < len(s.usedKeys) {
				s.usedKeys[s.nused] = phTags.kind<<16 | uint32(t)
				s.nused++
			}
			s.both(phTags.esc[t])
			s.chars += phTags.chars[t] + 1
		}
	}

	if g.chance(pOutlink) {
		g.appendOutlink(s)
	}
	if hasQuote {
		// twitter.com/<handle>/status/<id>, shown cut to 26 characters.
		u := append(s.tmp[:0], "https://twitter.com/"...)
		u = append(u, s.qUser...)
		u = append(u, "/status/"...)
		u = strconv.AppendInt(u, qID, 10)
		s.tmp = u
		g.addLink(s, u)
	}
	if hasMedia {
		if len(s.content) > 0 {
			s.bothStr(" ")
		}
		s.content = g.appendTco(s.content)
		s.rendered = append(s.rendered, s.content[len(s.content)-23:]...)
	}
	return g.langCode(lk, ns)
}

func (g *generator) tagSep(s *scratch, sep string) {
	if s.open() {
		if g.chance(0.8) {
			s.bothStr(sep)
		} else {
			s.bothStr(" ")
		}
	}
}

func (g *generator) appendTag(s *scratch) {
	s.both(escMainTags[mainTagTbl.pick(g.r)])
	s.chars += 16
}

func (g *generator) appendMention(s *scratch, i int) {
	m := &s.ments[i]
	n := len(s.content)
	s.content = append(s.content, '@')
	s.content = append(s.content, m.uname...)
	if g.chance(pCaseTyped) {
		g.altCase(s.content[n+1:])
	}
	s.rendered = append(s.rendered, s.content[n:]...)
	s.chars += len(s.content) - n + 1
}

func (g *generator) appendInline(s *scratch, from int) {
	for i := from; i < s.nm; i++ {
		if i > from {
			s.bothStr(" ")
		}
		g.appendMention(s, i)
	}
}

func (g *generator) appendSentence(s *scratch, lk, si int) {
	switch lk {
	case langEn:
		g.appendEnglish(s)
	case langHinglish:
		g.appendPhrase(s, &phHinglish, true)
	case langHi:
		g.appendPhrase(s, &phHi, true)
	case langPa:
		g.appendPhrase(s, &phPa, true)
	case langEnPa:
		if si%2 == 0 {
			g.appendEnglish(s)
		} else {
			g.appendPhrase(s, &phPa, true)
		}
	case langEnHi:
		if si%2 == 0 {
			g.appendPhrase(s, &phHi, true)
		} else {
			g.appendEnglish(s)
		}
	}
}

func (g *generator) appendEnglish(s *scratch) {
	if g.chance(0.6) {
		g.appendPhrase(s, &phEn, true)
		return
	}
	g.appendPhrase(s, &phSubj, true)
	s.bothStr(" ")
	g.appendPhrase(s, &phVerb, false)
	s.bothStr(" ")
	g.appendPhrase(s, &phObj, true)
	g.appendPhrase(s, &phEnd, false)
	s.chars += 2
}

// phrases is a pre-escaped list with each entry's length in characters.
type phrases struct {
	esc   [][]byte
	chars []int
	kind  uint32
}

func newPhrases(list []string, kind uint32) phrases {
	p := phrases{esc: escAll(list), chars: make([]int, len(list)), kind: kind}
	for i, s := range list {
		p.chars[i] = utf8.RuneCountInString(s)
	}
	return p
}

// appendPhrase appends an entry of p; with noRepeat it redraws (a few times)
// an entry the tweet already has, since people rarely paste a line twice.
func (g *generator) appendPhrase(s *scratch, p *phrases, noRepeat bool) {
	i := g.r.IntN(len(p.esc))
	if noRepeat {
		for try := 0; try < 3 && s.used(p.kind<<16|uint32(i)); try++ {
			i = g.r.IntN(len(p.esc))
		}
		if s.nused < len(s.usedKeys) {
			s.usedKeys[s.nused] = p.kind<<16 | uint32(i)
			s.nused++
		}
	}
	s.both(p.esc[i])
	s.chars += p.chars[i]
}

func (s *scratch) used(key uint32) bool {
	for _, k := range s.usedKeys[:s.nused] {
		if k == key {
			return true
		}
	}
	return false
}

func (g *generator) appendEmojiRun(s *scratch) {
	if s.open() && g.chance(0.6) {
		s.bothStr(" ")
	}
	n := emojiRunTable.pick(g.r) + 1
	e := emojiTable.pick(g.r)
	for i := 0; i < n; i++ {
		s.both(escEmoji[e])
		if !g.chance(0.55) { // runs often repeat one emoji: 🙏🙏🙏
			e = emojiTable.pick(g.r)
		}
	}
}

func (g *generator) langCode(lk, ns int) string {
	switch lk {
	case langEn:
		if g.chance(0.04) {
			return oddLangs[g.r.IntN(len(oddLangs))]
		}
		return "en"
	case langHinglish:
		switch x := g.r.IntN(100); {
		case x < 60:
			return "hi"
		case x < 75:
			return "und"
		default:
			return oddLangs[g.r.IntN(len(oddLangs))]
		}
	case langHi, langEnHi:
		return "hi"
	case langPa:
		return "pa"
	case langEnPa:
		if ns > 1 && g.chance(0.5) {
			return "pa"
		}
		return "en"
	}
	return "und"
}

// appendTco appends a fresh https://t.co/XXXXXXXXXX link (23 bytes).
func (g *generator) appendTco(dst []byte) []byte {
	dst = append(dst, "https://t.co/"...)
	return appendRandChars(dst, g.r.Uint64(), 10, base62)
}

// addLink records an outlink and puts its t.co form in content and its
// display form (no scheme, no www., cut to 26 characters plus an ellipsis)
// in renderedContent.
func (g *generator) addLink(s *scratch, url []byte) {
	if s.nout == len(s.out) {
		return
	}
	if len(s.content) > 0 {
		s.bothStr(" ")
	}
	i := s.nout
	s.nout++
	s.out[i] = append(s.out[i][:0], url...)
	s.tco[i] = g.appendTco(s.tco[i][:0])
	s.content = append(s.content, s.tco[i]...)
	d := url
	if n := len("https://"); len(d) > n && string(d[:n]) == "https://" {
		d = d[n:]
	} else if n := len("http://"); len(d) > n && string(d[:n]) == "http://" {
		d = d[n:]
	}
	if len(d) > 4 && string(d[:4]) == "www." {
		d = d[4:]
	}
	if len(d) > 27 {
		s.rendered = append(s.rendered, d[:26]...)
		s.rendered = append(s.rendered, `\u2026`...)
	} else {
		s.rendered = append(s.rendered, d...)
	}
}

func (g *generator) appendOutlink(s *scratch) {
	u := s.tmp[:0]
	switch x := g.r.IntN(100); {
	case x < 40:
		u = append(u, "https://youtu.be/"...)
		u = appendRandChars(u, g.r.Uint64(), 11, base64url)
	case x < 50:
		u = append(u, "https://www.youtube.com/watch?v="...)
		u = appendRandChars(u, g.r.Uint64(), 11, base64url)
	case x < 62:
		u = append(u, "https://www.instagram.com/p/"...)
		u = appendRandChars(u, g.r.Uint64(), 11, base64url)
		u = append(u, '/')
	case x < 70:
		u = append(u, "https://www.facebook.com/"...)
		u = append(u, firstNames[g.r.IntN(len(firstNames))]...)
		u = append(u, "/videos/"...)
		u = strconv.AppendUint(u, 100000000000000+g.r.Uint64N(900000000000000), 10)
		u = append(u, '/')
	default:
		u = append(u, newsSites[g.r.IntN(len(newsSites))]...)
		n := 4 + g.r.IntN(6)
		for i := 0; i < n; i++ {
			if i > 0 {
				u = append(u, '-')
			}
			u = append(u, slugWords[g.r.IntN(len(slugWords))]...)
		}
		u = append(u, '-')
		u = strconv.AppendUint(u, 1000000+g.r.Uint64N(9000000), 10)
	}
	s.tmp = u
	g.addLink(s, u)
}

const (
	base62    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	base64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	digits    = "0123456789"
)

// appendRandChars appends n (at most 10) characters of alphabet drawn from
// the 6-bit groups of x.
func appendRandChars(dst []byte, x uint64, n int, alphabet string) []byte {
	k := uint64(len(alphabet))
	for i := 0; i < n; i++ {
		dst = append(dst, alphabet[((x&63)*k)>>6])
		x >>= 6
	}
	return dst
}

// appendDate appends YYYY-MM-DDTHH:MM:SS+00:00 for a Unix second.
func appendDate(dst []byte, sec int64) []byte {
	days := sec / 86400
	rem := sec - days*86400
	if rem < 0 {
		rem += 86400
		days--
	}
	// Civil-from-days (proleptic Gregorian), integer only.
	z := days + 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	dst = append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10), 'T')
	hh, mm, ss := rem/3600, rem/60%60, rem%60
	return append(dst, byte('0'+hh/10), byte('0'+hh%10), ':', byte('0'+mm/10), byte('0'+mm%10), ':',
		byte('0'+ss/10), byte('0'+ss%10), '+', '0', '0', ':', '0', '0')
}
