// Package site loads a whole source tree into the model that every command
// works from: it reads the files through an fs.FS, parses them in parallel,
// anchors each note's quote in its seed and checks what spans several files.
// The model is plain data; nothing here writes anything.
package site

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dossier-org/dossier/internal/anchor"
	"github.com/dossier-org/dossier/internal/content"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/frontmatter"
	"github.com/dossier-org/dossier/internal/markdown"
	"github.com/dossier-org/dossier/internal/rating"
	"github.com/dossier-org/dossier/internal/seed"
	"github.com/dossier-org/dossier/internal/spill"
	"github.com/dossier-org/dossier/internal/srcfs"
	"github.com/dossier-org/dossier/internal/textcheck"
)

// Site is a loaded source tree.
type Site struct {
	Settings *content.Site
	Scale    rating.Scale
	// Intro is the home page's body as HTML.
	Intro string
	// Methodology is the body of content/methodology.md as HTML, if any.
	Methodology string
	Dossiers    []*Dossier
	// Pages are the pages of their own (content/<name>.md), by name.
	Pages []*Page
	// Menu lists the names of the menu's entries after the home page, in
	// order: pages' names, "methodology" and "corrections" (see
	// MenuBuiltins). Without "menu" in the settings it is methodology,
	// corrections, then every page by name.
	Menu []string
	// Drafts are the draft dossiers left out of the site, and DraftPages
	// the draft pages, when the Loader does not publish drafts. Check
	// still reads them.
	Drafts     []*Dossier
	DraftPages []*Page
	// Static are the files of static/, by path, copied to the output as
	// they are, and the smaller copies made of the images the bodies show
	// (see ImageWidths).
	Static []StaticFile
	// Languages lists the languages of the published dossiers and pages
	// (Dossier.Language, PageLanguage), the site's own first, then the others by
	// tag; tags that differ only in case are one language, spelt as first
	// met. A site of one language has just its own.
	Languages []string
	// Translations gives, by slug, the translation group of each
	// published dossier that has a published translation or is one: the
	// original first, then its translations by slug, each in a language
	// of its own. A dossier without translations is not in it.
	Translations map[string][]*Dossier
}

// Page is a page of its own, from content/<name>.md, published as
// <name>.html.
type Page struct {
	*content.Page
	// HTML is the page's body, rendered from Markdown.
	HTML string
	// Links are the relative links in the body.
	Links []Link
}

// MenuBuiltins are the site's own pages that the settings' "menu" may
// name besides the pages of content/. The home page always comes first
// and is not named.
var MenuBuiltins = []string{"methodology", "corrections"}

// reservedPages are the names a page may not take: the site-wide files
// at the root of the output (index.html, search.html, feed.xml, assets/
// ...), and names that would read as them. A dossier's slug is refused
// too: about.html beside about/ would be two addresses for one name.
var reservedPages = []string{"index", "methodology", "corrections", "search", "404", "claims", "sources", "assets", "feed", "sitemap", "dossier", "claimreview", "robots"}

// Dossier is one seed with its notes.
type Dossier struct {
	Slug string
	Seed *seed.Seed
	Meta *content.Dossier
	// Intro is the dossier's introduction as HTML.
	Intro string
	// Notes are ordered by where their quotes start in the seed.
	Notes []*Note
	// Unanchored are the notes whose quotes could not be placed, and the
	// drafts whose problems keep them from being shown; they are not
	// published, but the editorial checks still read them.
	Unanchored []*Note
	// Drafts are the draft notes left out because the Loader does not
	// publish drafts; the editorial checks still read them.
	Drafts []*Note
	// Draft is set when the dossier's _index.md says "draft: true".
	Draft bool
	// Language is the language the dossier is written in, and its notes
	// with it: the language its _index.md gives, or else the site's.
	Language string
	// Revisions are the captures of the article, oldest first, when the
	// seed is kept as a folder of revisions; nil for a single file.
	Revisions []*Revision
	// Shown is the index in Revisions of the revision the site shows,
	// which Seed is: the latest that a note was checked against (see
	// placeNotes).
	Shown int
	// Archive is the WARC file of a seed of a single file, or nil.
	Archive *Archive
	// Sum is the SHA-256 digest of the dossier's files, its seed (with its
	// archive, or its folder of revisions) and its folder, by name and
	// bytes: loaded again from files with the same Sum, under the same
	// Loader.KeptKey, the dossier is the same. It is set only by a Loader
	// that keeps its dossiers (Loader.Kept), and zero otherwise.
	Sum [32]byte

	// held, when set, holds the notes' HTML back until LoadHTML: see there.
	held *heldHTML
	// html is where the notes' HTML is when the Loader spilled it (see
	// Loader.Spill), in spilled; each note has its share of it. seedText
	// is the seed's text, of seedLen bytes, when it was spilled too (a
	// seed of a single file), and title the Title it gives.
	html     spill.Ref
	spilled  *spill.File
	seedText spill.Ref
	seedLen  int
	title    string
}

// Title names the article: the dossier's headline, or else the seed's first
// line.
func (d *Dossier) Title() string {
	if d.Meta != nil && d.Meta.Headline != "" {
		return d.Meta.Headline
	}
	if d.seedLen > 0 {
		return d.title // the seed's text may be spilled
	}
	return d.Seed.Title()
}

