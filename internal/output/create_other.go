//go:build !unix

package output

import "os"

// createNew writes data to a new file at p, failing with an error that is
// fs.ErrExist when p exists.
func createNew(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
