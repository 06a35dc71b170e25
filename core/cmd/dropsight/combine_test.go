package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	json "github.com/goccy/go-json"
)

// gen folder, combine and analyze profile, as a person types them.
func TestCombineCommand(t *testing.T) {
	dir := t.TempDir()
	if err := genFolder([]string{"-o", dir, "--seed", "2"}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := runCombine([]string{"--json", "--types", "BillingPostalCode=string", filepath.Join(dir, "raw_data")}, &out); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Recipe  string `json:"recipe"`
		Results struct {
			Out      string `json:"out"`
			Verified bool   `json:"verified"`
			Totals   struct {
				Outputs int   `json:"outputs"`
				RowsOut int64 `json:"rowsOut"`
			} `json:"totals"`
		} `json:"results"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Recipe != "combine" || !doc.Results.Verified || doc.Results.Totals.Outputs != 4 ||
		doc.Results.Out != filepath.Join(dir, "processed_data") {
		t.Fatalf("%+v", doc)
	}
	out.Reset()
	if err := runCombine([]string{"--plan", filepath.Join(dir, "raw_data")}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Plan for") || !strings.Contains(out.String(), "UnitPrice") {
		t.Fatalf("plan:\n%s", out.String())
	}
	if err := runCombine([]string{"--types", "Nope=string", filepath.Join(dir, "raw_data")}, &out); err == nil {
		t.Fatal("an unknown column in --types is accepted")
	}
	out.Reset()
	if err := analyzeProfile([]string{filepath.Join(dir, "processed_data", "tracks.json.gz")}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Profile of 3503 rows") || !strings.Contains(out.String(), "UnitPrice     number") {
		t.Fatalf("profile:\n%s", out.String())
	}
}
