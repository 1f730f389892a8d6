package browsertest

import (
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/build"
	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// siteSpecs are the sites under test. Both are given, or have, a base URL
// with a folder, so that they are served below the root of the server, as a
// GitHub Pages project site is: a link that only works at a domain's root
// fails here.
var siteSpecs = []siteSpec{
	{
		// The fixture sets https://example.org/checks/ itself. Its few
		// notes are made to use every feature of the theme (a table,
		// code, a footnote, markup in a title), so every page is audited.
		name: "fixture", src: "../build/testdata/fixture",
		auditAll: true,
		// "minutes" is in the analysis of content/sample/vote.md.
		search: &searchCase{query: "minutes", want: "sample/vote.html"},
	},
	{
		// The fixture again, built with its drafts as `build --drafts`
		// and the preview build it, and one draft note added here, not
		// in the fixture, so that the golden output has no draft. The
		// draft's page carries the banner, and is audited whatever
		// the kind of the first page.
		name: "drafts", src: "../build/testdata/fixture",
		drafts: true,
		files:  map[string]string{draftNote: draftNoteSource},
		search: &searchCase{query: "minutes", want: "sample/vote.html"},
		audit:  []string{draftPage},
	},
	{
		// A site of two languages: an English dossier, its French
		// translation and a page in French, each page with its lang,
		// hreflang links and its language's feed, audited whole.
		name: "multilingual", src: "../build/testdata/multilingual",
		auditAll: true,
		search:   &searchCase{query: "municipal", want: "pont/cout.html"},
	},
	{
		// A site in Arabic, written right to left, with names, titles
		// and dates of both directions side by side (see
		// TestRightToLeft): every page is audited.
		name: "arabic", src: "../build/testdata/rtl",
		auditAll: true, rtl: true,
		// "المحضر" (the minutes) is in the title of library/vote.md.
		search: &searchCase{query: "المحضر", want: "library/vote.html"},
	},
	{
		// The repository's site has a placeholder baseURL, which the
		// publish job overrides with the Pages address; this stands in
		// for it. Its notes change, so its search case is drawn from the
		// output.
		name: "repository", src: "../..",
		baseURL: "https://example.github.io/dossier/",
	},
	{
		// The fixture with its interface in German, whose long words
		// ("Übersicht der Behauptungen", "Größtenteils richtig") are
		// the likeliest to overflow a phone's screen or a badge: every
		// page is audited.
		name: "fixture-de", src: "../build/testdata/fixture",
		files:    map[string]string{"content/_index.md": inLanguage("../build/testdata/fixture", "de")},
		auditAll: true,
		search:   &searchCase{query: "minutes", want: "sample/vote.html"},
	},
	// The French, Arabic and Persian fixtures: an invented local story
	// each, with notes in that language, so that every kind of page is
	// audited in another language and in a right-to-left script. Each
	// sets its base URL with a folder itself. The remark's page is
	// audited too, as it has a template of its own.
	{
		name: "fixture-fr", src: "../build/testdata/fixture-fr",
		audit: []string{"pont-vione/coquille.html"},
		// "plafond" is in the analysis of part-departement.md.
		search: &searchCase{query: "plafond", want: "pont-vione/part-departement.html"},
	},
	{
		name: "fixture-ar", src: "../build/testdata/fixture-ar",
		audit: []string{"khat-almiyah/huquq.html"}, rtl: true,
		// "تعداد" (census) is in the analysis of sukkan.md.
		search: &searchCase{query: "تعداد", want: "khat-almiyah/sukkan.html"},
		// The definite article, in every note.
		auditQuery: "ال",
	},
	{
		// An article captured three times, edited after its check: the
		// revision history, the pages comparing the revisions and the
		// notes' before and after are audited whole.
		name: "revisions", src: "../build/testdata/revisions",
		auditAll: true,
		// "diversion" is in the title of diverted.md.
		search: &searchCase{query: "diversion", want: "harbour/diverted.html"},
	},
	{
		name: "fixture-fa", src: "../build/testdata/fixture-fa",
		audit: []string{"boodjeh-1405/farvardin.html"}, rtl: true,
		// "تورم" (inflation) is a tag of afzayesh.md.
		search: &searchCase{query: "تورم", want: "boodjeh-1405/afzayesh.html"},
		// A letter in every note.
		auditQuery: "ا",
	},
}

// inLanguage returns the settings of the site at src, content/_index.md,
// with its language set to lang.
func inLanguage(src, lang string) string {
	data, err := os.ReadFile(filepath.Join(src, "content", "_index.md"))
	if err != nil {
		panic(err)
	}
	out := strings.Replace(string(data), "language: en", "language: "+lang, 1)
	if out == string(data) {
		panic(src + ": no \"language: en\" to replace")
	}
	return out
}

// draftNote is the draft added to the fixture for the "drafts" site, and
// draftPage its page.
const (
	draftNote       = "content/sample/draft.md"
	draftPage       = "sample/draft.html"
	draftNoteSource = `---
title: "A draft: the library's closing date"
quote: "to close the Main Street library"
verdict: unsupported
draft: true
date: 2025-03-07
sources:
  - {title: "Council minutes", url: "https://city.example.gov/minutes"}
---
Still being checked.
`
)

type siteSpec struct {
	name, src string
	// baseURL overrides the site's own, as `dossier build -b` does.
	baseURL string
	// drafts builds the drafts too, as `dossier build --drafts` does.
	drafts bool
	// files are added to the sources (or replace theirs), by path.
	files map[string]string
	// audit lists pages that axe-core audits whatever their kind.
	audit []string
	// auditAll runs axe-core in every page rather than in one page of
	// each kind.
	auditAll bool
	// auditQuery is the query the search page is audited with, one that
	// finds every note; empty means "a".
	auditQuery string
	// search is a query and the page it must find; nil draws one from
	// the output.
	search *searchCase
	// rtl says that the site's language is written right to left, for
	// TestRightToLeft.
	rtl bool
}

// searchCase is a query and a page, relative to the site's root, that
// the search results must link to.
type searchCase struct{ query, want string }

// builtSite is a site built into a temporary directory and served on
// loopback.
type builtSite struct {
	siteSpec
	dir string // the output directory
	// root is the URL path that the site is served at, that of its base
	// URL: "/checks/".
	root  string
	base  string   // the address of the site's root over HTTP
	pages []string // every HTML file, slash-separated, relative to dir, sorted
	srv   *httptest.Server
	// The passes over the pages in the browser (see visit).
	desktop, phone, file pass
}

// url is the HTTP address of page (a path relative to the site's root,
// possibly with a query).
func (s *builtSite) url(page string) string { return s.base + page }

// fileURL is page's file:// address, as a reader who saved the site opens it.
func (s *builtSite) fileURL(page string) string {
	name, query, _ := strings.Cut(page, "?")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(s.dir, filepath.FromSlash(name))), RawQuery: query}
	return u.String()
}

