package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	json "github.com/goccy/go-json"

	"dropsight/core/engine"
	"dropsight/core/result"
	"dropsight/core/tweets"
)

func analyzeTweets(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("analyze tweets", flag.ContinueOnError)
	mentions := fs.String("mentions", "auto", "where mentions come from: auto (the mentions field when present, else the text), field, or text")
	tz := fs.String("tz", "UTC", "time zone for timestamps without an offset (IANA name)")
	fields := fs.String("fields", "", "field paths date,user,text,mentions (default: detected from the file)")
	workers := fs.Int("workers", 0, "goroutines reading in parallel (default: one per core)")
	memory := addMemoryFlag(fs)
	asJSON := fs.Bool("json", false, "print the result document as JSON")
	top := fs.Int("top", 10, "how many days, emojis and mentions to list")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("analyze tweets: name at least one FILE")
	}
	p := tweets.Params{Mentions: *mentions, TimeZone: *tz, Top: *top}
	if *fields != "" {
		parts := strings.Split(*fields, ",")
		for len(parts) < 4 {
			parts = append(parts, "")
		}
		p.Fields = tweets.Fields{Date: parts[0], User: parts[1], Text: parts[2], Mentions: parts[3]}
	}
	params, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return runRecipe(out, engine.Options{Recipe: "tweets", Params: params, Paths: fs.Args(), Workers: *workers, MemoryLimit: memory.bytes}, *asJSON, printTweets)
}

func printTweets(out io.Writer, doc *result.Document) error {
	r := doc.Results.(tweets.Results)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "Tweet insights over %d records", r.Records)
	if doc.RejectedTotal > 0 {
		fmt.Fprintf(w, " (%d rejected)", doc.RejectedTotal)
	}
	fmt.Fprintf(w, ", %d days\n\nTOP DAYS\tTWEETS\tTOP USER\tUSER TWEETS\n", r.Days)
	for _, d := range r.TopDates {
		fmt.Fprintf(w, "%s\t%d\t%s\t%d\n", d.Date, d.Tweets, d.TopUser, d.TopUserTweets)
	}
	fmt.Fprintf(w, "\nTOP EMOJIS (%d in all, %d distinct)\tCOUNT\n", r.Emojis.Total, r.Emojis.Distinct)
	for _, e := range r.TopEmojis {
		fmt.Fprintf(w, "%s\t%d\n", e.Emoji, e.Count)
	}
	fmt.Fprintf(w, "\nTOP MENTIONS (%d in all, %d distinct)\tCOUNT\n", r.Mentions.Total, r.Mentions.Distinct)
	for _, m := range r.TopMentions {
		fmt.Fprintf(w, "%s\t%d\n", m.Username, m.Count)
	}
	printRejectsAndMetrics(w, doc)
	return w.Flush()
}
