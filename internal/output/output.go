// Package output writes a built site to disk all at once or not at all: the
// files go into a fresh directory beside the destination, which takes the
// destination's place only when the whole build has succeeded. A failed
// build leaves the previous output untouched, and files whose sources were
// deleted do not survive a rebuild.
//
// The new output and the old swap places in one step where the system has
// one (renameat2 with RENAME_EXCHANGE on Linux, renamex_np with RENAME_SWAP
// on macOS), so that a build killed at any instant leaves the destination
// holding either the old output or the new one, whole. Elsewhere, and on
// file systems that refuse the exchange, the old output is moved aside and
// the new one moved in: two renames, between which the destination is
// missing for a moment; a build killed there leaves the old output beside
// the destination, and the next build puts it back before anything else.
//
// A build in progress holds a lock on its directory, so that the next build
// can tell the temporary directories of killed builds, which it removes,
// from those of builds still running beside it, which it leaves alone.
//
// A file whose bytes are those the previous output holds under the same
// name is carried over rather than written: the new directory gets a hard
// link to the old file, which keeps its inode and modification time, so
// that rsync, "aws s3 sync" or a deployment that compares times uploads
// only what changed. The old output is only ever read, never changed, so
// the swap stays whole either way. It is not trusted: a file is carried
// over only if it is a regular file inside the old output, reached
// without following a symbolic link out of it, with no other link to it,
// with the permissions a written file gets, and with the very bytes that
// would have been written (compared in full, not by digest). Where a link
// cannot be made (another file system, one without hard links) the file is
// written.
package output

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// Marker is the file that identifies a directory as dossier's output, so
// that a mistyped -d never replaces a directory of the user's own.
const Marker = ".dossier-output"

// Dir is a build in progress.
type Dir struct {
	dest string
	tmp  string
	lock *os.File // holds the lock on tmp; nil where locks are not supported
	dirs sync.Map // folders already created, to spare a syscall per file

	// prev is the previous output, whose unchanged files are carried
	// over; nil when there is none or linking has failed.
	prev     atomic.Pointer[os.Root]
	prevRoot *os.Root    // the same, to close
	perm     fs.FileMode // the permissions a written file gets
	kept     atomic.Int64

	// Digests, when set, gives Carry the digests of the previous output's
	// files, sparing reading those it can vouch for.
	Digests Digester
	// prevDirs holds the listings of the previous output's folders that
	// Carry looked in, by slash-separated path: *prevDir.
	prevDirs sync.Map
}

// prevDir is the listing of a folder of the previous output, made once:
// what Lstat says of each of its files, by name.
type prevDir struct {
	once  sync.Once
	infos map[string]fs.FileInfo
}

// A Digester gives the SHA-256 digest of a file of the previous output,
// which info describes (as Lstat does), reading it with read only when it
// cannot vouch for its bytes otherwise (buildcache.Digests is one, which
// trusts what it recorded of a file whose size, time and inode are the
// same).
type Digester interface {
	Digest(name string, info fs.FileInfo, read func() ([]byte, error)) ([sha256.Size]byte, error)
}

// Create starts a build whose output is to replace dest. It refuses a dest
// that exists but is neither empty nor a previous build's output. It first
// tidies what killed builds left beside dest: it removes their temporary
// directories and, if one was killed while dest was moved aside, puts the
// old output back in place.
func Create(dest string) (*Dir, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	removeStale(parent, filepath.Base(dest), dest)
	if err := checkReplaceable(dest); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	d := &Dir{dest: dest}
	for attempt := 1; ; attempt++ {
		tmp, err := os.MkdirTemp(parent, tempPrefix(filepath.Base(dest)))
		if err != nil {
			return nil, err
		}
		createStep(tmp)
		// The lock is taken before the marker is written: a directory
		// with a marker and no lock is one whose build is gone. Until it
		// is taken, the directory is empty and unlocked, as a killed
		// build's can be, and another build may remove it: then this one
		// holds the lock of a directory that is gone, and starts again.
		lock, ok := lockDir(tmp)
		if !canLock || ok && sameDir(lock, tmp) {
			d.tmp, d.lock = tmp, lock
			break
		}
		if lock != nil {
			lock.Close()
		}
		os.Remove(tmp)
		if attempt == 3 {
			return nil, fmt.Errorf("cannot make a directory for the output beside %s: other builds keep removing it", dest)
		}
	}
	if err := os.Chmod(d.tmp, 0o755); err != nil {
		d.Abort()
		return nil, err
	}
	if err := d.Write(Marker, []byte("This directory is written by dossier build and replaced whole by the next build.\n")); err != nil {
		d.Abort()
		return nil, err
	}
	d.openPrevious()
	return d, nil
}

