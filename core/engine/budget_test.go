package engine

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dropsight/core/budget"
	"dropsight/core/gen"
)

// twoLogs writes the same interaction log of n rows twice, as two inputs.
func twoLogs(t *testing.T, n int) []string {
	t.Helper()
	var log bytes.Buffer
	if err := gen.Activity(&log, &bytes.Buffer{}, gen.ActivityOptions{Rows: n, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"a.csv", "b.csv"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, log.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// A range whose state outgrows the limit stops the run with the budget's
// message, naming the file; its records are not rejects.
func TestRunStopsAtTheTaskBudget(t *testing.T) {
	paths := twoLogs(t, 30000)
	_, err := Run(Options{Recipe: "engagement", Paths: paths, Workers: 2, MemoryLimit: 256 << 10})
	var ex *budget.ExceededError
	if !errors.As(err, &ex) {
		t.Fatalf("30,000 events under 256 KiB: %v, want a budget error", err)
	}
	if ex.What != "engagement events" || !strings.Contains(err.Error(), ".csv: memory budget exceeded") {
		t.Errorf("message %q", err)
	}
	if n := strings.Count(err.Error(), "memory budget exceeded"); n != 1 {
		t.Errorf("the message says it %d times: %q", n, err)
	}
}

// Each range fits, the merged state does not: the merge checks before it
// takes a partial's events.
func TestRunStopsAtTheMergeBudget(t *testing.T) {
	paths := twoLogs(t, 30000)
	doc, err := Run(Options{Recipe: "engagement", Paths: paths[:1], Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Metrics.Records != 30000 {
		t.Fatalf("%d records", doc.Metrics.Records)
	}
	// 30,000 events of fixed-shape ids cost 30,000 × 48 bytes: one input
	// fits in 2 MiB, both do not.
	_, err = Run(Options{Recipe: "engagement", Paths: paths, Workers: 2, MemoryLimit: 2 << 20})
	var ex *budget.ExceededError
	if !errors.As(err, &ex) || !strings.HasPrefix(err.Error(), "merging ") {
		t.Fatalf("two inputs under 2 MiB: %v, want the merge's budget error", err)
	}
	if _, err := Run(Options{Recipe: "engagement", Paths: paths, Workers: 2, MemoryLimit: 4 << 20}); err != nil {
		t.Errorf("two inputs under 4 MiB: %v", err)
	}
}

// A task stops feeding at the budget: Feed says it wants no more bytes.
func TestTaskStopsFeeding(t *testing.T) {
	var log bytes.Buffer
	if err := gen.Activity(&log, &bytes.Buffer{}, gen.ActivityOptions{Rows: 5000, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	sniff := SniffInput("log.csv", log.Bytes()[:min(log.Len(), SniffHeadBytes)], false)
	params, err := PrepareParams("engagement", nil, sniff)
	if err != nil {
		t.Fatal(err)
	}
	var spec TaskSpec
	spec.Recipe, spec.Params, spec.Format = "engagement", params, sniff.Format
	spec.Input.Name, spec.Range.End = "log.csv", -1
	describeInput(&spec, sniff, "")
	spec.MemoryLimit = 16 << 10
	task, err := NewTask(spec)
	if err != nil {
		t.Fatal(err)
	}
	data := log.Bytes()
	if task.Feed(data[:len(data)/2]) {
		t.Error("Feed wants more after the state outgrew its budget")
	}
	if task.Feed(data[len(data)/2:]) {
		t.Error("Feed wants more after the stop")
	}
	if _, err := task.End(); !errors.As(err, new(*budget.ExceededError)) {
		t.Errorf("End: %v, want the budget error", err)
	}
	if task.reject != 0 {
		t.Errorf("%d records rejected: a budget stop is not a bad record", task.reject)
	}
}
