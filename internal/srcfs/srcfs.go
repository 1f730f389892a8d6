// Package srcfs reads a site's source tree without letting the tree reach
// anything outside itself. The tree arrives from strangers through pull
// requests and is built on machines that hold tokens, so a file in it must
// not stand for a file elsewhere on the machine.
//
// The rules, which [FS] applies to every name it is given:
//
//   - A symbolic link is never followed, wherever it points: reading one,
//     or a name that leads through one, is refused with [ErrSymlink]
//     (and [ErrOutside] too when its target is absolute or climbs above
//     the tree). Links inside the tree are refused as well: when the
//     source tree is a repository's root, .git/config, which holds the
//     checkout's token on CI, and the credential files some CI steps
//     write beside the sources are inside the tree. Jekyll's safe mode
//     and Hugo do not follow links either. Listings show a link as a link.
//   - Only regular files are read. A named pipe, a device, a socket or a
//     folder opened as a file is refused with [ErrNotRegular], before it
//     is opened: opening a named pipe would wait for a writer forever, and
//     a device such as /dev/zero never ends.
//   - ReadFile refuses a file larger than the FS's MaxFileSize (by default
//     [MaxFileSize]) with [ErrTooLarge], checking both the size the file
//     claims and the bytes it yields; so does Read on an opened file.
//   - Names are those of io/fs (slash-separated, no "." or ".." elements,
//     not rooted); a name with a backslash is refused too, since Windows
//     reads it as a separator.
//
// Errors are *fs.PathError values whose Err is a *RefusedError for what
// the rules refuse, so that errors.Is finds fs.ErrNotExist,
// fs.ErrPermission or the sentinels of this package; [Reason] phrases any of
// them for a diagnostic that carries the path separately. [Check] walks
// folders of a tree and reports everything in them that the rules refuse.
//
// A hard link cannot be told from the file it shares, so a hard link to a
// file outside the tree is read; git does not record hard links, so a tree
// checked out from a repository has none.
package srcfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// MaxFileSize is the default limit on the size of one file read with
// ReadFile: 64 MiB, far above any seed or note, which have their own,
// lower limits where they are parsed. It keeps a file that never ends
// from exhausting memory.
const MaxFileSize = 64 << 20

// The reasons for which FS refuses a file, found with errors.Is.
var (
	// ErrSymlink is a symbolic link, or a name that leads through one.
	ErrSymlink = errors.New("symbolic link")
	// ErrOutside is a symbolic link whose target is outside the tree; its
	// errors are ErrSymlink too.
	ErrOutside = errors.New("outside the source tree")
	// ErrNotRegular is a named pipe, a device, a socket or another special
	// file, or a folder where a file is read.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge is a file larger than the limit.
	ErrTooLarge = errors.New("file too large")
)

// A RefusedError says why a file of the tree is refused. It is the Err of
// the *fs.PathError that names the file.
type RefusedError struct {
	// Err is ErrSymlink, ErrNotRegular or ErrTooLarge.
	Err error
	// Link is the path in the tree of the symbolic link, which is the
	// file's own path or that of a folder above it, and Target what the
	// link points to (ErrSymlink).
	Link, Target string
	// Mode is the type of the file (ErrNotRegular).
	Mode fs.FileMode
	// Limit is the limit in bytes that the file exceeds (ErrTooLarge).
	Limit int64

	self bool // the link is the file asked for, not a folder above it
}

func (e *RefusedError) Error() string { return e.describe(false) }

// describe phrases e; self says that the file is the link itself, whose
// path the reader already has.
func (e *RefusedError) describe(self bool) string {
	switch e.Err {
	case ErrSymlink:
		what := "the symbolic link " + e.Link
		if self {
			what = "a symbolic link"
		}
		if e.outside() {
			return fmt.Sprintf("%s pointing outside the source tree (to %q): refused", what, e.Target)
		}
		return fmt.Sprintf("%s (to %q): refused; links are not followed, even inside the source tree: put the file itself here", what, e.Target)
	case ErrNotRegular:
		return fmt.Sprintf("not a regular file (%s): refused", kind(e.Mode))
	case ErrTooLarge:
		return fmt.Sprintf("larger than %s: refused", size(e.Limit))
	}
	return e.Err.Error()
}

