package cell

import (
	"strconv"
	"strings"
	"testing"
)

func TestOf(t *testing.T) {
	tests := []struct {
		in   string
		want Kind
	}{
		{"", Empty},
		{"0", Integer}, {"7", Integer}, {"-12", Integer}, {"123456789012345", Integer},
		{"1234567890123456", Text}, {"-0", Text}, {"007", Text}, {"+5", Text}, {" 5", Text},
		{"5 ", Text}, {"1,000", Text}, {"-", Text}, {"--1", Text}, {"1-2", Text},
		{"0.5", Number}, {"2.50", Number}, {"-0.5", Number}, {"0.000123", Number}, {"0.0", Number},
		{"12345678901234.5", Number}, {"1234567890123456.5", Text}, {"0.1234567890123456", Text},
		{"0.000000000000000000001", Number}, {"-0.0", Text}, {"-0.000", Text},
		{"1e5", Text}, {"1E5", Text}, {"1.", Text}, {".5", Text}, {"1.2.3", Text}, {"00.5", Text},
		{"NaN", Text}, {"Infinity", Text}, {"-Infinity", Text}, {"0x10", Text},
		{"true", Boolean}, {"false", Boolean}, {"True", Text}, {"TRUE", Text}, {"yes", Text}, {"t", Text}, {"falsey", Text},
		{"NA", Text}, {"null", Text}, {"2021-02-12", Text},
	}
	for _, tt := range tests {
		if got := Of([]byte(tt.in)); got != tt.want {
			t.Errorf("Of(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzOf checks the promise: a number cell parses, and float64 formatting
// to 15 significant digits gives back its value.
func FuzzOf(f *testing.F) {
	for _, s := range []string{"0", "-12", "2.50", "0.000123", "1e5", "007", "true", "123456789012345"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Of([]byte(s))
		switch k {
		case Integer:
			v, err := strconv.ParseInt(s, 10, 64)
			if err != nil || strconv.FormatInt(v, 10) != s || v >= 1<<53 || v <= -(1<<53) {
				t.Fatalf("%q is no exact integer", s)
			}
		case Number:
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("%q: %v", s, err)
			}
			// The shortest text of the float64 is the cell without the
			// trailing zeros of its fraction.
			want := strings.TrimRight(strings.TrimRight(s, "0"), ".")
			if want == "" || want == "-" {
				want = "0"
			}
			if got := strconv.FormatFloat(v, 'f', -1, 64); got != want {
				t.Fatalf("%q reads back as %s", s, got)
			}
		case Boolean:
			if s != "true" && s != "false" {
				t.Fatalf("%q is no boolean", s)
			}
		case Empty:
			if s != "" {
				t.Fatalf("%q is not empty", s)
			}
		}
	})
}
