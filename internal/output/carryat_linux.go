package output

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// carryAt carries files over as CarryAll says, with d.Digests set, through
// descriptors of the folders of the previous and the new output: for each
// file, one link and one look at what was linked. The folders are opened
// for this call and closed at its end, so that a site of any size never
// holds more than a dossier's few. A file is linked first and checked
// after, as the file now in the new output: what was linked must be a
// regular file with the permissions a written file gets, of the size
// given, with no other link than the two (the old name and the new), and
// with the digest given, as the stamp index vouches for it or its bytes
// read in full say. Anything else undoes the link. The old folder is
// opened through the root, so that no step of its path leaves the old
// output, and linkat does not follow a link that the name may be.
func (d *Dir) carryAt(root *os.Root, files []Carried) bool {
	type pair struct{ old, new *os.File }
	dirs := map[string]pair{}
	defer func() {
		for _, p := range dirs {
			p.old.Close()
			p.new.Close()
		}
	}()
	for _, f := range files {
		p, err := d.path(f.Name)
		if err != nil {
			return false
		}
		dir, base := path.Split(f.Name)
		fp, ok := dirs[dir]
		if !ok {
			old, err := root.OpenFile(filepath.FromSlash(path.Clean("./"+dir)), os.O_RDONLY|syscall.O_DIRECTORY, 0)
			if err != nil {
				return false
			}
			nw, err := os.OpenFile(filepath.Dir(p), os.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW, 0)
			if err != nil {
				old.Close()
				return false
			}
			fp = pair{old, nw}
			dirs[dir] = fp
		}
		oldFd, newFd := int(fp.old.Fd()), int(fp.new.Fd())
		if err := ignoringEINTR(func() error { return unix.Linkat(oldFd, base, newFd, base, 0) }); err != nil {
			if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrExist) {
				// Another file system, or one without hard links:
				// every other link would fail alike.
				d.prev.Store(nil)
			}
			return false
		}
		if !d.checkLinked(newFd, base, f) {
			unix.Unlinkat(newFd, base, 0)
			return false
		}
		d.kept.Add(1)
	}
	return true
}

// checkLinked reports whether the file base, just linked into the folder
// newFd, is one carryAt may keep: see there.
func (d *Dir) checkLinked(newFd int, base string, f Carried) bool {
	var st unix.Stat_t
	if err := ignoringEINTR(func() error { return unix.Fstatat(newFd, base, &st, unix.AT_SYMLINK_NOFOLLOW) }); err != nil {
		return false
	}
	info := statInfo{name: base, st: syscall.Stat_t{
		Dev: st.Dev, Ino: st.Ino, Nlink: st.Nlink, Mode: st.Mode, Size: st.Size,
		Mtim: syscall.Timespec{Sec: st.Mtim.Sec, Nsec: st.Mtim.Nsec},
		Ctim: syscall.Timespec{Sec: st.Ctim.Sec, Nsec: st.Ctim.Nsec},
	}}
	if !info.Mode().IsRegular() || info.Mode().Perm() != d.perm || info.Size() != f.Size || st.Nlink != 2 {
		return false
	}
	got, err := d.Digests.Digest(f.Name, info, func() ([]byte, error) {
		fd, err := unix.Openat(newFd, base, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err != nil {
			return nil, err
		}
		file := os.NewFile(uintptr(fd), base)
		defer file.Close()
		return io.ReadAll(io.LimitReader(file, f.Size+1))
	})
	return err == nil && got == f.Sum
}

// ignoringEINTR calls fn until it fails otherwise than by an interrupted
// system call.
func ignoringEINTR(fn func() error) error {
	for {
		if err := fn(); err != unix.EINTR {
			return err
		}
	}
}

// statInfo is the fs.FileInfo of what fstatat said of a file.
type statInfo struct {
	name string
	st   syscall.Stat_t
}

func (s statInfo) Name() string       { return s.name }
func (s statInfo) Size() int64        { return s.st.Size }
func (s statInfo) ModTime() time.Time { return time.Unix(s.st.Mtim.Sec, s.st.Mtim.Nsec) }
func (s statInfo) IsDir() bool        { return s.Mode().IsDir() }
func (s statInfo) Sys() any           { return &s.st }

func (s statInfo) Mode() fs.FileMode {
	m := fs.FileMode(s.st.Mode & 0o777)
	switch s.st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
	case syscall.S_IFDIR:
		m |= fs.ModeDir
	case syscall.S_IFLNK:
		m |= fs.ModeSymlink
	default:
		m |= fs.ModeIrregular
	}
	return m
}
