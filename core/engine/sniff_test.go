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
