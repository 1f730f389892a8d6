//go:build unix

package output

import (
	"io"
	"io/fs"
	"syscall"
)

// createNew writes data to a new file at p, failing with an error that is
// fs.ErrExist when p exists. It makes the system calls itself: os.OpenFile
// would also register the file with the runtime's poller, which a regular
// file does not use, at three or four more calls for each of the many files
// of a build.
func createNew(p string, data []byte) error {
	fd, err := retry(func() (int, error) {
		return syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: p, Err: err}
	}
	for len(data) > 0 && err == nil {
		var n int
		if n, err = retry(func() (int, error) { return syscall.Write(fd, data) }); err == nil && n == 0 {
			err = io.ErrShortWrite
		}
		data = data[n:]
	}
	if cerr := syscall.Close(fd); err == nil && cerr != nil {
		return &fs.PathError{Op: "close", Path: p, Err: cerr}
	}
	if err != nil {
		return &fs.PathError{Op: "write", Path: p, Err: err}
	}
	return nil
}

// retry calls f again for as long as a signal interrupts it.
func retry(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != syscall.EINTR {
			return max(n, 0), err
		}
	}
}
