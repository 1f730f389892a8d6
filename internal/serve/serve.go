// Package serve is the live preview: it builds a site into memory, serves
// it over HTTP, rebuilds what changed when the sources change, and tells
// open pages to reload over Server-Sent Events. It never writes to disk.
//
// Safety on a shared machine: the server answers only from the in-memory
// build, so no request can reach a file of the machine whatever its path;
// it binds to loopback unless told otherwise.
package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dossier-org/dossier/internal/build"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/render"
	"github.com/dossier-org/dossier/internal/site"
)

//go:embed reload.js
var reloadJS []byte

// Paths the server answers itself, outside the site.
const (
	EventsPath = "/__dossier/events"
	ScriptPath = "/__dossier/reload.js"
)

var reloadTag = []byte(`<script src="` + ScriptPath + `"></script>`)

// Server is a live preview of one source tree.
type Server struct {
	src    fs.FS
	loader *site.Loader
	render *render.Renderer
	log    io.Writer

	// themeDiags are the theme's problems, kept while the theme is unchanged.
	themeDiags diag.List
	themeStale bool

	mu      sync.RWMutex
	diags   diag.List // the current errors; the files are the last good build
	version string
	nonce   int64
	builds  int

	events *broker

	// hosts are the names, beyond the loopback ones, that requests may be
	// addressed to, and anyIP allows every IP address (see AllowHost).
	hosts map[string]bool
	anyIP bool
	// timeouts bounds connections; tests set it before Run.
	timeouts timeouts

	// errorQuiet is how long the tree must stay quiet after a rebuild that
	// found errors before they are reported (see watch).
	errorQuiet time.Duration
	// afterLoad, when set (by tests), is called with what each rebuild's
	// load found, before anything else is done with it.
	afterLoad func(diags diag.List)

	// assemblies counts the site-wide files made, for tests.
	assemblies atomic.Int64

	// mem guards the memory limit: memLimit is the soft memory limit
	// that fitMemory set, memBase that limit without the site-wide files
	// made since, and memGaps what the process held beyond its live heap
	// when it measured.
	mem                        sync.Mutex
	memLimit, memBase, memGaps uint64
	// built is the writer of the current build: its files, and the bytes
	// of the site-wide files made from it (guarded by mu). It is empty
	// before the first build.
	built *memory
	// current is built, for the files of sharing, which a build may take
	// from the one before whole (see WriteGroup) and count as held by
	// the build current when they are made.
	current atomic.Pointer[memory]
}

// file is one file of the built site, in one of three forms: its bytes;
// a dossier's page, kept as its digest and rendered again on each request,
// because a large site's pages would fill the memory and a browser only
// ever asks for a few; or a site-wide file (the search index, dossier.json,
// the sitemap, the feed), made when first requested and then kept.
//
// The site-wide files are the cache of the server, and its rules are these:
//   - An entry belongs to one build. A file is made from the build it was
//     written by, which never changes afterwards, and a rebuild puts a new
//     map of new files in place; so the build is the entry's key, and an
//     entry can never be stale. A rebuild that finds errors keeps the last
//     good build, and so its entries.
//   - An entry is made at most once: concurrent requests wait for the one
//     making it rather than each making it again. A site-wide file of a
//     10,000-note site is megabytes: 200 requests at once for its
//     dossier.json, each making its own, took 275 s and peaked at 1.6 GB
//     on a busy 2-core machine; made once, 2.1 s and 166 MB (medians of
//     BenchmarkExportRequests). A failure is not kept: the next request
//     tries again.
//   - An entry's bytes are never changed once made, so requests share them.
//   - An entry is only a cache: dropping it (as the next build does) costs
//     one more assembly, never a wrong answer. It is held until then, which
//     costs what the file weighs once asked for: at 10,000 notes the four
//     weigh 22.5 MB, and the server holds 164 MB with all of them made,
//     148 MB with dossier.json alone. The soft memory limit makes room for
//     them (see fitHeld).
type file struct {
	data   []byte
	sum    uint64 // the digest of data, or of what render gives for a page
	render func() ([]byte, error)
	// aggregate marks a site-wide file: its digest is not known before it
	// is made, and once made (done), data and sum hold it; made guards
	// the three.
	aggregate bool
	// sitePage marks a site-wide page, made on request as an aggregate
	// is, which may change alone (see render.PageWriter).
	sitePage bool
	made     sync.Mutex
	done     bool
}

