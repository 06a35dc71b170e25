package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The command reads every size by one rule (budget.ParseBytes): MB is
// 10^6 bytes and MiB 2^20, for --memory as for gen's --bytes.
func TestSizesOneRule(t *testing.T) {
	dir := t.TempDir()
	if err := genActivity([]string{"-rows", "20000", "-metadata-rows", "100", "-o", dir}); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(dir, "interactions.csv")
	var out bytes.Buffer
	// 100KB is 100,000 bytes, 97.7 KiB (it was read as 100 KiB)
	err := analyzeEngagement([]string{"--memory", "100KB", log}, &out)
	if err == nil || !strings.Contains(err.Error(), "the limit of 97.7 KiB") {
		t.Fatalf("--memory 100KB: %v", err)
	}
	if err := analyzeEngagement([]string{"--memory", "100K", log}, &out); err == nil || !strings.Contains(err.Error(), "say 100KB (powers of 1000) or 100KiB") {
		t.Fatalf("--memory 100K: %v", err)
	}
	// gen stops at the first tweet that reaches the size: 2mb (any case)
	// is 2,000,000 bytes, as in the benchmark's tweets-2mb.jsonl
	path := filepath.Join(dir, "tweets-2mb.jsonl")
	if err := genTweets([]string{"--bytes", "2mb", "--seed", "5", "-o", path}); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() < 2_000_000 || st.Size() > 2_000_000+64<<10 {
		t.Errorf("--bytes 2mb wrote %d bytes", st.Size())
	}
}
