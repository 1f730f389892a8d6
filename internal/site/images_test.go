package site

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// testImage is a w×h image with a pattern, so that a scaled copy is not
// trivially the same whatever the scaler does.
func testImage(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x * 7), uint8(y * 5), uint8(x ^ y), 255})
		}
	}
	return img
}

func pngFile(w, h int) *fstest.MapFile {
	var b bytes.Buffer
	png.Encode(&b, testImage(w, h))
	return &fstest.MapFile{Data: b.Bytes()}
}

func jpegFile(w, h int) *fstest.MapFile {
	var b bytes.Buffer
	jpeg.Encode(&b, testImage(w, h), nil)
	return &fstest.MapFile{Data: b.Bytes()}
}

func gifFile(w, h int) *fstest.MapFile {
	var b bytes.Buffer
	gif.Encode(&b, testImage(w, h), nil)
	return &fstest.MapFile{Data: b.Bytes()}
}

// bombFile is a PNG whose header declares w×h pixels, and no more than
// that header: a decompression bomb as far as DecodeConfig can tell.
func bombFile(w, h uint32) *fstest.MapFile {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32([]byte("IHDR"), w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8-bit RGB
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)-4))
	b.Write(ihdr)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(ihdr))
	return &fstest.MapFile{Data: b.Bytes()}
}

func noteWith(body string) *fstest.MapFile {
	return file("---\ntitle: T\nquote: \"two strands\"\nverdict: accurate\n---\n" + body + "\n")
}

