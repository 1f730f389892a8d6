// Package buildcache keeps the work of a build between builds, so that a
// build after one note changed redoes the work of that note's dossier and
// of the site-wide files, and no more. It keeps:
//   - each note's Markdown rendered and highlighted (internal/markdown);
//   - each dossier as loaded, parsed, rendered and anchored, with what
//     loading it reported, filed under the digest of its files and of
//     everything else its loading depends on (site.Loader.Kept); its
//     notes' HTML is filed apart, and read only when the dossier is
//     rendered or shown in full (site.Dossier.LoadHTML);
//   - what a build wrote of each dossier: the name, size and digest of each
//     of its files (its pages, cards, embed pages and oEmbed files) and its
//     parts of the site-wide files (the search index, its words already
//     indexed, dossier.json, the sitemap, claimreview.json), filed under
//     the dossier's digest and that of everything else its files depend
//     on (render.Renderer.Kept). A later build takes such a dossier's
//     files from the previous output by hard link (output.Dir.Carry),
//     checked against the digests, and renders them only when one is
//     missing or differs;
//   - a stamp index of the files whose digests a build took, source files
//     and files of the previous output, so that the next build reads only
//     those whose size, times or inode changed (see stamps.go).
//
// The cache's rules:
//   - An entry is filed under a key that is a SHA-256 digest of everything
//     its value depends on: a kind (which also names the value's format),
//     the input's bytes, and the running binary (Binary), so that a
//     different dossier, whose rendering may differ in any byte, never
//     reads another's entries. A cache is opened for one binary, and a
//     pack written by another is not read at all. Settings that affect a
//     value are part of its input. Equal keys give equal values, so an
//     entry never goes stale: a changed input gives a new key, and the old
//     entry is merely unused: entries are never changed, only made. A
//     user of the cache that cannot name everything a value depends on
//     does not store it (the Markdown renderer does not keep a text with
//     an image, whose rendering depends on a file of static/; a kept
//     dossier's key has the digest of every file of content/ that is not a
//     dossier's, of static/, of the theme's overrides and of the
//     translation tables: build.SiteKey). The stamp index alone is not
//     filed by digest: it records what the system said of files, and is
//     trusted as git's index is (see stamps.go).
//   - The entries of one site live in one pack file: the values, then an
//     index of the entries (each its key, where its value is, and the
//     value's SHA-256 digest), then a footer (where the index is, and the
//     digest of the header and the index). When a build has succeeded, the
//     entries it made are appended to the pack, with a new index of the
//     entries it used or made and a new footer, if the pack would then
//     still be at least half entries in use; else the pack is written
//     anew, whole, to a temporary file renamed over it, with the entries
//     the build used or made, so that it does not grow with every edit; a
//     site's entries take about what its rendered notes do. An append
//     changes no byte that a build reading the pack reads. Only the pack's
//     index is held in memory, and an entry is read from the file when it
//     is asked for, so that the cache does not add the site's rendered
//     text to a build's memory. Two builds of one site at once write the
//     same entries for the same sources, and the last to finish wins.
//   - A pack is not trusted blindly: it is read only if it is a regular
//     file (not a link) of at most MaxBytes, whose header names this
//     format and this binary and that ends with a footer whose digest
//     matches the header and the index it names. A pack whose append was
//     cut short ends with no such footer, and is ignored whole, and
//     replaced by the next build; so is one damaged in its index. A value
//     is checked against its digest when it is read: a damaged value is
//     a miss, and is left out of the next pack. The cache does not defend
//     against someone who can write to its folder: that person can change
//     the build's output anyway.
//   - The cache is only a cache: deleting the pack, the stamp index, or
//     the folder, costs doing the work again, never a different byte in
//     the output; nor does a file of the previous output deleted or
//     changed, which is rendered again. A failure to read or write the
//     cache is not an error of the build. A test (TestKeptBuildIsCold)
//     builds with the cache and without after each kind of change to the
//     sources, the output and the cache, and compares every byte.
//   - The folder is that of the share cards' cache (internal/cardcache):
//     $DOSSIER_CACHE, or dossier/ in the user's cache folder, with the
//     packs in build/. CI keeps it between runs with actions/cache.
package buildcache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/dossier-org/dossier/internal/spill"
	"time"

	"github.com/dossier-org/dossier/internal/version"
)

