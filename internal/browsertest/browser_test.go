package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"dossier/internal/build"
	"dossier/internal/output"
	"dossier/internal/site"
)

const chromiumPath = "/usr/bin/chromium"

// unavailable skips the test, or fails it when CI requires the check.
func unavailable(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("DOSSIER_BROWSER_TESTS") == "require" {
		t.Fatalf("%s (DOSSIER_BROWSER_TESTS=require)", msg)
	}
	t.Skip(msg + "; set up as .ci/run does to run this check")
}

// builtSite is a site built into a temporary directory and served.
type builtSite struct {
	name  string
	dir   string
	url   string
	pages []string // HTML files, slash paths relative to dir
}

var (
	sitesOnce sync.Once
	sites     []*builtSite
	sitesErr  error
)

// builtSites builds the fixture site and the repository's own site once
// per test binary, and serves each on loopback.
func builtSites(t *testing.T) []*builtSite {
	t.Helper()
	sitesOnce.Do(func() {
		for _, s := range []struct{ name, src, baseURL string }{
			{"fixture", "../build/testdata/fixture", ""},
			// The real site gets a base URL so that its JSON-LD and feed
			// are checked too.
			{"shipped", "../..", "https://dossier.example.org/"},
		} {
			dir, err := os.MkdirTemp("", "browsertest-")
			if err != nil {
				sitesErr = err
				return
			}
			out, err := output.Create(filepath.Join(dir, "public"))
			if err != nil {
				sitesErr = err
				return
			}
			l := site.NewLoader()
			l.BaseURL = s.baseURL
			if res, err := build.Run(l, os.DirFS(s.src), out); err != nil {
				sitesErr = fmt.Errorf("%s: %v\n%s", s.name, err, res.Diags)
				return
			}
			if err := out.Commit(); err != nil {
				sitesErr = err
				return
			}
			b := &builtSite{name: s.name, dir: filepath.Join(dir, "public")}
			filepath.WalkDir(b.dir, func(p string, e os.DirEntry, err error) error {
				if err == nil && strings.HasSuffix(p, ".html") {
					rel, _ := filepath.Rel(b.dir, p)
					b.pages = append(b.pages, filepath.ToSlash(rel))
				}
				return nil
			})
			sort.Strings(b.pages)
			// Serve the site at the path of its base URL, as a host would:
			// the 404 page, served at any depth, links from that path.
			root := "/"
			if u, err := url.Parse(l.BaseURL); err == nil && u.Path != "" {
				root = u.Path
			} else if settings, _ := l.Load(os.DirFS(s.src)); settings != nil && settings.Settings.BaseURL != "" {
				if u, err := url.Parse(settings.Settings.BaseURL); err == nil {
					root = u.Path
				}
			}
			mux := http.NewServeMux()
			mux.Handle(root, http.StripPrefix(strings.TrimSuffix(root, "/"), http.FileServer(http.Dir(b.dir))))
			srv := httptest.NewServer(mux)
			b.url = srv.URL + root
			sites = append(sites, b)
		}
	})
	if sitesErr != nil {
		t.Fatal(sitesErr)
	}
	return sites
}

var (
	browserOnce sync.Once
	browserCtx  context.Context
)

// browser returns a context for a new tab of the one browser the tests
// share: starting Chromium is the slow part, and two cores do not need two.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		unavailable(t, "Chromium is not installed at %s", chromiumPath)
	}
	browserOnce.Do(func() {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(chromiumPath),
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			// file:// pages load their neighbours as a reader's browser does.
			chromedp.Flag("allow-file-access-from-files", false),
		)
		alloc, _ := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, _ := chromedp.NewContext(alloc)
		if err := chromedp.Run(ctx); err != nil {
			t.Fatalf("starting Chromium: %v", err)
		}
		browserCtx = ctx
	})
	if browserCtx == nil {
		t.Fatal("Chromium did not start")
	}
	tab, cancel := chromedp.NewContext(browserCtx)
	t.Cleanup(cancel)
	tab, cancel = context.WithTimeout(tab, 60*time.Second)
	t.Cleanup(cancel)
	return tab
}

// problems collects what a page reports as going wrong: console errors,
// uncaught exceptions and failed loads.
type problems struct {
	mu   sync.Mutex
	list []string
}

func (p *problems) add(s string) {
	p.mu.Lock()
	p.list = append(p.list, s)
	p.mu.Unlock()
}

func (p *problems) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.list
	p.list = nil
	return out
}

func listen(ctx context.Context) *problems {
	p := &problems{}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value))
				}
				p.add("console error: " + strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			p.add("uncaught exception: " + ev.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.LevelError {
				p.add("error: " + ev.Entry.Text + " " + ev.Entry.URL)
			}
		}
	})
	return p
}