// SeedSize is the size of the seed's file in bytes, whether its text is
// held or spilled (see Loader.Spill).
func (d *Dossier) SeedSize() int {
	if d.Seed.Data == nil {
		return d.seedLen
	}
	return len(d.Seed.Data)
}

// Note is a parsed note anchored in its seed.
type Note struct {
	*content.Note
	// Span is the byte range of the seed that the quote matches: of the
	// revision the site shows (Dossier.Seed).
	Span anchor.Match
	// Rev is the index in Dossier.Revisions of the revision the note was
	// checked against (its "revision", or the earliest), and Checked the
	// quote's place in it (Dossier.CheckedSeed).
	Rev     int
	Checked anchor.Match
	// Changes says what became of the checked passage in each later
	// revision, in order.
	Changes []Change
	// Line is the seed line on which the quote starts.
	Line int
	// Block is the index of the seed block in which the quote starts.
	Block int
	// HTML is the rendered analysis. It is a string because templates take
	// HTML as one, and converting 10,000 notes on every render would copy
	// them all.
	HTML string
	// Links are the relative links in the analysis.
	Links []Link
	// Unfinished names what the analysis still holds of the skeleton
	// unwritten (see content.Unfinished), at UnfinishedPos; empty when the
	// note is finished.
	Unfinished    string
	UnfinishedPos content.Pos

	// htmlAt and htmlLen place HTML in its dossier's spilled HTML (see
	// Loader.Spill).
	htmlAt, htmlLen int

	// broken is set when the note lacks what its page cannot do without
	// (a title; for a check, a verdict; a known kind), which only a draft
	// may lack: such a draft is not shown even among drafts. A draft's
	// other errors are warnings, and what they refuse (a javascript: link,
	// raw HTML, a malformed date) is left out of its page as the rules
	// say, so it is shown.
	broken bool
}

// Link is a relative link in a note's analysis, with its position in the
// note's file.
type Link struct {
	Dest      string
	Line, Col int
}

// Paths of the source tree.
const (
	SeedDir         = "seeds"
	ContentDir      = "content"
	SiteFile        = "content/_index.md"
	MethodologyFile = "content/methodology.md"
	indexName       = "_index.md"
)

// DossierPages are the names, without .html, of the pages every dossier
// has besides its notes', in the order they are listed: no note may take
// one.
var DossierPages = []string{"index", "claims", "sources"}

// ReservedSlugs are the folders of the output that the site's own files
// take: the theme's assets and the taxonomies' pages. No dossier may have
// one as its slug.
var ReservedSlugs = []string{"assets", "claimants", "tags"}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

var (
	errPoorName     = errors.New("makes a poor web address: use lower-case letters, digits and hyphens")
	errReservedName = errors.New("is taken by a page of the dossier")
)

// CheckNoteName reports why name, a note's file name without ".md", cannot
// name a note: it must be lower-case letters, digits, '-' and '_', starting
// with a letter or digit, and not a name the dossier's own pages take. It
// returns nil for a good name. The error completes a sentence that starts
// with the name: `"Vote" makes a poor web address: ...`.
func CheckNoteName(name string) error {
	if !nameRE.MatchString(name) {
		return errPoorName
	}
	if slices.Contains(DossierPages, name) {
		return errReservedName
	}
	return nil
}

// Loader loads source trees. It keeps the Markdown renderer between loads.
type Loader struct {
	Markdown *markdown.Renderer
	// BaseURL, when set, overrides the site's baseURL setting.
	BaseURL string
	// Drafts publishes the drafts (notes, dossiers and pages marked
	// "draft: true") with the rest, as "build --drafts" and the dev server
	// do. Either way a draft's problems are warnings, not errors, and a
	// draft note whose problems keep it from being shown is left out.
	Drafts bool

	// Kept, when set with KeptKey and the Loader is not Incremental,
	// keeps each loaded dossier between loads, filed under the digest of
	// its files (Dossier.Sum) and KeptKey; a dossier whose files are those
	// of one kept is taken from there rather than parsed, rendered and
	// anchored again, with what its loading reported. KeptKey must digest
	// everything else a dossier's loading depends on: the binary, the
	// settings (content/_index.md), the static files (the bodies' images),
	// the Loader's options.
	Kept    Store
	KeptKey []byte
	// Digests, when set, gives the digests of the dossiers' files for
	// Kept, sparing reading those it can vouch for.
	Digests Digester

	// Spill, when set and the Loader is not Incremental, holds the notes'
	// HTML and the seeds' text out of memory, as a build wants: the HTML
	// of each dossier's notes, the bulk of a site, is written to it once
	// the dossier is loaded, and each Note.HTML left empty; so is the text
	// of a seed of a single file (not of a folder of revisions), its
	// Seed.Data left nil. Dossier.LoadSpilled puts them back for as long
	// as the dossier's pages are being made, Dossier.Release empties them
	// again, and Dossier.NoteHTML reads one note's HTML. Spill must
	// outlive the Site.
	Spill *spill.File

	cache *cache // nil unless Incremental
	// images resolves the bodies' images during a Load. A Loader without
	// a cache must not Load twice at once.
	images *images
}

