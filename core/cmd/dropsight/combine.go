package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	json "github.com/goccy/go-json"

	"dropsight/core/combine"
	"dropsight/core/gen"
	"dropsight/core/result"
)

func runCombine(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("combine", flag.ContinueOnError)
	outDir := fs.String("out", "", "folder for the outputs (default: processed_data beside DIR)")
	types := fs.String("types", "", "column types, e.g. BillingPostalCode=string,Total=number (or output/column=type): string, integer, number or boolean")
	nulls := fs.String("nulls", "", "cell texts written as null in every column, e.g. NA,N/A,null")
	emptyNull := fs.Bool("empty-null", false, "write the empty cells of string columns as null (typed columns always do)")
	planOnly := fs.Bool("plan", false, "print the plan (files, formats, column types) without writing anything")
	level := fs.Int("level", 0, "gzip level 1-9 (default 5)")
	workers := fs.Int("workers", 0, "outputs written at once (default: one per core)")
	asJSON := fs.Bool("json", false, "print the result document as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("combine: name one folder DIR")
	}
	p := combine.Params{Types: map[string]string{}, EmptyAsNull: *emptyNull}
	if *types != "" {
		for _, kv := range strings.Split(*types, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || strings.TrimSpace(k) == "" {
				return fmt.Errorf("combine: --types wants column=type pairs, not %q", kv)
			}
			p.Types[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	if *nulls != "" {
		p.Nulls = strings.Split(*nulls, ",")
	}
	doc, err := combine.Run(combine.Options{Dir: fs.Arg(0), Out: *outDir, Params: p, Workers: *workers, Level: *level, PlanOnly: *planOnly})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return err
		}
	} else if err := printCombine(out, doc); err != nil {
		return err
	}
	if r := doc.Results.(*combine.Results); r.Ran && !r.Verified {
		return errors.New("combine: an output did not read back as written (see verification)")
	}
	return nil
}

func printCombine(out io.Writer, doc *result.Document) error {
	r := doc.Results.(*combine.Results)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	if r.Ran {
		fmt.Fprintf(w, "Consolidated %s into %s: %d outputs from %d files\n", r.Root, r.Out, r.Totals.Outputs, r.Totals.Files)
	} else {
		fmt.Fprintf(w, "Plan for %s (outputs would go to %s): %d outputs from %d files\n", r.Root, r.Out, r.Totals.Outputs, r.Totals.Files)
	}
	for _, t := range r.Outputs {
		fmt.Fprintf(w, "\n%s\n", t.File)
		fmt.Fprintf(w, "  FILE\tFORMAT\tBYTES")
		if r.Ran {
			fmt.Fprintf(w, "\tROWS\tEMPTY\tBLANK\tREJECTED")
		}
		fmt.Fprintln(w)
		for _, s := range t.Files {
			format := s.Format
			if s.CSV != nil {
				format = fmt.Sprintf("csv %q", s.CSV.Delimiter)
				if !s.CSV.Header {
					format += " no header"
				}
			}
			if s.Gzip {
				format += " gzip"
			}
			fmt.Fprintf(w, "  %s\t%s\t%d", s.Path, format, s.Bytes)
			if r.Ran {
				fmt.Fprintf(w, "\t%d\t%d\t%d\t%d", s.Rows, s.Empty, s.BlankLines, s.Rejected)
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "  COLUMN\tTYPE\tWHY")
		if r.Ran {
			fmt.Fprintf(w, "\tCONVERTED\tNULL\tKEPT AS TEXT")
		}
		fmt.Fprintln(w)
		for _, c := range t.Columns {
			fmt.Fprintf(w, "  %s\t%s\t%s", c.Name, c.Type, c.Reason)
			if r.Ran {
				kept := fmt.Sprint(c.KeptAsText)
				if c.Kept != nil {
					kept += fmt.Sprintf(" (first: %q, %s line %d)", c.Kept.Value, c.Kept.File, c.Kept.Line)
				}
				fmt.Fprintf(w, "\t%d\t%d\t%s", c.Converted, c.Nulls+c.JSON.Null, kept)
			}
			fmt.Fprintln(w)
		}
		if r.Ran {
			v := "not verified"
			if t.Verified != nil {
				v = fmt.Sprintf("read back %d rows: ok", t.Verified.Rows)
				if !t.Verified.OK {
					v = "VERIFICATION FAILED: " + t.Verified.Message
				}
			}
			fmt.Fprintf(w, "  rows in %d, out %d (empty %d, rejected %d, blank lines %d); bytes in %d, out %d; %s\n",
				t.RowsIn, t.RowsOut, t.Empty, t.Rejected, t.BlankLines, t.BytesIn, t.BytesOut, v)
			if t.Compacted > 0 {
				fmt.Fprintf(w, "  %d JSON records spanned several lines and were put on one\n", t.Compacted)
			}
			if t.RepairedUTF8 > 0 {
				fmt.Fprintf(w, "  %d values were not UTF-8: their bad bytes are written as U+FFFD\n", t.RepairedUTF8)
			}
		}
	}
	if len(r.Skipped) > 0 {
		fmt.Fprintf(w, "\nSKIPPED\tWHY\n")
		for _, s := range r.Skipped {
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
	if r.Ran {
		fmt.Fprintf(w, "\n%.2f s, %.1f MB/s, peak memory %.1f MiB\n", m.Seconds, m.BytesPerSecond/1e6, float64(m.PeakMemoryBytes)/(1<<20))
	}
	return w.Flush()
}

func genFolder(args []string) error {
	fs := flag.NewFlagSet("gen folder", flag.ContinueOnError)
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same bytes")
	scale := fs.Int("scale", 1, "multiply every table's rows")
	outDir := fs.String("o", "", "folder that receives raw_data/")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *outDir == "" {
		return errors.New("gen folder: -o DIR is required")
	}
	return gen.Folder(gen.FolderOptions{Seed: *seed, Scale: *scale}, func(path string) (io.WriteCloser, error) {
		p := filepath.Join(*outDir, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		return os.Create(p)
	})
}
