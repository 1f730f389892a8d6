// Package render turns a loaded site into its files: HTML pages from the
// theme's templates, feeds and exports, the stylesheets and the script.
// Pages are rendered in parallel and handed to a Writer one by one as they
// are finished, so a large site is never held in memory whole.
package render

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"hash/fnv"
	"html"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/rating"
	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/spill"
)

// A Writer receives the site's files. name is a slash-separated path
// relative to the output root. Write may be called from several goroutines.
type Writer interface {
	Write(name string, data []byte) error
}

// A LazyWriter can take a file as a function that makes it, called when the
// file is wanted. The site-wide aggregates (the search index, the
// JSON export, the sitemap, the feed) grow with the whole site, and a dev
// server that rebuilds after every save need not assemble them until a
// browser asks. The function may be called any number of times, from any
// goroutine, after Site has returned, even during a later call to Site: it
// gives the file as it was.
type LazyWriter interface {
	Writer
	WriteLazy(name string, make func() ([]byte, error))
}

// A PageWriter keeps each dossier's files as a Group: its pages as their
// digests and functions that render them again, instead of their bytes. A
// dev server of a large site keeps every page this way: it needs to know
// which pages a rebuild changed, and to serve the few pages a browser asks
// for, not to hold them all.
type PageWriter interface {
	LazyWriter
	// WriteGroup takes the files of a dossier. It may be called from
	// several goroutines, never twice for one dossier in one render.
	WriteGroup(g *Group)
	// WriteSitePage takes a site-wide page, the home page, a page of the
	// site's own, to be made when wanted, as WriteLazy's files are. Unlike
	// those, it may change alone: the methodology, a page of the site's
	// own, the description on the home page. So a writer that tells
	// which files a render changed must make it to know.
	WriteSitePage(name string, make func() ([]byte, error))
}

// Digest is the digest of a file's bytes that a PageWriter is given. It
// tells apart two versions of a page, not a page from an attacker's forgery.
func Digest(data []byte) uint64 {
	h := fnv.New64a()
	h.Write(data)
	return h.Sum64()
}

// Stats counts what a render wrote.
type Stats struct {
	Pages int
	Files int
	// Reused counts the dossiers whose pages were not rendered again.
	Reused int
}

// job renders one file, or does one piece of work when it has no name.
type job struct {
	name   string
	render func() ([]byte, error)
}

// A Renderer renders sites with a theme.
//
// With Reuse set and a PageWriter to write to, it renders only the pages of
// dossiers that changed: it keeps the digest of each dossier's pages and
// hands them again, with a function that renders the page on request,
// while the dossier, the site's settings and the theme are the very same
// values as before. The site package hands back the same *site.Dossier for
// a dossier none of whose files changed. A Renderer is not safe for
// concurrent use, but the render functions it hands out are.
//
// With Release set and no Reuse, the site is rendered once, as a build
// does, and each note's HTML is dropped from the site as soon as the pages
// that show it are written: a site's HTML is the bulk of what it holds, and
// a build would otherwise hold all of it until its last page.
type Renderer struct {
	Theme   *Theme
	Reuse   bool
	Release bool
	// Cards draws the share cards; nil draws each afresh. A dev server
	// (Reuse) draws a card only when a browser asks for it.
	Cards Cards
	// Kept, with SiteKey, lets a build (not Reuse) spare the dossiers
	// that did not change since an earlier build whose output the
	// Writer, a Carrier, replaces: what a build wrote of each dossier is
	// kept in the Store under the dossier's key (see dossierKey), and a
	// later build finding it there takes the dossier's files over from
	// the previous output rather than render them. SiteKey must digest
	// everything besides the dossiers' own files that a dossier's files
	// depend on: the binary, the settings and the other files of
	// content/, the theme's overrides and tables, the static files, the
	// Loader's options. Without it nothing is kept.
	Kept    Store
	SiteKey []byte
	// Spill, when set with Release, holds each dossier's parts of the
	// aggregates out of memory from when they are made until the
	// aggregates are assembled from them, one part at a time. A site
	// loaded with the same spill (site.Loader.Spill) has its notes' HTML
	// there, which Site reads back for each dossier's pages.
	Spill *spill.File

	settings any // what the cache was made for: the settings and theme
	cache    map[*site.Dossier]*dossierOutput
	// views and live are replaced, never cleared, when the cache is:
	// render functions handed out before may still be using the old ones.
	views *viewCache
	live  *liveView
	// terms keeps the terms of each dossier's notes, when reusing.
	terms *termUses
}

