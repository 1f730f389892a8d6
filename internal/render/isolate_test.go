package render

import (
	"regexp"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// TestNamesInSentencesAreIsolated checks that a name or a title written
// inside a translated sentence (a note's byline, the article's author,
// a check's dossier on the home page and the term pages, a term's heading,
// the previous and next checks) is isolated in a <bdi> element, escaped
// once, however hostile: markup, quotes, an ampersand, a bidi override. In
// an attribute (a mark's title) it is text, with no element.
// shownSnippet matches where a page shows the embed snippet as text.
var shownSnippet = regexp.MustCompile(`(?s)data-copy-text="[^"]*"|<textarea[^>]*>.*?</textarea>`)

func TestNamesInSentencesAreIsolated(t *testing.T) {
	names := []string{`<script>alert(1)</script>`, `Ann "Q" O'Hara`, `Tom & Jerry &amp;`, "\u202eevil", `مريم العلي`}
	theme, diags := LoadTheme(nil, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, h := range names {
		s := loadFixture(t, site.NewLoader())
		for _, d := range s.Dossiers {
			if d.Meta != nil {
				d.Meta.Author, d.Meta.Headline = h, h+" headline"
			}
			for _, n := range d.Notes {
				n.Author, n.Title, n.Tags = h, h+" title", []string{h}
			}
		}
		mem := &output.Memory{}
		if _, err := theme.Site(s, mem); err != nil {
			t.Fatal(err)
		}
		all := ""
		for name, data := range mem.Files() {
			if strings.HasSuffix(name, ".html") {
				all += checkJSONLD(t, name, string(data))
			}
		}
		for _, want := range []string{
			"By <bdi>" + esc(h) + "</bdi>.",         // a note's byline
			"by <bdi>" + esc(h) + "</bdi>",          // the article's author
			"in <bdi>" + esc(h) + " headline</bdi>", // home and term pages
			"Tagged “<bdi>" + esc(h) + "</bdi>”",    // a tag's page
			": <bdi>" + esc(h) + " title</bdi></a>", // previous and next checks
			": " + esc(h) + ` title">`,              // a mark's title: text, no element
		} {
			if !strings.Contains(all, want) {
				t.Errorf("no page has %s", want)
			}
		}
		// The embed snippet is HTML shown as text (in its <textarea> and
		// its copy button's attribute), so the title inside it is rightly
		// escaped twice there; nowhere else.
		all = shownSnippet.ReplaceAllString(all, "")
		if e := esc(h); e != esc(e) && strings.Contains(all, esc(e)) {
			t.Errorf("%q is escaped twice: %s", h, esc(e))
		}
		for _, bad := range []string{"<script>alert", `"Q"`, "&lt;bdi", `title="<bdi`, `<bdi>` + esc(h) + ` title</bdi>">`} {
			if strings.Contains(all, bad) {
				t.Errorf("%q: a page holds %s", h, bad)
			}
		}
	}
}
