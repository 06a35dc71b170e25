package pipeline

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	json "github.com/goccy/go-json"

	"dropsight/core/delimited"
	"dropsight/core/timestamp"
)

// Fields name the values read from each record: top-level keys or dotted
// paths of JSON records, column names of CSV. Only Text is required;
// Prediction is the optional column of another model's predictions.
type Fields struct {
	Date       string `json:"date"`
	User       string `json:"user"`
	Text       string `json:"text"`
	Sentiment  string `json:"sentiment"`
	Prediction string `json:"prediction,omitempty"`
}

// Params are the pipeline's parameters; Normalize completes the zero value.
type Params struct {
	Fields Fields `json:"fields"`
	// Labels maps given label values to positive, negative or neutral
	// (Sentiment140's codes by default: 0, 2, 4). A value is looked up as
	// written (trimmed), then lower-cased; positive/pos, negative/neg and
	// neutral/neu, in any case, need no entry.
	Labels map[string]string `json:"labels"`
	// KeepUnmentioned keeps the tweets without a mention in the silver and
	// gold tables, with an empty mention.
	KeepUnmentioned bool `json:"keepUnmentioned"`
	// TimeZone reads dates that carry no zone or offset, and cuts days.
	TimeZone string `json:"timeZone"`
	// ProcessingTime is bronze's processing_time: one instant for the whole
	// run (as Spark's current_timestamp() is one instant per query), RFC
	// 3339 in UTC. Empty: the time Normalize runs.
	ProcessingTime string `json:"processingTime"`
}

// DefaultLabels are Sentiment140's label codes.
func DefaultLabels() map[string]string {
	return map[string]string{"0": Negative, "2": Neutral, "4": Positive}
}

// Given label classes, as the silver and gold tables write them.
const (
	Positive = "positive"
	Negative = "negative"
	Neutral  = "neutral"
)

// Normalize fills defaults and checks the parameters.
func (p *Params) Normalize() error {
	if p.Fields.Text == "" {
		return errors.New("no text field: pick the field that holds each tweet's text")
	}
	labels := DefaultLabels()
	if p.Labels != nil {
		labels = make(map[string]string, len(p.Labels))
		for k, v := range p.Labels {
			c := canonical(v)
			if c == "" {
				return fmt.Errorf("label %q maps to %q: map labels to positive, negative or neutral", k, v)
			}
			labels[k] = c
		}
	}
	p.Labels = labels
	if p.TimeZone == "" {
		p.TimeZone = "UTC"
	}
	if _, err := time.LoadLocation(p.TimeZone); err != nil {
		return fmt.Errorf("unknown time zone %q", p.TimeZone)
	}
	if p.ProcessingTime == "" {
		p.ProcessingTime = time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	} else {
		unix, ok := timestamp.Parse([]byte(p.ProcessingTime), time.UTC)
		if !ok {
			return fmt.Errorf("processing time %q is not a timestamp", p.ProcessingTime)
		}
		if !strings.HasSuffix(p.ProcessingTime, "Z") {
			p.ProcessingTime = time.Unix(unix, 0).UTC().Format(time.RFC3339)
		}
	}
	return nil
}

// canonical returns positive, negative or neutral for their spellings
// (any case, or pos/neg/neu), "" for anything else.
func canonical(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "positive", "pos":
		return Positive
	case "negative", "neg":
		return Negative
	case "neutral", "neu":
		return Neutral
	}
	return ""
}

// candidates, most likely first, for each field; matched case-insensitively.
var candidates = struct{ date, user, text, sentiment []string }{
	date:      []string{"date", "created_at", "timestamp", "time", "datetime", "created"},
	user:      []string{"user", "username", "user.username", "user.screen_name", "screen_name", "author", "handle", "user_name"},
	text:      []string{"text", "content", "full_text", "tweet", "body", "message"},
	sentiment: []string{"sentiment", "label", "target", "polarity", "class", "sentiment_label"},
}

// sentiment140 are the columns of Sentiment140's CSV files, which have no
// header row: target, ids, date, flag, user, text.
var sentiment140 = []string{"column1", "column2", "column3", "column4", "column5", "column6"}

// DetectFields picks the fields among the keys of the records (JSON field
// paths, or CSV column names). shape describes what was found; ok is false
// when no text field was found.
func DetectFields(keys []string) (f Fields, shape string, ok bool) {
	if slices.Equal(keys, sentiment140) {
		return Fields{Date: "column3", User: "column5", Text: "column6", Sentiment: "column1"},
			"Sentiment140 CSV (target, ids, date, flag, user, text)", true
	}
	find := func(cands []string) string {
		for _, c := range cands {
			for _, k := range keys {
				if strings.EqualFold(k, c) {
					return k
				}
			}
		}
		return ""
	}
	f = Fields{Date: find(candidates.date), User: find(candidates.user), Text: find(candidates.text), Sentiment: find(candidates.sentiment)}
	if f.Text == "" {
		return f, "", false
	}
	var parts []string
	for _, p := range []string{f.Date, f.User, f.Text, f.Sentiment} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return f, "labelled tweets {" + strings.Join(parts, ", ") + "}", true
}

// PrepareParams completes parameters for an input whose records have
// these keys (JSON field paths or CSV columns): fields the caller left
// empty are detected. name is the input's, for messages.
func PrepareParams(params json.RawMessage, keys []string, name string) (json.RawMessage, error) {
	var p Params
	if len(params) > 0 {
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, fmt.Errorf("sentiment parameters: %v", err)
		}
	}
	d, _, ok := DetectFields(keys)
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&p.Fields.Date, d.Date)
	fill(&p.Fields.User, d.User)
	fill(&p.Fields.Sentiment, d.Sentiment)
	if p.Fields.Text == "" && !ok {
		ks := slices.Clone(keys)
		sort.Strings(ks)
		return nil, fmt.Errorf("%s: no text field among %q: name the date, user, text and sentiment fields", name, ks)
	}
	fill(&p.Fields.Text, d.Text)
	// each field by the rule SetInput finds it with, so that a name two
	// columns match but for case is refused once, before any range is read
	f := p.Fields
	for i, field := range [nField]string{f.Date, f.User, f.Text, f.Sentiment, f.Prediction} {
		if field == "" || len(keys) == 0 {
			continue
		}
		at, err := delimited.FindColumn(keys, field)
		if err != nil {
			return nil, fmt.Errorf("%s: %s field: %v", name, fieldColumns[i], err)
		}
		if at < 0 && i == fPrediction {
			ks := slices.Clone(keys)
			sort.Strings(ks)
			return nil, fmt.Errorf("%s: no prediction field %q among %q", name, field, ks)
		}
	}
	if err := p.Normalize(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return json.Marshal(p)
}
