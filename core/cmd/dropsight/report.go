package main

import (
	"fmt"
	"io"

	"dropsight/core/result"
)

// printRejectsAndMetrics ends every readable summary the same way: the first
// rejects, then how the run went.
func printRejectsAndMetrics(w io.Writer, doc *result.Document) {
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
