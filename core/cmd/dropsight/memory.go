package main

import (
	"flag"

	"dropsight/core/budget"
)

// memoryFlag is --memory: the limit of each recipe state, a size such as
// 512MiB or 8GiB.
type memoryFlag struct{ bytes int64 }

func (m *memoryFlag) String() string {
	if m.bytes == 0 {
		return ""
	}
	return budget.Bytes(m.bytes)
}

func (m *memoryFlag) Set(s string) error {
	n, err := budget.ParseBytes(s)
	if err != nil {
		return err
	}
	m.bytes = n
	return nil
}

// addMemoryFlag adds --memory to a recipe's flags; the value is what
// engine.Options.MemoryLimit takes (0: the default).
func addMemoryFlag(fs *flag.FlagSet) *memoryFlag {
	m := &memoryFlag{}
	fs.Var(m, "memory", "limit of the recipe's state, each range's and the merged one: a `size` such as 512MiB or 8GiB "+
		"(MiB, GiB: powers of 1024; MB, GB: of 1000); "+
		"a run that needs more stops with a message (default: a quarter of physical memory, "+budget.Bytes(budget.Default())+" here)")
	return m
}
