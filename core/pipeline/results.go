package pipeline

import (
	"cmp"
	"slices"
	"time"

	"dropsight/core/evaluate"
	"dropsight/core/table"
	"dropsight/core/timestamp"
)

// How many entries the document lists.
const (
	TopApplication = 100 // application rows in results.application
	TopExploration = 20  // users and mentions in the exploration lists
)

// maxGapFill bounds the span of days whose missing days perDay fills with
// zeros; a stray date decades away would otherwise make it huge.
const maxGapFill = 3660

// Results are the pipeline's answers. JSON names are fixed (checks read
// them): evaluation.binary, evaluation.classes, evaluation.confusion and
// application in particular.
type Results struct {
	Records    int64       `json:"records"`
	Tables     TableCounts `json:"tables"`
	Evaluation Evaluation  `json:"evaluation"`
	// PredictionEvaluation evaluates the prediction field, when one is set,
	// on the same records and with the same definitions.
	PredictionEvaluation *Evaluation `json:"predictionEvaluation,omitempty"`
	// Application is the application table's first TopApplication rows.
	Application []MentionRow `json:"application"`
	Exploration Exploration  `json:"exploration"`

	all []MentionRow // the whole application table
}

// ApplicationTable is the whole application table, in order.
func (r Results) ApplicationTable() []MentionRow { return r.all }

// WriteApplication writes the whole application table as rows of w.
func (r Results) WriteApplication(w table.Writer) {
	var row table.Row
	for _, m := range r.all {
		row.Begin()
		str := func(k string, s *string) {
			if s == nil {
				row.Null(k)
			} else {
				row.String(k, []byte(*s))
			}
		}
		str("min_timestamp", m.MinTimestamp)
		str("max_timestamp", m.MaxTimestamp)
		row.String("mention", []byte(m.Mention))
		row.Int("negative", m.Negative)
		row.Int("neutral", m.Neutral)
		row.Int("positive", m.Positive)
		row.Int("total", m.Total)
		w.Row(Application, row.End())
	}
}

// TableCounts are the rows of each table.
type TableCounts struct {
	Bronze      int64 `json:"bronze"`
	Silver      int64 `json:"silver"`
	Gold        int64 `json:"gold"`
	Application int64 `json:"application"`
}

// MentionRow is one row of the application table.
type MentionRow struct {
	Mention      string  `json:"mention"`
	Negative     int64   `json:"negative"`
	Neutral      int64   `json:"neutral"`
	Positive     int64   `json:"positive"`
	Total        int64   `json:"total"`
	MinTimestamp *string `json:"min_timestamp"`
	MaxTimestamp *string `json:"max_timestamp"`
}

// Evaluation scores one predictor against the given labels: the 3-class
// view (labels NEG, NEU, POS, then any other given label) as scikit-learn's
// confusion_matrix and classification_report, and the binary view (POS is
// 1, anything else 0).
type Evaluation struct {
	// Predictor is "model" (the built-in model) or the prediction field.
	Predictor string `json:"predictor"`
	// Records is the number of records evaluated; Unlabelled those left out
	// for having no given label; Unpredicted those left out for having no
	// prediction (prediction field only).
	Records     int64 `json:"records"`
	Unlabelled  int64 `json:"unlabelled"`
	Unpredicted int64 `json:"unpredicted,omitempty"`

	Binary    *evaluate.Binary   `json:"binary"`
	Confusion evaluate.Confusion `json:"confusion"`
	Classes   []evaluate.Class   `json:"classes"`
	Accuracy  float64            `json:"accuracy"`
	Macro     evaluate.Average   `json:"macro"`
	Weighted  evaluate.Average   `json:"weighted"`
	// Error says why there is no report (more than evaluate.MaxClasses labels).
	Error string `json:"error,omitempty"`
}

