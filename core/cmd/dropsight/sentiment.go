package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	json "github.com/goccy/go-json"

	"dropsight/core/engine"
	"dropsight/core/gen"
	"dropsight/core/pipeline"
	"dropsight/core/result"
	"dropsight/core/table"
)

func analyzeSentiment(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("analyze sentiment", flag.ContinueOnError)
	predictions := fs.String("predictions", "", "field (column) of another model's predictions to evaluate beside the built-in model")
	keep := fs.Bool("keep-unmentioned", false, "keep tweets without a mention in silver and gold, with an empty mention")
	outDir := fs.String("out", "", "write the bronze, silver, gold and application tables to DIR/<table>.ndjson.gz")
	asJSON := fs.Bool("json", false, "print the result document as JSON")
	fields := fs.String("fields", "", "fields date,user,text,sentiment (default: detected from the input)")
	labels := fs.String("labels", "", `given label mapping, e.g. "0=negative,2=neutral,4=positive" (the default); positive/negative/neutral need none`)
	tz := fs.String("tz", "UTC", "time zone for dates without an offset, and of the days (IANA name)")
	workers := fs.Int("workers", 0, "goroutines reading in parallel (default: one per core)")
	memory := addMemoryFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("analyze sentiment: name at least one file or folder")
	}
	p := pipeline.Params{KeepUnmentioned: *keep, TimeZone: *tz,
		ProcessingTime: time.Now().UTC().Format("2006-01-02T15:04:05.000Z")}
	if *fields != "" {
		parts := strings.Split(*fields, ",")
		for len(parts) < 4 {
			parts = append(parts, "")
		}
		p.Fields = pipeline.Fields{Date: parts[0], User: parts[1], Text: parts[2], Sentiment: parts[3]}
	}
	p.Fields.Prediction = *predictions
	if *labels != "" {
		p.Labels = map[string]string{}
		for _, kv := range strings.Split(*labels, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return fmt.Errorf("analyze sentiment: --labels wants value=label pairs, not %q", kv)
			}
			p.Labels[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	params, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var dir *table.Dir
	if *outDir != "" {
		if dir, err = table.NewDir(*outDir); err != nil {
			return err
		}
		if err := dir.Open(pipeline.Tables...); err != nil {
			return err
		}
	}
	doc, err := engine.Run(engine.Options{Recipe: "sentiment", Params: params, Paths: fs.Args(), Workers: *workers, Tables: dir, MemoryLimit: memory.bytes})
	if err != nil {
		if dir != nil {
			dir.Close()
		}
		return err
	}
	if dir != nil {
		b := &table.Buffer{Flush: dir.Write}
		doc.Results.(pipeline.Results).WriteApplication(b)
		b.FlushAll()
		if err := dir.Close(); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	return printSentiment(out, doc, *outDir)
}

func printSentiment(out io.Writer, doc *result.Document, outDir string) error {
	r := doc.Results.(pipeline.Results)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "Sentiment pipeline over %d tweets", r.Records)
	if doc.RejectedTotal > 0 {
		fmt.Fprintf(w, " (%d rejected)", doc.RejectedTotal)
	}
	fmt.Fprintf(w, " from %d input(s)\n", len(doc.Inputs))
	t := r.Tables
	fmt.Fprintf(w, "Tables: bronze %d, silver %d, gold %d, application %d rows", t.Bronze, t.Silver, t.Gold, t.Application)
	if outDir != "" {
		fmt.Fprintf(w, ", written to %s", outDir)
	}
	m := r.Exploration.Mentions
	fmt.Fprintf(w, "\nMentions: %d tweets with one, %d without; %d mention rows, %d distinct\n", m.WithMention, m.WithoutMention, m.Rows, m.Distinct)
	printEvaluation(w, "built-in model", r.Evaluation)
	if r.PredictionEvaluation != nil {
		printEvaluation(w, "field "+r.PredictionEvaluation.Predictor, *r.PredictionEvaluation)
	}
	fmt.Fprintf(w, "\nAPPLICATION (top %d of %d)\tNEG\tNEU\tPOS\tTOTAL\tFIRST\tLAST\n", min(10, len(r.Application)), t.Application)
	for _, a := range r.Application[:min(10, len(r.Application))] {
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%s\t%s\n", a.Mention, a.Negative, a.Neutral, a.Positive, a.Total, deref(a.MinTimestamp), deref(a.MaxTimestamp))
	}
	e := r.Exploration
	fmt.Fprintf(w, "\nTOP USERS (%d users)\tTWEETS\n", e.Users)
	for _, u := range e.TopUsers[:min(10, len(e.TopUsers))] {
		fmt.Fprintf(w, "%s\t%d\n", u.User, u.Tweets)
	}
	fmt.Fprintf(w, "\nCOLUMN\tFIELD\tNULL\tEMPTY\n")
	for _, c := range e.Columns {
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\n", c.Column, c.Field, c.Null, c.Empty)
	}
	if e.InvalidDates > 0 {
		fmt.Fprintf(w, "dates in no known layout: %d\n", e.InvalidDates)
	}
	fmt.Fprintf(w, "\nSTAGES (engine time, all workers)")
	for _, s := range e.Stages {
		fmt.Fprintf(w, "  %s %.2f s", s.Stage, s.Seconds)
	}
	fmt.Fprintln(w)
	printRejectsAndMetrics(w, doc)
	return w.Flush()
}

func deref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}

