package render

import (
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
			tax.add(names[i], notePos{})
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
