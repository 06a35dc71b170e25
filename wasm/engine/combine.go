//go:build js && wasm

package main

// Consolidation in the page (core/combine): the plan from the heads the
// page read, then one output at a time through a Writer, and a Verifier
// over what was written. Installed as globalThis.dropsightCombine (see
// web/src/combine/protocol.ts) before main runs, so it needs nothing of
// main's set-up.

import (
	"bytes"
	"fmt"
	"runtime"

	"syscall/js"

	json "github.com/goccy/go-json"

	"dropsight/core/combine"
)

type combineJob struct {
	t   *combine.Target
	w   *combine.Writer
	out bytes.Buffer
	buf []byte
}

var (
	combineJobs = map[int]*combineJob{}
	verifiers   = map[int]*combine.Verifier{}
)

func init() {
	api := js.Global().Get("Object").New()
	api.Set("combinePlan", js.FuncOf(combinePlan))
	api.Set("combineBegin", js.FuncOf(combineBegin))
	api.Set("combineFile", js.FuncOf(combineFile))
	api.Set("combineFeed", js.FuncOf(combineFeed))
	api.Set("combineFail", js.FuncOf(combineFail))
	api.Set("combineEndFile", js.FuncOf(combineEndFile))
	api.Set("combineClose", js.FuncOf(combineClose))
	api.Set("verifyBegin", js.FuncOf(verifyBegin))
	api.Set("verifyFeed", js.FuncOf(verifyFeed))
	api.Set("verifyCheck", js.FuncOf(verifyCheck))
	js.Global().Set("dropsightCombine", api)
}

// combinePlan(request: JSON {"root", "heads": [{"path", "bytes", "gzip",
// "data" (base64 of the first 64 KiB, decompressed), "atEOF"}], "skipped",
// "params"}): JSON of combine.Plan.
func combinePlan(this js.Value, args []js.Value) (out any) {
	defer guard(&out)
	var req struct {
		Root  string `json:"root"`
		Heads []struct {
			Path  string `json:"path"`
			Bytes int64  `json:"bytes"`
			Gzip  bool   `json:"gzip"`
			Data  []byte `json:"data"`
			AtEOF bool   `json:"atEOF"`
		} `json:"heads"`
		Skipped []combine.Skipped `json:"skipped"`
		Params  combine.Params    `json:"params"`
	}
	if err := json.Unmarshal([]byte(args[0].String()), &req); err != nil {
		return errorJSON(fmt.Errorf("bad plan request: %v", err))
	}
	heads := make([]combine.Head, len(req.Heads))
	for i, h := range req.Heads {
		heads[i] = combine.Head{Path: h.Path, Bytes: h.Bytes, Gzip: h.Gzip, Data: h.Data, AtEOF: h.AtEOF}
	}
	p, err := combine.NewPlan(req.Root, heads, req.Skipped, req.Params)
	if err != nil {
		return errorJSON(err)
	}
	return toJSON(p)
}

// combineBegin(target: JSON of combine.Target, params: JSON of
// combine.Params): JSON {"handle"}.
func combineBegin(this js.Value, args []js.Value) (out any) {
	defer guard(&out)
	var t combine.Target
	if err := json.Unmarshal([]byte(args[0].String()), &t); err != nil {
		return errorJSON(fmt.Errorf("bad target: %v", err))
	}
	var p combine.Params
	if s := args[1].String(); s != "" {
		if err := json.Unmarshal([]byte(s), &p); err != nil {
			return errorJSON(fmt.Errorf("bad parameters: %v", err))
		}
	}
	j := &combineJob{t: &t}
	w, err := combine.NewWriter(j.t, p, &j.out)
	if err != nil {
		return errorJSON(err)
	}
	j.w = w
	h := next
	next++
	combineJobs[h] = j
	return toJSON(map[string]int{"handle": h})
}

