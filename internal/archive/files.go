package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/dossier-org/dossier/internal/content"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/srcfs"
)

// A Place is where a note cites a source: the note's path, and the line
// and column of the source's entry.
type Place struct {
	Path      string
	Line, Col int
}

// A Target is a source address to archive, with every place that cites it
// without an archived copy: one capture serves them all.
type Target struct {
	URL    string
	Places []Place
	// Near is the date (YYYYMMDD, or YYYYMM or YYYY) an existing capture
	// should be closest to: when the first source citing URL was
	// consulted, or else its own date; empty when it gives neither.
	Near string
}

// Collect lists the sources of the notes of fsys (content/<slug>/*.md)
// that have no "archive" and could have one (see Archivable), one Target
// per address, in the order of the
// notes' paths and of their sources. A source that AddArchive could not
// edit is not listed but reported, where it stands, so that no capture is
// asked for in vain; so is a note that cannot be read. A note's other
// problems are "dossier check"'s to report.
func Collect(fsys fs.FS) ([]Target, diag.List) {
	var diags diag.List
	var targets []Target
	index := map[string]int{}
	dirs, err := fs.ReadDir(fsys, "content")
	if err != nil {
		diags.Errorf("content", 0, 0, "%s", srcfs.Reason(err))
		return nil, diags
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		dir := path.Join("content", d.Name())
		files, err := fs.ReadDir(fsys, dir)
		if err != nil {
			diags.Errorf(dir, 0, 0, "%s", srcfs.Reason(err))
			continue
		}
		for _, f := range files {
			name := f.Name()
			if f.IsDir() || !strings.HasSuffix(name, ".md") || name == "_index.md" {
				continue
			}
			p := path.Join(dir, name)
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				diags.Errorf(p, 0, 0, "%s", srcfs.Reason(err))
				continue
			}
			n, _ := content.ParseNote(p, strings.TrimSuffix(name, ".md"), data)
			if n == nil {
				continue
			}
			for _, s := range n.Sources {
				if s.URL == "" || s.Archive != "" || !Archivable(s.URL) {
					continue
				}
				// A trial edit finds what would stop the real one.
				if err := tryEdit(data, s.URL); err != nil {
					diags.Add(p, err)
					continue
				}
				i, ok := index[s.URL]
				if !ok {
					i = len(targets)
					index[s.URL] = i
					near := s.Accessed
					if near == "" {
						near = s.Date
					}
					targets = append(targets, Target{URL: s.URL, Near: strings.ReplaceAll(near, "-", "")})
				}
				targets[i].Places = append(targets[i].Places, Place{Path: p, Line: s.Pos.Line, Col: s.Pos.Col})
			}
		}
	}
	diags.Sort()
	return targets, diags
}

// tryEdit reports what would stop AddArchive from giving the sources of
// u in data an archived copy.
func tryEdit(data []byte, u string) error {
	parsed, err := url.Parse(u)
	if err != nil {
		return err
	}
	// The address as the Archive's copy would give it (letters beyond
	// ASCII percent-encoded).
	_, _, err = AddArchive(data, Edit{URL: u, Archive: ReplayBase + "20000101000000/" + parsed.String(), Archived: "2000-01-01"})
	return err
}

// Save writes c, the archived copy of t, into every note that cites t,
// each file replaced whole (see srcfs.FS.Replace). A note edited since
// Collect read it is read again: the sources of t.URL that still have no
// archived copy get one.
func Save(fsys *srcfs.FS, t Target, c Capture) error {
	var errs []error
	seen := map[string]bool{}
	for _, p := range t.Places {
		if seen[p.Path] {
			continue
		}
		seen[p.Path] = true
		data, err := fsys.ReadFile(p.Path)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %s", p.Path, srcfs.Reason(err)))
			continue
		}
		out, n, err := AddArchive(data, Edit{URL: t.URL, Archive: c.Archive, Archived: c.Archived})
		if err != nil {
			var l diag.List
			l.Add(p.Path, err)
			errs = append(errs, errors.New(l[0].String()))
			continue
		}
		if n == 0 {
			continue
		}
		if err := fsys.Replace(p.Path, out); err != nil {
			errs = append(errs, fmt.Errorf("%s: %s", p.Path, srcfs.Reason(err)))
		}
	}
	return errors.Join(errs...)
}
