package site

import (
	"path"
	"strings"
	"sync"

	"github.com/dossier-org/dossier/internal/content"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/rating"
	"github.com/dossier-org/dossier/internal/seed"
)

// cache keeps what a Loader parsed, so that the next load after an edit
// redoes only the work the edit touched. Entries are trusted until
// Invalidate names their file: the watcher that calls Invalidate knows what
// changed, which is far cheaper than reading every file again to compare.
type cache struct {
	mu sync.Mutex

	settings    *settingsEntry
	methodology *renderedEntry
	static      *staticEntry
	notes       map[string]*noteEntry    // by file path
	notesMu     sync.Mutex               // for the parallel note loaders
	dossiers    map[string]*dossierEntry // by slug

	dirty    map[string]bool // slugs whose dossier must be loaded again
	allDirty bool
}

type settingsEntry struct {
	settings *content.Site
	scale    rating.Scale
	intro    string
	diags    diag.List
}

type staticEntry struct {
	files  []StaticFile
	images *images
	diags  diag.List
}

type renderedEntry struct {
	html  string
	diags diag.List
}

// noteEntry is a parsed and rendered note before anchoring, which depends
// on the seed and so is redone whenever the dossier is.
type noteEntry struct {
	note  *Note
	diags diag.List
}

type dossierEntry struct {
	dossier *Dossier
	diags   diag.List
}

// Incremental makes l keep what it parses between loads. After a file
// changes, call Invalidate with its path before the next Load. A dossier
// none of whose files changed is returned as the very same *Dossier, which
// lets later stages reuse their own work on it too.
func (l *Loader) Incremental() {
	l.cache = &cache{notes: map[string]*noteEntry{}, dossiers: map[string]*dossierEntry{}, dirty: map[string]bool{}}
}

// Invalidate tells an incremental Loader that the file or directory at p (a
// slash-separated path relative to the source root) was created, changed,
// renamed or removed.
func (l *Loader) Invalidate(p string) {
	c := l.cache
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	p = path.Clean(p)
	switch {
	case p == SiteFile:
		c.settings = nil
		c.allDirty = true // the scale, the base URL and the title are on every page
	case p == MethodologyFile:
		c.methodology = nil
	case p == StaticDir || strings.HasPrefix(p, StaticDir+"/"):
		// Every body may show an image of static/, with its size.
		c.InvalidateAllLocked()
	case strings.HasPrefix(p, SeedDir+"/"):
		// seeds/<slug>.txt, seeds/<slug>.warc.gz or seeds/<slug>/<revision>
		slug, _, _ := strings.Cut(strings.TrimPrefix(p, SeedDir+"/"), "/")
		c.dirty[strings.TrimSuffix(strings.TrimSuffix(slug, seed.TextExt), seed.ArchiveExt)] = true
	case strings.HasPrefix(p, ContentDir+"/"):
		rest := strings.TrimPrefix(p, ContentDir+"/")
		slug, _, _ := strings.Cut(rest, "/")
		c.dirty[slug] = true
		// A note's file, as a save names, or a folder, whose notes
		// are looked for among all.
		if _, ok := c.notes[p]; ok {
			delete(c.notes, p)
			break
		}
		for file := range c.notes {
			if strings.HasPrefix(file, p+"/") {
				delete(c.notes, file)
			}
		}
	default:
		c.InvalidateAllLocked()
	}
}

// InvalidateAll forgets everything, as after the watcher lost events.
func (l *Loader) InvalidateAll() {
	if c := l.cache; c != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.InvalidateAllLocked()
	}
}

// InvalidateAllLocked forgets everything; c.mu must be held.
func (c *cache) InvalidateAllLocked() {
	c.settings, c.methodology, c.static = nil, nil, nil
	clear(c.notes)
	clear(c.dossiers)
	clear(c.dirty)
	c.allDirty = true
}
