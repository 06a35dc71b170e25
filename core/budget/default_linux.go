//go:build linux

package budget

import (
	"sync"
	"syscall"
)

// Default is the limit of one state when nothing sets it: a quarter of
// the machine's physical memory, since the merge holds its state and the
// encoded partial states it was built from, and several ranges' states
// are alive at once.
func Default() int64 { return physicalQuarter() }

var physicalQuarter = sync.OnceValue(func() int64 {
	var info syscall.Sysinfo_t
	if err := syscall.Sysinfo(&info); err != nil || info.Totalram == 0 {
		return fallbackLimit
	}
	return int64(uint64(info.Totalram)*uint64(info.Unit)) / 4
})
