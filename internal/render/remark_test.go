package render

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// remarkSite is a dossier with one check and two remarks: one on the page's
// footer, one on a word inside the checked passage.
var remarkSite = fstest.MapFS{
	"seeds/a.txt":         {Data: []byte("© Example News\n\nThe council voted 7-2 in the county hall.\n")},
	"content/_index.md":   {Data: []byte("---\ntitle: Site\nbaseURL: https://example.org/\n---\n")},
	"content/a/_index.md": {Data: []byte("---\nheadline: H\n---\n")},
	"content/a/vote.md": {Data: []byte("---\ntitle: The vote\nquote: \"The council voted 7-2 in the county hall.\"\nverdict: accurate\ndate: 2026-01-01\n" +
		"sources:\n  - {title: Minutes, url: \"https://e.org/m\"}\n---\nRight.\n")},
	"content/a/typo.md":   {Data: []byte("---\nkind: remark\ntitle: \"A typo & more\"\nquote: county\ndate: 2026-01-02\n---\nThe article means the city hall.\n")},
	"content/a/footer.md": {Data: []byte("---\nkind: remark\ntitle: The footer\nquote: \"© Example News\"\ndate: 2026-01-03\n---\nPage furniture.\n")},
	"seeds/b.txt":         {Data: []byte("Headline\n")},
	"content/b/_index.md": {Data: []byte("---\nheadline: B\n---\n")},
	"content/b/evil.md":   {Data: []byte("---\nkind: remark\ntitle: \"x\\\" onmouseover=alert(1) <script>alert(2)</script>\"\nquote: Headline\n---\n")},
}

func renderRemarkSite(t *testing.T) (*site.Site, map[string]string) {
	t.Helper()
	s, diags := site.NewLoader().Load(remarkSite)
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
	return s, files
}

// TestRemarkIsNotCounted checks that a remark stays out of everything that
// counts or rates: the counts, the summary, the chart, the claim table and
// its filter, the home page, ClaimReview, the feed and dossier.json's notes.
func TestRemarkIsNotCounted(t *testing.T) {
	s, files := renderRemarkSite(t)
	dv := newDossierView(s.Scale, s.Dossiers[0], annotated)
	if s.Dossiers[0].Slug != "a" {
		t.Fatalf("dossier %s", s.Dossiers[0].Slug)
	}
	if len(dv.Notes) != 1 || len(dv.Remarks) != 2 || len(dv.Counts) != 1 || dv.Counts[0].Count != 1 {
		t.Errorf("%d checks, %d remarks, counts %+v; want 1, 2 and one accurate", len(dv.Notes), len(dv.Remarks), dv.Counts)
	}
	if !strings.Contains(files["a/index.html"], "<p>1 claim checked: 1 Accurate. <a") {
		t.Errorf("the summary counts remarks:\n%s", files["a/index.html"])
	}
	if n := strings.Count(files["a/index.html"], `<svg class="chart-bar"`); n != 1 {
		t.Errorf("the chart has %d bars, want 1", n)
	}
	for _, r := range dv.Remarks {
		if !r.IsRemark() || r.Rating.Key != "" || r.Prev == dv.Notes[0] || r.Next == dv.Notes[0] {
			t.Errorf("remark %s: %+v", r.Name, r)
		}
	}
	if dv.Remarks[0].Name != "footer" || dv.Remarks[0].N != 1 || dv.Remarks[1].N != 2 || dv.Notes[0].N != 1 {
		t.Errorf("numbering: checks %d, remarks %s %d, %d", dv.Notes[0].N, dv.Remarks[0].Name, dv.Remarks[0].N, dv.Remarks[1].N)
	}

	claims := files["a/claims.html"]
	if n := strings.Count(claims, "<tr class="); n != 1 || strings.Contains(claims, "#only-remark") {
		t.Errorf("the claim table has %d rows, want 1:\n%s", n, claims)
	}
	if !strings.Contains(claims, `<a href="typo.html" dir="auto">A typo &amp; more</a>`) {
		t.Error("the claim index does not list the remark apart")
	}
	if home := files["index.html"]; !strings.Contains(home, "1 checked claim<") {
		t.Errorf("the home page counts remarks:\n%s", home)
	}
	for _, page := range []string{"a/typo.html", "a/footer.html"} {
		if strings.Contains(files[page], "ld+json") || strings.Contains(files[page], "ClaimReview") {
			t.Errorf("%s has structured data", page)
		}
	}
	if !strings.Contains(files["a/vote.html"], `"@type":"ClaimReview"`) {
		t.Error("the check lost its ClaimReview")
	}
	if feed := files["feed.xml"]; strings.Contains(feed, "typo.html") || !strings.Contains(feed, "vote.html") {
		t.Errorf("feed:\n%s", feed)
	}

	var export struct {
		Dossiers []struct {
			Notes   []map[string]any `json:"notes"`
			Remarks []map[string]any `json:"remarks"`
		} `json:"dossiers"`
	}
	if err := json.Unmarshal([]byte(files["dossier.json"]), &export); err != nil {
		t.Fatal(err)
	}
	d := export.Dossiers[0]
	if len(d.Notes) != 1 || len(d.Remarks) != 2 || d.Remarks[1]["id"] != "typo" || d.Remarks[1]["verdict"] != nil {
		t.Errorf("dossier.json: notes %v, remarks %v", d.Notes, d.Remarks)
	}
	if idx := searchBundle(files); !strings.Contains(idx, `"u":"a/typo.html","t":"A typo \u0026 more","r":true,"q":"county"`) {
		t.Errorf("search index:\n%s", idx)
	}
	if sm := files["sitemap.xml"]; !strings.Contains(sm, "https://example.org/a/typo.html") {
		t.Errorf("sitemap lacks the remark's page:\n%s", sm)
	}
}

