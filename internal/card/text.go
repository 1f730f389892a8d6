package card

import (
	_ "embed"
	"image"
	"image/color"
	"image/draw"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// The embedded fonts (SIL Open Font License 1.1, see fonts/OFL.txt): Noto
// Sans for Latin, Greek and Cyrillic, Noto Naskh Arabic for Arabic and
// Persian.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	sansRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	sansBold []byte
	//go:embed fonts/NotoNaskhArabic-Regular.ttf
	arabicRegular []byte
	//go:embed fonts/NotoNaskhArabic-Bold.ttf
	arabicBold []byte
)

// A weight selects the regular or the bold pair of fonts.
type weight int

const (
	regular weight = iota
	bold
)

// fonts holds the parsed fonts: index [weight][0] is the Latin font,
// [weight][1] the Arabic one. A *font.Font is safe for concurrent use; the
// faces made from it are not, so each renderer makes its own.
var fonts = sync.OnceValues(func() ([2][2]*font.Font, error) {
	var out [2][2]*font.Font
	for i, b := range [][2][]byte{{sansRegular, arabicRegular}, {sansBold, arabicBold}} {
		for j, data := range b {
			ld, err := ot.NewLoader(strings.NewReader(string(data)))
			if err != nil {
				return out, err
			}
			f, err := font.NewFont(ld)
			if err != nil {
				return out, err
			}
			out[i][j] = f
		}
	}
	return out, nil
})

// arabicScale is the size of the Arabic font in percent of the Latin one:
// Naskh's letters are small on their body, and at the same size Arabic
// text looks a size smaller than the Latin beside it.
const arabicScale = 115

// fontmap chooses the face for each rune: the Arabic font for runs of
// Arabic script (and the digits and punctuation inside them), the Latin
// font otherwise, and whichever has the glyph when only one does.
type fontmap struct {
	latin, arabic *font.Face
	script        language.Script
}

func (m *fontmap) SetScript(s language.Script) { m.script = s }

func (m *fontmap) ResolveFace(r rune) *font.Face {
	first, second := m.latin, m.arabic
	if m.script == language.Arabic {
		first, second = m.arabic, m.latin
	}
	if _, ok := first.NominalGlyph(r); ok {
		return first
	}
	if _, ok := second.NominalGlyph(r); ok {
		return second
	}
	return first
}

// A renderer holds the state for shaping and drawing text. It is not safe
// for concurrent use; renderers are pooled.
type renderer struct {
	maps    [2]fontmap // by weight
	shaper  shaping.HarfbuzzShaper
	seg     shaping.Segmenter
	wrapper shaping.LineWrapper
	raster  *vector.Rasterizer
	mask    *image.Alpha
	// outlines holds the outlines of the glyphs drawn, by face: the
	// faces are the renderer's own.
	outlines  map[glyphKey]glyphOutline
	masks     map[uint64]mask            // by maskKey
	layouts   map[layoutKey]layoutResult // of short texts
	maskBytes int                        // the size of the masks held
	placed    []placedGlyph              // a line's glyphs
	lineMask  []uint8                    // the coverage of overlapping glyphs
	// shapes holds the coverage of marks' shapes, by where they are.
	shapes     map[shapeKey]keptShape
	shapeBytes int
	// split is the text last shaped, split.
	split splitText
	// panels holds note cards' verdict panels, drawn.
	panels     map[panelKey]*keptPanel
	panelBytes int
}

var renderers sync.Pool

func getRenderer() (*renderer, error) {
	if r, ok := renderers.Get().(*renderer); ok {
		return r, nil
	}
	return newRenderer()
}

// newRenderer returns a renderer with nothing kept.
func newRenderer() (*renderer, error) {
	f, err := fonts()
	if err != nil {
		return nil, err
	}
	r := &renderer{raster: vector.NewRasterizer(0, 0)}
	for w := range r.maps {
		r.maps[w] = fontmap{latin: font.NewFace(f[w][0]), arabic: font.NewFace(f[w][1])}
	}
	return r, nil
}

