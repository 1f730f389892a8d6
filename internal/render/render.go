// Package render turns a loaded site into its files: HTML pages from the
// theme's templates, feeds and exports, the stylesheets and the script.
// Pages are rendered in parallel and handed to a Writer one by one as they
// are finished, so a large site is never held in memory whole.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"runtime"
	"strings"
	"sync"

	"dossier/internal/diag"
	"dossier/internal/markdown"
	"dossier/internal/site"
	"dossier/templates"
)

// A Writer receives the site's files. name is a slash-separated path
// relative to the output root. Write may be called from several goroutines.
type Writer interface {
	Write(name string, data []byte) error
}

// A LazyWriter can take a file as a function that makes it, called when the
// file is first wanted. The site-wide aggregates (the search index, the
// JSON export, the sitemap, the feed) grow with the whole site, and a dev
// server that rebuilds after every save need not assemble them until a
// browser asks. The function may be called from any goroutine, after Site
// has returned.
type LazyWriter interface {
	Writer
	WriteLazy(name string, make func() ([]byte, error))
}

// Theme is a parsed set of templates and static assets.
type Theme struct {
	pages  map[string]*template.Template
	assets map[string][]byte
}

// pageKinds lists the page templates; each is parsed together with
// base.html, which holds the page shell and shared pieces.
var pageKinds = []string{"home", "dossier", "claims", "sources", "note", "methodology", "corrections", "search", "404"}

// assetFiles maps the theme's static files to where they are written.
var assetFiles = map[string]string{"style.css": "assets/style.css", "site.js": "assets/site.js"}

// LoadTheme parses the embedded theme, with any file of the same name in
// override (a site's templates/ folder, which may be nil) taking its place.
// Template errors are reported against the file that has them.
func LoadTheme(override fs.FS) (*Theme, diag.List) {
	var diags diag.List
	read := func(name string) (data []byte, origin string) {
		if override != nil {
			if b, err := fs.ReadFile(override, name); err == nil {
				return b, "templates/" + name
			}
		}
		b, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			panic("render: embedded theme lacks " + name) // a build of dossier itself is broken
		}
		return b, "(embedded) templates/" + name
	}
	t := &Theme{pages: map[string]*template.Template{}, assets: map[string][]byte{}}
	baseSrc, baseOrigin := read("base.html")
	base, err := template.New("base.html").Funcs(funcs).Parse(string(baseSrc))
	if err != nil {
		reportTemplate(&diags, baseOrigin, err)
		return t, diags
	}
	for _, kind := range pageKinds {
		src, origin := read(kind + ".html")
		tmpl := template.Must(base.Clone())
		if _, err := tmpl.New(kind + ".html").Parse(string(src)); err != nil {
			reportTemplate(&diags, origin, err)
			continue
		}
		t.pages[kind] = tmpl
	}
	for name, out := range assetFiles {
		data, _ := read(name)
		t.assets[out] = data
	}
	t.assets["assets/chroma.css"] = markdown.CSS()
	diags.Sort()
	return t, diags
}

// reportTemplate turns an html/template error ("template: name:12: msg")
// into a diagnostic at that line of the file.
func reportTemplate(diags *diag.List, file string, err error) {
	msg := err.Error()
	line := 0
	if rest, ok := strings.CutPrefix(msg, "template: "); ok {
		parts := strings.SplitN(rest, ":", 3)
		if len(parts) == 3 {
			if _, e := fmt.Sscanf(parts[1], "%d", &line); e == nil {
				msg = strings.TrimSpace(parts[2])
			}
		}
	}
	diags.Errorf(file, line, 0, "template: %s", msg)
}

var funcs = template.FuncMap{
	"join": strings.Join,
}

// Stats counts what a render wrote.
type Stats struct {
	Pages int
	Files int
	// Reused counts the dossiers whose pages came from the cache.
	Reused int
}

// job renders one file.
type job struct {
	name   string
	render func() ([]byte, error)
}

// A Renderer renders sites with a theme. With Reuse set it keeps each
// dossier's output and gives it again, without rendering, while the
// dossier, the site's settings and the theme are the very same values as
// before: the site package hands back the same *site.Dossier for a dossier
// none of whose files changed. A Renderer is not safe for concurrent use.
type Renderer struct {
	Theme *Theme
	Reuse bool

	settings any // what the cache was made for: the settings and theme
	cache    map[*site.Dossier]*dossierOutput
}

// dossierOutput is everything rendered from one dossier.
type dossierOutput struct {
	view    *DossierView
	files   []file
	search  []byte // the dossier's entries of the search index
	export  []byte // the dossier's object in dossier.json
	sitemap []byte // the dossier's <url> elements
	lock    sync.Mutex
}

type file struct {
	name string
	data []byte
}

// Site renders every file of s through w using a fresh Renderer, keeping
// nothing.
func (t *Theme) Site(s *site.Site, w Writer) (Stats, error) {
	return (&Renderer{Theme: t}).Site(s, w)
}

