// Package pipeline is the sentiment pipeline recipe: labelled tweets go
// through bronze, silver and gold tables to an application table per
// mention, and the built-in sentiment model (and, optionally, another
// model's predictions) is evaluated against the given labels.
//
// Definitions (also in the README):
//
//   - Bronze: one row per record: date, user, text, sentiment as written
//     (strings, or null when absent or null), source_file (the input's
//     name; in a folder, the file's path relative to the folder) and
//     processing_time (one instant per run).
//   - Silver: one row per @mention in the text (see mentionSpans), in
//     order, a mention written twice giving two rows: timestamp (the date
//     in UTC, RFC 3339, null when it is missing or unreadable), mention
//     ("@" and the name as written), cleaned_text (the text without its
//     mentions, white space collapsed, see cleanText) and sentiment (the
//     given label mapped to positive/negative/neutral, see Params.Labels;
//     an unknown label as written; null when missing). A tweet without a
//     mention gives no silver row unless KeepUnmentioned, which gives it one
//     with an empty mention.
//   - Gold: the silver rows plus predicted_score, predicted_sentiment (the
//     built-in model on cleaned_text: package sentiment's Score and Label),
//     sentiment_id (1 when the given label is positive, else 0) and
//     predicted_sentiment_id (1 when POS, else 0); and prediction, the other
//     model's value as written, when a prediction field is set.
//   - Application: per mention (exact, case kept; the empty mention is not
//     one): negative, neutral and positive (gold rows by predicted label),
//     total, and the first and last timestamp of its rows; most rows first,
//     ties by mention, byte-wise.
//   - Evaluation: each record (tweet) once, whatever its number of
//     mentions: the given label (positive/negative/neutral as POS/NEG/NEU,
//     another label as itself) against the model's label on the tweet's
//     cleaned text. Records without a given label are not evaluated (they
//     are counted as unlabelled). Binary view: POS is 1, every other label 0.
package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"dropsight/core/delimited"
	"dropsight/core/jsonscan"
	"dropsight/core/sentiment"
	"dropsight/core/table"
	"dropsight/core/timestamp"
)

// Table names.
const (
	Bronze      = "bronze"
	Silver      = "silver"
	Gold        = "gold"
	Application = "application"
)

// Tables are the tables the pipeline writes, in order.
var Tables = []string{Bronze, Silver, Gold, Application}

// field slots, in Fields order
const (
	fDate = iota
	fUser
	fText
	fSentiment
	fPrediction
	nField
)

var fieldColumns = [nField]string{"date", "user", "text", "sentiment", "prediction"}

// label classes of a record's given label
const (
	gPositive = iota
	gNegative
	gNeutral
	gOther   // a label that maps to none of the three
	gMissing // no label: absent, null or blank
)

// predicted label indexes: in the order of the confusion matrix
const (
	pNEG = iota
	pNEU
	pPOS
)

var predLabels = [3]string{string(sentiment.Negative), string(sentiment.Neutral), string(sentiment.Positive)}

// value is one field of the current record.
type value struct {
	b    []byte
	null bool
}

// Counter runs the pipeline over part of the input: it writes the row
// tables (when given a table.Writer) and keeps the aggregates, which merge
// with those of other parts. Build one with NewCounter.
type Counter struct {
	p      Params
	fields [nField]string // the input's field of each slot ("" when none)
	loc    *time.Location
	utc    bool
	plan   *jsonscan.Plan
	vals   jsonscan.Values
	cols   [nField]int // CSV column of each field; -1: none
	colsOK bool
	labels map[string]string // Params.Labels with lower-cased keys too
	an     sentiment.Analyzer

	tables   table.Writer
	source   []byte
	procTime []byte

	v     [nField]value
	bufs  [nField][]byte
	spans []span
	clean []byte
	ts    []byte
	row   table.Row

	st state
}

// NewCounter returns an empty counter for p (normalized).
func NewCounter(p Params) (*Counter, error) {
	if err := p.Normalize(); err != nil {
		return nil, err
	}
	loc, _ := time.LoadLocation(p.TimeZone)
	f := p.Fields
	c := &Counter{
		p:        p,
		fields:   [nField]string{f.Date, f.User, f.Text, f.Sentiment, f.Prediction},
		loc:      loc,
		utc:      loc == time.UTC,
		plan:     jsonscan.NewPlan(f.Date, f.User, f.Text, f.Sentiment, f.Prediction),
		labels:   map[string]string{},
		procTime: []byte(p.ProcessingTime),
		st:       newState(),
	}
	for k, v := range p.Labels {
		c.labels[strings.TrimSpace(k)] = v
	}
	for k, v := range p.Labels {
		if lk := strings.ToLower(strings.TrimSpace(k)); c.labels[lk] == "" {
			c.labels[lk] = v
		}
	}
	for i := range c.cols {
		c.cols[i] = -1
	}
	return c, nil
}

