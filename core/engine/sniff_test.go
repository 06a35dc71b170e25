package engine

import (
	"strings"
	"testing"

	"dropsight/core/records"
)

// SniffFolder is what both the native command and the page use to describe a
// folder of one-record files.
func TestSniffFolder(t *testing.T) {
	labelled := [][]byte{
		[]byte(`{"date":"2009-04-06 22:19:45","user":"a","text":"@b hi","sentiment":"4"}`),
		[]byte("{\n  \"date\": \"2009-04-07\",\n  \"user\": \"c\",\n  \"text\": \"no\",\n  \"sentiment\": \"0\"\n}"),
	}
	s := SniffFolder("tweets/", 200000, labelled)
	if s.Format != records.Object || s.Name != "tweets/" || s.Fields.Date != "date" || s.Fields.Text != "text" {
		t.Fatalf("labelled tweets: %+v", s)
	}
	if !strings.HasPrefix(s.Shape, "folder of 200000 JSON files of labelled tweets") {
		t.Fatalf("labelled tweets shape: %q", s.Shape)
	}

	other := SniffFolder("logs/", 3, [][]byte{[]byte(`{"a":1,"b":{"c":2}}`)})
	if other.Format != records.Object || other.Shape != "folder of 3 JSON files of records with 3 fields" || other.Fields.Date != "" {
		t.Fatalf("other records: %+v", other)
	}

	none := SniffFolder("empty/", 2, [][]byte{{}, []byte(" \n")})
	if none.Format != records.Unknown || none.Message != "no JSON record in the folder's first files" || len(none.Keys) != 0 {
		t.Fatalf("no record: %+v", none)
	}
}

// One labelled file and a folder of the same records are described by the
// same rule: the same shape (but for the kind of input), tweet fields and
// message, so the page proposes the same recipe for either.
func TestSniffOneFileAsAFolder(t *testing.T) {
	for _, c := range []struct {
		recs  []string
		shape string // after "NDJSON of", "folder of 2 JSON files of"
		date  string // the tweet fields' date
		msg   string
	}{
		{[]string{`{"date":"2009-04-06","user":"a","text":"@b hi","sentiment":"4"}`, `{"date":"2009-04-07","user":"c","text":"no","sentiment":"0"}`},
			"labelled tweets {date, user, text, sentiment}", "date", ""},
		// labelled, but no tweet date: still the sentiment pipeline's
		{[]string{`{"body":"so good","label":"positive"}`, `{"body":"so bad","label":"negative"}`},
			"labelled tweets {body, label}", "", ""},
		{[]string{`{"date":"2021-02-01T10:00:00Z","user":{"username":"a"},"content":"hi"}`, `{"date":"2021-02-01T11:00:00Z","user":{"username":"b"},"content":"yo"}`},
			"snscrape tweets", "date", ""},
		{[]string{`{"a":1,"b":2}`, `{"a":3,"b":4}`},
			"records with 2 fields", "", "no known tweet shape: pick the date, user and text fields"},
	} {
		one := SniffInput("one.jsonl", []byte(strings.Join(c.recs, "\n")+"\n"), false)
		var heads [][]byte
		for _, r := range c.recs {
			heads = append(heads, []byte(r))
		}
		folder := SniffFolder("many/", len(c.recs), heads)
		if !strings.HasPrefix(one.Shape, "NDJSON of "+c.shape) || !strings.HasPrefix(folder.Shape, "folder of 2 JSON files of "+c.shape) {
			t.Errorf("%s: shapes %q and %q", c.shape, one.Shape, folder.Shape)
		}
		if strings.TrimPrefix(one.Shape, "NDJSON of ") != strings.TrimPrefix(folder.Shape, "folder of 2 JSON files of ") {
			t.Errorf("%s: one file %q, a folder %q", c.shape, one.Shape, folder.Shape)
		}
		if one.Fields != folder.Fields || one.Fields.Date != c.date {
			t.Errorf("%s: fields %+v and %+v", c.shape, one.Fields, folder.Fields)
		}
		if one.Message != c.msg || folder.Message != c.msg {
			t.Errorf("%s: messages %q and %q, want %q", c.shape, one.Message, folder.Message, c.msg)
		}
	}
}