// EnvDir is the environment variable that sets the folder of dossier's
// caches; "off" turns them off.
const EnvDir = "DOSSIER_CACHE"

// Root returns the folder of dossier's caches: $DOSSIER_CACHE if set, else
// dossier in the user's cache folder (os.UserCacheDir: ~/.cache/dossier on
// Linux). It returns "" when the caches are off or there is no such
// folder.
func Root() string {
	if d := os.Getenv(EnvDir); d == "off" {
		return ""
	} else if d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "dossier")
}

// Dir returns the folder of the build cache's packs, Root()/build, or ""
// when the caches are off.
func Dir() string {
	if r := Root(); r != "" {
		return filepath.Join(r, "build")
	}
	return ""
}

// MaxBytes is the largest pack the cache reads: a site of 100,000 notes
// renders to a few hundred megabytes.
const MaxBytes = 2 << 30

// maxValue is the largest value a pack may hold: a note is at most a few
// megabytes.
const maxValue = 256 << 20

// magic begins every pack; a new format takes a new magic.
const magic = "dossier build cache 2\n"

var (
	binaryOnce sync.Once
	binaryID   string
)

// Binary returns what identifies the running binary's output: its
// version, when it is a release that names fixed source, or else the
// SHA-256 digest of the executable itself, since a build from a source
// tree may differ from the last in any line. The executable's digest is
// kept in Dir() under its stamp, as the stamp index keeps a file's, so that
// a run of the same executable does not read it whole (see
// executableSum). It returns "" when neither can be had, and then nothing
// should be cached.
func Binary() string {
	binaryOnce.Do(func() {
		info := version.Read()
		if v, ok := info.Pin(); ok {
			binaryID = "release " + info.Module + "@" + v + " " + info.Go + " " + info.OS + "/" + info.Arch
			return
		}
		exe, err := os.Executable()
		if err != nil {
			return
		}
		if sum, ok := executableSum(exe, Dir(), time.Now()); ok {
			binaryID = "executable " + hex.EncodeToString(sum[:])
		}
	})
	return binaryID
}

// exeMagic begins the file in which the digest of an executable is kept
// (see executableSum); a new format takes a new magic. It is followed by
// the executable's stamp (five uvarints, as in the stamp index), its
// digest, and the SHA-256 digest of all that comes before.
const exeMagic = "dossier executable 1\n"

// executableSum returns the SHA-256 digest of the executable at exe. It
// keeps it in dir (when not "") between runs, under the executable's path,
// with the executable's stamp, as the stamp index keeps a file's (see
// stamps.go): a later run whose executable has the same size, times, inode
// and device takes the digest kept rather than reading the executable
// whole, and one whose times were not older than now by stampMargin when
// it was read is not kept. It reports false when the executable cannot be
// read.
func executableSum(exe, dir string, now time.Time) ([sha256.Size]byte, bool) {
	f, err := os.Open(exe)
	if err != nil {
		return [sha256.Size]byte{}, false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return [sha256.Size]byte{}, false
	}
	st, stamped := stampOf(info, true)
	var kept string
	if dir != "" && stamped {
		name := sha256.Sum256([]byte(exe))
		kept = filepath.Join(dir, hex.EncodeToString(name[:12])+".exe")
		if sum, ok := readExecutableSum(kept, st); ok {
			return sum, true
		}
	}
	h := sha256.New()
	if n, err := io.Copy(h, f); err != nil || stamped && n != st.Size {
		return [sha256.Size]byte{}, false
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	limit := now.UnixNano() - int64(stampMargin)
	if kept != "" && st.Mtime < limit && st.Ctime < limit {
		writeExecutableSum(kept, st, sum)
	}
	return sum, true
}

// encodeExecutableSum is the content of the file that keeps sum as the
// digest of an executable of stamp st.
func encodeExecutableSum(st stamp, sum [sha256.Size]byte) []byte {
	b := []byte(exeMagic)
	for _, v := range []uint64{uint64(st.Size), uint64(st.Mtime), uint64(st.Ctime), st.Ino, st.Dev} {
		b = binary.AppendUvarint(b, v)
	}
	b = append(b, sum[:]...)
	check := sha256.Sum256(b)
	return append(b, check[:]...)
}

// readExecutableSum returns the digest the file at path keeps, if it keeps
// one for an executable of stamp st and is whole.
func readExecutableSum(path string, st stamp) ([sha256.Size]byte, bool) {
	var sum [sha256.Size]byte
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return sum, false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 1024))
	if err != nil || len(b) < len(exeMagic)+2*sha256.Size {
		return sum, false
	}
	copy(sum[:], b[len(b)-2*sha256.Size:])
	return sum, bytes.Equal(b, encodeExecutableSum(st, sum))
}