// Params returns the counter's normalized parameters.
func (c *Counter) Params() Params { return c.p }

// Parameters implements engine.Counter.
func (c *Counter) Parameters() any { return c.p }

func (c *Counter) fieldName(i int) string { return c.fields[i] }

// SetInput implements engine.InputCounter: it finds the fields among the
// columns of a CSV input, by delimited.FindColumn's rule (the exact name,
// else the only column equal to it but for case; two such columns are an
// error naming both).
func (c *Counter) SetInput(role string, input, rng int, columns []string) error {
	if role != "" {
		return fmt.Errorf("the sentiment pipeline reads labelled tweets only, not a %q input", role)
	}
	for i := range nField {
		c.cols[i] = -1
		name := c.fieldName(i)
		if name == "" {
			continue
		}
		var err error
		if c.cols[i], err = delimited.FindColumn(columns, name); err != nil {
			return fmt.Errorf("%s field: %v", fieldColumns[i], err)
		}
	}
	c.colsOK = true
	return nil
}

// SetTables implements engine.TableCounter: rows go to w from now on.
func (c *Counter) SetTables(w table.Writer) { c.tables = w }

// SetSource implements engine.TableCounter: the name bronze gives as
// source_file to the records that follow.
func (c *Counter) SetSource(name string) { c.source = append(c.source[:0], name...) }

// Add runs one JSON record through the pipeline; an error is the reason to
// reject it (not JSON, not an object, a broken string).
func (c *Counter) Add(rec []byte) error {
	t0 := time.Now()
	if err := c.plan.Scan(rec, &c.vals); err != nil {
		return err
	}
	for i := range nField {
		v := c.vals.First(i)
		switch v.Kind() {
		case 0, 'n':
			c.v[i] = value{null: true}
		case '"':
			if bytes.IndexByte(v, '\\') < 0 {
				c.v[i] = value{b: v[1 : len(v)-1]}
				continue
			}
			var err error
			if c.bufs[i], err = jsonscan.String(c.bufs[i][:0], v); err != nil {
				return fmt.Errorf("%s: %v", c.fieldName(i), err)
			}
			c.v[i] = value{b: c.bufs[i]}
		default: // numbers, booleans, objects and arrays: their JSON text
			c.v[i] = value{b: v}
		}
	}
	c.process(t0)
	return c.st.mem.Err()
}

// AddRow implements engine.RowCounter: one CSV row, its fields in column
// order. A CSV field is never null; an empty one is empty.
func (c *Counter) AddRow(fields [][]byte) error {
	t0 := time.Now()
	if !c.colsOK {
		return errors.New("the input's columns are unknown")
	}
	for i := range nField {
		if col := c.cols[i]; col >= 0 && col < len(fields) {
			c.v[i] = value{b: fields[col]}
		} else {
			c.v[i] = value{null: true}
		}
	}
	c.process(t0)
	return c.st.mem.Err()
}

// blank reports whether b is empty or white space only.
func blank(b []byte) bool {
	return len(bytes.TrimSpace(b)) == 0
}

// given classifies the record's given label: its class, and the label as
// silver writes it.
func (c *Counter) given(v value) (int, string) {
	if v.null || blank(v.b) {
		return gMissing, ""
	}
	raw := bytes.TrimSpace(v.b)
	l, ok := c.labels[string(raw)]
	if !ok {
		l, ok = c.labels[strings.ToLower(string(raw))]
	}
	if !ok {
		l = canonical(string(raw))
	}
	switch l {
	case Positive:
		return gPositive, Positive
	case Negative:
		return gNegative, Negative
	case Neutral:
		return gNeutral, Neutral
	}
	return gOther, string(raw)
}

// evalLabel is a given class as the confusion matrix writes it.
func evalLabel(class int, label string) string {
	switch class {
	case gPositive:
		return string(sentiment.Positive)
	case gNegative:
		return string(sentiment.Negative)
	case gNeutral:
		return string(sentiment.Neutral)
	}
	return label
}

func predIndex(l sentiment.Label) int {
	switch l {
	case sentiment.Positive:
		return pPOS
	case sentiment.Negative:
		return pNEG
	}
	return pNEU
}

