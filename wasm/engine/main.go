//go:build js && wasm

// Command engine is the Go side of a Dropsight Web Worker. It installs
// globalThis.dropsightEngine (see web/src/protocol.ts) and then waits: the
// worker hands it bytes, it hands back partial states and merged documents
// as JSON strings. All analytics live in core/; this file only moves bytes
// and strings across the JS boundary.
package main

import (
	"errors"
	"fmt"
	"runtime"

	"syscall/js"

	json "github.com/goccy/go-json"

	"dropsight/core/engine"
	"dropsight/core/result"
)

type task struct {
	t   *engine.Task
	buf []byte
}

var (
	tasks   = map[int]*task{}
	mergers = map[int]*engine.Merger{}
	next    = 1
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
	js.Global().Set("dropsightEngine", api)
	select {}
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

// begin(task: JSON of TaskSpec): JSON {"handle", "readFrom"}.
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
	tasks[h] = &task{t: t}
	return toJSON(map[string]int64{"handle": int64(h), "readFrom": t.ReadFrom()})
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
	s := toJSON(p)
	runtime.GC() // the next task starts from a small heap
	return s
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
	var p engine.Partial
	if err := json.Unmarshal([]byte(args[1].String()), &p); err != nil {
		return errorJSON(fmt.Errorf("bad partial: %v", err))
	}
	if err := m.Add(&p); err != nil {
		return errorJSON(err)
	}
	return "{}"
}

// mergeEnd(handle): JSON of the result document.
func mergeEnd(this js.Value, args []js.Value) (out any) {
	defer guard(&out)
	h := args[0].Int()
	m := mergers[h]
	if m == nil {
		return errorJSON(fmt.Errorf("no merge %d", h))
	}
	delete(mergers, h)
	if err := m.CheckSpans(); err != nil {
		// A CSV cut inside a quoted line break: the page reads that input
		// again as one range.
		var split *engine.SplitError
		if errors.As(err, &split) {
			return toJSON(map[string]any{"error": err.Error(), "unsplitInput": split.Input})
		}
		return errorJSON(err)
	}
	s := toJSON(m.Document())
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
