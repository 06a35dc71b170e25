package engine

import "dropsight/core/table"

// A TableCounter is a Counter that writes row tables as it counts (the
// sentiment pipeline's bronze, silver and gold rows): natively into files
// (table.Dir), in a browser worker into batches the page takes
// (table.Buffer). Rows are handed on as they are made, never held.
type TableCounter interface {
	// SetTables hands the counter the writer of its rows.
	SetTables(w table.Writer)
	// SetSource names the input (or the file of a folder) the next
	// records come from.
	SetSource(name string)
}

// SetTables hands the task's counter a writer for its row tables, and the
// input's name; it reports whether the recipe writes row tables. Call it
// before the first Feed.
func (t *Task) SetTables(w table.Writer) bool {
	tc, ok := t.counter.(TableCounter)
	if !ok {
		return false
	}
	tc.SetTables(w)
	tc.SetSource(t.spec.Input.Name)
	return true
}

// attachTables puts a buffer between a native task and the run's table
// folder; the function it returns hands the last rows over (call it after
// End, which may still make rows).
func attachTables(t *Task, d *table.Dir) func() {
	if d == nil {
		return func() {}
	}
	b := &table.Buffer{Flush: d.Write}
	if !t.SetTables(b) {
		return func() {}
	}
	return b.FlushAll
}
