package build

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/srcfs"
)

// chartPNG is a 1000×400 PNG with a pattern.
func chartPNG() string {
	img := image.NewNRGBA(image.Rect(0, 0, 1000, 400))
	for y := range 400 {
		for x := range 1000 {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), uint8(x + y), 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.String()
}

// withImages is the fixture with an image of static/ on the methodology
// page and a page of its own.
func withImages(t *testing.T) map[string]string {
	return map[string]string{
		"static/img/chart.png":       chartPNG(),
		"content/methodology.md":     "We check quotes.\n\n![The ratings over a year](img/chart.png)\n",
		"content/about.md":           "---\ntitle: About\n---\n![Chart](img/chart.png \"A chart\")\n",
		"static/img/unused-wide.png": chartPNG(),
	}
}

// TestImagesBuilt: an image of static/ reaches the pages with its size and
// a srcset whose copies are written beside it, listed with the rest, the
// same bytes in two builds; an unused image gets no copies.
func TestImagesBuilt(t *testing.T) {
	build := func() map[string][]byte {
		var mem output.Memory
		res, err := Run(site.NewLoader(), srcfs.New(withFiles(t, withImages(t))), &mem)
		if err != nil {
			t.Fatalf("%v\n%s", err, res.Diags)
		}
		return mem.Files()
	}
	a, b := build(), build()
	for _, name := range []string{"img/chart.png", "img/chart-480w.png", "img/chart-960w.png", "methodology.html", "about.html"} {
		if a[name] == nil {
			t.Errorf("%s not written", name)
		}
	}
	for _, name := range []string{"img/unused-wide-480w.png", "img/unused-wide-960w.png"} {
		if a[name] != nil {
			t.Errorf("%s written for an unused image", name)
		}
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
	want := `<img src="img/chart.png" alt="The ratings over a year" width="1000" height="400" loading="lazy" decoding="async" srcset="img/chart-480w.png 480w, img/chart-960w.png 960w, img/chart.png 1000w" sizes="(max-width: 1000px) 100vw, 1000px">`
	if !strings.Contains(string(a["methodology.html"]), want) {
		t.Errorf("methodology.html lacks\n%s", want)
	}
}
