// Package render turns a loaded site into its files: HTML pages from the
// theme's templates, the stylesheets and the script. Pages are rendered in
// parallel and handed to a Writer one by one as they are finished, so a
// large site is never held in memory whole.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
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

// pageKinds lists the page templates; each is parsed together with base.html.
var pageKinds = []string{"home", "dossier", "note"}

// themeFiles lists every file of the theme and where it is written.
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
	for _, kind := range pageKinds {
		src, origin := read(kind + ".html")
		tmpl := template.New(kind).Funcs(funcs)
		if _, err := tmpl.New("base.html").Parse(string(baseSrc)); err != nil {
			reportTemplate(&diags, baseOrigin, err)
			continue
		}
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
	diags = compactDiags(diags)
	return t, diags
}

// compactDiags drops repeats: base.html is parsed once per page kind.
func compactDiags(l diag.List) diag.List {
	out := l[:0]
	for i, d := range l {
		if i == 0 || d != l[i-1] {
			out = append(out, d)
		}
	}
	return out
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
	page := func(name, kind string, p *Page) {
		jobs = append(jobs, job{name, func() ([]byte, error) { return t.page(kind, p) }})
	}
	page("index.html", "home", v.page("home", "", "", s.Settings.Description))
	for _, d := range v.dossiers {
		p := v.page("dossier", "../", d.Title, "Fact-check of "+d.Title)
		p.Dossier = d
		page(d.Link, "dossier", p)
		for _, n := range d.Notes {
			np := v.page("note", "../", n.Title, n.Rating.Label+": "+n.Title)
			np.Dossier, np.Note = d, n
			page(path.Join(d.Slug, n.File), "note", np)
		}
	}
	pages := len(jobs)
	for name, data := range t.assets {
		jobs = append(jobs, job{name, func() ([]byte, error) { return data, nil }})
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
