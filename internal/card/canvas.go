package card

import (
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
	"sync"
)

// A canvas is a card being drawn. A card has few colours (its
// backgrounds, its text's colours and their blends at 16 levels of
// coverage), so it is drawn a byte a pixel: an index into a palette that
// grows as blends make new colours. Each row starts with PNG's filter byte
// (0, none), so that the pixels are the rows a paletted PNG compresses,
// with nothing to convert.
//
// Every blend is computed on the palette's colours with the arithmetic of
// image/draw, so the pixels are those an image.RGBA would hold. When a
// card needs a 257th colour (a colourful logo), the canvas turns into an
// image.RGBA, and drawing goes on there.
type canvas struct {
	pix []uint8      // Height rows of stride bytes
	pal []color.RGBA // the colour of each index, at most 256
	// keys and vals are an open-addressed table from a colour (its
	// uint32, with bit 32 set to mark the slot taken) to its index.
	keys [1024]uint64
	vals [1024]uint8
	// luts hold the blends already made, by the colour painted.
	luts  []*lut
	nluts int
	// rgba is the card once it has more than 256 colours, nil before.
	rgba *image.RGBA
}

// stride is the length of a canvas's row: the filter byte and a byte a
// pixel.
const stride = Width + 1

// A lut holds the blends of one colour: at [level][i] the index plus one
// of the colour painted at level/15 coverage over colour i, 0 when not
// yet known.
type lut struct {
	c uint32
	t [16][256]uint16
}

// levelOf is a coverage's level, from 1 to 15, for the multiples of 17
// that coverage rounds to; 0 for other values, which blend uncached.
var levelOf = func() (t [256]uint8) {
	for l := 1; l <= 15; l++ {
		t[l*17] = uint8(l)
	}
	return t
}()

var canvases sync.Pool

// newCanvas returns a card-sized canvas filled with bg.
func newCanvas(bg color.RGBA) *canvas {
	cv, ok := canvases.Get().(*canvas)
	if !ok {
		cv = &canvas{pix: make([]uint8, stride*Height)}
	}
	cv.reset()
	cv.fill(image.Rect(0, 0, Width, Height), bg)
	for y := range Height {
		cv.pix[y*stride] = 0 // the filter byte
	}
	return cv
}

func putCanvas(cv *canvas) {
	if cv.rgba != nil {
		rgbaImages.Put(cv.rgba)
		cv.rgba = nil
	}
	canvases.Put(cv)
}

// rgbaImages holds the images of cards with many colours: 3 MB each.
var rgbaImages sync.Pool

func (cv *canvas) reset() {
	cv.pal = cv.pal[:0]
	clear(cv.keys[:])
	for _, l := range cv.luts[:cv.nluts] {
		clear(l.t[:])
	}
	cv.nluts = 0
	if cv.rgba != nil {
		rgbaImages.Put(cv.rgba)
		cv.rgba = nil
	}
}

func key(c color.RGBA) uint32 {
	return uint32(c.R) | uint32(c.G)<<8 | uint32(c.B)<<16 | uint32(c.A)<<24
}

// index returns c's index, adding it to the palette; false when the
// palette is full.
func (cv *canvas) index(c color.RGBA) (uint8, bool) {
	k := uint64(key(c)) | 1<<32
	slot := (uint32(k) * 0x9E3779B1) >> 22
	for cv.keys[slot] != 0 {
		if cv.keys[slot] == k {
			return cv.vals[slot], true
		}
		slot = (slot + 1) & 1023
	}
	n := len(cv.pal)
	if n == 256 {
		return 0, false
	}
	cv.keys[slot], cv.vals[slot] = k, uint8(n)
	cv.pal = append(cv.pal, c)
	return uint8(n), true
}

// toRGBA turns the canvas into an image.RGBA of the same pixels.
func (cv *canvas) toRGBA() {
	img, _ := rgbaImages.Get().(*image.RGBA)
	if img == nil {
		img = image.NewRGBA(image.Rect(0, 0, Width, Height))
	}
	var words [256]uint32
	for i, c := range cv.pal {
		words[i] = key(c)
	}
	for y := range Height {
		row := cv.pix[y*stride+1 : y*stride+stride]
		d := img.Pix[y*img.Stride:][:4*Width]
		for x, v := range row {
			binary.LittleEndian.PutUint32(d[4*x:], words[v])
		}
	}
	cv.rgba = img
}

