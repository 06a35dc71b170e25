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
		s.Add(Reject{Line: int64(i), Reason: "reason " + letters(i)})
	}
	if got := s.List(); len(got) != MaxRejects {
		t.Fatalf("%d listed, want %d", len(got), MaxRejects)
	}
}

// letters writes i in base 26 with the letters a to z: distinct reasons
// without digits.
func letters(i int) string {
	b := []byte{byte('a' + i%26)}
	for i /= 26; i > 0; i /= 26 {
		b = append(b, byte('a'+i%26))
	}
	return string(b)
}

// A reason that differs only in its numbers (a byte offset, a field) is one
// reason repeated: a Latin-1 file cannot fill the list with it.
func TestRejectSampleIgnoresNumbers(t *testing.T) {
	var s RejectSample
	for i := range 5000 {
		s.Add(Reject{Line: int64(i), Reason: fmt.Sprintf("invalid UTF-8 in field %d at byte %d: save the file as UTF-8", i%7, i)})
	}
	s.Add(Reject{Line: 9, Reason: "invalid UTF-8 at byte 3: save the file as UTF-8"})
	got := s.List()
	if len(got) != MaxRejectsPerReason+1 || got[len(got)-1].Line != 9 {
		t.Fatalf("%d listed, last %+v", len(got), got[len(got)-1])
	}
	if reasonKind("at byte 12") != reasonKind("at byte 3") || reasonKind("at byte 12") == reasonKind("at line 12") {
		t.Error("reasonKind should ignore numbers and nothing else")
	}
}
