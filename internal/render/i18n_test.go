package render

import (
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/i18n"
	"github.com/dossier-org/dossier/templates"
)

// TestThemeKeys walks every template of the theme: each T "key" it writes
// has a text in en.yaml, which LoadTheme checks, and every key of en.yaml
// is in each other table of the theme, so that no language shows English.
func TestThemeKeys(t *testing.T) {
	theme, diags := LoadTheme(nil, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for lang := range map[string]bool{"fr": true} {
		if missing := theme.Catalog(lang).Missing(lang); len(missing) > 0 {
			t.Errorf("templates/i18n/%s.yaml lacks %v", lang, missing)
		}
	}
	names, _ := templatesTables()
	if len(names) < 2 {
		t.Errorf("the theme has tables %v", names)
	}
}

func templatesTables() ([]string, error) {
	var names []string
	entries, err := templates.FS.ReadDir(i18nDir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names, err
}

// TestMissingKey overrides a template with a key en.yaml lacks: the theme
// does not load, with an error at the call.
func TestMissingKey(t *testing.T) {
	_, diags := LoadTheme(fstest.MapFS{
		"404.html": {Data: []byte("{{define \"main\"}}\n<p>{{T \"base.skip\"}} {{T \"no.such.key\"}}</p>\n{{end}}")},
	}, nil)
	if len(diags) != 1 || diags[0].Path != "templates/404.html" || diags[0].Line != 2 || diags[0].Col != 26 || !strings.Contains(diags[0].Message, `"no.such.key"`) {
		t.Errorf("got %v, want one error at templates/404.html:2:26", diags)
	}
}

// TestSiteTables gives a site's tables: a bad one is reported at its line,
// a hostile text is escaped, and a site's key overrides the theme's.
func TestSiteTables(t *testing.T) {
	theme, diags := LoadTheme(nil, fstest.MapFS{
		"en.yaml":     {Data: []byte("base.skip: \"<script>alert(1)</script>\"\n")},
		"fr.yaml":     {Data: []byte("ok: fine\nbad: {une: x, other: y}\n")},
		"notes.txt":   {Data: []byte("x")},
		"de.yaml":     {Data: []byte("_digits: roman\n")},
		"sub/it.yaml": {Data: []byte("a: b\n")},
		"zz-!!.yaml":  {Data: []byte("a: b\n")},
	})
	want := map[string]int{"i18n/fr.yaml": 2, "i18n/notes.txt": 0, "i18n/de.yaml": 1, "i18n/sub": 0, "i18n/zz-!!.yaml": 0}
	if len(diags) != len(want) {
		t.Errorf("got %v", diags)
	}
	for _, d := range diags {
		if line, ok := want[d.Path]; !ok || d.Line != line {
			t.Errorf("unexpected %v", d)
		}
	}
	got, err := theme.Catalog("en").For("en").T("base.skip")
	if err != nil || got != "<script>alert(1)</script>" {
		t.Fatalf("the site's key: %q, %v", got, err)
	}
	if w := theme.CheckLanguage("xx", "content/_index.md"); len(w) != 1 {
		t.Errorf("a language without a table: %v", w)
	}
	if w := theme.CheckLanguage("fr", "content/_index.md"); len(w) != 0 {
		t.Errorf("French: %v", w)
	}
	v := &SiteView{Language: "en", theme: theme}
	page, err := theme.page("404", &Page{Kind: "404", Site: v, Language: i18n.Fallback})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(page), "<script>alert") || !strings.Contains(string(page), "&lt;script&gt;alert(1)") {
		t.Errorf("the site's text is not escaped:\n%s", page)
	}
}

// TestLanguagesApart renders one page in English, French and English
// again from one theme: each language's set of templates has its own
// words, written into it once (resolveKeys), and none leaks into another's.
func TestLanguagesApart(t *testing.T) {
	theme, diags := LoadTheme(nil, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, tc := range []struct{ lang, want, not string }{
		{"en", "Skip to content", "Aller au contenu"},
		{"fr", "Aller au contenu", "Skip to content"},
		{"en", "Skip to content", "Aller au contenu"},
		{"fr-CA", "Aller au contenu", "Skip to content"},
	} {
		v := &SiteView{Language: "en", theme: theme}
		page, err := theme.page("404", &Page{Kind: "404", Site: v, Language: tc.lang})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(page), tc.want) || strings.Contains(string(page), tc.not) {
			t.Errorf("%s: lacks %q or has %q", tc.lang, tc.want, tc.not)
		}
	}
}

func TestRefDigits(t *testing.T) {
	persian := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '۰' + r - '0'
			}
			return r
		}, s)
	}
	latin := func(s string) string { return s }
	ref := func(n string) string {
		return `<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">` + n + `</a></sup>`
	}
	for _, tc := range []struct {
		name, in, want string
		digits         func(string) string
	}{
		{"latin digits leave it", "a 12" + ref("12"), "a 12" + ref("12"), latin},
		{"only the references' numbers", "in 2025" + ref("1") + " and" + ref("23"), "in 2025" + ref("۱") + " and" + ref("۲۳"), persian},
		{"no reference", "<p>2025</p>", "<p>2025</p>", persian},
		{"a reference at the end", `x role="doc-noteref">`, `x role="doc-noteref">`, persian},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(refDigits(template.HTML(tc.in), tc.digits)); got != tc.want {
				t.Errorf("refDigits(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
