package card

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // logos
	_ "image/png"  // logos
	"math"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/language"
	xdraw "golang.org/x/image/draw"
)

// The card's neutral colours (those of the theme).
var (
	paper = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink   = color.RGBA{0x1f, 0x23, 0x28, 0xff} // text; 15.8:1 on paper
	muted = color.RGBA{0x57, 0x60, 0x6a, 0xff} // secondary text; 6.4:1 on paper
	rule  = color.RGBA{0xd0, 0xd7, 0xde, 0xff}
	black = color.RGBA{0x00, 0x00, 0x00, 0xff}
)

// luminance is the relative luminance of c (WCAG 2).
func luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// Contrast returns the WCAG 2 contrast ratio of two colours, from 1 to 21.
func Contrast(a, b color.RGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TextOn returns the colour of text on a background of bg: white when it
// has a contrast of 4.5:1 (WCAG AA for text of any size), else the
// theme's near-black when it does, else black, which always does when
// white does not.
func TextOn(bg color.RGBA) color.RGBA {
	for _, c := range []color.RGBA{paper, ink} {
		if Contrast(c, bg) >= 4.5 {
			return c
		}
	}
	return black
}

// A Logo is a site's logo, decoded and scaled once for all its cards. It
// is safe for concurrent use.
type Logo struct {
	img *image.RGBA // scaled to fit a square of logoSide pixels
	sum [sha256.Size]byte
}

// NewLogo decodes the content of a PNG or JPEG file. The file is
// untrusted: one of more than MaxLogoBytes bytes, or of more than
// MaxLogoSide pixels a side (read from its header before any pixel is
// decoded), is refused with an error, as is any other format.
func NewLogo(b []byte) (*Logo, error) {
	if len(b) > MaxLogoBytes {
		return nil, fmt.Errorf("card: logo: %d bytes, more than the limit of %d", len(b), MaxLogoBytes)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("card: logo: %w", err)
	}
	if format != "png" && format != "jpeg" {
		return nil, fmt.Errorf("card: logo: %s image, want PNG or JPEG", format)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxLogoSide || cfg.Height > MaxLogoSide {
		return nil, fmt.Errorf("card: logo: %d × %d pixels, want at most %d a side", cfg.Width, cfg.Height, MaxLogoSide)
	}
	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("card: logo: %w", err)
	}
	w, h := cfg.Width, cfg.Height
	if w >= h {
		w, h = logoSide, max(1, h*logoSide/w)
	} else {
		w, h = max(1, w*logoSide/h), logoSide
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), xdraw.Src, nil)
	return &Logo{img: dst, sum: sha256.Sum256(b)}, nil
}

// logoSide is the side of the square a logo is scaled to fit.
const logoSide = 56

// ellipse adds a circle of radius rad at (cx, cy) to the rasterizer as
// four cubic arcs.
func (r *renderer) circle(dst *canvas, cx, cy, rad float32, c color.RGBA) {
	const k = 0.5522847498
	box := image.Rect(int(cx-rad)-1, int(cy-rad)-1, int(cx+rad)+2, int(cy+rad)+2).Intersect(image.Rect(0, 0, Width, Height))
	key := shapeKey{circle: true, v: [5]float32{cx, cy, rad}}
	if r.paintKept(dst, key, c) {
		return
	}
	z := r.raster
	z.Reset(box.Dx(), box.Dy())
	x, y := cx-float32(box.Min.X), cy-float32(box.Min.Y)
	z.MoveTo(x+rad, y)
	z.CubeTo(x+rad, y+rad*k, x+rad*k, y+rad, x, y+rad)
	z.CubeTo(x-rad*k, y+rad, x-rad, y+rad*k, x-rad, y)
	z.CubeTo(x-rad, y-rad*k, x-rad*k, y-rad, x, y-rad)
	z.CubeTo(x+rad*k, y-rad, x+rad, y-rad*k, x+rad, y)
	z.ClosePath()
	r.paint(dst, box, c, key)
}

