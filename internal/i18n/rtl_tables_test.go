package i18n

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/templates"
)

// shippedTables are the theme's tables these tests check.
var shippedTables = []string{"ar", "fa", "ru"}

// themeCatalog returns the theme's own tables en, ar, fa and ru, parsed
// from the embedded templates/i18n/ folder, in a catalog of an English
// site.
func themeCatalog(t *testing.T) (*Catalog, map[string]*Table) {
	t.Helper()
	tables := map[string]*Table{}
	for _, lang := range append([]string{Fallback}, shippedTables...) {
		name := "i18n/" + lang + ".yaml"
		data, err := templates.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		tb, diags := ParseTable(name, data)
		if len(diags) > 0 {
			t.Fatalf("%s: %v", name, diags)
		}
		if err := CheckDigits(tb); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tables[lang] = tb
	}
	return NewCatalog(Fallback, slices.Collect(maps.Values(tables))), tables
}

// TestRightToLeftAndRussianPlurals checks the plural sentences of the
// Arabic, Persian and Russian tables: the counted noun in the form each
// number takes (Arabic dual, 3-10 and 11-99; Russian 1, 2-4, 5-20).
func TestRightToLeftAndRussianPlurals(t *testing.T) {
	c, _ := themeCatalog(t)
	for _, tc := range []struct {
		lang, key string
		n         int
		want      string
	}{
		{"ar", "summary.checked", 0, "لم يُتحقق من أي ادعاء"},
		{"ar", "summary.checked", 1, "تم التحقق من ادعاء واحد"},
		{"ar", "summary.checked", 2, "تم التحقق من ادعاءين"},
		{"ar", "summary.checked", 3, "تم التحقق من 3 ادعاءات"},
		{"ar", "summary.checked", 10, "تم التحقق من 10 ادعاءات"},
		{"ar", "summary.checked", 11, "تم التحقق من 11 ادعاءً"},
		{"ar", "summary.checked", 100, "تم التحقق من 100 ادعاء"},
		{"ar", "summary.checked", 103, "تم التحقق من 103 ادعاءات"},
		{"ar", "home.checked", 2, "تم التحقق من ادعاءين"},
		{"ar", "home.checked", 25, "تم التحقق من 25 ادعاءً"},
		{"ar", "bytes", 2, "بايتان"},
		{"ar", "bytes", 7, "7 بايتات"},
		{"ar", "bytes", 1234, "1,234 بايتًا"},
		{"ar", "bytes", 2000, "2,000 بايت"},
		{"ar", "sources.count", 1, "يستشهد هذا الملف بمصدر واحد، ويظهر أدناه مع التحققات التي تستند إليه."},
		{"ar", "sources.count", 2, "يستشهد هذا الملف بمصدرين، ويظهر كلٌّ منهما أدناه مع التحققات التي تستند إليه."},
		{"ar", "sources.count", 3, "يستشهد هذا الملف بـ3 مصادر، ويظهر كلٌّ منها أدناه مع التحققات التي تستند إليه."},
		{"ar", "sources.count", 11, "يستشهد هذا الملف بـ11 مصدرًا، ويظهر كلٌّ منها أدناه مع التحققات التي تستند إليه."},
		{"ar", "sources.count.remarks", 100, "يستشهد هذا الملف بـ100 مصدر، ويظهر كلٌّ منها أدناه مع التحققات وملاحظات المحرر التي تستند إليه."},
		{"ar", "search.found", 0, "لم يُعثر على أي نتيجة."},
		{"ar", "search.found", 2, "تم العثور على نتيجتين."},
		{"ar", "search.found", 11, "تم العثور على 11 نتيجةً."},

		{"ru", "summary.checked", 1, "Проверено 1 утверждение"},
		{"ru", "summary.checked", 2, "Проверено 2 утверждения"},
		{"ru", "summary.checked", 5, "Проверено 5 утверждений"},
		{"ru", "summary.checked", 11, "Проверено 11 утверждений"},
		{"ru", "summary.checked", 21, "Проверено 21 утверждение"},
		{"ru", "summary.checked", 22, "Проверено 22 утверждения"},
		{"ru", "summary.checked", 25, "Проверено 25 утверждений"},
		{"ru", "home.checked", 1, "1 проверенное утверждение"},
		{"ru", "home.checked", 22, "22 проверенных утверждения"},
		{"ru", "home.checked", 25, "25 проверенных утверждений"},
		{"ru", "bytes", 21, "21 байт"},
		{"ru", "bytes", 1234, "1\u00a0234 байта"},
		{"ru", "bytes", 12345, "12\u00a0345 байт"},
		{"ru", "sources.count", 1, "В досье процитирован 1 источник; при нём указаны проверки, которые на него опираются."},
		{"ru", "sources.count", 21, "В досье процитирован 21 источник; при каждом указаны проверки, которые на него опираются."},
		{"ru", "sources.count", 2, "В досье процитировано 2 источника; при каждом указаны проверки, которые на него опираются."},
		{"ru", "sources.count.remarks", 5, "В досье процитировано 5 источников; при каждом указаны проверки и примечания, которые на него опираются."},
		{"ru", "search.found", 1, "Найден 1 результат."},
		{"ru", "search.found", 3, "Найдено 3 результата."},
		{"ru", "search.found", 25, "Найдено 25 результатов."},

		{"fa", "summary.checked", 1, "۱ ادعا درستی\u200cسنجی شد"},
		{"fa", "summary.checked", 2, "۲ ادعا درستی\u200cسنجی شد"},
		{"fa", "home.checked", 12, "۱۲ ادعای درستی\u200cسنجی\u200cشده"},
		{"fa", "bytes", 1234, "۱٬۲۳۴ بایت"},
		{"fa", "search.found", 2, "۲ نتیجه پیدا شد."},
	} {
		got, err := c.For(tc.lang).T(tc.key, tc.n)
		if err != nil || got != tc.want {
			t.Errorf("%s %s %d:\n got %q, %v\nwant %q", tc.lang, tc.key, tc.n, got, err, tc.want)
		}
	}
}