// writeExecutableSum keeps sum in the file at path, as the digest of an
// executable of stamp st, writing it whole to a temporary file renamed
// over it. A failure is not an error: the digest is taken again.
func writeExecutableSum(path string, st stamp, sum [sha256.Size]byte) {
	if os.MkdirAll(filepath.Dir(path), 0o755) != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*.exe")
	if err != nil {
		return
	}
	_, err = f.Write(encodeExecutableSum(st, sum))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}

// Key is the digest an entry is filed under.
type Key [sha256.Size]byte

// Cache holds the entries of one pack. It is safe for concurrent use.
type Cache struct {
	path string
	salt [sha256.Size]byte // the binary's digest, the first input of every key

	mu       sync.Mutex
	pack     *os.File       // the pack read, or nil
	packSize int64          // its size when read
	index    map[Key]span   // its entries
	used     map[Key]*entry // the entries used or made by this build: the next pack

	// spill holds the values this build made, written aside as they are
	// made, so that a build does not hold them all in memory until Save:
	// a cold build of 40,000 notes makes hundreds of megabytes of them.
	// It is a spill file in the cache's folder (see internal/spill),
	// closed with the cache.
	spill spill.File

	hits, misses atomic.Int64

	stamps *stampIndex // see stamps.go
}

// span is where an entry's value is in the pack, and the SHA-256 digest
// of the value.
type span struct {
	off, n int64
	sum    [sha256.Size]byte
}

// entry is an entry of the next pack: one of the pack read, at span in
// it; or a value made by this build (made), at ref in the spill, whose
// length and digest span has.
type entry struct {
	span span
	ref  spill.Ref
	made bool
}

