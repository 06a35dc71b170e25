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

// One rule for every size the command reads: decimal units are powers of
// 1000 (the generated files' names, tweets-400mb.jsonl, are their bytes),
// binary ones powers of 1024, and a bare letter is refused.
func TestParseBytes(t *testing.T) {
	for s, want := range map[string]int64{
		"1000": 1000, "1000B": 1000, "64KiB": 64 << 10, "2 MB": 2_000_000, "400MB": 400_000_000,
		"1.5GiB": 3 << 29, "8gib": 8 << 30, "5GB": 5_000_000_000, "50MB": 50_000_000, "512MiB": 512 << 20,
		"1.5KB": 1500, "2TiB": 2 << 40, " 3 kb ": 3000,
	} {
		got, err := ParseBytes(s)
		if err != nil || got != want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for s, msg := range map[string]string{
		"":           "not a positive number",
		"-1":         "not a positive number",
		"0":          "not a positive number",
		"1.5":        "a number of bytes is whole",
		"12 parsecs": `unknown unit "parsecs"`,
		"MiB":        "not a positive number",
		"1.5G":       `say 1.5GB (powers of 1000) or 1.5GiB (powers of 1024)`,
		"8m":         `say 8MB (powers of 1000) or 8MiB (powers of 1024)`,
		"9999999TB":  "too large",
	} {
		if _, err := ParseBytes(s); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseBytes(%q): error %v, want one saying %q", s, err, msg)
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