// bytes returns the file's content and its digest.
func (f *file) bytes() ([]byte, uint64, error) {
	if f.render == nil {
		return f.data, f.sum, nil
	}
	if !f.aggregate {
		data, err := f.render()
		return data, f.sum, err
	}
	f.made.Lock()
	defer f.made.Unlock()
	if !f.done {
		data, err := f.render()
		if err != nil {
			return nil, 0, err
		}
		f.data, f.sum, f.done = data, render.Digest(data), true
	}
	return f.data, f.sum, nil
}

func etag(sum uint64) string { return fmt.Sprintf(`"%x"`, sum) }

// New returns a server for the source tree src, logging one line per
// rebuild to log. Call Rebuild once before serving.
func New(src fs.FS, log io.Writer) *Server {
	l := site.NewLoader()
	l.Incremental()
	// The preview shows the drafts, each with its banner.
	l.Drafts = true
	return &Server{
		src:        src,
		loader:     l,
		render:     &render.Renderer{Reuse: true},
		log:        log,
		themeStale: true,
		built:      &memory{},
		nonce:      time.Now().UnixNano(),
		events:     newBroker(),
		errorQuiet: errorQuiet,
		timeouts:   defaultTimeouts,
	}
}

// Result describes one rebuild.
type Result struct {
	Duration time.Duration
	Diags    diag.List
	// Changed lists the output files whose bytes changed.
	Changed []string
	// Reused counts the dossiers whose pages were not rendered again.
	Reused int
}

// Rebuild brings the site up to date after the files at changed (slash
// paths relative to the source root) changed; nil means everything may
// have. On errors the last good site stays in place and open pages show
// the errors at once: Rebuild is for a caller who knows the tree is
// quiet (the watcher waits before reporting errors; see watch).
func (s *Server) Rebuild(changed []string) Result {
	res, _ := s.rebuild(changed, false)
	if res.Diags.HasErrors() {
		s.reportErrors(res.Diags)
	}
	return res
}

// rebuild is Rebuild without reporting errors: when the build has errors,
// the last good site and the errors the pages know of stay as they are,
// and the caller decides when to report them with reportErrors. A build
// without errors is put in place and announced at once, unless hold is
// set and it lost files of the site: then it is returned as install, for
// the caller to put in place once sure that the loss is not a save half
// done (a note deleted and about to be written anew).
func (s *Server) rebuild(changed []string, hold bool) (res Result, install func()) {
	start := time.Now()
	if changed == nil {
		defer leanFullBuild()()
		s.loader.InvalidateAll()
		s.themeStale = true
	}
	for _, p := range changed {
		if p == build.ThemeDir || strings.HasPrefix(p, build.ThemeDir+"/") || p == build.TablesDir || strings.HasPrefix(p, build.TablesDir+"/") {
			// The theme holds the translation tables too.
			s.themeStale = true
		} else {
			s.loader.Invalidate(p)
		}
	}
	st, diags := s.loader.Load(s.src)
	if s.afterLoad != nil {
		s.afterLoad(diags)
	}
	if s.themeStale {
		theme, tdiags := build.Theme(s.src)
		s.themeDiags = tdiags
		if !tdiags.HasErrors() {
			s.render.Theme = theme
			s.themeStale = false
		}
	}
	diags = append(diags, s.themeDiags...)
	if s.render.Theme != nil {
		diags = append(diags, render.CheckStatic(st, s.render.Theme)...)
		if st.Settings != nil {
			diags = append(diags, s.render.Theme.CheckLanguage(st.Settings.Language, st.Settings.Path)...)
		}
	}
	diags.Sort()
	res.Diags = diags
	defer func() { res.Duration = time.Since(start) }()

	if diags.HasErrors() {
		return res, nil
	}
	s.mu.RLock()
	prev := s.built
	s.mu.RUnlock()
	out := &memory{srv: s, prev: prev, files: make(map[string]*file, len(prev.files)), groups: make(map[string]*fileGroup, len(prev.groups))}
	stats, err := s.render.Site(st, out)
	out.prev = nil // a build's files must not keep the builds before
	if tdiags := render.Diagnostics(err); len(tdiags) > 0 {
		// A template that fails on the site's data, at its file and line.
		res.Diags = append(diags, tdiags...)
		res.Diags.Sort()
		return res, nil
	} else if err != nil {
		res.Diags = append(diags, diag.Diagnostic{Path: "(render)", Severity: diag.Error, Message: err.Error()})
		return res, nil
	}
	res.Reused = stats.Reused

	res.Changed = changedFiles(prev, out)
	if len(res.Changed) == 0 {
		res.Changed = changedSitePages(prev, out)
	}
	lost := lostFiles(prev, out)
	install = func() { s.install(out, res.Changed) }
	if hold && lost {
		return res, install
	}
	install()
	return res, nil
}

