// Package table carries the row tables a recipe produces while it counts
// (the sentiment pipeline's bronze, silver and gold rows) out of the engine
// as NDJSON, without holding them: a recipe hands each row to a Writer the
// moment it is made.
//
// A row is one JSON object on one line. A Buffer collects one task's rows
// per table and hands them on in batches: natively to a Dir, which
// compresses each table into DIR/<table>.ndjson.gz as the batches come; in
// a browser worker to the page, which takes the batches (Take) between
// chunks. Memory is bounded by the batch size, whatever the input size.
//
// Row order: the rows of one input range (or one file) keep their order;
// batches of different tasks interleave in the order they fill, so the
// order of rows across ranges and files depends on scheduling. Every row
// carries the values that identify it (bronze carries source_file).
package table

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// A Writer receives rows: row is one JSON object without a line break,
// valid only during the call.
type Writer interface {
	Row(table string, row []byte)
}

// DefaultLimit is the bytes of NDJSON a Buffer holds per table before it
// hands them on.
const DefaultLimit = 1 << 20

// Buffer is a Writer that collects rows as NDJSON, per table. When a
// table's bytes reach Limit they go to Flush, if set; otherwise they wait
// for Take. The zero value is ready to use; a Buffer must not be used by
// two goroutines at once.
type Buffer struct {
	// Limit is how many bytes a table may hold before Flush takes them;
	// 0 means DefaultLimit.
	Limit int
	// Flush receives a table's NDJSON (whole lines); the bytes become
	// Flush's, the Buffer starts a new slice.
	Flush func(table string, ndjson []byte)

	names []string
	bufs  [][]byte
	rows  []int64
}

func (b *Buffer) index(table string) int {
	for i, n := range b.names {
		if n == table {
			return i
		}
	}
	b.names = append(b.names, table)
	b.bufs = append(b.bufs, nil)
	b.rows = append(b.rows, 0)
	return len(b.names) - 1
}

// Row implements Writer.
func (b *Buffer) Row(table string, row []byte) {
	i := b.index(table)
	if b.bufs[i] == nil {
		// With Flush, a batch fills to the limit: allocate it once rather
		// than growing it by copies; without, it grows until Take.
		size := 64 << 10
		if b.Flush != nil {
			size = b.limit() + 64<<10
		}
		b.bufs[i] = make([]byte, 0, size)
	}
	b.bufs[i] = append(append(b.bufs[i], row...), '\n')
	b.rows[i]++
	if b.Flush != nil && len(b.bufs[i]) >= b.limit() {
		b.flush(i)
	}
}

func (b *Buffer) limit() int {
	if b.Limit > 0 {
		return b.Limit
	}
	return DefaultLimit
}

func (b *Buffer) flush(i int) {
	if len(b.bufs[i]) == 0 {
		return
	}
	data := b.bufs[i]
	b.bufs[i] = nil
	b.Flush(b.names[i], data)
}

// FlushAll hands every table's pending rows to Flush.
func (b *Buffer) FlushAll() {
	if b.Flush == nil {
		return
	}
	for i := range b.names {
		b.flush(i)
	}
}

// Take returns the NDJSON waiting for a table and empties it.
func (b *Buffer) Take(table string) []byte {
	for i, n := range b.names {
		if n == table {
			data := b.bufs[i]
			b.bufs[i] = nil
			return data
		}
	}
	return nil
}

// Tables names the tables that received rows, in order of their first row.
func (b *Buffer) Tables() []string { return slices.Clone(b.names) }

// Rows is the number of rows a table received.
func (b *Buffer) Rows(table string) int64 {
	for i, n := range b.names {
		if n == table {
			return b.rows[i]
		}
	}
	return 0
}

// Dir writes tables as gzip-compressed NDJSON files, DIR/<table>.ndjson.gz,
// one goroutine compressing each table, so that tables compress in
// parallel and a slow disk slows the run rather than filling memory: at
// most a few batches per table wait. Write may be called from several
// goroutines.
type Dir struct {
	path string
	// Level is the gzip level; set it before the first Write. 0 means
	// gzip.BestSpeed: the tables are exports, written once.
	Level int

	mu     sync.Mutex
	tables map[string]*dirTable
	err    error
	closed bool
}

type dirTable struct {
	batches chan []byte
	done    chan error
}

// NewDir creates the folder (and its parents) if needed.
func NewDir(path string) (*Dir, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, err
	}
	return &Dir{path: path, tables: map[string]*dirTable{}}, nil
}

// Path is the table's file.
func (d *Dir) Path(table string) string { return filepath.Join(d.path, table+".ndjson.gz") }

// Open creates the files of these tables now, so that a table that gets no
// row is still written (an empty table).
func (d *Dir) Open(tables ...string) error {
	for _, t := range tables {
		if _, err := d.table(t); err != nil {
			return err
		}
	}
	return nil
}

func (d *Dir) table(name string) (*dirTable, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil, errors.New("table: write after Close")
	}
	if t := d.tables[name]; t != nil {
		return t, nil
	}
	if name == "" || strings.ContainsAny(name, `/\:`) || name[0] == '.' {
		return nil, fmt.Errorf("table: bad table name %q", name)
	}
	f, err := os.Create(d.Path(name))
	if err != nil {
		return nil, err
	}
	level := d.Level
	if level == 0 {
		level = gzip.BestSpeed
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	zw, err := gzip.NewWriterLevel(bw, level)
	if err != nil {
		f.Close()
		return nil, err
	}
	t := &dirTable{batches: make(chan []byte, 4), done: make(chan error, 1)}
	go func() {
		var err error
		for b := range t.batches {
			if err == nil {
				_, err = zw.Write(b)
			}
		}
		if err == nil {
			err = zw.Close()
		}
		if err == nil {
			err = bw.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		t.done <- err
	}()
	d.tables[name] = t
	return t, nil
}

// Write appends NDJSON (whole lines) to a table; the bytes become the
// Dir's. An error is kept and returned by Close.
func (d *Dir) Write(table string, ndjson []byte) {
	t, err := d.table(table)
	if err != nil {
		d.fail(err)
		return
	}
	t.batches <- ndjson
}

// Row writes one row straight to a table (for rows made outside a task,
// such as an aggregate's rows); tasks should write through a Buffer.
func (d *Dir) Row(table string, row []byte) {
	b := make([]byte, 0, len(row)+1)
	d.Write(table, append(append(b, row...), '\n'))
}

func (d *Dir) fail(err error) {
	d.mu.Lock()
	if d.err == nil {
		d.err = err
	}
	d.mu.Unlock()
}

// Close finishes every file and returns the first error met.
func (d *Dir) Close() error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return d.err
	}
	d.closed = true
	tables := d.tables
	d.mu.Unlock()
	var errs []error
	for _, t := range tables {
		close(t.batches)
	}
	for name, t := range tables {
		if err := <-t.done; err != nil {
			errs = append(errs, fmt.Errorf("table %s: %v", name, err))
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.err == nil {
		d.err = errors.Join(errs...)
	}
	return d.err
}