// dossierOutput is what is kept of one dossier between renders.
type dossierOutput struct {
	dossier *site.Dossier
	// view is the dossier in summary, all that the site-wide pages show.
	view *DossierView
	// group is the dossier's files, when reusing.
	group *Group
	// pageCount and shareCount count its pages and its files of
	// sharing, the latter once known (else -1).
	pageCount, shareCount int
	lock                  sync.Mutex

	// The dossier's part of each export, kept only by a build, in
	// Renderer.Spill: see parts in Site.
	search, export, sitemap, claimReviews spill.Ref
	// key is the dossier's key in Renderer.Kept, or nil; written lists
	// the files written of it, and taken is set when they were taken
	// over from the previous output instead.
	key     []byte
	written []keptFile
	taken   bool
	// pending counts the jobs of a build that write the dossier's files
	// (its pages, its files of sharing) and are not done: the last to
	// finish keeps what was written (keep), and written is let go.
	pending atomic.Int32
}

// done is called by each job that writes files of o when it has written
// them all; the last keeps them in s, if o has a key.
func (o *dossierOutput) done(s Store, sp *spill.File) {
	if o.key != nil && o.pending.Add(-1) == 0 {
		o.keep(s, sp)
	}
}

// viewCache keeps the annotated views of the few dossiers rendered last, so
// that a reader going from page to page of one dossier on the dev server
// does not have it annotated again for each.
type viewCache struct {
	mu      sync.Mutex
	entries []viewEntry // the most recently used first
}

type viewEntry struct {
	d *site.Dossier
	v *DossierView
}

const viewCacheSize = 4

func (c *viewCache) get(v *SiteView, d *site.Dossier) *DossierView {
	c.mu.Lock()
	for i, e := range c.entries {
		if e.d == d {
			copy(c.entries[1:i+1], c.entries[:i])
			c.entries[0] = e
			c.mu.Unlock()
			return e.v
		}
	}
	c.mu.Unlock()
	dv := newDossierView(v.scale(d.Language), d, annotated)
	c.put(d, dv)
	return dv
}

func (c *viewCache) put(d *site.Dossier, v *DossierView) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = slices.DeleteFunc(c.entries, func(e viewEntry) bool { return e.d == d })
	c.entries = slices.Insert(c.entries, 0, viewEntry{d, v})
	if len(c.entries) > viewCacheSize {
		clear(c.entries[viewCacheSize:])
		c.entries = c.entries[:viewCacheSize]
	}
}

// Site renders every file of s through w using a fresh Renderer, keeping
// nothing.
func (t *Theme) Site(s *site.Site, w Writer) (Stats, error) {
	return (&Renderer{Theme: t}).Site(s, w)
}

