package main

import (
	"fmt"
	"io"

	json "github.com/goccy/go-json"

	"dropsight/core/engine"
	"dropsight/core/result"
)

// printRejectsAndMetrics ends every readable summary the same way: the first
// rejects, then how the run went.
func printRejectsAndMetrics(w io.Writer, doc *result.Document) {
	if len(doc.Skipped) > 0 {
		fmt.Fprintf(w, "\nSKIPPED FILES (%d)\tREASON\n", len(doc.Skipped))
		for _, s := range doc.Skipped {
			fmt.Fprintf(w, "%s\t%s\n", s.Path, s.Reason)
		}
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
}

// runRecipe runs a recipe natively and prints its result document: as
// indented JSON, or through the recipe's readable summary.
func runRecipe(out io.Writer, opt engine.Options, asJSON bool, summary func(io.Writer, *result.Document) error) error {
	doc, err := engine.Run(opt)
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(out, doc)
	}
	return summary(out, doc)
}

// printJSON prints a result document as indented JSON.
func printJSON(out io.Writer, doc *result.Document) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
