package browsertest

import (
	"testing"
)

// VerdictFirst checks that a reader sees what a page is for before
// scrolling: on every note's page (checks, remarks and withdrawn notes) the
// verdict block, the claim beside its verdict, lies within the first screen
// of a laptop (1280 × 800) and of a phone (390 × 844); on every dossier's
// page, the article's first checked passage lies within the first screen
// of the laptop. The pages are measured in the desktop and phone passes
// (see visit).
func (u *Suite) VerdictFirst(t *testing.T) {
	screens := []struct {
		name          string
		width, height int64
		kind, sel     string
		visits        func(*builtSite, *testing.T) map[string]*visit
	}{
		{"laptop", 1280, 800, "note", verdictBlock, (*builtSite).desktopVisits},
		{"phone", phoneWidth, 844, "note", verdictBlock, (*builtSite).phoneVisits},
		{"laptop", 1280, 800, "dossier", firstPassage, (*builtSite).desktopVisits},
	}
	for _, s := range u.sites(t) {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			for _, sc := range screens {
				visits := sc.visits(s, t)
				for _, page := range s.pagesOfKind(sc.kind) {
					v := visits[page]
					box := v.box
					switch {
					case v.err != nil:
						t.Errorf("%s: %v", page, v.err)
					case v.boxErr != nil:
						t.Errorf("%s: %v", page, v.boxErr)
					case !box.Found:
						t.Errorf("%s: no %s", page, sc.sel)
					case box.Mirrored != "":
						t.Errorf("%s at %d × %d: %s", page, sc.width, sc.height, box.Mirrored)
					case box.Bottom > float64(sc.height):
						t.Errorf("%s at %d × %d: %s spans %.0f to %.0f px, below the first screen", page, sc.width, sc.height, sc.sel, box.Top, box.Bottom)
					default:
						t.Logf("%s at %d × %d: %s spans %.0f to %.0f px", page, sc.width, sc.height, sc.sel, box.Top, box.Bottom)
					}
				}
			}
		})
	}
}

const (
	// verdictBlock is a note's claim and verdict.
	verdictBlock = ".verdict-box"
	// firstPassage is the article's first checked passage.
	firstPassage = ".seed mark.hl"
)

// boxJS measures the first element %s matches, scrolled to the top of the
// page, in CSS pixels from the top of the screen. Where a note's verdict box
// or its text and margin stand side by side, it checks that they follow
// the page's direction: the claim and the analysis first, at the right in
// a right-to-left page, and reports in mirrored what does not.
const boxJS = `(() => {
	window.scrollTo(0, 0);
	const el = document.querySelector(%q);
	if (!el) return {found: false};
	const r = el.getBoundingClientRect();
	const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
	let mirrored = '';
	for (const [first, second] of [['.vb-claim', '.vb-verdict'], ['.note-body > .analysis', '.note-margin']]) {
		const a = document.querySelector(first), b = document.querySelector(second);
		if (!a || !b) continue;
		const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
		if (rb.top >= ra.bottom - 1) continue; // stacked, not side by side
		if (rtl ? rb.right > ra.left + 1 : rb.left < ra.right - 1) {
			mirrored += second + ' is not after ' + first + ' in the ' + (rtl ? 'right-to-left' : 'left-to-right') + ' page; ';
		}
	}
	return {found: true, top: r.top, bottom: r.bottom, mirrored};
})()`

// SidenotesPacked checks the annotated article on a laptop's screen:
// no paragraph is held down by the sidenotes of the one before it (the
// space between two paragraphs is no more than their margin, whatever the
// sidenotes, give or take the leading), and no two lists of sidenotes
// overlap. The pages are measured in the desktop pass (see visit).
func (u *Suite) SidenotesPacked(t *testing.T) {
	for _, s := range u.sites(t) {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			visits := s.desktopVisits(t)
			for _, page := range s.pagesOfKind("dossier") {
				v := visits[page]
				switch {
				case v.err != nil:
					t.Errorf("%s: %v", page, v.err)
				case v.packedErr != nil:
					t.Errorf("%s: %v", page, v.packedErr)
				}
				for _, p := range v.packed {
					t.Errorf("%s: %s", page, p)
				}
			}
		})
	}
}

// packedJS lists the gaps between paragraphs wider than a paragraph's
// margin twice over, and the lists of sidenotes that overlap.
const packedJS = `(() => {
	const out = [];
	// A paragraph's text, not its box, which the grid stretches to its row.
	const text = p => { const r = document.createRange(); r.selectNodeContents(p); return r.getBoundingClientRect(); };
	const paras = [...document.querySelectorAll('.seed .para')].filter(p => p.textContent.trim() !== '');
	for (let i = 1; i < paras.length; i++) {
		const gap = text(paras[i]).top - text(paras[i-1]).bottom;
		const margin = parseFloat(getComputedStyle(paras[i-1]).marginBlockEnd);
		if (gap > margin * 2 + 1) out.push('a gap of ' + Math.round(gap) + ' px before paragraph ' + (i+1));
	}
	const lists = [...document.querySelectorAll('.seed .sidenotes')].map(l => l.getBoundingClientRect());
	for (let i = 1; i < lists.length; i++) {
		if (lists[i].top < lists[i-1].bottom - 1) out.push('sidenote lists ' + i + ' and ' + (i+1) + ' overlap by ' + Math.round(lists[i-1].bottom - lists[i].top) + ' px');
	}
	return out;
})()`
