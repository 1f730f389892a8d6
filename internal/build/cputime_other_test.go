//go:build !unix

package build

import "time"

// cpuTime is the CPU time the process has used, where it is known: not
// here.
func cpuTime() time.Duration { return 0 }
