package i18n

import (
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"
	"text/template/parse"

	"golang.org/x/text/feature/plural"

	"github.com/dossier-org/dossier/templates"
)

// themeTables parses every table the theme ships, by language.
func themeTables(t *testing.T) map[string]*Table {
	t.Helper()
	names, err := fs.Glob(templates.FS, "i18n/*.yaml")
	if err != nil || len(names) < 2 {
		t.Fatalf("the theme's tables: %v %v", names, err)
	}
	tables := map[string]*Table{}
	for _, name := range names {
		data, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		tb, diags := ParseTable(name, data)
		if len(diags) > 0 {
			t.Errorf("%s", diags)
			continue
		}
		if msg := CheckDigits(tb); msg != nil {
			t.Errorf("%s: %v", name, msg)
		}
		tables[tb.Lang] = tb
	}
	return tables
}

// fields lists the fields of the data that the texts of m write or test.
func fields(m *Message) map[string]bool {
	out := map[string]bool{}
	for _, f := range m.forms {
		if f != nil && f.tmpl != nil {
			visit(f.tmpl.Tree.Root, func(n parse.Node) {
				if n, ok := n.(*parse.FieldNode); ok {
					out[n.Ident[0]] = true
				}
			})
		}
	}
	return out
}

// dateFields are the data of the date keys: each table may write any of
// them, whichever English writes.
var dateFields = map[string]bool{"Day": true, "Month": true, "Year": true, "MM": true, "DD": true}

// TestThemeTables checks every table the theme ships against English, the
// reference: it parses, it has exactly English's keys (a missing key is
// shown in English, an unknown one is a typo), each text writes only
// fields that the English text of its key is given, and a plural text has
// a form for every category its language's rules choose.
func TestThemeTables(t *testing.T) {
	tables := themeTables(t)
	en := tables[Fallback]
	if en == nil {
		t.Fatal("the theme has no en.yaml")
	}
	// Counts from 0 to 1000, and some large ones, reach every category
	// the rules of these languages give whole numbers.
	counts := []int{1000000, 1000001, 2000000, 10000000}
	for n := range 1001 {
		counts = append(counts, n)
	}
	for _, lang := range slices.Sorted(maps.Keys(tables)) {
		tb := tables[lang]
		t.Run(lang, func(t *testing.T) {
			for key := range en.Messages {
				if tb.Messages[key] == nil {
					t.Errorf("%s lacks %q", tb.Path, key)
				}
			}
			for key, m := range tb.Messages {
				ref := en.Messages[key]
				if key == DigitsKey {
					continue
				}
				if ref == nil {
					t.Errorf("%s:%d: %q is not a key of en.yaml", tb.Path, m.Line, key)
					continue
				}
				given := fields(ref)
				if strings.HasPrefix(key, "date.") {
					given = dateFields
				}
				data := map[string]any{}
				for f := range fields(m) {
					if !given[f] {
						t.Errorf("%s:%d: %q writes .%s, which its data does not have (en.yaml's text writes %v)", tb.Path, m.Line, key, f, slices.Sorted(maps.Keys(given)))
					}
				}
				for f := range given {
					data[f] = "1"
				}
				for i, f := range m.forms {
					if f == nil || f.tmpl == nil {
						continue
					}
					var b strings.Builder
					if err := f.write(&b, data); err != nil {
						t.Errorf("%s:%d: %q (%s): %v", tb.Path, m.Line, key, Categories[i], err)
					}
				}
				if !ref.plural {
					continue
				}
				if !m.plural {
					t.Errorf("%s:%d: %q is a plural text in en.yaml: give its forms (one: ..., other: ...)", tb.Path, m.Line, key)
					continue
				}
				missing := map[string]bool{}
				for _, n := range counts {
					if c := plural.Cardinal.MatchPlural(tb.tag, n, 0, 0, 0, 0); m.forms[c] == nil {
						missing[Categories[c]] = true
					}
				}
				if len(missing) > 0 {
					t.Errorf("%s:%d: %q lacks the plural forms %v, which %s's rules choose", tb.Path, m.Line, key, slices.Sorted(maps.Keys(missing)), lang)
				}
			}
		})
	}
}

// TestThemeTypography checks each shipped table's texts against its
// language's punctuation: French puts a narrow no-break space (U+202F)
// before : ; ! ? and inside « »; German quotes „…“; Spanish and
// Portuguese “…”; none uses straight quotation marks.
func TestThemeTypography(t *testing.T) {
	bad := map[string][]string{
		"fr": {" :", " ;", " !", " ?", "« ", " »", "\u00a0:", "“", "\""},
		"de": {"”", "«", "\""},
		"es": {"„", "«", "\""},
		"pt": {"„", "«", "\""},
	}
	tables := themeTables(t)
	for lang, marks := range bad {
		tb := tables[lang]
		if tb == nil {
			t.Errorf("the theme has no %s.yaml", lang)
			continue
		}
		for key, m := range tb.Messages {
			for _, f := range m.forms {
				if f == nil {
					continue
				}
				// A template's own quotes ({{ if eq .Day "1" }}) are not text.
				text := f.raw
				if f.tmpl != nil {
					text = strings.Join(literals(f.tmpl.Tree.Root), "")
				}
				for _, mark := range marks {
					if strings.Contains(text, mark) {
						t.Errorf("%s:%d: %q has %q: %q", tb.Path, m.Line, key, mark, text)
					}
				}
			}
		}
	}
}

