//go:build unix

package output

import (
	"io/fs"
	"syscall"
)

// canCarry is true where Write can carry files over from the previous
// output: where it can tell how many links a file has.
const canCarry = true

// noFollow makes opening a symbolic link fail.
const noFollow = syscall.O_NOFOLLOW

// links returns the number of hard links to the file info describes.
func links(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 0
}
