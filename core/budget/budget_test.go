package budget

import (
	"errors"
	"strings"
	"testing"
)

func TestMeterStopsBeforeTheLimit(t *testing.T) {
	var m Meter
	m.SetLimit(100)
	if err := m.Grow(60, "things", "drop some"); err != nil {
		t.Fatal(err)
	}
	err := m.Grow(41, "things", "drop some")
	var ex *ExceededError
	if !errors.As(err, &ex) {
		t.Fatalf("Grow past the limit: %v, want an ExceededError", err)
	}
	if ex.Limit != 100 || ex.Needed != 101 || ex.What != "things" {
		t.Errorf("error = %+v", ex)
	}
	if m.Used() != 60 {
		t.Errorf("a refused growth was accounted: used %d", m.Used())
	}
	for _, want := range []string{"memory budget exceeded", "things", "limit of 100 B", "drop some"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	if err := m.Grow(40, "things", ""); err != nil {
		t.Errorf("growth up to the limit: %v", err)
	}
}

func TestZeroMeterUsesTheDefault(t *testing.T) {
	var m Meter
	if m.Limit() != Default() || Default() <= 0 {
		t.Errorf("limit %d, default %d", m.Limit(), Default())
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1 KiB", 1536: "1.5 KiB", 1 << 30: "1 GiB", 3 << 29: "1.5 GiB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestParseBytes(t *testing.T) {
	for s, want := range map[string]int64{"1000": 1000, "64KiB": 64 << 10, "2 MB": 2 << 20, "1.5G": 3 << 29, "8gib": 8 << 30} {
		got, err := ParseBytes(s)
		if err != nil || got != want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"", "-1", "0", "12 parsecs", "MiB"} {
		if _, err := ParseBytes(s); err == nil {
			t.Errorf("ParseBytes(%q): no error", s)
		}
	}
}

// Take remembers its first refusal: later growths are refused even when
// they would fit, and Err reports the first.
func TestTakeIsSticky(t *testing.T) {
	var m Meter
	m.SetLimit(100)
	if !m.Take(60, "a", "") || m.Err() != nil {
		t.Fatal("60 of 100 refused")
	}
	if m.Take(50, "b", "") {
		t.Fatal("110 of 100 taken")
	}
	if m.Take(1, "c", "") {
		t.Fatal("a growth after a refusal was taken")
	}
	var e *ExceededError
	if !errors.As(m.Err(), &e) || e.What != "b" || m.Used() != 60 {
		t.Fatalf("err %v, used %d", m.Err(), m.Used())
	}
}