// Site renders every file of s through w. It stops at the first error.
func (r *Renderer) Site(s *site.Site, w Writer) (Stats, error) {
	key := [2]any{s.Settings, r.Theme}
	if !r.Reuse || r.cache == nil || r.settings != key {
		r.cache = map[*site.Dossier]*dossierOutput{}
		r.settings = key
	}
	v := newSiteView(s)
	outs := make([]*dossierOutput, len(s.Dossiers))
	var stats Stats
	var fresh []int
	isFresh := make([]bool, len(outs))
	for i, d := range s.Dossiers {
		if out := r.cache[d]; out != nil {
			outs[i] = out
			stats.Reused++
		} else {
			fresh = append(fresh, i)
			isFresh[i] = true
		}
	}
	// Views of the changed dossiers are built in parallel: annotating an
	// article is the costliest part of a view.
	var viewJobs []job
	for _, i := range fresh {
		viewJobs = append(viewJobs, job{render: func() ([]byte, error) {
			outs[i] = &dossierOutput{view: newDossierView(s, s.Dossiers[i])}
			return nil, nil
		}})
	}
	if err := run(viewJobs, nil); err != nil {
		return stats, err
	}
	v.Dossiers = make([]*DossierView, len(outs))
	for i, out := range outs {
		v.Dossiers[i] = out.view
	}
	v.collectCorrections()

	var jobs []job
	page := func(name, kind string, p *Page, keep *dossierOutput) {
		p.Kind, p.Path = kind, name
		p.Canonical = v.absURL(name)
		jobs = append(jobs, job{name, func() ([]byte, error) {
			data, err := r.Theme.page(kind, p)
			if err == nil && keep != nil && r.Reuse {
				keep.add(name, data)
			}
			return data, err
		}})
	}
	for i, out := range outs {
		if !isFresh[i] {
			for _, f := range out.files {
				jobs = append(jobs, job{f.name, func() ([]byte, error) { return f.data, nil }})
			}
			continue
		}
		d := out.view
		out.search, out.export, out.sitemap = v.searchEntries(d), v.exportDossier(d), v.sitemapEntries(d)
		p := v.page("../", d.Title, "Fact-check of “"+d.Title+"”: "+d.Summary())
		p.Dossier = d
		page(d.Slug+"/index.html", "dossier", p, out)
		p = v.page("../", "Claim index · "+d.Title, "Every claim checked in “"+d.Title+"”.")
		p.Dossier = d
		page(d.Slug+"/claims.html", "claims", p, out)
		p = v.page("../", "Sources · "+d.Title, "Every source cited in the fact-check of “"+d.Title+"”.")
		p.Dossier = d
		page(d.Slug+"/sources.html", "sources", p, out)
		for _, n := range d.Notes {
			p := v.page("../", n.Title, n.Rating.Label+": "+n.Title)
			p.Dossier, p.Note = d, n
			p.JSONLD = v.claimReview(d, n)
			page(d.Slug+"/"+n.File, "note", p, out)
		}
	}
	page("index.html", "home", v.page("", "", s.Settings.Description), nil)
	page("methodology.html", "methodology", v.page("", "Methodology", "How "+v.Title+" checks claims: the rating scale, anchoring and provenance."), nil)
	page("corrections.html", "corrections", v.page("", "Corrections", "Every correction published on "+v.Title+", newest first."), nil)
	page("search.html", "search", v.page("", "Search", "Search the fact-checks of "+v.Title+"."), nil)
	p404 := v.page(v.rootPath(), "Page not found", "")
	page("404.html", "404", p404, nil)
	p404.Canonical = ""
	for _, d := range v.Dossiers {
		stats.Pages += 3 + len(d.Notes)
	}
	stats.Pages += 5

	add := func(name string, render func() ([]byte, error)) { jobs = append(jobs, job{name, render}) }
	lazy, _ := w.(LazyWriter)
	aggregate := func(name string, render func() ([]byte, error)) {
		if lazy != nil {
			lazy.WriteLazy(name, render)
			stats.Files++
		} else {
			add(name, render)
		}
	}
	aggregate("assets/search-index.js", func() ([]byte, error) { return v.searchIndex(outs), nil })
	aggregate("dossier.json", func() ([]byte, error) { return v.export(outs) })
	if v.BaseURL != "" {
		aggregate("sitemap.xml", func() ([]byte, error) { return v.sitemap(outs), nil })
		aggregate("feed.xml", v.feed)
	}
	add("assets/verdicts.css", v.verdictCSS)
	add("robots.txt", v.robots)
	for name, data := range r.Theme.assets {
		add(name, func() ([]byte, error) { return data, nil })
	}
	stats.Files += len(jobs)
	if err := run(jobs, w); err != nil {
		return stats, err
	}
	if r.Reuse {
		clear(r.cache)
		for i, d := range s.Dossiers {
			r.cache[d] = outs[i]
		}
	}
	return stats, nil
}

func (o *dossierOutput) add(name string, data []byte) {
	o.lock.Lock()
	defer o.lock.Unlock()
	o.files = append(o.files, file{name, data})
}

// run renders the jobs on all cores, writing each file as it is done; a nil
// w runs jobs for their effects alone.
func run(jobs []job, w Writer) error {
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	next := make(chan job)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				data, err := j.render()
				if err == nil && w != nil {
					err = w.Write(j.name, data)
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("%s: %w", j.name, err)
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	return firstErr
}

// buffers are reused between pages: a page's buffer grows by doubling, and
// keeping it would hold up to twice the page's size for as long as the dev
// server keeps the page.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (t *Theme) page(kind string, p *Page) ([]byte, error) {
	tmpl := t.pages[kind]
	if tmpl == nil {
		return nil, fmt.Errorf("no template for %s pages", kind)
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	if err := tmpl.ExecuteTemplate(buf, "base", p); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}