func TestPagesLoadCleanly(t *testing.T) {
	for _, s := range builtSites(t) {
		t.Run(s.name, func(t *testing.T) {
			ctx := browser(t)
			p := listen(ctx)
			if err := chromedp.Run(ctx, log.Enable(), runtime.Enable()); err != nil {
				t.Fatal(err)
			}
			for _, page := range s.pages {
				var h1 string
				err := chromedp.Run(ctx, chromedp.Navigate(s.url+page), chromedp.Text("h1", &h1, chromedp.ByQuery))
				if err != nil {
					t.Errorf("%s: %v", page, err)
					continue
				}
				time.Sleep(50 * time.Millisecond) // late console messages
				for _, msg := range p.take() {
					t.Errorf("%s: %s", page, msg)
				}
				if strings.TrimSpace(h1) == "" {
					t.Errorf("%s: empty h1", page)
				}
			}
		})
	}
}

// TestFileURL opens the dossier over file://, as a reader who downloaded
// the site would.
func TestFileURL(t *testing.T) {
	s := builtSites(t)[1]
	ctx := browser(t)
	p := listen(ctx)
	if err := chromedp.Run(ctx, log.Enable(), runtime.Enable()); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"index.html", "iran-azerbaijan-plot/index.html", "search.html?q=Dadashov"} {
		u := "file://" + filepath.ToSlash(s.dir) + "/" + page
		// The theme sets the body's margin to 0 (browsers default to 8px):
		// a cheap sign that the stylesheet loaded over file://.
		var margin string
		err := chromedp.Run(ctx, chromedp.Navigate(u), chromedp.WaitReady("body"),
			chromedp.Evaluate(`getComputedStyle(document.body).marginTop`, &margin))
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		if margin != "0px" {
			t.Errorf("%s over file://: the stylesheet did not apply (body margin %s)", page, margin)
		}
		for _, msg := range p.take() {
			t.Errorf("%s over file://: %s", page, msg)
		}
	}
}

func TestNoHorizontalScrollOnPhones(t *testing.T) {
	for _, s := range builtSites(t) {
		t.Run(s.name, func(t *testing.T) {
			ctx := browser(t)
			if err := chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(390, 844, 3, true)); err != nil {
				t.Fatal(err)
			}
			for _, page := range s.pages {
				var widths []int
				err := chromedp.Run(ctx, chromedp.Navigate(s.url+page), chromedp.WaitReady("body"),
					chromedp.Evaluate(`[document.documentElement.scrollWidth, window.innerWidth]`, &widths))
				if err != nil {
					t.Fatalf("%s: %v", page, err)
				}
				if widths[0] > widths[1] {
					t.Errorf("%s: %d px wide at a %d px viewport", page, widths[0], widths[1])
				}
			}
		})
	}
}

var (
	attrRE = regexp.MustCompile(`\s(href|src)="([^"]*)"`)
	idRE   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// TestLinksResolve checks every relative link, stylesheet and script of
// every page: the file exists, and a #fragment names an element of it.
func TestLinksResolve(t *testing.T) {
	for _, s := range builtSites(t) {
		t.Run(s.name, func(t *testing.T) {
			ids := map[string]map[string]bool{}
			idsOf := func(page string) map[string]bool {
				if m, ok := ids[page]; ok {
					return m
				}
				m := map[string]bool{}
				data, _ := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(page)))
				for _, match := range idRE.FindAllStringSubmatch(string(data), -1) {
					m[match[1]] = true
				}
				ids[page] = m
				return m
			}
			checked := 0
			for _, page := range s.pages {
				if page == "404.html" {
					continue // served at any depth: its links are absolute when the site has a base URL
				}
				data, _ := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(page)))
				for _, m := range attrRE.FindAllStringSubmatch(string(data), -1) {
					ref := strings.ReplaceAll(m[2], "&amp;", "&")
					u, err := url.Parse(ref)
					if err != nil {
						t.Errorf("%s: bad link %q", page, ref)
						continue
					}
					if u.Scheme != "" || strings.HasPrefix(ref, "//") {
						continue // outside links are the sources', checked by dossier check
					}
					target := page
					if u.Path != "" {
						target = strings.TrimPrefix(filepath.ToSlash(filepath.Join(filepath.Dir(page), u.Path)), "./")
					}
					if _, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(target))); err != nil {
						t.Errorf("%s: link %q: no file %s", page, ref, target)
						continue
					}
					if u.Fragment != "" && strings.HasSuffix(target, ".html") && !idsOf(target)[u.Fragment] {
						t.Errorf("%s: link %q: no id %q in %s", page, ref, u.Fragment, target)
					}
					checked++
				}
			}
			if checked < 10*len(s.pages) {
				t.Errorf("only %d links checked in %d pages", checked, len(s.pages))
			}
		})
	}
}

// TestHighlightReachesNote clicks the first highlighted passage of each
// dossier and expects its note.
func TestHighlightReachesNote(t *testing.T) {
	for _, s := range builtSites(t) {
		t.Run(s.name, func(t *testing.T) {
			ctx := browser(t)
			for _, page := range s.pages {
				if !strings.HasSuffix(page, "/index.html") {
					continue
				}
				var href, location, h1 string
				var ok bool
				err := chromedp.Run(ctx,
					chromedp.Navigate(s.url+page),
					chromedp.AttributeValue("mark.hl a", "href", &href, &ok, chromedp.ByQuery),
					chromedp.Click("mark.hl a", chromedp.ByQuery),
					chromedp.WaitVisible("article.note h1", chromedp.ByQuery),
					chromedp.Location(&location),
					chromedp.Text("h1", &h1, chromedp.ByQuery),
				)
				if err != nil {
					t.Fatalf("%s: %v", page, err)
				}
				if want := s.url + strings.TrimSuffix(page, "index.html") + href; location != want {
					t.Errorf("%s: clicking the highlight went to %s, want %s", page, location, want)
				}
				if h1 == "" {
					t.Errorf("%s: the note page has no title", page)
				}
			}
		})
	}
}