// fill paints r in c.
func (cv *canvas) fill(r image.Rectangle, c color.RGBA) {
	r = r.Intersect(image.Rect(0, 0, Width, Height))
	if r.Empty() {
		return
	}
	if cv.rgba == nil {
		if i, ok := cv.index(c); ok {
			first := cv.pix[r.Min.Y*stride+1+r.Min.X : r.Min.Y*stride+1+r.Max.X]
			first[0] = i
			for n := 1; n < len(first); n *= 2 {
				copy(first[n:], first[:n])
			}
			for y := r.Min.Y + 1; y < r.Max.Y; y++ {
				copy(cv.pix[y*stride+1+r.Min.X:], first)
			}
			return
		}
		cv.toRGBA()
	}
	draw.Draw(cv.rgba, r, image.NewUniform(c), image.Point{}, draw.Src)
}

// blend returns the colour of c painted over d through a coverage of v,
// as draw.DrawMask paints an image.Uniform through an image.Alpha with
// draw.Over.
func blend(d, c color.RGBA, v uint8) color.RGBA {
	const m = 0xffff
	sr, sg, sb, sa := c.RGBA()
	ma := uint32(v)
	ma |= ma << 8
	a := (m - (sa * ma / m)) * 0x101
	return color.RGBA{
		uint8((uint32(d.R)*a + sr*ma) / m >> 8),
		uint8((uint32(d.G)*a + sg*ma) / m >> 8),
		uint8((uint32(d.B)*a + sb*ma) / m >> 8),
		uint8((uint32(d.A)*a + sa*ma) / m >> 8),
	}
}

// lutOf returns the table of c's blends.
func (cv *canvas) lutOf(c color.RGBA) *lut {
	k := key(c)
	for _, l := range cv.luts[:cv.nluts] {
		if l.c == k {
			return l
		}
	}
	if cv.nluts == len(cv.luts) {
		cv.luts = append(cv.luts, new(lut))
	}
	l := cv.luts[cv.nluts]
	cv.nluts++
	l.c = k
	return l
}

// composite paints c over the canvas in box through cov, coverage
// rounded to 16 levels, box.Dx() values a row; the part of box outside
// the canvas is left out.
func (cv *canvas) composite(box image.Rectangle, cov []uint8, c color.RGBA) {
	cw := box.Dx() // the coverage's stride
	clip := box.Intersect(image.Rect(0, 0, Width, Height))
	if clip.Empty() {
		return
	}
	off := (clip.Min.Y-box.Min.Y)*cw + clip.Min.X - box.Min.X
	if cv.rgba != nil {
		compositeRGBA(cv.rgba, clip, cov[off:], cw, c)
		return
	}
	l := cv.lutOf(c)
	// Full coverage of an opaque colour gives the colour itself, over
	// any pixel: eight such pixels are set at once.
	solid, hasSolid := uint64(0), false
	if c.A == 0xff {
		if i, ok := cv.index(c); ok {
			solid, hasSolid = uint64(i)*0x0101010101010101, true
		}
	}
	w, h := clip.Dx(), clip.Dy()
	for y := range h {
		row := cov[off+y*cw : off+y*cw+w]
		d := cv.pix[(clip.Min.Y+y)*stride+1+clip.Min.X:][:w]
		for x := 0; x < len(row); x++ {
			// Eight pixels at once while the mask is empty, or full.
			for x+8 <= len(row) {
				m := binary.LittleEndian.Uint64(row[x:])
				if m == 0 {
					x += 8
					continue
				}
				if m != ^uint64(0) || !hasSolid {
					break
				}
				binary.LittleEndian.PutUint64(d[x:], solid)
				x += 8
			}
			if x == len(row) {
				break
			}
			v := row[x]
			if v == 0 {
				continue
			}
			lv := levelOf[v]
			if e := l.t[lv][d[x]]; e != 0 && lv != 0 {
				d[x] = uint8(e - 1)
				continue
			}
			i, ok := cv.index(blend(cv.pal[d[x]], c, v))
			if !ok {
				// A 257th colour: go on as an image.RGBA from here.
				cv.toRGBA()
				p := image.Pt(clip.Min.X+x, clip.Min.Y+y)
				compositeRGBA(cv.rgba, image.Rect(p.X, p.Y, clip.Max.X, p.Y+1), row[x:], cw, c)
				if y+1 < h {
					compositeRGBA(cv.rgba, image.Rect(clip.Min.X, p.Y+1, clip.Max.X, clip.Max.Y), cov[off+(y+1)*cw:], cw, c)
				}
				return
			}
			if lv != 0 {
				l.t[lv][d[x]] = uint16(i) + 1
			}
			d[x] = i
		}
	}
}

