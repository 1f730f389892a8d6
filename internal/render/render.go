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
}

// job renders one file.
type job struct {
	name   string
	render func() ([]byte, error)
}

// Site renders every file of s through w. It stops at the first error.
func (t *Theme) Site(s *site.Site, w Writer) (Stats, error) {
	v := newSiteView(s)
	var jobs []job
	add := func(name string, render func() ([]byte, error)) { jobs = append(jobs, job{name, render}) }
	page := func(name, kind string, p *Page) {
		p.Kind, p.Path = kind, name
		p.Canonical = v.absURL(name)
		add(name, func() ([]byte, error) { return t.page(kind, p) })
	}

	page("index.html", "home", v.page("", "", s.Settings.Description))
	for _, d := range v.Dossiers {
		p := v.page("../", d.Title, "Fact-check of “"+d.Title+"”: "+d.Summary())
		p.Dossier = d
		page(d.Slug+"/index.html", "dossier", p)
		p = v.page("../", "Claim index · "+d.Title, "Every claim checked in “"+d.Title+"”.")
		p.Dossier = d
		page(d.Slug+"/claims.html", "claims", p)
		p = v.page("../", "Sources · "+d.Title, "Every source cited in the fact-check of “"+d.Title+"”.")
		p.Dossier = d
		page(d.Slug+"/sources.html", "sources", p)
		for _, n := range d.Notes {
			p := v.page("../", n.Title, n.Rating.Label+": "+n.Title)
			p.Dossier, p.Note = d, n
			p.JSONLD = v.claimReview(d, n)
			page(d.Slug+"/"+n.File, "note", p)
		}
	}
	page("methodology.html", "methodology", v.page("", "Methodology", "How "+v.Title+" checks claims: the rating scale, anchoring and provenance."))
	page("corrections.html", "corrections", v.page("", "Corrections", "Every correction published on "+v.Title+", newest first."))
	page("search.html", "search", v.page("", "Search", "Search the fact-checks of "+v.Title+"."))
	p404 := v.page(v.rootPath(), "Page not found", "")
	page("404.html", "404", p404)
	p404.Canonical = ""
	pages := len(jobs)

	add("assets/search-index.js", v.searchIndex)
	add("assets/verdicts.css", v.verdictCSS)
	add("dossier.json", v.export)
	add("robots.txt", v.robots)
	if v.BaseURL != "" {
		add("sitemap.xml", func() ([]byte, error) { return v.sitemap(jobs[:pages]) })
		add("feed.xml", v.feed)
	}
	for name, data := range t.assets {
		add(name, func() ([]byte, error) { return data, nil })
	}
	return Stats{Pages: pages, Files: len(jobs)}, run(jobs, w)
}

// run renders the jobs on all cores, writing each file as it is done.
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
				if err == nil {
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

func (t *Theme) page(kind string, p *Page) ([]byte, error) {
	tmpl := t.pages[kind]
	if tmpl == nil {
		return nil, fmt.Errorf("no template for %s pages", kind)
	}
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, "base", p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