// Open returns the cache of the pack name (a file name, such as
// PackName gives) in dir, for the binary identified by bin (see Binary).
// A pack that is missing, damaged or written for another binary gives an
// empty cache. It fails only when dir or bin is empty or dir cannot be
// made. Close releases the pack.
func Open(dir, name, bin string) (*Cache, error) {
	if dir == "" || bin == "" {
		return nil, errors.New("buildcache: no folder or no binary")
	}
	if name == "" || filepath.Base(name) != name || name[0] == '.' {
		return nil, errors.New("buildcache: bad pack name")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	c := &Cache{path: filepath.Join(dir, name), salt: sha256.Sum256([]byte(bin)), used: map[Key]*entry{}}
	c.spill.Dir = dir
	c.pack, c.packSize, c.index = openPack(c.path, c.salt)
	c.stamps = openStamps(c.path)
	return c, nil
}

// Close releases the pack read. Get and Save must not be called after.
func (c *Cache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.spill.Close()
	if c.pack == nil {
		return nil
	}
	err := c.pack.Close()
	c.pack, c.index = nil, nil
	return err
}

// PackName returns the name of the pack of the site whose sources are in
// the folder src: one pack per site, so that two sites built on one
// machine do not push each other's entries out.
func PackName(src string) string {
	if abs, err := filepath.Abs(src); err == nil {
		src = abs
	}
	sum := sha256.Sum256([]byte(src))
	return hex.EncodeToString(sum[:12]) + ".pack"
}

// Key returns the key of the entry of kind made from input.
func (c *Cache) Key(kind string, input []byte) Key {
	h := sha256.New()
	h.Write(c.salt[:])
	var n [binary.MaxVarintLen64]byte
	h.Write(n[:binary.PutUvarint(n[:], uint64(len(kind)))])
	h.Write([]byte(kind))
	h.Write(input)
	var k Key
	h.Sum(k[:0])
	return k
}

// Get returns the value of the entry of kind made from input.
func (c *Cache) Get(kind string, input []byte) ([]byte, bool) {
	k := c.Key(kind, input)
	c.mu.Lock()
	e, ok := c.used[k]
	if !ok {
		var sp span
		if sp, ok = c.index[k]; ok {
			e = &entry{span: sp}
			c.used[k] = e
		}
	}
	pack := c.pack
	c.mu.Unlock()
	if !ok {
		c.misses.Add(1)
		return nil, false
	}
	var v []byte
	var err error
	if e.made {
		v, err = c.madeValue(e)
	} else {
		v, err = readSpan(pack, e.span)
	}
	if err != nil {
		// A damaged entry is a miss, and is not carried into the next
		// pack.
		c.mu.Lock()
		delete(c.used, k)
		c.mu.Unlock()
		c.misses.Add(1)
		return nil, false
	}
	c.hits.Add(1)
	return v, true
}

// Put files value as the entry of kind made from input. It writes value
// aside at once, to the spill file, rather than hold it until Save; where
// that cannot be done it keeps value, which the caller must therefore not
// change afterwards.
func (c *Cache) Put(kind string, input, value []byte) {
	if len(value) > maxValue {
		return
	}
	if value == nil {
		value = []byte{}
	}
	k := c.Key(kind, input)
	e := &entry{span: span{n: int64(len(value)), sum: sha256.Sum256(value)}, ref: c.spill.Put(value), made: true}
	c.mu.Lock()
	c.used[k] = e
	c.mu.Unlock()
}

// Stats are what a Cache counted.
type Stats struct {
	// Hits and Misses count the entries found and not found.
	Hits, Misses int64
}

// Stats returns what c counted so far.
func (c *Cache) Stats() Stats { return Stats{c.hits.Load(), c.misses.Load()} }

// Save writes the entries this build used or made as the pack. Call it
// once the build has succeeded. When the build used every entry of the old
// pack and made none, the pack is left as it is; when the entries it made
// are few beside those it used, they are appended to it (see
// appendPack); else the pack is written anew, whole, without the entries
// no longer used.
func (c *Cache) Save() error {
	serr := c.stamps.save()
	if err := c.savePack(); err != nil {
		return err
	}
	return serr
}

// footerSize is the size of a pack's footer: where its index begins and
// how long it is (two 8-byte big-endian numbers), and the SHA-256 digest of
// the header, the index and those two numbers.
const footerSize = 16 + sha256.Size

// maxIndex is the largest index a pack may have.
const maxIndex = 64 << 20

// savePack writes the pack, as Save says.
func (c *Cache) savePack() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pack != nil && len(c.used) == len(c.index) && c.misses.Load() == 0 {
		return nil
	}
	var live, made int64 // the bytes of the values of the old pack, and of the new
	for _, e := range c.used {
		if e.made {
			made += e.span.n
		} else {
			live += e.span.n
		}
	}
	size := c.packSize + made + int64(len(c.used)*(len(Key{})+2*binary.MaxVarintLen64+sha256.Size)) + footerSize
	if c.pack != nil && 2*(live+made) >= size && size <= MaxBytes {
		if c.appendPack() == nil {
			return nil
		}
	}
	return c.rewritePack()
}

