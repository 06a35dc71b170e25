// Command dropsight runs Dropsight's recipes natively and generates sample data.
//
//	dropsight analyze tweets [--mentions auto|field|text] [--tz Zone] [--fields date,user,text,mentions] [--workers N] [--json] FILE...
//	dropsight gen tweets (--bytes 400MB | --lines N) [--seed 1] -o FILE[.gz]
//	dropsight analyze engagement [--tz Zone] [--gap 10m] [--min-active 10s] [--max-active 4h] [--power-share 0.01] [--metadata FILE] [--json] FILE...
//	dropsight gen activity [--rows 1000000] [--metadata-rows 100000] [--seed 1] [--skew] -o DIR
//	dropsight analyze sentiment [--predictions COLUMN] [--keep-unmentioned] [--out DIR] [--fields date,user,text,sentiment] [--labels 0=negative,...] [--tz Zone] [--workers N] [--json] PATH...
//	dropsight gen sentiment [--tweets 200000] [--files [--pretty]] [--codes] [--seed 1] -o FILE|DIR
//	dropsight combine [--out DIR] [--types col=type,...] [--nulls NA,...] [--empty-null] [--plan] [--level 5] [--workers N] [--json] DIR
//	dropsight gen folder [--seed 1] [--scale 1] -o DIR
//	dropsight gen badinput [--empty-files 100000] [--long-line 50MB] -o DIR
//	dropsight analyze profile [--top 10] [--sample 20] [--bins 20] [--distinct-limit 10000] [--workers N] [--json] PATH...
//	dropsight analyze evaluate --label COLUMN --prediction COLUMN [--positive VALUE] [--workers N] [--json] PATH...
//
// analyze prints the same result document as the page (JSON with --json, a
// readable summary without). It exits 0 when the run completes, even with
// rejects, and 1 with a message when an input cannot be read.
package main

import (
	"fmt"
	"os"
)

const usage = `usage:
  dropsight analyze tweets [flags] FILE...   tweet insights (top days, emojis, mentions)
  dropsight gen tweets [flags] -o FILE        generate tweets like the farmers-protest file
  dropsight analyze engagement [flags] FILE...   DAU/MAU, sessions, retention, power users (--metadata FILE)
  dropsight gen activity [flags] -o DIR           generate DIR/interactions.csv and DIR/metadata.csv
  dropsight analyze sentiment [flags] PATH...   sentiment pipeline and evaluation (a PATH may be a folder)
  dropsight gen sentiment [flags] -o FILE|DIR     generate labelled tweets (--files: one per file)
  dropsight combine [flags] DIR                 each subfolder into <subfolder>.json.gz (NDJSON)
  dropsight gen folder [flags] -o DIR           generate DIR/raw_data/{orders,playlist_track,track_facts,tracks}/
  dropsight gen badinput [flags] -o DIR         generate the bad-input matrix: DIR/json/ and DIR/csv/
  dropsight analyze profile [flags] PATH...     rows, and per column types, nulls, distinct, top values, histograms
  dropsight analyze evaluate [flags] PATH...    confusion matrix and classification report of a prediction column

Run "dropsight analyze tweets -h" or "dropsight gen tweets -h" for flags.
`

func main() {
	if len(os.Args) >= 2 && os.Args[1] == "combine" {
		if err := runCombine(os.Args[2:], os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "dropsight:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) < 3 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch cmd, what, args := os.Args[1], os.Args[2], os.Args[3:]; {
	case cmd == "analyze" && what == "tweets":
		err = analyzeTweets(args, os.Stdout)
	case cmd == "gen" && what == "tweets":
		err = genTweets(args)
	case cmd == "analyze" && what == "engagement":
		err = analyzeEngagement(args, os.Stdout)
	case cmd == "gen" && what == "activity":
		err = genActivity(args)
	case cmd == "analyze" && what == "sentiment":
		err = analyzeSentiment(args, os.Stdout)
	case cmd == "gen" && what == "sentiment":
		err = genSentiment(args)
	case cmd == "gen" && what == "folder":
		err = genFolder(args)
	case cmd == "gen" && what == "badinput":
		err = genBadInput(args)
	case cmd == "analyze" && what == "profile":
		err = analyzeProfile(args, os.Stdout)
	case cmd == "analyze" && what == "evaluate":
		err = analyzeEvaluate(args, os.Stdout)
	default:
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "dropsight:", err)
		os.Exit(1)
	}
}
