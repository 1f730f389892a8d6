package render

import (
	"maps"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// TestPermalinkNeedsBaseURL checks that the pages of checks, remarks and
// withdrawn notes show their permalink, the absolute address, only when
// the site has a baseURL: without one there is no permanent address to
// show, only the page's own relative file name.
func TestPermalinkNeedsBaseURL(t *testing.T) {
	withdrawn := fstest.MapFile{Data: []byte("---\ntitle: Old\nquote: \"in the county hall\"\nverdict: accurate\ndate: 2026-01-01\n" +
		"retracted: {date: 2026-02-01, reason: \"Wrong passage.\"}\nsources:\n  - {title: Minutes, url: \"https://e.org/m\"}\n---\nOld.\n")}
	for _, baseURL := range []string{"https://example.org/", ""} {
		fsys := maps.Clone(remarkSite)
		fsys["content/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Site\nbaseURL: \"" + baseURL + "\"\n---\n")}
		fsys["content/a/old.md"] = &withdrawn
		s, diags := site.NewLoader().Load(fsys)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		theme, diags := LoadTheme(nil)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		var mem output.Memory
		if _, err := theme.Site(s, &mem); err != nil {
			t.Fatal(err)
		}
		files := mem.Files()
		for _, page := range []string{"a/vote.html", "a/typo.html", "a/old.html"} {
			html := string(files[page])
			if html == "" {
				t.Fatalf("no page %s", page)
			}
			has := strings.Contains(html, "Permalink")
			switch {
			case baseURL != "" && !strings.Contains(html, `rel="bookmark" dir="ltr">`+baseURL+page+`</a>`):
				t.Errorf("%s with baseURL %q: no absolute permalink", page, baseURL)
			case baseURL == "" && has:
				t.Errorf("%s without a baseURL shows a permalink", page)
			}
		}
	}
}
