//go:build js && wasm

package main

// A browser has no zoneinfo files for time.LoadLocation to read: without the
// embedded database (about 450 KB) every zone but UTC is unknown to the
// engine, and a run in the page's time zone picker fails.
import _ "time/tzdata"