// stroke draws a polyline of the given width with round caps and joins.
func (r *renderer) stroke(dst *canvas, pts [][2]float32, width float32, c color.RGBA) {
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		dx, dy := b[0]-a[0], b[1]-a[1]
		l := float32(math.Hypot(float64(dx), float64(dy)))
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*width/2, dx/l*width/2
		minX := min(a[0], b[0]) - width
		minY := min(a[1], b[1]) - width
		maxX := max(a[0], b[0]) + width
		maxY := max(a[1], b[1]) + width
		box := image.Rect(int(minX), int(minY), int(maxX)+1, int(maxY)+1).Intersect(image.Rect(0, 0, Width, Height))
		key := shapeKey{v: [5]float32{a[0], a[1], b[0], b[1], width}}
		if r.paintKept(dst, key, c) {
			continue
		}
		z := r.raster
		z.Reset(box.Dx(), box.Dy())
		ox, oy := float32(box.Min.X), float32(box.Min.Y)
		z.MoveTo(a[0]+nx-ox, a[1]+ny-oy)
		z.LineTo(b[0]+nx-ox, b[1]+ny-oy)
		z.LineTo(b[0]-nx-ox, b[1]-ny-oy)
		z.LineTo(a[0]-nx-ox, a[1]-ny-oy)
		z.ClosePath()
		r.paint(dst, box, c, key)
	}
	for _, p := range pts {
		r.circle(dst, p[0], p[1], width/2, c)
	}
}

// mark draws m in a disc of radius rad at (cx, cy) on the verdict's
// panel: the disc in the colour of the panel's text, TextOn(c), and the
// shape in the verdict's colour c, so that the shape contrasts with the
// disc as the label does with the panel.
func (r *renderer) mark(dst *canvas, m Mark, cx, cy, rad float32, c color.RGBA, dir di.Direction) {
	r.circle(dst, cx, cy, rad, TextOn(c))
	u := rad // shapes are drawn in units of the radius
	w := u * 0.2
	p := func(x, y float32) [2]float32 { return [2]float32{cx + x*u, cy + y*u} }
	switch m {
	case MarkCheck:
		r.stroke(dst, [][2]float32{p(-0.42, 0.02), p(-0.13, 0.3), p(0.42, -0.28)}, w, c)
	case MarkCross:
		r.stroke(dst, [][2]float32{p(-0.32, -0.32), p(0.32, 0.32)}, w, c)
		r.stroke(dst, [][2]float32{p(0.32, -0.32), p(-0.32, 0.32)}, w, c)
	case MarkExclaim:
		r.stroke(dst, [][2]float32{p(0, -0.45), p(0, 0.12)}, w, c)
		r.circle(dst, cx, cy+0.4*u, w*0.62, c)
	case MarkDots:
		for _, x := range []float32{-0.38, 0, 0.38} {
			r.circle(dst, cx+x*u, cy, w*0.7, c)
		}
	case MarkQuestion:
		r.glyphMark(dst, "?", cx, cy, rad, c, dir)
	case MarkQuote:
		r.glyphMark(dst, "\u201C", cx, cy+rad*0.3, rad*1.2, c, dir)
	default:
		r.circle(dst, cx, cy, rad*0.45, c)
	}
}

// glyphMark draws a bold glyph centred at (cx, cy).
func (r *renderer) glyphMark(dst *canvas, s string, cx, cy, rad float32, c color.RGBA, dir di.Direction) {
	b := r.block(s, textStyle{size: rad * 1.3, weight: bold, color: c, lines: 1, dir: di.DirectionLTR, lang: language.NewLanguage("en"), maxWidth: int(rad * 4)})
	if len(b.lines) == 0 {
		return
	}
	w := b.width()
	r.drawLine(dst, b.lines[0], cx-w/2, cy+rad*0.47, c)
}