// compositeRGBA paints c over dst in r through cov, stride values a row
// from r.Min.
func compositeRGBA(dst *image.RGBA, r image.Rectangle, cov []uint8, stride int, c color.RGBA) {
	w, h := r.Dx(), r.Dy()
	if c.A != 0xff {
		m := &image.Alpha{Pix: cov, Stride: stride, Rect: image.Rect(0, 0, w, h)}
		draw.DrawMask(dst, r, image.NewUniform(c), image.Point{}, m, image.Point{}, draw.Over)
		return
	}
	// An opaque colour over dst: the arithmetic of draw.DrawMask's Over,
	// with the pixels it leaves alone (no coverage) skipped and those it
	// replaces (full coverage) set.
	const mx = 0xffff
	sr, sg, sb := uint32(c.R)*0x101, uint32(c.G)*0x101, uint32(c.B)*0x101
	px := [4]byte{c.R, c.G, c.B, 0xff}
	for y := range h {
		row := cov[y*stride : y*stride+w]
		d := dst.Pix[dst.PixOffset(r.Min.X, r.Min.Y+y):][:4*w]
		for x := 0; x < len(row); x++ {
			for x+8 <= len(row) && binary.LittleEndian.Uint64(row[x:]) == 0 {
				x += 8
			}
			if x == len(row) {
				break
			}
			ma := uint32(row[x])
			switch ma {
			case 0:
				continue
			case 0xff:
				copy(d[4*x:4*x+4], px[:])
				continue
			}
			ma |= ma << 8
			a := (mx - ma) * 0x101
			p := d[4*x : 4*x+4 : 4*x+4]
			p[0] = uint8((uint32(p[0])*a + sr*ma) / mx >> 8)
			p[1] = uint8((uint32(p[1])*a + sg*ma) / mx >> 8)
			p[2] = uint8((uint32(p[2])*a + sb*ma) / mx >> 8)
			p[3] = uint8((uint32(p[3])*a + mx*ma) / mx >> 8)
		}
	}
}

// over paints src over the canvas in r, src's pixel sp at r.Min, as
// draw.Draw does with draw.Over.
func (cv *canvas) over(r image.Rectangle, src *image.RGBA, sp image.Point) {
	clip := r.Intersect(image.Rect(0, 0, Width, Height)).Intersect(src.Bounds().Add(r.Min.Sub(sp)))
	sp = sp.Add(clip.Min.Sub(r.Min))
	r = clip
	if r.Empty() {
		return
	}
	if cv.rgba == nil {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			s := src.Pix[src.PixOffset(sp.X, sp.Y+y-r.Min.Y):][:4*r.Dx()]
			d := cv.pix[y*stride+1+r.Min.X:][:r.Dx()]
			for x := range d {
				p := s[4*x : 4*x+4 : 4*x+4]
				if p[3] == 0 && p[0]|p[1]|p[2] == 0 {
					continue // transparent: no change
				}
				i, ok := cv.index(copyOver(cv.pal[d[x]], p))
				if !ok {
					cv.toRGBA()
					q := image.Pt(r.Min.X+x, y)
					draw.Draw(cv.rgba, image.Rect(q.X, q.Y, r.Max.X, q.Y+1), src, image.Pt(sp.X+x, sp.Y+y-r.Min.Y), draw.Over)
					if y+1 < r.Max.Y {
						draw.Draw(cv.rgba, image.Rect(r.Min.X, y+1, r.Max.X, r.Max.Y), src, image.Pt(sp.X, sp.Y+y+1-r.Min.Y), draw.Over)
					}
					return
				}
				d[x] = i
			}
		}
		return
	}
	draw.Draw(cv.rgba, r, src, sp, draw.Over)
}

// copyOver returns the colour of the premultiplied pixel s painted over
// d, as draw.Draw paints an image.RGBA over an image.RGBA.
func copyOver(d color.RGBA, s []uint8) color.RGBA {
	const m = 0xffff
	sr := uint32(s[0]) * 0x101
	sg := uint32(s[1]) * 0x101
	sb := uint32(s[2]) * 0x101
	sa := uint32(s[3]) * 0x101
	a := (m - sa) * 0x101
	return color.RGBA{
		uint8((uint32(d.R)*a/m + sr) >> 8),
		uint8((uint32(d.G)*a/m + sg) >> 8),
		uint8((uint32(d.B)*a/m + sb) >> 8),
		uint8((uint32(d.A)*a/m + sa) >> 8),
	}
}

// encode writes the canvas as a PNG: paletted, or 8-bit RGB once it has
// more than 256 colours.
func (cv *canvas) encode() ([]byte, error) {
	if cv.rgba != nil {
		return writePNG(cv.rgba)
	}
	palette := make([]byte, 0, 3*len(cv.pal))
	for _, c := range cv.pal {
		palette = append(palette, c.R, c.G, c.B)
	}
	return writeIndexed(cv.pix, stride, Height, palette), nil
}
