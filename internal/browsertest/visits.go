package browsertest

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Loading a page is most of what a check in the browser costs, and axe-core
// even more so: so each page is loaded as few times as the checks allow,
// and every check that needs the page as that load left it measures it
// then. A site's pages are visited in three passes, each once per test
// binary, whichever test asks first, and the tests judge what the passes
// measured:
//
//   - the desktop pass loads every page over HTTP at 1280 × 800, collects
//     what goes wrong while it loads (TestPagesLoadCleanly), measures the
//     first screen and the sidenotes (TestVerdictFirst, TestSidenotesPacked),
//     a right-to-left page's layout (TestRightToLeft), and runs axe-core in
//     the pages audited, in light and then in dark mode, the scheme
//     switched in the loaded page (TestAccessibility);
//   - the phone pass loads every page over HTTP at 390 × 844 and measures
//     its width (TestNoHorizontalScrollOnPhones) and a note's first screen
//     (TestVerdictFirst);
//   - the file pass loads every page over file:// (TestPagesLoadCleanly).
//
// The theme has no transition or animation, so a page switched to dark
// mode is at once what a page loaded in dark mode is (its stylesheet's
// media queries apply live); each audit checks which scheme the page sees.

// visit is what one load of a page measured. A check that was not made
// on the page is left at its zero value.
type visit struct {
	err      error     // loading the page failed; nothing else was measured
	problems []problem // what the page reported going wrong while it loaded

	// The desktop pass.
	axe    map[string]axeResult // by colour scheme, on the pages audited
	rtl    *rtlPage             // on a right-to-left site's pages
	rtlErr error
	skip   *skipBox // the skip link once focused, on a right-to-left site
	box    *firstBox
	boxErr error
	packed []string // on a dossier's page, what TestSidenotesPacked reports
	// packedErr is the error measuring packed.
	packedErr error

	// The phone pass: the page's widths, and what sticks out if it is
	// too wide; box is also measured.
	widths   phoneWidths
	culprits []string
}

// axeResult is one run of axe-core in a page.
type axeResult struct {
	seen       string // the colour scheme the page saw
	violations []axeViolation
	err        error
}

// firstBox is where the element boxJS looks for lies on the first screen.
type firstBox struct {
	Found       bool
	Top, Bottom float64
	Mirrored    string
}

// phoneWidths are a page's widths on a phone's screen.
type phoneWidths struct{ ScrollWidth, InnerWidth, ClientWidth int }

// pass is one pass over a site's pages, made once, by the first test that
// asks for it; visits are by address (a page, maybe with a query).
type pass struct {
	mu     sync.Mutex
	visits map[string]*visit
}

// get returns the pass's visits, making the pass first with run if no
// test has. When run stops t (no browser), the next test tries again.
func (p *pass) get(t *testing.T, s *builtSite, run func(tab context.Context) map[string]*visit) map[string]*visit {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.visits == nil {
		tab := browser(t)
		// The HTML checker runs beside the browser (see startVNU).
		startVNU(s.suite.built)
		p.visits = run(tab)
	}
	return p.visits
}

// missingPage is the address, below the root, of a page that no site has:
// the host serves the 404 page in its place, which is where it is meant to
// be seen.
const missingPage = "no/such/page.html"

// desktopVisits returns what the desktop pass measured in s (see above),
// the 404 page served for missingPage among them.
func (s *builtSite) desktopVisits(t *testing.T) map[string]*visit {
	t.Helper()
	return s.desktop.get(t, s, func(tab context.Context) map[string]*visit {
		axe := axeScript()
		audited := pagesToAudit(s)
		addresses := slices.Clone(s.pages)
		for _, a := range audited {
			if !s.has(a) {
				addresses = append(addresses, a) // the search page with a query
			}
		}
		if s.has("404.html") {
			addresses = append(addresses, missingPage)
		}
		visits := map[string]*visit{}
		p := listen(tab)
		err := step(tab,
			emulation.SetDeviceMetricsOverride(1280, 800, 1, false),
			emulation.SetEmulatedMedia().WithFeatures(scheme("light")),
			// A tab in the background has no focus, and :focus would
			// match nothing in it.
			emulation.SetFocusEmulationEnabled(s.RTL),
		)
		for _, a := range addresses {
			v := &visit{err: err}
			visits[a] = v
			if err != nil {
				continue
			}
			p.take() // what an earlier page may have left
			if v.err = step(tab, chromedp.Navigate(s.url(a)), settle); v.err != nil {
				continue
			}
			page, query, _ := strings.Cut(a, "?")
			if query != "" {
				// The search page with a query: its results load after it.
				if v.err = step(tab, searchSettled); v.err != nil {
					continue
				}
			}
			v.problems = p.take()
			if query == "" && a != missingPage {
				kind := pageKind(page)
				if s.RTL {
					v.rtlErr = step(tab, chromedp.Evaluate(rtlPageJS, &v.rtl))
				}
				switch kind {
				case "note":
					v.box, v.boxErr = measureBox(tab, verdictBlock)
				case "dossier":
					v.box, v.boxErr = measureBox(tab, firstPassage)
					v.packedErr = step(tab, chromedp.Evaluate(packedJS, &v.packed))
				}
			}
			if axe != nil && slices.Contains(audited, a) {
				v.axe = runAxe(tab, axe)
			}
			if s.RTL && query == "" && a != missingPage {
				// Last: it moves the focus.
				if e := step(tab, chromedp.Evaluate(skipLinkJS, &v.skip)); e != nil && v.rtlErr == nil {
					v.rtlErr = e
				}
			}
		}
		return visits
	})
}

