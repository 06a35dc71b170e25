//go:build js && wasm

// Command engine is the Go side of a Dropsight Web Worker. It installs
// globalThis.dropsightEngine (see web/src/protocol.ts) and then waits: the
// worker hands it bytes, it hands back partial states and merged documents
// as JSON strings. All analytics live in core/; this file only moves bytes
// and strings across the JS boundary.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"

	"syscall/js"

	json "github.com/goccy/go-json"

	"dropsight/core/engine"
	"dropsight/core/pipeline"
	"dropsight/core/records"
	"dropsight/core/result"
	"dropsight/core/table"
)

type task struct {
	t   *engine.Task
	buf []byte
	// rows collects the row tables of a recipe that writes them (the
	// sentiment pipeline); nil for the others. It hands each table's rows
	// on in batches of table.DefaultLimit bytes, which go straight to JS
	// (ready), so the engine holds at most one batch per table: filling a
	// fixed batch is much cheaper in wasm than growing one buffer per feed.
	rows  *table.Buffer
	taken map[string]int64 // rows handed on, per table
	ready []js.Value       // batches not yet taken: {table, rows, data}
	unzip []byte
}

// newRows gives the task a row buffer whose batches become JS values.
func (tk *task) newRows() *table.Buffer {
	tk.taken = map[string]int64{}
	tk.rows = &table.Buffer{Flush: func(name string, ndjson []byte) {
		// The batch holds every row of the table not yet handed on.
		total := tk.rows.Rows(name)
		rows := total - tk.taken[name]
		tk.taken[name] = total
		u8 := js.Global().Get("Uint8Array").New(len(ndjson))
		js.CopyBytesToJS(u8, ndjson)
		item := js.Global().Get("Object").New()
		item.Set("table", name)
		item.Set("rows", float64(rows))
		item.Set("data", u8)
		tk.ready = append(tk.ready, item)
	}}
	return tk.rows
}

var (
	tasks   = map[int]*task{}
	mergers = map[int]*engine.Merger{}
	// leftover holds the rows a task or a merge made at its end, until the
	// worker takes them with takeRows(handle) (which then forgets the handle).
	leftover = map[int]*task{}
	next     = 1
)

func main() {
	api := js.Global().Get("Object").New()
	api.Set("version", result.Version)
	api.Set("sniff", js.FuncOf(sniff))
	api.Set("begin", js.FuncOf(begin))
	api.Set("feed", js.FuncOf(feed))
	api.Set("end", js.FuncOf(end))
	api.Set("mergeBegin", js.FuncOf(mergeBegin))
	api.Set("mergeAdd", js.FuncOf(mergeAdd))
	api.Set("mergeEnd", js.FuncOf(mergeEnd))
	api.Set("progress", js.FuncOf(progress))
	api.Set("sniffFiles", js.FuncOf(sniffFiles))
	api.Set("nextFile", js.FuncOf(nextFile))
	api.Set("feedFiles", js.FuncOf(feedFiles))
	api.Set("fail", js.FuncOf(fail))
	api.Set("takeRows", js.FuncOf(takeRows))
	api.Set("crash", js.FuncOf(crash))
	js.Global().Set("dropsightEngine", api)
	select {}
}

// crash(reason) panics outside any guard, so the Go program exits as it
// would on a bug or on Go's fatal "out of memory": the test hook behind the
// page's window.dropsight.debug.crashWorker, which checks that the page
// reports the dead worker's job and replaces the worker.
func crash(this js.Value, args []js.Value) any {
	reason := "crash requested"
	if len(args) > 0 && args[0].Type() == js.TypeString {
		reason = args[0].String()
	}
	panic(reason)
}

// guard turns a panic in a call into an {"error": ...} answer, so a bug
// fails one run with a message instead of killing the worker's runtime.
func guard(out *any) {
	if r := recover(); r != nil {
		*out = errorJSON(fmt.Errorf("engine failure: %v", r))
	}
}

func errorJSON(err error) string {
	b, _ := json.Marshal(map[string]string{"error": err.Error()})
	return string(b)
}

func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return errorJSON(err)
	}
	return string(b)
}

func bytesOf(v js.Value, buf []byte) []byte {
	n := v.Get("byteLength").Int()
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	js.CopyBytesToGo(buf, v)
	return buf
}