// NewLoader returns a Loader.
func NewLoader() *Loader { return &Loader{Markdown: markdown.New()} }

// Load reads the tree in fsys. The Site is complete as far as the problems
// allow, and diags lists every problem found, sorted.
func (l *Loader) Load(fsys fs.FS) (*Site, diag.List) {
	var diags diag.List
	c := l.cache
	if c != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	s := &Site{}

	// The static files come first: the bodies' images are among them.
	var st *staticEntry
	if c != nil && c.static != nil {
		st = c.static
	} else {
		st = &staticEntry{}
		st.files, st.diags = loadStatic(fsys)
		st.images = newImages(st.files)
		if c != nil {
			c.static = st
		}
	}
	l.images = st.images
	defer func() { l.images = nil }()
	diags = append(diags, st.diags...)

	se := l.loadSettings(fsys)
	if c != nil {
		c.settings = se
	}
	s.Settings, s.Scale, s.Intro = se.settings, se.scale, se.intro
	diags = append(diags, se.diags...)

	var me *renderedEntry
	if c != nil && c.methodology != nil {
		me = c.methodology
	} else {
		me = &renderedEntry{}
		data, err := fs.ReadFile(fsys, MethodologyFile)
		switch {
		case err == nil:
			if content.CheckFile(MethodologyFile, data, "the file", &me.diags) {
				me.html = l.render(MethodologyFile, data, 1, &me.diags, nil)
			}
		case !isNotExist(err):
			me.diags.Errorf(MethodologyFile, 0, 0, "%s", srcfs.Reason(err))
		}
		if c != nil {
			c.methodology = me
		}
	}
	s.Methodology = me.html
	diags = append(diags, me.diags...)

	seeds, dirs, pages := l.listSources(fsys, &diags)
	l.loadPages(fsys, s, pages, &diags)
	slugs := sortedKeys(seeds, dirs)
	for _, slug := range slugs {
		seedPath, hasSeed := seeds[slug]
		dirPath, hasDir := dirs[slug]
		switch {
		case !hasSeed:
			diags.Errorf(dirPath, 0, 0, "dossier has no seed: expected the article at %q", path.Join(SeedDir, slug+".txt"))
			continue
		case !hasDir:
			diags.Errorf(seedPath, 0, 0, "seed has no dossier: expected %q", path.Join(ContentDir, slug, indexName))
			continue
		}
		var de *dossierEntry
		if c != nil && !c.allDirty && !c.dirty[slug] {
			de = c.dossiers[slug]
		}
		if de == nil {
			if c == nil && l.Kept != nil && len(l.KeptKey) > 0 {
				de = l.loadKept(fsys, s, slug, seedPath, dirPath)
			} else {
				de = &dossierEntry{}
				de.dossier = l.loadDossier(fsys, s, slug, seedPath, dirPath, &de.diags)
			}
			if c != nil {
				c.dossiers[slug] = de
			}
		}
		diags = append(diags, de.diags...)
		// A dossier kept by the store (Loader.Kept) has its notes'
		// HTML there, read when wanted (Dossier.LoadHTML): nothing to
		// spill.
		if c == nil && l.Spill != nil && de.dossier != nil && de.dossier.held == nil {
			de.dossier.spill(l.Spill)
		}
		switch {
		case de.dossier == nil:
		case de.dossier.Draft && !l.Drafts:
			s.Drafts = append(s.Drafts, de.dossier)
		default:
			s.Dossiers = append(s.Dossiers, de.dossier)
		}
	}
	if c != nil {
		for slug := range c.dossiers {
			if _, ok := seeds[slug]; !ok {
				delete(c.dossiers, slug)
			}
		}
		clear(c.dirty)
		c.allDirty = false
	}
	l.checkPageNames(s, slugs, &diags)
	s.translations(&diags)
	s.Menu = menu(s, &diags)
	s.Static = slices.SortedFunc(slices.Values(slices.Concat(st.files, st.images.copies())),
		func(a, b StaticFile) int { return strings.Compare(a.Name, b.Name) })
	diags.Sort()
	return s, diags
}

