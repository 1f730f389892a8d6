package card

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// newRGBACanvas returns a card-sized canvas filled with bg, drawn as an
// image.RGBA from the start: the reference the tests compare with.
func newRGBACanvas(bg color.RGBA) *canvas {
	cv := newCanvas(bg)
	cv.toRGBA()
	return cv
}

// colourfulLogo is a logo of thousands of colours, so that a card with it
// has more than a palette holds.
func colourfulLogo(t testing.TB) *Logo {
	img := image.NewRGBA(image.Rect(0, 0, 120, 120))
	for y := range 120 {
		for x := range 120 {
			img.Set(x, y, color.RGBA{uint8(2 * x), uint8(2 * y), uint8(x + y), 0xff})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	l, err := NewLogo(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestCanvasPixels draws every sample card on a paletted canvas and on an
// image.RGBA, and wants the same pixels, and the canvas to have turned
// into an image.RGBA only for a card of more than 256 colours.
func TestCanvasPixels(t *testing.T) {
	r, err := getRenderer()
	if err != nil {
		t.Fatal(err)
	}
	defer putRenderer(r)
	notes := noteCards(t)
	colourful := notes["note-latin"]
	colourful.Site.Logo = colourfulLogo(t)
	notes["note-colourful"] = colourful
	dossiers := dossierCards(t)
	d := dossiers["dossier-latin"]
	d.Site.Logo = colourfulLogo(t)
	d.Site.Accent = "#ffd33d"
	dossiers["dossier-colourful"] = d
	draw := func(name string, f func(*canvas)) {
		t.Helper()
		pal, ref := newCanvas(paper), newRGBACanvas(paper)
		defer putCanvas(pal)
		defer putCanvas(ref)
		f(pal)
		f(ref)
		if wantRGBA := name == "note-colourful" || name == "dossier-colourful"; (pal.rgba != nil) != wantRGBA {
			t.Errorf("%s: drawn as an image.RGBA: %v, want %v (%d colours)", name, pal.rgba != nil, wantRGBA, len(pal.pal))
		}
		a, err := pal.encode()
		if err != nil {
			t.Fatal(err)
		}
		b, err := ref.encode()
		if err != nil {
			t.Fatal(err)
		}
		if n, most := diff(decode(t, name, a), decode(t, name, b)); n > 0 {
			t.Errorf("%s: %d pixels differ from those drawn as an image.RGBA (by up to %d)", name, n, most)
		}
	}
	for name, m := range notes {
		dir, lang, err := direction(m.Dir, m.Language)
		if err != nil {
			t.Fatal(err)
		}
		vc, err := parseColor(m.Verdict.Color)
		if err != nil {
			t.Fatal(err)
		}
		draw(name, func(cv *canvas) { r.note(cv, m, dir, lang, vc) })
	}
	for name, m := range dossiers {
		dir, lang, err := direction(m.Dir, m.Language)
		if err != nil {
			t.Fatal(err)
		}
		colors := make([]color.RGBA, len(m.Counts))
		for i, c := range m.Counts {
			if colors[i], err = parseColor(c.Verdict.Color); err != nil {
				t.Fatal(err)
			}
		}
		accent := ink
		if m.Site.Accent != "" {
			if accent, err = parseColor(m.Site.Accent); err != nil {
				t.Fatal(err)
			}
		}
		draw(name, func(cv *canvas) { r.dossier(cv, m, dir, lang, colors, accent) })
	}
}

// TestCanvasOps applies random fills, composites and images drawn over to
// a paletted canvas and to an image.RGBA, and wants the same pixels,
// whether or not the palette fills up, and wherever it does.
func TestCanvasOps(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	overflowed := 0
	for trial := range 40 {
		// Half the trials draw a few colours a few times, as a card
		// does; the others many, many times.
		ncolours, nops, kinds := 2+rng.IntN(40), 60, 3
		if trial%2 == 0 {
			ncolours, nops, kinds = 2+rng.IntN(3), 8, 2
		}
		colours := make([]color.RGBA, ncolours)
		for i := range colours {
			colours[i] = color.RGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 0xff}
		}
		pal, ref := newCanvas(paper), newRGBACanvas(paper)
		rect := func() image.Rectangle {
			x, y := rng.IntN(Width+40)-20, rng.IntN(Height+40)-20
			return image.Rect(x, y, x+rng.IntN(200), y+rng.IntN(100))
		}
		for range nops {
			c := colours[rng.IntN(ncolours)]
			switch rng.IntN(kinds) {
			case 0:
				r := rect()
				pal.fill(r, c)
				ref.fill(r, c)
			case 1:
				r := rect()
				cov := make([]uint8, r.Dx()*r.Dy())
				solid := rng.IntN(2) == 0 // with spans of full coverage, as inside a glyph
				for i := range cov {
					switch {
					case solid && i%32 < 20:
						cov[i] = 0xff
					case rng.IntN(3) > 0:
						cov[i] = uint8(17 * rng.IntN(16))
					}
				}
				pal.composite(r, cov, c)
				ref.composite(r, cov, c)
			case 2:
				src := image.NewRGBA(image.Rect(0, 0, 1+rng.IntN(30), 1+rng.IntN(30)))
				for i := 0; i < len(src.Pix); i += 4 {
					a := uint8(rng.IntN(256))
					if rng.IntN(4) == 0 {
						a = 0
					}
					// Premultiplied: no channel above alpha.
					src.Pix[i], src.Pix[i+1], src.Pix[i+2], src.Pix[i+3] = c.R/255*a, uint8(rng.IntN(int(a)+1)), 0, a
				}
				r := rect()
				pal.over(r, src, image.Point{})
				ref.over(r, src, image.Point{})
			}
		}
		if pal.rgba == nil {
			pal.toRGBA()
		} else {
			overflowed++
		}
		if !bytes.Equal(pal.rgba.Pix, ref.rgba.Pix) {
			t.Errorf("trial %d (%d colours): the pixels differ", trial, ncolours)
		}
		putCanvas(pal)
		putCanvas(ref)
	}
	if overflowed == 0 || overflowed == 40 {
		t.Errorf("%d of 40 canvases outgrew their palette: the test wants some of each", overflowed)
	}
}
