package gen

import (
	"bufio"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"
)

// ActivityOptions configures Activity. The zero Seed is a valid seed.
type ActivityOptions struct {
	Rows         int // interaction rows (the challenge has 1,000,000)
	MetadataRows int // metadata rows (the challenge has 100,000)
	Seed         int64
	// Skew adds heavy users: a fifth of the rows become bursts of events
	// minutes apart by 200 users (a few of them far heavier than the
	// rest), with some durations past 4 h.
	Skew bool
}

// The interaction log generator of a product-analytics challenge: every
// column uniform and independent (see ../shared/data/README.md).
const (
	activityUsers   = 1_000_000
	activityPages   = 1_000_000
	activityFrom    = 1672531200 // 2023-01-01 00:00:00 UTC
	activityTo      = 1703980800 // 2023-12-31 00:00:00 UTC
	joinFrom        = 1577836800 // 2020-01-01
	joinDays        = 1461       // to 2023-12-31
	minDurationMs   = 100
	maxDurationMs   = 300_000
	heavyUsers      = 200
	heavyRowShare   = 0.2
	interactionHead = "user_id,timestamp,action_type,page_id,duration_ms,app_version\n"
	metadataHead    = "user_id,join_date,country,device_type,subscription_type\n"
)

var (
	activityActions = []string{"page_view", "edit", "create", "delete", "share"}
	countries       = []string{"US", "UK", "CA", "AU", "DE", "FR", "JP", "IN", "BR", "MX"}
	devices         = []string{"iPhone", "iPad", "Android Phone", "Android Tablet", "Windows", "Mac"}
	subscriptions   = []string{"free", "basic", "premium", "enterprise"}
)

// Activity writes an interaction log and a user metadata table, both CSV
// with a header row. The same options always give the same bytes.
//
// Without Skew the columns follow the challenge's generator: user_id
// "u%06d" uniform over 1..1,000,000; timestamp "YYYY-MM-DD HH:MM:SS" (no
// zone) uniform over 2023-01-01 00:00:00 .. 2023-12-31 00:00:00; action
// uniform over five types; page_id "p%06d" uniform; duration_ms uniform
// over 100..300,000; app_version "{5-7}.{0-9}.{0-9}". Metadata rows draw
// user_id from the same range independently (so some ids repeat with
// different rows, and most users have none); join_date uniform over
// 2020-01-01 .. 2023-12-31; country, device_type and subscription_type
// uniform over their lists.
func Activity(interactions, metadata io.Writer, opt ActivityOptions) error {
	if opt.Rows < 0 || opt.MetadataRows < 0 {
		return errors.New("gen: negative row count")
	}
	g := newActivityGen(opt)
	if err := g.writeInteractions(interactions, opt.Rows); err != nil {
		return err
	}
	if metadata != nil {
		return g.writeMetadata(metadata, opt.MetadataRows)
	}
	return nil
}

type activityGen struct {
	r      *rand.Rand
	skew   bool
	heavy  []int     // heavy user ids
	weight []float64 // cumulative pick weights of the heavy users
	burst  []burstEvent
	line   []byte
}

type burstEvent struct {
	user int
	sec  int64
	dur  int64
}

func newActivityGen(opt ActivityOptions) *activityGen {
	g := &activityGen{r: rand.New(rand.NewPCG(uint64(opt.Seed), 0x5eed_ac71)), skew: opt.Skew}
	if opt.Skew {
		var total float64
		for k := range heavyUsers {
			g.heavy = append(g.heavy, 1+g.r.IntN(activityUsers))
			total += 1 / float64(k+1) // Zipf: the first few are much heavier
			g.weight = append(g.weight, total)
		}
	}
	return g
}

func (g *activityGen) writeInteractions(w io.Writer, rows int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(interactionHead)
	for range rows {
		var user int
		var sec, dur int64
		// With skew, a fifth of the rows come from the heavy users' bursts,
		// taken in order, between uniform rows.
		if g.skew && g.r.Float64() < heavyRowShare {
			if len(g.burst) == 0 {
				g.newBurst()
			}
			e := g.burst[0]
			g.burst = g.burst[1:]
			user, sec, dur = e.user, e.sec, e.dur
		} else {
			user = 1 + g.r.IntN(activityUsers)
			sec = activityFrom + g.r.Int64N(activityTo-activityFrom+1)
			dur = minDurationMs + g.r.Int64N(maxDurationMs-minDurationMs+1)
		}
		g.line = g.appendInteraction(g.line[:0], user, sec, dur)
		if _, err := bw.Write(g.line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// newBurst queues one session of a heavy user: 5 to 40 events, 20 s to 8
// min apart (now and then exactly 10 min, the session gap), durations from
// 1 s to 30 min, and one in fifty from 4 to 8 h.
func (g *activityGen) newBurst() {
	k := sort.SearchFloat64s(g.weight, g.r.Float64()*g.weight[len(g.weight)-1])
	user := g.heavy[min(k, len(g.heavy)-1)]
	// A burst lasts at most 40 x 10 min: it starts early enough to end in range.
	sec := activityFrom + g.r.Int64N(activityTo-activityFrom-40*600)
	for n := 5 + g.r.IntN(36); n > 0; n-- {
		dur := int64(1000 * math.Exp(g.r.Float64()*math.Log(1800)))
		if g.r.IntN(50) == 0 {
			dur = 4*3600*1000 + g.r.Int64N(4*3600*1000)
		}
		g.burst = append(g.burst, burstEvent{user, sec, dur})
		if g.r.IntN(10) == 0 {
			sec += 600
		} else {
			sec += 20 + g.r.Int64N(460)
		}
	}
}

func (g *activityGen) appendInteraction(b []byte, user int, sec, dur int64) []byte {
	b = appendID(b, 'u', user)
	b = append(b, ',')
	b = appendDateTime(b, sec)
	b = append(b, ',')
	b = append(b, activityActions[g.r.IntN(len(activityActions))]...)
	b = append(b, ',')
	b = appendID(b, 'p', 1+g.r.IntN(activityPages))
	b = append(b, ',')
	b = strconv.AppendInt(b, dur, 10)
	b = append(b, ',', byte('5'+g.r.IntN(3)), '.', byte('0'+g.r.IntN(10)), '.', byte('0'+g.r.IntN(10)), '\n')
	return b
}

func (g *activityGen) writeMetadata(w io.Writer, rows int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(metadataHead)
	for range rows {
		b := appendID(g.line[:0], 'u', 1+g.r.IntN(activityUsers))
		b = append(b, ',')
		b = appendDateTime(b, joinFrom+86400*g.r.Int64N(joinDays))[:len(b)+10]
		b = append(b, ',')
		b = append(b, countries[g.r.IntN(len(countries))]...)
		b = append(b, ',')
		b = append(b, devices[g.r.IntN(len(devices))]...)
		b = append(b, ',')
		b = append(b, subscriptions[g.r.IntN(len(subscriptions))]...)
		b = append(b, '\n')
		g.line = b
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// appendID appends a letter and a number padded to six digits: u000042.
func appendID(b []byte, letter byte, n int) []byte {
	b = append(b, letter)
	var d [6]byte
	for i := 5; i >= 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, d[:]...)
}

// appendDateTime appends "YYYY-MM-DD HH:MM:SS" (UTC) of Unix time sec.
func appendDateTime(b []byte, sec int64) []byte {
	t := time.Unix(sec, 0).UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+int(mo)/10), byte('0'+int(mo)%10), '-', byte('0'+d/10), byte('0'+d%10), ' ')
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':', byte('0'+s/10), byte('0'+s%10))
}
