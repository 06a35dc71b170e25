package result

import (
	"fmt"
	"testing"
)

// One reason repeated cannot fill the list: the other reasons keep their
// place, and the list still stops at MaxRejects.
func TestRejectSample(t *testing.T) {
	var s RejectSample
	if got := s.List(); got == nil || len(got) != 0 {
		t.Fatalf("empty sample lists %v", got)
	}
	for i := range 5000 {
		s.Add(Reject{Input: fmt.Sprint(i), Line: 1, Reason: "empty file"})
	}
	s.Add(Reject{Input: "x", Line: 3, Reason: "unparsable date"})
	if got := s.List(); len(got) != MaxRejectsPerReason+1 || got[MaxRejectsPerReason].Reason != "unparsable date" {
		t.Fatalf("%d listed, last %+v", len(got), got[len(got)-1])
	}
	for i := range 5000 {
		s.Add(Reject{Line: int64(i), Reason: fmt.Sprint("reason ", i)})
	}
	if got := s.List(); len(got) != MaxRejects {
		t.Fatalf("%d listed, want %d", len(got), MaxRejects)
	}
}