// Site renders every file of s through w. It stops at the first error.
func (r *Renderer) Site(s *site.Site, w Writer) (Stats, error) {
	pw, _ := w.(PageWriter)
	reuse := r.Reuse && pw != nil
	release := r.Release && !reuse
	var sp *spill.File // nil keeps the parts in memory
	if release {
		sp = r.Spill
	}
	// A note's page links its tags and claimant, so a term whose file
	// changes, as one does when another term comes to share its name,
	// changes the pages of dossiers that did not.
	var uses *termUses
	if reuse {
		if r.terms == nil {
			r.terms = newTermUses()
		}
		uses = r.terms
	}
	tags, claimants := taxonomies(s, uses)
	// So does a dossier's translation group, which every page of each of
	// its dossiers links, and the site's languages, which say which feed a
	// page links.
	// And the logo, which a dev server's cards, kept with their
	// dossier's files (see Group), show.
	key := [4]any{s.Settings, r.Theme, tags.renamed() + "\x00" + claimants.renamed() + "\x00" + translationKey(s), logoSum(s)}
	// A dev server makes the site-wide pages on request, but for the
	// first render with these settings and theme, so that a template
	// that fails on the site's data says so at once.
	lazyPages := reuse
	if !reuse || r.cache == nil || r.settings != key {
		lazyPages = false
		r.cache = map[*site.Dossier]*dossierOutput{}
		r.settings = key
		r.views = &viewCache{}
		r.live = &liveView{}
	}
	theme, views := r.Theme, r.views
	v := newSiteView(s, theme)
	// What is handed out renders from the latest view (see liveView):
	// this one, once complete, when the render succeeds.
	live := &liveView{}
	if reuse {
		live = r.live
	} else {
		live.Store(v)
	}
	var stats Stats
	// The interface's words, and the default scale's, are the site's
	// language's on the site-wide pages; a dossier's pages and its parts
	// of the exports have its language's (SiteView.scale).
	//
	// A logo the cards cannot show is reported by check (CheckLogo); the
	// cards then go without.
	v.logo, _ = siteLogo(s)
	tr := theme.translator(v.page(v.Language, ""))
	v.scales = &scales{base: s.Scale, own: len(s.Settings.Ratings) > 0, catalog: theme.Catalog(v.Language), byLang: map[string]rating.Scale{}}
	scale := v.scale(v.Language)
	v.Scale = scale
	if err := v.menu(s, tr); err != nil {
		return stats, err
	}

	// The site-wide pages see every dossier in summary, which the embedded
	// theme shows without the notes' HTML: a dossier taken from the build
	// cache is given it only if one of its pages is rendered, or the theme
	// has templates of the site's own, which may show it.
	if theme.overridden() {
		for _, d := range s.Dossiers {
			if err := d.LoadHTML(); err != nil {
				return stats, err
			}
		}
	}
	// The summaries of the changed dossiers are made in one pass, before
	// any page, so that what the dev server keeps lies together in memory
	// rather than scattered among garbage that the runtime could then not
	// give back.
	outs := make([]*dossierOutput, len(s.Dossiers))
	var fresh []int
	dossierPages := 0
	v.Dossiers = make([]*DossierView, len(outs))
	for i, d := range s.Dossiers {
		if out := r.cache[d]; out != nil { // unchanged: its pages are as they were
			outs[i] = out
			stats.Reused++
			pw.WriteGroup(out.group)
		} else {
			outs[i] = &dossierOutput{dossier: d, view: newDossierView(scale, d, summary), pageCount: len(dossierFiles(d)), shareCount: -1}
			if reuse {
				outs[i].group = &Group{Slug: d.Slug}
			}
			fresh = append(fresh, i)
		}
		v.Dossiers[i] = outs[i].view
		dossierPages += outs[i].pageCount
	}
	// A build takes the files of the dossiers that did not change from
	// the previous output, and their parts of the aggregates from Kept.
	carrier, _ := w.(Carrier)
	if !reuse && r.Kept != nil && carrier != nil {
		var takeJobs []job
		for _, i := range fresh {
			d, out := s.Dossiers[i], outs[i]
			if out.key = dossierKey(r.SiteKey, key[2].(string), d); out.key == nil {
				continue
			}
			takeJobs = append(takeJobs, job{render: func() ([]byte, error) {
				b, ok := r.Kept.Get(keptKind, out.key)
				if !ok {
					return nil, nil
				}
				if k, ok := decodeKept(b); ok && carryKept(carrier, d, v.BaseURL != "", k) {
					out.search, out.export, out.sitemap, out.claimReviews = sp.Put(k.search), sp.Put(k.export), sp.Put(k.sitemap), sp.Put(k.claimReviews)
					out.taken = true
				}
				return nil, nil
			}})
		}
		run(takeJobs, nil)
		fresh = slices.DeleteFunc(fresh, func(i int) bool {
			if outs[i].taken {
				stats.Reused++
			}
			return outs[i].taken
		})
	}
	v.collectCorrections()
	v.orderByDate()
	v.Tags, v.Claimants = tags.withNotes(v.Dossiers), claimants.withNotes(v.Dossiers)

	var dossierJobs, siteJobs []job
	// A changed dossier's pages are rendered from its annotated view, one
	// dossier per job, so that each view is garbage as soon as its pages
	// are done. A build writes the pages; a dev server keeps their digests
	// and renders a page again when it is asked for, from the view cache.
	for _, i := range fresh {
		d, out := s.Dossiers[i], outs[i]
		out.pending.Store(2) // this job and the one of its files of sharing
		dossierJobs = append(dossierJobs, job{render: func() ([]byte, error) {
			// A kept dossier's notes' HTML is in the store (see
			// site.Dossier.LoadHTML), a fresh one's may be in a build's
			// spill (site.Loader.Spill): it is held while the dossier's
			// pages are made, and released below.
			if err := d.LoadHTML(); err != nil {
				return nil, err
			}
			if release {
				if err := d.LoadSpilled(); err != nil {
					return nil, err
				}
			}
			full := newDossierView(v.scale(d.Language), d, annotated)
			if reuse {
				views.put(d, full)
			} else {
				out.search, out.export, out.sitemap = sp.Put(v.searchEntries(full)), sp.Put(v.exportDossier(full)), sp.Put(v.sitemapEntries(full))
				out.claimReviews = sp.Put(v.claimReviewItems(full))
			}
			for _, name := range dossierFiles(d) {
				kind, p, err := theme.dossierPage(v, full, name)
				if err != nil {
					return nil, pageError(p.Path, err)
				}
				if !reuse {
					data, err := theme.page(kind, p)
					if err == nil {
						err = w.Write(p.Path, data)
					}
					if err == nil && out.key != nil {
						out.record(p.Path, data)
					}
					if err != nil {
						return nil, pageError(p.Path, err)
					}
					continue
				}
				sum, err := theme.pageDigest(kind, p)
				if err != nil {
					return nil, pageError(p.Path, err)
				}
				out.group.Files = append(out.group.Files, GroupFile{Name: p.Path, Sum: sum, Render: rerenderPage(theme, live, views, d, name)})
			}
			if release {
				// Nothing reads the HTML any more: the dossier's parts of
				// the exports are made, and whatever else shows notes was
				// rendered before the dossiers' jobs.
				d.Release()
				for _, n := range out.view.all {
					n.html = ""
				}
			}
			out.done(r.Kept, sp)
			return nil, nil
		}})
	}
	for i, out := range outs {
		if out.taken && release {
			d := s.Dossiers[i]
			dossierJobs = append(dossierJobs, job{render: func() ([]byte, error) {
				d.Release()
				for _, n := range out.view.all {
					n.html = ""
				}
				return nil, nil
			}})
		}
	}

	// The files of sharing: each dossier's cards, and its checks' embed
	// pages and oEmbed files. A build makes them in parallel with the
	// pages; a dev server only when a browser asks, never on a save (a
	// card costs milliseconds): any change to them comes with a changed
	// page, but for the cards' logo, which no open page shows. A build
	// makes a dossier's files of sharing in one job, whose jobs for each
	// file are made when it runs: there are four for every check, which a
	// site of tens of thousands would otherwise hold all through.
	hasBaseURL := v.BaseURL != ""
	shareFileCount := 0
	shareJobs := func(o *dossierOutput) []job {
		jobs := v.shareJobs(theme, r.Cards, live, o)
		for i, j := range jobs {
			if o.key != nil {
				render := j.render
				jobs[i].render = func() ([]byte, error) {
					data, err := render()
					if err == nil {
						o.record(j.name, data)
					}
					return data, err
				}
			}
		}
		return jobs
	}
	for _, i := range fresh {
		o := outs[i]
		if reuse {
			// A dev server's changed dossier gets them in its group,
			// made on request.
			for _, j := range shareJobs(o) {
				o.group.Files = append(o.group.Files, GroupFile{Name: j.name, Lazy: true, Render: j.render})
			}
			continue
		}
		shareFileCount += len(shareFiles(o.dossier, hasBaseURL))
		dossierJobs = append(dossierJobs, job{render: func() ([]byte, error) {
			var f failures
			for _, j := range shareJobs(o) {
				data, err := j.render()
				if err == nil {
					err = w.Write(j.name, data)
				}
				f.add(j.name, err)
			}
			if err := f.err(); err != nil {
				return nil, err
			}
			o.done(r.Kept, sp)
			return nil, nil
		}})
	}

	sitePages := 0
	page := func(name, kind string, p *Page) {
		p.Kind, p.Path = kind, name
		p.Canonical = v.absURL(name)
		render := func() ([]byte, error) { return theme.page(kind, p) }
		if lazyPages {
			pw.WriteSitePage(name, render)
			sitePages++
		} else {
			siteJobs = append(siteJobs, job{name, render})
		}
		stats.Pages++
	}
	add := func(name string, render func() ([]byte, error)) { siteJobs = append(siteJobs, job{name, render}) }
	var aggregates []job
	aggregate := func(name string, render func() ([]byte, error)) {
		aggregates = append(aggregates, job{name, render})
	}
	// The aggregates are assembled from each dossier's part. A build made
	// the parts with the pages; a dev server makes the one it needs afresh
	// each time, in parallel, and keeps none: it is asked for an aggregate
	// only when a browser is, and keeping them would hold as much again as
	// the site's text.
	parts := func(kept func(*dossierOutput) spill.Ref, fresh func(*DossierView) []byte) partList {
		if !reuse {
			l := partList{n: len(outs), at: func(i int) ([]byte, error) { return sp.Get(kept(outs[i])) }}
			for _, o := range outs {
				l.size += kept(o).Len()
			}
			return l
		}
		out := make([][]byte, len(outs))
		var partJobs []job
		for i, o := range outs {
			partJobs = append(partJobs, job{render: func() ([]byte, error) {
				if err := o.dossier.LoadHTML(); err != nil {
					return nil, err
				}
				out[i] = fresh(newDossierView(v.scale(o.dossier.Language), o.dossier, exported))
				return nil, nil
			}})
		}
		run(partJobs, nil)
		return partsOf(out)
	}
	// The site-wide files are those siteFiles lists, which is what check
	// resolves links against: each is made here, or rendering fails.
	for _, name := range siteFiles(v.BaseURL != "", v.Languages) {
		switch name {
		case "index.html":
			p := v.page(v.Language, "")
			p.Description = s.Settings.Description
			page(name, "home", p)
		case "methodology.html", "corrections.html", "search.html":
			kind := strings.TrimSuffix(name, ".html")
			p := v.page(v.Language, "")
			if err := v.titled(p, "page."+kind, nil); err != nil {
				return stats, err
			}
			page(name, kind, p)
		case "404.html":
			p404 := v.page(v.Language, v.rootPath())
			if err := v.titled(p404, "page.404", nil); err != nil {
				return stats, err
			}
			page(name, "404", p404)
			p404.Canonical = ""
		case searchManifest:
			// The search's files are made together, once a build has
			// every dossier's part, or once a browser asks for one of
			// them (searchOutput).
			entries := searchEntryCount(s)
			_, lazy := w.(LazyWriter)
			search := &searchOutput{once: !lazy, make: func() (map[string][]byte, error) {
				return searchIndex(parts(func(o *dossierOutput) spill.Ref { return o.search }, v.searchEntries), entries)
			}}
			for _, name := range append([]string{name}, searchFiles(entries)...) {
				aggregate(name, func() ([]byte, error) { return search.file(name) })
			}
		case "dossier.json":
			aggregate(name, func() ([]byte, error) {
				return v.export(parts(func(o *dossierOutput) spill.Ref { return o.export }, v.exportDossier))
			})
		case "sitemap.xml":
			aggregate(name, func() ([]byte, error) {
				return v.sitemap(parts(func(o *dossierOutput) spill.Ref { return o.sitemap }, v.sitemapEntries))
			})
		case "claimreview.json":
			aggregate(name, func() ([]byte, error) {
				return v.claimReviewFeed(parts(func(o *dossierOutput) spill.Ref { return o.claimReviews }, v.claimReviewItems))
			})
		case "assets/verdicts.css":
			add(name, v.verdictCSS)
		case "robots.txt":
			add(name, v.robots)
		default:
			lang, ok := v.feedLanguage(name)
			if !ok {
				return stats, fmt.Errorf("%s: render has no way to make it", name) // a build of dossier itself is broken
			}
			feed := func() ([]byte, error) { return v.feed(lang) }
			if release {
				// The feed shows notes' HTML, which the dossiers' jobs release.
				data, err := v.feed(lang)
				if err != nil {
					return stats, fmt.Errorf("%s: %w", name, err)
				}
				feed = func() ([]byte, error) { return data, nil }
			}
			aggregate(name, feed)
		}
	}
	// The pages of their own, content/<name>.md.
	for _, pv := range v.Pages {
		p := v.page(pv.Language, "")
		p.Title, p.Description = pv.Title, pv.Description
		p.Content, p.Draft = pv, pv.Draft
		page(pv.Name+".html", "page", p)
	}
	// The taxonomies' pages gather notes of every dossier, as the
	// aggregates do, and like them are made only when asked for on a dev
	// server: a claimant of thousands of checks would otherwise be
	// rendered again on every save. Any change to them comes with a
	// changed note or dossier page.
	termPage := func(name, kind string, p *Page) {
		p.Kind, p.Path = kind, name
		p.Canonical = v.absURL(name)
		aggregate(name, func() ([]byte, error) { return theme.page(kind, p) })
		stats.Pages++
	}
	for _, t := range []*TaxonomyView{v.Tags, v.Claimants} {
		if len(t.Terms) == 0 {
			continue // as Files says
		}
		p := v.page(v.Language, "../")
		p.Taxonomy = t
		if err := v.titled(p, "page."+t.Name, nil); err != nil {
			return stats, err
		}
		termPage(t.Name+"/index.html", "terms", p)
		for _, term := range t.Terms {
			p := v.page(v.Language, "../")
			p.Taxonomy, p.Term = t, term
			if err := v.titled(p, "page."+strings.TrimSuffix(t.Name, "s"), map[string]any{"Name": term.Name}); err != nil {
				return stats, err
			}
			termPage(t.Name+"/"+term.File, "term", p)
		}
	}
	// The theme's assets, its own and the site's, are copied as they are,
	// and so are the files of static/ (CheckStatic keeps them apart).
	for _, name := range theme.assetNames {
		data := theme.assets[name]
		add(name, func() ([]byte, error) { return data, nil })
	}
	for _, f := range s.Static {
		add(f.Name, func() ([]byte, error) { return f.Data, nil })
	}
	// So are the dossiers' evidence: their revisions and WARC files.
	for _, d := range s.Dossiers {
		for _, f := range dossierDownloads(d) {
			add(f.name, func() ([]byte, error) { return f.data, nil })
		}
	}
	// Every file is one dossier page, one site-wide job or one aggregate.
	stats.Pages += dossierPages
	stats.Files = dossierPages + shareFileCount + len(siteJobs) + sitePages + len(aggregates)
	for _, o := range outs {
		if o.taken || reuse {
			if o.shareCount < 0 {
				o.shareCount = len(shareFiles(o.dossier, v.BaseURL != ""))
			}
			stats.Files += o.shareCount
		}
	}
	// The dossiers' jobs, the longest, go first, to keep both cores busy to
	// the end. When releasing, the site-wide pages go first instead: they
	// show the dossiers in summary, and a theme may show the notes' HTML
	// there, which the dossiers' jobs release.
	batches := [][]job{append(dossierJobs, siteJobs...)}
	if release {
		batches = [][]job{siteJobs, dossierJobs}
	}
	for _, jobs := range batches {
		if err := run(jobs, w); err != nil {
			return stats, err
		}
	}
	// A build assembles the aggregates once every dossier's parts are made.
	if lazy, ok := w.(LazyWriter); ok {
		for _, j := range aggregates {
			lazy.WriteLazy(j.name, j.render)
		}
	} else if err := run(aggregates, w); err != nil {
		return stats, err
	}
	if reuse {
		live.Store(v)
		for _, i := range fresh {
			pw.WriteGroup(outs[i].group)
		}
		clear(r.cache)
		for i, d := range s.Dossiers {
			r.cache[d] = outs[i]
		}
	}
	return stats, nil
}

