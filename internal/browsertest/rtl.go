package browsertest

import (
	"strings"
	"testing"
)

// rtlPageJS measures what a right-to-left page must get right, in the page
// as laid out: the computed direction of the document and of its main
// column; every date shown, whether its characters are laid out left to
// right (the date's own order; each number of a date written in words)
// and whether right-to-left letters come
// before it in its block, where the bidi algorithm used to reorder it; the
// arrows of the links to the previous and next notes; and, on an annotated
// article, whether each paragraph's sidenotes lie to its left, and whether a
// paragraph of it in English is laid out left to right; and how a
// footnote's link back (↩) is transformed; the body's fonts and leading.
const rtlPageJS = `(() => {
	const rtlLetter = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;
	const dates = [];
	for (const t of document.querySelectorAll('time')) {
		const text = t.textContent;
		if (!t.firstChild || t.childNodes.length !== 1) continue;
		// An ISO date is laid out in its own order whole; a date in the
		// language's words ("١٨ مايو ٢٠٢٦") has each of its numbers so.
		const runs = /^\d{4}-\d\d-\d\d$/.test(text) ? [[0, text.length]] :
			[...text.matchAll(/\p{Nd}+/gu)].map(m => [m.index, m.index + m[0].length]);
		if (!runs.length) continue;
		let ordered = true;
		for (const [from, to] of runs) {
			const xs = [];
			for (let i = from; i < to; i++) {
				const r = document.createRange();
				r.setStart(t.firstChild, i);
				r.setEnd(t.firstChild, i + 1);
				const box = r.getClientRects()[0];
				xs.push(box ? box.left : NaN);
			}
			ordered = ordered && xs.every((x, i) => i === 0 || x > xs[i - 1]);
		}
		const block = t.closest('p, li, td, th, h1, h2, h3, dd, dt, div') || t.parentElement;
		const before = document.createRange();
		before.setStart(block, 0);
		before.setEndBefore(t);
		dates.push({
			date: text,
			leftToRight: ordered,
			afterRTL: rtlLetter.test(before.toString()),
			block: block.textContent.replace(/\s+/g, ' ').trim().slice(0, 160),
		});
	}
	const arrow = (sel, pseudo) => {
		const a = document.querySelector(sel);
		return a ? getComputedStyle(a, pseudo).content : '';
	};
	const sidenotes = [...document.querySelectorAll('.seed .block')].filter(b => b.querySelector('.sidenotes')).map(b => {
		const para = b.querySelector('.para').getBoundingClientRect();
		const notes = b.querySelector('.sidenotes').getBoundingClientRect();
		return {id: b.id, notesRight: notes.right, paraLeft: para.left};
	});
	// A paragraph of the article that starts with a Latin letter: is its
	// last character (its full stop, which a right-to-left paragraph would
	// set at the left end) right of the first character of its line, as in
	// a line laid out left to right? The paragraph may wrap, as fonts
	// differ.
	const latin = [...document.querySelectorAll('.seed .para, .context')].filter(p => /^[^\p{L}]*\p{Script=Latin}/u.test(p.textContent)).map(p => {
		const text = p.textContent.trimEnd();
		const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
		const boxes = [];
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			for (let i = 0; i < n.data.length; i++) {
				if (/\s/.test(n.data[i])) continue;
				const r = document.createRange();
				r.setStart(n, i);
				r.setEnd(n, i + 1);
				const box = r.getClientRects()[0];
				if (box) boxes.push(box);
			}
		}
		const last = boxes[boxes.length - 1];
		const line = boxes.filter(b => last && Math.abs(b.top - last.top) < 1);
		return {text: text.slice(0, 80), leftToRight: line.length > 1 && line[0].left < last.left};
	});
	const body = getComputedStyle(document.body);
	return {
		latin,
		lang: document.documentElement.lang,
		font: body.fontFamily,
		leading: parseFloat(body.lineHeight) / parseFloat(body.fontSize),
		html: getComputedStyle(document.documentElement).direction,
		main: getComputedStyle(document.querySelector('main')).direction,
		dates, sidenotes,
		prev: arrow('.prevnext a[rel=prev]', '::before'),
		next: arrow('.prevnext a[rel=next]', '::after'),
		backref: (b => b ? getComputedStyle(b).transform : '')(document.querySelector('.footnote-backref')),
	};
})()`

type rtlPage struct {
	HTML, Main string
	Dates      []struct {
		Date        string
		LeftToRight bool
		AfterRTL    bool
		Block       string
	}
	Sidenotes []struct {
		ID                   string
		NotesRight, ParaLeft float64
	}
	Prev, Next string
	Backref    string  // the transform of a footnote's link back
	Lang       string  // the document's language
	Font       string  // the body's font-family
	Leading    float64 // the body's line-height over its font-size
	Latin      []struct {
		Text        string
		LeftToRight bool
	}
}