// openPrevious opens the previous output, if there is one, for Write to
// carry its unchanged files over.
func (d *Dir) openPrevious() {
	if !canCarry {
		return
	}
	info, err := os.Lstat(filepath.Join(d.tmp, Marker))
	if err != nil {
		return
	}
	d.perm = info.Mode().Perm()
	if _, err := os.Lstat(filepath.Join(d.dest, Marker)); err != nil {
		return // no previous output, or an empty folder
	}
	root, err := os.OpenRoot(d.dest)
	if err != nil {
		return
	}
	d.prevRoot = root
	d.prev.Store(root)
}

// Kept returns how many files were carried over from the previous output
// so far, rather than written.
func (d *Dir) Kept() int { return int(d.kept.Load()) }

// tempPrefix is how the names of the temporary directories of the builds
// into a destination named base begin.
func tempPrefix(base string) string { return "." + base + ".tmp-" }

// oldSuffix ends the name the old output has while it is moved aside.
const oldSuffix = ".old"

// removeStale removes the temporary directories that builds into dest
// left behind when they were killed: those named like one, holding the
// marker (or empty: killed before writing it), whose lock no running build
// holds. A directory of any other name, or without the marker and not
// empty, is never touched. When dest is missing and an old
// output moved aside is among them, it is put back at dest instead.
func removeStale(parent, base, dest string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	_, err = os.Lstat(dest)
	missing := errors.Is(err, fs.ErrNotExist)
	// Several old outputs are left only by several killed builds, and
	// each is a whole site; ReadDir sorts by name, so the one put back is
	// the same on every run.
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), tempPrefix(base)) {
			continue
		}
		p := filepath.Join(parent, e.Name())
		info, err := os.Lstat(filepath.Join(p, Marker))
		marked := err == nil && info.Mode().IsRegular()
		lock, ok := lockDir(p)
		if !ok {
			continue // its build is running, or locks are not supported here
		}
		if !marked {
			// A build killed before it wrote its marker left the
			// directory empty; Remove removes nothing else.
			os.Remove(p)
			lock.Close()
			continue
		}
		if missing && strings.HasSuffix(e.Name(), oldSuffix) && os.Rename(p, dest) == nil {
			missing = false
		} else {
			os.RemoveAll(p)
		}
		lock.Close()
	}
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
	p, err := d.path(name)
	if err != nil {
		return err
	}
	if d.carry(name, p, int64(len(data)), func(f *os.File) bool { return sameBytes(f, data) }) {
		d.kept.Add(1)
		return nil
	}
	return writeNew(p, data)
}

// Carry carries the file name over from the previous output, as Write does
// when handed the bytes it holds, if it holds size bytes whose SHA-256
// digest is sum; it reports whether it did. The old file is checked under
// the same rules as Write's, but for its bytes, which are read in full to
// be digested unless Digests vouches for them. When Carry returns false,
// nothing was written: the caller writes the file. It is safe for
// concurrent use.
func (d *Dir) Carry(name string, size int64, sum [sha256.Size]byte) bool {
	p, err := d.path(name)
	if err != nil {
		return false
	}
	if d.Digests != nil {
		if d.carryKnown(name, p, size, sum) {
			d.kept.Add(1)
			return true
		}
		return false
	}
	if d.carry(name, p, size, func(f *os.File) bool {
		h := sha256.New()
		bp := readBufs.Get().(*[]byte)
		defer readBufs.Put(bp)
		n, err := io.CopyBuffer(h, io.LimitReader(f, size+1), *bp)
		return err == nil && n == size && bytes.Equal(h.Sum(nil), sum[:])
	}) {
		d.kept.Add(1)
		return true
	}
	return false
}