func putRenderer(r *renderer) { renderers.Put(r) }

// A textStyle says how to set a block of text.
type textStyle struct {
	size     float32 // in pixels
	weight   weight
	color    color.RGBA
	lines    int     // at most this many lines; the last ends with "…" when cut
	leading  float32 // line height as a multiple of size
	dir      di.Direction
	lang     language.Language
	maxWidth int
	noBreak  bool // never break inside a word, even one wider than a line
}

// A line is one shaped line of text in visual order, left to right.
type line struct {
	runs  []shaping.Output
	width fixed.Int26_6
}

// maxRunes bounds the text shaped for a block: far more than fits in the
// lines of any card, so that a huge input costs no more than a long one.
const maxRunes = 1000

// clean makes s one paragraph of valid UTF-8: control characters and runs
// of white space become one space, and the ends are trimmed. The bidi
// formatting characters (which are not controls) are kept. It stops after
// maxRunes+1 runes: enough to know that the rest will not be shown.
func clean(s string) string {
	var b strings.Builder
	space := false
	// n counts the runes written; an invalid byte reads as U+FFFD.
	n := 0
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if n > maxRunes {
			break
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
			n++
		}
		space = false
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// layout shapes text and wraps it to st.maxWidth, in at most st.lines lines.
//
// A short text's lines are kept by the renderer, since the same ones (the
// site's name, a verdict's label, a kicker) come back on every card.
func (r *renderer) layout(text string, st textStyle) ([]line, bool) {
	if len(text) > maxKeptText {
		return r.shape(text, st)
	}
	st.color, st.leading = color.RGBA{}, 0 // which do not change the lines
	k := layoutKey{text, st}
	if l, ok := r.layouts[k]; ok {
		return l.lines, l.cut
	}
	if len(r.layouts) >= maxLayouts {
		clear(r.layouts)
	}
	if r.layouts == nil {
		r.layouts = make(map[layoutKey]layoutResult)
	}
	lines, cut := r.shape(text, st)
	r.layouts[k] = layoutResult{lines, cut}
	return lines, cut
}

// maxKeptText is the length in bytes of the longest text whose layout a
// renderer keeps, and maxLayouts the number of layouts it keeps.
const (
	maxKeptText = 80
	maxLayouts  = 512
)

type layoutKey struct {
	text string
	st   textStyle
}

type layoutResult struct {
	lines []line
	cut   bool
}

// shape lays text out as layout does, every time.
func (r *renderer) shape(text string, st textStyle) (lines []line, cut bool) {
	sp := &r.split
	if !sp.ok || sp.text != text || sp.dir != st.dir || sp.lang != st.lang || sp.weight != st.weight {
		r.splitText(text, st)
	}
	if len(sp.runes) == 0 {
		return nil, false
	}
	runes, cut := sp.runes, sp.cut
	fm := &r.maps[st.weight]
	size := fixed.Int26_6(st.size * 64)
	outs := make([]shaping.Output, len(sp.parts))
	for i, p := range sp.parts {
		p.Size = size
		if p.Face == fm.arabic {
			p.Size = p.Size * arabicScale / 100
		}
		outs[i] = r.shaper.Shape(p)
	}
	ell := []rune{'…'}
	trunc := shaping.Input{Text: ell, RunEnd: 1, Direction: st.dir, Size: size, Language: st.lang}
	fm.SetScript(language.Common)
	if st.dir.Progression() == di.TowardTopLeft {
		fm.SetScript(language.Arabic)
	}
	trunc.Face = fm.ResolveFace('…')
	if trunc.Face == fm.arabic {
		trunc.Size = trunc.Size * arabicScale / 100
	}
	trunc.Script = language.Common
	cfg := shaping.WrapConfig{
		Direction:          st.dir,
		TruncateAfterLines: st.lines,
		TextContinues:      cut,
		BreakPolicy:        shaping.WhenNecessary,
	}
	if st.noBreak {
		cfg.BreakPolicy = shaping.Never
	}
	cfg = cfg.WithTruncator(&r.shaper, trunc)
	wrapped, truncated := r.wrapper.WrapParagraph(cfg, st.maxWidth, runes, shaping.NewSliceIterator(outs))
	lines = make([]line, 0, len(wrapped))
	for _, wl := range wrapped {
		runs := append([]shaping.Output(nil), wl...)
		sort.SliceStable(runs, func(i, j int) bool { return runs[i].VisualIndex < runs[j].VisualIndex })
		var w fixed.Int26_6
		for i := range runs {
			runs[i].Glyphs = append([]shaping.Glyph(nil), runs[i].Glyphs...)
			w += runs[i].Advance
		}
		lines = append(lines, line{runs: runs, width: w})
	}
	return lines, cut || truncated > 0
}

// A splitText is a text cleaned and split into runs of one direction,
// script and face, which shaping at any size starts from: fit shapes the
// same text at several sizes.
type splitText struct {
	ok     bool
	text   string // as given to shape
	dir    di.Direction
	lang   language.Language
	weight weight
	runes  []rune // the text cleaned, up to maxRunes
	cut    bool   // there were more
	parts  []shaping.Input
}

// splitText cleans and splits text for st, into r.split.
func (r *renderer) splitText(text string, st textStyle) {
	sp := &r.split
	*sp = splitText{ok: true, text: text, dir: st.dir, lang: st.lang, weight: st.weight, parts: sp.parts[:0]}
	clear(sp.parts[:cap(sp.parts)])
	text = clean(text)
	if text == "" {
		return
	}
	sp.cut = utf8.RuneCountInString(text) > maxRunes
	sp.runes = []rune(text)
	if sp.cut {
		sp.runes = sp.runes[:maxRunes]
	}
	in := shaping.Input{
		Text:      sp.runes,
		RunStart:  0,
		RunEnd:    len(sp.runes),
		Direction: st.dir,
		Size:      fixed.Int26_6(st.size * 64), // which Split only copies
		Language:  st.lang,
	}
	// Split's runs are its own, until it is called again.
	sp.parts = append(sp.parts, r.seg.Split(in, &r.maps[st.weight])...)
}

// lineWidth is the width of l in pixels (the wrapper gives trailing
// white space no advance).
func lineWidth(l line) float32 { return float32(l.width) / 64 }

// drawLine draws l with its baseline at y, starting at x (the left edge).
// Each glyph's mask (see glyphMask), placed to a quarter of a pixel, is
// added to those of the glyphs it may overlap, so that where glyphs
// overlap (joined Arabic letters) they are covered once, as one shape;
// each such group's mask is then painted, and a glyph that overlaps none
// is painted from its own mask.
func (r *renderer) drawLine(dst *canvas, l line, x, y float32, c color.RGBA) {
	glyphs := r.placed[:0]
	pen := x
	for _, run := range l.runs {
		for _, g := range run.Glyphs {
			gx := pen + float32(g.XOffset)/64
			gy := y - float32(g.YOffset)/64
			pen += float32(g.Advance) / 64
			ix, fx := quarters(gx)
			iy, fy := quarters(gy)
			m := r.glyphMask(run.Face, g.GlyphID, run.Size, fx, fy)
			if m.w == 0 {
				continue
			}
			glyphs = append(glyphs, placedGlyph{m, ix + m.x, iy + m.y})
		}
	}
	r.placed = glyphs
	// Groups of glyphs whose columns overlap, from left to right: the
	// glyphs are in visual order, so nearly sorted by their left edge.
	slices.SortStableFunc(glyphs, func(a, b placedGlyph) int { return a.x - b.x })
	for i := 0; i < len(glyphs); {
		p := glyphs[i]
		box := image.Rect(p.x, p.y, p.x+p.m.w, p.y+p.m.h)
		j := i + 1
		for ; j < len(glyphs) && glyphs[j].x < box.Max.X; j++ {
			q := glyphs[j]
			box = box.Union(image.Rect(q.x, q.y, q.x+q.m.w, q.y+q.m.h))
		}
		if j == i+1 {
			dst.composite(box, p.m.pix, c)
			i = j
			continue
		}
		w, h := box.Dx(), box.Dy()
		if cap(r.lineMask) < w*h {
			r.lineMask = make([]uint8, w*h)
		}
		cov := r.lineMask[:w*h]
		clear(cov)
		for _, p := range glyphs[i:j] {
			for gy := range p.m.h {
				src := p.m.pix[gy*p.m.w : gy*p.m.w+p.m.w]
				d := cov[(p.y-box.Min.Y+gy)*w+p.x-box.Min.X:][:len(src)]
				for i, v := range src {
					// Levels are multiples of 17: so is their sum, up to 255.
					d[i] = uint8(min(int(d[i])+int(v), 0xff))
				}
			}
		}
		dst.composite(box, cov, c)
		i = j
	}
}

// A placedGlyph is a glyph's mask with its top left corner on the card.
type placedGlyph struct {
	m    mask
	x, y int
}

// subpixel is how many positions a glyph's origin takes within a pixel,
// across and down.
const subpixel = 4

// quarters splits v into a whole number of pixels and a number of
// subpixel positions, from 0 to subpixel-1, rounded to the nearest.
func quarters(v float32) (int, uint8) {
	q := int(math.Floor(float64(v)*subpixel + 0.5))
	return int(math.Floor(float64(q) / subpixel)), uint8(q - int(math.Floor(float64(q)/subpixel))*subpixel)
}

// A mask is a glyph's coverage, rounded to 16 levels, in a box of w × h
// pixels whose top left corner is at (x, y) from the glyph's origin.
type mask struct {
	pix        []uint8
	x, y, w, h int
}

// trim returns m cut to the box of its pixels that are not empty (none,
// for an empty mask), so that glyphs' boxes overlap only where their
// shapes come close.
func (m mask) trim() mask {
	x0, y0, x1, y1 := m.w, m.h, 0, 0
	for y := range m.h {
		for x, v := range m.pix[y*m.w : (y+1)*m.w] {
			if v != 0 {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x+1), max(y1, y+1)
			}
		}
	}
	if x0 >= x1 {
		return mask{}
	}
	t := mask{x: m.x + x0, y: m.y + y0, w: x1 - x0, h: y1 - y0}
	t.pix = make([]uint8, 0, t.w*t.h)
	for y := y0; y < y1; y++ {
		t.pix = append(t.pix, m.pix[y*m.w+x0:y*m.w+x1]...)
	}
	return t
}

