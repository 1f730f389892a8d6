package card

import (
	"image"
	"image/color"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/language"
	"golang.org/x/text/unicode/bidi"
)

// margin is the space around a card's content.
const margin = 64

// frame maps boxes given for a left-to-right card to the card's direction:
// a right-to-left card is the mirror image.
type frame struct{ rtl bool }

// x returns the left edge of a box of width w whose start edge is at x
// on a left-to-right card.
func (f frame) x(x, w float32) float32 {
	if f.rtl {
		return Width - x - w
	}
	return x
}

func (f frame) rect(x0, y0, x1, y1 int) image.Rectangle {
	if f.rtl {
		return image.Rect(Width-x1, y0, Width-x0, y1)
	}
	return image.Rect(x0, y0, x1, y1)
}

// align is where lines sit in their box.
type align int

const (
	alignStart align = iota
	alignCenter
)

// drawBlock draws b with its top at y in the box from x0 to x1 (left and
// right edges on the card).
func (r *renderer) drawBlock(dst *canvas, b block, x0, x1, y float32, a align) {
	base := y + b.advance/2 + b.st.size*0.36 // centre the x-height in the line
	for i, l := range b.lines {
		x := x0
		switch {
		case a == alignCenter:
			x = x0 + (x1-x0-lineWidth(l))/2
		case b.st.dir.Progression() == di.TowardTopLeft:
			x = x1 - lineWidth(l)
		}
		r.drawLine(dst, l, x, base+float32(i)*b.advance, b.st.color)
	}
}

// fit lays text out at the first of sizes at which it fits whole, without
// breaking a word, or at the last size, cut and with words broken where
// they must be.
func (r *renderer) fit(text string, st textStyle, sizes []float32, lines []int) block {
	var b block
	for i, s := range sizes {
		st.size, st.lines = s, lines[i]
		last := i == len(sizes)-1
		st.noBreak = !last
		b = r.block(text, st)
		if last || !b.cut && b.width() <= float32(st.maxWidth) {
			break
		}
	}
	return b
}

// panelWidth is the width of a note card's verdict panel.
const panelWidth = 400

// note draws m's card on img, a canvas of paper.
func (r *renderer) note(img *canvas, m NoteCard, dir di.Direction, lang language.Language, vc color.RGBA) {
	f := frame{rtl: dir == di.DirectionRTL}

	// The verdict panel, on the start side: the same on the cards of
	// every note of the verdict, and drawn once for them.
	pk := panelKey{dir, lang, m.Kicker, m.Verdict.Label, vc, m.Verdict.Mark}
	if !r.paintPanel(img, pk) {
		r.drawPanel(img, m, f, dir, lang, vc)
		r.keepPanel(img, pk)
	}

	// The claim, on the end side.
	const panel = panelWidth
	const col0, col1 = panel + margin, Width - margin
	cw := float32(col1 - col0)
	x0 := f.x(col0, cw)
	x1 := x0 + cw
	quote := r.fit(m.Quote, textStyle{color: ink, leading: 1.3, dir: auto(m.Quote, dir), lang: lang, maxWidth: int(cw)},
		[]float32{48, 40, 34}, []int{4, 5, 6})
	byline := r.block(m.Byline, textStyle{size: 26, color: muted, lines: 2, leading: 1.25, dir: auto(m.Byline, dir), lang: lang, maxWidth: int(cw)})
	const qmark = 64 // the height given to the opening quotation mark
	h := qmark + quote.height()
	if len(byline.lines) > 0 {
		h += 28 + byline.height()
	}
	const footer = 96
	y := margin/2 + (Height-footer-margin/2-h)/2
	open, rtlQuote := "\u201C", quote.st.dir == di.DirectionRTL
	if rtlQuote {
		open = "\u201D"
	}
	qm := r.block(open, textStyle{size: 128, weight: bold, color: vc, lines: 1, dir: di.DirectionLTR, lang: language.NewLanguage("en"), maxWidth: 200})
	if len(qm.lines) > 0 {
		w := qm.width()
		qx := x0 - 6 // hung a little into the margin
		if rtlQuote {
			qx = x1 + 6 - w
		}
		r.drawLine(img, qm.lines[0], qx, y+qmark+28, vc)
	}
	y += qmark
	r.drawBlock(img, quote, x0, x1, y, alignStart)
	y += quote.height() + 28
	r.drawBlock(img, byline, x0, x1, y, alignStart)

	// The site, small, at the foot of the claim.
	img.fill(f.rect(col0, Height-footer, col1, Height-footer+2), rule)
	r.site(img, m.Site, f, col0, col1, Height-footer/2, ink, dir, lang)
}