// Exploration is the course's exploratory analysis.
type Exploration struct {
	Tweets int64 `json:"tweets"`
	// Columns count, per input field, the records where it is null
	// (absent or null) and where it is empty (blank).
	Columns      []ColumnCount `json:"columns"`
	InvalidDates int64         `json:"invalidDates"`
	// GivenLabels counts records by given label class: positive, negative,
	// neutral, other, missing; PredictedLabels by the model's label.
	GivenLabels     []LabelCount  `json:"givenLabels"`
	PredictedLabels []LabelCount  `json:"predictedLabels"`
	Users           int           `json:"users"`
	TopUsers        []UserCount   `json:"topUsers"`
	Mentions        MentionTotals `json:"mentions"`
	// TopPositiveMentions and TopNegativeMentions rank mentions by their
	// gold rows predicted POS (NEG), most first, ties by mention.
	TopPositiveMentions []MentionCount `json:"topPositiveMentions"`
	TopNegativeMentions []MentionCount `json:"topNegativeMentions"`
	// PerDay counts records by day (in the run's time zone) of their
	// timestamp, by given class and predicted label; missing days between
	// the first and the last are zeros.
	PerDay []DayCount `json:"perDay"`
	// Stages is the engine time spent in each stage, summed over workers.
	Stages []Stage `json:"stages"`
}

// ColumnCount is one input field's missing values.
type ColumnCount struct {
	Column string `json:"column"` // bronze's name: date, user, text, sentiment, prediction
	Field  string `json:"field"`  // the input's field
	Null   int64  `json:"null"`
	Empty  int64  `json:"empty"`
}

// LabelCount is the number of records with a label.
type LabelCount struct {
	Label  string `json:"label"`
	Tweets int64  `json:"tweets"`
}

// UserCount is one user's records.
type UserCount struct {
	User   string `json:"user"`
	Tweets int64  `json:"tweets"`
}

// MentionTotals count tweets with and without a mention, the silver rows
// that have one, and the distinct mentions.
type MentionTotals struct {
	WithMention    int64 `json:"withMention"`
	WithoutMention int64 `json:"withoutMention"`
	Rows           int64 `json:"rows"`
	Distinct       int   `json:"distinct"`
}

// MentionCount is a mention and its gold rows with one predicted label.
type MentionCount struct {
	Mention string `json:"mention"`
	Count   int64  `json:"count"`
}

// DayCount is one day of the sentiment-over-time series.
type DayCount struct {
	Date     string `json:"date"`
	Tweets   int64  `json:"tweets"`
	Positive int64  `json:"positive"`
	Negative int64  `json:"negative"`
	Neutral  int64  `json:"neutral"`
	Other    int64  `json:"otherLabel"`
	Missing  int64  `json:"noLabel"`
	PredPOS  int64  `json:"predictedPOS"`
	PredNEG  int64  `json:"predictedNEG"`
	PredNEU  int64  `json:"predictedNEU"`
}

// Stage is one stage's time.
type Stage struct {
	Stage   string  `json:"stage"`
	Seconds float64 `json:"seconds"`
}

// Summary implements engine.Counter.
func (c *Counter) Summary() any { return c.Results() }

