package build

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/card"
	"github.com/dossier-org/dossier/internal/cardcache"
	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// checks are the fixture's checks that are neither remarks nor withdrawn:
// those with share images, embed pages and oEmbed files.
var fixtureChecks = []string{"across", "mayor", "opponents", "savings", "vote"}

// metaContent returns the content of the <meta> of page whose property or
// name is key, and how many there are.
func metaContent(page, key string) (string, int) {
	re := regexp.MustCompile(`<meta (?:property|name)="` + regexp.QuoteMeta(key) + `" content="([^"]*)">`)
	m := re.FindAllStringSubmatch(page, -1)
	if len(m) == 0 {
		return "", 0
	}
	return html.UnescapeString(m[0][1]), len(m)
}

// TestShareImages checks that every check and the dossier have a share
// image that is a PNG of 1200 × 630, the same bytes in two builds, and
// that their pages give it in og:image and twitter:image, absolute, with
// its size and alt text.
func TestShareImages(t *testing.T) {
	a, b := buildFixture(t), buildFixture(t)
	images := map[string]string{"sample/index.html": "sample/card.png"}
	for _, n := range fixtureChecks {
		images["sample/"+n+".html"] = "sample/card/" + n + ".png"
	}
	for page, img := range images {
		data := a[img]
		if data == nil {
			t.Errorf("%s: not built", img)
			continue
		}
		if !bytes.Equal(data, b[img]) {
			t.Errorf("%s differs between two builds", img)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width != card.Width || cfg.Height != card.Height {
			t.Errorf("%s: %d × %d, %v; want a PNG of %d × %d", img, cfg.Width, cfg.Height, err, card.Width, card.Height)
		}
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			t.Errorf("%s: %v", img, err)
		}
		p := string(a[page])
		want := map[string]string{
			"og:image":          "https://example.org/checks/" + img,
			"twitter:image":     "https://example.org/checks/" + img,
			"og:image:width":    "1200",
			"og:image:height":   "630",
			"og:image:type":     "image/png",
			"twitter:card":      "summary_large_image",
			"og:image:alt":      "",
			"twitter:image:alt": "",
		}
		for key, w := range want {
			got, n := metaContent(p, key)
			if n != 1 || w != "" && got != w || got == "" {
				t.Errorf("%s: %d %s, %q; want one, %q", page, n, key, got, w)
			}
		}
	}
	alt, _ := metaContent(string(a["sample/vote.html"]), "og:image:alt")
	if !strings.HasPrefix(alt, "Verdict: Accurate. “") || !strings.HasSuffix(alt, "” — Fixture Checks") {
		t.Errorf("vote.html: og:image:alt %q", alt)
	}
	alt, _ = metaContent(string(a["sample/index.html"]), "og:image:alt")
	if !strings.Contains(alt, ": ") || !strings.HasSuffix(alt, " — Fixture Checks") || !strings.Contains(alt, "Accurate: 1") {
		t.Errorf("index.html: og:image:alt %q", alt)
	}
	for _, name := range []string{"sample/furniture.html", "sample/street.html", "sample/claims.html", "index.html"} {
		if _, n := metaContent(string(a[name]), "og:image"); n != 0 {
			t.Errorf("%s has an og:image", name)
		}
	}
	for name := range a {
		if strings.HasPrefix(name, "sample/card/furniture") || strings.HasPrefix(name, "sample/embed/street") {
			t.Errorf("%s: a remark has no share files", name)
		}
	}
}

// TestShareWithoutBaseURL checks that a site without a baseURL still
// writes its share images and embed pages, but gives no og:image (which
// must be absolute), no share links but "copy link", no embed snippet and
// no oEmbed files.
func TestShareWithoutBaseURL(t *testing.T) {
	var mem output.Memory
	res, err := Run(site.NewLoader(), fixtureWithoutBaseURL(t), &mem)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Diags)
	}
	files := mem.Files()
	for _, name := range []string{"sample/card.png", "sample/card/vote.png", "sample/embed/vote.html"} {
		if files[name] == nil {
			t.Errorf("%s: not built", name)
		}
	}
	for name := range files {
		if strings.HasPrefix(name, "sample/oembed/") {
			t.Errorf("%s: built without a baseURL", name)
		}
	}
	page := string(files["sample/vote.html"])
	for _, bad := range []string{`property="og:image`, `name="twitter:image`, "json+oembed", "twitter.com/intent", "<iframe", "share-embed"} {
		if strings.Contains(page, bad) {
			t.Errorf("vote.html without a baseURL has %q", bad)
		}
	}
	if c, _ := metaContent(page, "twitter:card"); c != "summary" {
		t.Errorf("twitter:card %q, want summary", c)
	}
	if !strings.Contains(page, `<section class="share" data-share-js hidden`) || !strings.Contains(page, `class="share-copy" data-copy-url=""`) {
		t.Error("vote.html without a baseURL: no hidden share section with a copy button")
	}
	embed := string(files["sample/embed/vote.html"])
	if !strings.Contains(embed, `href="../vote.html"`) {
		t.Error("the embed page does not link back to the check relatively")
	}
}

// oembedDoc is the part of an oEmbed file the tests read.
type oembedDoc struct {
	Version, Type, Title, HTML string
	AuthorName                 string `json:"author_name"`
	ProviderName               string `json:"provider_name"`
	ProviderURL                string `json:"provider_url"`
	Width, Height              int
}

