// Package gen writes synthetic tweets shaped like the farmers-protest file
// (farmers-protest-tweets-2021-2-4.json): snscrape's NDJSON as Python's
// json.dumps(ensure_ascii=True) wrote it, with the same keys in the same
// order, nested quoted tweets, null rates, line lengths, date span and the
// skewed distributions of days, authors, mentions and emoji that the
// published answers describe. Output is a pure function of the options.
//
// What follows the published figures: the per-day counts (ten published,
// three filled in), each day's leading author, the ten most mentioned
// handles and their shares, the ten most frequent emoji clusters and their
// shares, the null rates of mentionedUsers, quotedTweet and media, entries
// per mentionedUsers and the mean line length. The rest (sentences, the
// emoji and mention tails, account profiles, engagement counts, languages)
// is invented to look plausible. Quoted tweets carry their own dates, which
// may fall before 2021-02-12: only top-level fields are in the range, as in
// the real file.
package gen

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"math/bits"
)

// TweetOptions configures Tweets. The zero Seed is a valid seed.
type TweetOptions struct {
	Bytes int64 // stop after the first line that brings the output to at least this many bytes
	Lines int   // or stop after this many lines (0 = no line limit); at least one of Bytes/Lines > 0
	Seed  int64
}

// avgLineBytes is the mean line length of the real file
// (407,720,271 bytes / 117,407 lines); the generator is tuned to it.
const avgLineBytes = 407720271 / 117407

// Tweets writes NDJSON tweets to w; the same options always give the same bytes.
//
// Dates run newest first from 2021-02-24T09:23:35+00:00 down to
// 2021-02-12. The share of each day follows the published per-day counts:
// the days are laid out over the expected output (bytes when Bytes is the
// limit that ends the run, lines otherwise) before the first line is written,
// so the last day still gets its share whatever the line lengths turn out to be.
func Tweets(w io.Writer, opt TweetOptions) error {
	if opt.Bytes < 0 || opt.Lines < 0 {
		return errors.New("gen: negative Bytes or Lines")
	}
	if opt.Bytes == 0 && opt.Lines == 0 {
		return errors.New("gen: TweetOptions needs Bytes > 0 or Lines > 0")
	}
	byBytes := opt.Bytes > 0 && (opt.Lines == 0 || int64(opt.Lines)*avgLineBytes > opt.Bytes)
	var total uint64
	if byBytes {
		total = uint64(opt.Bytes)
	} else {
		total = uint64(opt.Lines) * lineSlots
	}
	c := newClock(total)
	g := newGenerator(opt.Seed)
	bw := bufio.NewWriterSize(w, 256<<10)
	var written int64
	for n := 0; ; n++ {
		if opt.Lines > 0 && n >= opt.Lines {
			break
		}
		if opt.Bytes > 0 && written >= opt.Bytes {
			break
		}
		// Progress; a line counts as lineSlots units and lands at a random
		// one of them, so small outputs do not all sit on a day's last second.
		p := uint64(written)
		if !byBytes {
			p = uint64(n)*lineSlots + g.r.Uint64N(lineSlots)
		}
		day, sec := c.at(p)
		g.line = g.appendTopTweet(g.line[:0], day, sec)
		if _, err := bw.Write(g.line); err != nil {
			return err
		}
		written += int64(len(g.line))
	}
	return bw.Flush()
}

// Sample returns a small deterministic NDJSON sample (n lines) as bytes.
func Sample(n int, seed int64) []byte {
	if n <= 0 {
		return nil
	}
	var b bytes.Buffer
	b.Grow(n * avgLineBytes * 5 / 4)
	if err := Tweets(&b, TweetOptions{Lines: n, Seed: seed}); err != nil {
		panic(err) // writing to a bytes.Buffer does not fail
	}
	return b.Bytes()
}

const (
	lineSlots      = 1 << 10
	twitterEpochMs = 1288834974657 // snowflake ids count milliseconds from here
	day0           = 1613088000    // 2021-02-12T00:00:00Z
	numDays        = 13            // 2021-02-12 .. 2021-02-24
	lastDaySecs    = 33816         // the scrape ended at 2021-02-24T09:23:35
)

// dayWeights[d] is the published tweet count of 2021-02-(12+d). The ten
// busiest days are published; the other three (21, 22, 24) share the rest
// of the 117,407 lines, the 24th being a partial day.
var dayWeights = [numDays]uint64{12347, 11296, 10249, 9197, 10443, 11087, 9625, 8204, 8502, 6600, 7100, 8417, 4340}

// hourWeights by UTC hour: the protest tweeted in Indian daytime (UTC+5:30).
var hourWeights = [24]uint64{40, 55, 75, 95, 110, 120, 125, 125, 120, 115, 115, 115, 120, 125, 130, 125, 110, 90, 70, 55, 45, 35, 30, 32}

// clock maps progress through the planned output (bytes or lines written so
// far) to a day and a second, newest first.
type clock struct {
	total   uint64
	ends    [numDays]uint64 // ends[k]: progress where output day k ends; k = 0 is 2021-02-24
	k       int
	hourCum [25]uint64 // hourCum[h]: tweet "mass" of a day before hour h
}

func newClock(total uint64) *clock {
	c := &clock{total: total}
	var sum uint64
	for _, w := range dayWeights {
		sum += w
	}
	var cum uint64
	for k := 0; k < numDays; k++ {
		cum += dayWeights[numDays-1-k]
		hi, lo := bits.Mul64(total, cum)
		c.ends[k], _ = bits.Div64(hi, lo, sum)
	}
	c.ends[numDays-1] = total
	for h := 0; h < 24; h++ {
		c.hourCum[h+1] = c.hourCum[h] + hourWeights[h]*3600
	}
	return c
}

// massAt is the mass of a day before second s.
func (c *clock) massAt(s uint64) uint64 {
	h := s / 3600
	return c.hourCum[h] + (s%3600)*hourWeights[h]
}

// at returns the calendar day (0 = 2021-02-12) and the Unix second for a
// line that starts at progress p. p never decreases, so neither does the time.
func (c *clock) at(p uint64) (int, int64) {
	for c.k < numDays-1 && p >= c.ends[c.k] {
		c.k++
	}
	var start uint64
	if c.k > 0 {
		start = c.ends[c.k-1]
	}
	size := c.ends[c.k] - start
	day := numDays - 1 - c.k
	mass := c.hourCum[24]
	if day == numDays-1 {
		mass = c.massAt(lastDaySecs)
	}
	var m uint64
	if off := p - start; p >= start && off < size {
		hi, lo := bits.Mul64(off, mass)
		q, _ := bits.Div64(hi, lo, size)
		m = mass - 1 - q
	} // else: past the plan (only if lines ran out of bytes): oldest second.
	h := 0
	for h < 23 && c.hourCum[h+1] <= m {
		h++
	}
	s := uint64(h)*3600 + (m-c.hourCum[h])/hourWeights[h]
	return day, day0 + int64(day)*86400 + int64(s)
}