// partList is the dossiers' parts of one aggregate, in the order of the
// dossiers, which an aggregate reads one at a time: a build's are in its
// spill file until then (Renderer.Spill).
type partList struct {
	n    int // how many
	size int // their bytes in all
	at   func(i int) ([]byte, error)
}

// partsOf returns the partList of parts held in memory.
func partsOf(parts [][]byte) partList {
	l := partList{n: len(parts), at: func(i int) ([]byte, error) { return parts[i], nil }}
	for _, p := range parts {
		l.size += len(p)
	}
	return l
}

// each calls f with each part in order, stopping at the first error.
func (l partList) each(f func(i int, part []byte)) error {
	for i := range l.n {
		p, err := l.at(i)
		if err != nil {
			return err
		}
		f(i, p)
	}
	return nil
}

// translationKey sums up what of the site's languages and translation groups
// its dossiers' pages show: which languages there are, and each group's
// slugs, languages and titles.
func translationKey(s *site.Site) string {
	var b strings.Builder
	b.WriteString(strings.Join(s.Languages, " "))
	for _, slug := range slices.Sorted(maps.Keys(s.Translations)) {
		g := s.Translations[slug]
		if g[0].Slug != slug {
			continue // each group once, by its original
		}
		for _, d := range g {
			fmt.Fprintf(&b, "\x00%s %s %s", d.Slug, d.Language, d.Title())
		}
	}
	return b.String()
}

