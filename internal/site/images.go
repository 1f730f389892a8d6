package site

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	_ "golang.org/x/image/webp" // WebP images in notes
	_ "image/gif"               // GIF images in notes

	"golang.org/x/image/draw"

	"github.com/dossier-org/dossier/internal/markdown"
	"github.com/dossier-org/dossier/internal/textcheck"
)

// MaxImagePixels is the most pixels (width times height) an image in a
// note may have: 40 megapixels. A small file can declare a huge image (a
// decompression bomb), so the size is read from the file's header before
// it is decoded.
const MaxImagePixels = 40_000_000

// ImageWidths are the widths of the smaller copies made of a PNG or JPEG
// image shown in a note, for the browser to pick from (srcset): one for
// each width less than the image's own.
var ImageWidths = []int{480, 960}

// maxImagePixels is the limit in force; tests lower it.
var maxImagePixels = MaxImagePixels

// images resolves the images of the bodies of one load against static/,
// and keeps the smaller copies it made. It is safe for concurrent use
// (notes are loaded in parallel).
type images struct {
	mu     sync.Mutex
	static map[string]*StaticFile // by name in the output
	done   map[string]*imageEntry // by name in the output
}

type imageEntry struct {
	once    sync.Once
	img     markdown.Image // Srcset holds the copies' names, not addresses
	copies  []StaticFile
	copyW   []int
	refused string
}

func newImages(static []StaticFile) *images {
	im := &images{static: map[string]*StaticFile{}, done: map[string]*imageEntry{}}
	for i := range static {
		im.static[static[i].Name] = &static[i]
	}
	return im
}

// resolver returns the ImageFunc for a body published in folder dir of the
// site ("" for the root).
func (im *images) resolver(dir string) markdown.ImageFunc {
	if im == nil {
		return nil
	}
	return func(dest string) (markdown.Image, string) {
		u, err := url.Parse(dest)
		if err != nil || u.Path == "" || strings.HasPrefix(u.Path, "/") {
			return markdown.Image{}, fmt.Sprintf("an image's address must be the path of a file under static/ relative to this page, found %q", textcheck.Shown(dest))
		}
		name := path.Join(dir, u.Path)
		if name == ".." || strings.HasPrefix(name, "../") {
			return markdown.Image{}, fmt.Sprintf("the image %q is outside the site: images must be files under static/", textcheck.Shown(dest))
		}
		e := im.entry(name)
		if e.refused != "" {
			return markdown.Image{}, e.refused
		}
		img := e.img
		if len(e.copies) > 0 {
			var b strings.Builder
			for i, c := range e.copies {
				fmt.Fprintf(&b, "%s %dw, ", address(path.Join(path.Dir(u.Path), path.Base(c.Name))), e.copyW[i])
			}
			fmt.Fprintf(&b, "%s %dw", address(u.Path), img.Width)
			img.Srcset = b.String()
			img.Sizes = fmt.Sprintf("(max-width: %dpx) 100vw, %dpx", img.Width, img.Width)
		}
		return img, ""
	}
}

// address escapes a relative path for a srcset, where a comma or a space
// would end the address.
func address(p string) string {
	return strings.ReplaceAll((&url.URL{Path: p}).EscapedPath(), ",", "%2C")
}

// entry checks the static file name once and makes its copies. Two
// images are made at once, but one only once.
func (im *images) entry(name string) *imageEntry {
	im.mu.Lock()
	e, ok := im.done[name]
	if !ok {
		e = &imageEntry{}
		im.done[name] = e
	}
	im.mu.Unlock()
	e.once.Do(func() { im.make(e, name) })
	return e
}

// make fills e for the static file name.
func (im *images) make(e *imageEntry, name string) {
	f := im.static[name]
	if f == nil {
		e.refused = fmt.Sprintf("no file %q under static/ for this image", textcheck.Shown(name))
		return
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(f.Data))
	if err != nil {
		e.refused = fmt.Sprintf("%s is not a PNG, JPEG, GIF or WebP image that can be read", f.Path)
		return
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxImagePixels/cfg.Height {
		e.refused = fmt.Sprintf("%s is %d×%d pixels, more than %s: make it smaller", f.Path, cfg.Width, cfg.Height, textcheck.Count(maxImagePixels))
		return
	}
	e.img = markdown.Image{Width: cfg.Width, Height: cfg.Height}
	if format != "png" && format != "jpeg" {
		return // GIF may be animated, and WebP cannot be written: no copies
	}
	var src image.Image
	for _, w := range ImageWidths {
		if w >= cfg.Width {
			continue
		}
		ext := path.Ext(name)
		cname := strings.TrimSuffix(name, ext) + "-" + strconv.Itoa(w) + "w" + ext
		if _, taken := im.static[cname]; taken {
			e.refused = fmt.Sprintf("the site makes %q from %s, but static/ holds a file of that name: rename it", cname, f.Path)
			return
		}
		if src == nil {
			if src, _, err = image.Decode(bytes.NewReader(f.Data)); err != nil {
				e.refused = fmt.Sprintf("%s cannot be read: %v", f.Path, err)
				return
			}
		}
		h := max(1, (cfg.Height*w+cfg.Width/2)/cfg.Width)
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
		var buf bytes.Buffer
		if format == "png" {
			err = (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, dst)
		} else {
			err = jpeg.Encode(&buf, dst, &jpeg.Options{Quality: jpegQuality})
		}
		if err != nil {
			e.refused = fmt.Sprintf("cannot make a smaller copy of %s: %v", f.Path, err)
			return
		}
		e.copies = append(e.copies, StaticFile{Name: cname, Path: f.Path, Data: buf.Bytes()})
		e.copyW = append(e.copyW, w)
	}
}

// jpegQuality is the quality the smaller copies of a JPEG are written at.
const jpegQuality = 85

// copies returns the smaller copies made, by name.
func (im *images) copies() []StaticFile {
	var out []StaticFile
	im.mu.Lock()
	defer im.mu.Unlock()
	for _, e := range im.done {
		if e.refused == "" {
			out = append(out, e.copies...)
		}
	}
	slices.SortFunc(out, func(a, b StaticFile) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// bodyDir is the folder of the site a body from file is published in:
// a note of content/<slug>/ in <slug>/, the rest at the root.
func bodyDir(file string) string {
	d := path.Dir(strings.TrimPrefix(file, ContentDir+"/"))
	if d == "." || !strings.HasPrefix(file, ContentDir+"/") {
		return ""
	}
	return d
}
