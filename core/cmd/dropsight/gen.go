package main

import (
	"bufio"
	"compress/gzip"
	"errors"
	"flag"
	"io"
	"os"
	"strings"

	"dropsight/core/budget"
	"dropsight/core/gen"
)

func genTweets(args []string) error {
	fs := flag.NewFlagSet("gen tweets", flag.ContinueOnError)
	size := fs.String("bytes", "", "stop once the output reaches this `size`: 400MB (400,000,000 bytes), 5GB, 64MiB (MB, GB: powers of 1000; MiB, GiB: of 1024)")
	lines := fs.Int("lines", 0, "or stop after this many tweets")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same bytes")
	outPath := fs.String("o", "", "output file; a name ending in .gz is gzip-compressed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *outPath == "" {
		return errors.New("gen tweets: -o FILE is required")
	}
	var n int64
	if *size != "" {
		var err error
		if n, err = budget.ParseBytes(*size); err != nil {
			return err
		}
	}
	if n <= 0 && *lines <= 0 {
		return errors.New("gen tweets: give --bytes or --lines")
	}
	return writeFile(*outPath, func(w io.Writer) error {
		return gen.Tweets(w, gen.TweetOptions{Bytes: n, Lines: *lines, Seed: *seed})
	})
}

// writeFile writes through a buffer, compressing when the name ends in .gz.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	var w io.Writer = bw
	var zw *gzip.Writer
	if strings.HasSuffix(path, ".gz") {
		zw = gzip.NewWriter(bw)
		w = zw
	}
	err = write(w)
	if zw != nil && err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
