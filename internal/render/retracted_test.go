package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// retractedSite is a dossier with two checks, one of them withdrawn with a
// hostile reason, and a withdrawn remark.
var retractedSite = fstest.MapFS{
	"seeds/a.txt":         {Data: []byte("Headline\n\nThe council voted 7-2 in the county hall.\n\nThe budget fell.\n")},
	"content/_index.md":   {Data: []byte("---\ntitle: Site\nbaseURL: https://example.org/\n---\n")},
	"content/a/_index.md": {Data: []byte("---\nheadline: H\n---\n")},
	"content/a/vote.md": {Data: []byte("---\ntitle: The vote\nquote: \"The council voted 7-2\"\nverdict: accurate\ndate: 2026-01-01\n" +
		"sources:\n  - {title: Minutes, url: \"https://e.org/m\"}\n---\nRight.\n")},
	"content/a/budget.md": {Data: []byte("---\ntitle: The budget cut\nquote: \"The budget fell.\"\nverdict: inaccurate\ndate: 2026-01-02\n" +
		"retracted: {date: 2026-02-01, reason: \"The figures we relied on were forged <script>alert(1)</script> & withdrawn.\"}\n" +
		"sources:\n  - {title: Ledger, url: \"https://e.org/l\"}\n---\nWrong, we said.\n")},
	"content/a/hall.md": {Data: []byte("---\nkind: remark\ntitle: The hall\nquote: county hall\ndate: 2026-01-03\n" +
		"retracted: {date: 2026-02-02, reason: It was the county hall after all.}\n---\nA slip.\n")},
}

// TestRetracted: a withdrawn note keeps its page, which says when and why,
// and is left out of everything that counts, rates, finds or marks.
func TestRetracted(t *testing.T) {
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
	files := map[string]string{}
	for name, data := range mem.Files() {
		files[name] = string(data)
	}
	dv := newDossierView(s.Scale, s.Dossiers[0], annotated)
	if len(dv.Notes) != 1 || len(dv.Remarks) != 0 || len(dv.Retracted) != 2 || len(dv.Counts) != 1 || dv.Counts[0].Rating.Key != "accurate" {
		t.Errorf("%d checks, %d remarks, %d withdrawn, counts %+v; want 1, 0, 2 and one accurate", len(dv.Notes), len(dv.Remarks), len(dv.Retracted), dv.Counts)
	}
	if dv.Notes[0].Next != nil || dv.Notes[0].Prev != nil {
		t.Errorf("the check leads to a withdrawn note")
	}
	page := files["a/budget.html"]
	for _, want := range []string{
		`This note was withdrawn on <time datetime="2026-02-01" dir="auto">February 1, 2026</time>`,
		`The figures we relied on were forged &lt;script&gt;alert(1)&lt;/script&gt; &amp; withdrawn.`,
		`its verdict, Inaccurate, no longer stands`,
		`Wrong, we said.`,
		`<link rel="canonical" href="https://example.org/a/budget.html">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("a/budget.html lacks %s:\n%s", want, page)
		}
	}
	if strings.Contains(page, "ClaimReview") || strings.Contains(page, "<script>alert") {
		t.Errorf("a/budget.html has a ClaimReview or the raw reason:\n%s", page)
	}
	if !strings.Contains(files["a/hall.html"], "An editor’s remark, withdrawn.") {
		t.Errorf("a/hall.html:\n%s", files["a/hall.html"])
	}
	files["search"] = searchBundle(files) // the search index's files, as one
	for _, name := range []string{"a/index.html", "index.html", "feed.xml", "dossier.json", "search"} {
		if strings.Contains(files[name], "budget.html") || strings.Contains(files[name], "The budget cut") || strings.Contains(files[name], "hall.html") || strings.Contains(files[name], "The hall") {
			t.Errorf("%s shows a withdrawn note:\n%s", name, files[name])
		}
	}
	if src := files["a/sources.html"]; strings.Contains(src, "Ledger") || !strings.Contains(src, "Minutes") {
		t.Errorf("a/sources.html lists the withdrawn check's source, or lacks the standing one's:\n%s", src)
	}
	if !strings.Contains(page, `<a href="https://e.org/l" dir="auto">Ledger</a>`) {
		t.Errorf("a/budget.html lacks its own source")
	}
	if !strings.Contains(files["a/index.html"], "The vote") {
		t.Errorf("a/index.html lacks the standing check")
	}
	claims := files["a/claims.html"]
	if !strings.Contains(claims, `<h2 id="withdrawn">Withdrawn notes</h2>`) || strings.Contains(claims, `<tr class="v-inaccurate">`) || strings.Contains(claims, "Inaccurate (") {
		t.Errorf("a/claims.html counts or lists the withdrawn check as standing:\n%s", claims)
	}
	if !strings.Contains(files["corrections.html"], `<a href="a/budget.html" dir="auto">The budget cut</a> (<bdi>H</bdi>). Withdrawn: The figures`) {
		t.Errorf("corrections.html lacks the withdrawal:\n%s", files["corrections.html"])
	}
	if !strings.Contains(files["sitemap.xml"], "https://example.org/a/budget.html") {
		t.Errorf("the sitemap lost the withdrawn page's address")
	}
}