// TestImages: an image of static/ in a note, a page or the home page's
// introduction is rendered with its size, lazy loading and, when wider than
// a copy's width, a srcset of smaller copies that join the static files; a
// remote image, a missing file, one without alt text, a decompression bomb
// and a copy's name taken by a static file are errors at the image.
func TestImages(t *testing.T) {
	tests := []struct {
		name   string
		files  map[string]*fstest.MapFile
		html   map[string]string // file: wanted in its HTML
		static []string          // the static files' names
		diags  []string
	}{
		{
			name: "note, page and introduction",
			files: map[string]*fstest.MapFile{
				"static/img/shot.png": pngFile(1000, 500),
				"static/img/dot.gif":  gifFile(20, 10),
				"static/photo.jpg":    jpegFile(600, 300),
				"content/a/two.md":    noteWith("A post: ![The mayor's post](../img/shot.png) and ![dot](../img/dot.gif)."),
				"content/about.md":    file("---\ntitle: About\n---\n![Our team](photo.jpg)\n"),
				"content/_index.md":   file("---\ntitle: Site\n---\n![A shot](img/shot.png)\n"),
			},
			html: map[string]string{
				"content/a/two.md":  `<img src="../img/shot.png" alt="The mayor&rsquo;s post" width="1000" height="500" loading="lazy" decoding="async" srcset="../img/shot-480w.png 480w, ../img/shot-960w.png 960w, ../img/shot.png 1000w" sizes="(max-width: 1000px) 100vw, 1000px"> and <img src="../img/dot.gif" alt="dot" width="20" height="10" loading="lazy" decoding="async">`,
				"content/about.md":  `<img src="photo.jpg" alt="Our team" width="600" height="300" loading="lazy" decoding="async" srcset="photo-480w.jpg 480w, photo.jpg 600w" sizes="(max-width: 600px) 100vw, 600px">`,
				"content/_index.md": `<img src="img/shot.png" alt="A shot" width="1000" height="500" loading="lazy" decoding="async" srcset="img/shot-480w.png 480w, img/shot-960w.png 960w, img/shot.png 1000w"`,
			},
			static: []string{"img/dot.gif", "img/shot-480w.png", "img/shot-960w.png", "img/shot.png", "photo-480w.jpg", "photo.jpg"},
		},
		{
			name: "hostile file name",
			files: map[string]*fstest.MapFile{
				"static/img/a b,\"c<x>.png": pngFile(600, 10),
				"content/a/two.md":          noteWith("![A \"quoted\" <alt>](../img/a%20b,%22c%3Cx%3E.png)"),
			},
			html: map[string]string{
				"content/a/two.md": `<img src="../img/a%20b,%22c%3Cx%3E.png" alt="A &ldquo;quoted&rdquo; " width="600" height="10" loading="lazy" decoding="async" srcset="../img/a%20b%2C%22c%3Cx%3E-480w.png 480w, ../img/a%20b%2C%22c%3Cx%3E.png 600w"`,
			},
			static: []string{"img/a b,\"c<x>-480w.png", "img/a b,\"c<x>.png"},
			diags:  []string{"content/a/two.md:6:14: warning: raw HTML is not rendered"},
		},
		{
			name: "an unused image has no copies",
			files: map[string]*fstest.MapFile{
				"static/img/shot.png": pngFile(1000, 500),
			},
			static: []string{"img/shot.png"},
		},
		{
			name:  "remote",
			files: map[string]*fstest.MapFile{"content/a/two.md": noteWith("![chart](https://example.org/chart.png)")},
			diags: []string{"content/a/two.md:6:10: images must be files of the site under static/"},
		},
		{
			name:   "missing file",
			files:  map[string]*fstest.MapFile{"static/img/shot.png": pngFile(10, 10), "content/a/two.md": noteWith("Text ![chart](../img/chart.png)")},
			static: []string{"img/shot.png"},
			diags:  []string{`content/a/two.md:6:15: no file "img/chart.png" under static/ for this image`},
		},
		{
			name:   "the page's own folder is not static/",
			files:  map[string]*fstest.MapFile{"static/img/shot.png": pngFile(10, 10), "content/a/two.md": noteWith("![chart](img/shot.png)")},
			static: []string{"img/shot.png"},
			diags:  []string{`content/a/two.md:6:10: no file "a/img/shot.png" under static/`},
		},
		{
			name:   "outside the site",
			files:  map[string]*fstest.MapFile{"static/img/shot.png": pngFile(10, 10), "content/a/two.md": noteWith("![chart](../../seeds/a.txt)")},
			static: []string{"img/shot.png"},
			diags:  []string{`content/a/two.md:6:10: the image "../../seeds/a.txt" is outside the site`},
		},
		{
			name:   "empty alt",
			files:  map[string]*fstest.MapFile{"static/img/shot.png": pngFile(10, 10), "content/a/two.md": noteWith("![](../img/shot.png)")},
			static: []string{"img/shot.png"},
			diags:  []string{"content/a/two.md:6:5: alt text required: describe the image for readers who cannot see it"},
		},
		{
			name:   "not an image",
			files:  map[string]*fstest.MapFile{"static/CNAME": file("a.example\n"), "content/a/two.md": noteWith("![x](../CNAME)")},
			static: []string{"CNAME"},
			diags:  []string{"content/a/two.md:6:6: static/CNAME is not a PNG, JPEG, GIF or WebP image"},
		},
		{
			name:   "decompression bomb",
			files:  map[string]*fstest.MapFile{"static/bomb.png": bombFile(100_000, 100_000), "content/a/two.md": noteWith("![x](../bomb.png)")},
			static: []string{"bomb.png"},
			diags:  []string{"content/a/two.md:6:6: static/bomb.png is 100000×100000 pixels, more than 40,000,000"},
		},
		{
			name:   "a copy's name is taken",
			files:  map[string]*fstest.MapFile{"static/s.png": pngFile(600, 10), "static/s-480w.png": pngFile(1, 1), "content/a/two.md": noteWith("![x](../s.png)")},
			static: []string{"s-480w.png", "s.png"},
			diags:  []string{`content/a/two.md:6:6: the site makes "s-480w.png" from static/s.png, but static/ holds a file of that name`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, diags := NewLoader().Load(tree(tt.files))
			matchDiags(t, diags, tt.diags)
			var names []string
			for _, f := range s.Static {
				names = append(names, f.Name)
			}
			if !slices.Equal(names, tt.static) {
				t.Errorf("static files %q, want %q", names, tt.static)
			}
			for file, want := range tt.html {
				got := bodyHTML(s, file)
				if !strings.Contains(got, want) {
					t.Errorf("%s: HTML\n%s\nwant\n%s", file, got, want)
				}
			}
		})
	}
}

