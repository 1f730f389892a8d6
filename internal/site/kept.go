package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/markdown"
	"github.com/dossier-org/dossier/internal/seed"
)

// A Store keeps values between loads, as it keeps the notes' rendered
// Markdown between them (see markdown.Store, of which this is another
// name): equal kinds and inputs must give equal values, and a value may be
// missing at any time.
type Store = markdown.Store

// A Digester gives the SHA-256 digest of a file of the source tree, which
// info describes (as Lstat does), reading it with read only when it cannot
// vouch for its bytes otherwise (buildcache.Digests is one, which trusts
// what it recorded of a file whose size, times and inode are the same).
type Digester interface {
	Digest(name string, info fs.FileInfo, read func() ([]byte, error)) ([sha256.Size]byte, error)
}

// keptKind is the Store's kind of a loaded dossier, its notes' HTML left
// out (with the digest of keptGob's prelude after it: keptKindOf), and
// keptHTMLKind that of its notes' HTML, filed under the same input: a new
// format takes a new kind.
const (
	keptKind     = "site: a loaded dossier 3"
	keptHTMLKind = "site: a loaded dossier's notes' HTML 1"
)

// keptDossier is what is kept of a loaded dossier: the dossier, its notes'
// HTML left out, and what loading it reported.
type keptDossier struct {
	Dossier *Dossier
	Diags   diag.List
}

// keptGob encodes and decodes keptDossiers without the descriptions of
// their types, which gob otherwise puts before each value and each decoder
// reads and compiles again: those descriptions, and a zero keptDossier,
// are the prelude that every encoder writes first and every decoder reads
// first, and what is kept is what follows. Decoders are reused. The
// prelude's digest is in the kind of what is kept (gob numbers types in
// the order a process first meets them), so that a value is never read
// against another prelude.
var keptGob struct {
	once     sync.Once
	prelude  []byte
	kind     string
	decoders sync.Pool // *keptDecoder
}

// keptGobInit makes keptGob's prelude and kind.
func keptGobInit() {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(keptDossier{}); err != nil {
		panic(err) // the type cannot be encoded: a bug
	}
	keptGob.prelude = b.Bytes()
	sum := sha256.Sum256(keptGob.prelude)
	keptGob.kind = fmt.Sprintf("%s %x", keptKind, sum[:8])
}

// keptDecoder is a gob decoder that has read the prelude, and reads each
// value it is given from r.
type keptDecoder struct {
	r   sliceReader
	dec *gob.Decoder
}

// sliceReader reads a slice that can be replaced between reads; it is an
// io.ByteReader, so that gob reads no more of it than a value.
type sliceReader struct{ b []byte }