// TestSearch finds a note by a word that appears only in its analysis.
func TestSearch(t *testing.T) {
	cases := map[string]struct{ query, want string }{
		"fixture": {"minutes", "sample/vote.html"},
		"shipped": {"Dadashov", "iran-azerbaijan-plot/dashdev.html"},
	}
	for _, s := range builtSites(t) {
		t.Run(s.name, func(t *testing.T) {
			c := cases[s.name]
			if !slices.Contains(s.pages, "search.html") {
				t.Fatal("the site has no search.html")
			}
			ctx := browser(t)
			var hrefs []string
			err := chromedp.Run(ctx,
				chromedp.Navigate(s.url+"search.html?q="+url.QueryEscape(c.query)),
				chromedp.WaitVisible("#search-results a", chromedp.ByQuery),
				chromedp.Evaluate(`[...document.querySelectorAll('#search-results a')].map(a => a.getAttribute('href'))`, &hrefs),
			)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(hrefs, c.want) {
				t.Errorf("search for %q found %v, want %s", c.query, hrefs, c.want)
			}
		})
	}
}

// pageTypes picks one page of each kind from a site.
func pageTypes(s *builtSite) []string {
	var out []string
	seen := map[string]bool{}
	for _, page := range s.pages {
		kind := page
		if i := strings.IndexByte(page, '/'); i >= 0 {
			kind = page[i+1:]
			if kind != "index.html" && kind != "claims.html" && kind != "sources.html" {
				kind = "note"
			}
			kind = "dossier/" + kind
		}
		if !seen[kind] {
			seen[kind] = true
			out = append(out, page)
		}
	}
	return out
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// TestAccessibility runs axe-core on every page type, light and dark.
func TestAccessibility(t *testing.T) {
	axePath := os.Getenv("DOSSIER_AXE")
	if axePath == "" {
		axePath = filepath.Join(cacheDir(), "node_modules", "axe-core", "axe.min.js")
	}
	axe, err := os.ReadFile(axePath)
	if err != nil {
		unavailable(t, "axe-core not found at %s", axePath)
	}
	for _, s := range builtSites(t) {
		for _, scheme := range []string{"light", "dark"} {
			t.Run(s.name+"/"+scheme, func(t *testing.T) {
				ctx := browser(t)
				media := emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}})
				if err := chromedp.Run(ctx, media); err != nil {
					t.Fatal(err)
				}
				for _, page := range pageTypes(s) {
					var violations []axeViolation
					err := chromedp.Run(ctx,
						chromedp.Navigate(s.url+page),
						chromedp.WaitReady("body"),
						chromedp.Evaluate(string(axe), nil),
						chromedp.Evaluate(`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)`, &violations,
							func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
					)
					if err != nil {
						t.Fatalf("%s: %v", page, err)
					}
					for _, v := range violations {
						for _, n := range v.Nodes {
							t.Errorf("%s (%s): %s [%s, %s] at %v: %s", page, scheme, v.Help, v.ID, v.Impact, n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
						}
					}
				}
			})
		}
	}
}

func cacheDir() string {
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "dossier-ci")
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache", "dossier-ci")
}

// TestHTMLValid runs the W3C Nu HTML checker over every page of both
// sites in one Java process.
func TestHTMLValid(t *testing.T) {
	vnu := os.Getenv("DOSSIER_VNU")
	if vnu == "" {
		vnu = filepath.Join(cacheDir(), "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	}
	if _, err := os.Stat(vnu); err != nil {
		unavailable(t, "vnu.jar not found at %s", vnu)
	}
	if _, err := exec.LookPath("java"); err != nil {
		unavailable(t, "java is not installed")
	}
	args := []string{"-jar", vnu, "--errors-only", "--format", "json"}
	count := 0
	for _, s := range builtSites(t) {
		for _, page := range s.pages {
			args = append(args, filepath.Join(s.dir, filepath.FromSlash(page)))
			count++
		}
	}
	out, err := exec.Command("java", args...).CombinedOutput()
	var report struct {
		Messages []struct {
			URL     string `json:"url"`
			Type    string `json:"type"`
			Line    int    `json:"lastLine"`
			Message string `json:"message"`
		} `json:"messages"`
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("vnu: %v: %v\n%s", err, jerr, out)
	}
	for _, m := range report.Messages {
		t.Errorf("%s:%d: %s: %s", strings.TrimPrefix(m.URL, "file:"), m.Line, m.Type, m.Message)
	}
	if count < 40 {
		t.Errorf("only %d pages checked", count)
	}
}
