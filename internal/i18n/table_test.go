package i18n

import (
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/diag"
)

func table(t *testing.T, name, src string) *Table {
	t.Helper()
	tb, diags := ParseTable(name, []byte(src))
	if len(diags) > 0 {
		t.Fatalf("%s: %v", name, diags)
	}
	return tb
}

const enSrc = `
notes: {one: "{{ .Count }} note", other: "{{ .Count }} notes"}
hello: "Hello, {{ .Name }}"
only.en: "English"
date.day: "{{ .Month }} {{ .Day }}, {{ .Year }}"
date.month: "{{ .Month }} {{ .Year }}"
date.year: "{{ .Year }}"
month.2: "February"
`

func catalog(t *testing.T, site string, layers ...[]*Table) *Catalog {
	base := []*Table{
		table(t, "en.yaml", enSrc),
		table(t, "fr.yaml", "notes: {one: \"{{ .Count }} note\", other: \"{{ .Count }} notes\"}\nhello: \"Bonjour, {{ .Name }}\"\ndate.day: \"{{ .Day }} {{ .Month }} {{ .Year }}\"\nmonth.2: \"février\"\n"),
		table(t, "ru.yaml", "notes: {one: \"{{ .Count }} заметка\", few: \"{{ .Count }} заметки\", many: \"{{ .Count }} заметок\", other: \"{{ .Count }} заметки\"}\n"),
		table(t, "ar.yaml", "notes: {zero: \"لا ملاحظات\", one: \"ملاحظة واحدة\", two: \"ملاحظتان\", few: \"{{ .Count }} ملاحظات\", many: \"{{ .Count }} ملاحظة\", other: \"{{ .Count }} ملاحظة\"}\nmonth.2: \"فبراير\"\ndate.day: \"{{ .Day }} {{ .Month }} {{ .Year }}\"\n"),
		table(t, "fa.yaml", "month.2: \"فوریه\"\ndate.day: \"{{ .Day }} {{ .Month }} {{ .Year }}\"\n"),
		table(t, "pt.yaml", "hello: \"Olá, {{ .Name }}\"\n"),
	}
	return NewCatalog(site, append([][]*Table{base}, layers...)...)
}

func TestPlural(t *testing.T) {
	c := catalog(t, "en")
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "0 notes"}, {"en", 1, "1 note"}, {"en", 2, "2 notes"},
		{"fr", 0, "0 note"}, {"fr", 1, "1 note"}, {"fr", 2, "2 notes"},
		{"ru", 1, "1 заметка"}, {"ru", 3, "3 заметки"}, {"ru", 5, "5 заметок"}, {"ru", 11, "11 заметок"}, {"ru", 21, "21 заметка"}, {"ru", 22, "22 заметки"},
		{"ar", 0, "لا ملاحظات"}, {"ar", 1, "ملاحظة واحدة"}, {"ar", 2, "ملاحظتان"}, {"ar", 3, "٣ ملاحظات"}, {"ar", 11, "١١ ملاحظة"}, {"ar", 100, "١٠٠ ملاحظة"},
		{"pt-BR", 1, "1 note"}, // no table has notes in Portuguese: English, with English rules
	} {
		got, err := c.For(tc.lang).T("notes", tc.n)
		if err != nil || got != tc.want {
			t.Errorf("%s %d: got %q, %v; want %q", tc.lang, tc.n, got, err, tc.want)
		}
	}
}

func TestFallback(t *testing.T) {
	site := []*Table{table(t, "i18n/fr.yaml", "hello: \"Salut, {{ .Name }}\"\nextra: \"en plus\"\n")}
	c := catalog(t, "fr", site)
	for _, tc := range []struct{ lang, key, want string }{
		{"pt-BR", "hello", "Olá, X"},  // pt-BR → pt
		{"fr", "hello", "Salut, X"},   // the site's table over the theme's
		{"fr", "extra", "en plus"},    // and extends it
		{"fr", "only.en", "English"},  // a key missing in French: English
		{"br", "hello", "Salut, X"},   // no table: the site's language
		{"fr-CA", "extra", "en plus"}, // fr-CA → fr
		{"en", "extra", "en plus"},    // en → the site's language for a key English lacks
		{"de", "only.en", "English"},  // and on to English
	} {
		got, err := c.For(tc.lang).T(tc.key, map[string]any{"Name": "X"})
		if err != nil || got != tc.want {
			t.Errorf("%s %s: got %q, %v; want %q", tc.lang, tc.key, got, err, tc.want)
		}
	}
	// Data is data: a title that looks like an action is written as it is.
	for _, hostile := range []string{"{{ .Name }}", "{{ template \"x\" }}", "<script>", "\u202e"} {
		if got, err := c.For("en").T("hello", map[string]any{"Name": hostile}); err != nil || got != "Hello, "+hostile {
			t.Errorf("hostile data %q: %q, %v", hostile, got, err)
		}
	}
	// A field the data lacks is an error, written plainly or by a template.
	if got, err := c.For("en").T("hello"); err == nil {
		t.Errorf("hello without a name: %q", got)
	}
	if got, err := c.For("fr").Date("2026-02"); err != nil || got != "février 2026" {
		t.Errorf("fr 2026-02 (from English date.month): %q, %v", got, err)
	}
	if _, err := c.For("fr").T("nope"); err == nil {
		t.Error("a missing key gave no error")
	}
}