// take hands the NDJSON written so far to JS, or null.
func (j *combineJob) take() js.Value {
	if j.out.Len() == 0 {
		return js.Null()
	}
	u8 := js.Global().Get("Uint8Array").New(j.out.Len())
	js.CopyBytesToJS(u8, j.out.Bytes())
	j.out.Reset()
	return u8
}

func combineJobOf(args []js.Value) (*combineJob, error) {
	j := combineJobs[args[0].Int()]
	if j == nil {
		return nil, fmt.Errorf("no combine job %d", args[0].Int())
	}
	return j, nil
}

// combineFile(handle, i): starts file i of the target: "" or an error.
func combineFile(this js.Value, args []js.Value) (out any) {
	defer guardText(&out)
	j, err := combineJobOf(args)
	if err != nil {
		return err.Error()
	}
	if err := j.w.Begin(args[1].Int()); err != nil {
		return err.Error()
	}
	return ""
}

// combineFeed(handle, chunk: Uint8Array): the NDJSON output the bytes
// made (Uint8Array) or null; throws nothing: a write error shows at End.
func combineFeed(this js.Value, args []js.Value) (out any) {
	defer func() {
		if r := recover(); r != nil {
			out = js.Null()
		}
	}()
	j, err := combineJobOf(args)
	if err != nil {
		return js.Null()
	}
	j.buf = bytesOf(args[1], j.buf)
	j.w.Feed(j.buf)
	return j.take()
}

// combineFail(handle, reason): the current file's stream broke.
func combineFail(this js.Value, args []js.Value) (out any) {
	defer guardText(&out)
	j, err := combineJobOf(args)
	if err != nil {
		return err.Error()
	}
	j.w.Fail(args[1].String())
	return ""
}

// combineEndFile(handle): ends the current file; the output it made
// (Uint8Array) or null. An error throws.
func combineEndFile(this js.Value, args []js.Value) (out any) {
	defer guardText(&out)
	j, err := combineJobOf(args)
	if err != nil {
		return err.Error()
	}
	if err := j.w.End(); err != nil {
		return err.Error()
	}
	return j.take()
}

// combineClose(handle): {json: JSON {"target", "rejects", "rejectedTotal"},
// tail: the last NDJSON bytes (Uint8Array) or null}, or an error.
func combineClose(this js.Value, args []js.Value) (out any) {
	defer guard(&out)
	j, err := combineJobOf(args)
	if err != nil {
		return errorJSON(err)
	}
	delete(combineJobs, args[0].Int())
	if err := j.w.Close(); err != nil {
		return errorJSON(err)
	}
	res := map[string]any{"target": j.t, "rejects": j.w.Rejects(), "rejectedTotal": j.w.RejectedTotal()}
	tail := j.take()
	s := toJSON(res)
	runtime.GC()
	obj := js.Global().Get("Object").New()
	obj.Set("json", s)
	obj.Set("tail", tail)
	return obj
}

// verifyBegin(): JSON {"handle"}; verifyFeed(handle, chunk) the output's
// NDJSON; verifyCheck(handle, rows): JSON of combine.Verification.
func verifyBegin(this js.Value, args []js.Value) (out any) {
	defer guard(&out)
	h := next
	next++
	verifiers[h] = &combine.Verifier{}
	return toJSON(map[string]int{"handle": h})
}

func verifyFeed(this js.Value, args []js.Value) (out any) {
	defer guardText(&out)
	v := verifiers[args[0].Int()]
	if v == nil {
		return "no such verification"
	}
	v.Feed(bytesOf(args[1], nil))
	return ""
}

func verifyCheck(this js.Value, args []js.Value) (out any) {
	defer guard(&out)
	h := args[0].Int()
	v := verifiers[h]
	if v == nil {
		return errorJSON(fmt.Errorf("no verification %d", h))
	}
	delete(verifiers, h)
	return toJSON(v.Check(int64(args[1].Float())))
}

func guardText(out *any) {
	if r := recover(); r != nil {
		*out = fmt.Sprintf("engine failure: %v", r)
	}
}