// rerenderPage returns a function that renders the page name of dossier d
// again, from the view cache.
func rerenderPage(theme *Theme, live *liveView, views *viewCache, d *site.Dossier, name string) func() ([]byte, error) {
	return func() ([]byte, error) {
		v := live.Load()
		kind, p, err := theme.dossierPage(v, views.get(v, d), name)
		if err != nil {
			return nil, err
		}
		return theme.page(kind, p)
	}
}

// Files returns the name of every file that rendering s with t writes, relative
// to the output's root: the one list of the site's files. A build writes
// exactly these, and check resolves the links between pages against them.
func Files(s *site.Site, t *Theme) []string {
	names := append(siteFiles(s.Settings.BaseURL != "", s.Languages), searchFiles(searchEntryCount(s))...)
	names = append(names, t.assetNames...)
	for _, p := range s.Pages {
		names = append(names, p.Name+".html")
	}
	tags, claimants := taxonomies(s, nil)
	names = append(names, tags.Files()...)
	names = append(names, claimants.Files()...)
	for _, d := range s.Dossiers {
		for _, name := range dossierFiles(d) {
			names = append(names, d.Slug+"/"+name)
		}
		for _, f := range dossierDownloads(d) {
			names = append(names, f.name)
		}
		for _, name := range shareFiles(d, s.Settings.BaseURL != "") {
			names = append(names, d.Slug+"/"+name)
		}
	}
	// The static files come last: see generatedFiles.
	return append(names, staticNames(s)...)
}