// appendPack appends the values this build made to the pack it read,
// followed by an index of every entry this build used or made and a new
// footer: what it read of the pack is not changed, so that a build that
// has it open reads on as before, and a pack whose append was cut short,
// whose end is then no footer, is ignored whole. It appends only to the
// very file it read, of the size it read: one renamed over it or grown
// since is left to be written anew. Two builds that append at once may
// damage each other's values, which the digests of the entries then
// refuse, or the index, which the footer's digest refuses.
func (c *Cache) appendPack() error {
	f, err := os.OpenFile(c.path, os.O_WRONLY|noFollow, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	was, err1 := c.pack.Stat()
	now, err2 := f.Stat()
	if err1 != nil || err2 != nil || !os.SameFile(was, now) || now.Size() != c.packSize || was.Size() != c.packSize {
		return errors.New("buildcache: the pack changed since it was read")
	}
	w := bufio.NewWriterSize(io.NewOffsetWriter(f, c.packSize), 1<<20)
	index, end := c.writeValues(w, c.packSize, false)
	writeIndex(w, c.salt, end, index)
	return w.Flush()
}

// writeValues writes to w, whose first byte is at offset off of the pack,
// the values this build made, and those it used of the pack read too when
// copyOld; it returns the index of the next pack (an entry of the pack read
// not copied stays where it is) and where the values written end. A value
// that cannot be read back is left out. c.mu is held.
func (c *Cache) writeValues(w io.Writer, off int64, copyOld bool) (map[Key]span, int64) {
	index := make(map[Key]span, len(c.used))
	for k, e := range c.used {
		var v []byte
		var sp span
		var err error
		switch {
		case e.made:
			sp = e.span
			v, err = c.madeValue(e)
		case !copyOld:
			index[k] = e.span
			continue
		default:
			sp = e.span
			v, err = c.read(sp)
		}
		if err != nil {
			continue // damaged since: left out
		}
		w.Write(v)
		sp.off = off
		index[k] = sp
		off += sp.n
	}
	return index, off
}

// rewritePack writes the entries this build used or made as a new pack, to
// a temporary file renamed over the old one.
func (c *Cache) rewritePack() error {
	size := int64(len(magic)+len(c.salt)) + footerSize
	for _, e := range c.used {
		size += int64(len(Key{})+2*binary.MaxVarintLen64+sha256.Size) + e.span.n
	}
	if size > MaxBytes {
		return errors.New("buildcache: the pack would be too large")
	}
	f, err := os.CreateTemp(filepath.Dir(c.path), ".tmp-*.pack")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(magic)
	w.Write(c.salt[:])
	index, end := c.writeValues(w, int64(len(magic)+len(c.salt)), true)
	writeIndex(w, c.salt, end, index)
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), c.path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// writeIndex writes the index of a pack whose values end at off, and its
// footer. The entries are written in the order of their keys, so that
// the same entries give the same bytes.
func writeIndex(w io.Writer, salt [sha256.Size]byte, off int64, index map[Key]span) {
	keys := make([]Key, 0, len(index))
	for k := range index {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b Key) int { return bytes.Compare(a[:], b[:]) })
	b := make([]byte, 0, len(keys)*(len(Key{})+8+sha256.Size))
	for _, k := range keys {
		sp := index[k]
		b = append(b, k[:]...)
		b = binary.AppendUvarint(b, uint64(sp.off))
		b = binary.AppendUvarint(b, uint64(sp.n))
		b = append(b, sp.sum[:]...)
	}
	w.Write(b)
	w.Write(footer(salt, b, off))
}