// loadSettings reads content/_index.md, or returns the cached result.
func (l *Loader) loadSettings(fsys fs.FS) *settingsEntry {
	if l.cache != nil && l.cache.settings != nil {
		return l.cache.settings
	}
	se := &settingsEntry{scale: rating.Default()}
	if data, err := fs.ReadFile(fsys, SiteFile); err == nil {
		se.settings, se.diags = content.ParseSite(SiteFile, data)
	} else if !isNotExist(err) {
		se.diags.Errorf(SiteFile, 0, 0, "%s", srcfs.Reason(err))
	}
	if se.settings == nil {
		se.settings = &content.Site{Path: SiteFile, Title: "Fact-check dossiers", Language: "en"}
	}
	if l.BaseURL != "" {
		if err := frontmatter.CheckURL(l.BaseURL); err != nil {
			se.diags.Errorf("-b", 0, 0, "%v", err)
		}
		se.settings.BaseURL = strings.TrimSuffix(l.BaseURL, "/") + "/"
	}
	if len(se.settings.Ratings) > 0 {
		se.scale = siteScale(se.settings, &se.diags)
	}
	se.intro = l.render(se.settings.Path, se.settings.Body, se.settings.BodyLine, &se.diags, nil)
	return se
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// listSources returns the seeds and the dossier directories by slug, and
// the pages' files.
func (l *Loader) listSources(fsys fs.FS, diags *diag.List) (seeds, dirs map[string]string, pages []string) {
	seeds, dirs = map[string]string{}, map[string]string{}
	entries, err := fs.ReadDir(fsys, SeedDir)
	if err != nil && !isNotExist(err) {
		diags.Errorf(SeedDir, 0, 0, "%s", srcfs.Reason(err))
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."):
		case e.IsDir():
			l.listRevisions(fsys, name, seeds, diags)
		case strings.HasSuffix(name, seed.ArchiveExt):
			// The capture's WARC file, beside its seed.
		case !strings.HasSuffix(name, ".txt"):
			diags.Warnf(path.Join(SeedDir, name), 0, 0, "ignored: seeds are .txt files")
		default:
			seeds[strings.TrimSuffix(name, ".txt")] = path.Join(SeedDir, name)
		}
	}
	entries, err = fs.ReadDir(fsys, ContentDir)
	if err != nil && !isNotExist(err) {
		diags.Errorf(ContentDir, 0, 0, "%s", srcfs.Reason(err))
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."):
		case e.IsDir():
			dirs[name] = path.Join(ContentDir, name) + "/"
		case name == indexName || name == path.Base(MethodologyFile):
		case strings.HasSuffix(name, ".md"):
			pages = append(pages, path.Join(ContentDir, name))
		default:
			diags.Warnf(path.Join(ContentDir, name), 0, 0, "ignored: content/ holds _index.md, methodology.md, one .md file per page and one folder per dossier")
		}
	}
	return seeds, dirs, pages
}

// listRevisions lists a seed kept as a folder of revisions: its earliest
// revision is the seed (see seed.Find).
func (l *Loader) listRevisions(fsys fs.FS, slug string, seeds map[string]string, diags *diag.List) {
	dir := path.Join(SeedDir, slug)
	p, _, err := seed.Find(fsys, SeedDir, slug)
	switch {
	case errors.Is(err, seed.ErrBothForms):
		diags.Errorf(dir, 0, 0, "%s (%s)", seed.ErrBothForms, path.Join(SeedDir, slug+".txt"))
		return
	case errors.Is(err, seed.ErrNoRevision):
		diags.Errorf(dir, 0, 0, "%s", seed.ErrNoRevision)
		return
	case err != nil:
		diags.Errorf(dir, 0, 0, "%s", srcfs.Reason(err))
		return
	}
	seeds[slug] = p
	_, ignored, _ := seed.Revisions(fsys, dir)
	for _, name := range ignored {
		diags.Warnf(name, 0, 0, "ignored: a seed's folder holds its revisions, named by capture time (%s), and their archives (%s)", seed.RevisionExample+seed.TextExt, seed.ArchiveExt)
	}
}

// loadPages reads the pages of their own, content/<name>.md. They are few
// and small, so even the dev server reads them all on every load.
func (l *Loader) loadPages(fsys fs.FS, s *Site, files []string, diags *diag.List) {
	for _, file := range files {
		var ds diag.List
		name := strings.TrimSuffix(path.Base(file), ".md")
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			diags.Errorf(file, 0, 0, "%s", srcfs.Reason(err))
			continue
		}
		if !nameRE.MatchString(name) {
			ds.Errorf(file, 0, 0, "page file name %q makes a poor web address: use lower-case letters, digits and hyphens", path.Base(file))
		} else if slices.Contains(reservedPages, name) {
			ds.Errorf(file, 0, 0, "the name %q is taken by a page or file of the site itself: rename the file", name)
		}
		c, pds := content.ParsePage(file, name, data)
		ds = append(ds, pds...)
		var p *Page
		if c != nil {
			p = &Page{Page: c}
			p.HTML = l.render(file, c.Body, c.BodyLine, &ds, &p.Links)
			c.Body = nil
		}
		if p != nil && p.Draft {
			broken := p.Title == "" // what its page cannot do without
			ds = asWarnings(ds)
			switch {
			case !l.Drafts:
				s.DraftPages = append(s.DraftPages, p)
			case !broken:
				s.Pages = append(s.Pages, p)
			}
		} else if p != nil {
			s.Pages = append(s.Pages, p)
		}
		*diags = append(*diags, ds...)
	}
}

// checkPageNames refuses a page named as a dossier: about.html beside
// about/index.html would give one name two addresses.
func (l *Loader) checkPageNames(s *Site, slugs []string, diags *diag.List) {
	for _, list := range [][]*Page{s.Pages, s.DraftPages} {
		for _, p := range list {
			if _, found := slices.BinarySearch(slugs, p.Name); found {
				diags.Errorf(p.Path, 0, 0, "the name %q is also a dossier's (%q): rename the page", p.Name, path.Join(ContentDir, p.Name)+"/")
			}
		}
	}
}