// TestRightToLeftAndRussianDates checks the dates of the three tables:
// Latin digits in Arabic (the fact-checkers' usage, not CLDR's default),
// Persian digits in Persian, and Russian's genitive month after a day and
// nominative month alone.
func TestRightToLeftAndRussianDates(t *testing.T) {
	c, _ := themeCatalog(t)
	for _, tc := range []struct{ lang, date, want string }{
		{"ar", "2026-02-12", "12 فبراير 2026"},
		{"ar", "2026-05", "مايو 2026"},
		{"ar", "2026", "2026"},
		{"fa", "2026-02-12", "۱۲ فوریه ۲۰۲۶"},
		{"fa", "2026-07-01", "۱ ژوئیه ۲۰۲۶"},
		{"fa", "2026-05", "مه ۲۰۲۶"},
		{"ru", "2026-02-12", "12 февраля 2026"},
		{"ru", "2026-05-01", "1 мая 2026"},
		{"ru", "2026-02", "февраль 2026"},
		{"ru", "2026-12", "декабрь 2026"},
		{"ru", "2026-08", "август 2026"},
	} {
		got, err := c.For(tc.lang).Date(tc.date)
		if err != nil || got != tc.want {
			t.Errorf("%s %s: got %q, %v; want %q", tc.lang, tc.date, got, err, tc.want)
		}
	}
}

// TestRightToLeftAndRussianSpelling checks what a reader would trip on:
// no arrow (the stylesheet draws them, mirrored), no Latin punctuation
// where Arabic and Persian have their own, Persian's own ی and ک and its
// zero-width non-joiner (می‌شود, not "می شود"), and Arabic's ي and ك.
func TestRightToLeftAndRussianSpelling(t *testing.T) {
	_, tables := themeCatalog(t)
	// The texts that name the other script's letters on purpose.
	lettersNamed := map[string]bool{"methodology.anchoring.text": true}
	spacedMi := regexp.MustCompile(`(^|[\s«(])نمی? [\p{Arabic}]|(^|[\s«(])می [\p{Arabic}]| ها([\s.،:؛»)]|$)| های([\s]|$)| ای([\s]|$)`)
	for _, lang := range shippedTables {
		for key, m := range tables[lang].Messages {
			for _, f := range m.forms {
				if f == nil {
					continue
				}
				s := f.raw
				if strings.ContainsAny(s, "←→⟵⟶⇐⇒") {
					t.Errorf("%s.yaml %q has an arrow: %q", lang, key, s)
				}
				if lang == "ru" {
					continue
				}
				if strings.ContainsAny(s, ",;?") {
					t.Errorf("%s.yaml %q has Latin punctuation (، ؛ ؟ are the script's): %q", lang, key, s)
				}
				if regexp.MustCompile(`[0-9٠-٩۰-۹]-[0-9٠-٩۰-۹]`).MatchString(s) {
					t.Errorf("%s.yaml %q writes a hyphenated number or date: %q", lang, key, s)
				}
				if lettersNamed[key] {
					continue
				}
				switch lang {
				case "fa":
					if strings.ContainsAny(s, "يك") {
						t.Errorf("fa.yaml %q has the Arabic ي or ك, not Persian ی or ک: %q", key, s)
					}
					if loc := spacedMi.FindStringIndex(s); loc != nil {
						t.Errorf("fa.yaml %q has a space where Persian writes a zero-width non-joiner, at %q", key, s[loc[0]:loc[1]])
					}
				case "ar":
					if strings.ContainsAny(s, "یک") {
						t.Errorf("ar.yaml %q has the Persian ی or ک, not Arabic ي or ك: %q", key, s)
					}
				}
			}
		}
	}
}
