//go:build !unix

package main

import "os"

// peakMB returns 0: this system does not report a process's peak
// resident memory through os.ProcessState.
func peakMB(*os.ProcessState) float64 { return 0 }