// install puts the build out in place and tells the open pages. The
// watcher is the only caller while the server runs, so the files it
// replaces are those changed was computed against.
func (s *Server) install(out *memory, changed []string) {
	s.mu.Lock()
	hadErrors := len(s.diags) > 0
	s.diags, s.built = nil, out
	s.current.Store(out)
	s.builds++
	if len(changed) > 0 || s.version == "" {
		s.version = fmt.Sprintf("%d-%d", s.nonce, s.builds)
	}
	s.mu.Unlock()

	switch {
	case len(changed) == 0:
		if hadErrors {
			s.events.send("state", s.state())
		}
	case onlyCSS(changed) && !hadErrors:
		s.events.send("css", s.state())
	default:
		s.events.send("reload", s.state())
	}
}

// reportErrors tells the open pages, and those that open later, the errors
// of the last rebuild, while the last good site stays served.
func (s *Server) reportErrors(diags diag.List) {
	s.mu.Lock()
	s.diags = diags
	s.mu.Unlock()
	s.events.send("state", s.state())
}

// changedFiles lists the names whose bytes differ between two builds, by
// their digests. Aggregates and files of sharing are left out: they are
// made from the same data as the dossiers' pages, so any change to them
// comes with a changed page. A dossier's group that the new build took
// from the old one whole has not changed.
func changedFiles(old, new *memory) []string {
	var changed []string
	compare := func(old, new map[string]*file) {
		for name, f := range new {
			if f.aggregate {
				continue
			}
			o := old[name]
			switch {
			case o != nil && o.sitePage:
				// Made on request in the old build: made now to compare.
				if _, sum, err := o.bytes(); err != nil || sum != f.sum {
					changed = append(changed, name)
				}
			case o == nil || o.aggregate || o.sum != f.sum:
				changed = append(changed, name)
			}
		}
		for name := range old {
			if new[name] == nil {
				changed = append(changed, name)
			}
		}
	}
	compare(old.files, new.files)
	for slug, g := range new.groups {
		if og := old.groups[slug]; og != g {
			compare(og.fileMap(), g.files)
		}
	}
	for slug, og := range old.groups {
		if new.groups[slug] == nil {
			compare(og.files, nil)
		}
	}
	return changed
}

// changedSitePages lists the site-wide pages made on request whose bytes
// differ between two builds, making them in both: for a rebuild that
// changed no other file, as one does when only the methodology or a page
// of the site's own changed. A page that fails is taken as changed, so
// that the browser asks for it and shows why.
func changedSitePages(old, new *memory) []string {
	var changed []string
	for name, f := range new.files {
		if !f.sitePage {
			continue
		}
		o := old.files[name]
		if o == nil {
			changed = append(changed, name)
			continue
		}
		_, osum, oerr := o.bytes()
		_, sum, err := f.bytes()
		if oerr != nil || err != nil || osum != sum {
			changed = append(changed, name)
		}
	}
	return changed
}

