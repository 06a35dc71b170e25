// Package peakmem samples a native run's memory so its result document can
// report the peak. (In the browser the page reads each worker's wasm memory
// instead.)
package peakmem

import (
	"runtime"
	"sync"
	"time"
)

// A Watch samples the memory the Go runtime holds from the system, every
// 20 ms, until Stop.
type Watch struct {
	done chan struct{}
	peak chan int64
	once sync.Once
	val  int64
}

// Start begins sampling.
func Start() *Watch {
	w := &Watch{done: make(chan struct{}), peak: make(chan int64, 1)}
	go func() {
		var peak int64
		var ms runtime.MemStats
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, int64(ms.Sys-ms.HeapReleased))
			select {
			case <-w.done:
				w.peak <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return w
}

// Stop ends the sampling and returns the peak in bytes; later calls return
// the same figure.
func (w *Watch) Stop() int64 {
	w.once.Do(func() {
		close(w.done)
		w.val = <-w.peak
	})
	return w.val
}