// TestRemarkMarks checks the article and the remark's own page: the mark is
// neutral (no verdict class, no number), described by its sidenote, and the
// page says what it is without a verdict.
func TestRemarkMarks(t *testing.T) {
	_, files := renderRemarkSite(t)
	article := files["a/index.html"]
	for _, want := range []string{
		`<mark class="hl remark"><a href="footer.html" title="The footer" aria-describedby="r1">© Example News</a></mark>`,
		// Nested in the check: the innermost note is the remark.
		`<mark class="hl remark multi"><a href="typo.html" title="A typo &amp; more" aria-describedby="r2">county</a></mark>`,
		`<li id="r1" class="remark"><a href="footer.html"><span class="badge remark">Editor’s remark</span> The footer</a></li>`,
		`<li id="r2" class="remark"><a href="typo.html"><span class="badge remark">Editor’s remark</span> A typo &amp; more</a></li>`,
		`<li id="n1" value="1">`,
	} {
		if !strings.Contains(article, want) {
			t.Errorf("the article lacks %s", want)
		}
	}
	if n := strings.Count(article, `<sup class="ref">`); n != 1 {
		t.Errorf("%d numbered references, want the check's alone", n)
	}
	if strings.Contains(article, "v-remark") || strings.Contains(article, `class="hl v-"`) {
		t.Error("a remark got a verdict's class")
	}
	// A hostile title stays text in the mark's attribute, the sidenote and
	// the page.
	files["search"] = searchBundle(files)
	for _, p := range []string{"b/index.html", "b/evil.html", "b/claims.html", "search"} {
		if strings.Contains(files[p], "<script>alert") || strings.Contains(files[p], `x" onmouseover`) {
			t.Errorf("%s lets the remark's title out of its text", p)
		}
	}
	if !strings.Contains(files["b/index.html"], `title="x&#34; onmouseover=alert(1) &lt;script&gt;alert(2)&lt;/script&gt;" aria-describedby="r1"`) {
		t.Errorf("the hostile title's mark:\n%s", files["b/index.html"])
	}
	page, ok := files["a/typo.html"]
	if !ok {
		t.Fatal("the remark has no page")
	}
	for _, want := range []string{`<body class="page-remark">`, `<div class="verdict-box remark">`, `<span class="vb-mark">Editor’s remark</span>`,
		`<h1>A typo &amp; more</h1>`, `<mark class="hl remark">county</mark>`, `<p>The article means the city hall.</p>`,
		`<a href="index.html#r2">Editor’s remark 2 of 2</a>`, `<a rel="prev" href="footer.html">`} {
		if !strings.Contains(page, want) {
			t.Errorf("the remark's page lacks %s", want)
		}
	}
	if strings.Contains(page, `class="badge v-`) || strings.Contains(page, "vote.html") {
		t.Error("the remark's page shows a verdict or leads to a check")
	}
}