// footer returns the footer of a pack whose index, index, begins at off.
func footer(salt [sha256.Size]byte, index []byte, off int64) []byte {
	f := binary.BigEndian.AppendUint64(nil, uint64(off))
	f = binary.BigEndian.AppendUint64(f, uint64(len(index)))
	h := sha256.New()
	h.Write([]byte(magic))
	h.Write(salt[:])
	h.Write(index)
	h.Write(f)
	return h.Sum(f)
}

// read reads the value at sp from the pack read, and checks its digest.
func (c *Cache) read(sp span) ([]byte, error) { return readSpan(c.pack, sp) }

// madeValue reads back the value of e, an entry this build made, and
// checks its digest.
func (c *Cache) madeValue(e *entry) ([]byte, error) {
	v, err := c.spill.Get(e.ref)
	if err == nil && sha256.Sum256(v) != e.span.sum {
		err = errors.New("buildcache: a damaged entry")
	}
	return v, err
}

// readSpan reads the value at sp from f, and checks its digest.
func readSpan(f *os.File, sp span) ([]byte, error) {
	if f == nil {
		return nil, errors.New("buildcache: no file")
	}
	v := make([]byte, sp.n)
	if _, err := f.ReadAt(v, sp.off); err != nil {
		return nil, err
	}
	if sha256.Sum256(v) != sp.sum {
		return nil, errors.New("buildcache: a damaged entry")
	}
	return v, nil
}

// openPack opens the pack at path and returns it with its size and index,
// or nil when there is no pack that passes the checks of the cache's rules
// for salt. Only its header, footer and index are read; each value is
// checked against its digest when it is read.
func openPack(path string, salt [sha256.Size]byte) (*os.File, int64, map[Key]span) {
	info, err := os.Lstat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() > MaxBytes {
		return nil, 0, nil
	}
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return nil, 0, nil
	}
	if size, index := readIndex(f, salt); index != nil {
		return f, size, index
	}
	f.Close()
	return nil, 0, nil
}

// readIndex reads the index of the pack f and returns its size and where
// each entry's value is, or nil if its header, footer or index is damaged
// or another binary's.
func readIndex(f *os.File, salt [sha256.Size]byte) (int64, map[Key]span) {
	info, err := f.Stat()
	head := int64(len(magic) + len(salt))
	if err != nil || !info.Mode().IsRegular() || info.Size() < head+footerSize || info.Size() > MaxBytes {
		return 0, nil
	}
	size := info.Size()
	first := make([]byte, head)
	foot := make([]byte, footerSize)
	if _, err := f.ReadAt(first, 0); err != nil ||
		string(first[:len(magic)]) != magic || !bytes.Equal(first[len(magic):], salt[:]) {
		return 0, nil
	}
	if _, err := f.ReadAt(foot, size-footerSize); err != nil {
		return 0, nil
	}
	off, n := binary.BigEndian.Uint64(foot), binary.BigEndian.Uint64(foot[8:])
	if off < uint64(head) || n > maxIndex || off > uint64(size-footerSize) || n != uint64(size-footerSize)-off {
		return 0, nil
	}
	b := make([]byte, n)
	if _, err := f.ReadAt(b, int64(off)); err != nil || !bytes.Equal(footer(salt, b, int64(off)), foot) {
		return 0, nil
	}
	index := map[Key]span{}
	for len(b) > 0 {
		var k Key
		if len(b) < len(k) {
			return 0, nil
		}
		copy(k[:], b)
		b = b[len(k):]
		var sp span
		v, m := binary.Uvarint(b)
		if m <= 0 {
			return 0, nil
		}
		b = b[m:]
		w, m := binary.Uvarint(b)
		if m <= 0 || len(b) < m+sha256.Size {
			return 0, nil
		}
		b = b[m:]
		copy(sp.sum[:], b)
		b = b[sha256.Size:]
		if v < uint64(head) || w > maxValue || v > off || w > off-v {
			return 0, nil
		}
		sp.off, sp.n = int64(v), int64(w)
		index[k] = sp
	}
	return size, index
}

// uvarintLen is the length of n written as a uvarint.
func uvarintLen(n uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], n)
}