// lostFiles reports whether a file of the old build is missing from the
// new one.
func lostFiles(old, new *memory) bool {
	lost := func(old, new map[string]*file) bool {
		for name := range old {
			if new[name] == nil {
				return true
			}
		}
		return false
	}
	if lost(old.files, new.files) {
		return true
	}
	for slug, og := range old.groups {
		if g := new.groups[slug]; g != og && lost(og.files, g.fileMap()) {
			return true
		}
	}
	return false
}

func onlyCSS(names []string) bool {
	for _, n := range names {
		if !strings.HasSuffix(n, ".css") {
			return false
		}
	}
	return true
}

// state is what pages are told on connecting and after each build.
func (s *Server) state() []byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := struct {
		Version string   `json:"version"`
		Errors  []string `json:"errors,omitempty"`
	}{Version: s.version}
	for _, d := range s.diags {
		if d.Severity == diag.Error { // warnings go to the terminal only
			st.Errors = append(st.Errors, d.String())
		}
	}
	data, _ := json.Marshal(st)
	return data
}

// Files returns a copy of the current site's files, for tests.
func (s *Server) Files() map[string][]byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := map[string][]byte{}
	s.built.each(func(name string, f *file) {
		out[name], _, _ = f.bytes()
	})
	return out
}

// memory collects a build's files for the server: the dossiers' in groups
// (see render.Group), which a later build takes whole for each dossier that
// did not change, and the others one by one. Once installed it never
// changes.
type memory struct {
	srv *Server
	// prev is the build before, during this one (see WriteGroup).
	prev   *memory
	mu     sync.Mutex
	files  map[string]*file
	groups map[string]*fileGroup // by slug
	// held counts the bytes of the site-wide files made from this build.
	held atomic.Int64
}

// fileGroup is a dossier's files, made from a render.Group once and shared
// by every build in which the dossier does not change: so are the files of
// sharing made from it, each made when first asked for.
type fileGroup struct {
	src   *render.Group
	files map[string]*file
}

// fileMap returns g's files; g may be nil.
func (g *fileGroup) fileMap() map[string]*file {
	if g == nil {
		return nil
	}
	return g.files
}

// lookup returns the file at name, or nil.
func (m *memory) lookup(name string) *file {
	if f := m.files[name]; f != nil {
		return f
	}
	if slug, _, ok := strings.Cut(name, "/"); ok {
		return m.groups[slug].fileMap()[name]
	}
	return nil
}

// each calls fn with every file.
func (m *memory) each(fn func(name string, f *file)) {
	for name, f := range m.files {
		fn(name, f)
	}
	for _, g := range m.groups {
		for name, f := range g.files {
			fn(name, f)
		}
	}
}

func (m *memory) Write(name string, data []byte) error {
	m.put(name, &file{data: data, sum: render.Digest(data)})
	return nil
}

// WriteLazy keeps a site-wide file to be made when first requested.
func (m *memory) WriteLazy(name string, make func() ([]byte, error)) {
	m.put(name, m.srv.lazy(make, func() *memory { return m }))
}

// lazy returns a file made by make when first asked for and then kept,
// whose bytes count as held by the build that built returns then.
func (s *Server) lazy(make func() ([]byte, error), built func() *memory) *file {
	return &file{render: func() ([]byte, error) {
		s.assemblies.Add(1)
		data, err := make()
		if m := built(); err == nil && m != nil {
			m.held.Add(int64(len(data)))
			s.fitHeld(m)
		}
		return data, err
	}, aggregate: true}
}

// WriteSitePage keeps a site-wide page to be made when first requested.
func (m *memory) WriteSitePage(name string, make func() ([]byte, error)) {
	f := m.srv.lazy(make, func() *memory { return m })
	f.sitePage = true
	m.put(name, f)
}