// sniff(head: Uint8Array, name: string, gzip?: boolean): JSON of Sniff.
func sniff(this js.Value, args []js.Value) (out any) {
	defer guard(&out)
	gz := len(args) > 2 && args[2].Truthy()
	return toJSON(engine.SniffInput(args[1].String(), bytesOf(args[0], nil), gz))
}

// begin(task: JSON of TaskSpec): JSON {"handle", "readFrom", "tables"};
// tables says the recipe writes row tables (take them with takeRows).
func begin(this js.Value, args []js.Value) (out any) {
	defer guard(&out)
	var spec engine.TaskSpec
	if err := json.Unmarshal([]byte(args[0].String()), &spec); err != nil {
		return errorJSON(fmt.Errorf("bad task: %v", err))
	}
	t, err := engine.NewTask(spec)
	if err != nil {
		return errorJSON(err)
	}
	h := next
	next++
	tk := &task{t: t}
	if !t.SetTables(tk.newRows()) {
		tk.rows = nil
	}
	tasks[h] = tk
	return toJSON(map[string]any{"handle": h, "readFrom": t.ReadFrom(), "tables": tk.rows != nil})
}

// feed(handle, chunk: Uint8Array): whether the task wants more bytes.
func feed(this js.Value, args []js.Value) (out any) {
	defer func() {
		if r := recover(); r != nil {
			out = false
		}
	}()
	tk := tasks[args[0].Int()]
	if tk == nil {
		return false
	}
	tk.buf = bytesOf(args[1], tk.buf)
	return tk.t.Feed(tk.buf)
}

// end(handle, failure?: string): JSON of Partial. A failure message (the
// stream broke) is recorded as a reject after the last good record.
func end(this js.Value, args []js.Value) (out any) {
	defer guard(&out)
	h := args[0].Int()
	tk := tasks[h]
	if tk == nil {
		return errorJSON(fmt.Errorf("no task %d", h))
	}
	delete(tasks, h)
	if len(args) > 1 && args[1].Type() == js.TypeString && args[1].String() != "" {
		tk.t.Fail(args[1].String())
	}
	p, err := tk.t.End()
	if err != nil {
		return errorJSON(err)
	}
	if tk.rows != nil {
		// End counts the last file's record: its rows, and the rows of the
		// batches not yet full, wait for takeRows.
		tk.rows.FlushAll()
		tk.buf, tk.unzip = nil, nil
		leftover[h] = tk
	}
	s := partialJSON(p)
	runtime.GC() // the next task starts from a small heap
	return s
}

// stateKey starts a partial's state, its last field as partialJSON writes
// it. A partial's other fields hold numbers, names and reject text, and a
// quote inside a JSON string is escaped: the first match of stateKey is the
// state's.
const stateKey = `,"state":`

// partialJSON encodes a partial with its state last and spliced in as it
// is: given the state, the encoder checks and copies its bytes (megabytes
// for engagement's events: a tenth of a range's time in wasm), though the
// counter's Snapshot has just written them as JSON. With the state last,
// the worker and mergeAdd read the other fields without going through it
// (see splitPartial).
func partialJSON(p *engine.Partial) string {
	counts := *p
	counts.State = nil
	b, err := json.Marshal(counts)
	if err != nil {
		return errorJSON(err)
	}
	if len(p.State) == 0 {
		return string(b)
	}
	// Take the state's null out (it is the first match: see stateKey) and
	// put the state at the end.
	null := []byte(`"state":null,`)
	at := bytes.Index(b, null)
	if at < 0 || b[len(b)-1] != '}' {
		return errorJSON(errors.New("partial: no state field to fill"))
	}
	var out strings.Builder
	out.Grow(len(b) + len(p.State))
	out.Write(b[:at])
	out.Write(b[at+len(null) : len(b)-1])
	out.WriteString(stateKey)
	out.Write(p.State)
	out.WriteByte('}')
	return out.String()
}