// siteFiles lists the site-wide files that are not the theme's assets nor
// the search's shards and chunks (searchFiles), in
// the order they are rendered, for a site whose languages are languages
// (site.Site.Languages). The sitemap, the feeds and the feed of
// ClaimReviews need absolute URLs, so a site without a baseURL has none of
// them; a site of several languages has a feed for each (feedFiles).
func siteFiles(hasBaseURL bool, languages []string) []string {
	names := []string{"index.html", "methodology.html", "corrections.html", "search.html", "404.html",
		searchManifest, "dossier.json"}
	if hasBaseURL {
		names = append(names, "sitemap.xml")
		names = append(names, feedFiles(languages)...)
		names = append(names, "claimreview.json")
	}
	return append(names, "assets/verdicts.css", "robots.txt")
}

// dossierOwnPages are the files of the pages every dossier has besides its
// notes' (site.DossierPages).
var dossierOwnPages = func() []string {
	var names []string
	for _, name := range site.DossierPages {
		names = append(names, name+".html")
	}
	return names
}()

// dossierFiles lists the pages of a dossier, relative to its folder.
func dossierFiles(d *site.Dossier) []string {
	names := slices.Clone(dossierOwnPages)
	for _, n := range d.Notes {
		names = append(names, n.Name+".html")
	}
	for _, r := range d.Revisions[min(1, len(d.Revisions)):] {
		names = append(names, revisionDir+r.Name+".html")
	}
	return names
}

