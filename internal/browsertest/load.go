package browsertest

import (
	"testing"
)

// PagesLoadCleanly opens every page of the output over HTTP and over
// file://, and fails on anything the browser reports as going wrong while
// it loads: a console error, an uncaught exception, a stylesheet, script
// or image that did not load. Over HTTP, the search page is also loaded
// with the query it is audited with, and the 404 page where it is meant to
// be seen: in place of a missing page, deeper than the root, where the
// missing page's own 404 is the one error expected. The pages are loaded
// in the desktop and file passes (see visit).
func (u *Suite) PagesLoadCleanly(t *testing.T) {
	for _, s := range u.sites(t) {
		schemes := []struct {
			name   string
			visits func(*testing.T) map[string]*visit
		}{
			{"http", s.desktopVisits},
			{"file", s.fileVisits},
		}
		for _, scheme := range schemes {
			t.Run(s.Name+"/"+scheme.name, func(t *testing.T) {
				t.Parallel()
				visits := scheme.visits(t)
				for _, a := range addresses(visits) {
					v := visits[a]
					page, expected := a, ""
					if a == missingPage {
						expected = s.url(missingPage)
						page = "404.html (served for " + missingPage + ")"
					}
					if v.err != nil {
						t.Errorf("%s: loading: %v", page, v.err)
						continue
					}
					for _, pr := range v.problems {
						if expected == "" || pr.url != expected {
							t.Errorf("%s: %s", page, pr)
						}
					}
				}
				if n := len(visits); n < len(s.pages)-1 {
					t.Errorf("%d pages loaded of %d", n, len(s.pages))
				}
			})
		}
	}
}

// phoneWidth is the viewport width of a common phone in CSS pixels.
const phoneWidth = 390

// NoHorizontalScrollOnPhones loads every page at a phone's size and
// fails if the page is wider than the screen, which makes a reader scroll
// sideways on every line. It names the elements that stick out.
//
// Mobile emulation makes Chromium zoom out to fit a page that is too wide,
// as phones do, and window.innerWidth then grows with the page: so the page
// is measured against the emulated width itself, and an innerWidth above it
// counts as overflow too. The pages are measured in the phone pass (see
// visit).
func (u *Suite) NoHorizontalScrollOnPhones(t *testing.T) {
	for _, s := range u.sites(t) {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			visits := s.phoneVisits(t)
			for _, page := range s.pages {
				v := visits[page]
				m := v.widths
				switch {
				case v.err != nil:
					t.Errorf("%s: %v", page, v.err)
				case m.ScrollWidth > phoneWidth || m.InnerWidth > phoneWidth:
					t.Errorf("%s: %d px wide on a %d px screen (innerWidth %d, clientWidth %d); sticking out: %q",
						page, m.ScrollWidth, phoneWidth, m.InnerWidth, m.ClientWidth, v.culprits)
				}
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
