package main

import (
	"bufio"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"dropsight/core/gen"
)

func genTweets(args []string) error {
	fs := flag.NewFlagSet("gen tweets", flag.ContinueOnError)
	size := fs.String("bytes", "", "stop once the output reaches this size (e.g. 400MB, 5GB, 64MiB)")
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
		if n, err = parseSize(*size); err != nil {
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

// parseSize reads "400MB", "5GB", "64MiB", "1000" (bytes).
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
			if err != nil || v < 0 {
				return 0, fmt.Errorf("bad size %q", s)
			}
			return int64(v * float64(u.mult)), nil
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bad size %q (use e.g. 400MB)", s)
	}
	return v, nil
}