// menu resolves the settings' "menu" against the site's pages: an
// unknown or repeated name is an error at its place; a draft page left
// out of the site is left out of the menu without one.
func menu(s *Site, diags *diag.List) []string {
	names := []string{}
	if !s.Settings.MenuSet {
		names = append(names, MenuBuiltins...)
		for _, p := range s.Pages {
			names = append(names, p.Name)
		}
		return names
	}
	published := func(name string) bool {
		return slices.Contains(MenuBuiltins, name) || slices.ContainsFunc(s.Pages, func(p *Page) bool { return p.Name == name })
	}
	for _, e := range s.Settings.Menu {
		switch {
		case slices.Contains(names, e.Name):
			diags.Errorf(s.Settings.Path, e.Pos.Line, e.Pos.Col, "%q is in the menu twice", e.Name)
		case published(e.Name):
			names = append(names, e.Name)
		case slices.ContainsFunc(s.DraftPages, func(p *Page) bool { return p.Name == e.Name }):
			// A draft page, left out of this build.
		default:
			known := slices.Clone(MenuBuiltins)
			for _, p := range s.Pages {
				known = append(known, p.Name)
			}
			diags.Errorf(s.Settings.Path, e.Pos.Line, e.Pos.Col, "the menu names %q, which is not a page: the menu may name %s (a page is content/<name>.md)", e.Name, quoteAll(known))
		}
	}
	return names
}

// asWarnings turns a draft's errors into warnings: one unfinished note,
// dossier or page must never block the site.
func asWarnings(l diag.List) diag.List {
	for i := range l {
		l[i].Severity = diag.Warning
	}
	return l
}

func sortedKeys(a, b map[string]string) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func (l *Loader) loadDossier(fsys fs.FS, s *Site, slug, seedPath, dirPath string, diags *diag.List) *Dossier {
	data, err := fs.ReadFile(fsys, seedPath)
	if err != nil {
		diags.Errorf(seedPath, 0, 0, "%s", srcfs.Reason(err))
		return nil
	}
	sd, err := seed.Parse(slug, seedPath, data)
	if err != nil {
		diags.Add(seedPath, err)
		return nil
	}
	d := &Dossier{Slug: slug, Seed: sd, Language: s.Settings.Language}
	if !loadRevisions(fsys, d, sd, diags) {
		return nil
	}
	if !nameRE.MatchString(slug) {
		diags.Errorf(dirPath, 0, 0, "dossier name %q makes a poor web address: use lower-case letters, digits and hyphens", slug)
	} else if slices.Contains(ReservedSlugs, slug) {
		diags.Errorf(dirPath, 0, 0, "the name %q is taken by the site's own files: rename the dossier's folder and its seed", slug)
	}

	indexPath := path.Join(dirPath, indexName)
	if data, err := fs.ReadFile(fsys, indexPath); isNotExist(err) {
		diags.Errorf(indexPath, 0, 0, "missing: each dossier needs an _index.md with the article's metadata (headline, publisher, url, published)")
	} else if err != nil {
		diags.Errorf(indexPath, 0, 0, "%s", srcfs.Reason(err))
	} else {
		start := len(*diags)
		meta, ds := content.ParseDossier(indexPath, data)
		*diags = append(*diags, ds...)
		d.Meta = meta
		if meta != nil && meta.Language != "" {
			d.Language = meta.Language
		}
		if meta != nil && meta.Draft {
			d.Draft = true
			// Everything reported of a draft dossier from its _index.md
			// on is a warning: its notes are drafts too.
			defer func() { asWarnings((*diags)[start:]) }()
		}
		if meta != nil {
			d.Intro = l.render(indexPath, meta.Body, meta.BodyLine, diags, nil)
		}
	}

	entries, err := fs.ReadDir(fsys, strings.TrimSuffix(dirPath, "/"))
	if err != nil {
		diags.Errorf(dirPath, 0, 0, "%s", srcfs.Reason(err))
		return d
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		p := path.Join(dirPath, name)
		switch {
		case strings.HasPrefix(name, ".") || name == indexName:
		case e.IsDir() || !strings.HasSuffix(name, ".md"):
			diags.Warnf(p, 0, 0, "ignored: a dossier folder holds _index.md and one .md file per note")
		default:
			files = append(files, p)
		}
	}
	d.Notes = l.loadNotes(fsys, files, diags)
	l.anchorNotes(d, s.Scale, diags)
	return d
}

