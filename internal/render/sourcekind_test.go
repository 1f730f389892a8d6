package render

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// sourceKindSite is a dossier whose first check cites one source of each
// kind and one of none, listed most indirect first, and whose second check
// gives a kind to a source the first leaves unclassified.
func sourceKindSite(lang string) fstest.MapFS {
	return fstest.MapFS{
		"seeds/a.txt":         {Data: []byte("Headline\n\nThe council voted 7-2 in the county hall.\n\nThe budget fell.\n")},
		"content/_index.md":   {Data: []byte("---\ntitle: Site\nlanguage: " + lang + "\n---\n")},
		"content/a/_index.md": {Data: []byte("---\nheadline: H\n---\n")},
		"content/a/vote.md": {Data: []byte("---\ntitle: The vote\nquote: \"The council voted 7-2\"\nverdict: accurate\ndate: 2026-01-01\nsources:\n" +
			"  - {title: Blog, url: \"https://e.org/blog\", kind: copy}\n" +
			"  - {title: Paper, url: \"https://e.org/paper\", kind: news}\n" +
			"  - {title: Unsorted, url: \"https://e.org/u\"}\n" +
			"  - {title: Minutes, url: \"https://e.org/minutes\", kind: primary}\n" +
			"  - {title: Column, url: \"https://e.org/column\", kind: analysis}\n" +
			"  - {title: Agency, url: \"https://e.org/agency\", kind: wire}\n" +
			"  - {title: Almanac, url: \"https://e.org/almanac\", kind: reference}\n" +
			"---\nRight.\n")},
		"content/a/budget.md": {Data: []byte("---\ntitle: The budget\nquote: \"The budget fell.\"\nverdict: accurate\ndate: 2026-01-02\nsources:\n" +
			"  - {title: Unsorted, url: \"https://e.org/u\", kind: reference}\n" +
			"---\nRight.\n")},
	}
}

// TestSourceKind: each source says in words what it is, on a note's page
// and on the dossier's sources page; a note lists primary records first,
// then wires, then the rest as written, and copies last; dossier.json
// carries the kind.
func TestSourceKind(t *testing.T) {
	tests := []struct {
		lang, primary, copy string
	}{
		{"en", "Primary source", "Copy"},
		{"fr", "Source primaire", "Copie"},
		{"ar", "مصدر أولي", "نسخة منقولة"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			s, diags := site.NewLoader().Load(sourceKindSite(tt.lang))
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			theme, diags := LoadTheme(nil, nil)
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			var mem output.Memory
			if _, err := theme.Site(s, &mem); err != nil {
				t.Fatal(err)
			}
			files := map[string]string{}
			for name, data := range mem.Files() {
				files[name] = string(data)
			}
			item := regexp.MustCompile(`<li>(?:<span class="source-kind k-([a-z]+)">([^<]*)</span> )?<a href="https://e.org/([a-z]+)"`)
			var order []string
			for _, m := range item.FindAllStringSubmatch(files["a/vote.html"], -1) {
				order = append(order, m[3]+":"+m[1])
				if m[1] == "primary" && m[2] != tt.primary || m[1] == "copy" && m[2] != tt.copy {
					t.Errorf("a/vote.html labels %s %q", m[1], m[2])
				}
			}
			if got, want := strings.Join(order, " "), "minutes:primary agency:wire paper:news u: column:analysis almanac:reference blog:copy"; got != want {
				t.Errorf("a/vote.html lists its sources as\n%s, want\n%s", got, want)
			}
			// The sources page keeps its order by title, each source with
			// the first kind a note gives it.
			order = order[:0]
			for _, m := range item.FindAllStringSubmatch(files["a/sources.html"], -1) {
				order = append(order, m[3]+":"+m[1])
			}
			if got, want := strings.Join(order, " "), "agency:wire almanac:reference blog:copy column:analysis minutes:primary paper:news u:reference"; got != want {
				t.Errorf("a/sources.html lists\n%s, want\n%s", got, want)
			}
			// What the labels mean is said once, above the list.
			if n := strings.Count(files["a/sources.html"], `<p class="hint">`); n != 1 {
				t.Errorf("a/sources.html says what the labels mean %d times, want once", n)
			}
			if js := files["dossier.json"]; !strings.Contains(js, `{"title":"Minutes","url":"https://e.org/minutes","kind":"primary"}`) || !strings.Contains(js, `{"title":"Unsorted","url":"https://e.org/u"}`) {
				t.Errorf("dossier.json lacks the kinds, or gives one to an unclassified source:\n%s", js)
			}
		})
	}
}

// TestSourceKindNone: a dossier whose sources say nothing of what they are
// has no labels, and no words on what they mean.
func TestSourceKindNone(t *testing.T) {
	s, diags := site.NewLoader().Load(retractedSite)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	theme, diags := LoadTheme(nil, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	var mem output.Memory
	if _, err := theme.Site(s, &mem); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a/sources.html", "a/vote.html"} {
		page := string(mem.Files()[name])
		if !strings.Contains(page, "https://e.org/m") || strings.Contains(page, "source-kind") || strings.Contains(page, `<p class="hint">`) {
			t.Errorf("%s lacks its source, or labels it or says what labels mean:\n%s", name, page)
		}
	}
}
