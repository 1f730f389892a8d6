// Package buildcache keeps the work of a build between builds, so that a
// build after one note changed redoes the work of that note's dossier and
// of the site-wide files, and no more. It keeps:
//   - each note's Markdown rendered and highlighted (internal/markdown);
//   - each dossier as loaded, parsed, rendered and anchored, with what
//     loading it reported, filed under the digest of its files and of
//     everything else its loading depends on (site.Loader.Kept);
//   - what a build wrote of each dossier: the name, size and digest of each
//     of its files (its pages, cards, embed pages and oEmbed files) and its
//     parts of the site-wide files (the search index, dossier.json, the
//     sitemap, claimreview.json), filed under the dossier's digest and that
//     of everything else its files depend on (render.Renderer.Kept). A
//     later build takes such a dossier's files from the previous output by
//     hard link (output.Dir.Carry), checked against the digests, and
//     renders them only when one is missing or differs;
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
//   - The entries of one site live in one pack file, written whole, to a
//     temporary file renamed over it, when a build has succeeded: a pack
//     is never half-written. It holds the entries the build used or made,
//     so that it does not grow with every edit; a site's entries take about
//     what its rendered notes do. Only the pack's index is held in memory,
//     and an entry is read from the file when it is asked for, so that the
//     cache does not add the site's rendered text to a build's memory. Two
//     builds of one site at once write the same entries for the same
//     sources, and the last to finish wins.
//   - A pack is not trusted blindly: it is read only if it is a regular
//     file (not a link) of at most MaxBytes, whose header names this
//     format and this binary and whose trailing SHA-256 digest matches its
//     contents; a damaged pack is ignored whole, and replaced by the next
//     build. The cache does not defend against someone who can write to
//     its folder: that person can change the build's output anyway.
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
	"sync"
	"sync/atomic"
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
const magic = "dossier build cache 1\n"

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

	mu    sync.Mutex
	pack  *os.File       // the pack read, or nil
	index map[Key]span   // its entries
	used  map[Key]*entry // the entries used or made by this build: the next pack

	hits, misses atomic.Int64

	stamps *stampIndex // see stamps.go
}

// span is where an entry's value is in the pack.
type span struct{ off, n int64 }

// entry is an entry of the next pack: a value made by this build, or one
// of the pack read.
type entry struct {
	value []byte
	span  span
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
	c.pack, c.index = openPack(c.path, c.salt)
	c.stamps = openStamps(c.path)
	return c, nil
}

// Close releases the pack read. Get and Save must not be called after.
func (c *Cache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
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
	c.hits.Add(1)
	if e.value != nil {
		return e.value, true
	}
	v := make([]byte, e.span.n)
	if _, err := pack.ReadAt(v, e.span.off); err != nil {
		return nil, false
	}
	return v, true
}

// Put files value as the entry of kind made from input. The cache keeps
// value: the caller must not change it afterwards.
func (c *Cache) Put(kind string, input, value []byte) {
	if len(value) > maxValue {
		return
	}
	if value == nil {
		value = []byte{}
	}
	k := c.Key(kind, input)
	c.mu.Lock()
	c.used[k] = &entry{value: value}
	c.mu.Unlock()
}

// Stats are what a Cache counted.
type Stats struct {
	// Hits and Misses count the entries found and not found.
	Hits, Misses int64
}

// Stats returns what c counted so far.
func (c *Cache) Stats() Stats { return Stats{c.hits.Load(), c.misses.Load()} }

// Save writes the entries this build used or made as the pack, replacing
// the old one whole. Call it once the build has succeeded. When the build
// used every entry of the old pack and made none, the pack is left as it
// is.
func (c *Cache) Save() error {
	serr := c.stamps.save()
	if err := c.savePack(); err != nil {
		return err
	}
	return serr
}

// savePack writes the pack, as Save says.
func (c *Cache) savePack() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pack != nil && len(c.used) == len(c.index) && c.misses.Load() == 0 {
		return nil
	}
	size := int64(len(magic) + len(c.salt) + sha256.Size)
	for _, e := range c.used {
		size += int64(len(Key{})+binary.MaxVarintLen64) + max(int64(len(e.value)), e.span.n)
	}
	if size > MaxBytes {
		return errors.New("buildcache: the pack would be too large")
	}
	f, err := os.CreateTemp(filepath.Dir(c.path), ".tmp-*.pack")
	if err != nil {
		return err
	}
	h := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<20)
	w.WriteString(magic)
	w.Write(c.salt[:])
	var n [binary.MaxVarintLen64]byte
	for k, e := range c.used {
		w.Write(k[:])
		if e.value != nil {
			w.Write(n[:binary.PutUvarint(n[:], uint64(len(e.value)))])
			w.Write(e.value)
			continue
		}
		w.Write(n[:binary.PutUvarint(n[:], uint64(e.span.n))])
		if _, err = io.Copy(w, io.NewSectionReader(c.pack, e.span.off, e.span.n)); err != nil {
			break
		}
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		_, err = f.Write(h.Sum(nil))
	}
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

// openPack opens the pack at path and returns it with its index, or nil
// when there is no pack that passes the checks of the cache's rules for
// salt. The whole pack is read once, to check its digest, but not kept.
func openPack(path string, salt [sha256.Size]byte) (*os.File, map[Key]span) {
	info, err := os.Lstat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() > MaxBytes {
		return nil, nil
	}
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return nil, nil
	}
	if index := readIndex(f, salt); index != nil {
		return f, index
	}
	f.Close()
	return nil, nil
}

// readIndex reads the pack f and returns where each entry's value is, or
// nil if it is damaged or another binary's.
func readIndex(f *os.File, salt [sha256.Size]byte) map[Key]span {
	info, err := f.Stat()
	head := int64(len(magic) + len(salt))
	if err != nil || !info.Mode().IsRegular() || info.Size() < head+sha256.Size || info.Size() > MaxBytes {
		return nil
	}
	end := info.Size() - sha256.Size // where the entries end and the digest begins
	h := sha256.New()
	r := bufio.NewReaderSize(io.TeeReader(io.NewSectionReader(f, 0, end), h), 1<<20)
	first := make([]byte, head)
	if _, err := io.ReadFull(r, first); err != nil ||
		string(first[:len(magic)]) != magic || !bytes.Equal(first[len(magic):], salt[:]) {
		return nil
	}
	index := map[Key]span{}
	for off := head; off < end; {
		var k Key
		if _, err := io.ReadFull(r, k[:]); err != nil {
			return nil
		}
		n, err := binary.ReadUvarint(r)
		if err != nil || n > maxValue {
			return nil
		}
		off += int64(len(k) + uvarintLen(n))
		if int64(n) > end-off {
			return nil
		}
		if _, err := io.CopyN(io.Discard, r, int64(n)); err != nil {
			return nil
		}
		index[k] = span{off, int64(n)}
		off += int64(n)
	}
	sum := make([]byte, sha256.Size)
	if _, err := f.ReadAt(sum, end); err != nil || !bytes.Equal(sum, h.Sum(nil)) {
		return nil
	}
	return index
}

// uvarintLen is the length of n written as a uvarint.
func uvarintLen(n uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], n)
}