// bodyHTML finds the HTML rendered from file.
func bodyHTML(s *Site, file string) string {
	if file == SiteFile {
		return s.Intro
	}
	for _, p := range s.Pages {
		if p.Path == file {
			return p.HTML
		}
	}
	for _, d := range s.Dossiers {
		for _, n := range d.Notes {
			if n.Path == file {
				return n.HTML
			}
		}
	}
	return ""
}

// TestImageCopies: the smaller copies are the image scaled to their width,
// in the original's format, and the same bytes from one load to the next.
func TestImageCopies(t *testing.T) {
	files := map[string]*fstest.MapFile{
		"static/img/shot.png": pngFile(1000, 500),
		"static/photo.jpg":    jpegFile(1200, 300),
		"content/a/two.md":    noteWith("![a](../img/shot.png) ![b](../photo.jpg)"),
		// Notes are loaded in parallel: one image in two of them is made once.
		"content/a/officials.md": file("---\ntitle: O\nquote: \"Officials agreed\"\nverdict: opinion\n---\n![c](../photo.jpg)\n"),
	}
	load := func() map[string][]byte {
		s, diags := NewLoader().Load(tree(files))
		matchDiags(t, diags, nil)
		out := map[string][]byte{}
		for _, f := range s.Static {
			out[f.Name] = f.Data
		}
		return out
	}
	first, second := load(), load()
	want := map[string][3]any{
		"img/shot-480w.png": {480, 240, "png"},
		"img/shot-960w.png": {960, 480, "png"},
		"photo-480w.jpg":    {480, 120, "jpeg"},
		"photo-960w.jpg":    {960, 240, "jpeg"},
	}
	for name, w := range want {
		cfg, format, err := image.DecodeConfig(bytes.NewReader(first[name]))
		if err != nil || cfg.Width != w[0] || cfg.Height != w[1] || format != w[2] {
			t.Errorf("%s: %d×%d %s (%v), want %v", name, cfg.Width, cfg.Height, format, err, w)
		}
		if !bytes.Equal(first[name], second[name]) {
			t.Errorf("%s differs between two loads", name)
		}
	}
	if len(first) != 6 {
		t.Errorf("%d static files, want 6", len(first))
	}
}

// BenchmarkImageCopies measures making the copies of one 2000×1500 PNG and
// one 2000×1500 JPEG, as every build does for each image shown.
func BenchmarkImageCopies(b *testing.B) {
	static := []StaticFile{{Name: "a.png", Path: "static/a.png", Data: pngFile(2000, 1500).Data}, {Name: "b.jpg", Path: "static/b.jpg", Data: jpegFile(2000, 1500).Data}}
	b.Run("png", func(b *testing.B) {
		for b.Loop() {
			if e := newImages(static).entry("a.png"); e.refused != "" {
				b.Fatal(e.refused)
			}
		}
	})
	b.Run("jpeg", func(b *testing.B) {
		for b.Loop() {
			if e := newImages(static).entry("b.jpg"); e.refused != "" {
				b.Fatal(e.refused)
			}
		}
	})
}

// TestImagesIncremental: an incremental loader renders a note again after
// a change to the image it shows, which may change its size.
func TestImagesIncremental(t *testing.T) {
	fsys := tree(map[string]*fstest.MapFile{"static/s.png": pngFile(10, 10), "content/a/two.md": noteWith("![x](../s.png)")})
	l := NewLoader()
	l.Incremental()
	if s, _ := l.Load(fsys); !strings.Contains(bodyHTML(s, "content/a/two.md"), `width="10"`) {
		t.Fatalf("first load: %s", bodyHTML(s, "content/a/two.md"))
	}
	fsys["static/s.png"] = pngFile(20, 10)
	l.Invalidate("static/s.png")
	if s, _ := l.Load(fsys); !strings.Contains(bodyHTML(s, "content/a/two.md"), `width="20"`) {
		t.Errorf("after the image's change: %s", bodyHTML(s, "content/a/two.md"))
	}
}