func (r *sliceReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

func (r *sliceReader) ReadByte() (byte, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c, nil
}

// keptKindOf returns the kind under which loaded dossiers are kept.
func keptKindOf() string {
	keptGob.once.Do(keptGobInit)
	return keptGob.kind
}

// encodeKept encodes k without the prelude.
func encodeKept(k keptDossier) ([]byte, bool) {
	keptGob.once.Do(keptGobInit)
	var b bytes.Buffer
	enc := gob.NewEncoder(&b)
	if enc.Encode(keptDossier{}) != nil || !bytes.Equal(b.Bytes(), keptGob.prelude) {
		return nil, false
	}
	b.Reset()
	if enc.Encode(k) != nil {
		return nil, false
	}
	return b.Bytes(), true
}

// decodeKept decodes what encodeKept made; any damage gives false.
func decodeKept(b []byte) (keptDossier, bool) {
	keptGob.once.Do(keptGobInit)
	d, _ := keptGob.decoders.Get().(*keptDecoder)
	if d == nil {
		d = &keptDecoder{}
		d.r.b = keptGob.prelude
		d.dec = gob.NewDecoder(&d.r)
		if d.dec.Decode(&keptDossier{}) != nil || len(d.r.b) != 0 {
			return keptDossier{}, false
		}
	}
	var k keptDossier
	d.r.b = b
	if d.dec.Decode(&k) != nil || len(d.r.b) != 0 {
		return keptDossier{}, false // and the decoder, in an unknown state, is dropped
	}
	keptGob.decoders.Put(d)
	return k, true
}

// heldHTML is how a dossier taken from a Loader's store gets its notes'
// HTML: fill gives it, once, when LoadHTML is first called.
type heldHTML struct {
	once sync.Once
	err  error
	fill func(*Dossier) error
}

// LoadHTML gives the notes of d their HTML (Note.HTML) when d was taken
// from a Loader's store (Loader.Kept). The store keeps the notes' HTML,
// the bulk of a dossier, apart from the rest, so that a build that needs d
// only in summary (its files are carried over from the previous output,
// and the site-wide pages list it) neither reads nor decodes it: until
// LoadHTML is called, the notes of such a dossier have no HTML, and
// whatever reads it calls LoadHTML first. It does nothing for a dossier
// loaded from its files, and is safe for concurrent use. It returns an
// error when the HTML is neither in the store nor to be had from the
// dossier's files as they were when it was loaded.
func (d *Dossier) LoadHTML() error {
	h := d.held
	if h == nil {
		return nil
	}
	h.once.Do(func() { h.err = h.fill(d) })
	return h.err
}

// allNotes returns d's notes, its unanchored notes and its drafts, in
// that order.
func (d *Dossier) allNotes() []*Note {
	return slices.Concat(d.Notes, d.Unanchored, d.Drafts)
}

// withoutHTML returns copies of notes without their HTML.
func withoutHTML(notes []*Note) []*Note {
	if notes == nil {
		return nil
	}
	out := make([]*Note, len(notes))
	for i, n := range notes {
		c := *n
		c.HTML = ""
		out[i] = &c
	}
	return out
}

// encodeHTML encodes the HTML of notes, in order: their number, the length
// of each, then the bytes of all.
func encodeHTML(notes []*Note) []byte {
	size := 0
	for _, n := range notes {
		size += len(n.HTML)
	}
	b := make([]byte, 0, binary.MaxVarintLen64*(len(notes)+1)+size)
	b = binary.AppendUvarint(b, uint64(len(notes)))
	for _, n := range notes {
		b = binary.AppendUvarint(b, uint64(len(n.HTML)))
	}
	for _, n := range notes {
		b = append(b, n.HTML...)
	}
	return b
}

// decodeHTML decodes what encodeHTML made of n notes, as one string that
// the notes' HTML share; any damage gives false.
func decodeHTML(b []byte, n int) ([]string, bool) {
	count, size := binary.Uvarint(b)
	if size <= 0 || count != uint64(n) {
		return nil, false
	}
	b = b[size:]
	lens := make([]uint64, n)
	total := uint64(0)
	for i := range lens {
		l, size := binary.Uvarint(b)
		if size <= 0 || l > uint64(len(b)) {
			return nil, false
		}
		lens[i], total, b = l, total+l, b[size:]
	}
	if total != uint64(len(b)) {
		return nil, false
	}
	all, off := string(b), uint64(0)
	html := make([]string, n)
	for i, l := range lens {
		html[i] = all[off : off+l]
		off += l
	}
	return html, true
}

// dossierSum returns the digest of every file of the dossier slug, whose
// seed is at seedPath and folder at dirPath: the seed (a file and its
// archive, or a folder of revisions), and the folder's files, each by name
// and bytes. It reports false when one cannot be read; the dossier is then
// loaded, which reports why. The digests of the files are dg's, when dg is
// not nil.
func dossierSum(fsys fs.FS, dg Digester, slug, seedPath, dirPath string) ([sha256.Size]byte, bool) {
	h := sha256.New()
	ok := true
	digest := func(p string, info fs.FileInfo) {
		read := func() ([]byte, error) { return fs.ReadFile(fsys, p) }
		var sum [sha256.Size]byte
		var err error
		if dg != nil && info != nil {
			sum, err = dg.Digest(p, info, read)
		} else {
			var data []byte
			if data, err = read(); err == nil {
				sum = sha256.Sum256(data)
			}
		}
		if err != nil {
			ok = false
		}
		fmt.Fprintf(h, "%q %x\x00", p, sum)
	}
	file := func(p string) {
		// Stat, not Lstat: the tree refuses a link, as reading it would.
		info, err := fs.Stat(fsys, p)
		switch {
		case err == nil && info.Mode().IsRegular():
			digest(p, info)
		case isNotExist(err):
			fmt.Fprintf(h, "%q missing\x00", p)
		default:
			ok = false
		}
	}
	folder := func(dir string) {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			ok = false
			return
		}
		for _, e := range entries {
			p := path.Join(dir, e.Name())
			if e.Type().IsRegular() {
				info, err := e.Info()
				if err != nil {
					ok = false
					continue
				}
				digest(p, info)
			} else {
				fmt.Fprintf(h, "%q %v\x00", p, e.Type())
			}
		}
	}
	if path.Dir(seedPath) == SeedDir {
		file(seedPath)
		file(strings.TrimSuffix(seedPath, seed.TextExt) + seed.ArchiveExt)
	} else {
		folder(path.Join(SeedDir, slug))
	}
	folder(strings.TrimSuffix(dirPath, "/"))
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum, ok
}

