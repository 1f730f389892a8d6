//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package output

import "os"

// lockDir is never granted where there are no advisory locks: without
// them, a running build's directory cannot be told from a killed one's,
// so none is removed.
func lockDir(path string) (f *os.File, ok bool) { return nil, false }

// canLock is true where lockDir can be granted.
const canLock = false