// drawPanel draws the verdict panel of m's card, the first thing drawn on
// it.
func (r *renderer) drawPanel(img *canvas, m NoteCard, f frame, dir di.Direction, lang language.Language, vc color.RGBA) {
	const panel = panelWidth
	img.fill(f.rect(0, 0, panel, Height), vc)
	on := TextOn(vc)
	px0, px1 := f.x(40, panel-80), f.x(40, panel-80)+panel-80
	if m.Kicker != "" {
		k := r.block(m.Kicker, textStyle{size: 24, weight: bold, color: on, lines: 1, dir: dir, lang: lang, maxWidth: panel - 80})
		r.drawBlock(img, k, px0, px1, 48, alignCenter)
	}
	label := r.fit(m.Verdict.Label, textStyle{weight: bold, color: on, leading: 1.15, dir: dir, lang: lang, maxWidth: panel - 64},
		[]float32{56, 44, 36}, []int{2, 2, 3})
	const rad = 76
	group := 2*rad + 36 + label.height()
	top := (Height - group) / 2
	cx := f.x(panel/2, 0)
	r.mark(img, m.Verdict.Mark, cx, top+rad, rad, vc, dir)
	r.drawBlock(img, label, f.x(32, panel-64), f.x(32, panel-64)+panel-64, top+2*rad+36, alignCenter)
}

// site draws the logo and the site's name from the start edge x0, centred
// on y.
func (r *renderer) site(dst *canvas, s Site, f frame, x0, x1 int, y float32, c color.RGBA, dir di.Direction, lang language.Language) {
	x := x0
	if s.Logo != nil {
		logo := s.Logo.img
		b := logo.Bounds()
		lx := int(f.x(float32(x), float32(b.Dx())))
		ly := int(y) - b.Dy()/2
		dst.over(image.Rect(lx, ly, lx+b.Dx(), ly+b.Dy()), logo, b.Min)
		x += logoSide + 18
	}
	name := r.block(s.Name, textStyle{size: 28, weight: bold, color: c, lines: 1, dir: dir, lang: lang, maxWidth: x1 - x})
	w := float32(x1 - x)
	nx := f.x(float32(x), w)
	r.drawBlock(dst, name, nx, nx+w, y-name.height()/2, alignStart)
}

