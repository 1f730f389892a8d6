// Package spill keeps a build's bulky values out of memory: each is
// written, as it is made, to an unnamed temporary file and read back when
// it is wanted. A build holds its site in summary this way, and streams
// the rest (see site.Loader.Spill and render.Renderer.Spill).
//
// The rules of a spill file: it is created in the temporary folder on the
// first Put and removed at once, so that nothing is left behind however the
// build ends (where the system cannot remove an open file, it is removed by
// Close); values are appended and never rewritten; a value is read back
// whole or in part by its Ref, from any goroutine. Should the file fail to
// be created or written, values are kept in memory instead: a spill is an
// economy, never a reason for a build to fail.
package spill

import (
	"errors"
	"os"
	"sync"
)

// File is a spill file. The zero File is ready to use; a nil *File keeps
// every value in memory. Its methods may be called from several goroutines.
type File struct {
	// Dir is the folder of the file; empty means os.TempDir().
	Dir string

	mu     sync.Mutex
	f      *os.File
	name   string // its name, when it could not be removed at once
	off    int64  // where the next value goes
	broken bool
}

// Ref is where a value is: in the file, or in memory. The zero Ref is an
// empty value.
type Ref struct {
	off, n int64
	mem    []byte // the value, when it is kept in memory
	inFile bool
}

// Len returns the length of the value in bytes.
func (r Ref) Len() int { return int(r.n) }

// InFile reports whether the value is in the file, not kept in memory.
func (r Ref) InFile() bool { return r.inFile }

// Slice returns the Ref of the bytes [start, start+n) of r's value.
func (r Ref) Slice(start, n int) Ref {
	if !r.inFile {
		return Ref{n: int64(n), mem: r.mem[start : start+n]}
	}
	return Ref{off: r.off + int64(start), n: int64(n), inFile: true}
}

// Put writes b to the file and returns where it is; b is not retained.
// When the file cannot be written, the value is kept in memory.
func (f *File) Put(b []byte) Ref {
	if len(b) == 0 {
		return Ref{}
	}
	if f == nil {
		return Ref{n: int64(len(b)), mem: b}
	}
	file, off := f.reserve(int64(len(b)))
	if file != nil {
		if _, err := file.WriteAt(b, off); err == nil {
			return Ref{off: off, n: int64(len(b)), inFile: true}
		}
	}
	return Ref{n: int64(len(b)), mem: b}
}

// reserve makes room for n bytes, creating the file if need be, and
// returns it with where they go; nil when values are to stay in memory.
func (f *File) reserve(n int64) (*os.File, int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.broken {
		return nil, 0
	}
	if f.f == nil {
		file, err := os.CreateTemp(f.Dir, ".dossier-*.spill")
		if err != nil {
			f.broken = true
			return nil, 0
		}
		f.f = file
		if os.Remove(file.Name()) != nil {
			f.name = file.Name() // removed by Close
		}
	}
	off := f.off
	f.off += n
	return f.f, off
}

// ErrClosed is returned by Get after Close.
var ErrClosed = errors.New("spill: the file is closed")

// Get returns the value at r. The bytes are the caller's.
func (f *File) Get(r Ref) ([]byte, error) {
	if !r.inFile {
		return r.mem, nil
	}
	f.mu.Lock()
	file := f.f
	f.mu.Unlock()
	if file == nil {
		return nil, ErrClosed
	}
	b := make([]byte, r.n)
	if _, err := file.ReadAt(b, r.off); err != nil {
		return nil, err
	}
	return b, nil
}

// Close closes and removes the file. The values in it are gone.
func (f *File) Close() error {
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var err error
	if f.f != nil {
		err = f.f.Close()
		if f.name != "" {
			if rerr := os.Remove(f.name); err == nil {
				err = rerr
			}
		}
	}
	f.f, f.name, f.broken = nil, "", true
	return err
}