// phoneVisits returns what the phone pass measured in s (see above).
func (s *builtSite) phoneVisits(t *testing.T) map[string]*visit {
	t.Helper()
	return s.phone.get(t, s, func(tab context.Context) map[string]*visit {
		visits := map[string]*visit{}
		err := step(tab, emulation.SetDeviceMetricsOverride(phoneWidth, 844, 3, true))
		for _, page := range s.pages {
			v := &visit{err: err}
			visits[page] = v
			if err != nil {
				continue
			}
			v.err = step(tab,
				chromedp.Navigate(s.url(page)),
				chromedp.Evaluate(`({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, clientWidth: document.documentElement.clientWidth})`, &v.widths),
			)
			if v.err != nil {
				continue
			}
			if v.widths.ScrollWidth > phoneWidth || v.widths.InnerWidth > phoneWidth {
				if err := step(tab, chromedp.Evaluate(fmt.Sprintf(findOverflowJS, phoneWidth), &v.culprits)); err != nil {
					v.culprits = []string{err.Error()}
				}
			}
			if pageKind(page) == "note" {
				v.box, v.boxErr = measureBox(tab, verdictBlock)
			}
		}
		return visits
	})
}

// fileVisits returns what the file pass measured in s (see above). The 404
// page links from the host's root, as it must (see TestLinksResolve): from
// disk those links cannot work, and it is not visited.
func (s *builtSite) fileVisits(t *testing.T) map[string]*visit {
	t.Helper()
	return s.file.get(t, s, func(tab context.Context) map[string]*visit {
		visits := map[string]*visit{}
		p := listen(tab)
		for _, page := range s.pages {
			if page == "404.html" {
				continue
			}
			p.take()
			v := &visit{}
			visits[page] = v
			if v.err = step(tab, chromedp.Navigate(s.fileURL(page)), settle); v.err == nil {
				v.problems = p.take()
			}
		}
		return visits
	})
}

// measureBox runs boxJS for the selector sel in the page loaded in tab.
func measureBox(tab context.Context, sel string) (*firstBox, error) {
	var box firstBox
	err := step(tab, chromedp.Evaluate(fmt.Sprintf(boxJS, sel), &box))
	return &box, err
}

// scheme is the media feature that emulates prefers-color-scheme.
func scheme(name string) []*emulation.MediaFeature {
	return []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: name}}
}

// axeScript is axe-core's script, or nil when it is missing (and
// TestAccessibility skips or fails, saying so).
func axeScript() []byte {
	p, err := toolPath("DOSSIER_AXE", "axe-core/axe.min.js")
	if err != nil {
		return nil
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	return data
}

// runAxe audits the page loaded in tab with axe-core, in light and then in
// dark mode, and leaves the page in light mode.
func runAxe(tab context.Context, axe []byte) map[string]axeResult {
	out := map[string]axeResult{}
	// The script's value is no concern of ours and may not serialise.
	if err := step(tab, chromedp.Evaluate(string(axe)+"\n;undefined", nil)); err != nil {
		for _, sc := range colorSchemes {
			out[sc] = axeResult{err: err}
		}
		return out
	}
	for _, sc := range colorSchemes {
		var r axeResult
		r.err = step(tab,
			emulation.SetEmulatedMedia().WithFeatures(scheme(sc)),
			// Proof that the emulation took: a contrast check in the
			// wrong scheme would pass wrongly.
			chromedp.Evaluate(`matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'`, &r.seen),
			chromedp.Evaluate(`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)`, &r.violations, awaitPromise),
		)
		out[sc] = r
	}
	if err := step(tab, emulation.SetEmulatedMedia().WithFeatures(scheme("light"))); err != nil {
		out["light"] = axeResult{err: fmt.Errorf("back to light mode: %w", err)}
	}
	return out
}

// colorSchemes are the values of prefers-color-scheme the pages are audited in.
var colorSchemes = []string{"light", "dark"}

// addresses returns the addresses a pass visited, sorted.
func addresses(visits map[string]*visit) []string {
	var out []string
	for a := range visits {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}