// maskKey packs what a glyph's mask is drawn from into a word, a quick
// key for the renderer's map: from the low bits, the glyph's number (32
// bits), the size (20 bits), the origin's offset across and down in
// quarters of a pixel (2 bits each), and which of the renderer's faces
// (2 bits). It reports false for a face that is not one of the
// renderer's, or a size too large, whose mask is not kept.
func (r *renderer) maskKey(face *font.Face, id font.GID, size fixed.Int26_6, fx, fy uint8) (uint64, bool) {
	f := -1
	for w := range r.maps {
		switch face {
		case r.maps[w].latin:
			f = 2 * w
		case r.maps[w].arabic:
			f = 2*w + 1
		}
	}
	if f < 0 || size < 0 || size >= 1<<20 || fx >= subpixel || fy >= subpixel {
		return 0, false
	}
	return uint64(id) | uint64(size)<<32 | uint64(fx)<<52 | uint64(fy)<<54 | uint64(f)<<56, true
}

// maxMaskBytes bounds the memory of a renderer's cache of glyph masks:
// a card's sizes and scripts take a few megabytes.
const maxMaskBytes = 8 << 20

// glyphMask returns the mask of glyph id of face at size, with its origin
// fx and fy quarters of a pixel from a pixel's corner, rasterised once
// per renderer: a card shows few glyphs, many times, and the next card
// the same ones. The mask depends on its key only, so the cache changes
// no pixel.
func (r *renderer) glyphMask(face *font.Face, id font.GID, size fixed.Int26_6, fx, fy uint8) mask {
	k, keep := r.maskKey(face, id, size, fx, fy)
	if m, ok := r.masks[k]; ok && keep {
		return m
	}
	var m mask
	o := r.outline(face, id)
	if o.ok && len(o.Segments) > 0 {
		scale := float32(size) / 64 / float32(face.Upem())
		ox, oy := float32(fx)/subpixel, float32(fy)/subpixel
		left := int(math.Floor(float64(ox+o.xMin*scale))) - 1
		right := int(math.Ceil(float64(ox+o.xMax*scale))) + 1
		top := int(math.Floor(float64(oy-o.yMax*scale))) - 1
		bottom := int(math.Ceil(float64(oy-o.yMin*scale))) + 1
		m = mask{x: left, y: top, w: right - left, h: bottom - top}
		z := r.raster
		z.Reset(m.w, m.h)
		addOutline(z, o.GlyphOutline, ox-float32(left), oy-float32(top), scale)
		a := image.NewAlpha(image.Rect(0, 0, m.w, m.h))
		z.DrawOp = draw.Src
		z.Draw(a, a.Rect, image.Opaque, image.Point{})
		for i, v := range a.Pix {
			a.Pix[i] = coverage[v]
		}
		m.pix = a.Pix
		m = m.trim()
	}
	if !keep {
		return m
	}
	if r.maskBytes >= maxMaskBytes {
		clear(r.masks)
		r.maskBytes = 0
	}
	if r.masks == nil {
		r.masks = make(map[uint64]mask)
	}
	r.masks[k] = m
	r.maskBytes += len(m.pix) + 64
	return m
}