// revisionPageName returns name when it is a revision's page, one of
// dossierFiles, and "" otherwise, for dossierPage's switch.
func revisionPageName(name string) string {
	if strings.HasPrefix(name, revisionDir) {
		return name
	}
	return ""
}

// dossierPage returns the template and data of the page name of dossier d,
// one of dossierFiles.
func (v *SiteView) dossierPage(d *DossierView, name string) (kind string, p *Page, err error) {
	p = v.page(d.Language, "../")
	title := map[string]any{"Title": d.Title}
	switch name {
	case "index.html":
		kind = "dossier"
		// Its title is the dossier's; its description, the theme's
		// dossier-description: see Theme.dossierPage.
		p.Title = d.Title
	case "claims.html":
		kind = "claims"
		err = v.titled(p, "page.claims", title)
	case "sources.html":
		kind = "sources"
		err = v.titled(p, "page.sources", title)
	case revisionPageName(name):
		p = v.page(d.Language, "../../")
		for i, r := range d.Revisions {
			if i > 0 && r.DiffFile == name {
				kind = "revision"
				p.Revision = revisionPage(d.source, d, i)
				// The day as the reader's language writes it, as the
				// page itself shows it.
				var day string
				if day, err = v.theme.translator(p).Date(r.Date); err == nil {
					err = v.titled(p, "page.revision", map[string]any{"Title": d.Title, "Date": day})
				}
			}
		}
		if kind == "" {
			p.Title, kind = name, "missing" // not reached, as below
		}
	default:
		for _, n := range d.all {
			if n.File != name {
				continue
			}
			p.Title = n.Title
			switch {
			case n.Retracted != nil:
				// Withdrawn: the page keeps its address and says so, and
				// no verdict is published for it, so no ClaimReview.
				kind = "retracted"
				err = v.titled(p, "page.retracted", map[string]any{"Title": n.Title})
			case n.IsRemark():
				// A remark rates no claim: no verdict, no ClaimReview.
				kind = "remark"
				p.Description = n.Title
			default:
				kind = "note"
				err = v.titled(p, "page.note", map[string]any{"Title": n.Title, "Rating": n.Rating.Label})
				if review := v.claimReview(d, n); review != nil {
					p.JSONLD = review
				}
			}
			p.Note = n
			break
		}
		if kind == "" {
			// Not reached: names come from dossierFiles of the same
			// dossier. Should one not, rendering fails with an error ("no
			// template for missing pages") rather than a nil Page panicking.
			p.Title = name
			kind = "missing"
		}
	}
	p.Dossier, p.Kind, p.Path = d, kind, d.Slug+"/"+name
	p.Translations = v.translations(d, name)
	if p.Translations != nil && slices.Contains(dossierOwnPages, name) {
		p.Alternates = p.Translations
	}
	p.Draft = d.Draft || p.Note != nil && p.Note.Draft
	p.Canonical = v.absURL(p.Path)
	if err == nil && (kind == "note" || kind == "dossier") {
		err = v.share(p, d, p.Note)
	}
	return kind, p, err
}

// dossierPage returns the template and data of the page name of dossier
// d, as SiteView.dossierPage does, with the description of the dossier's
// article page, which the theme words: its "dossier-description"
// template, executed with d and made plain text.
func (t *Theme) dossierPage(v *SiteView, d *DossierView, name string) (kind string, p *Page, err error) {
	kind, p, err = v.dossierPage(d, name)
	if err == nil && kind == "dossier" {
		if p.Description, err = t.text(p, kind, descriptionTemplate, d); err != nil {
			err = &TemplateError{Diag: t.diagnose(err, "article.html"), Page: p.Path}
		}
	}
	return kind, p, err
}

