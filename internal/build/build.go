// Package build is the pipeline that every command shares: load the source
// tree, load the theme, and render the site through a Writer. The build
// command writes to a directory, the dev server to memory, and check stops
// after the diagnostics.
package build

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/render"
	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/spill"
	"github.com/dossier-org/dossier/internal/srcfs"
)

// ThemeDir is the folder of a site that overrides the embedded theme:
// the folder that the theme's diagnostics name (render.ThemeOrigin).
const ThemeDir = render.ThemeOrigin

// SourceDirs are the folders of a site's source tree that a build reads:
// what the dev server watches, and what is taken from git to compare a
// change with the published state.
var SourceDirs = []string{site.SeedDir, site.ContentDir, ThemeDir, site.StaticDir, TablesDir}

// TablesDir is the folder of a site's own translation tables,
// i18n/<lang>.yaml, which override and extend the theme's key by key.
const TablesDir = render.TablesOrigin

// Result is the outcome of a build.
type Result struct {
	Site  *site.Site
	Diags diag.List
	Stats render.Stats
}

// Theme loads the embedded theme with the overrides in src's templates/,
// and the translation tables in src's i18n/. A link or a special file
// among them is an error, which the theme's loader would take for a
// missing override.
func Theme(src fs.FS) (*render.Theme, diag.List) {
	var override, tables fs.FS
	var diags diag.List
	if info, err := fs.Stat(src, ThemeDir); err == nil && info.IsDir() {
		override, _ = fs.Sub(src, ThemeDir)
	}
	if info, err := fs.Stat(src, TablesDir); err == nil && info.IsDir() {
		tables, _ = fs.Sub(src, TablesDir)
	}
	theme, tdiags := render.LoadTheme(override, tables)
	diags = append(diags, tdiags...)
	diags = append(diags, srcfs.Check(src, ThemeDir, TablesDir)...)
	diags.Sort()
	// A link the theme's loader tried to read is reported by both.
	return theme, slices.Compact(diags)
}

// Check loads src and its theme and reports every problem, writing nothing.
// A symbolic link or a special file in the source folders is an error even
// where nothing reads it (see srcfs.Check); the dev server, which reloads
// on every save, does not walk the tree for them, but refuses to read them
// all the same.
func Check(l *site.Loader, src fs.FS) (*site.Site, *render.Theme, diag.List) {
	s, diags := l.Load(src)
	theme, tdiags := Theme(src)
	diags = append(diags, tdiags...)
	diags = append(diags, render.CheckStatic(s, theme)...)
	if s.Settings != nil {
		diags = append(diags, theme.CheckLanguage(s.Settings.Language, s.Settings.Path)...)
		diags = append(diags, render.CheckLogo(s)...)
	}
	diags = append(diags, srcfs.Check(src, site.SeedDir, site.ContentDir)...)
	diags.Sort()
	// A refused file that the loader reads is reported by both.
	return s, theme, slices.Compact(diags)
}

// ErrInvalid is returned when the sources have errors; the diagnostics say
// which.
var ErrInvalid = errors.New("the sources have errors")

// Run checks src and, if it has no errors, renders the site into w. The
// site it returns no longer holds its notes' HTML, which is released as the
// pages are written.
//
// A build holds its site in summary: the notes' HTML, and each dossier's
// parts of the aggregates, are written to a spill file (internal/spill)
// while they wait for the pages that show them, and the file is gone when
// Run returns. Unless the Loader has a Spill of its own, one is made for
// the build.
func Run(l *site.Loader, src fs.FS, w render.Writer) (Result, error) {
	return RunCards(l, src, w, nil)
}

// RunCards is Run with the share cards drawn by cards, which may keep them
// between builds (see internal/cardcache); nil draws each afresh.
func RunCards(l *site.Loader, src fs.FS, w render.Writer, cards render.Cards) (Result, error) {
	return RunKept(l, src, w, cards, nil)
}

// RunKept is RunCards keeping what was written of each dossier in kept
// (see render.Renderer.Kept), so that a later build into the same output,
// a render.Carrier, takes the files of the dossiers that did not change
// from the output it replaces. kept, which may be nil, must be a store of
// this binary's (buildcache.Cache is one).
func RunKept(l *site.Loader, src fs.FS, w render.Writer, cards render.Cards, kept render.Store) (Result, error) {
	var key []byte
	if kept != nil {
		key = SiteKey(l, src)
		if l.Kept == nil {
			kl := *l
			kl.Kept, kl.KeptKey = kept, key
			l = &kl
		}
	}
	if l.Spill == nil {
		sp := &spill.File{}
		defer sp.Close()
		sl := *l
		sl.Spill = sp
		l = &sl
	}
	s, theme, diags := Check(l, src)
	res := Result{Site: s, Diags: diags}
	if diags.HasErrors() {
		return res, ErrInvalid
	}
	r := &render.Renderer{Theme: theme, Release: true, Cards: cards, Spill: l.Spill}
	if kept != nil {
		r.Kept, r.SiteKey = kept, key
	}
	stats, err := r.Site(s, w)
	res.Stats = stats
	// A template that fails on the site's data is an error of the theme's
	// sources, at its file and line.
	if tdiags := render.Diagnostics(err); len(tdiags) > 0 {
		res.Diags = append(res.Diags, tdiags...)
		res.Diags.Sort()
		return res, ErrInvalid
	}
	return res, err
}

// SiteKey returns the digest of everything but the dossiers' own files that
// a dossier's output depends on (see render.Renderer.SiteKey): the files of
// content/ that are not a dossier's (the settings, the methodology, the
// pages), the files of static/, of the theme's overrides and of the
// translation tables, with their names, and the Loader's options. The
// binary is not in it: a Store is of one binary. It returns nil when a file
// cannot be read, and then nothing is kept.
func SiteKey(l *site.Loader, src fs.FS) []byte {
	h := sha256.New()
	fmt.Fprintf(h, "site key 1\x00base URL %q\x00drafts %t\x00", l.BaseURL, l.Drafts)
	file := func(p string, e fs.DirEntry) error {
		read := func() ([]byte, error) { return fs.ReadFile(src, p) }
		var sum [sha256.Size]byte
		if info, err := e.Info(); err == nil && l.Digests != nil {
			if sum, err = l.Digests.Digest(p, info, read); err != nil {
				return err
			}
		} else {
			data, err := read()
			if err != nil {
				return err
			}
			sum = sha256.Sum256(data)
		}
		fmt.Fprintf(h, "%q %x\x00", p, sum)
		return nil
	}
	entries, err := fs.ReadDir(src, site.ContentDir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	for _, e := range entries {
		if !e.IsDir() {
			if file(path.Join(site.ContentDir, e.Name()), e) != nil {
				return nil
			}
		}
	}
	for _, dir := range []string{site.StaticDir, ThemeDir, TablesDir} {
		err := fs.WalkDir(src, dir, func(p string, e fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return err
			case e.IsDir():
				fmt.Fprintf(h, "%q/\x00", p)
				return nil
			}
			return file(p, e)
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil
		}
	}
	return h.Sum(nil)
}
