package gen

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"
)

func activity(t testing.TB, opt ActivityOptions) (inter, meta []byte) {
	t.Helper()
	var a, b bytes.Buffer
	if err := Activity(&a, &b, opt); err != nil {
		t.Fatal(err)
	}
	return a.Bytes(), b.Bytes()
}

func TestActivityDeterminism(t *testing.T) {
	a1, m1 := activity(t, ActivityOptions{Rows: 2000, MetadataRows: 300, Seed: 3, Skew: true})
	a2, m2 := activity(t, ActivityOptions{Rows: 2000, MetadataRows: 300, Seed: 3, Skew: true})
	if !bytes.Equal(a1, a2) || !bytes.Equal(m1, m2) {
		t.Fatal("same seed, different bytes")
	}
	a3, _ := activity(t, ActivityOptions{Rows: 2000, MetadataRows: 300, Seed: 4, Skew: true})
	if bytes.Equal(a1, a3) {
		t.Fatal("different seeds, same bytes")
	}
}

func TestActivityColumns(t *testing.T) {
	inter, meta := activity(t, ActivityOptions{Rows: 20000, MetadataRows: 5000, Seed: 1})
	rows, err := csv.NewReader(bytes.NewReader(inter)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",")+"\n" != interactionHead || len(rows) != 20001 {
		t.Fatalf("header %v, %d rows", rows[0], len(rows))
	}
	from, to := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)
	actions := map[string]int{}
	var durSum float64
	for _, r := range rows[1:] {
		if len(r[0]) != 7 || r[0][0] != 'u' || len(r[3]) != 7 || r[3][0] != 'p' {
			t.Fatalf("ids %v", r)
		}
		ts, err := time.Parse("2006-01-02 15:04:05", r[1])
		if err != nil || ts.Before(from) || ts.After(to) {
			t.Fatalf("timestamp %q", r[1])
		}
		actions[r[2]]++
		d, err := strconv.Atoi(r[4])
		if err != nil || d < 100 || d > 300000 {
			t.Fatalf("duration %q", r[4])
		}
		durSum += float64(d)
		if len(r[5]) != 5 || r[5][0] < '5' || r[5][0] > '7' {
			t.Fatalf("version %q", r[5])
		}
	}
	if len(actions) != 5 {
		t.Fatalf("actions %v", actions)
	}
	for a, n := range actions {
		if n < 3700 || n > 4300 {
			t.Errorf("action %s: %d of 20000", a, n)
		}
	}
	if mean := durSum / 20000; mean < 147000 || mean > 153000 {
		t.Errorf("mean duration %v, want ~150050", mean)
	}
	mrows, err := csv.NewReader(bytes.NewReader(meta)).ReadAll()
	if err != nil || strings.Join(mrows[0], ",")+"\n" != metadataHead || len(mrows) != 5001 {
		t.Fatalf("metadata: %v %v", err, mrows[0])
	}
	for _, r := range mrows[1:] {
		d, err := time.Parse("2006-01-02", r[1])
		if err != nil || d.Year() < 2020 || d.Year() > 2023 {
			t.Fatalf("join date %q", r[1])
		}
	}
}

// With skew, a few users hold a large share of the rows, in bursts.
func TestActivitySkew(t *testing.T) {
	inter, _ := activity(t, ActivityOptions{Rows: 50000, Seed: 1, Skew: true})
	rows, err := csv.NewReader(bytes.NewReader(inter)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	long := 0
	for _, r := range rows[1:] {
		per[r[0]]++
		if d, _ := strconv.Atoi(r[4]); d > 4*3600*1000 {
			long++
		}
	}
	top := 0
	for _, n := range per {
		top = max(top, n)
	}
	if top < 500 || long == 0 {
		t.Fatalf("heaviest user %d rows, %d long events", top, long)
	}
}

func BenchmarkActivity(b *testing.B) {
	var n int64
	for b.Loop() {
		var w countWriter
		if err := Activity(&w, &w, ActivityOptions{Rows: 100000, MetadataRows: 10000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		n = int64(w)
	}
	b.SetBytes(n)
}

type countWriter int64

func (w *countWriter) Write(p []byte) (int, error) {
	*w += countWriter(len(p))
	return len(p), nil
}