// outline returns a glyph's outline, read from the font once per renderer.
func (r *renderer) outline(f *font.Face, id font.GID) glyphOutline {
	k := glyphKey{f, id}
	if o, ok := r.outlines[k]; ok {
		return o
	}
	if len(r.outlines) >= maxOutlines {
		clear(r.outlines)
	}
	if r.outlines == nil {
		r.outlines = make(map[glyphKey]glyphOutline)
	}
	var o glyphOutline
	o.GlyphOutline, o.ok = f.GlyphData(id).(font.GlyphOutline)
	if o.ok {
		o.Segments = append(make([]font.Segment, 0, len(o.Segments)), o.Segments...)
		for i, s := range o.Segments {
			for j, p := range s.ArgsSlice() {
				if i == 0 && j == 0 {
					o.xMin, o.xMax, o.yMin, o.yMax = p.X, p.X, p.Y, p.Y
				}
				o.xMin, o.xMax = min(o.xMin, p.X), max(o.xMax, p.X)
				o.yMin, o.yMax = min(o.yMin, p.Y), max(o.yMax, p.Y)
			}
		}
	}
	r.outlines[k] = o
	return o
}

// A glyphOutline is a glyph's outline, if it has one (ok), with the box
// of its points in font units (which holds its curves).
type glyphOutline struct {
	font.GlyphOutline
	ok                     bool
	xMin, xMax, yMin, yMax float32
}

