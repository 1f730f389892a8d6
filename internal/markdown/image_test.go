package markdown

import (
	"strings"
	"testing"
)

// TestImages: a local image with alt text is rendered with the size, lazy
// loading and srcset its resolver gives; a remote image, one without alt
// text, and one the resolver refuses are problems at the image's address.
func TestImages(t *testing.T) {
	resolve := func(dest string) (Image, string) {
		switch dest {
		case "../img/shot.png":
			return Image{Width: 1200, Height: 800, Srcset: "../img/shot-480w.png 480w, ../img/shot.png 1200w", Sizes: "(max-width: 1200px) 100vw, 1200px"}, ""
		case "small.gif":
			return Image{Width: 20, Height: 10}, ""
		}
		return Image{}, "no file for this image"
	}
	tests := []struct {
		name, src string
		html      string // wanted in the HTML
		problem   string // wanted in the one problem's message
		offset    int
	}{
		{name: "local", src: "![A post, *captured*](../img/shot.png)\n",
			html: `<img src="../img/shot.png" alt="A post, captured" width="1200" height="800" loading="lazy" decoding="async" srcset="../img/shot-480w.png 480w, ../img/shot.png 1200w" sizes="(max-width: 1200px) 100vw, 1200px">`},
		{name: "small, no copies", src: "![dot](small.gif)\n",
			html: `<img src="small.gif" alt="dot" width="20" height="10" loading="lazy" decoding="async">`},
		{name: "remote", src: "see ![chart](https://e.org/a.png)\n", problem: "images must be files of the site under static/", offset: 13},
		{name: "protocol-relative", src: "![x](//e.org/a.png)\n", problem: "images must be files of the site", offset: 5},
		{name: "data", src: "![x](data:image/png;base64,AAAA)\n", problem: "images must be files of the site", offset: 5},
		{name: "javascript", src: "![x](javascript:alert(1))\n", problem: "images must be files of the site", offset: 5},
		{name: "entity-hidden scheme", src: "![x](http&#58;//e.org/a.png)\n", problem: "images must be files of the site", offset: 5},
		{name: "empty alt", src: "![](../img/shot.png)\n", problem: "alt text required: describe the image for readers who cannot see it", offset: 4},
		{name: "blank alt", src: "![ ](../img/shot.png)\n", problem: "alt text required", offset: 5},
		{name: "missing", src: "![x](nothere.png)\n", problem: "no file for this image", offset: 5},
		{name: "empty address", src: "![x]()\n", problem: "must be the path of a file under static/", offset: 3},
		{name: "query", src: "![x](../img/shot.png?v=2)\n", problem: "must be the path of a file under static/", offset: 5},
	}
	r := New()
	for _, tt := range tests {
		res := r.RenderImages([]byte(tt.src), resolve)
		html := string(res.HTML)
		if tt.problem == "" {
			if len(res.Problems) != 0 || !strings.Contains(html, tt.html) {
				t.Errorf("%s: problems %+v, HTML\n%s\nwant\n%s", tt.name, res.Problems, html, tt.html)
			}
			continue
		}
		if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Message, tt.problem) || res.Problems[0].Offset != tt.offset || res.Problems[0].Warning {
			t.Errorf("%s: problems %+v, want one error at %d with %q", tt.name, res.Problems, tt.offset, tt.problem)
		}
		if strings.Contains(html, "e.org") || strings.Contains(html, "data:") || strings.Contains(html, "javascript") {
			t.Errorf("%s: refused address rendered: %s", tt.name, html)
		}
	}
	// Without a resolver every image is refused, as before.
	if res := r.Render([]byte("![x](../img/shot.png)\n")); len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Message, "images are not supported") {
		t.Errorf("Render: problems %+v", res.Problems)
	}
}