// loadNotes parses and renders the notes in parallel; the result keeps the
// order of files.
func (l *Loader) loadNotes(fsys fs.FS, files []string, diags *diag.List) []*Note {
	notes := make([]*Note, len(files))
	found := make([]diag.List, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				notes[i], found[i] = l.cachedNote(fsys, files[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, ds := range found {
		*diags = append(*diags, ds...)
	}
	if l.Spill == nil || l.cache != nil {
		// A Loader that spills packs the HTML into its spill instead
		// (Dossier.spill).
		l.packHTML(files, notes)
	}
	return slices.DeleteFunc(notes, func(n *Note) bool { return n == nil })
}

// packHTML moves the rendered HTML of a dossier's notes, the bulk of what a
// loaded site holds, into one allocation. Rendered note by note, each
// string would sit among the garbage of parsing it, and the runtime could
// never give those half-empty pages of memory back: with ten thousand
// notes, the dev server held 56 MB of such gaps.
func (l *Loader) packHTML(files []string, notes []*Note) {
	size := 0
	for _, n := range notes {
		if n != nil {
			size += len(n.HTML)
		}
	}
	var b strings.Builder
	b.Grow(size)
	for _, n := range notes {
		if n != nil {
			b.WriteString(n.HTML)
		}
	}
	all, off := b.String(), 0
	for i, n := range notes {
		if n == nil {
			continue
		}
		n.HTML = all[off : off+len(n.HTML)]
		off += len(n.HTML)
		if c := l.cache; c != nil {
			c.notesMu.Lock()
			if e := c.notes[files[i]]; e != nil && e.note != nil {
				e.note.HTML = n.HTML
			}
			c.notesMu.Unlock()
		}
	}
}

// spill writes the HTML of d's notes to f, in one value, and empties each
// note's; and the text of its seed, if a single file, which it empties.
func (d *Dossier) spill(f *spill.File) {
	notes := d.allNotes()
	size := 0
	for _, n := range notes {
		size += len(n.HTML)
	}
	all := make([]byte, 0, size)
	for _, n := range notes {
		n.htmlAt, n.htmlLen = len(all), len(n.HTML)
		all = append(all, n.HTML...)
		n.HTML = ""
	}
	d.html, d.spilled = f.Put(all), f
	if len(d.Revisions) == 0 && d.Seed != nil && len(d.Seed.Data) > 0 {
		d.title = d.Title()
		d.seedLen = len(d.Seed.Data)
		d.seedText = f.Put(d.Seed.Data)
		d.Seed.Data = nil
	}
}

// LoadSpilled reads back what the Loader spilled of d (see Loader.Spill):
// the HTML of each of d.Notes and the seed's text, where they stay until
// Release. It does nothing for a dossier that was not spilled.
func (d *Dossier) LoadSpilled() error {
	if d.spilled == nil {
		return nil
	}
	b, err := d.spilled.Get(d.html)
	if err != nil {
		return fmt.Errorf("%s: the notes' HTML: %w", d.Slug, err)
	}
	all := string(b) // one allocation for the whole dossier, as packHTML
	for _, n := range d.Notes {
		n.HTML = all[n.htmlAt : n.htmlAt+n.htmlLen]
	}
	if d.seedLen > 0 && d.Seed.Data == nil {
		if d.Seed.Data, err = d.spilled.Get(d.seedText); err != nil {
			return fmt.Errorf("%s: %w", d.Seed.Path, err)
		}
	}
	return nil
}

// Release empties the HTML of each of d.Notes, and the seed's text when it
// was spilled and can be read again (LoadSpilled), once the dossier's own
// pages are made: nothing else shows them. NoteHTML still gives a spilled
// note's HTML.
func (d *Dossier) Release() {
	for _, n := range d.Notes {
		n.HTML = ""
	}
	if d.seedLen > 0 {
		d.Seed.Data = nil
	}
}

// NoteHTML returns the HTML of n, a note of d: n.HTML, or when it is
// empty and d's HTML was spilled (see Loader.Spill), what was spilled of
// it.
func (d *Dossier) NoteHTML(n *Note) (string, error) {
	if n.HTML != "" || n.htmlLen == 0 || d.spilled == nil {
		return n.HTML, nil
	}
	b, err := d.spilled.Get(d.html.Slice(n.htmlAt, n.htmlLen))
	if err != nil {
		return "", fmt.Errorf("%s: the HTML of %s: %w", d.Slug, n.Name, err)
	}
	return string(b), nil
}

// cachedNote returns a fresh copy of the note in file, parsing it only when
// it is not cached; the copy is anchored afresh by the caller.
func (l *Loader) cachedNote(fsys fs.FS, file string) (*Note, diag.List) {
	c := l.cache
	if c == nil {
		return l.loadNote(fsys, file)
	}
	// c.mu is held by Load; notes is only written below, by one worker per
	// file, so a separate lock guards it against the other workers.
	c.notesMu.Lock()
	e := c.notes[file]
	c.notesMu.Unlock()
	if e == nil {
		n, diags := l.loadNote(fsys, file)
		e = &noteEntry{note: n, diags: diags}
		c.notesMu.Lock()
		c.notes[file] = e
		c.notesMu.Unlock()
	}
	if e.note == nil {
		return nil, e.diags
	}
	copy := *e.note
	return &copy, e.diags
}

func (l *Loader) loadNote(fsys fs.FS, file string) (*Note, diag.List) {
	var diags diag.List
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		diags.Errorf(file, 0, 0, "%s", srcfs.Reason(err))
		return nil, diags
	}
	name := strings.TrimSuffix(path.Base(file), ".md")
	switch err := CheckNoteName(name); err {
	case errPoorName:
		diags.Errorf(file, 0, 0, "note file name %q %v", path.Base(file), err)
	case errReservedName:
		diags.Errorf(file, 0, 0, "the name %q %v: rename the file", name, err)
	}
	c, ds := content.ParseNote(file, name, data)
	diags = append(diags, ds...)
	if c == nil {
		return nil, diags
	}
	n := &Note{Note: c}
	n.HTML = l.render(file, c.Body, c.BodyLine, &diags, &n.Links)
	n.broken = c.Title == "" || !slices.Contains(content.Kinds, c.Kind) || !c.IsRemark() && c.Verdict == ""
	if c.Draft {
		diags = asWarnings(diags)
	}
	if pos, what, ok := content.Unfinished(c.Body, c.BodyLine); ok {
		n.Unfinished, n.UnfinishedPos = what, pos
	}
	// The body is a slice of the whole file, which nothing needs once it
	// is rendered: a dev server holding ten thousand notes would keep
	// every file it ever read.
	c.Body = nil
	return n, diags
}

// maxProblems is how many of the Markdown renderer's problems are listed
// for one file; the rest are counted in one more diagnostic. A note of a
// megabyte of raw HTML has a hundred thousand, which would bury the others.
const maxProblems = 100

// render converts a Markdown body that starts on line firstLine of file,
// turning the renderer's problems into diagnostics.
func (l *Loader) render(file string, body []byte, firstLine int, diags *diag.List, links *[]Link) string {
	if len(body) == 0 {
		return ""
	}
	res := l.Markdown.RenderImages(body, l.images.resolver(bodyDir(file)))
	problems := slices.SortedStableFunc(slices.Values(res.Problems), func(a, b markdown.Problem) int { return a.Offset - b.Offset })
	pos := positions{text: body}
	for i, p := range problems {
		line, col := pos.at(p.Offset)
		line += firstLine - 1
		if i == maxProblems {
			rest := problems[i:]
			msg := fmt.Sprintf("%s more problems of the Markdown from here on are not listed", textcheck.Count(len(rest)))
			if slices.ContainsFunc(rest, func(p markdown.Problem) bool { return !p.Warning }) {
				diags.Errorf(file, line, col, "%s", msg)
			} else {
				diags.Warnf(file, line, col, "%s", msg)
			}
			break
		}
		if p.Warning {
			diags.Warnf(file, line, col, "%s", p.Message)
		} else {
			diags.Errorf(file, line, col, "%s", p.Message)
		}
	}
	if links != nil {
		pos := positions{text: body}
		for _, lk := range res.Links {
			line, col := pos.at(lk.Offset)
			*links = append(*links, Link{Dest: lk.Dest, Line: firstLine + line - 1, Col: col})
		}
	}
	return string(res.HTML)
}

// positions turns byte offsets of a text into 1-based lines and columns
// (in characters). Each offset is counted from the one asked before when it
// is not behind it, so offsets in ascending order cost one pass over the
// text in all, however many there are.
type positions struct {
	text           []byte
	off, line, col int // the last offset asked, and where it is
}

func (p *positions) at(off int) (line, col int) {
	off = min(max(off, 0), len(p.text))
	if p.line == 0 || off < p.off {
		p.off, p.line, p.col = 0, 1, 1
	}
	for i := p.off; i < off; {
		if p.text[i] == '\n' {
			p.line, p.col = p.line+1, 1
			i++
			continue
		}
		_, size := utf8.DecodeRune(p.text[i:off])
		p.col++
		i += size
	}
	p.off = off
	return p.line, p.col
}

// siteScale turns a site's own ratings into a scale.
func siteScale(settings *content.Site, diags *diag.List) rating.Scale {
	var scale rating.Scale
	for _, r := range settings.Ratings {
		if _, dup := scale.Get(r.Key); dup {
			diags.Errorf(settings.Path, r.Pos.Line, r.Pos.Col, "rating %q is defined twice", r.Key)
			continue
		}
		color := r.Color
		if color == "" {
			color = "#6e7781"
		}
		scale = append(scale, rating.Rating{Key: r.Key, Label: r.Label, Meaning: r.Meaning, Color: color, Value: r.Value})
	}
	return scale
}

// anchorNotes finds each note's quote in the seed, checks verdicts and
// titles, and orders the notes by their place in the article.
func (l *Loader) anchorNotes(d *Dossier, scale rating.Scale, all *diag.List) {
	ixs := map[int]*anchor.Index{}
	titles := map[string]*Note{}
	kept := d.Notes[:0]
	for _, n := range d.Notes {
		// A draft's problems are warnings, and a draft with any is not
		// shown; one left out of the build is not anchored at all, as
		// it shares nothing with the published notes.
		draft := n.Draft || d.Draft
		if draft && !l.Drafts {
			d.Drafts = append(d.Drafts, n)
			continue
		}
		var mine diag.List
		diags := &mine
		if draft {
			defer func() { *all = append(*all, asWarnings(mine)...) }()
		} else {
			defer func() { *all = append(*all, mine...) }()
		}
		broken := n.broken
		if n.Verdict != "" {
			if _, ok := scale.Get(n.Verdict); !ok {
				diags.Errorf(n.Path, n.VerdictPos.Line, n.VerdictPos.Col, "unknown verdict %q: the scale is %s", n.Verdict, quoteAll(scale.Keys()))
				broken = true
			}
		}
		if n.Title != "" {
			if other, dup := titles[n.Title]; dup {
				diags.Errorf(n.Path, n.TitlePos.Line, n.TitlePos.Col, "title %q is also the title of %q: each finding needs its own", n.Title, other.Path)
			} else {
				titles[n.Title] = n
			}
		}
		if n.Quote == "" {
			d.Unanchored = append(d.Unanchored, n)
			continue
		}
		// Each note is anchored, exactly, in the revision it was
		// checked against.
		rev, ok := noteRevision(d, n, diags)
		if !ok {
			d.Unanchored = append(d.Unanchored, n)
			continue
		}
		n.Rev = rev
		sd := d.CheckedSeed(n)
		ix := ixs[rev]
		if ix == nil {
			ix = anchor.NewIndex(sd.Data, sd.TextStart())
			ixs[rev] = ix
		}
		m, err := ix.Find(anchor.Query{Quote: n.Quote, Occurrence: n.Occurrence, Prefix: n.Prefix, Suffix: n.Suffix})
		if err != nil {
			diags.Errorf(n.Path, n.QuotePos.Line, n.QuotePos.Col, "%s", AnchorMessage(sd, err))
			d.Unanchored = append(d.Unanchored, n)
			continue
		}
		if draft && broken {
			d.Unanchored = append(d.Unanchored, n)
			continue
		}
		n.Checked = m
		kept = append(kept, n)
	}
	refind(d, kept)
	kept = placeNotes(d, kept, all)
	for _, n := range kept {
		n.Line, _ = d.Seed.Position(n.Span.Start)
		n.Block = d.Seed.BlockIndex(n.Span.Start)
	}
	d.Notes = kept
	slices.SortFunc(d.Notes, func(a, b *Note) int {
		if a.Span.Start != b.Span.Start {
			return a.Span.Start - b.Span.Start
		}
		if a.Span.End != b.Span.End {
			return b.Span.End - a.Span.End // the longer, enclosing quote first
		}
		return strings.Compare(a.Name, b.Name)
	})
}

// maxListed is how many of a quote's places an anchoring message lists, so
// that it stays short however often a quote occurs; each passage it shows
// is cut to textcheck.MaxShown characters (textcheck.Shown).
const maxListed = 10

// AnchorMessage explains an anchoring failure in terms of the seed's lines.
// The places it names in the seed are words ("line 3, column 1"), not a
// second "path:line:col" that tools would take for the diagnostic's own
// position; the seed's text is quoted.
func AnchorMessage(sd *seed.Seed, err error) string {
	places := func(ms []anchor.Match) string {
		var b strings.Builder
		for i, m := range ms[:min(len(ms), maxListed)] {
			line, col := sd.Position(m.Start)
			fmt.Fprintf(&b, "\n\t%d. line %d, column %d: %q", i+1, line, col, excerpt(sd, m))
		}
		if len(ms) > maxListed {
			fmt.Fprintf(&b, "\n\t… and %s more", textcheck.Count(len(ms)-maxListed))
		}
		return b.String()
	}
	switch e := err.(type) {
	case *anchor.NotFoundError:
		msg := fmt.Sprintf("quote not found in %q", sd.Path)
		if e.Hint != nil {
			line, col := sd.Position(e.Hint.Start)
			msg += fmt.Sprintf("; the closest passage, at line %d, column %d, is %q", line, col, textcheck.Shown(string(sd.Data[e.Hint.Start:e.Hint.End])))
		}
		return msg
	case *anchor.AmbiguousError:
		return fmt.Sprintf("quote occurs %s times in %q; add \"occurrence: N\" (or \"prefix\"/\"suffix\") to choose one:%s", textcheck.Count(len(e.All)), sd.Path, places(e.All))
	case *anchor.OccurrenceError:
		return fmt.Sprintf("\"occurrence: %d\" asked for, but the quote occurs %s times in %q:%s", e.Occurrence, textcheck.Count(len(e.All)), sd.Path, places(e.All))
	case *anchor.ContextError:
		return fmt.Sprintf("no occurrence of the quote has that prefix and suffix; it occurs at:%s", places(e.All))
	}
	return err.Error()
}

// quoteAll quotes each of words and joins them with commas.
func quoteAll(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = strconv.Quote(w)
	}
	return strings.Join(q, ", ")
}

// excerpt shows a match with a little of its paragraph around it, cut at
// word boundaries.
func excerpt(sd *seed.Seed, m anchor.Match) string {
	const around = 30
	first, last := sd.Blocks[sd.BlockIndex(m.Start)], sd.Blocks[sd.BlockIndex(max(m.End-1, m.Start))]
	start, end := max(first.Start, m.Start-around), min(last.End, m.End+around)
	for start < m.Start && !utf8.RuneStart(sd.Data[start]) {
		start++ // not inside a character of a script of two or more bytes
	}
	for end > m.End && end < len(sd.Data) && !utf8.RuneStart(sd.Data[end]) {
		end--
	}
	if start > first.Start {
		if i := strings.IndexAny(string(sd.Data[start:m.Start]), " \t\n"); i >= 0 {
			start += i + 1
		}
	}
	if end < last.End {
		if i := strings.LastIndexAny(string(sd.Data[m.End:end]), " \t\n"); i >= 0 {
			end = m.End + i
		}
	}
	s := textcheck.Shown(strings.Join(strings.Fields(string(sd.Data[start:end])), " "))
	if start > first.Start {
		s = "…" + s
	}
	if end < last.End && !strings.HasSuffix(s, "…") {
		s += "…"
	}
	return s
}