// maxOutlines bounds a renderer's cache of outlines: far more glyphs than
// cards in a few scripts use.
const maxOutlines = 1 << 14

type glyphKey struct {
	face *font.Face
	id   font.GID
}

// addOutline adds a glyph's outline to z, with its origin at (x, y) and
// font units scaled by scale (y grows down on the card, up in the font).
func addOutline(z *vector.Rasterizer, o font.GlyphOutline, x, y, scale float32) {
	// The explicit conversions round each product, so that no platform
	// fuses them into a multiply-add with other rounding.
	px := func(p font.SegmentPoint) float32 { return x + float32(p.X*scale) }
	py := func(p font.SegmentPoint) float32 { return y - float32(p.Y*scale) }
	started := false
	for _, s := range o.Segments {
		p := s.Args
		switch s.Op {
		case ot.SegmentOpMoveTo:
			if started {
				z.ClosePath()
			}
			z.MoveTo(px(p[0]), py(p[0]))
			started = true
		case ot.SegmentOpLineTo:
			z.LineTo(px(p[0]), py(p[0]))
		case ot.SegmentOpQuadTo:
			z.QuadTo(px(p[0]), py(p[0]), px(p[1]), py(p[1]))
		case ot.SegmentOpCubeTo:
			z.CubeTo(px(p[0]), py(p[0]), px(p[1]), py(p[1]), px(p[2]), py(p[2]))
		}
	}
	if started {
		z.ClosePath()
	}
}