// outside reports whether the link's target is absolute or climbs above
// the tree's root, as far as its text says: a link inside the tree may lead
// to another that leaves it.
func (e *RefusedError) outside() bool {
	if e.Err != ErrSymlink {
		return false
	}
	t := e.Target
	if filepath.IsAbs(t) || filepath.VolumeName(t) != "" || strings.HasPrefix(t, "/") || strings.HasPrefix(t, `\`) {
		return true
	}
	depth := strings.Count(e.Link, "/") // of the folder holding the link
	for _, elem := range strings.Split(filepath.ToSlash(t), "/") {
		switch elem {
		case "", ".":
		case "..":
			if depth--; depth < 0 {
				return true
			}
		default:
			depth++
		}
	}
	return false
}

// Unwrap returns Err, and ErrOutside for a link that leaves the tree.
func (e *RefusedError) Unwrap() []error {
	if e.outside() {
		return []error{e.Err, ErrOutside}
	}
	return []error{e.Err}
}

// Reason phrases err, an error of reading a file, for a diagnostic that
// gives the file's path separately: it does not repeat the path.
func Reason(err error) string {
	var re *RefusedError
	var pe *fs.PathError
	switch {
	case errors.As(err, &re):
		return re.describe(re.self)
	case errors.Is(err, fs.ErrNotExist):
		return "does not exist"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, fs.ErrInvalid):
		return "not a valid file name"
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// FS is a source tree read by the rules of the package. It implements
// fs.ReadFileFS, fs.ReadDirFS, fs.StatFS and fs.ReadLinkFS, and is safe
// for concurrent use as long as MaxFileSize is not changed.
type FS struct {
	base fs.ReadLinkFS
	root *os.Root // nil unless the tree is a folder on disk
	// folder is the tree's folder, opened through root, and folderFD its
	// descriptor, for ReadFile's short way (readFast); nil where there is
	// none.
	folder   *os.File
	folderFD int

	// MaxFileSize is the limit on the size of a file; zero means the
	// package's MaxFileSize.
	MaxFileSize int64
}

var (
	_ fs.ReadFileFS = (*FS)(nil)
	_ fs.ReadDirFS  = (*FS)(nil)
	_ fs.StatFS     = (*FS)(nil)
	_ fs.ReadLinkFS = (*FS)(nil)
)

// Open opens the folder dir on disk as a source tree, through an os.Root,
// which on its own refuses any name that would lead outside dir. Close it
// when done.
func Open(dir string) (*FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	f := &FS{base: root.FS().(fs.ReadLinkFS), root: root}
	f.folder, f.folderFD = openFolder(root)
	return f, nil
}

// New returns a source tree read from base, such as an fstest.MapFS whose
// entries of mode fs.ModeSymlink hold links' targets.
func New(base fs.ReadLinkFS) *FS { return &FS{base: base} }

// Close releases the folder of a tree made by Open.
func (f *FS) Close() error {
	if f.root == nil {
		return nil
	}
	if f.folder != nil {
		f.folder.Close()
	}
	return f.root.Close()
}

func (f *FS) limit() int64 {
	if f.MaxFileSize > 0 {
		return f.MaxFileSize
	}
	return MaxFileSize
}

// check looks at each element of name, without following links, and
// returns the Lstat information of the last; a link on the way is refused,
// and a link as the last element too unless linkOK.
func (f *FS) check(op, name string, linkOK bool) (fs.FileInfo, error) {
	if !fs.ValidPath(name) || strings.Contains(name, `\`) {
		return nil, errorf(op, name, fs.ErrInvalid)
	}
	for i := 0; ; {
		j := strings.IndexByte(name[i:], '/')
		last := j < 0
		p := name
		if !last {
			p = name[:i+j]
		}
		info, err := f.base.Lstat(p)
		if err != nil {
			return nil, errorf(op, name, underlying(err))
		}
		if info.Mode().Type() == fs.ModeSymlink && !(last && linkOK) {
			target, err := f.base.ReadLink(p)
			if err != nil {
				return nil, errorf(op, name, underlying(err))
			}
			return nil, errorf(op, name, &RefusedError{Err: ErrSymlink, Link: p, Target: target, self: last})
		}
		if last {
			return info, nil
		}
		i += j + 1
	}
}

// underlying drops the *fs.PathError around err, which names a path that
// may be a link's target rather than the name asked for.
func underlying(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func errorf(op, name string, err error) error {
	return &fs.PathError{Op: op, Path: name, Err: err}
}

// Open opens the named file or folder. A file is read through a reader
// that fails with ErrTooLarge past MaxFileSize.
func (f *FS) Open(name string) (fs.File, error) {
	info, err := f.check("open", name, false)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return f.base.Open(name)
	}
	if !info.Mode().IsRegular() {
		return nil, errorf("open", name, &RefusedError{Err: ErrNotRegular, Mode: info.Mode().Type()})
	}
	file, err := f.base.Open(name)
	if err != nil {
		return nil, errorf("open", name, underlying(err))
	}
	// The file could have been replaced since it was looked at, by
	// something running beside the build. A folder or a device is caught
	// here; a named pipe would block the open above, which is why the
	// type is checked first, as a build's tree is not changed under it.
	if info, err := file.Stat(); err != nil || !info.Mode().IsRegular() {
		file.Close()
		if err == nil {
			err = &RefusedError{Err: ErrNotRegular, Mode: info.Mode().Type()}
		}
		return nil, errorf("open", name, underlying(err))
	}
	return &limitedFile{File: file, name: name, info: info, left: f.limit(), limit: f.limit()}, nil
}

// limitedFile fails once more than limit bytes have been read.
type limitedFile struct {
	fs.File
	name        string
	info        fs.FileInfo
	left, limit int64
}

func (l *limitedFile) Read(b []byte) (int, error) {
	if l.left < 0 {
		return 0, errorf("read", l.name, &RefusedError{Err: ErrTooLarge, Limit: l.limit})
	}
	if int64(len(b)) > l.left+1 {
		b = b[:l.left+1]
	}
	n, err := l.File.Read(b)
	l.left -= int64(n)
	if l.left < 0 {
		return n, errorf("read", l.name, &RefusedError{Err: ErrTooLarge, Limit: l.limit})
	}
	return n, err
}

func (l *limitedFile) Stat() (fs.FileInfo, error) { return l.info, nil }

// ReadFile reads the named regular file, refusing one larger than
// MaxFileSize.
func (f *FS) ReadFile(name string) ([]byte, error) {
	if fs.ValidPath(name) && name != "." && !strings.Contains(name, `\`) {
		if data, ok := f.readFast(name); ok {
			return data, nil
		}
	}
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	info, _ := file.Stat()
	if info.IsDir() {
		return nil, errorf("read", name, &RefusedError{Err: ErrNotRegular, Mode: fs.ModeDir})
	}
	if info.Size() > f.limit() {
		return nil, errorf("read", name, &RefusedError{Err: ErrTooLarge, Limit: f.limit()})
	}
	data := make([]byte, 0, info.Size()+1)
	for {
		n, err := file.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		} else if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// ReadDir lists the named folder, sorted by name. Links are listed as
// links.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	info, err := f.check("readdir", name, false)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, errorf("readdir", name, errors.New("not a folder"))
	}
	entries, err := fs.ReadDir(f.base, name)
	if err != nil {
		return nil, errorf("readdir", name, underlying(err))
	}
	return entries, nil
}

// Stat describes the named file; a link is refused, as it is not
// followed.
func (f *FS) Stat(name string) (fs.FileInfo, error) { return f.check("stat", name, false) }

// Lstat describes the named file, which may be a link.
func (f *FS) Lstat(name string) (fs.FileInfo, error) { return f.check("lstat", name, true) }

// ReadLink returns the target of the named link, wherever it points.
func (f *FS) ReadLink(name string) (string, error) {
	if _, err := f.check("readlink", name, true); err != nil {
		return "", err
	}
	target, err := f.base.ReadLink(name)
	if err != nil {
		return "", errorf("readlink", name, underlying(err))
	}
	return target, nil
}

// WriteNew writes a new file at name with the permission bits perm,
// making its folders as needed. It follows the rules of reading: a folder
// on the way that is a link out of the tree is refused, and so is a name
// that exists already, even as a dangling link. Only a tree made by Open
// can be written to. On failure, nothing is left behind but folders, and
// the *fs.PathError names the file or the folder at fault.
func (f *FS) WriteNew(name string, data []byte, perm fs.FileMode) error {
	if f.root == nil {
		return errorf("write", name, errors.ErrUnsupported)
	}
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, `\`) {
		return errorf("write", name, fs.ErrInvalid)
	}
	dir := path.Dir(name)
	info, err := f.check("write", dir, false)
	if errors.Is(err, fs.ErrNotExist) {
		// MkdirAll makes the missing folders; check then refuses any
		// link on the way that was there before.
		if err := f.root.MkdirAll(dir, 0o755); err != nil {
			return errorf("write", dir, underlying(err))
		}
		info, err = f.check("write", dir, false)
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return errorf("write", dir, errors.New("not a folder"))
	}
	if _, err := f.root.Lstat(name); err == nil {
		return errorf("write", name, fs.ErrExist)
	}
	// The data goes to a hidden file beside, then takes its name at once:
	// a reader never sees half a file, and a crash leaves none.
	tmp := path.Join(dir, "."+path.Base(name)+"."+strconv.FormatInt(time.Now().UnixNano(), 36)+".tmp")
	// O_EXCL refuses an existing name, even a dangling link's.
	out, err := f.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return errorf("write", name, underlying(err))
	}
	_, err = out.Write(data)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = f.place(tmp, name)
	}
	f.root.Remove(tmp)
	if err != nil {
		return errorf("write", name, underlying(err))
	}
	return nil
}

// place gives the file at old the name new as well, never over a name
// that exists: by a hard link, which fails on an existing name; where the
// file system has none, by renaming once new is seen not to exist. The
// caller removes old.
func (f *FS) place(old, new string) error {
	err := f.root.Link(old, new)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	if _, lerr := f.root.Lstat(new); lerr == nil {
		return fs.ErrExist
	}
	return f.root.Rename(old, new)
}

// Move renames the regular file old to new, making new's folders as
// needed, never over a name that exists and never through a link. It
// follows WriteNew's rules.
func (f *FS) Move(old, new string) error {
	if f.root == nil {
		return errorf("move", old, errors.ErrUnsupported)
	}
	for _, n := range []string{old, new} {
		if !fs.ValidPath(n) || n == "." || strings.Contains(n, `\`) {
			return errorf("move", n, fs.ErrInvalid)
		}
	}
	info, err := f.check("move", old, false)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return errorf("move", old, errors.New("not a regular file"))
	}
	dir := path.Dir(new)
	if _, err := f.check("move", dir, false); errors.Is(err, fs.ErrNotExist) {
		if err := f.root.MkdirAll(dir, 0o755); err != nil {
			return errorf("move", dir, underlying(err))
		}
	}
	if info, err := f.check("move", dir, false); err != nil {
		return err
	} else if !info.IsDir() {
		return errorf("move", dir, errors.New("not a folder"))
	}
	if err := f.place(old, new); err != nil {
		return errorf("move", new, underlying(err))
	}
	if _, err := f.root.Lstat(old); err == nil {
		if err := f.root.Remove(old); err != nil {
			f.root.Remove(new)
			return errorf("move", old, underlying(err))
		}
	}
	return nil
}

// Remove removes the file name from the tree; it is for undoing what a
// command wrote.
func (f *FS) Remove(name string) error {
	if f.root == nil {
		return errorf("remove", name, errors.ErrUnsupported)
	}
	if _, err := f.check("remove", name, true); err != nil {
		return err
	}
	if err := f.root.Remove(name); err != nil {
		return errorf("remove", name, underlying(err))
	}
	return nil
}

// Replace writes data over the existing regular file name, atomically:
// the data goes to a new file beside it, which is then renamed over it, so
// that a reader (or an interruption) sees the old file or the new, never
// half of one. It follows the rules of reading: a name that is, or leads
// through, a symbolic link is refused, as is one that is not a regular
// file; the new file keeps the old one's permission bits. Only a tree made
// by Open can be written to. On failure the old file is left as it was and
// no temporary file is left behind.
func (f *FS) Replace(name string, data []byte) error {
	if f.root == nil {
		return errorf("write", name, errors.ErrUnsupported)
	}
	info, err := f.check("write", name, false)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return errorf("write", name, &RefusedError{Err: ErrNotRegular, Mode: info.Mode().Type()})
	}
	// A hidden file beside, named as WriteNew names its own; O_EXCL:
	// never over another file, nor through a link.
	tmp := path.Join(path.Dir(name), "."+path.Base(name)+"."+strconv.FormatInt(time.Now().UnixNano(), 36)+".tmp")
	out, err := f.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm())
	if err != nil {
		return errorf("write", name, underlying(err))
	}
	_, err = out.Write(data)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// A rename replaces a link at name rather than following it, so
		// one put there since the check is replaced, not written through.
		err = f.root.Rename(tmp, name)
	}
	if err != nil {
		f.root.Remove(tmp)
		return errorf("write", name, underlying(err))
	}
	return nil
}
