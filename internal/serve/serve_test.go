package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-org/dossier/internal/build"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/render"
	"github.com/dossier-org/dossier/internal/site"
)

// harness runs a server on a copy of the fixture site.
type harness struct {
	t      testing.TB
	dir    string
	url    string
	srv    *Server
	events chan sseEvent
	stop   func()
}

type sseEvent struct {
	name string
	data struct {
		Version string   `json:"version"`
		Errors  []string `json:"errors"`
	}
}

func start(t *testing.T) *harness { t.Helper(); return startWith(t, nil) }

// startWith is start with a chance to configure the server, given the
// source folder, after its first build and before it runs.
func startWith(t *testing.T, configure func(s *Server, dir string)) *harness {
	t.Helper()
	srv, dir := builtCopy(t)
	if configure != nil {
		configure(srv, dir)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln, dir) }()
	h := &harness{t: t, dir: dir, url: "http://" + ln.Addr().String(), srv: srv, events: make(chan sseEvent, 64)}
	h.stop = func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(10 * time.Second):
			t.Error("server did not stop")
		}
	}
	t.Cleanup(func() {
		if h.stop != nil {
			h.stop()
		}
	})
	h.subscribe()
	if e := h.next(); e.name != "state" {
		t.Fatalf("first event %q, want state", e.name)
	}
	return h
}

// subscribe connects to the event stream as a page does.
func (h *harness) subscribe() {
	resp, err := http.Get(h.url + EventsPath)
	if err != nil {
		h.t.Fatal(err)
	}
	go func() {
		defer resp.Body.Close()
		r := bufio.NewReader(resp.Body)
		var e sseEvent
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				close(h.events)
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case strings.HasPrefix(line, "event: "):
				e.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &e.data)
			case line == "":
				h.events <- e
				e = sseEvent{}
			}
		}
	}()
}

func (h *harness) next() sseEvent {
	h.t.Helper()
	select {
	case e, ok := <-h.events:
		if !ok {
			h.t.Fatal("event stream closed")
		}
		return e
	case <-time.After(10 * time.Second):
		h.t.Fatal("no event within 10s")
	}
	return sseEvent{}
}

// awaitReload waits for the next reload event. Errors reported on the way
// are passed over: on a busy machine a save's rebuild may read the note
// half-written and, when the writer stays paused long enough, report it;
// the rest of the write follows and so does the reload.
func (h *harness) awaitReload() {
	h.t.Helper()
	for h.next().name != "reload" {
	}
}

// awaitPage waits, event by event, until the page at path contains want,
// and returns the events it saw. Tests assert the state a burst of saves
// ends in, never the steps on the way, which depend on the machine's load.
func (h *harness) awaitPage(path, want string) []sseEvent {
	h.t.Helper()
	var seen []sseEvent
	for {
		if _, body := h.get(path); strings.Contains(body, want) {
			return seen
		}
		seen = append(seen, h.next())
	}
}

// currentErrors returns the errors a page opened now is told.
func (h *harness) currentErrors() []string {
	h.t.Helper()
	h2 := &harness{t: h.t, url: h.url, events: make(chan sseEvent, 8)}
	h2.subscribe()
	e := h2.next()
	if e.name != "state" {
		h.t.Fatalf("first event %q, want state", e.name)
	}
	return e.data.Errors
}