// process runs the current record (c.v) through the stages.
func (c *Counter) process(t0 time.Time) {
	s := &c.st
	s.Records++

	// Bronze: the record as written.
	for i := range nField {
		if c.fieldName(i) == "" {
			continue
		}
		switch {
		case c.v[i].null:
			s.Nulls[i]++
		case blank(c.v[i].b):
			s.Empties[i]++
		}
	}
	if u := c.v[fUser]; !u.null && !blank(u.b) {
		s.addUser(u.b, 1)
	}
	if c.tables != nil {
		c.bronzeRow()
	}
	t1 := time.Now()
	s.StageNs[0] += int64(t1.Sub(t0))

	// Silver: timestamp, mentions, cleaned text, mapped label.
	d := c.v[fDate]
	unix, timed := int64(0), false
	if !d.null && !blank(d.b) {
		if unix, timed = timestamp.Parse(d.b, c.loc); !timed {
			s.InvalidDates++
		}
	}
	c.ts = c.ts[:0]
	if timed {
		c.ts = time.Unix(unix, 0).UTC().AppendFormat(c.ts, time.RFC3339)
	}
	var text []byte
	if !c.v[fText].null {
		text = c.v[fText].b
	}
	c.spans = mentionSpans(c.spans[:0], text)
	c.clean = cleanText(c.clean[:0], text, c.spans)
	class, label := c.given(c.v[fSentiment])
	if len(c.spans) > 0 {
		s.WithMention++
		s.MentionRows += int64(len(c.spans))
	} else {
		s.WithoutMention++
	}
	rows := len(c.spans)
	if rows == 0 && c.p.KeepUnmentioned {
		rows = 1
	}
	s.SilverRows += int64(rows)
	if c.tables != nil {
		c.silverRows(text, timed, class, label)
	}
	t2 := time.Now()
	s.StageNs[1] += int64(t2.Sub(t1))

	// Gold: the model, the evaluation and the aggregates.
	res := c.an.Analyze(c.clean)
	pred := predIndex(res.Label)
	s.Predicted[pred]++
	s.Given[class]++
	if class != gMissing {
		// the error only says the label set outgrew evaluate.MaxClasses;
		// the counts keep it and the report says so
		_ = s.Model.AddN(evalLabel(class, label), string(res.Label), 1)
	}
	if c.p.Fields.Prediction != "" && class != gMissing {
		pc, pl := c.given(c.v[fPrediction])
		if pc == gMissing {
			s.Unpredicted++
		} else {
			_ = s.Column.AddN(evalLabel(class, label), evalLabel(pc, pl), 1)
		}
	}
	for _, sp := range c.spans {
		s.addMention(text[sp.At:sp.NameEnd], pred, unix, timed)
	}
	if timed {
		s.addDay(c.day(unix), class, pred)
	}
	if c.tables != nil {
		c.goldRows(text, timed, class, label, res)
	}
	s.StageNs[2] += int64(time.Since(t2))
}

// day is the day number of an instant in the run's time zone.
func (c *Counter) day(unix int64) int32 {
	if c.utc {
		return timestamp.Day(unix)
	}
	_, off := time.Unix(unix, 0).In(c.loc).Zone()
	return timestamp.Day(unix + int64(off))
}

func (c *Counter) bronzeRow() {
	r := &c.row
	r.Begin()
	for _, i := range [...]int{fDate, fUser, fText, fSentiment} {
		r.StringOrNull(fieldColumns[i], c.v[i].b, c.v[i].null)
	}
	if c.p.Fields.Prediction != "" {
		r.StringOrNull("prediction", c.v[fPrediction].b, c.v[fPrediction].null)
	}
	r.String("source_file", c.source)
	r.String("processing_time", c.procTime)
	c.tables.Row(Bronze, r.End())
}

// silverStart writes the columns silver and gold share.
func (c *Counter) silverStart(text []byte, sp *span, timed bool, class int, label string) {
	r := &c.row
	r.Begin()
	if timed {
		r.String("timestamp", c.ts)
	} else {
		r.Null("timestamp")
	}
	if sp != nil {
		r.String("mention", text[sp.At:sp.NameEnd])
	} else {
		r.String("mention", nil)
	}
	r.String("cleaned_text", c.clean)
	if class == gMissing {
		r.Null("sentiment")
	} else {
		r.String("sentiment", []byte(label))
	}
}

func (c *Counter) silverRows(text []byte, timed bool, class int, label string) {
	for i := range c.spans {
		c.silverStart(text, &c.spans[i], timed, class, label)
		c.tables.Row(Silver, c.row.End())
	}
	if len(c.spans) == 0 && c.p.KeepUnmentioned {
		c.silverStart(text, nil, timed, class, label)
		c.tables.Row(Silver, c.row.End())
	}
}

func (c *Counter) goldRows(text []byte, timed bool, class int, label string, res sentiment.Result) {
	gold := func(sp *span) {
		c.silverStart(text, sp, timed, class, label)
		r := &c.row
		r.Float("predicted_score", res.Score)
		r.String("predicted_sentiment", []byte(res.Label))
		r.Int("sentiment_id", b2i(class == gPositive))
		r.Int("predicted_sentiment_id", b2i(res.Label == sentiment.Positive))
		if c.p.Fields.Prediction != "" {
			r.StringOrNull("prediction", c.v[fPrediction].b, c.v[fPrediction].null)
		}
		c.tables.Row(Gold, r.End())
	}
	for i := range c.spans {
		gold(&c.spans[i])
	}
	if len(c.spans) == 0 && c.p.KeepUnmentioned {
		gold(nil)
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
