package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	json "github.com/goccy/go-json"

	"dropsight/core/engine"
	"dropsight/core/profile"
	"dropsight/core/result"
)

func analyzeProfile(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("analyze profile", flag.ContinueOnError)
	top := fs.Int("top", 10, "most frequent values listed per column")
	sample := fs.Int("sample", 20, "rows in the sample (the first rows of the input)")
	bins := fs.Int("bins", 20, "histogram bins")
	limit := fs.Int("distinct-limit", 10000, "distinct values counted exactly per column (then estimated)")
	workers := fs.Int("workers", 0, "goroutines reading in parallel (default: one per core)")
	asJSON := fs.Bool("json", false, "print the result document as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("analyze profile: name at least one file (CSV, NDJSON, JSON array) or folder")
	}
	params, err := json.Marshal(profile.Params{Top: *top, Sample: *sample, Bins: *bins, DistinctLimit: *limit})
	if err != nil {
		return err
	}
	return runRecipe(out, engine.Options{Recipe: "profile", Params: params, Paths: fs.Args(), Workers: *workers}, *asJSON, printProfile)
}

func printProfile(out io.Writer, doc *result.Document) error {
	r := doc.Results.(profile.Results)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "Profile of %d rows", r.Rows)
	if doc.RejectedTotal > 0 {
		fmt.Fprintf(w, " (%d rejected)", doc.RejectedTotal)
	}
	fmt.Fprintf(w, " from %d input(s), %d columns\n\n", len(doc.Inputs), len(r.Columns))
	fmt.Fprintf(w, "COLUMN\tTYPE\tMISSING\tNULLS\tEMPTIES\tDISTINCT\tMIN\tMAX\tTOP VALUES\n")
	for _, c := range r.Columns {
		distinct := strconv.FormatInt(c.Distinct.Count, 10)
		if !c.Distinct.Exact {
			distinct = fmt.Sprintf("~%s (±%.1f%%)", distinct, 100*c.Distinct.StdError)
		}
		lo, hi := "", ""
		switch {
		case c.Numbers != nil:
			lo, hi = formatNumber(c.Numbers.Min), formatNumber(c.Numbers.Max)
		case c.Dates != nil:
			lo, hi = c.Dates.Min, c.Dates.Max
		case c.Text != nil:
			lo, hi = clip(c.Text.Min, 20), clip(c.Text.Max, 20)
		}
		var tops []string
		for _, v := range c.Top.Values {
			// past the distinct limit a count within the error says nothing
			if len(tops) < 3 && (c.Top.Exact || v.Count > c.Top.MaxError) {
				tops = append(tops, fmt.Sprintf("%s (%d)", clip(v.Value, 20), v.Count))
			}
		}
		topText := strings.Join(tops, ", ")
		switch {
		case !c.Top.Exact && len(tops) == 0:
			topText = fmt.Sprintf("none stands out (all within the error, %d)", c.Top.MaxError)
		case !c.Top.Exact:
			topText += fmt.Sprintf(" [counts may be up to %d low]", c.Top.MaxError)
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\n", c.Name, c.Type, c.Missing, c.Nulls, c.Empties, distinct, lo, hi, topText)
	}
	if len(doc.Rejects) > 0 {
		fmt.Fprintf(w, "\nREJECTS (%d)\tLINE\tREASON\n", doc.RejectedTotal)
		for _, rj := range doc.Rejects[:min(len(doc.Rejects), 20)] {
			fmt.Fprintf(w, "%s\t%d\t%s\n", rj.Input, rj.Line, rj.Reason)
		}
	}
	m := doc.Metrics
	fmt.Fprintf(w, "\n%.2f s, %.1f MB/s, %d workers, peak memory %.1f MiB\n",
		m.Seconds, m.BytesPerSecond/1e6, m.Workers, float64(m.PeakMemoryBytes)/(1<<20))
	return w.Flush()
}

// clip shortens text for a table cell.
func clip(s string, n int) string {
	s = strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// formatNumber writes a number without an exponent unless it is huge or tiny.
func formatNumber(v float64) string {
	if a := math.Abs(v); a != 0 && (a < 1e-6 || a >= 1e15) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
