package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// --memory bounds the recipe's state: under a tiny limit the command fails
// with the budget's message; with room it prints the summary.
func TestMemoryFlag(t *testing.T) {
	dir := t.TempDir()
	if err := genActivity([]string{"-rows", "20000", "-metadata-rows", "100", "-o", dir}); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(dir, "interactions.csv")
	var out bytes.Buffer
	err := analyzeEngagement([]string{"--memory", "100KiB", log}, &out)
	if err == nil || !strings.Contains(err.Error(), "memory budget exceeded: the engagement events need more than the limit of 100 KiB") {
		t.Fatalf("under 100 KiB: %v", err)
	}
	if err := analyzeEngagement([]string{"--memory", "64MiB", log}, &out); err != nil {
		t.Fatalf("under 64 MiB: %v", err)
	}
	if !strings.Contains(out.String(), "Engagement over 20000 events") {
		t.Errorf("summary: %.200s", out.String())
	}
	if err := analyzeEngagement([]string{"--memory", "lots", log}, &out); err == nil {
		t.Error("--memory lots: no error")
	}
}