// iframes parses an HTML fragment and returns its elements' names and the
// attributes of its iframes.
func iframes(t *testing.T, fragment string) (elements []string, attrs []map[string]string) {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			elements = append(elements, n.Data)
			if n.Data == "iframe" {
				m := map[string]string{}
				for _, a := range n.Attr {
					m[a.Key] = a.Val
				}
				attrs = append(attrs, m)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return elements, attrs
}

// TestEmbedAndOEmbed checks each check's embed page and oEmbed file: the
// page is for an iframe (noindex, canonical to the check, no script), the
// oEmbed file is JSON of type rich whose html is one iframe of the embed
// page, and the check's page links the file and shows the same snippet.
func TestEmbedAndOEmbed(t *testing.T) {
	files := buildFixture(t)
	for _, n := range fixtureChecks {
		embed := string(files["sample/embed/"+n+".html"])
		for _, want := range []string{`<meta name="robots" content="noindex">`, `<link rel="canonical" href="https://example.org/checks/sample/` + n + `.html">`, "<style>", `<p class="verdict">`} {
			if !strings.Contains(embed, want) {
				t.Errorf("embed/%s.html lacks %s", n, want)
			}
		}
		if strings.Contains(embed, "<script") || strings.Contains(embed, "<link rel=\"stylesheet\"") {
			t.Errorf("embed/%s.html loads a script or a stylesheet", n)
		}
		var doc oembedDoc
		if err := json.Unmarshal(files["sample/oembed/"+n+".json"], &doc); err != nil {
			t.Fatalf("oembed/%s.json: %v", n, err)
		}
		if doc.Version != "1.0" || doc.Type != "rich" || doc.Title == "" || doc.ProviderName != "Fixture Checks" || doc.ProviderURL != "https://example.org/checks/" || doc.AuthorName != "Fixture Desk" || doc.Width <= 0 || doc.Height <= 0 {
			t.Errorf("oembed/%s.json: %+v", n, doc)
		}
		elements, frames := iframes(t, doc.HTML)
		if len(elements) != 1 || len(frames) != 1 || frames[0]["src"] != "https://example.org/checks/sample/embed/"+n+".html" || frames[0]["title"] != doc.Title {
			t.Errorf("oembed/%s.json: html is %v %v", n, elements, frames)
		}
		page := string(files["sample/"+n+".html"])
		link := `<link rel="alternate" type="application/json+oembed" href="https://example.org/checks/sample/oembed/` + n + `.json" title="`
		if strings.Count(page, link) != 1 {
			t.Errorf("%s.html: no oEmbed discovery link", n)
		}
		if !strings.Contains(page, `data-copy-text="`+htmlAttr(doc.HTML)+`"`) {
			t.Errorf("%s.html: the embed button does not copy the oEmbed file's snippet", n)
		}
	}
}

// htmlAttr escapes s as html/template does in an attribute.
func htmlAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

// TestHostileTitleInEmbedSnippet checks that a hostile note title stays
// text through every layer it crosses: an HTML attribute of the iframe,
// inside a JSON string of the oEmbed file, and inside the share section's
// attribute and textarea on the note's page.
func TestHostileTitleInEmbedSnippet(t *testing.T) {
	var mem output.Memory
	res, err := Run(site.NewLoader(), hostileSite(), &mem)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Diags)
	}
	files := mem.Files()
	title := hostileField("note.title")
	var doc oembedDoc
	if err := json.Unmarshal(files["h/oembed/n.json"], &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Title != title {
		t.Errorf("oEmbed title %q, want %q", doc.Title, title)
	}
	elements, frames := iframes(t, doc.HTML)
	if len(elements) != 1 || len(frames) != 1 || frames[0]["title"] != title || len(frames[0]) != 7 {
		t.Errorf("the snippet is broken open: elements %v, iframe %v", elements, frames)
	}
	// The page's textarea and button give the same snippet back.
	nodes, err := html.Parse(bytes.NewReader(files["h/n.html"]))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "textarea" && n.FirstChild != nil {
			got = append(got, n.FirstChild.Data)
		}
		if n.Type == html.ElementNode && n.Data == "button" {
			for _, a := range n.Attr {
				if a.Key == "data-copy-text" {
					got = append(got, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(nodes)
	if len(got) != 2 || got[0] != doc.HTML || got[1] != doc.HTML {
		t.Errorf("the page's snippets %q, want twice %q", got, doc.HTML)
	}
}

// TestShareCache checks a build through the cache of share images: the
// first draws every card, the second reads every one, and both give the
// bytes of a build without the cache; so does a build after the cache is
// deleted.
func TestShareCache(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cards")
	want := buildFixture(t)
	for i, wantStats := range []cardcache.Stats{{Misses: 6}, {Hits: 6}, {Misses: 6}} {
		if i == 2 {
			os.RemoveAll(dir)
		}
		c, err := cardcache.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		var mem output.Memory
		if res, err := RunCards(site.NewLoader(), os.DirFS(fixture), &mem, c); err != nil {
			t.Fatalf("%v\n%s", err, res.Diags)
		}
		if s := c.Stats(); s != wantStats {
			t.Errorf("build %d: %+v, want %+v", i+1, s, wantStats)
		}
		got := mem.Files()
		if len(got) != len(want) {
			t.Errorf("build %d: %d files, want %d", i+1, len(got), len(want))
		}
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				t.Errorf("build %d: %s differs from a build without the cache", i+1, name)
			}
		}
	}
}
