package browsertest

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestPagesLoadCleanly opens every page of the output over HTTP and over
// file://, and fails on anything the browser reports as going wrong while
// it loads: a console error, an uncaught exception, a stylesheet, script
// or image that did not load.
func TestPagesLoadCleanly(t *testing.T) {
	for _, s := range sites(t) {
		schemes := []struct {
			name string
			url  func(page string) string
		}{
			{"http", s.url},
			{"file", s.fileURL},
		}
		for _, scheme := range schemes {
			t.Run(s.name+"/"+scheme.name, func(t *testing.T) {
				tab := browser(t)
				p := listen(tab)
				for _, page := range s.pages {
					// The 404 page links from the host's root, as it
					// must (see TestLinksResolve): from disk those
					// links cannot work.
					if page == "404.html" && scheme.name == "file" {
						continue
					}
					checkLoad(t, tab, p, page, scheme.url(page), "")
				}
				if scheme.name == "http" && s.has("404.html") {
					// Where it is meant to be seen: in place of a
					// missing page, deeper than the root. The missing
					// page's own 404 is the one error expected there.
					missing := s.url("no/such/page.html")
					checkLoad(t, tab, p, "404.html (served for no/such/page.html)", missing, missing)
				}
			})
		}
	}
}

// checkLoad loads address in tab and reports, as coming from page, every
// problem that p collects, except those about the address expected.
func checkLoad(t *testing.T, tab context.Context, p *problems, page, address, expected string) {
	t.Helper()
	p.take() // what an earlier failed step may have left
	if err := step(tab, chromedp.Navigate(address), settle); err != nil {
		t.Errorf("%s: loading %s: %v", page, address, err)
		return
	}
	for _, pr := range p.take() {
		if expected == "" || pr.url != expected {
			t.Errorf("%s: %s", page, pr)
		}
	}
}

// phoneWidth is the viewport width of a common phone in CSS pixels.
const phoneWidth = 390

// TestNoHorizontalScrollOnPhones loads every page at a phone's size and
// fails if the page is wider than the screen, which makes a reader scroll
// sideways on every line. It names the elements that stick out.
//
// Mobile emulation makes Chromium zoom out to fit a page that is too wide,
// as phones do, and window.innerWidth then grows with the page: so the page
// is measured against the emulated width itself, and an innerWidth above it
// counts as overflow too.
func TestNoHorizontalScrollOnPhones(t *testing.T) {
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			tab := browser(t)
			if err := step(tab, emulation.SetDeviceMetricsOverride(phoneWidth, 844, 3, true)); err != nil {
				t.Fatal(err)
			}
			for _, page := range s.pages {
				var m struct{ ScrollWidth, InnerWidth, ClientWidth int }
				err := step(tab,
					chromedp.Navigate(s.url(page)),
					chromedp.Evaluate(`({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, clientWidth: document.documentElement.clientWidth})`, &m),
				)
				if err != nil {
					t.Errorf("%s: %v", page, err)
					continue
				}
				if m.ScrollWidth <= phoneWidth && m.InnerWidth <= phoneWidth {
					continue
				}
				var culprits []string
				if err := step(tab, chromedp.Evaluate(fmt.Sprintf(findOverflowJS, phoneWidth), &culprits)); err != nil {
					culprits = []string{err.Error()}
				}
				t.Errorf("%s: %d px wide on a %d px screen (innerWidth %d, clientWidth %d); sticking out: %q",
					page, m.ScrollWidth, phoneWidth, m.InnerWidth, m.ClientWidth, culprits)
			}
		})
	}
}

// findOverflowJS lists the elements where the overflow starts: those that
// reach past the screen's right edge, or its left edge (where a page written
// right to left scrolls), while their parent does not, leaving out what a
// scrolling or clipping box contains. %d is the screen's width.
const findOverflowJS = `(() => {
	const limit = %d + 0.5;
	const out = el => { const r = el.getBoundingClientRect(); return r.right > limit || r.left < -0.5; };
	const contained = el => {
		for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
			if (getComputedStyle(a).overflowX !== 'visible') return true;
		}
		return false;
	};
	const name = el => el.localName + (el.id ? '#' + el.id : '') + [...el.classList].map(c => '.' + c).join('');
	const found = [];
	for (const el of document.querySelectorAll('body, body *')) {
		if (!out(el)) continue;
		const p = el.parentElement;
		if (p && p !== document.documentElement && out(p)) continue;
		if (contained(el)) continue;
		const path = [];
		for (let e = el; e && e !== document.documentElement && path.length < 4; e = e.parentElement) path.unshift(name(e));
		const r = el.getBoundingClientRect();
		found.push(path.join(' > ') + ' (from ' + Math.round(r.left) + ' to ' + Math.round(r.right) + ' px)');
	}
	return found.slice(0, 10);
})()`
