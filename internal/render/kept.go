package render

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"strings"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/spill"
)

// A Store keeps values between builds (buildcache.Cache is one): it is
// another name of site.Store, the one the loader keeps dossiers in.
type Store = site.Store

// A Carrier is a Writer that can take a file over from the previous output
// without being handed its bytes (output.Dir is one).
type Carrier interface {
	Writer
	// CarryAll takes the files over from the previous output, each if it
	// holds as many bytes as it says with the SHA-256 digest it says, and
	// reports whether it took them all. When it did not, the files are to
	// be written.
	CarryAll(files []output.Carried) bool
}

// keptKind is the Store's kind of what a build keeps of a dossier: a new
// format takes a new kind.
const keptKind = "render: a dossier's files and parts 2"

// kept is what a build keeps of one dossier in a Store, filed under the
// dossier's key (dossierKey): the name, size and digest of each of its
// files, its pages and its files of sharing, and its parts of the
// aggregates. A later build of a dossier with the same key takes its files
// from the previous output, and its parts from here, instead of rendering
// it.
type kept struct {
	files                                 []keptFile
	search, export, sitemap, claimReviews []byte
}

type keptFile struct {
	name string
	size int64
	sum  [sha256.Size]byte
}

// dossierKey is the input under which what is kept of d is filed: the
// site's key (Renderer.SiteKey: the binary, the settings, the theme, the
// static files), what of the other dossiers d's pages show (the render
// key: the taxonomies' renames, the translations and languages), and d's
// own files (site.Dossier.Sum). It is nil when d has no Sum.
func dossierKey(siteKey []byte, renderKey string, d *site.Dossier) []byte {
	if d.Sum == ([sha256.Size]byte{}) || len(siteKey) == 0 {
		return nil
	}
	var b []byte
	for _, part := range [][]byte{siteKey, []byte(renderKey), []byte(d.Slug), d.Sum[:]} {
		b = binary.AppendUvarint(b, uint64(len(part)))
		b = append(b, part...)
	}
	return b
}

// record notes a file of the dossier as written, for what is kept of it.
func (o *dossierOutput) record(name string, data []byte) {
	f := keptFile{name: name, size: int64(len(data)), sum: sha256.Sum256(data)}
	o.lock.Lock()
	o.written = append(o.written, f)
	o.lock.Unlock()
}

func (k *kept) encode() []byte {
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(k.files)))
	for _, f := range k.files {
		b = binary.AppendUvarint(b, uint64(len(f.name)))
		b = append(b, f.name...)
		b = binary.AppendUvarint(b, uint64(f.size))
		b = append(b, f.sum[:]...)
	}
	for _, part := range [][]byte{k.search, k.export, k.sitemap, k.claimReviews} {
		b = binary.AppendUvarint(b, uint64(len(part)))
		b = append(b, part...)
	}
	return b
}

// decodeKept decodes what encode made; any damage gives false.
func decodeKept(b []byte) (*kept, bool) {
	uvarint := func() (uint64, bool) {
		n, size := binary.Uvarint(b)
		if size <= 0 {
			return 0, false
		}
		b = b[size:]
		return n, true
	}
	bytes := func() ([]byte, bool) {
		n, ok := uvarint()
		if !ok || n > uint64(len(b)) {
			return nil, false
		}
		v := b[:n:n]
		b = b[n:]
		return v, true
	}
	k := &kept{}
	n, ok := uvarint()
	if !ok || n > uint64(len(b)) {
		return nil, false
	}
	k.files = make([]keptFile, 0, n)
	for range n {
		name, ok := bytes()
		if !ok {
			return nil, false
		}
		size, ok := uvarint()
		if !ok || len(b) < sha256.Size || size > 1<<40 {
			return nil, false
		}
		f := keptFile{name: string(name), size: int64(size)}
		copy(f.sum[:], b)
		b = b[sha256.Size:]
		k.files = append(k.files, f)
	}
	for _, part := range []*[]byte{&k.search, &k.export, &k.sitemap, &k.claimReviews} {
		if *part, ok = bytes(); !ok {
			return nil, false
		}
	}
	return k, len(b) == 0
}

// carryKept takes the files of dossier d over from the previous output as
// k lists them, and reports whether it took them all: they must be the
// files d has (for the pages whose names hasBaseURL decides), each found
// as it was written. When it returns false, the dossier is rendered, and
// what it wrote replaces what was taken.
func carryKept(c Carrier, d *site.Dossier, hasBaseURL bool, k *kept) bool {
	var names []string
	for _, name := range dossierFiles(d) {
		names = append(names, d.Slug+"/"+name)
	}
	for _, name := range shareFiles(d, hasBaseURL) {
		names = append(names, d.Slug+"/"+name)
	}
	slices.Sort(names)
	if !slices.EqualFunc(names, k.files, func(name string, f keptFile) bool { return name == f.name }) {
		return false
	}
	files := make([]output.Carried, len(k.files))
	for i, f := range k.files {
		files[i] = output.Carried{Name: f.name, Size: f.size, Sum: f.sum}
	}
	return c.CarryAll(files)
}

// keep files what was written of o, a dossier rendered afresh, under its
// key, once all its files are written, and lets go of the list of them.
// Its parts are read from sp, where the build holds them; one that cannot
// be read keeps nothing. Should the build fail after, what was kept names
// files of an output that was never made, which a later build finds
// missing (carryKept) before it takes anything.
func (o *dossierOutput) keep(s Store, sp *spill.File) {
	o.lock.Lock()
	defer o.lock.Unlock()
	k := &kept{files: o.written}
	for _, p := range []struct {
		to   *[]byte
		from spill.Ref
	}{{&k.search, o.search}, {&k.export, o.export}, {&k.sitemap, o.sitemap}, {&k.claimReviews, o.claimReviews}} {
		b, err := sp.Get(p.from)
		if err != nil {
			return
		}
		*p.to = b
	}
	slices.SortFunc(k.files, func(a, b keptFile) int { return strings.Compare(a.name, b.name) })
	if len(slices.CompactFunc(slices.Clone(k.files), func(a, b keptFile) bool { return a.name == b.name })) != len(k.files) {
		return // a file written twice: not reached
	}
	s.Put(keptKind, o.key, k.encode())
	o.written = nil
}
