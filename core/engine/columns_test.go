package engine

import (
	"strings"
	"testing"

	"dropsight/core/evaluation"
	"dropsight/core/pipeline"
)

// The evaluation and the sentiment pipeline find a CSV column by one rule
// (delimited.FindColumn): the exact name, else the only column equal to it
// but for case; two columns alike and none exact is an error naming both,
// before any row is read. Each pair of columns below holds different
// values, so the column taken shows in the results.
func TestColumnLookupOneRule(t *testing.T) {
	dir := t.TempDir()
	eval := writeFile(t, dir, "eval.csv", []byte("label,Pred,PRED,Guess\npos,pos,neg,pos\nneg,neg,pos,neg\npos,pos,neg,pos\n"), false)
	tweets := writeFile(t, dir, "tweets.csv", []byte("date,user,Text,TEXT,Sentiment\n"+
		"2021-02-01T10:00:00Z,ana,I love this great day,I hate this awful day,4\n"+
		"2021-02-01T11:00:00Z,bo,what a wonderful happy gift,a terrible sad loss,4\n"), false)

	for _, c := range []struct {
		recipe, params, path string
		err                  string  // the run's error, or
		accuracy             float64 // the accuracy of the column taken
	}{
		// two alike: refused, whichever recipe
		{"evaluate", `{"label":"label","prediction":"pred"}`, eval,
			`eval.csv: prediction column "pred": "Pred" and "PRED" match it but for case; name one of them exactly`, 0},
		{"sentiment", `{"fields":{"text":"text","sentiment":"Sentiment"}}`, tweets,
			`tweets.csv: text field: column "text": "Text" and "TEXT" match it but for case; name one of them exactly`, 0},
		{"sentiment", `{"fields":{"text":"Text","sentiment":"Sentiment","prediction":"pred"}}`, eval,
			`prediction field: column "pred": "Pred" and "PRED" match it but for case`, 0},
		// the exact one, among alike ones
		{"evaluate", `{"label":"label","prediction":"PRED"}`, eval, "", 0},
		{"evaluate", `{"label":"label","prediction":"Pred"}`, eval, "", 1},
		{"sentiment", `{"fields":{"text":"TEXT","sentiment":"Sentiment"}}`, tweets, "", 0},
		{"sentiment", `{"fields":{"text":"Text","sentiment":"Sentiment"}}`, tweets, "", 1},
		// the only one alike
		{"evaluate", `{"label":"LABEL","prediction":"guess"}`, eval, "", 1},
		{"sentiment", `{"fields":{"text":"Text","sentiment":"sentiment"}}`, tweets, "", 1},
	} {
		doc, err := Run(Options{Recipe: c.recipe, Params: []byte(c.params), Paths: []string{c.path}, Workers: 2})
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s %s: error %v, want %q", c.recipe, c.params, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %s: %v", c.recipe, c.params, err)
			continue
		}
		var accuracy float64
		switch r := doc.Results.(type) {
		case evaluation.Results:
			accuracy = r.Accuracy
		case pipeline.Results:
			accuracy = r.Evaluation.Accuracy
		}
		if accuracy != c.accuracy {
			t.Errorf("%s %s: accuracy %v, want %v (the wrong column taken?)", c.recipe, c.params, accuracy, c.accuracy)
		}
	}
}
