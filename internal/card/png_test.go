package card

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// TestWritePNG encodes images with random pixels, flat areas and repeated
// rows, and wants image/png to decode the same pixels.
func TestWritePNG(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	type test struct {
		size     image.Point
		colours  int // how many random colours; 0 for any
		paletted bool
	}
	tests := []test{
		{image.Pt(1, 1), 0, true},
		{image.Pt(3, 2), 0, true},
		{image.Pt(17, 9), 0, true},
		{image.Pt(Width, Height), 0, false},
		{image.Pt(Width, Height), 255, true}, // with the flat colour, 256
		{image.Pt(Width, Height), 256, false},
		{image.Pt(64, 64), 40, true},
	}
	for _, tt := range tests {
		size := tt.size
		var pal []color.RGBA
		for i := range tt.colours {
			pal = append(pal, color.RGBA{uint8(i), uint8(rng.IntN(256)), 0x80, 255}) // distinct, and never the flat colour
		}
		img := image.NewRGBA(image.Rect(0, 0, size.X, size.Y))
		for y := range size.Y {
			for x := range size.X {
				c := color.RGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255}
				if pal != nil {
					c = pal[(x+y*size.X)%len(pal)]
				}
				switch {
				case y%5 == 1 && y > 0: // a row like the one above
					c = img.RGBAAt(x, y-1)
				case x%7 < 3: // flat
					c = color.RGBA{0x1a, 0x7f, 0x37, 255}
				}
				img.SetRGBA(x, y, c)
			}
		}
		b, err := writePNG(img)
		if err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%v: %v", size, err)
		}
		if _, p := got.(*image.Paletted); p != tt.paletted {
			t.Errorf("%v with %d colours: paletted %v, want %v", size, tt.colours, p, tt.paletted)
		}
		if got.Bounds() != img.Bounds() {
			t.Fatalf("%v: bounds %v", size, got.Bounds())
		}
		for y := range size.Y {
			for x := range size.X {
				r1, g1, b1, a1 := got.At(x, y).RGBA()
				r2, g2, b2, a2 := img.At(x, y).RGBA()
				if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
					t.Fatalf("%v: pixel %d,%d: %v, want %v", size, x, y, got.At(x, y), img.At(x, y))
				}
			}
		}
	}
}

// BenchmarkEncode writes the long note's card, drawn once, as a PNG: the
// encoder's share of a card's cost.
func BenchmarkEncode(b *testing.B) {
	r, err := getRenderer()
	if err != nil {
		b.Fatal(err)
	}
	defer putRenderer(r)
	m := noteCards(b)["note-long"]
	cv := newCanvas(paper)
	defer putCanvas(cv)
	dir, lang, err := direction(m.Dir, m.Language)
	if err != nil {
		b.Fatal(err)
	}
	vc, err := parseColor(m.Verdict.Color)
	if err != nil {
		b.Fatal(err)
	}
	r.note(cv, m, dir, lang, vc)
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := cv.encode(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}
