package browsertest

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// viewports are the screens on which the passages are clicked: the layout,
// and so what may lie over a highlight, differs between them.
var viewports = []struct {
	name          string
	width, height int64
	mobile        bool
}{
	{"desktop", 1280, 800, false},
	{"phone", phoneWidth, 844, true},
}

// HighlightReachesNote clicks, on every dossier page, the first
// highlighted passage as a reader would (a real mouse click at its
// position, so a box drawn over it would take the click), and expects the
// browser to land on the note it links to.
func (u *Suite) HighlightReachesNote(t *testing.T) {
	for _, s := range u.sites(t) {
		dossiers := s.pagesOfKind("dossier")
		for _, vp := range viewports {
			t.Run(s.Name+"/"+vp.name, func(t *testing.T) {
				t.Parallel()
				if len(dossiers) == 0 {
					t.Fatal("the output has no dossier page (<slug>/index.html)")
				}
				tab := browser(t)
				if err := step(tab, emulation.SetDeviceMetricsOverride(vp.width, vp.height, 1, vp.mobile)); err != nil {
					t.Fatal(err)
				}
				clicked := 0
				for _, page := range dossiers {
					// The href property is the link resolved against
					// the page: the address the click must reach.
					var want string
					err := step(tab,
						chromedp.Navigate(s.url(page)),
						chromedp.Evaluate(`(document.querySelector('mark.hl a') || {}).href || ''`, &want),
					)
					if err != nil {
						t.Errorf("%s: %v", page, err)
						continue
					}
					if want == "" {
						t.Logf("%s: no highlighted passage (mark.hl a) to click", page)
						continue
					}
					clicked++
					resp, err := stepResponse(tab, chromedp.Click("mark.hl a", chromedp.ByQuery))
					if err != nil {
						t.Errorf("%s: clicking the first highlight (to %s): %v", page, want, err)
						continue
					}
					var got, h1 string
					err = step(tab,
						chromedp.Location(&got),
						chromedp.Evaluate(`(document.querySelector('h1') || {}).textContent || ''`, &h1),
					)
					switch {
					case err != nil:
						t.Errorf("%s: after the click: %v", page, err)
					case got != want:
						t.Errorf("%s: clicking the first highlight went to %s, want %s", page, got, want)
					case resp.Status != 200:
						t.Errorf("%s: the highlight's note %s answered %d %s", page, got, resp.Status, resp.StatusText)
					case strings.TrimSpace(h1) == "":
						t.Errorf("%s: the highlight's note %s has no h1", page, got)
					}
				}
				if clicked == 0 {
					t.Errorf("no dossier page of %d has a highlighted passage (mark.hl a) to click", len(dossiers))
				}
			})
		}
	}
}

// stepResponse is step for actions that navigate: it waits for the
// navigation to finish and returns the new document's response.
func stepResponse(tab context.Context, actions ...chromedp.Action) (*network.Response, error) {
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	return chromedp.RunResponse(ctx, actions...)
}

// Search opens the search page with a query in its address, as the
// search box of every page submits it, and expects a result linking to the
// note that has the word, over HTTP and over file://, where the search
// index cannot be fetched and must arrive as a script.
//
// A site's case is fixed in its SiteSpec or, where its notes change, drawn
// from the output: the longest word of the first note's title must find
// that note. The site's other cases (SiteSpec.Searches), such as a query
// typed with another keyboard's letters, are searched for likewise.
func (u *Suite) Search(t *testing.T) {
	for _, s := range u.sites(t) {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			// search.html is part of the theme's contract with readers
			// (every page's search box submits to it), so its absence
			// is a failure, not a reason to skip.
			if !s.has("search.html") {
				t.Fatalf("the output has no search.html, which every page's search box submits to; pages: %v", s.pages)
			}
			tab := browser(t)
			cases := s.Searches
			if s.Search != nil {
				cases = append([]SearchCase{*s.Search}, cases...)
			} else {
				query, want := titleWord(t, tab, s)
				cases = append([]SearchCase{{query, want}}, cases...)
			}
			for _, c := range cases {
				for _, scheme := range []struct {
					name string
					url  func(string) string
				}{
					{"http", s.url},
					{"file", s.fileURL},
				} {
					address := scheme.url("search.html?q=" + url.QueryEscape(c.Query))
					hrefs, err := searchResults(tab, address)
					if err != nil {
						t.Errorf("over %s: %s: %v", scheme.name, address, err)
						continue
					}
					if !slices.Contains(hrefs, scheme.url(c.Want)) {
						t.Errorf("over %s: searching for %q found %q, want a link to %s", scheme.name, c.Query, hrefs, c.Want)
					}
				}
			}
		})
	}
}

// titleWord picks a query from the site itself: the longest word of the
// title (h1) of its first note, with that note.
func titleWord(t *testing.T, tab context.Context, s *builtSite) (query, page string) {
	t.Helper()
	notes := s.pagesOfKind("note")
	if len(notes) == 0 {
		t.Fatal("the output has no note page to search for")
	}
	page = notes[0]
	err := step(tab,
		chromedp.Navigate(s.url(page)),
		chromedp.Evaluate(`((document.querySelector('h1') || {}).textContent || '')
			.split(/[^\p{L}\p{N}]+/u).reduce((a, b) => b.length > a.length ? b : a, '')`, &query),
	)
	if err != nil || query == "" {
		t.Fatalf("%s: no word in its h1 to search for (%v)", page, err)
	}
	return query, page
}

// searchResults loads a search page and returns the addresses that its
// results link to, once there are any, or none after a few seconds.
func searchResults(tab context.Context, address string) ([]string, error) {
	if err := step(tab, chromedp.Navigate(address)); err != nil {
		return nil, err
	}
	// The results come from a script, maybe after the load event: poll
	// rather than wait for a selector, so that no results fails in
	// seconds with what the page says.
	var hrefs []string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		err := step(tab, chromedp.Evaluate(`[...document.querySelectorAll('#search-results a')].map(a => a.href)`, &hrefs))
		if err != nil || len(hrefs) > 0 || time.Now().After(deadline) {
			return hrefs, err
		}
	}
}

// searchSettled waits, on a search page, until the search has shown its
// results or said why there are none: the parts of the index it needs
// load after the page. On any other page it returns at once.
var searchSettled = chromedp.Evaluate(`new Promise(done => {
	const status = document.getElementById('search-status'), list = document.getElementById('search-results');
	if (!status || !list) return done();
	const settled = () => status.textContent !== (list.dataset.loading || '');
	if (settled()) return done();
	const watch = new MutationObserver(() => { if (settled()) { watch.disconnect(); done(); } });
	watch.observe(status, {childList: true, characterData: true, subtree: true});
})`, nil, awaitPromise)
