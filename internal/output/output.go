// Package output writes a built site to disk all at once or not at all: the
// files go into a fresh directory beside the destination, which replaces the
// destination only when the whole build has succeeded. A failed build
// leaves the previous output untouched, and files whose sources were deleted
// do not survive a rebuild.
package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Marker is the file that identifies a directory as dossier's output, so
// that a mistyped -d never replaces a directory of the user's own.
const Marker = ".dossier-output"

// Dir is a build in progress.
type Dir struct {
	dest string
	tmp  string
	dirs sync.Map // folders already created, to spare a syscall per file
}

// Create starts a build whose output is to replace dest. It refuses a dest
// that exists but is neither empty nor a previous build's output.
func Create(dest string) (*Dir, error) {
	dest = filepath.Clean(dest)
	if err := checkReplaceable(dest); err != nil {
		return nil, err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	d := &Dir{dest: dest, tmp: tmp}
	if err := d.Write(Marker, []byte("This directory is written by dossier build and replaced whole by the next build.\n")); err != nil {
		d.Abort()
		return nil, err
	}
	return d, nil
}

func checkReplaceable(dest string) error {
	info, err := os.Stat(dest)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s exists and is not a directory", dest)
	}
	if _, err := os.Stat(filepath.Join(dest, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("refusing to replace %s: it is not empty and was not written by dossier build (no %s file in it); choose another -d or remove it", dest, Marker)
	}
	return nil
}

// Write writes one file; name is slash-separated and relative. It is safe
// for concurrent use.
func (d *Dir) Write(name string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) || strings.Contains(name, "\\") {
		return fmt.Errorf("refusing to write outside the output directory: %q", name)
	}
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	if _, done := d.dirs.Load(dir); !done {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		d.dirs.Store(dir, true)
	}
	return os.WriteFile(p, data, 0o644)
}

// Commit puts the finished output in place of the destination. Any old
// output is moved aside first and removed after, so that at no moment is a
// half-written site in place.
func (d *Dir) Commit() error {
	old := ""
	if _, err := os.Stat(d.dest); err == nil {
		old = d.tmp + ".old"
		if err := os.Rename(d.dest, old); err != nil {
			d.Abort()
			return err
		}
	}
	if err := os.Rename(d.tmp, d.dest); err != nil {
		if old != "" {
			os.Rename(old, d.dest)
		}
		d.Abort()
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort discards the output.
func (d *Dir) Abort() {
	os.RemoveAll(d.tmp)
}