// Carried is a file for CarryAll: its name in the output, slash-separated
// and relative, its size and the SHA-256 digest of its bytes.
type Carried struct {
	Name string
	Size int64
	Sum  [sha256.Size]byte
}

// CarryAll carries the files over from the previous output, as Carry does
// each, in order, and reports whether it carried them all; it stops at the
// first it cannot carry, and the caller writes the rest (a file carried
// and then written is replaced). With Digests set, it works through
// descriptors of the folders, where the system has them, rather than from
// the paths of the files. It is safe for concurrent use.
func (d *Dir) CarryAll(files []Carried) bool {
	root := d.prev.Load()
	if root == nil {
		return false
	}
	if d.Digests == nil {
		for _, f := range files {
			if !d.Carry(f.Name, f.Size, f.Sum) {
				return false
			}
		}
		return true
	}
	return d.carryAt(root, files)
}

// path returns where the file name goes in the new output, its folder
// made, or an error if name is not a relative path inside it.
func (d *Dir) path(name string) (string, error) {
	if !filepath.IsLocal(filepath.FromSlash(name)) || strings.Contains(name, "\\") {
		return "", fmt.Errorf("refusing to write outside the output directory: %q", name)
	}
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	if _, done := d.dirs.Load(dir); !done {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", err
		}
		d.dirs.Store(dir, true)
	}
	return p, nil
}

// writeNew writes data to a new file at p. A file already there is
// replaced, not written over: it may be a link to a file of the previous
// output, which must stay as it is until the swap.
func writeNew(p string, data []byte) error {
	err := createNew(p, data)
	if errors.Is(err, fs.ErrExist) {
		if err = os.Remove(p); err == nil {
			err = createNew(p, data)
		}
	}
	return err
}

// carry links the file name of the previous output to p if it is a file
// of size bytes for which same, reading it from its start, returns true,
// and reports whether it did. Any doubt makes it return false, and the
// file is written instead.
func (d *Dir) carry(name, p string, size int64, same func(*os.File) bool) bool {
	root := d.prev.Load()
	if root == nil {
		return false
	}
	// The root keeps every step of the path inside the old output, and
	// O_NOFOLLOW refuses a link as the last.
	f, err := root.OpenFile(filepath.FromSlash(name), os.O_RDONLY|noFollow, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != d.perm ||
		info.Size() != size || links(info) != 1 {
		return false
	}
	if !same(f) {
		return false
	}
	return d.link(name, p, info)
}

// carryKnown links the file name of the previous output to p if it is a
// file of size bytes whose digest, as d.Digests gives it, is sum, and
// reports whether it did.
func (d *Dir) carryKnown(name, p string, size int64, sum [sha256.Size]byte) bool {
	root := d.prev.Load()
	if root == nil {
		return false
	}
	// The folder is listed once, with what Lstat says of each file,
	// rather than each file looked up through the root on its own.
	old := filepath.FromSlash(name)
	dir, base := path.Split(name)
	v, _ := d.prevDirs.LoadOrStore(dir, &prevDir{})
	pd := v.(*prevDir)
	pd.once.Do(func() {
		f, err := root.Open(filepath.FromSlash(path.Clean("./" + dir)))
		if err != nil {
			return
		}
		defer f.Close()
		entries, _ := f.ReadDir(-1)
		pd.infos = make(map[string]fs.FileInfo, len(entries))
		for _, e := range entries {
			if info, err := e.Info(); err == nil {
				pd.infos[e.Name()] = info
			}
		}
	})
	info, ok := pd.infos[base]
	if !ok || !info.Mode().IsRegular() || info.Mode().Perm() != d.perm ||
		info.Size() != size || links(info) != 1 {
		return false
	}
	got, err := d.Digests.Digest(name, info, func() ([]byte, error) {
		f, err := root.OpenFile(old, os.O_RDONLY|noFollow, 0)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(io.LimitReader(f, size+1))
	})
	if err != nil || got != sum {
		return false
	}
	return d.link(name, p, info)
}

// link links the file name of the previous output, which info describes,
// to p, and reports whether it did: the name is looked up again to be
// linked, and what it names now must be the file info describes, or the
// link is undone.
func (d *Dir) link(name, p string, info fs.FileInfo) bool {
	if err := os.Link(filepath.Join(d.dest, filepath.FromSlash(name)), p); err != nil {
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrExist) {
			// Another file system, or one without hard links: every
			// other link would fail alike.
			d.prev.Store(nil)
		}
		return false
	}
	if got, err := os.Lstat(p); err != nil || !os.SameFile(got, info) {
		os.Remove(p)
		return false
	}
	return true
}