// keptKey is the input under which the dossier whose files have the digest
// sum is kept: Loader.KeptKey, the slug and the sum.
func (l *Loader) keptKey(slug string, sum [sha256.Size]byte) []byte {
	return fmt.Appendf(nil, "%x\x00%q\x00%x", l.KeptKey, slug, sum)
}

// loadKept loads the dossier slug, taking it from l.Kept when its files are
// those of a dossier kept there, and keeping it there when not.
func (l *Loader) loadKept(fsys fs.FS, s *Site, slug, seedPath, dirPath string) *dossierEntry {
	sum, ok := dossierSum(fsys, l.Digests, slug, seedPath, dirPath)
	if ok {
		if b, found := l.Kept.Get(keptKindOf(), l.keptKey(slug, sum)); found {
			if k, ok := decodeKept(b); ok && k.Dossier != nil && k.Dossier.Slug == slug {
				d := k.Dossier
				if len(d.Revisions) > 0 && d.Shown >= 0 && d.Shown < len(d.Revisions) {
					d.Seed = d.Revisions[d.Shown].Seed // one seed, as loaded
				}
				d.Sum = sum
				key := l.keptKey(slug, sum)
				d.held = &heldHTML{fill: func(d *Dossier) error {
					return l.fillHTML(fsys, s, d, key, seedPath, dirPath)
				}}
				return &dossierEntry{dossier: d, diags: k.Diags}
			}
		}
	}
	de := &dossierEntry{}
	de.dossier = l.loadDossier(fsys, s, slug, seedPath, dirPath, &de.diags)
	if !ok || de.dossier == nil {
		return de
	}
	// The files may have changed while they were loaded: what was loaded is
	// kept only under the digest of what was read.
	if again, ok := dossierSum(fsys, l.Digests, slug, seedPath, dirPath); !ok || again != sum {
		return de
	}
	de.dossier.Sum = sum
	d := de.dossier
	lean := *d
	lean.Notes, lean.Unanchored, lean.Drafts = withoutHTML(d.Notes), withoutHTML(d.Unanchored), withoutHTML(d.Drafts)
	if b, ok := encodeKept(keptDossier{&lean, de.diags}); ok {
		key := l.keptKey(slug, sum)
		l.Kept.Put(keptHTMLKind, key, encodeHTML(d.allNotes()))
		l.Kept.Put(keptKindOf(), key, b)
	}
	return de
}

// fillHTML gives the notes of d, a dossier taken from l.Kept under key,
// their HTML: from l.Kept, or else from d's files, loaded again, if they
// are still those d was loaded from.
func (l *Loader) fillHTML(fsys fs.FS, s *Site, d *Dossier, key []byte, seedPath, dirPath string) error {
	notes := d.allNotes()
	if b, ok := l.Kept.Get(keptHTMLKind, key); ok {
		if html, ok := decodeHTML(b, len(notes)); ok {
			for i, n := range notes {
				n.HTML = html[i]
			}
			return nil
		}
	}
	var diags diag.List // reported when d was loaded
	if again := l.loadDossier(fsys, s, d.Slug, seedPath, dirPath, &diags); again != nil {
		if sum, ok := dossierSum(fsys, l.Digests, d.Slug, seedPath, dirPath); ok && sum == d.Sum {
			if fresh := again.allNotes(); len(fresh) == len(notes) {
				for i, n := range notes {
					n.HTML = fresh[i].HTML
				}
				return nil
			}
		}
	}
	return fmt.Errorf("%s: the dossier's files changed while it was built: build again", dirPath)
}