func TestDatesAndDigits(t *testing.T) {
	c := catalog(t, "en", []*Table{table(t, "i18n/ar-MA.yaml", "x: y\n"), table(t, "i18n/ar-EG.yaml", "_digits: latn\n")})
	for _, tc := range []struct{ lang, date, want string }{
		{"en", "2026-02-12", "February 12, 2026"},
		{"en", "2026-02", "February 2026"},
		{"en", "2026", "2026"},
		{"en", "2026-02-12T10:00:00Z", "February 12, 2026"},
		{"fr", "2026-02-12", "12 février 2026"},
		{"ar", "2026-02-12", "١٢ فبراير ٢٠٢٦"},
		{"fa", "2026-02-12", "۱۲ فوریه ۲۰۲۶"},
		{"ar-MA", "2026-02-12", "12 فبراير 2026"}, // CLDR: Latin digits in Morocco
		{"ar-EG", "2026-02-12", "12 فبراير 2026"}, // _digits: latn
	} {
		got, err := c.For(tc.lang).Date(tc.date)
		if err != nil || got != tc.want {
			t.Errorf("%s %s: got %q, %v; want %q", tc.lang, tc.date, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "2026-13-01", "26-02-01", "2026/02/01", "2026-02-01-01"} {
		if got, err := c.For("en").Date(bad); err == nil {
			t.Errorf("Date(%q) = %q, no error", bad, got)
		}
	}
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{{"en", 1234567, "1,234,567"}, {"fr", 12345, "12\u00a0345"}, {"fa", 354, "۳۵۴"}, {"ar", 1234, "١٬٢٣٤"}, {"en", 354, "354"}, {"es", 1234, "1234"}, {"es", 12345, "12.345"}, {"es-ES", 1234, "1234"}, {"es-MX", 1234, "1,234"}, {"pl", 1234, "1234"}, {"pl", 12345, "12\u00a0345"}} {
		if got := c.For(tc.lang).Num(tc.n); got != tc.want {
			t.Errorf("Num %s %d = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

func TestBadTables(t *testing.T) {
	src := "ok: \"fine\"\n" +
		"cat: {one: \"a\", lots: \"b\", other: \"c\"}\n" +
		"list: [a, b]\n" +
		"empty:\n" +
		"broken: \"{{ .Count \"\n" +
		"noother: {one: \"a\"}\n" +
		"nested: {one: {x: y}, other: z}\n" +
		"bomb: \"{{ printf \\\"%0999999999d\\\" 1 }}\"\n" +
		"loop: \"{{ range .Items }}x{{ end }}\"\n" +
		"call: \"{{ template \\\"x\\\" }}\"\n" +
		"fine: \"{{ if eq .Day \\\"1\\\" }}1er{{ else }}{{ .Day }}{{ end }}\"\n"
	tb, diags := ParseTable("i18n/fr.yaml", []byte(src))
	want := []struct {
		line int
		has  string
	}{{2, "\"lots\" is not a plural category"}, {3, "must be a string"}, {4, "must be a string"}, {5, "not a valid template"}, {6, "lacks \"other\""}, {7, "must be a string"}, {8, "the function \"printf\""}, {9, "range"}, {10, "template"}}
	if len(diags) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%v", len(diags), len(want), diags)
	}
	for i, w := range want {
		d := diags[i]
		if d.Path != "i18n/fr.yaml" || d.Line != w.line || d.Col == 0 || d.Severity != diag.Error || !strings.Contains(d.Message, w.has) {
			t.Errorf("diagnostic %d: %v, want line %d with %q", i, d, w.line, w.has)
		}
	}
	if tb == nil || tb.Messages["ok"] == nil || tb.Messages["fine"] == nil || len(tb.Messages) != 2 {
		t.Errorf("the good message is not kept alone: %v", tb)
	}
	for name, src := range map[string]string{
		"i18n/xx_!.yaml": "a: b\n",
		"i18n/fr.yaml":   strings.Repeat("a", MaxTableSize+1),
	} {
		if _, diags := ParseTable(name, []byte(src)); len(diags) != 1 {
			t.Errorf("%s: %v", name, diags)
		}
	}
	_, diags = ParseTable("i18n/fr.yaml", []byte("a: \"b\n"))
	if len(diags) != 1 || diags[0].Line != 1 {
		t.Errorf("a YAML error: %v", diags)
	}
	var keys strings.Builder
	for i := range MaxTableKeys + 1 {
		keys.WriteString("k" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + itoa(i) + ": v\n")
	}
	if _, diags := ParseTable("i18n/fr.yaml", []byte(keys.String())); len(diags) != 1 || diags[0].Line == 0 {
		t.Errorf("too many keys: %v", diags)
	}
}

func itoa(i int) string {
	return strings.TrimSpace(strings.Repeat(" ", 0) + string(rune('0'+i%10)) + func() string {
		s := ""
		for ; i > 0; i /= 10 {
			s = string(rune('0'+i%10)) + s
		}
		return s
	}())
}