// literals returns the literal text of a template.
func literals(n parse.Node) []string {
	var out []string
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				out = append(out, literals(c)...)
			}
		}
	case *parse.TextNode:
		out = append(out, string(n.Text))
	case *parse.IfNode:
		out = append(out, literals(n.List)...)
		out = append(out, literals(n.ElseList)...)
	}
	return out
}

// TestThemeDates writes dates with the shipped tables, the first of a
// month too, which French, Portuguese and German write apart.
func TestThemeDates(t *testing.T) {
	tables := themeTables(t)
	c := NewCatalog("en", slices.Collect(maps.Values(tables)))
	for _, tc := range []struct{ lang, date, want string }{
		{"en", "2026-02-12", "February 12, 2026"},
		{"fr", "2026-02-12", "12 février 2026"},
		{"fr", "2026-07-01", "1er juillet 2026"},
		{"es", "2026-02-12", "12 de febrero de 2026"},
		{"es", "2026-07-01", "1 de julio de 2026"},
		{"es", "2026-09", "septiembre de 2026"},
		{"de", "2026-02-12", "12. Februar 2026"},
		{"de", "2026-03-01", "1. März 2026"},
		{"de", "2026-03", "März 2026"},
		{"pt-BR", "2026-02-12", "12 de fevereiro de 2026"},
		{"pt-BR", "2026-07-01", "1º de julho de 2026"},
		{"pt-BR", "2026-07-10", "10 de julho de 2026"},
		{"pt-BR", "2026-03", "março de 2026"},
		{"pt", "2026", "2026"},
	} {
		got, err := c.For(tc.lang).Date(tc.date)
		if err != nil || got != tc.want {
			t.Errorf("%s %s: got %q, %v; want %q", tc.lang, tc.date, got, err, tc.want)
		}
	}
	// Portuguese's rules give 0 the singular form: its texts say "nenhuma".
	for _, tc := range []struct {
		lang, key string
		n         int
		want      string
	}{
		{"pt-BR", "summary.checked", 0, "Nenhuma afirmação checada"},
		{"pt-BR", "summary.checked", 1, "1 afirmação checada"},
		{"pt-BR", "summary.checked", 2, "2 afirmações checadas"},
		{"pt-BR", "search.found", 0, "Nenhuma nota encontrada."},
		{"pt-BR", "home.checked", 0, "nenhuma afirmação checada"},
		{"es", "home.checked", 0, "0 afirmaciones verificadas"},
		{"es", "home.checked", 1, "1 afirmación verificada"},
		{"de", "home.checked", 1, "1 geprüfte Behauptung"},
		{"de", "home.checked", 3, "3 geprüfte Behauptungen"},
		{"fr", "home.checked", 0, "0 affirmation vérifiée"},
	} {
		got, err := c.For(tc.lang).T(tc.key, tc.n)
		if err != nil || got != tc.want {
			t.Errorf("%s %s %d: got %q, %v; want %q", tc.lang, tc.key, tc.n, got, err, tc.want)
		}
	}
}

// TestThemePortuguese checks that pt-BR and pt-PT find every key in
// pt.yaml, and that a European-Portuguese desk's own pt-PT.yaml overrides
// the Brazilian words it names and keeps the rest.
func TestThemePortuguese(t *testing.T) {
	site := []*Table{table(t, "i18n/pt-PT.yaml", "dossier.found: \"O que apurámos\"\ndate.day: \"{{ .Day }} de {{ .Month }} de {{ .Year }}\"\n")}
	c := NewCatalog("pt-PT", slices.Collect(maps.Values(themeTables(t))), site)
	for _, lang := range []string{"pt", "pt-BR", "pt-PT", "es", "de", "fr"} {
		if m := c.Missing(lang); len(m) > 0 {
			t.Errorf("%s lacks %v", lang, m)
		}
	}
	for _, tc := range []struct{ lang, key, want string }{
		{"pt-PT", "dossier.found", "O que apurámos"},
		{"pt-PT", "home.latest", "Checagens mais recentes"},
		{"pt-BR", "dossier.found", "O que descobrimos"},
	} {
		if got, err := c.For(tc.lang).T(tc.key); err != nil || got != tc.want {
			t.Errorf("%s %s: got %q, %v; want %q", tc.lang, tc.key, got, err, tc.want)
		}
	}
	if got, _ := c.For("pt-PT").Date("2026-07-01"); got != "1 de julho de 2026" {
		t.Errorf("pt-PT 2026-07-01: %q", got)
	}
	if got, _ := c.For("pt-BR").Date("2026-07-01"); got != "1º de julho de 2026" {
		t.Errorf("pt-BR 2026-07-01: %q", got)
	}
}

// TestThemeCounterStyles checks the CSS counter style each shipped
// language numbers its lists with, and one that only a site's table asks for.
func TestThemeCounterStyles(t *testing.T) {
	tables := themeTables(t)
	c := NewCatalog("en", slices.Collect(maps.Values(tables)))
	for lang, want := range map[string]string{
		"en": "decimal", "fr": "decimal", "ru": "decimal",
		"ar": "decimal", // the table asks for Latin digits
		"fa": "persian",
	} {
		if got := c.For(lang).CounterStyle(); got != want {
			t.Errorf("%s: CounterStyle() = %q, want %q", lang, got, want)
		}
	}
	arab, diags := ParseTable("i18n/ar.yaml", []byte("_digits: arab\n"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	site := NewCatalog("ar", slices.Collect(maps.Values(tables)), []*Table{arab})
	if got := site.For("ar").CounterStyle(); got != "arabic-indic" {
		t.Errorf("ar with _digits: arab: CounterStyle() = %q, want arabic-indic", got)
	}
}