// WriteGroup takes a dossier's files: the previous build's, as they are,
// if it had the same group.
func (m *memory) WriteGroup(g *render.Group) {
	fg := m.prev.groups[g.Slug]
	if fg == nil || fg.src != g {
		fg = &fileGroup{src: g, files: make(map[string]*file, len(g.Files))}
		for _, f := range g.Files {
			if f.Lazy {
				fg.files[f.Name] = m.srv.lazy(f.Render, m.srv.current.Load)
			} else {
				fg.files[f.Name] = &file{sum: f.Sum, render: f.Render}
			}
		}
	}
	m.mu.Lock()
	m.groups[g.Slug] = fg
	m.mu.Unlock()
}

func (m *memory) put(name string, f *file) {
	m.mu.Lock()
	m.files[name] = f
	m.mu.Unlock()
}

// ServeHTTP serves the site, the live-reload script and its event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if status, why := s.refuse(r); status != 0 {
		if status == http.StatusMethodNotAllowed {
			h.Set("Allow", "GET, HEAD")
		}
		h.Set("Connection", "close")
		http.Error(w, why, status)
		return
	}
	switch r.URL.Path {
	case EventsPath:
		s.events.serve(w, r, s.state())
		return
	case ScriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "reload.js", time.Time{}, bytes.NewReader(reloadJS))
		return
	}
	name, ok := siteName(r.URL.Path)
	s.mu.RLock()
	f := s.built.lookup(name)
	if f == nil && ok && !strings.HasSuffix(r.URL.Path, "/") && s.built.lookup(name+"/index.html") != nil {
		s.mu.RUnlock()
		// To the cleaned name: "//name/" would send the browser to the
		// host "name".
		http.Redirect(w, r, "/"+name+"/", http.StatusMovedPermanently)
		return
	}
	notFound := f == nil || !ok
	if notFound {
		f, name = s.built.lookup("404.html"), "404.html"
	}
	s.mu.RUnlock()
	if f == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	// A page's digest is known without rendering it, so a browser
	// revalidating a page it has costs no rendering.
	if !notFound && f.render != nil && !f.aggregate && etagMatches(r.Header.Get("If-None-Match"), etag(f.sum)) {
		w.Header().Set("ETag", etag(f.sum))
		w.WriteHeader(http.StatusNotModified)
		return
	}
	data, sum, err := f.bytes()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if strings.HasSuffix(name, ".html") {
		data = inject(data)
	}
	w.Header().Set("Content-Type", contentType(name))
	if notFound {
		w.WriteHeader(http.StatusNotFound)
		if r.Method != http.MethodHead {
			w.Write(data)
		}
		return
	}
	// The reload script injected into pages is the same for every build,
	// so the ETag of the file's own bytes stands for the page as served.
	w.Header().Set("ETag", etag(sum))
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// etagMatches reports whether an If-None-Match header names etag, weakly
// compared as RFC 9110 asks of GET and HEAD.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// siteName maps a URL path to the name of a site file. Only names within
// the site come out: the path is cleaned as a rooted path, so "..", its
// encoded forms (already decoded by net/http) and absolute paths cannot
// climb out, and the files are looked up in memory, never on disk.
func siteName(urlPath string) (string, bool) {
	if !strings.HasPrefix(urlPath, "/") || strings.ContainsAny(urlPath, "\\\x00") {
		return "", false
	}
	name := strings.TrimPrefix(path.Clean(urlPath), "/")
	if name == "" || strings.HasSuffix(urlPath, "/") {
		name = path.Join(name, "index.html")
	}
	return name, true
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json"
	case ".xml":
		if base := path.Base(name); base == "feed.xml" || strings.HasPrefix(base, "feed.") && !strings.Contains(name, "/") {
			return "application/atom+xml"
		}
		return "application/xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// inject adds the live-reload script before </body>.
func inject(page []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte{}, page...), reloadTag...)
	}
	out := make([]byte, 0, len(page)+len(reloadTag))
	out = append(out, page[:i]...)
	out = append(out, reloadTag...)
	return append(out, page[i:]...)
}
