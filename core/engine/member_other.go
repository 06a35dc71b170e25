//go:build !unix

package engine

import (
	"io"
	"os"
)

// openMember opens a folder's file for reading.
func openMember(path string) (io.ReadCloser, error) { return os.Open(path) }
