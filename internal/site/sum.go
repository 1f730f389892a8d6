package site

import (
	"crypto/sha256"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

// recorder is a source tree that notes what is read through it: each
// file's path and the SHA-256 digest of its bytes, and each folder's
// entries. A dossier loaded through one gets the digest of all of it
// (Dossier.Sum).
type recorder struct {
	fsys fs.FS
	mu   sync.Mutex
	read map[string][sha256.Size]byte
}

func newRecorder(fsys fs.FS) *recorder {
	return &recorder{fsys: fsys, read: map[string][sha256.Size]byte{}}
}

func (r *recorder) note(name string, data []byte) {
	sum := sha256.Sum256(data)
	r.mu.Lock()
	r.read[name] = sum
	r.mu.Unlock()
}

// Open opens a file through the tree; what is read this way is not
// recorded, and a Loader reads every file whole (ReadFile).
func (r *recorder) Open(name string) (fs.File, error) { return r.fsys.Open(name) }

// ReadFile reads and records a file.
func (r *recorder) ReadFile(name string) ([]byte, error) {
	data, err := fs.ReadFile(r.fsys, name)
	if err == nil {
		r.note(name, data)
	}
	return data, err
}

// ReadDir lists and records a folder.
func (r *recorder) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(r.fsys, name)
	if err == nil {
		var b strings.Builder
		for _, e := range entries {
			b.WriteString(e.Name())
			b.WriteByte(0)
			b.WriteString(e.Type().String())
			b.WriteByte(0)
		}
		r.note(name+"/", []byte(b.String()))
	}
	return entries, err
}

// Stat describes a file.
func (r *recorder) Stat(name string) (fs.FileInfo, error) { return fs.Stat(r.fsys, name) }

// sum is the digest of everything read: the same files with the same bytes
// give the same sum.
func (r *recorder) sum() [sha256.Size]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := sha256.New()
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range r.read {
			if !yield(k) {
				return
			}
		}
	}) {
		sum := r.read[name]
		h.Write([]byte(name))
		h.Write([]byte{0})
		h.Write(sum[:])
	}
	var s [sha256.Size]byte
	h.Sum(s[:0])
	return s
}
