package gen

import (
	"bufio"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"time"
)

// LabelledOptions configures the labelled-tweet generator.
type LabelledOptions struct {
	Tweets int
	Seed   int64
	// Codes writes Sentiment140's label codes ("0" negative, "4"
	// positive) instead of "negative" and "positive".
	Codes bool
}

// Labelled generates labelled tweets like the Sentiment140 files of a
// university course's sentiment pipeline: {"date": "Mon Apr 06 22:19:45 PDT
// 2009", "user", "text", "sentiment"}, half positive and half negative,
// dates from 2009-04-06 to 2009-06-25 (PDT, one in twenty in UTC).
//
// The text is short, mostly lower case, and made of clauses: ones that say
// the label's sentiment, neutral ones ("just got home") and, less often,
// ones of the other sentiment, as in the real data, whose labels came from
// emoticons that were then removed. About 45% of tweets mention someone
// ("@name" at the start, in the middle or at the end, sometimes two or
// three), a few hold an e-mail address, a lone "@", a link or an HTML
// entity. So a lexicon model is right on most tweets, not all.
//
// Tweet i is a pure function of the seed and i, so tweets can be made in
// any order and in parallel. A Labelled is safe for concurrent use.
type Labelled struct {
	opt      LabelledOptions
	users    [][]byte
	userT    table
	mentions [][]byte
	mentionT table
}

// Date span of Sentiment140 (Pacific daylight time).
var (
	labelledFrom = time.Date(2009, 4, 6, 22, 19, 45, 0, time.FixedZone("PDT", -7*3600)).Unix()
	labelledTo   = time.Date(2009, 6, 25, 10, 28, 31, 0, time.FixedZone("PDT", -7*3600)).Unix()
)

// famous are the accounts Sentiment140's tweets mention most.
var famous = []string{"mileycyrus", "tommcfly", "ddlovato", "DavidArchie", "Jonasbrothers", "jordanknight",
	"DonnieWahlberg", "mitchelmusso", "taylorswift13", "aplusk", "ashleytisdale", "selenagomez", "stephenfry",
	"jimmyfallon", "kirstiealley", "JonathanRKnight", "dougiemcfly", "officialTila", "shaundiviney", "johncmayer"}

var nameParts = []string{"jen", "matt", "katie", "chris", "sam", "alex", "jess", "mike", "sarah", "dan", "emma",
	"josh", "amy", "nick", "lauren", "tom", "kelly", "ben", "rachel", "jake", "anna", "ryan", "lisa", "kyle",
	"meg", "joe", "nat", "tay", "becca", "andy", "star", "moon", "rock", "sky", "blue", "pink", "music", "love",
	"girl", "boy", "fan", "life", "dream", "sweet", "crazy", "little", "tweet", "sun", "rose", "lily"}

// NewLabelled prepares the generator: its user and mention pools depend on the seed.
func NewLabelled(opt LabelledOptions) *Labelled {
	g := &Labelled{opt: opt}
	r := rand.New(rand.NewPCG(splitmix(uint64(opt.Seed)^0x6c61626c), splitmix(uint64(opt.Seed)+1)))
	nUsers := max(1000, opt.Tweets/3)
	g.users = make([][]byte, nUsers)
	for i := range g.users {
		g.users[i] = labelledName(r, i)
	}
	g.userT = newTable(zipfWeights(nUsers, 200))
	nMentions := max(500, opt.Tweets/25)
	g.mentions = make([][]byte, nMentions)
	for i := range g.mentions {
		if i < len(famous) {
			g.mentions[i] = []byte(famous[i])
		} else {
			g.mentions[i] = labelledName(r, i)
		}
	}
	g.mentionT = newTable(zipfWeights(nMentions, 10))
	return g
}

// labelledName makes a Twitter-like screen name (1 to 15 of [A-Za-z0-9_]).
func labelledName(r *rand.Rand, i int) []byte {
	var b []byte
	switch r.IntN(6) {
	case 0:
		b = append(b, '_')
	case 1:
		b = append(b, "xo"...)
	}
	b = append(b, nameParts[r.IntN(len(nameParts))]...)
	if r.IntN(2) == 0 {
		b = append(b, '_')
	}
	p := nameParts[r.IntN(len(nameParts))]
	if r.IntN(3) == 0 {
		p = strings.ToUpper(p[:1]) + p[1:]
	}
	b = append(b, p...)
	if r.IntN(2) == 0 {
		b = appendDecimal(b, uint64(i%997))
	}
	if len(b) > 15 {
		b = b[:15]
	}
	return b
}