// Results computes the answers from the counter's state.
func (c *Counter) Results() Results {
	s := &c.st
	r := Results{Records: s.Records}
	r.Tables = TableCounts{Bronze: s.Records, Silver: s.SilverRows, Gold: s.SilverRows}
	unlabelled := s.Given[gMissing]
	r.Evaluation = evaluation(&s.Model, "model", unlabelled, 0)
	if c.p.Fields.Prediction != "" {
		e := evaluation(&s.Column, c.p.Fields.Prediction, unlabelled, s.Unpredicted)
		r.PredictionEvaluation = &e
	}

	// Application: every mention, most rows first, ties by mention.
	all := make([]MentionRow, 0, len(s.mentions))
	for name, m := range s.mentions {
		row := MentionRow{Mention: name, Negative: m.pred[pNEG], Neutral: m.pred[pNEU], Positive: m.pred[pPOS]}
		row.Total = row.Negative + row.Neutral + row.Positive
		if m.timed {
			lo, hi := rfc3339(m.min), rfc3339(m.max)
			row.MinTimestamp, row.MaxTimestamp = &lo, &hi
		}
		all = append(all, row)
	}
	slices.SortFunc(all, func(a, b MentionRow) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), cmp.Compare(a.Mention, b.Mention))
	})
	r.all = all
	r.Tables.Application = int64(len(all))
	r.Application = slices.Clone(all[:min(len(all), TopApplication)])

	e := &r.Exploration
	e.Tweets = s.Records
	for i := range nField {
		if name := c.fieldName(i); name != "" {
			e.Columns = append(e.Columns, ColumnCount{Column: fieldColumns[i], Field: name, Null: s.Nulls[i], Empty: s.Empties[i]})
		}
	}
	e.InvalidDates = s.InvalidDates
	for i, l := range []string{Positive, Negative, Neutral, "other", "missing"} {
		e.GivenLabels = append(e.GivenLabels, LabelCount{l, s.Given[i]})
	}
	for i, l := range predLabels {
		e.PredictedLabels = append(e.PredictedLabels, LabelCount{l, s.Predicted[i]})
	}
	e.Users = len(s.users)
	users := make([]UserCount, 0, len(s.users))
	for u, n := range s.users {
		users = append(users, UserCount{u, *n})
	}
	e.TopUsers = topN(users, TopExploration, func(a, b UserCount) int {
		return cmp.Or(cmp.Compare(b.Tweets, a.Tweets), cmp.Compare(a.User, b.User))
	})
	e.Mentions = MentionTotals{WithMention: s.WithMention, WithoutMention: s.WithoutMention, Rows: s.MentionRows, Distinct: len(s.mentions)}
	e.TopPositiveMentions = topMentions(all, func(m MentionRow) int64 { return m.Positive })
	e.TopNegativeMentions = topMentions(all, func(m MentionRow) int64 { return m.Negative })
	e.PerDay = perDay(s.days)
	for i, name := range []string{Bronze, Silver, Gold} {
		e.Stages = append(e.Stages, Stage{name, float64(s.StageNs[i]) / 1e9})
	}
	return r
}

func evaluation(counts *evaluate.Counts, predictor string, unlabelled, unpredicted int64) Evaluation {
	e := Evaluation{Predictor: predictor, Records: counts.Total(), Unlabelled: unlabelled, Unpredicted: unpredicted,
		Classes: []evaluate.Class{}}
	rep, err := counts.Report(predLabels[:]...)
	if err == nil {
		var b *evaluate.Binary
		if b, err = counts.Binary(predLabels[pPOS]); err == nil {
			e.Binary = b
			e.Confusion, e.Classes, e.Accuracy, e.Macro, e.Weighted = rep.Confusion, rep.Classes, rep.Accuracy, rep.Macro, rep.Weighted
		}
	}
	if err != nil {
		e.Error = err.Error()
		e.Confusion = evaluate.Confusion{Labels: []string{}, Matrix: [][]int64{}, Shares: [][]float64{}}
	}
	return e
}

func rfc3339(unix int64) string { return time.Unix(unix, 0).UTC().Format(time.RFC3339) }

func topN[T any](list []T, n int, order func(a, b T) int) []T {
	slices.SortFunc(list, order)
	return slices.Clone(list[:min(len(list), n)])
}

func topMentions(all []MentionRow, count func(MentionRow) int64) []MentionCount {
	list := []MentionCount{}
	for _, m := range all {
		if n := count(m); n > 0 {
			list = append(list, MentionCount{m.Mention, n})
		}
	}
	return topN(list, TopExploration, func(a, b MentionCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Mention, b.Mention))
	})
}

func perDay(days map[int32]*dayAgg) []DayCount {
	out := []DayCount{}
	if len(days) == 0 {
		return out
	}
	keys := make([]int32, 0, len(days))
	for d := range days {
		keys = append(keys, d)
	}
	slices.Sort(keys)
	fill := int64(keys[len(keys)-1])-int64(keys[0]) <= maxGapFill
	row := func(day int32, d *dayAgg) DayCount {
		return DayCount{Date: timestamp.DayString(day), Tweets: d.tweets,
			Positive: d.given[gPositive], Negative: d.given[gNegative], Neutral: d.given[gNeutral],
			Other: d.given[gOther], Missing: d.given[gMissing],
			PredPOS: d.predicted[pPOS], PredNEG: d.predicted[pNEG], PredNEU: d.predicted[pNEU]}
	}
	for i, day := range keys {
		if fill && i > 0 {
			for gap := keys[i-1] + 1; gap < day; gap++ {
				out = append(out, row(gap, &dayAgg{}))
			}
		}
		out = append(out, row(day, days[day]))
	}
	return out
}
