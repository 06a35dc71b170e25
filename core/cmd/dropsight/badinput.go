package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"

	"dropsight/core/budget"
	"dropsight/core/gen"
)

// genBadInput writes the bad-input matrix (see gen.BadInputCases): the
// files the engine's table-driven test and the browser test read.
func genBadInput(args []string) error {
	fs := flag.NewFlagSet("gen badinput", flag.ContinueOnError)
	empty := fs.Int("empty-files", 100000, "how many empty files json/empty-files/ holds")
	long := fs.String("long-line", "50MB", "length of the single line of json/long-line.jsonl, a `size` (50MB is 50,000,000 bytes)")
	outDir := fs.String("o", "", "folder that receives json/ and csv/")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *outDir == "" {
		return errors.New("gen badinput: -o DIR is required")
	}
	n, err := budget.ParseBytes(*long)
	if err != nil {
		return err
	}
	made := map[string]bool{}
	return gen.BadInput(gen.BadInputOptions{EmptyFiles: *empty, LongLineBytes: int(n)}, func(path string) (io.WriteCloser, error) {
		p := filepath.Join(*outDir, filepath.FromSlash(path))
		if dir := filepath.Dir(p); !made[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, err
			}
			made[dir] = true
		}
		return os.Create(p)
	})
}
