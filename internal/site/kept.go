package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"io/fs"
	"path"
	"strings"

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

// keptKind is the Store's kind of a loaded dossier: a new format takes a
// new kind.
const keptKind = "site: a loaded dossier 1"

// keptDossier is what is kept of a loaded dossier: the dossier and what
// loading it reported.
type keptDossier struct {
	Dossier *Dossier
	Diags   diag.List
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
		if b, found := l.Kept.Get(keptKind, l.keptKey(slug, sum)); found {
			var k keptDossier
			if gob.NewDecoder(bytes.NewReader(b)).Decode(&k) == nil && k.Dossier != nil && k.Dossier.Slug == slug {
				d := k.Dossier
				if len(d.Revisions) > 0 && d.Shown >= 0 && d.Shown < len(d.Revisions) {
					d.Seed = d.Revisions[d.Shown].Seed // one seed, as loaded
				}
				d.Sum = sum
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
	var b bytes.Buffer
	if gob.NewEncoder(&b).Encode(keptDossier{de.dossier, de.diags}) == nil {
		l.Kept.Put(keptKind, l.keptKey(slug, sum), b.Bytes())
	}
	return de
}
