package records

import (
	"compress/flate"
	"compress/gzip"
	"errors"
	"io"
)

// Fill reads until buf is full or the reader stops. Unlike io.ReadFull it
// tells a clean end (io.EOF, with or without bytes) from a truncated gzip
// stream (io.ErrUnexpectedEOF from the decompressor).
func Fill(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		k, err := r.Read(buf[n:])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// IsCorruptGzip reports whether err says a gzip stream is cut or damaged,
// as opposed to the file itself being unreadable.
func IsCorruptGzip(err error) bool {
	var ce flate.CorruptInputError
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) ||
		errors.Is(err, gzip.ErrHeader) || errors.As(err, &ce)
}
