package buildcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// The stamp index spares a build reading the files it read before to know
// whether they changed, as git's index does: it records, for each file
// whose digest a build took (a source file, or a file of the previous
// output), what the system says of it (size, modification time, inode,
// device and, for a source file, change time) and the SHA-256 digest of
// its bytes. A later build trusts the digest of a file whose stamp is the
// same, and reads the file again when it is not. A file whose times were
// not clearly older than the build that recorded it (by stampMargin, more
// than the coarsest timestamps of common file systems) might have changed
// again within the same tick of the clock: its entry is not trusted, and
// the next build reads it, and records it anew. The index is kept beside
// the pack, in a file of its own written whole at Save; like the pack, a
// damaged index is ignored whole, and dropping it costs reading the files
// again, never a different byte in the output.

// stampMargin is how much older than the build that records it a file's
// times must be for its entry to be trusted.
const stampMargin = 2 * time.Second

// stampMagic begins every index file; a new format takes a new magic. The
// magic is followed by the entries, each its name (a uvarint length and
// the bytes), its stamp (five uvarints: size, modification and change
// times, inode, device), its digest and a byte that is 1 when it is
// trusted; and by the SHA-256 digest of all that comes before.
const stampMagic = "dossier stamp index 2\n"

// maxStampBytes is the largest index file read.
const maxStampBytes = 256 << 20

// stamp is what the system says of a file.
type stamp struct {
	Size, Mtime, Ctime int64
	Ino, Dev           uint64
}

// stampEntry is one file of the index.
type stampEntry struct {
	Stamp   stamp
	Sum     [sha256.Size]byte
	Trusted bool // its times were older than its recording by stampMargin
}

// stampIndex is the index of one pack.
type stampIndex struct {
	path  string
	start int64 // when this build opened the index, in Unix nanoseconds

	mu      sync.Mutex
	old     map[string]stampEntry
	next    map[string]stampEntry // the entries used or made by this build
	changed bool
}

func openStamps(pack string) *stampIndex {
	x := &stampIndex{path: strings.TrimSuffix(pack, ".pack") + ".stamps", start: time.Now().UnixNano()}
	x.old = readStamps(x.path)
	// A build mostly takes the files the last one took: made at the size
	// they fill, the map is not grown and copied entry by entry.
	x.next = make(map[string]stampEntry, len(x.old))
	return x
}

// readStamps reads the index file at path, or returns nil if it is
// missing or damaged.
func readStamps(path string) map[string]stampEntry {
	info, err := os.Lstat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() > maxStampBytes || info.Size() < int64(len(stampMagic)+sha256.Size) {
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxStampBytes+1))
	if err != nil || len(data) < len(stampMagic)+sha256.Size || len(data) > maxStampBytes {
		return nil
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) || !bytes.HasPrefix(body, []byte(stampMagic)) {
		return nil
	}
	return decodeStamps(body[len(stampMagic):])
}

// decodeStamps decodes the entries of an index file, or returns nil if
// they are damaged.
func decodeStamps(b []byte) map[string]stampEntry {
	// An entry takes at least 40 bytes and mostly about 100: the map is
	// made at about the size it fills.
	m := make(map[string]stampEntry, len(b)/100)
	for len(b) > 0 {
		n, size := binary.Uvarint(b)
		if size <= 0 || n > uint64(len(b)-size) {
			return nil
		}
		name := string(b[size : size+int(n)])
		b = b[size+int(n):]
		var v [5]uint64
		for i := range v {
			if v[i], size = binary.Uvarint(b); size <= 0 {
				return nil
			}
			b = b[size:]
		}
		if len(b) < sha256.Size+1 || b[sha256.Size] > 1 {
			return nil
		}
		e := stampEntry{Stamp: stamp{Size: int64(v[0]), Mtime: int64(v[1]), Ctime: int64(v[2]), Ino: v[3], Dev: v[4]}, Trusted: b[sha256.Size] == 1}
		copy(e.Sum[:], b)
		b = b[sha256.Size+1:]
		m[name] = e
	}
	return m
}

// digest returns the SHA-256 digest of the file name, of which info says
// what the system says, reading it with read unless the index has a
// trusted entry of the same stamp.
func (x *stampIndex) digest(name string, info fs.FileInfo, ctime bool, read func() ([]byte, error)) ([sha256.Size]byte, error) {
	st, ok := stampOf(info, ctime)
	if ok {
		x.mu.Lock()
		e, found := x.old[name]
		if found && e.Trusted && e.Stamp == st {
			x.next[name] = e
			x.mu.Unlock()
			return e.Sum, nil
		}
		x.mu.Unlock()
	}
	data, err := read()
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	sum := sha256.Sum256(data)
	if ok && int64(len(data)) == st.Size {
		limit := x.start - int64(stampMargin)
		e := stampEntry{Stamp: st, Sum: sum, Trusted: st.Mtime < limit && st.Ctime < limit}
		x.mu.Lock()
		x.next[name] = e
		x.changed = true
		x.mu.Unlock()
	}
	return sum, nil
}

// save writes the entries this build used or made as the index file,
// unless they are those read.
func (x *stampIndex) save() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.changed && len(x.next) == len(x.old) {
		return nil
	}
	b := []byte(stampMagic)
	for name, e := range x.next {
		b = binary.AppendUvarint(b, uint64(len(name)))
		b = append(b, name...)
		for _, v := range []uint64{uint64(e.Stamp.Size), uint64(e.Stamp.Mtime), uint64(e.Stamp.Ctime), e.Stamp.Ino, e.Stamp.Dev} {
			b = binary.AppendUvarint(b, v)
		}
		b = append(b, e.Sum[:]...)
		if e.Trusted {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	sum := sha256.Sum256(b)
	b = append(b, sum[:]...)
	f, err := os.CreateTemp(filepath.Dir(x.path), ".tmp-*.stamps")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), x.path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// A Digests gives the digests of files through the cache's stamp index
// (see above). It is safe for concurrent use.
type Digests struct {
	x      *stampIndex
	prefix string
	ctime  bool
}

// Digest returns the SHA-256 digest of the file name, which info
// describes (as Lstat does), reading its bytes with read only when the
// index cannot vouch for them. name must name the file for as long as the
// cache is kept: a path in the source tree, or in the output.
func (d Digests) Digest(name string, info fs.FileInfo, read func() ([]byte, error)) ([sha256.Size]byte, error) {
	return d.x.digest(d.prefix+name, info, d.ctime, read)
}

// Sources returns the Digests of the files of the source tree, named by
// their paths in it. A source file's entry holds its change time too.
func (c *Cache) Sources() Digests { return Digests{x: c.stamps, prefix: "source:", ctime: true} }

// Output returns the Digests of the files of the output folder dest,
// named by their paths in it. An output file's change time is not
// recorded: carrying it over into the next output, by a hard link, and
// removing the old output change it.
func (c *Cache) Output(dest string) Digests {
	if abs, err := filepath.Abs(dest); err == nil {
		dest = abs
	}
	return Digests{x: c.stamps, prefix: "output:" + dest + "\x00"}
}
