package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	json "github.com/goccy/go-json"

	"dropsight/core/engine"
	"dropsight/core/evaluate"
	"dropsight/core/evaluation"
	"dropsight/core/result"
)

func analyzeEvaluate(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("analyze evaluate", flag.ContinueOnError)
	label := fs.String("label", "", "the column of the given labels (a CSV header name or a JSON field path)")
	prediction := fs.String("prediction", "", "the column of the predictions")
	positive := fs.String("positive", "", "a label value for the binary view: that value is 1, every other 0")
	workers := fs.Int("workers", 0, "goroutines reading in parallel (default: one per core)")
	asJSON := fs.Bool("json", false, "print the result document as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("analyze evaluate: name at least one file (CSV, NDJSON, JSON array) or folder")
	}
	params, err := json.Marshal(evaluation.Params{Label: *label, Prediction: *prediction, Positive: *positive})
	if err != nil {
		return err
	}
	doc, err := engine.Run(engine.Options{Recipe: "evaluate", Params: params, Paths: fs.Args(), Workers: *workers})
	if err != nil {
		return err
	}
	if *asJSON {
		err = printJSON(out, doc)
	} else {
		err = printEvaluate(out, doc)
	}
	if err != nil {
		return err
	}
	// a report that could not be made (too many classes) is printed with the
	// document, and ends the command with status 1
	if e := doc.Results.(evaluation.Results).Error; e != "" {
		return errors.New(e)
	}
	return nil
}

func printEvaluate(out io.Writer, doc *result.Document) error {
	r := doc.Results.(evaluation.Results)
	p := doc.Parameters.(evaluation.Params)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "Evaluation of %q against the labels in %q: %d of %d records evaluated", p.Prediction, p.Label, r.Evaluated, r.Records)
	if doc.RejectedTotal > 0 {
		fmt.Fprintf(w, " (%d rejected)", doc.RejectedTotal)
	}
	fmt.Fprintln(w)
	if r.Skipped.Records > 0 {
		fmt.Fprintf(w, "skipped: %d records (%d without a label, %d without a prediction)\n", r.Skipped.Records, r.Skipped.NoLabel, r.Skipped.NoPrediction)
	}
	fmt.Fprintln(w)
	if r.Error != "" {
		fmt.Fprintf(w, "%s\n", r.Error)
	} else {
		printReport(w, r.Confusion, r.Classes, r.Accuracy, r.Macro, r.Weighted)
		if r.Binary != nil {
			printBinary(w, p.Positive, r.Binary)
		}
	}
	printRejectsAndMetrics(w, doc)
	return w.Flush()
}

// printReport prints a confusion matrix (rows given, columns predicted) and
// the classification report, as scikit-learn lays them out.
func printReport(w io.Writer, c evaluate.Confusion, classes []evaluate.Class, accuracy float64, macro, weighted evaluate.Average) {
	fmt.Fprintf(w, "given \\ predicted")
	for _, l := range c.Labels {
		fmt.Fprintf(w, "\t%s", l)
	}
	fmt.Fprintln(w)
	for i, row := range c.Matrix {
		fmt.Fprintf(w, "%s", c.Labels[i])
		for _, n := range row {
			fmt.Fprintf(w, "\t%d", n)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "class\tprecision\trecall\tf1\tsupport\n")
	for _, k := range classes {
		fmt.Fprintf(w, "%s\t%.3f\t%.3f\t%.3f\t%d\n", k.Label, k.Precision, k.Recall, k.F1, k.Support)
	}
	fmt.Fprintf(w, "macro avg\t%.3f\t%.3f\t%.3f\t%d\n", macro.Precision, macro.Recall, macro.F1, macro.Support)
	fmt.Fprintf(w, "weighted avg\t%.3f\t%.3f\t%.3f\t%d\n", weighted.Precision, weighted.Recall, weighted.F1, weighted.Support)
	fmt.Fprintf(w, "accuracy\t%.3f\n", accuracy)
}

// printBinary prints the binary view, positive naming class 1.
func printBinary(w io.Writer, positive string, b *evaluate.Binary) {
	fmt.Fprintf(w, "binary (%s = 1): TP %d  FP %d  FN %d  TN %d  precision %.3f  recall %.3f  f1 %.3f  accuracy %.3f\n",
		positive, b.TP, b.FP, b.FN, b.TN, b.Precision, b.Recall, b.F1, b.Accuracy)
}