func appendDecimal(b []byte, v uint64) []byte {
	var tmp [20]byte
	n := len(tmp)
	for {
		n--
		tmp[n] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(b, tmp[n:]...)
}

// Clauses by sentiment. The neutral ones hold no word of the built-in
// model's lexicon; the others hold at least one of their sentiment.
var (
	positiveClauses = []string{
		"i love this song", "had a great time tonight", "thanks for the follow", "so happy right now",
		"best day ever", "this is awesome", "good morning everyone", "glad you had fun", "congrats on the new job",
		"you made my day", "haha that was hilarious", "what a beautiful day", "enjoying the sunshine",
		"love you guys", "nice work", "sounds like fun", "feeling great", "yay finally friday", "thank you so much",
		"happy birthday", "i'm so excited", "that's sweet of you", "you're the best", "wonderful news",
		"great show last night", "amazing concert", "loving the new album", "had a lovely dinner",
		"can't stop smiling", "proud of you", "the weather is perfect", "good luck tomorrow", "cute pics",
		"that made me laugh", "beautiful sunset", "excited for summer", "welcome to twitter", "love it",
		"awesome weekend", "hope you feel better soon",
	}
	negativeClauses = []string{
		"i hate mondays", "so sad right now", "feeling sick today", "my head hurts", "i miss you",
		"worst day ever", "can't sleep again", "so tired of this", "this is boring", "sorry to hear that",
		"my phone is broken", "lost my keys again", "stupid traffic", "ugh rain again", "i'm so bored",
		"that sucks", "not feeling well", "failed my exam", "my car broke down", "hurt my back", "bad news today",
		"i feel awful", "so annoyed", "crying my eyes out", "poor thing", "hate this weather", "lonely night",
		"my tummy hurts", "worried about tomorrow", "terrible headache", "i'm sick of it", "depressing",
		"stuck at work all day", "no sleep tonight", "missing my friends", "the game was a disaster",
		"i'm scared", "what a pain", "upset about the news", "damn allergies",
	}
	// trapClauses read positive to a lexicon but come from negative
	// tweets (a wish, a want, sarcasm).
	trapClauses = []string{
		"wish i was at the beach", "i want to go home", "great another monday", "thanks a lot",
		"wish you were here", "i hope it gets better", "so much for a good night", "i need a hug",
	}
	neutralClauses = []string{
		"going to the store", "at work", "just got home", "on my way to school", "watching tv",
		"listening to the radio", "eating lunch", "working on my homework", "heading out", "reading a book",
		"back from the gym", "waiting for the bus", "going to bed", "just woke up", "cleaning my room",
		"driving to work", "in the car", "at the airport", "cooking dinner", "studying for finals",
		"on the phone", "doing laundry", "about to watch a movie", "getting ready", "off to work",
		"sitting outside", "checking my email", "playing xbox", "at the mall", "on the train",
		"watching the game", "making pancakes", "going to the beach tomorrow", "just saw the new movie",
		"at my mom's house", "finishing my paper", "taking the dog out", "writing a blog post",
	}
	tails     = []string{"", "", "", "", "!", "!!", "...", ".", " lol", " haha", " today", " tonight", " now", " again", "?"}
	joiners   = []string{" ", ", ", ". ", " and ", "... ", " - "}
	linkHosts = []string{"http://twitpic.com/", "http://bit.ly/", "http://tinyurl.com/", "http://plurk.com/p/"}
	mailHosts = []string{"gmail.com", "hotmail.com", "yahoo.com", "aol.com"}
	entities  = []string{" &amp; ", " &quot;yes&quot; ", " &lt;3", " &gt; "}
	midWords  = []string{" with ", " for ", " cc ", " ask ", " thx ", " via "}
)

// Append appends tweet i as one JSON object, without a line break.
func (g *Labelled) Append(dst []byte, i int) []byte {
	var src rand.PCG
	src.Seed(splitmix(uint64(g.opt.Seed)), splitmix(uint64(i)^0x9e3779b97f4a7c15))
	r := rand.New(&src)
	positive := r.IntN(2) == 0

	// date: uniform over the span, in PDT or (one in twenty) UTC
	sec := labelledFrom + r.Int64N(labelledTo-labelledFrom+1)
	zone, off := "PDT", int64(-7*3600)
	if r.IntN(20) == 0 {
		zone, off = "UTC", 0
	}
	dst = append(dst, `{"date":"`...)
	dst = time.Unix(sec+off, 0).UTC().AppendFormat(dst, "Mon Jan 02 15:04:05 ")
	dst = append(dst, zone...)
	dst = time.Unix(sec+off, 0).UTC().AppendFormat(dst, " 2006")
	dst = append(dst, `","user":"`...)
	dst = append(dst, g.users[g.userT.pick(r)]...)
	dst = append(dst, `","text":"`...)
	dst = g.appendText(dst, r, positive)
	dst = append(dst, `","sentiment":"`...)
	switch {
	case g.opt.Codes && positive:
		dst = append(dst, '4')
	case g.opt.Codes:
		dst = append(dst, '0')
	case positive:
		dst = append(dst, "positive"...)
	default:
		dst = append(dst, "negative"...)
	}
	return append(dst, `"}`...)
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// clause picks one clause of a tweet with the given label.
func clause(r *rand.Rand, positive bool) string {
	x := r.IntN(100)
	switch {
	case x < 47:
		if positive {
			return pick(r, positiveClauses)
		}
		return pick(r, negativeClauses)
	case x < 85:
		return pick(r, neutralClauses)
	case !positive && x < 94:
		return pick(r, trapClauses)
	case positive:
		return pick(r, negativeClauses)
	default:
		return pick(r, positiveClauses)
	}
}

// appendText appends a tweet's text, JSON-escaped.
func (g *Labelled) appendText(dst []byte, r *rand.Rand, positive bool) []byte {
	start := len(dst)
	nMentions := 0
	if r.IntN(100) < 45 {
		nMentions = 1
		if x := r.IntN(100); x < 4 {
			nMentions = 3
		} else if x < 18 {
			nMentions = 2
		}
	}
	mentionAt := 0 // 0: at the start, 1: after the first clause, 2: at the end
	if nMentions > 0 {
		if x := r.IntN(100); x >= 78 {
			mentionAt = 1 + x%2
		}
	}
	mentions := func() {
		for k := range nMentions {
			if k > 0 {
				dst = append(dst, ' ')
			}
			dst = append(dst, '@')
			dst = append(dst, g.mentions[g.mentionT.pick(r)]...)
			if r.IntN(12) == 0 {
				dst = append(dst, pick(r, []string{":", ",", "!", "'s"})...)
			}
		}
	}
	if nMentions > 0 && mentionAt == 0 {
		mentions()
		dst = append(dst, ' ')
	}
	clauses := 1 + r.IntN(3)
	for k := range clauses {
		if k > 0 {
			dst = append(dst, pick(r, joiners)...)
		}
		dst = append(dst, clause(r, positive)...)
		if k == 0 && nMentions > 0 && mentionAt == 1 {
			dst = append(dst, pick(r, midWords)...)
			mentions()
		}
	}
	dst = append(dst, pick(r, tails)...)
	switch x := r.IntN(100); {
	case x < 8:
		dst = append(dst, ' ')
		dst = append(dst, pick(r, linkHosts)...)
		dst = appendRandChars(dst, r.Uint64(), 5+r.IntN(3), "abcdefghijklmnopqrstuvwxyz0123456789")
	case x < 11:
		dst = append(dst, " mail me at "...)
		dst = append(dst, g.users[r.IntN(len(g.users))]...)
		dst = append(dst, '@')
		dst = append(dst, pick(r, mailHosts)...)
	case x < 13:
		dst = append(dst, " meet me @ the park"...)
	case x < 16:
		dst = append(dst, pick(r, entities)...)
	}
	if nMentions > 0 && mentionAt == 2 {
		dst = append(dst, ' ')
		mentions()
	}
	// Casing: mostly as written (lower case), a quarter capitalized, a few
	// with their last word shouted.
	switch x := r.IntN(100); {
	case x < 25:
		if c := dst[start]; c >= 'a' && c <= 'z' {
			dst[start] = c - 32
		}
	case x < 30:
		end := len(dst)
		for end > start && !isLower(dst[end-1]) {
			end--
		}
		begin := end
		for begin > start && isLower(dst[begin-1]) {
			begin--
		}
		if end-begin >= 3 && (begin == start || dst[begin-1] == ' ') {
			for k := begin; k < end; k++ {
				dst[k] -= 32
			}
		}
	}
	return dst
}

// LabelledTweets writes opt.Tweets labelled tweets as NDJSON.
func LabelledTweets(w io.Writer, opt LabelledOptions) error {
	if opt.Tweets <= 0 {
		return errors.New("gen: LabelledOptions needs Tweets > 0")
	}
	g := NewLabelled(opt)
	bw := bufio.NewWriterSize(w, 256<<10)
	line := make([]byte, 0, 512)
	for i := range opt.Tweets {
		line = append(g.Append(line[:0], i), '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}