// sameBytes reports whether f, of len(data) bytes, holds data: no more,
// no less.
func sameBytes(f *os.File, data []byte) bool {
	bp := readBufs.Get().(*[]byte)
	defer readBufs.Put(bp)
	buf := *bp
	for off := 0; ; {
		// One byte more than is left, to see the file end where data
		// does: a short read of a regular file is its end.
		want := min(len(buf), len(data)-off+1)
		n, err := f.Read(buf[:want])
		if off+n > len(data) || !bytes.Equal(buf[:n], data[off:off+n]) {
			return false
		}
		off += n
		if n < want || err != nil {
			return off == len(data)
		}
	}
}

// readBufs are the buffers sameBytes reads into.
var readBufs = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// errNoExchange is what exchange returns where the system, or the file
// system, cannot swap two directories in one step.
var errNoExchange = errors.New("atomic exchange not supported")

// exchange swaps the directories at a and b in one step, or returns
// errNoExchange. A variable, so that tests can take the fallback.
var exchange = exchangeDirs

// sameDir reports whether f is the directory at path.
func sameDir(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Lstat(path)
	return err == nil && os.SameFile(a, b)
}

// createStep is called when Create has made its directory and not yet
// locked it; tests run another build's cleaning there.
var createStep = func(tmp string) {}

// commitStep is called between the steps of Commit; tests stop there, as
// a kill would.
var commitStep = func() {}

// Commit puts the finished output in place of the destination, so that at
// no moment is a half-written site in place, and removes the old output.
func (d *Dir) Commit() error {
	defer d.unlock()
	d.closePrevious()
	if _, err := os.Lstat(d.dest); errors.Is(err, fs.ErrNotExist) {
		err := os.Rename(d.tmp, d.dest)
		if err == nil {
			return nil
		}
		// Another build may have put its output there meanwhile; if not,
		// the rename's error is the one to report.
		if _, statErr := os.Lstat(d.dest); statErr != nil {
			d.Abort()
			return err
		}
	}
	// What is at dest now is what the swap will delete: it must still be
	// a build's output, or empty, as Create found it.
	if err := checkReplaceable(d.dest); err != nil {
		d.Abort()
		return err
	}
	// Locking the old output keeps other builds from taking it for a
	// killed build's leftovers once it has a temporary name.
	if old, ok := lockDir(d.dest); ok {
		defer old.Close()
	}
	err := exchange(d.tmp, d.dest)
	if err == nil {
		commitStep()
		return os.RemoveAll(d.tmp) // the old output, now
	}
	if !errors.Is(err, errNoExchange) {
		d.Abort()
		return err
	}
	old := d.tmp + oldSuffix
	if err := os.Rename(d.dest, old); err != nil {
		d.Abort()
		return err
	}
	commitStep()
	if err := os.Rename(d.tmp, d.dest); err != nil {
		os.Rename(old, d.dest)
		d.Abort()
		return err
	}
	return os.RemoveAll(old)
}

// Abort discards the output.
func (d *Dir) Abort() {
	d.closePrevious()
	os.RemoveAll(d.tmp)
	d.unlock()
}

func (d *Dir) unlock() {
	if d.lock != nil {
		d.lock.Close()
		d.lock = nil
	}
}

// closePrevious stops carrying files over.
func (d *Dir) closePrevious() {
	d.prev.Store(nil)
	if d.prevRoot != nil {
		d.prevRoot.Close()
		d.prevRoot = nil
	}
}
