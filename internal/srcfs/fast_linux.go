package srcfs

import (
	"os"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// noOpenat2 is set once the system refuses openat2 (a kernel before 5.6,
// or a sandbox that filters the call): readFast then gives up at once.
var noOpenat2 atomic.Bool

// openFolder opens the tree's folder itself, through root, for readFast,
// and returns it with its descriptor.
func openFolder(root *os.Root) (*os.File, int) {
	d, err := root.Open(".")
	if err != nil {
		return nil, -1
	}
	return d, int(d.Fd())
}

// resolve is how readFast has the kernel look a name up: never through a
// symbolic link, at any step, nor out of the tree.
const resolve = unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS

// readFast reads the regular file name, a valid name, of a tree on disk in
// a few system calls, where check and Open make one or more for each step
// of the name: the kernel itself refuses a symbolic link anywhere on the
// way, as check does. The file's type is looked at before it is opened for
// reading, through a descriptor that opens nothing (O_PATH), and again
// once it is. It reports false on anything else than a regular file of at
// most the limit read whole, and ReadFile then takes the long way, which
// says why.
func (f *FS) readFast(name string) ([]byte, bool) {
	if f.folder == nil || noOpenat2.Load() {
		return nil, false
	}
	dirfd := f.folderFD
	how := unix.OpenHow{Flags: unix.O_PATH | unix.O_NOFOLLOW | unix.O_CLOEXEC, Resolve: resolve}
	pfd, err := openat2(dirfd, name, &how)
	if err != nil {
		if err == unix.ENOSYS || err == unix.EPERM {
			noOpenat2.Store(true)
		}
		return nil, false
	}
	var before unix.Stat_t
	err = unix.Fstat(pfd, &before)
	unix.Close(pfd)
	if err != nil || before.Mode&unix.S_IFMT != unix.S_IFREG || before.Size > f.limit() {
		return nil, false
	}
	how.Flags = unix.O_RDONLY | unix.O_NOFOLLOW | unix.O_NONBLOCK | unix.O_NOCTTY | unix.O_CLOEXEC
	fd, err := openat2(dirfd, name, &how)
	if err != nil {
		return nil, false
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || st.Dev != before.Dev || st.Ino != before.Ino || st.Size > f.limit() {
		return nil, false
	}
	data := make([]byte, 0, st.Size+1)
	for {
		n, err := unix.Read(fd, data[len(data):cap(data)])
		if err == unix.EINTR {
			continue
		}
		if err != nil || n < 0 {
			return nil, false
		}
		if n == 0 {
			return data, true
		}
		data = data[:len(data)+n]
		if int64(len(data)) > f.limit() {
			return nil, false
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// openat2 is unix.Openat2, made again when a signal interrupts it.
func openat2(dirfd int, name string, how *unix.OpenHow) (int, error) {
	for {
		fd, err := unix.Openat2(dirfd, name, how)
		if err != unix.EINTR {
			return fd, err
		}
	}
}
