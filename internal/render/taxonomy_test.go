package render

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

func TestTermSlug(t *testing.T) {
	for _, tc := range []struct{ key, want string }{
		{"nuclear talks", "nuclear-talks"},
		{"irán", "iran"},
		{"straße", "strasse"},
		{"łódź œuvre", "lodz-oeuvre"},
		{"cafe\u0301", "cafe"}, // a combining accent
		{"ελλάδα", "ελλάδα"},
		{"北京", "北京"},
		{"../../etc/passwd", "etc-passwd"},
		{"<script>alert(1)</script>", "script-alert-1-script"},
		{"  --  ", "term"},
		{"a\x00b\u202ec", "a-b-c"},
		{strings.Repeat("x", 300), strings.Repeat("x", maxSlug-1)},
	} {
		if got := termSlug(tc.key); got != tc.want {
			t.Errorf("termSlug(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
}

// TestTermFilesNeverCollide checks that terms that make the same file name
// get files of their own, deterministically, and that the plain name goes
// to the term that is written as it.
func TestTermFilesNeverCollide(t *testing.T) {
	names := []string{"Café", "cafe", "CAFE", "cafe\u0301", "Index", "index!", "Iran", "Irán", "iran", "IRAN "}
	var files []string
	for range 2 {
		tax := newTaxonomy(tagsDir)
		for _, i := range []int{3, 0, 9, 5, 1, 7, 2, 4, 6, 8} { // any order
			tax.term(names[i])
		}
		tax.name()
		got := map[string]string{}
		seen := map[string]bool{"index.html": true}
		for _, term := range tax.Terms {
			if seen[term.File] {
				t.Errorf("%q shares the file %s", term.Name, term.File)
			}
			seen[term.File] = true
			got[term.Key] = term.File
		}
		if len(tax.Terms) != 7 { // café, cafe, cafe+accent, index, index!, iran, irán: case merges
			t.Errorf("%d terms, want 7: %v", len(tax.Terms), got)
		}
		if got["cafe"] != "cafe.html" || got["iran"] != "iran.html" {
			t.Errorf("the plain names went elsewhere: %v", got)
		}
		if !strings.HasPrefix(got["index"], "index-") || !strings.HasPrefix(got["index!"], "index-") {
			t.Errorf("a term took the taxonomy's index: %v", got)
		}
		if p := tax.Path("  IRÁN "); p != "tags/"+got["irán"] || p == "tags/iran.html" {
			t.Errorf("Path(IRÁN) = %q", p)
		}
		files = append(files, strings.Join(slices.Sorted(maps.Values(got)), " "))
	}
	if files[0] != files[1] {
		t.Errorf("two namings differ:\n%s\n%s", files[0], files[1])
	}
}

// TestTaxonomyPages builds a site whose tags and claimants are hostile and
// collide, and checks the pages: every term has one, listed in Files, every
// note links its terms' pages, a withdrawn note is on none and links none,
// and every string is escaped.
func TestTaxonomyPages(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":   {Data: []byte("---\ntitle: Site\nbaseURL: https://example.org/\n---\n")},
		"seeds/a.txt":         {Data: []byte("Headline\n\nOne two three four.\n")},
		"content/a/_index.md": {Data: []byte("---\nheadline: A\n---\n")},
		"content/a/one.md": {Data: []byte("---\ntitle: One\nquote: One\nverdict: accurate\nclaimant: \"<img src=x onerror=alert(1)>\"\ntags: [Café, \"../x\", \"<b>bold</b>\"]\ndate: 2026-01-01\n" +
			"sources:\n  - {title: S, url: \"https://e.org/\"}\n---\nBody.\n")},
		"content/a/two.md": {Data: []byte("---\ntitle: Two\nquote: two\nverdict: inaccurate\nclaimant: \"The Mayor\"\ntags: [cafe, index]\ndate: 2026-01-02\n" +
			"sources:\n  - {title: S, url: \"https://e.org/\"}\n---\nBody.\n")},
		"content/a/three.md": {Data: []byte("---\nkind: remark\ntitle: Three\nquote: three\ntags: [CAFE]\ndate: 2026-01-03\n---\nA remark.\n")},
		"content/a/four.md": {Data: []byte("---\ntitle: Four\nquote: four\nverdict: accurate\nclaimant: \"Gone\"\ntags: [withdrawn-only]\ndate: 2026-01-04\n" +
			"retracted: {date: 2026-02-01, reason: Wrong.}\nsources:\n  - {title: S, url: \"https://e.org/\"}\n---\nBody.\n")},
	}
	s, diags := site.NewLoader().Load(fsys)
	if diags.HasErrors() {
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
	files := mem.Files()
	if got, want := slices.Sorted(maps.Keys(files)), slices.Sorted(slices.Values(Files(s, theme))); !slices.Equal(got, want) {
		t.Errorf("written %v\nFiles   %v", got, want)
	}
	var terms []string
	for name := range files {
		if strings.HasPrefix(name, "tags/") || strings.HasPrefix(name, "claimants/") {
			terms = append(terms, name)
		}
	}
	slices.Sort(terms)
	want := []string{"claimants/img-src-x-onerror-alert-1.html", "claimants/index.html", "claimants/the-mayor.html",
		"tags/b-bold-b.html", "tags/cafe-", "tags/cafe.html", "tags/index-", "tags/index.html", "tags/x.html"}
	if len(terms) != len(want) {
		t.Fatalf("term pages %v, want %v", terms, want)
	}
	for i := range want {
		if !strings.HasPrefix(terms[i], want[i]) {
			t.Errorf("term pages %v, want %v", terms, want)
			break
		}
	}
	cafe := string(files["tags/cafe.html"])
	for _, want := range []string{`href="../a/two.html"`, `href="../a/three.html"`, `Tagged “<bdi>cafe</bdi>”`} {
		if !strings.Contains(cafe, want) {
			t.Errorf("tags/cafe.html lacks %s", want)
		}
	}
	if strings.Contains(cafe, "one.html") || strings.Contains(cafe, "four.html") {
		t.Errorf("tags/cafe.html lists Café's note or a withdrawn note")
	}
	one := string(files["a/one.html"])
	for _, want := range []string{`<a href="../claimants/img-src-x-onerror-alert-1.html" dir="auto">&lt;img src=x onerror=alert(1)&gt;</a>`, `<a href="../tags/x.html" rel="tag" dir="auto">../x</a>`, `<a href="../tags/b-bold-b.html" rel="tag" dir="auto">&lt;b&gt;bold&lt;/b&gt;</a>`} {
		if !strings.Contains(one, want) {
			t.Errorf("a/one.html lacks %s", want)
		}
	}
	for name, data := range files {
		if strings.Contains(string(data), "<img src=x") || strings.Contains(string(data), "<b>bold") {
			t.Errorf("%s holds an unescaped term", name)
		}
	}
	if strings.Contains(string(files["a/four.html"]), "tags/") || strings.Contains(string(files["a/four.html"]), "claimants/") {
		t.Errorf("a withdrawn note links a term page")
	}
	if sitemap := string(files["sitemap.xml"]); !strings.Contains(sitemap, "https://example.org/tags/cafe.html") || !strings.Contains(sitemap, "https://example.org/claimants/") {
		t.Errorf("the sitemap lacks the term pages:\n%s", sitemap)
	}
}

func TestTermKey(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"iran", "iran"},
		{"nuclear talks", "nuclear talks"},
		{"nuclear  talks", "nuclear talks"},
		{" Iran\t", "iran"},
		{"Example Daily", "example daily"},
		{"ÉCOLE", "école"},
		{"", ""},
		{"   ", ""},
	} {
		if got := termKey(tc.name); got != tc.want {
			t.Errorf("termKey(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestTermUsesKept renders a site again and again with a reusing Renderer,
// as the dev server does, changing one dossier's tags and claimants and
// removing another: the taxonomies made from the uses it keeps are those
// made afresh.
func TestTermUsesKept(t *testing.T) {
	theme, diags := LoadTheme(nil, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	fsys := orderSite()
	note := func(slug, name, extra string) {
		fsys["content/"+slug+"/"+name+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: T\nquote: \"" + name + "\"\nverdict: accurate\n" + extra +
			"sources:\n  - {title: S, url: \"https://e.org/\"}\n---\nBody.\n")}
	}
	note("alpha", "two", "tags: [Iran, nuclear]\nclaimant: A Minister\n")
	note("beta", "three", "tags: [iran, Budget]\n")
	note("gamma", "six", "tags: [Iran]\nclaimant: a minister\n")
	l := site.NewLoader()
	l.Incremental()
	r := &Renderer{Theme: theme, Reuse: true}
	// Each step changes the files it returns; the loader is told of them
	// alone, so that the other dossiers stay the same values.
	steps := []func() []string{
		func() []string { return nil },
		func() []string {
			note("beta", "three", "tags: [Budget, Iran ]\nclaimant: Someone\n")
			return []string{"content/beta/three.md"}
		},
		func() []string {
			note("alpha", "two", "tags: [budget]\n")
			return []string{"content/alpha/two.md"}
		},
		func() []string {
			for name := range fsys {
				if strings.HasPrefix(name, "content/gamma/") || name == "seeds/gamma.txt" {
					delete(fsys, name)
				}
			}
			return []string{"content/gamma", "seeds/gamma.txt"}
		},
	}
	var before *site.Site
	for i, step := range steps {
		for _, p := range step() {
			l.Invalidate(p)
		}
		s, diags := l.Load(fsys)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		delta := func(s *site.Site) *site.Dossier {
			i := slices.IndexFunc(s.Dossiers, func(d *site.Dossier) bool { return d.Slug == "delta" })
			return s.Dossiers[i]
		}
		if before != nil && delta(s) != delta(before) {
			t.Fatalf("step %d: an unchanged dossier was loaded again", i)
		}
		before = s
		if _, err := r.Site(s, newPageStore()); err != nil {
			t.Fatal(err)
		}
		keptTags, keptClaimants := taxonomies(s, r.terms)
		tags, claimants := taxonomies(s, nil)
		for _, c := range []struct{ kept, fresh *TaxonomyView }{{keptTags, tags}, {keptClaimants, claimants}} {
			if got, want := describeTerms(c.kept), describeTerms(c.fresh); got != want {
				t.Errorf("step %d, %s:\n kept  %s\n fresh %s", i, c.fresh.Name, got, want)
			}
		}
	}
}

// describeTerms writes each term of t with its file and where its notes are.
func describeTerms(t *TaxonomyView) string {
	var b strings.Builder
	for _, term := range t.Terms {
		fmt.Fprintf(&b, "%s=%s%v ", term.Name, term.File, term.at)
	}
	return b.String()
}
