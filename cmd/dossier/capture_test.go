package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-org/dossier/internal/content"
)

// pageServer serves the page it is given, over httptest on loopback: the
// tests capture with --allow-private and never touch the network.
type pageServer struct {
	mu   sync.Mutex
	page []byte
	ct   string
	*httptest.Server
}

func newPageServer(t *testing.T, page []byte) *pageServer {
	s := &pageServer{page: page, ct: "text/html; charset=utf-8"}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/story", http.StatusMovedPermanently)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		w.Header().Set("Content-Type", s.ct)
		w.Write(s.page)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *pageServer) set(page []byte) {
	s.mu.Lock()
	s.page = page
	s.mu.Unlock()
}

func emptySite(t *testing.T) string {
	dir := t.TempDir()
	for _, d := range []string{"seeds", "content"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// files lists the regular files under dir, relative and slash-separated.
func files(t *testing.T, dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func readString(t *testing.T, name string) string {
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func atTime(s string) func() time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return func() time.Time { return t }
}

// TestCaptureRevisions is the desk's story: capture an article, check a
// quote of it, capture it again unchanged (nothing added), after the
// publisher edits it (a revision added, the first capture moved into the
// folder form), and the site still builds with the note anchored in the
// first revision.
func TestCaptureRevisions(t *testing.T) {
	page, err := os.ReadFile("../../internal/capture/testdata/news.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := newPageServer(t, page)
	dir := emptySite(t)
	defer func() { captureNow = time.Now }()
	const slug = "harbour-bridge-repairs-to-cost-twice-the"

	captureNow = atTime("2026-11-25T15:30:00Z")
	code, out, errs := dossier("capture", "-s", dir, "--allow-private", srv.URL+"/old")
	if code != 0 {
		t.Fatalf("capture: %d %s%s", code, out, errs)
	}
	want := []string{"content/" + slug + "/_index.md", "seeds/" + slug + ".txt", "seeds/" + slug + ".warc.gz"}
	if got := files(t, dir); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("files %v, want %v", got, want)
	}
	golden := readString(t, "../../internal/capture/testdata/news.txt")
	if got := readString(t, filepath.Join(dir, "seeds", slug+".txt")); got != golden {
		t.Errorf("seed:\n%s", got)
	}
	index := readString(t, filepath.Join(dir, "content", slug, "_index.md"))
	d, diags := content.ParseDossier("_index.md", []byte(index))
	if len(diags) > 0 || d.Headline != "Harbour bridge repairs to cost twice the estimate" || d.Publisher != "The Coastal Ledger Ltd" ||
		d.Author != "Mira Okafor, Tomas Lind" || d.URL != "https://ledger.example/news/2026/harbour-bridge-repairs" ||
		d.Published != "2026-11-20" || d.Retrieved != "2026-11-25" {
		t.Errorf("_index.md %+v %s\n%s", d, diags, index)
	}
	if !strings.Contains(index, `# modified: "2026-11-21T10:02:00Z"`) {
		t.Errorf("_index.md keeps no modified date:\n%s", index)
	}

	today = func() string { return "2026-11-26" }
	if code, out, errs := dossier("new", "-s", dir, slug, "will cost about 14 million"); code != 0 {
		t.Fatalf("new: %d %s%s", code, out, errs)
	}
	notePath := filepath.Join(dir, "content", slug, "will-cost-about-14-million.md")
	note := strings.NewReplacer(
		`title: "" # the finding, in one line`, `title: "The estimate did double"`,
		"verdict:\n", "verdict: accurate\n",
		`sources: [] # each: {title, url, publisher, kind, date, archive, accessed, quote}; kind: one of primary, wire, news, analysis, reference, copy`, `sources: [{title: "Works committee report", url: "https://council.example/report"}]`,
		"**\n", "**\n\nWritten.\n",
	).Replace(readString(t, notePath))
	if err := os.WriteFile(notePath, []byte(note), 0o644); err != nil {
		t.Fatal(err)
	}

	// Again, unchanged: nothing is added.
	captureNow = atTime("2026-11-26T09:00:00Z")
	before := files(t, dir)
	code, out, errs = dossier("capture", "-s", dir, "--allow-private", srv.URL+"/story")
	if code != 0 || !strings.Contains(out, "unchanged:") || !strings.Contains(out, "no revision added") {
		t.Fatalf("unchanged capture: %d %s%s", code, out, errs)
	}
	if got := files(t, dir); strings.Join(got, " ") != strings.Join(before, " ") {
		t.Errorf("an unchanged capture wrote files: %v", got)
	}

	// The publisher edits the article: a revision.
	srv.set([]byte(strings.Replace(string(page), "about 14 million", "about 15 million", 1)))
	captureNow = atTime("2026-12-02T08:00:00Z")
	code, out, errs = dossier("capture", "-s", dir, "--allow-private", srv.URL+"/story")
	if code != 0 || !strings.Contains(out, "changed:") {
		t.Fatalf("changed capture: %d %s%s", code, out, errs)
	}
	want = []string{
		"content/" + slug + "/_index.md", "content/" + slug + "/will-cost-about-14-million.md",
		"seeds/" + slug + "/20261125T153000Z.txt", "seeds/" + slug + "/20261125T153000Z.warc.gz",
		"seeds/" + slug + "/20261202T080000Z.txt", "seeds/" + slug + "/20261202T080000Z.warc.gz",
	}
	if got := files(t, dir); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("files %v, want %v", got, want)
	}
	if got := readString(t, filepath.Join(dir, "seeds", slug, "20261125T153000Z.txt")); got != golden {
		t.Errorf("the first revision changed when it moved")
	}
	if got := readString(t, filepath.Join(dir, "seeds", slug, "20261202T080000Z.txt")); !strings.Contains(got, "about 15 million") {
		t.Errorf("second revision:\n%s", got)
	}
	if got := readString(t, filepath.Join(dir, "content", slug, "_index.md")); got != index {
		t.Errorf("_index.md changed on a revision")
	}

	// The same edited page again: unchanged against the latest revision.
	captureNow = atTime("2026-12-03T08:00:00Z")
	if code, out, _ := dossier("capture", "-s", dir, "--allow-private", srv.URL+"/story"); code != 0 || !strings.Contains(out, "unchanged: seeds/"+slug+"/20261202T080000Z.txt") {
		t.Errorf("unchanged against the latest: %d %s", code, out)
	}

	// The site builds from the folder form, the note anchored in the
	// earliest revision; new still finds the seed.
	if code, out, errs := dossier("check", "-s", dir); code != 0 {
		t.Errorf("check: %d %s%s", code, out, errs)
	}
	if code, out, errs := dossier("new", "-s", dir, "--remark", slug, "Engineers found corrosion"); code != 0 {
		t.Errorf("new on the folder form: %d %s%s", code, out, errs)
	}
}

// TestCaptureHostilePage captures pages whose metadata tries to break out
// of its YAML string, the front matter or the terminal: the _index.md
// written parses to the same text, cleaned.
func TestCaptureHostilePage(t *testing.T) {
	defer func() { captureNow = time.Now }()
	captureNow = atTime("2026-11-25T15:30:00Z")
	for i, headline := range []string{
		`Quote " and \ backslash`,
		"Line\nbreak: verdict: false",
		"---\nheadline: injected",
		"Tab\tand ESC \x1b[31m red \u0007 bell",
		"# not a comment & not an anchor *x !tag {flow} [list] 'single'",
		"Right-to-left \u202e override and LS \u2028 and NEL \u0085 end",
		"${{ github.token }} and `code` and <script>alert(1)</script>",
		strings.Repeat("Long ", 200),
	} {
		jsonHeadline := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`, "\x1b", `\u001b`, "\u0007", `\u0007`, "\u0085", `\u0085`, "<", `\u003c`).Replace(headline)
		page := `<html><head><title>x</title><script type="application/ld+json">{"@type":"NewsArticle","headline":"` + jsonHeadline +
			`","author":{"name":"` + jsonHeadline + `"},"publisher":"` + jsonHeadline + `","datePublished":"not a date","url":"javascript:alert(1)"}</script></head><body><article>` +
			strings.Repeat("<p>A paragraph of the article, long enough to be the article's text and not its furniture.</p>", 5) + `</article></body></html>`
		srv := newPageServer(t, []byte(page))
		dir := emptySite(t)
		code, out, errs := dossier("capture", "-s", dir, "--allow-private", "--slug", "hostile", srv.URL+"/story")
		if code != 0 {
			t.Errorf("%d: %d %s%s", i, code, out, errs)
			continue
		}
		if strings.ContainsAny(out+errs, "\x1b\u0007\u0085") {
			t.Errorf("%d: a control character reached the terminal: %q", i, out)
		}
		index := readString(t, filepath.Join(dir, "content", "hostile", "_index.md"))
		d, diags := content.ParseDossier("_index.md", []byte(index))
		if len(diags) > 0 || d == nil {
			t.Errorf("%d: _index.md does not parse: %s\n%s", i, diags, index)
			continue
		}
		if strings.ContainsAny(d.Headline, "\n\x1b\u0007\u0085") || d.Headline == "" || d.Headline != d.Publisher || d.Headline != d.Author {
			t.Errorf("%d: headline %q publisher %q author %q", i, d.Headline, d.Publisher, d.Author)
		}
		if d.URL != srv.URL+"/story" || d.Published != "" {
			t.Errorf("%d: url %q published %q", i, d.URL, d.Published)
		}
		if code, out, errs := dossier("check", "-s", dir); code != 0 {
			t.Errorf("%d: check: %d %s%s", i, code, out, errs)
		}
	}
}

// TestCaptureNothingHalfWritten makes the last file of a capture fail: the
// files written before it are removed.
func TestCaptureNothingHalfWritten(t *testing.T) {
	defer func() { captureNow = time.Now }()
	captureNow = atTime("2026-11-25T15:30:00Z")
	page, _ := os.ReadFile("../../internal/capture/testdata/blog.html")
	srv := newPageServer(t, page)
	dir := emptySite(t)
	// content/<slug> is a file: _index.md cannot be written.
	if err := os.WriteFile(filepath.Join(dir, "content", "blog"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := dossier("capture", "-s", dir, "--allow-private", "--slug", "blog", srv.URL+"/story")
	if code != 1 || !strings.Contains(errs, "content/blog") {
		t.Errorf("exit %d: %s", code, errs)
	}
	if got := files(t, dir); strings.Join(got, " ") != "content/blog" {
		t.Errorf("files left: %v", got)
	}
}

func TestCaptureRefusals(t *testing.T) {
	page, _ := os.ReadFile("../../internal/capture/testdata/amp.html")
	srv := newPageServer(t, page)
	pdf := newPageServer(t, []byte("%PDF-1.7"))
	pdf.ct = "application/pdf"
	dir := emptySite(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{srv.URL + "/story"}, 1, "127.0.0.1 is not a public address: refused (use --allow-private"},
		{[]string{"--allow-private", pdf.URL}, 1, `not an HTML page: the server sent "application/pdf"`},
		{[]string{"ftp://files.example/a.html"}, 1, `only http and https addresses are fetched, not "ftp:"`},
		{[]string{"file:///etc/passwd"}, 1, `not "file:"`},
		{[]string{"no-such-file.html"}, 1, "no-such-file.html"},
		{[]string{"--slug", "Bad Slug", srv.URL}, 2, `--slug "Bad Slug" makes a poor web address`},
		{[]string{"--slug", "assets", srv.URL}, 2, `is taken by the site's own files`},
		{[]string{}, 2, "Usage: dossier capture"},
	} {
		code, out, errs := dossier(append([]string{"capture", "-s", dir}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("capture %v: %d %s%s, want %d and %q", tc.args, code, out, errs, tc.code, tc.want)
		}
	}
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("refused captures wrote %v", got)
	}
}

// TestCaptureSavedFile captures a page saved to a file: the WARC keeps it
// as a resource record, and the dossier's address is the page's canonical
// one.
func TestCaptureSavedFile(t *testing.T) {
	defer func() { captureNow = time.Now }()
	captureNow = atTime("2026-11-25T15:30:00Z")
	dir := emptySite(t)
	code, out, errs := dossier("capture", "-s", dir, "../../internal/capture/testdata/amp.html")
	if code != 0 {
		t.Fatalf("%d %s%s", code, out, errs)
	}
	const slug = "museum-returns-carved-panels-to-island-community"
	d, diags := content.ParseDossier("_index.md", []byte(readString(t, filepath.Join(dir, "content", slug, "_index.md"))))
	if len(diags) > 0 || d.URL != "https://gazette.example/culture/museum-returns-panels" || d.Author != "Léa Dubois" {
		t.Errorf("%+v %s", d, diags)
	}
	if got := readString(t, filepath.Join(dir, "seeds", slug+".txt")); got != readString(t, "../../internal/capture/testdata/amp.txt") {
		t.Errorf("seed:\n%s", got)
	}
}

// TestCaptureOtherPageSameHeadline captures two pages with the same
// headline: the second is not taken for a revision of the first unless
// --slug says it is.
func TestCaptureOtherPageSameHeadline(t *testing.T) {
	defer func() { captureNow = time.Now }()
	captureNow = atTime("2026-11-25T15:30:00Z")
	page, _ := os.ReadFile("../../internal/capture/testdata/blog.html")
	one := newPageServer(t, page)
	two := newPageServer(t, []byte(strings.ReplaceAll(strings.Replace(string(page), `<meta property="og:url" content="https://plot9.example/2026/10/slug-pellets/">`, "", 1), "Three summers", "Four summers")))
	dir := emptySite(t)
	if code, out, errs := dossier("capture", "-s", dir, "--allow-private", one.URL); code != 0 {
		t.Fatalf("%d %s%s", code, out, errs)
	}
	captureNow = atTime("2026-11-26T15:30:00Z")
	code, _, errs := dossier("capture", "-s", dir, "--allow-private", two.URL)
	if code != 1 || !strings.Contains(errs, "is the seed of another page (https://plot9.example/2026/10/slug-pellets/); name this capture with --slug") {
		t.Errorf("%d %s", code, errs)
	}
	if code, out, errs := dossier("capture", "-s", dir, "--allow-private", "--slug", "why-our-allotment-gave-up-on-slug-pellets", two.URL); code != 0 || !strings.Contains(out, "changed:") {
		t.Errorf("with --slug: %d %s%s", code, out, errs)
	}
}