func printEvaluation(w io.Writer, name string, e pipeline.Evaluation) {
	fmt.Fprintf(w, "\nEVALUATION of the %s: %d tweets", name, e.Records)
	if e.Unlabelled > 0 {
		fmt.Fprintf(w, " (%d without a given label left out)", e.Unlabelled)
	}
	if e.Unpredicted > 0 {
		fmt.Fprintf(w, " (%d without a prediction left out)", e.Unpredicted)
	}
	fmt.Fprintln(w)
	if e.Error != "" {
		fmt.Fprintf(w, "  %s\n", e.Error)
		return
	}
	printReport(w, e.Confusion, e.Classes, e.Accuracy, e.Macro, e.Weighted)
	printBinary(w, "positive", e.Binary)
}

func genSentiment(args []string) error {
	fs := flag.NewFlagSet("gen sentiment", flag.ContinueOnError)
	n := fs.Int("tweets", 200000, "how many labelled tweets")
	files := fs.Bool("files", false, "one JSON object per file: -o names a folder, filled with tweet_000001.json ...")
	pretty := fs.Bool("pretty", false, "with --files, write each object indented over several lines")
	codes := fs.Bool("codes", false, `labels as Sentiment140's codes "0" and "4" instead of negative and positive`)
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same bytes")
	outPath := fs.String("o", "", "output: an NDJSON file (.gz compresses), or a folder with --files")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *outPath == "" {
		return errors.New("gen sentiment: -o is required")
	}
	if *n <= 0 {
		return errors.New("gen sentiment: --tweets must be positive")
	}
	opt := gen.LabelledOptions{Tweets: *n, Seed: *seed, Codes: *codes}
	if !*files {
		return writeFile(*outPath, func(w io.Writer) error { return gen.LabelledTweets(w, opt) })
	}
	return writeTweetFiles(*outPath, opt, *pretty)
}

// writeTweetFiles writes one tweet per file, on all cores: each file is a
// pure function of its index, so the output does not depend on scheduling.
func writeTweetFiles(dir string, opt gen.LabelledOptions, pretty bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	g := gen.NewLabelled(opt)
	workers := runtime.GOMAXPROCS(0)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ind bytes.Buffer
			var rec []byte
			name := make([]byte, 0, 32)
			for i := w; i < opt.Tweets; i += workers {
				rec = append(g.Append(rec[:0], i), '\n')
				if pretty {
					ind.Reset()
					if err := json.Indent(&ind, rec, "", "  "); err != nil {
						errs[w] = err
						return
					}
					rec = append(rec[:0], ind.Bytes()...)
				}
				name = fmt.Appendf(name[:0], "tweet_%06d.json", i+1)
				if err := os.WriteFile(filepath.Join(dir, string(name)), rec, 0o644); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
