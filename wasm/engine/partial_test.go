//go:build js && wasm

package main

import (
	"reflect"
	"strings"
	"testing"

	json "github.com/goccy/go-json"

	"dropsight/core/engine"
	"dropsight/core/result"
)

// A partial written by partialJSON reads back the same through splitPartial
// and through a plain decoder, whatever its reject text holds; one written
// whole (an earlier build's, from a checkpoint) still reads.
func TestPartialRoundTrip(t *testing.T) {
	state := `{"events":"AAAA","days":[{"day":1,"events":2}],"note":",\"state\":1"}`
	p := &engine.Partial{Recipe: "engagement", Input: 1, Range: 2, Bytes: 30, Records: 4, Rejected: 1, Lines: 5,
		State:   json.RawMessage(state),
		Rejects: []result.Reject{{Input: "a.csv", Line: 3, Reason: `bad "state":null, here`, Text: `x,"state":{"y"}`}}}
	text := partialJSON(p)
	if !strings.HasSuffix(text, `,"state":`+state+"}") {
		t.Fatalf("state not last: %s", text)
	}
	var whole engine.Partial
	if err := json.Unmarshal([]byte(text), &whole); err != nil {
		t.Fatalf("not JSON: %v: %s", err, text)
	}
	split, err := splitPartial([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range []*engine.Partial{&whole, split} {
		if !reflect.DeepEqual(got.Rejects, p.Rejects) || got.Records != 4 || got.Lines != 5 || got.Range != 2 || string(got.State) != state {
			t.Errorf("read back %+v (state %s)", got, got.State)
		}
	}
	// The state in the middle, as an earlier build wrote it.
	old, _ := json.Marshal(p)
	got, err := splitPartial(old)
	if err != nil || got.Records != 4 || !reflect.DeepEqual(got.Rejects, p.Rejects) || string(got.State) != state {
		t.Errorf("earlier partial: %v %+v", err, got)
	}
	// No state: written and read whole.
	empty := *p
	empty.State = nil
	got, err = splitPartial([]byte(partialJSON(&empty)))
	if err != nil || got.Records != 4 || len(got.State) != 0 && string(got.State) != "null" {
		t.Errorf("stateless partial: %v %+v", err, got)
	}
}
