// Command dropsight runs Dropsight's recipes natively and generates sample data.
//
//	dropsight analyze tweets [--mentions auto|field|text] [--tz Zone] [--fields date,user,text,mentions] [--workers N] [--json] FILE...
//	dropsight gen tweets (--bytes 400MB | --lines N) [--seed 1] -o FILE[.gz]
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

Run "dropsight analyze tweets -h" or "dropsight gen tweets -h" for flags.
`

func main() {
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
	default:
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "dropsight:", err)
		os.Exit(1)
	}
}