// splitPartial reads a partial written by partialJSON: its fields but the
// state, decoded, and the state as it is, so that the state's megabytes are
// read once (by the recipe's merge) rather than twice. A partial whose state
// is not last (from an earlier build, kept in a checkpoint) is decoded whole.
func splitPartial(text []byte) (*engine.Partial, error) {
	var p engine.Partial
	at := bytes.Index(text, []byte(stateKey))
	// The state is last when the fields before it include rejects (always
	// written, before the state in the struct).
	if at > 0 && bytes.Contains(text[:at], []byte(`"rejects":`)) && text[len(text)-1] == '}' {
		head := append(text[:at:at], '}')
		if err := json.Unmarshal(head, &p); err != nil {
			return nil, err
		}
		p.State = text[at+len(stateKey) : len(text)-1]
		return &p, nil
	}
	if err := json.Unmarshal(text, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// mergeBegin(request: JSON of MergeRequest without partials): JSON {"handle"}.
// Partials then come one at a time through mergeAdd, so the engine holds one
// decoded partial at a time: its memory never shrinks, so the peak matters.
func mergeBegin(this js.Value, args []js.Value) (out any) {
	defer guard(&out)
	var req engine.MergeRequest
	if err := json.Unmarshal([]byte(args[0].String()), &req); err != nil {
		return errorJSON(fmt.Errorf("bad merge request: %v", err))
	}
	m, err := engine.NewMerger(req)
	if err != nil {
		return errorJSON(err)
	}
	h := next
	next++
	mergers[h] = m
	return toJSON(map[string]int{"handle": h})
}

// mergeAdd(handle, partial: JSON of Partial): "{}" or an error.
func mergeAdd(this js.Value, args []js.Value) (out any) {
	defer guard(&out)
	m := mergers[args[0].Int()]
	if m == nil {
		return errorJSON(fmt.Errorf("no merge %d", args[0].Int()))
	}
	p, err := splitPartial([]byte(args[1].String()))
	if err != nil {
		return errorJSON(fmt.Errorf("bad partial: %v", err))
	}
	if err := m.Add(p); err != nil {
		return errorJSON(err)
	}
	return "{}"
}

// mergeEnd(handle, request?: JSON of MergeRequest without partials): JSON
// of the result document. The request, when given, brings the run's inputs
// and metrics, known only at the end when the merge began while ranges were
// still being read.
func mergeEnd(this js.Value, args []js.Value) (out any) {
	defer guard(&out)
	h := args[0].Int()
	m := mergers[h]
	if m == nil {
		return errorJSON(fmt.Errorf("no merge %d", h))
	}
	delete(mergers, h)
	if len(args) > 1 && args[1].Type() == js.TypeString {
		var req engine.MergeRequest
		if err := json.Unmarshal([]byte(args[1].String()), &req); err != nil {
			return errorJSON(fmt.Errorf("bad merge request: %v", err))
		}
		if err := m.SetRun(req.Inputs, req.Metrics); err != nil {
			return errorJSON(err)
		}
	}
	if err := m.CheckSpans(); err != nil {
		// A CSV cut inside a quoted line break: the page reads that input
		// again as one range.
		var split *engine.SplitError
		if errors.As(err, &split) {
			return toJSON(map[string]any{"error": err.Error(), "unsplitInput": split.Input})
		}
		return errorJSON(err)
	}
	doc := m.Document()
	if r, ok := doc.Results.(pipeline.Results); ok {
		// The document lists the top of the application table; the page
		// takes the whole table with takeRows(handle).
		tk := &task{}
		r.WriteApplication(tk.newRows())
		tk.rows.FlushAll()
		leftover[h] = tk
	}
	s := toJSON(doc)
	runtime.GC()
	return s
}

// progress(handle): records counted so far by the task.
func progress(this js.Value, args []js.Value) any {
	if tk := tasks[args[0].Int()]; tk != nil {
		return float64(tk.t.Records())
	}
	return 0
}

// sniffFiles(name: string, files: number, ...heads: Uint8Array): JSON of
// Sniff for a folder's small files read whole, one JSON value each (format
// "object"), from the heads of its first files (gzip ones decompressed):
// engine.SniffFolder, as the native command describes a folder.
func sniffFiles(this js.Value, args []js.Value) (out any) {
	defer guard(&out)
	heads := make([][]byte, 0, len(args)-2)
	for _, h := range args[2:] {
		heads = append(heads, bytesOf(h, nil))
	}
	return toJSON(engine.SniffFolder(args[0].String(), args[1].Int(), heads))
}

// nextFile(handle, name): starts the next file of a task over a folder's
// files (format "object"); name (the file's path in the folder) names its
// records in rejects and in bronze's source_file. Feed the file's bytes
// after it. Returns "" or an error message.
func nextFile(this js.Value, args []js.Value) (out any) {
	defer func() {
		if r := recover(); r != nil {
			out = fmt.Sprintf("engine failure: %v", r)
		}
	}()
	tk := tasks[args[0].Int()]
	if tk == nil {
		return "no such task"
	}
	if err := tk.t.NextFile(args[1].String()); err != nil {
		return err.Error()
	}
	return ""
}

// feedFiles(handle, data: Uint8Array, sizes: Uint8Array, names: string):
// many small files of a folder task in one call (one crossing into Go
// instead of two per file): data holds the files one after another, sizes
// their lengths as little-endian uint32s, names their paths joined by NUL.
// A file that starts with the gzip magic is decompressed. Returns "" or an
// error message.
func feedFiles(this js.Value, args []js.Value) (out any) {
	defer func() {
		if r := recover(); r != nil {
			out = fmt.Sprintf("engine failure: %v", r)
		}
	}()
	tk := tasks[args[0].Int()]
	if tk == nil {
		return "no such task"
	}
	tk.buf = bytesOf(args[1], tk.buf)
	sizes := bytesOf(args[2], nil)
	names := strings.Split(args[3].String(), "\x00")
	if len(names) != len(sizes)/4 {
		return fmt.Sprintf("feedFiles: %d names for %d sizes", len(names), len(sizes)/4)
	}
	data := tk.buf
	for i, name := range names {
		n := int(binary.LittleEndian.Uint32(sizes[4*i:]))
		if n > len(data) {
			return "feedFiles: sizes exceed the data"
		}
		file := data[:n]
		data = data[n:]
		if err := tk.t.NextFile(name); err != nil {
			return err.Error()
		}
		if records.IsGzip(file) {
			tk.feedGzip(file)
		} else if n > 0 {
			tk.t.Feed(file)
		}
	}
	return ""
}

// feedGzip feeds a small gzip file's decompressed bytes; a broken stream
// is a reject after the records before the break, as natively.
func (tk *task) feedGzip(file []byte) {
	zr, err := gzip.NewReader(bytes.NewReader(file))
	if err != nil {
		tk.t.Fail(fmt.Sprintf("gzip stream broken (%v): the file could not be read", err))
		return
	}
	if tk.unzip == nil {
		tk.unzip = make([]byte, 256<<10)
	}
	for {
		n, err := fill(zr, tk.unzip)
		if n > 0 && !tk.t.Feed(tk.unzip[:n]) {
			return
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			tk.t.Fail(fmt.Sprintf("gzip stream broken (%v): the rest of the file could not be read", err))
			return
		}
	}
}

// fill reads until buf is full or the reader fails (io.EOF at the end).
func fill(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// fail(handle, reason): the current file could not be read to its end
// (the browser could not read it): a reject; the task goes on.
func fail(this js.Value, args []js.Value) (out any) {
	defer func() {
		if r := recover(); r != nil {
			out = fmt.Sprintf("engine failure: %v", r)
		}
	}()
	if tk := tasks[args[0].Int()]; tk != nil {
		tk.t.Fail(args[1].String())
	}
	return ""
}

// takeRows(handle): the row batches made since the last call, as
// [{table, rows, data: Uint8Array of NDJSON}], or null when there are none.
// A batch is handed on when it fills (table.DefaultLimit bytes): call this
// after each feed so the batches do not pile up. After end (and after
// mergeEnd, which makes the whole application table) it hands over the last
// rows once.
func takeRows(this js.Value, args []js.Value) (out any) {
	defer func() {
		if r := recover(); r != nil {
			out = js.Null()
		}
	}()
	h := args[0].Int()
	tk := tasks[h]
	if tk == nil {
		tk = leftover[h]
		delete(leftover, h)
	}
	if tk == nil || len(tk.ready) == 0 {
		return js.Null()
	}
	list := js.Global().Get("Array").New(len(tk.ready))
	for i, item := range tk.ready {
		list.SetIndex(i, item)
	}
	tk.ready = nil
	return list
}
