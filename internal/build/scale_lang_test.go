package build

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

// TestRatingLabelsPerLanguage checks that every dossier's pages, exports
// and feed give the default scale's labels in the dossier's language, not
// the site's: the French dossier of an English site says "Exact", the
// English one "Accurate", on its pages, in its chart, its ClaimReview, the
// search index and its language's feed. A site-wide page is in the site's
// language, its labels too.
func TestRatingLabelsPerLanguage(t *testing.T) {
	files := buildTree(t, multilingualCopy(t))
	for _, c := range []struct {
		file      string
		want, not []string
	}{
		{"pont/cout.html", []string{`<span class="vb-mark">Exact</span>`, `"alternateName":"Exact"`}, []string{">Accurate<", `"alternateName":"Accurate"`}},
		{"pont/index.html", []string{`<th scope="row">Exact</th>`}, []string{">Accurate<"}},
		{"pont/claims.html", []string{">Exact<"}, []string{">Accurate<"}},
		{"bridge/cost.html", []string{`<span class="vb-mark">Accurate</span>`, `"alternateName":"Accurate"`}, []string{">Exact<"}},
		{"bridge/index.html", []string{`<th scope="row">Accurate</th>`}, []string{">Exact<"}},
		{"feed.fr.xml", []string{"Exact"}, []string{"Accurate"}},
		{"feed.xml", []string{"Accurate"}, []string{"Exact"}},
		{"assets/search/e0.js", []string{`"Exact"`, `"Accurate"`}, nil},
		{"claimreview.json", []string{`"alternateName": "Exact"`, `"alternateName": "Accurate"`}, nil},
		// The home page is in English, its labels too.
		{"index.html", []string{`<span class="badge v-accurate">Accurate</span>`}, []string{">Exact<"}},
	} {
		got := string(files[c.file])
		if got == "" {
			t.Errorf("%s was not built", c.file)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(compactJSON(got), compactJSON(w)) {
				t.Errorf("%s: no %s", c.file, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(got, n) {
				t.Errorf("%s has %s", c.file, n)
			}
		}
	}
}

// compactJSON drops the spaces after JSON's colons, so that a test need not
// know how an export is indented.
func compactJSON(s string) string { return strings.ReplaceAll(s, `": `, `":`) }

// TestOwnScaleInEveryLanguage checks that a site's own scale keeps its own
// words on the pages of a dossier in another language.
func TestOwnScaleInEveryLanguage(t *testing.T) {
	fsys := multilingualCopy(t)
	fsys["content/_index.md"] = &fstest.MapFile{Data: bytes.Replace(fsys["content/_index.md"].Data, []byte("language: en\n"),
		[]byte("language: en\nratings:\n  - {key: accurate, label: \"Spot on\", meaning: \"Right.\"}\n  - {key: wrong, label: Wrong}\n"), 1)}
	files := buildTree(t, fsys)
	for _, name := range []string{"pont/cout.html", "bridge/cost.html"} {
		if got := string(files[name]); !strings.Contains(got, `<span class="vb-mark">Spot on</span>`) {
			t.Errorf("%s: the site's own label is not kept", name)
		}
	}
}
