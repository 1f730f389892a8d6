package browsertest

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// update rewrites the reference screenshots rather than comparing with
// them: `go test ./internal/browsertest -run TestScreenshots -update`, then
// look at every changed PNG before committing it.
var update = flag.Bool("update", false, "rewrite the reference screenshots in testdata/screenshots")

// The tolerance of a screenshot against its reference: a pixel differs when
// one of its channels is more than pixelThreshold apart (of 255), which
// lets antialiasing vary by a shade; the screenshot matches when at most
// maxDiffFraction of its pixels differ, which is less than a line of text.
const (
	pixelThreshold  = 32
	maxDiffFraction = 0.001
)

// shots are the screens compared with a reference: a note's page and the
// dossier's page of the fixture, on a laptop and a phone, light and dark,
// and a note's page of the site in Arabic, right to left.
var shots = []struct {
	site, page    string
	width, height int64
	scheme        string
}{
	{"fixture", "sample/vote.html", 1280, 800, "light"},
	{"fixture", "sample/vote.html", 1280, 800, "dark"},
	{"fixture", "sample/vote.html", phoneWidth, 844, "light"},
	{"fixture", "sample/vote.html", phoneWidth, 844, "dark"},
	{"fixture", "sample/index.html", 1280, 800, "light"},
	{"fixture", "sample/index.html", 1280, 800, "dark"},
	{"fixture", "sample/index.html", phoneWidth, 844, "light"},
	{"fixture", "sample/index.html", phoneWidth, 844, "dark"},
	{"arabic", "library/vote.html", 1280, 800, "light"},
}

// freezeJS stops what could make two screenshots of a page differ: any
// animation or transition, and the caret; it returns once the page's fonts
// have loaded (the screenshot draws a frame of its own).
const freezeJS = `(async () => {
	const style = document.createElement('style');
	style.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; caret-color: transparent !important; }';
	document.head.append(style);
	document.activeElement && document.activeElement.blur && document.activeElement.blur();
	await document.fonts.ready;
})()`

// TestScreenshots takes a screenshot of each of shots at a device scale of 1
// and compares it with its reference in testdata/screenshots, with the
// tolerance above. On a difference it writes the screenshot and an image
// of the differing pixels (in red, over the reference faded) to a folder it
// names. The references are Debian's Chromium's, with the fonts it
// recommends, as .ci/run installs them: another browser or other fonts
// draw other pixels.
func TestScreenshots(t *testing.T) {
	bySite := map[string]*builtSite{"fixture": siteNamed(t, "fixture")}
	arabic, err := buildSite(SiteSpec{Name: "arabic", Src: "../build/testdata/rtl"})
	if arabic != nil {
		t.Cleanup(func() {
			arabic.srv.Close()
			os.RemoveAll(filepath.Dir(arabic.dir))
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	bySite["arabic"] = arabic
	tab := browser(t)
	// A tab in the background may draw no frame, and a screenshot waits
	// for one: this one is brought to the front.
	if err := step(tab, page.BringToFront(), emulation.SetScrollbarsHidden(true)); err != nil {
		t.Fatal(err)
	}
	var failed string
	for _, sh := range shots {
		name := fmt.Sprintf("%s-%s-%dx%d-%s.png", sh.site, strings.NewReplacer("/", "-", ".html", "").Replace(sh.page), sh.width, sh.height, sh.scheme)
		var shot []byte
		err := step(tab,
			emulation.SetDeviceMetricsOverride(sh.width, sh.height, 1, sh.width < 600),
			emulation.SetEmulatedMedia().WithFeatures(scheme(sh.scheme)),
			chromedp.Navigate(bySite[sh.site].url(sh.page)),
			chromedp.Evaluate(freezeJS, nil, awaitPromise),
			chromedp.CaptureScreenshot(&shot),
		)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		got, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Errorf("%s: the screenshot: %v", name, err)
			continue
		}
		ref := filepath.Join("testdata", "screenshots", name)
		if *update {
			if err := writePNG(ref, posterize(got)); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s", ref)
			continue
		}
		want, err := readPNG(ref)
		if err != nil {
			t.Errorf("%s: %v; run go test ./internal/browsertest -run TestScreenshots -update, and look at the new file", name, err)
			continue
		}
		n, diff := compareImages(want, got)
		total := got.Bounds().Dx() * got.Bounds().Dy()
		if diff == nil && float64(n) <= maxDiffFraction*float64(total) {
			continue
		}
		if failed == "" {
			if failed, err = os.MkdirTemp("", "dossier-screenshots-"); err != nil {
				t.Fatal(err)
			}
		}
		writePNG(filepath.Join(failed, name), got)
		if diff != nil {
			writePNG(filepath.Join(failed, "diff-"+name), diff)
		}
		t.Errorf("%s: %d of %d pixels differ from %s (%v, %v); the screenshot and its difference are in %s; if the change is meant, run with -update and look at the new file",
			name, n, total, ref, got.Bounds().Size(), want.Bounds().Size(), failed)
	}
}

// compareImages counts the pixels of got more than pixelThreshold apart
// from want in a channel, and draws them in red over want faded. Images of
// different sizes differ in every pixel, with no drawing.
func compareImages(want, got image.Image) (int, *image.RGBA) {
	b := want.Bounds()
	if b != got.Bounds() {
		return b.Dx() * b.Dy(), nil
	}
	diff := image.NewRGBA(b)
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			w := color.NRGBAModel.Convert(want.At(x, y)).(color.NRGBA)
			g := color.NRGBAModel.Convert(got.At(x, y)).(color.NRGBA)
			if far(w.R, g.R) || far(w.G, g.G) || far(w.B, g.B) || far(w.A, g.A) {
				n++
				diff.Set(x, y, color.RGBA{255, 0, 0, 255})
				continue
			}
			grey := uint8((int(w.R) + int(w.G) + int(w.B)) / 3 / 4)
			diff.Set(x, y, color.RGBA{192 + grey, 192 + grey, 192 + grey, 255})
		}
	}
	if n == 0 {
		return 0, nil
	}
	return n, diff
}

// far reports whether two values of a channel are more than pixelThreshold
// apart.
func far(a, b uint8) bool { return int(a) > int(b)+pixelThreshold || int(b) > int(a)+pixelThreshold }

func readPNG(name string) (image.Image, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

// posterize rounds every channel of img to one of 16 levels, at most 8
// apart from its value, well within pixelThreshold, and keeps the image in
// a palette when it then has 256 colours or fewer: a reference is a fraction
// of the screenshot's size.
func posterize(img image.Image) image.Image {
	b := img.Bounds()
	out := image.NewNRGBA(b)
	seen := map[color.NRGBA]uint8{}
	var pal color.Palette
	level := func(v uint8) uint8 { return uint8(min(255, (int(v)+8)/17*17)) }
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			c = color.NRGBA{level(c.R), level(c.G), level(c.B), level(c.A)}
			out.SetNRGBA(x, y, c)
			if _, ok := seen[c]; !ok && len(pal) <= 256 {
				seen[c] = uint8(len(pal))
				pal = append(pal, c)
			}
		}
	}
	if len(pal) > 256 {
		return out
	}
	p := image.NewPaletted(b, pal)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p.SetColorIndex(x, y, seen[out.NRGBAAt(x, y)])
		}
	}
	return p
}

// writePNG writes img as a PNG, compressed at its best.
func writePNG(name string, img image.Image) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return err
	}
	return os.WriteFile(name, buf.Bytes(), 0o644)
}