// block is laid-out text ready to draw.
type block struct {
	lines   []line
	cut     bool // the text did not all fit
	st      textStyle
	advance float32 // line height in pixels
}

func (r *renderer) block(text string, st textStyle) block {
	if st.leading == 0 {
		st.leading = 1.3
	}
	lines, cut := r.layout(text, st)
	return block{lines: lines, cut: cut, st: st, advance: st.size * st.leading}
}

// height is the block's height from the first line's top to the last
// line's bottom.
func (b block) height() float32 { return float32(len(b.lines)) * b.advance }

// width is the widest line of the block.
func (b block) width() float32 {
	var w float32
	for _, l := range b.lines {
		w = max(w, lineWidth(l))
	}
	return w
}

// paint fills the path in r.raster, whose origin is box.Min, in colour c:
// the rasterizer writes a coverage mask (its fast path), which is then
// composited over dst. The mask is kept under key, for the next card
// that draws the same shape at the same place (a verdict's mark).
func (r *renderer) paint(dst *canvas, box image.Rectangle, c color.RGBA, key shapeKey) {
	w, h := box.Dx(), box.Dy()
	if r.mask == nil || cap(r.mask.Pix) < w*h {
		r.mask = image.NewAlpha(image.Rect(0, 0, w, h))
	}
	m := r.mask
	m.Pix, m.Stride, m.Rect = m.Pix[:w*h], w, image.Rect(0, 0, w, h)
	r.raster.DrawOp = draw.Src
	r.raster.Draw(m, m.Rect, image.Opaque, image.Point{})
	for i, v := range m.Pix {
		m.Pix[i] = coverage[v]
	}
	dst.composite(box, m.Pix, c)
	if r.shapeBytes >= maxShapeBytes {
		clear(r.shapes)
		r.shapeBytes = 0
	}
	if r.shapes == nil {
		r.shapes = make(map[shapeKey]keptShape)
	}
	r.shapes[key] = keptShape{box, append([]uint8(nil), m.Pix...)}
	r.shapeBytes += len(m.Pix) + 64
}

// paintKept paints the shape kept under key in colour c, and reports
// whether there was one.
func (r *renderer) paintKept(dst *canvas, key shapeKey, c color.RGBA) bool {
	s, ok := r.shapes[key]
	if ok {
		dst.composite(s.box, s.pix, c)
	}
	return ok
}

// A shapeKey is what places a shape's coverage on the card: a circle's
// centre and radius, or a stroke's segment (its ends) and width.
type shapeKey struct {
	circle bool
	v      [5]float32
}

// A keptShape is a shape's coverage, rounded, in box.
type keptShape struct {
	box image.Rectangle
	pix []uint8
}

// maxShapeBytes bounds the memory of a renderer's kept shapes: a site's
// marks take a few hundred kilobytes.
const maxShapeBytes = 4 << 20

// coverage rounds a pixel's coverage to one of 16 levels, as GDI's
// greyscale smoothing did: the edges of text look the same, and a card has
// few enough colours to be written as a paletted PNG.
var coverage = func() (t [256]uint8) {
	const steps = 15 // 16 levels, 0 to 255 by 17
	for v := range t {
		t[v] = uint8((v*steps + 127) / 255 * (255 / steps))
	}
	return t
}()
