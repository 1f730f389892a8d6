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

// SiteSpec is a site under test: where its sources are, how to build it,
// and what to check in it beyond what every site is checked for. Each is
// given, or has, a base URL with a folder, so that it is served below the
// root of the server, as a GitHub Pages project site is: a link that only
// works at a domain's root fails there.
type SiteSpec struct {
	// Name names the site in the tests' output; Src is its sources'
	// folder, relative to the test package's.
	Name, Src string
	// BaseURL overrides the site's own, as `dossier build -b` does.
	BaseURL string
	// Drafts builds the drafts too, as `dossier build --drafts` does.
	Drafts bool
	// Files are added to the sources (or replace theirs), by path.
	Files map[string]string
	// Audit lists pages that axe-core audits whatever their kind.
	Audit []string
	// AuditAll runs axe-core in every page rather than in one page of
	// each kind.
	AuditAll bool
	// AuditQuery is the query the search page is audited with, one that
	// finds every note; empty means "a".
	AuditQuery string
	// Search is a query and the page it must find; nil draws one from
	// the output.
	Search *SearchCase
	// Searches are more queries and the pages they must find, such as a
	// query typed with another keyboard's letters.
	Searches []SearchCase
	// RTL says that the site's language is written right to left, for
	// Suite.RightToLeft.
	RTL bool
}

// SearchCase is a query and a page, relative to the site's root, that
// the search results must link to.
type SearchCase struct{ Query, Want string }

// builtSite is a site built into a temporary directory and served on
// loopback.
type builtSite struct {
	SiteSpec
	dir string // the output directory
	// root is the URL path that the site is served at, that of its base
	// URL: "/checks/".
	root  string
	base  string   // the address of the site's root over HTTP
	pages []string // every HTML file, slash-separated, relative to dir, sorted
	srv   *httptest.Server
	// The passes over the pages in the browser (see visit).
	desktop, phone, file pass
	suite                *Suite // the suite the site is of
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

// Suite is the sites a test package checks. Its methods are the checks
// made in every site, each meant to be called by a test of the same name,
// and Main runs the package's tests.
type Suite struct {
	// Specs are the sites under test.
	Specs []SiteSpec

	once  sync.Once
	built []*builtSite
	err   error
}

// Main runs the tests of a package whose TestMain calls it with m, and
// returns the exit code: the browser, the HTML checker, the servers and
// the built sites are set up on first use, so that
// `go test -run TestLinksResolve` starts no browser at all, and torn down
// here once the tests have all run.
func (u *Suite) Main(m *testing.M) int {
	code := m.Run()
	stopVNU()
	stopBrowser()
	for _, s := range u.built {
		if s.srv != nil {
			s.srv.Close()
		}
		os.RemoveAll(filepath.Dir(s.dir))
	}
	return code
}

// sites builds and serves the sites under test, once per test binary: the
// builds take a fraction of a second, but every test reads the same output.
func (u *Suite) sites(t testing.TB) []*builtSite {
	t.Helper()
	u.once.Do(func() {
		for _, spec := range u.Specs {
			s, err := buildSite(spec)
			if s != nil {
				// Kept even when the build failed, for Main to remove.
				s.suite = u
				u.built = append(u.built, s)
			}
			if err != nil {
				u.err = fmt.Errorf("building the %s site from %s: %w", spec.Name, spec.Src, err)
				return
			}
		}
	})
	if u.err != nil {
		t.Fatal(u.err)
	}
	return u.built
}

// buildSite builds the site in src through the same pipeline and output
// writer as `dossier build`, and serves it. It returns the site even with an
// error, once it has a directory to remove.
func buildSite(spec SiteSpec) (*builtSite, error) {
	tmp, err := os.MkdirTemp("", "dossier-browsertest-")
	if err != nil {
		return nil, err
	}
	s := &builtSite{SiteSpec: spec, dir: filepath.Join(tmp, spec.Name)}
	out, err := output.Create(s.dir)
	if err != nil {
		return s, err
	}
	l := site.NewLoader()
	l.BaseURL = spec.BaseURL
	l.Drafts = spec.Drafts
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

// sources is the site's source tree: the folder spec.Src, with spec.Files
// added in memory, so that nothing is written to the folder.
func sources(spec SiteSpec) (fs.FS, error) {
	dir := os.DirFS(spec.Src)
	if spec.Files == nil {
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
	for name, data := range spec.Files {
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