func (h *harness) get(path string) (int, string) {
	h.t.Helper()
	resp, err := http.Get(h.url + path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func (h *harness) path(rel string) string { return filepath.Join(h.dir, filepath.FromSlash(rel)) }

func (h *harness) write(rel, data string) {
	h.t.Helper()
	if err := os.WriteFile(h.path(rel), []byte(data), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// mayorNote is the fixture's mayor.md with its title to fill in. It keeps the
// fixture's claimant, whose page would otherwise go with the first save, and
// a save that loses a page is held until the tree is quiet.
const mayorNote = "---\ntitle: %s\nquote: \"The mayor said\"\noccurrence: 1\nverdict: unsupported\nclaimant: \"The mayor\"\ndate: 2025-03-06\n---\nWe could not find the count.\n"

func mayor(title string) string { return strings.Replace(mayorNote, "%s", title, 1) }

// TestEditorSaves edits a note the ways editors save and checks that each
// save reloads the page with the new text, and that no error is left
// reported.
func TestEditorSaves(t *testing.T) {
	h := start(t)
	saves := []struct {
		name string
		save func(title string)
	}{
		{"write in place", func(title string) { h.write("content/sample/mayor.md", mayor(title)) }},
		{"write a temporary file and rename it over (vim, JetBrains)", func(title string) {
			h.write("content/sample/.mayor.md.swp", mayor(title))
			if err := os.Rename(h.path("content/sample/.mayor.md.swp"), h.path("content/sample/mayor.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{"delete and recreate", func(title string) {
			os.Remove(h.path("content/sample/mayor.md"))
			h.write("content/sample/mayor.md", mayor(title))
		}},
	}
	for i, s := range saves {
		title := "Edited title number " + string(rune('A'+i))
		s.save(title)
		seen := h.awaitPage("/sample/mayor.html", title)
		if len(seen) == 0 || seen[len(seen)-1].name != "reload" {
			t.Errorf("%s: the page changed without a reload event: %v", s.name, seen)
		}
		if errs := h.currentErrors(); len(errs) > 0 {
			t.Errorf("%s: errors left reported: %v", s.name, errs)
		}
	}
	assertSameAsFullBuild(t, h)
}

// TestBurstKeepsLastChange writes many versions of files at once, as a git
// checkout does, and checks the state the site ends in: the last version of
// each file, the same bytes as a full build, and no error reported. (On
// the way, on a busy machine, a rebuild may read a file half-written; see
// TestHalfWrittenNoteIsNotReported.)
func TestBurstKeepsLastChange(t *testing.T) {
	h := start(t)
	for i := range 30 {
		h.write("content/sample/mayor.md", mayor("Burst title "+string(rune('a'+i%26))+string(rune('0'+i/26))))
		h.write("content/sample/new-"+string(rune('a'+i%26))+".md",
			"---\ntitle: New "+string(rune('a'+i%26))+"\nquote: \"The mayor said nothing else\"\nverdict: opinion\n---\nx\n")
	}
	h.write("content/sample/mayor.md", mayor("The final title"))
	h.awaitPage("/sample/mayor.html", "The final title")
	if errs := h.currentErrors(); len(errs) > 0 {
		t.Errorf("errors left reported: %v", errs)
	}
	assertSameAsFullBuild(t, h)
}

// TestHalfWrittenNoteIsNotReported saves a note as os.WriteFile and most
// editors do, truncating it and then writing it, and has the rebuild read it
// in between: that rebuild finds an empty note. Its errors must not reach
// the pages, since the write's events follow: the watcher rebuilds again
// and the page reloads with the whole note. (The hook makes the timing
// certain; without it this is what a busy machine or a git checkout does.)
func TestHalfWrittenNoteIsNotReported(t *testing.T) {
	var once sync.Once
	h := startWith(t, func(s *Server, dir string) {
		// Longer than any machine takes to deliver the write's events, so
		// that only a watcher that reports at once fails.
		s.errorQuiet = time.Minute
		s.afterLoad = func(diags diag.List) {
			if diags.HasErrors() {
				once.Do(func() {
					if err := os.WriteFile(filepath.Join(dir, "content/sample/mayor.md"), []byte(mayor("The whole note")), 0o644); err != nil {
						t.Error(err)
					}
				})
			}
		}
	})
	h.write("content/sample/mayor.md", "")
	if e := h.next(); e.name != "reload" || len(e.data.Errors) > 0 {
		t.Fatalf("event %q with errors %v, want a reload", e.name, e.data.Errors)
	}
	if _, body := h.get("/sample/mayor.html"); !strings.Contains(body, "The whole note") {
		t.Error("the page lacks the whole note")
	}
}

// TestRecreatedNoteIsNotLost saves a note as some editors do, deleting it
// (or renaming it to a backup) and then writing it anew, and has the
// rebuild run in between: that rebuild finds a valid site without the note.
// It must not be announced, since the creation's events follow: the page
// open on the note would reload onto "Page not found".
func TestRecreatedNoteIsNotLost(t *testing.T) {
	var once sync.Once
	h := startWith(t, func(s *Server, dir string) {
		s.errorQuiet = time.Minute // as in TestHalfWrittenNoteIsNotReported
		note := filepath.Join(dir, "content/sample/mayor.md")
		s.afterLoad = func(diags diag.List) {
			if _, err := os.Stat(note); err != nil {
				once.Do(func() {
					if err := os.WriteFile(note, []byte(mayor("The recreated note")), 0o644); err != nil {
						t.Error(err)
					}
				})
			}
		}
	})
	if err := os.Remove(h.path("content/sample/mayor.md")); err != nil {
		t.Fatal(err)
	}
	if e := h.next(); e.name != "reload" {
		t.Fatalf("event %q, want reload", e.name)
	}
	if code, body := h.get("/sample/mayor.html"); code != 200 || !strings.Contains(body, "The recreated note") {
		t.Errorf("after the first reload the page is %d, with the new note: %v", code, strings.Contains(body, "The recreated note"))
	}
}

// TestBrokenThenFixed breaks a note: the last good site stays served and
// pages are told the errors; fixing it reloads them.
func TestBrokenThenFixed(t *testing.T) {
	h := start(t)
	_, before := h.get("/sample/mayor.html")
	h.write("content/sample/mayor.md", "---\ntitle: \"unclosed\nverdict: x\n---\n")
	for {
		// A rebuild may have read the note before the write: only the
		// error of the note as written must end up reported.
		e := h.next()
		if e.name == "reload" {
			t.Fatal("a broken note reloaded the pages")
		}
		if len(e.data.Errors) == 1 && strings.HasPrefix(e.data.Errors[0], "content/sample/mayor.md:2:8: invalid YAML") {
			break
		}
	}
	if _, during := h.get("/sample/mayor.html"); during != before {
		t.Error("the last good page was not kept")
	}
	// A page opened while the site is broken learns of the errors at once.
	if errs := h.currentErrors(); len(errs) != 1 {
		t.Errorf("new page told %v", errs)
	}
	h.write("content/sample/mayor.md", mayor("Fixed again"))
	if seen := h.awaitPage("/sample/mayor.html", "Fixed again"); len(seen) == 0 || seen[len(seen)-1].name != "reload" {
		t.Errorf("fixed without a reload event: %v", seen)
	}
	if errs := h.currentErrors(); len(errs) > 0 {
		t.Errorf("after the fix: %v", errs)
	}
}

// TestTemplateErrorOnData overrides a template with one that fails on
// the notes' data, which only rendering finds: the error is reported at
// the template's line, and a fix clears it. An asset the theme adds is
// served.
func TestTemplateErrorOnData(t *testing.T) {
	h := start(t)
	os.MkdirAll(h.path("templates"), 0o755)
	h.write("templates/note.html", "{{define \"main\"}}\n{{index .Note.Tags 5}}{{end}}\n")
	for {
		e := h.next()
		if len(e.data.Errors) == 1 && strings.HasPrefix(e.data.Errors[0], "templates/note.html:2:") {
			break
		}
	}
	h.write("templates/note.html", "{{define \"main\"}}<p>mended</p>{{end}}\n")
	h.awaitPage("/sample/mayor.html", "mended")
	if errs := h.currentErrors(); len(errs) > 0 {
		t.Errorf("after the fix: %v", errs)
	}
	h.write("templates/extra.css", "p { color: teal }\n")
	h.awaitPage("/assets/extra.css", "teal")
}

// TestNewFolderAndStylesheet creates a templates/ folder after the server
// started: the new folder is watched, and a stylesheet change swaps CSS
// without a reload.
func TestNewFolderAndStylesheet(t *testing.T) {
	h := start(t)
	onlyCSSEvents := func(what string, seen []sseEvent) {
		t.Helper()
		if len(seen) == 0 {
			t.Errorf("%s: no event", what)
		}
		for _, e := range seen {
			if e.name != "css" {
				t.Errorf("%s: event %q, want css", what, e.name)
			}
		}
	}
	os.MkdirAll(h.path("templates"), 0o755)
	h.write("templates/style.css", "body { color: rebeccapurple; }\n")
	onlyCSSEvents("new stylesheet", h.awaitPage("/assets/style.css", "rebeccapurple"))
	h.write("templates/style.css", "body { color: teal; }\n")
	onlyCSSEvents("second change", h.awaitPage("/assets/style.css", "teal"))
	// A new note and its removal: the page appears, then is gone.
	h.write("content/sample/extra.md", "---\ntitle: Extra\nquote: \"nothing else\"\nverdict: opinion\n---\nx\n")
	h.awaitPage("/sample/extra.html", "<h1>Extra</h1>")
	os.Remove(h.path("content/sample/extra.md"))
	h.awaitReload()
	if code, _ := h.get("/sample/extra.html"); code != 404 {
		t.Errorf("removed note page: %d", code)
	}
	if errs := h.currentErrors(); len(errs) > 0 {
		t.Errorf("errors left reported: %v", errs)
	}
	assertSameAsFullBuild(t, h)
}

// TestDraftsPagesAndStatic: the preview shows drafts with their banner, a
// draft that cannot be shown stops nothing and reports no error, and pages
// and static files appear and change as they are saved.
func TestDraftsPagesAndStatic(t *testing.T) {
	h := start(t)
	h.write("content/sample/draft.md", "---\ntitle: Draft note\nquote: \"The mayor said\"\noccurrence: 1\nverdict: opinion\ndraft: true\n---\nx\n")
	if _, body := h.get("/sample/draft.html"); !strings.Contains(body, `class="draft-banner"`) {
		h.awaitPage("/sample/draft.html", `class="draft-banner"`)
	}
	h.write("content/sample/half.md", "---\ntitle: Half\nquote: \"The mayor said\"\noccurrence: 1\ndraft: true\n---\n")
	h.write("content/about.md", "---\ntitle: About the desk\n---\nWho we are.\n")
	h.awaitPage("/index.html", `<a href="about.html">About the desk</a>`)
	if errs := h.currentErrors(); len(errs) > 0 {
		t.Errorf("errors reported for a draft: %v", errs)
	}
	if code, _ := h.get("/sample/half.html"); code != 404 {
		t.Errorf("a draft without a verdict is served: %d", code)
	}
	os.MkdirAll(h.path("static/img"), 0o755)
	h.write("static/img/logo.svg", "<svg>one</svg>")
	h.awaitPage("/img/logo.svg", "one")
	h.write("static/img/logo.svg", "<svg>two</svg>")
	h.awaitPage("/img/logo.svg", "two")
	assertSameAsFullBuild(t, h)
}

// fullBuild builds the tree at dir as `dossier build` does, into memory.
func fullBuild(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	var mem output.Memory
	l := site.NewLoader()
	l.Drafts = true // as the preview shows them
	if _, err := build.Run(l, os.DirFS(dir), &mem); err != nil {
		t.Fatal(err)
	}
	return mem.Files()
}

// builtCopy returns a server, not running, of a copy of the fixture site,
// built once, and the copy's folder: a test drives its rebuilds.
func builtCopy(t *testing.T) (*Server, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../build/testdata/fixture")); err != nil {
		t.Fatal(err)
	}
	srv := New(os.DirFS(dir), io.Discard)
	if res := srv.Rebuild(nil); res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	return srv, dir
}

// assertSameAsFullBuild checks that what the server built incrementally is
// byte for byte what a full build of the same tree gives.
func assertSameAsFullBuild(t *testing.T, h *harness) {
	t.Helper()
	assertBuiltAsFull(t, h.srv, h.dir)
}

// assertBuiltAsFull checks that srv's files are byte for byte what a full
// build of the tree at dir gives.
func assertBuiltAsFull(t *testing.T, srv *Server, dir string) {
	t.Helper()
	want, got := fullBuild(t, dir), srv.Files()
	if len(want) != len(got) {
		t.Errorf("server has %d files, full build %d", len(got), len(want))
	}
	for name, data := range want {
		if string(got[name]) != string(data) {
			t.Errorf("%s differs from a full build", name)
		}
	}
}

func TestHTTP(t *testing.T) {
	h := start(t)
	raw := func(target string) string {
		conn, err := net.Dial("tcp", strings.TrimPrefix(h.url, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
		status, _ := bufio.NewReader(conn).ReadString('\n')
		return strings.TrimSpace(status)
	}
	for _, target := range []string{"/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/sample/%2e%2e/%2e%2e/%2e%2e/etc/hostname", "//etc/passwd", "/sample/..%2f..%2f..%2fetc/passwd", "/.dossier-output"} {
		if status := raw(target); !strings.Contains(status, " 404 ") && !strings.Contains(status, " 400 ") {
			t.Errorf("GET %s: %s", target, status)
		}
	}
	code, body := h.get("/no/such/page.html")
	if code != 404 || !strings.Contains(body, "Page not found") || !strings.Contains(body, ScriptPath) {
		t.Errorf("unknown path: %d", code)
	}
	code, body = h.get("/")
	if code != 200 || !strings.Contains(body, `<script src="`+ScriptPath+`"></script></body>`) {
		t.Errorf("home: %d, reload script injected: %v", code, strings.Contains(body, ScriptPath))
	}
	if code, _ := h.get("/sample"); code != 200 {
		t.Errorf("folder without slash: %d", code)
	}

	resp, err := http.Head(h.url + "/assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || etag == "" || resp.Header.Get("Content-Type") != "text/css; charset=utf-8" || resp.ContentLength <= 0 {
		t.Fatalf("HEAD: %d %q %q %d", resp.StatusCode, etag, resp.Header.Get("Content-Type"), resp.ContentLength)
	}
	req, _ := http.NewRequest("GET", h.url+"/assets/style.css", nil)
	req.Header.Set("If-None-Match", etag)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: %d", resp.StatusCode)
	}

	// A note page is kept as its digest and rendered on request: its ETag
	// must be that of the bytes a full build writes, a matching request
	// must get 304 and an edit a new tag.
	built := fullBuild(t, h.dir)
	resp, err = http.Get(h.url + "/sample/mayor.html")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	pageTag := resp.Header.Get("ETag")
	if want := fmt.Sprintf(`"%x"`, render.Digest(built["sample/mayor.html"])); pageTag != want {
		t.Errorf("note page ETag %s, want %s, the digest of the built page", pageTag, want)
	}
	req, _ = http.NewRequest("GET", h.url+"/sample/mayor.html", nil)
	req.Header.Set("If-None-Match", `W/"0", `+pageTag)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified || resp.Header.Get("ETag") != pageTag {
		t.Errorf("conditional GET of a note page: %d, ETag %q", resp.StatusCode, resp.Header.Get("ETag"))
	}
	h.write("content/sample/mayor.md", mayor("A changed title"))
	h.awaitReload()
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body2, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == pageTag || !strings.Contains(string(body2), "A changed title") {
		t.Errorf("after an edit: %d, ETag %q (was %q)", resp.StatusCode, resp.Header.Get("ETag"), pageTag)
	}

	resp, err = http.Post(h.url+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

// TestSiteWideFilesOncePerBuild asks for the site-wide files many times at
// once: each is made once per build, concurrent requests waiting for the
// one making it, and a rebuild that changes them gives the new bytes. The
// server is driven without its watcher, so that the test alone decides
// when it rebuilds.
func TestSiteWideFilesOncePerBuild(t *testing.T) {
	srv, dir := builtCopy(t)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	// The search index's manifest, its one word shard and one chunk of
	// entries are made together, and each is asked for alone.
	aggregates := []string{"/dossier.json", "/assets/search-index.js", "/assets/search/w0.js", "/assets/search/e0.js", "/sitemap.xml", "/feed.xml"}
	fetchAll := func() map[string]string {
		t.Helper()
		var wg sync.WaitGroup
		var mu sync.Mutex
		bodies := map[string]string{}
		for range 20 {
			for _, p := range aggregates {
				wg.Go(func() {
					resp, err := ts.Client().Get(ts.URL + p)
					if err != nil {
						t.Error(err)
						return
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					mu.Lock()
					defer mu.Unlock()
					if resp.StatusCode != 200 || (bodies[p] != "" && bodies[p] != string(body)) {
						t.Errorf("%s: %d, or differing bytes", p, resp.StatusCode)
					}
					bodies[p] = string(body)
				})
			}
		}
		wg.Wait()
		return bodies
	}
	first := fetchAll()
	fetchAll()
	if n := srv.assemblies.Load(); n != int64(len(aggregates)) {
		t.Errorf("%d assemblies for %d files asked 40 times each", n, len(aggregates))
	}
	if !strings.Contains(first["/dossier.json"], "The mayor said") {
		t.Fatal("dossier.json lacks the note")
	}
	if err := os.WriteFile(filepath.Join(dir, "content/sample/mayor.md"), []byte(mayor("A title for the export")), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := srv.Rebuild([]string{"content/sample/mayor.md"}); res.Diags.HasErrors() || len(res.Changed) == 0 {
		t.Fatalf("rebuild: %v, %d changed", res.Diags, len(res.Changed))
	}
	second := fetchAll()
	if n := srv.assemblies.Load(); n != 2*int64(len(aggregates)) {
		t.Errorf("after a rebuild: %d assemblies in all for %d files", n, len(aggregates))
	}
	for _, p := range []string{"/dossier.json", "/assets/search/e0.js"} {
		if !strings.Contains(second[p], "A title for the export") {
			t.Errorf("%s was not made again after the rebuild", p)
		}
	}
	// A rebuild that finds errors keeps the last good site, and its files.
	if err := os.WriteFile(filepath.Join(dir, "content/sample/mayor.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if res := srv.Rebuild([]string{"content/sample/mayor.md"}); !res.Diags.HasErrors() {
		t.Fatal("an empty note built")
	}
	if third := fetchAll(); third["/dossier.json"] != second["/dossier.json"] || srv.assemblies.Load() != 2*int64(len(aggregates)) {
		t.Error("a failed rebuild changed the site-wide files")
	}
}

// TestShutdownLeavesNoGoroutine runs a server with an open event stream,
// stops it, and checks that every goroutine it started has ended.
func TestShutdownLeavesNoGoroutine(t *testing.T) {
	http.DefaultClient.CloseIdleConnections()
	before := runtime.NumGoroutine()
	h := start(t)
	h.write("content/sample/mayor.md", mayor("One more"))
	h.next()
	h.stop()
	h.stop = nil
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines before, %d after:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestPagesWhileRebuilding reads pages while saves rebuild the site: pages
// are rendered on request from data that a rebuild replaces, and every
// request must get a whole page, the old one or the new. Run it with -race.
func TestPagesWhileRebuilding(t *testing.T) {
	h := start(t)
	stop := make(chan struct{})
	failed := make(chan string, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			for _, p := range []string{"/sample/mayor.html", "/sample/index.html", "/index.html", "/assets/search-index.js"} {
				resp, err := http.Get(h.url + p)
				if err != nil {
					failed <- err.Error()
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || (strings.HasSuffix(p, ".html") && !strings.Contains(string(body), "</html>")) {
					failed <- fmt.Sprintf("%s: %d, %d bytes", p, resp.StatusCode, len(body))
					return
				}
			}
		}
	}()
	for i := range 10 {
		h.write("content/sample/mayor.md", mayor(fmt.Sprintf("Title %d", i)))
		h.awaitReload()
	}
	close(stop)
	<-done
	select {
	case msg := <-failed:
		t.Fatal(msg)
	default:
	}
	assertSameAsFullBuild(t, h)
}

// TestTranslationTable creates the site's i18n/ folder after the server
// started and saves a table in it: the theme is loaded again with it, and
// the pages show the site's words.
func TestTranslationTable(t *testing.T) {
	h := start(t)
	os.MkdirAll(h.path("i18n"), 0o755)
	h.write("i18n/en.yaml", "base.skip: \"Jump to the checks\"\n")
	h.awaitPage("/index.html", "Jump to the checks")
	h.write("i18n/en.yaml", "base.skip: \"Straight to the checks\"\n")
	h.awaitPage("/index.html", "Straight to the checks")
}

// TestSitePagesChangedAlone: the site-wide pages are made on request, yet a
// save that changes one of them alone is a change (the browser reloads),
// and a save that changes nothing is none; the site stays byte for byte a
// full build's.
func TestSitePagesChangedAlone(t *testing.T) {
	srv, dir := builtCopy(t)
	save := func(name, add string) Result {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, append(data, add...), 0o644); err != nil {
			t.Fatal(err)
		}
		res := srv.Rebuild([]string{name})
		if res.Diags.HasErrors() {
			t.Fatal(res.Diags)
		}
		return res
	}
	for round := range 2 { // the first render after a full one, then the next
		if res := save("content/sample/mayor.md", ""); len(res.Changed) != 0 {
			t.Errorf("round %d: a save that changes nothing changed %v", round, res.Changed)
		}
	}
	for i, c := range []struct{ file, page string }{
		{"content/methodology.md", "methodology.html"},
		{"content/about.md", "about.html"},
		{"content/methodology.md", "methodology.html"},
	} {
		word := fmt.Sprintf("Addendum%d", i)
		res := save(c.file, "\n"+word+".\n")
		if !slices.Contains(res.Changed, c.page) {
			t.Errorf("%s saved: changed %v, want %s among them", c.file, res.Changed, c.page)
		}
		if page := srv.Files()[c.page]; !strings.Contains(string(page), word) {
			t.Errorf("%s does not show the save", c.page)
		}
	}
	assertBuiltAsFull(t, srv, dir)
}
