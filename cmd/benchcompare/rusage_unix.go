//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// peakMB returns the peak resident memory of an exited process, in
// megabytes, or 0 where the system does not say.
func peakMB(p *os.ProcessState) float64 {
	ru, ok := p.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return float64(ru.Maxrss) / (1 << 20) // bytes
	}
	return float64(ru.Maxrss) / 1024 // kilobytes
}