// has reports whether the output has the HTML page.
func (s *builtSite) has(page string) bool {
	_, found := slices.BinarySearch(s.pages, page)
	return found
}

// pagesOfKind lists the site's pages of one kind (see pageKind).
func (s *builtSite) pagesOfKind(kind string) []string {
	var out []string
	for _, p := range s.pages {
		if pageKind(p) == kind {
			out = append(out, p)
		}
	}
	return out
}

// pageKinds are every kind of page the theme makes (see pageKind). The
// fixture has a page of each, which TestEveryKindOfPage checks, so that
// every kind is loaded, audited and validated.
var pageKinds = []string{
	"index.html", "methodology.html", "corrections.html", "search.html", "404.html",
	"page", "terms", "term", "dossier", "dossier claims", "dossier sources", "note", "embed",
}

// pageKind names the kind of page at a path of the output, to pick one page
// of each kind: a built-in top-level page is a kind of its own
// ("index.html", "search.html", ...), and any other top-level page is a
// page of the site's own, content/<name>.md ("page"); in a dossier's folder, index.html is the annotated
// article ("dossier"), claims.html and sources.html are its indexes, and
// any other page is a note. The taxonomies' folders, tags/ and claimants/,
// hold an index of their terms ("terms") and a page per term ("term"); a
// check's embed card is in its dossier's embed/ folder ("embed"), a
// capture's comparison page in its revisions/ folder ("revision"). The
// names are those the README reserves.
func pageKind(page string) string {
	dir, file := path.Split(page)
	switch {
	case dir == "" && slices.Contains(pageKinds, file):
		return file
	case dir == "":
		return "page"
	case strings.HasSuffix(dir, "/embed/"):
		return "embed"
	case strings.HasSuffix(dir, "/revisions/"):
		return "revision"
	case dir == "tags/" || dir == "claimants/":
		if file == "index.html" {
			return "terms"
		}
		return "term"
	case file == "index.html":
		return "dossier"
	case file == "claims.html", file == "sources.html":
		return "dossier " + strings.TrimSuffix(file, ".html")
	default:
		return "note"
	}
}