// text executes the template name of the set of the page template kind,
// in p's language, with data, and returns what it writes as plain text,
// for an attribute or a file that is not HTML: with its character references replaced by the
// characters they stand for, and each run of white space, line breaks
// included, made one space.
func (t *Theme) text(p *Page, kind, name string, data any) (string, error) {
	tmpl := t.set(t.translator(p))[kind]
	if tmpl == nil {
		return "", fmt.Errorf("no template for %s pages", kind)
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	if err := tmpl.ExecuteTemplate(buf, name, data); err != nil {
		return "", err
	}
	return strings.Join(strings.FieldsFunc(html.UnescapeString(buf.String()), isHTMLSpace), " "), nil
}

// isHTMLSpace reports whether r is white space to HTML, which collapses it.
func isHTMLSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' }

// run renders the jobs on all cores, writing each file as it is done; jobs
// without a name, and all jobs when w is nil, are run for their effects
// alone. It returns the first error other than a template's or, when
// there is none, every template error, each once with the first page (by
// name) that it failed on.
func run(jobs []job, w Writer) error {
	var (
		wg sync.WaitGroup
		f  failures
	)
	next := make(chan job)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				data, err := j.render()
				if err == nil && w != nil && j.name != "" {
					err = w.Write(j.name, data)
				}
				f.add(j.name, err)
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	return f.err()
}

// failures gathers the errors of jobs as run reports them: the first error
// other than a template's, and each template error once, with the first
// page (by name) that it failed on. Its methods may be called from several
// goroutines.
type failures struct {
	mu       sync.Mutex
	firstErr error
	failed   map[diag.Diagnostic]string
}

// add records err, the error of the job that makes the file name, if any.
// An error of the template errors that another failures gave (err) counts
// as each of them.
func (f *failures) add(name string, err error) {
	if err == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var tes []*TemplateError
	if te, ok := err.(*TemplateError); ok {
		tes = append(tes, te)
	} else if u, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range u.Unwrap() {
			te, ok := e.(*TemplateError)
			if !ok {
				tes = nil
				break
			}
			tes = append(tes, te)
		}
	}
	if tes == nil {
		if f.firstErr == nil {
			f.firstErr = pageError(name, err)
		}
		return
	}
	if f.failed == nil {
		f.failed = map[diag.Diagnostic]string{}
	}
	for _, te := range tes {
		if page, seen := f.failed[te.Diag]; !seen || te.Page < page {
			f.failed[te.Diag] = te.Page
		}
	}
}

// err returns the first error other than a template's or, when there is
// none, every template error, each once with its first page.
func (f *failures) err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.firstErr != nil || len(f.failed) == 0 {
		return f.firstErr
	}
	var errs []error
	for _, d := range slices.SortedFunc(maps.Keys(f.failed), compareDiags) {
		errs = append(errs, &TemplateError{Diag: d, Page: f.failed[d]})
	}
	return errors.Join(errs...)
}

func compareDiags(a, b diag.Diagnostic) int {
	return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col), strings.Compare(a.Message, b.Message))
}

// pageError gives err the name of the page it happened on, unless it is a
// template's error, which has it, or there is no name.
func pageError(name string, err error) error {
	if _, ok := err.(*TemplateError); ok || name == "" {
		return err
	}
	return fmt.Errorf("%s: %w", name, err)
}

// buffers are reused between pages: a page's buffer grows by doubling, and
// keeping it would hold up to twice the page's size for as long as the dev
// server keeps the page.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (t *Theme) page(kind string, p *Page) ([]byte, error) {
	var data []byte
	err := t.execute(kind, p, func(b []byte) { data = bytes.Clone(b) })
	return data, err
}

// pageDigest renders a page for its digest alone, sparing a copy that would
// only become garbage.
func (t *Theme) pageDigest(kind string, p *Page) (uint64, error) {
	var sum uint64
	err := t.execute(kind, p, func(b []byte) { sum = Digest(b) })
	return sum, err
}

// execute renders a page into a pooled buffer and hands it to use, which
// must not keep it.
func (t *Theme) execute(kind string, p *Page, use func([]byte)) error {
	tmpl := t.set(t.translator(p))[kind]
	if tmpl == nil {
		return fmt.Errorf("no template for %s pages", kind)
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	if err := tmpl.ExecuteTemplate(buf, entry(kind), p); err != nil {
		return t.templateError(kind, p, err)
	}
	use(buf.Bytes())
	return nil
}
