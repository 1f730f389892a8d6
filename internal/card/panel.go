package card

import (
	"image/color"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/language"
)

// A panelKey is everything that a note card's verdict panel is drawn from:
// the cards of a site's notes of one verdict, in one language, have the
// same panel.
type panelKey struct {
	dir    di.Direction
	lang   language.Language
	kicker string
	label  string
	color  color.RGBA
	mark   Mark
}

// A keptPanel is a fresh canvas of paper once its verdict panel is drawn:
// its palette, and the rows y0 to y0+len(rows) from x0 to x1, every other
// pixel paper. A row the same as the one above shares its bytes.
type keptPanel struct {
	pal    []color.RGBA
	x0, x1 int
	y0     int
	rows   [][]uint8
	bytes  int
}

// maxPanelBytes bounds the memory of a renderer's kept panels: one takes a
// few hundred kilobytes at most, a site's verdicts in a language some
// seven of them.
const maxPanelBytes = 4 << 20

// keepPanel keeps the panel just drawn on cv, a canvas of paper on which
// nothing else is drawn, under k.
func (r *renderer) keepPanel(cv *canvas, k panelKey) {
	if cv.rgba != nil || len(cv.pal) == 0 || cv.pal[0] != paper {
		return // not a canvas that paintPanel can start from
	}
	// The box of the pixels that are not paper (index 0).
	x0, x1, y0, y1 := Width, 0, Height, 0
	for y := range Height {
		row := cv.pix[y*stride+1 : (y+1)*stride]
		first, last := -1, -1
		for x, v := range row {
			if v != 0 {
				if first < 0 {
					first = x
				}
				last = x
			}
		}
		if first >= 0 {
			x0, x1 = min(x0, first), max(x1, last+1)
			y0, y1 = min(y0, y), y+1
		}
	}
	p := &keptPanel{pal: append([]color.RGBA(nil), cv.pal...), x0: x0, x1: x1, y0: y0}
	if x0 < x1 {
		var above []uint8
		for y := y0; y < y1; y++ {
			row := cv.pix[y*stride+1+x0 : y*stride+1+x1]
			if above == nil || string(row) != string(above) {
				above = append([]uint8(nil), row...)
				p.bytes += len(above)
			}
			p.rows = append(p.rows, above)
		}
	}
	p.bytes += 24*len(p.rows) + 4*len(p.pal) + 64
	if r.panelBytes+p.bytes > maxPanelBytes {
		clear(r.panels)
		r.panelBytes = 0
	}
	if r.panels == nil {
		r.panels = make(map[panelKey]*keptPanel)
	}
	r.panels[k] = p
	r.panelBytes += p.bytes
}

// paintPanel paints the panel kept under k on cv, a fresh canvas of paper,
// and reports whether there was one. The canvas is then as drawing the
// panel leaves it: the same pixels and the same palette, in the same
// order (the blends it has cached apart, which change no pixel).
func (r *renderer) paintPanel(cv *canvas, k panelKey) bool {
	p := r.panels[k]
	if p == nil || cv.rgba != nil || len(cv.pal) != 1 || cv.pal[0] != paper {
		return false
	}
	for i, c := range p.pal {
		if j, ok := cv.index(c); !ok || int(j) != i {
			panic("card: a kept panel's palette does not fit a fresh canvas") // not reached: the palette holds paper alone
		}
	}
	for i, row := range p.rows {
		y := p.y0 + i
		copy(cv.pix[y*stride+1+p.x0:y*stride+1+p.x1], row)
	}
	return true
}
