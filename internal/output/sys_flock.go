//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package output

import (
	"os"

	"golang.org/x/sys/unix"
)

// lockDir takes the exclusive lock of the directory at path without
// waiting for it. The lock lasts until f is closed or the process ends,
// however it ends; ok is false when another process holds it.
// canLock is true where lockDir can be granted.
const canLock = true

func lockDir(path string) (f *os.File, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return nil, false
	}
	return f, true
}