var (
	sitesOnce  sync.Once
	sitesBuilt []*builtSite
	sitesErr   error
)

// sites builds and serves the sites under test, once per test binary: the
// builds take a fraction of a second, but every test reads the same output.
func sites(t testing.TB) []*builtSite {
	t.Helper()
	sitesOnce.Do(func() {
		for _, spec := range siteSpecs {
			s, err := buildSite(spec)
			if s != nil {
				// Kept even when the build failed, for removeSites.
				sitesBuilt = append(sitesBuilt, s)
			}
			if err != nil {
				sitesErr = fmt.Errorf("building the %s site from %s: %w", spec.name, spec.src, err)
				return
			}
		}
	})
	if sitesErr != nil {
		t.Fatal(sitesErr)
	}
	return sitesBuilt
}

// buildSite builds the site in src through the same pipeline and output
// writer as `dossier build`, and serves it. It returns the site even with an
// error, once it has a directory to remove.
func buildSite(spec siteSpec) (*builtSite, error) {
	tmp, err := os.MkdirTemp("", "dossier-browsertest-")
	if err != nil {
		return nil, err
	}
	s := &builtSite{siteSpec: spec, dir: filepath.Join(tmp, spec.name)}
	out, err := output.Create(s.dir)
	if err != nil {
		return s, err
	}
	l := site.NewLoader()
	l.BaseURL = spec.baseURL
	l.Drafts = spec.drafts
	src, err := sources(spec)
	if err != nil {
		out.Abort()
		return s, err
	}
	res, err := build.Run(l, src, out)
	if err != nil {
		out.Abort()
		return s, fmt.Errorf("%w\n%s", err, res.Diags)
	}
	if err := out.Commit(); err != nil {
		return s, err
	}

	s.root = "/"
	if res.Site.Settings != nil && res.Site.Settings.BaseURL != "" {
		u, err := url.Parse(res.Site.Settings.BaseURL)
		if err != nil {
			return s, err
		}
		if p := strings.Trim(u.Path, "/"); p != "" {
			s.root = "/" + p + "/"
		}
	}
	err = filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, err := filepath.Rel(s.dir, p)
		s.pages = append(s.pages, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		return s, err
	}
	if len(s.pages) == 0 {
		return s, errors.New("the build wrote no HTML page")
	}
	slices.Sort(s.pages)

	mux := http.NewServeMux()
	mux.Handle(s.root, http.StripPrefix(strings.TrimSuffix(s.root, "/"), staticHost(s.dir)))
	s.srv = httptest.NewServer(mux) // on 127.0.0.1
	s.base = s.srv.URL + s.root
	return s, nil
}

// sources is the site's source tree: the folder spec.src, with spec.files
// added in memory, so that nothing is written to the folder.
func sources(spec siteSpec) (fs.FS, error) {
	dir := os.DirFS(spec.src)
	if spec.files == nil {
		return dir, nil
	}
	src := fstest.MapFS{}
	err := fs.WalkDir(dir, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := fs.ReadFile(dir, p)
		src[p] = &fstest.MapFile{Data: data}
		return err
	})
	for name, data := range spec.files {
		src[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return src, err
}

// staticHost answers as a static host such as GitHub Pages does: a file by
// its path, a folder by its index.html, and the site's 404.html, with
// status 404, for any other path at any depth. Unlike http.FileServer it
// does not redirect .../index.html to .../, so a page keeps the address its
// relative links were written for.
func staticHost(dir string) http.Handler {
	fsys := os.DirFS(dir)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "."
		}
		if info, err := fs.Stat(fsys, name); err == nil && info.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				// Relative, because StripPrefix took the site's folder
				// off r.URL.Path, which http.Redirect would build on.
				w.Header().Set("Location", path.Base(r.URL.Path)+"/")
				w.WriteHeader(http.StatusMovedPermanently)
				return
			}
			name = path.Join(name, "index.html")
		}
		status := http.StatusOK
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			status, name = http.StatusNotFound, "404.html"
			if data, err = fs.ReadFile(fsys, name); err != nil {
				http.NotFound(w, r)
				return
			}
		}
		if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.WriteHeader(status)
		w.Write(data)
	})
}

// removeSites stops the servers and deletes the built sites.
func removeSites() {
	for _, s := range sitesBuilt {
		if s.srv != nil {
			s.srv.Close()
		}
		os.RemoveAll(filepath.Dir(s.dir))
	}
}