// skipLinkJS focuses the skip link, as the first press of Tab does, and
// returns its box and the viewport's width.
const skipLinkJS = `(() => {
	const a = document.querySelector('a.skip');
	if (!a) return null;
	a.focus();
	const r = a.getBoundingClientRect();
	return {focused: document.activeElement === a, left: r.left, right: r.right, top: r.top, width: r.width, height: r.height, viewport: document.documentElement.clientWidth};
})()`

type skipBox struct {
	Focused                                   bool
	Left, Right, Top, Width, Height, Viewport float64
}

// RightToLeft opens every page of each site written right to left in
// Chromium, at a desktop width, and checks that the page runs right to
// left; that no ISO date is laid out in another order than its own (the
// bidi algorithm once showed 2026-02-01 beside an Arabic publisher's name
// as 01-02-2026), and that some of the dates checked follow right-to-left
// text, where that happened; that the annotated article's sidenotes sit
// to the left of their paragraph, and a paragraph in English runs left to
// right; that the arrows to the previous and
// next notes and a footnote's link back point the way the text runs; and
// that the skip link, once focused, is on the screen; and that the body is
// set in the fonts and leading for Arabic script, and Persian's own face
// first on a Persian page. The pages are measured in the desktop pass (see
// visit).
func (u *Suite) RightToLeft(t *testing.T) {
	for _, s := range u.sites(t) {
		if !s.RTL {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			visits := s.desktopVisits(t)
			dates, afterRTL, sidenotes, arrows, backrefs, latin := 0, 0, 0, 0, 0, 0
			for _, page := range s.pages {
				v := visits[page]
				err := v.err
				if err == nil {
					err = v.rtlErr
				}
				if err != nil || v.rtl == nil {
					t.Errorf("%s: %v", page, err)
					continue
				}
				m, skip := *v.rtl, v.skip
				// Persian puts its own face first (see style.css).
				font := `"Noto Naskh Arabic"`
				if m.Lang == "fa" {
					font = "Vazirmatn,"
				}
				if !strings.HasPrefix(m.Font, font) || m.Leading < 1.8 {
					t.Errorf("%s: the body is set in %s with a leading of %.2f, want the fonts for %s, %s first, and at least 1.8", page, m.Font, m.Leading, m.Lang, font)
				}
				if m.HTML != "rtl" || m.Main != "rtl" {
					t.Errorf("%s: computed direction %s (html), %s (main), want rtl", page, m.HTML, m.Main)
				}
				for _, d := range m.Dates {
					dates++
					if d.AfterRTL {
						afterRTL++
					}
					if !d.LeftToRight {
						t.Errorf("%s: the date %s is not laid out in its own order, in %q", page, d.Date, d.Block)
					}
				}
				for _, n := range m.Sidenotes {
					sidenotes++
					if n.NotesRight > n.ParaLeft {
						t.Errorf("%s: the sidenotes of #%s end at %.0f px, right of their paragraph's left edge at %.0f px", page, n.ID, n.NotesRight, n.ParaLeft)
					}
				}
				for _, p := range m.Latin {
					latin++
					if !p.LeftToRight {
						t.Errorf("%s: the article's paragraph %q, in English, is not laid out left to right", page, p.Text)
					}
				}
				if m.Backref != "" {
					backrefs++
					if m.Backref != "matrix(-1, 0, 0, 1, 0, 0)" {
						t.Errorf("%s: a footnote's ↩ is not mirrored (transform %s)", page, m.Backref)
					}
				}
				if m.Prev != "" || m.Next != "" {
					arrows++
				}
				if m.Prev != "" && m.Prev != "\"→\u00a0\" / \"\"" {
					t.Errorf("%s: the link to the previous note has the arrow %s, want → (ahead is to the left)", page, m.Prev)
				}
				if m.Next != "" && m.Next != "\"\u00a0←\" / \"\"" {
					t.Errorf("%s: the link to the next note has the arrow %s, want ←", page, m.Next)
				}
				switch {
				case skip == nil && pageKind(page) == "embed":
					// An embed card is one block, with nothing to skip.
				case skip == nil:
					t.Errorf("%s: no skip link (a.skip)", page)
				case !skip.Focused || skip.Width < 20 || skip.Height < 10 || skip.Left < 0 || skip.Right > skip.Viewport || skip.Top < 0:
					t.Errorf("%s: the focused skip link is not on the screen: %+v", page, *skip)
				}
			}
			t.Logf("%d pages: %d dates (%d after right-to-left text), %d paragraphs with sidenotes, %d pages with arrows, %d with footnotes, %d English paragraphs", len(s.pages), dates, afterRTL, sidenotes, arrows, backrefs, latin)
			if dates < 10 || afterRTL < 3 || sidenotes == 0 || arrows == 0 || backrefs == 0 || latin == 0 {
				t.Errorf("checked %d dates (%d after right-to-left text), %d paragraphs with sidenotes, %d pages with arrows, %d with footnotes: the site should show more", dates, afterRTL, sidenotes, arrows, backrefs)
			}
		})
	}
}