// dossier draws m's card on img, a canvas of paper.
func (r *renderer) dossier(img *canvas, m DossierCard, dir di.Direction, lang language.Language, colors []color.RGBA, accent color.RGBA) {
	f := frame{rtl: dir == di.DirectionRTL}
	const x0, x1 = margin, Width - margin
	const cw = x1 - x0

	// The band with the site's name.
	const band = 100
	img.fill(image.Rect(0, 0, Width, band), accent)
	if Contrast(accent, paper) < 1.5 { // a band as pale as the paper needs an edge
		img.fill(image.Rect(0, band-2, Width, band), rule)
	}
	r.site(img, m.Site, f, x0, x1, band/2, TextOn(accent), dir, lang)

	// The bar and its legend, from the bottom up.
	total := 0
	for _, c := range m.Counts {
		total += c.N
	}
	type item struct {
		b     block
		color color.RGBA
		w     float32
	}
	var items []item
	for i, c := range m.Counts {
		if c.N <= 0 {
			continue
		}
		b := r.block(c.text()+" "+c.Verdict.Label, textStyle{size: 26, color: ink, lines: 1, dir: dir, lang: lang, maxWidth: cw - 40})
		items = append(items, item{b, colors[i], 22 + 12 + b.width()})
	}
	// Flow the legend into rows, at most three.
	const gap = 36
	var rows [][]item
	var rw float32
	for _, it := range items {
		if len(rows) == 0 || rw+gap+it.w > cw {
			if len(rows) == 3 {
				break
			}
			rows = append(rows, nil)
			rw = -gap
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], it)
		rw += gap + it.w
	}
	const rowH, barH = 40, 32
	ly := float32(Height-56) - float32(len(rows))*rowH
	by := int(ly) - 20 - barH
	bottom := float32(Height - margin) // the top of what is below the headline
	if total > 0 {
		bottom = float32(by)
	}
	var summary block
	if m.Summary != "" {
		summary = r.block(m.Summary, textStyle{size: 28, color: muted, lines: 1, dir: dir, lang: lang, maxWidth: cw})
		bottom -= 14 + summary.height()
		r.drawBlock(img, summary, x0, x1, bottom, alignStart)
	}

	// The kicker and the headline, in the space left above.
	y := float32(band + 40)
	if m.Kicker != "" {
		k := r.block(m.Kicker, textStyle{size: 26, weight: bold, color: muted, lines: 1, dir: dir, lang: lang, maxWidth: cw})
		r.drawBlock(img, k, x0, x1, y, alignStart)
		y += k.height() + 6
	}
	room := bottom - 24 - y
	sizes := []float32{60, 50, 42}
	lines := make([]int, len(sizes))
	for i, s := range sizes {
		lines[i] = max(1, min(3, int(room/(s*1.2))))
	}
	head := r.fit(m.Headline, textStyle{weight: bold, color: ink, leading: 1.2, dir: auto(m.Headline, dir), lang: lang, maxWidth: cw}, sizes, lines)
	r.drawBlock(img, head, x0, x1, y, alignStart)

	if total == 0 {
		return
	}
	// Segments in scale order from the start edge.
	ns := make([]int, len(m.Counts))
	for i, c := range m.Counts {
		ns[i] = c.N
	}
	for i, sg := range segments(ns, cw) {
		if sg.w > 0 {
			img.fill(f.rect(x0+sg.x, by, x0+sg.x+sg.w, by+barH), colors[i])
		}
	}
	for _, row := range rows {
		x := float32(x0)
		for _, it := range row {
			sx := f.x(x, 22)
			img.fill(image.Rect(int(sx), int(ly)+9, int(sx)+22, int(ly)+31), it.color)
			tx := f.x(x+34, it.w-34)
			r.drawBlock(img, it.b, tx, tx+it.w-34, ly, alignStart)
			x += it.w + gap
		}
		ly += rowH
	}
}

// A segment is a part of the bar: its offset from the bar's start, and its
// width (zero for a count of zero).
type segment struct{ x, w int }

// segments divides a bar of width pixels between counts, in proportion
// but with at least minSegment pixels for every count that is not zero,
// and segmentGap pixels of paper between segments.
func segments(counts []int, width int) []segment {
	out := make([]segment, len(counts))
	total, k := 0, 0
	for _, n := range counts {
		if n > 0 {
			total += n
			k++
		}
	}
	if k == 0 {
		return out
	}
	gap, least := segmentGap, minSegment
	if k*(least+gap)-gap > width {
		gap, least = 0, 0
	}
	spare := width - (k-1)*gap - k*least
	x, cum, prev := 0, 0, 0
	for i, n := range counts {
		if n <= 0 {
			out[i] = segment{x: x}
			continue
		}
		cum += n
		share := cum * spare / total // cumulative, so the widths add up exactly
		out[i] = segment{x: x, w: least + share - prev}
		prev = share
		x += out[i].w + gap
	}
	return out
}

const (
	minSegment = 10
	segmentGap = 3
)

// auto returns the direction of s's first strongly directed character
// (as HTML's dir="auto" does), or def when it has none: a quote in Arabic
// on an English site is set right to left, and aligned to the right.
func auto(s string, def di.Direction) di.Direction {
	for i := 0; i < len(s); {
		p, n := bidi.LookupString(s[i:])
		switch p.Class() {
		case bidi.L:
			return di.DirectionLTR
		case bidi.R, bidi.AL:
			return di.DirectionRTL
		}
		if n == 0 {
			n = 1
		}
		i += n
	}
	return def
}
