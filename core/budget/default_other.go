//go:build !linux && !(js && wasm)

package budget

// Default is the limit of one state when nothing sets it. Physical memory
// is read on Linux only; elsewhere the limit is fixed (set --memory to
// change it).
func Default() int64 { return fallbackLimit }
