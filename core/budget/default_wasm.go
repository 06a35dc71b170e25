//go:build js && wasm

package budget

// Default is the limit of one state: in a browser worker, WasmLimit
// (each worker is its own wasm program with its own memory).
func Default() int64 { return WasmLimit }
