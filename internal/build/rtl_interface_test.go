package build

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// TestArabicScriptInterface builds the Arabic and Persian fixtures and
// checks the words and signs the theme writes between the content's: the
// separators of its lists are the language's (list.sep, "، "), not a Latin
// comma; numbers are in the language's digits; and no English is left in
// what screen readers say.
func TestArabicScriptInterface(t *testing.T) {
	latinGlue := regexp.MustCompile(`</code>, |, <bdi>|, <time |</a>, <a href="[^"]*" rel="tag"`)
	for _, tc := range []struct {
		src string
		// digits are the digits of the site's numbers: Arabic's are Latin
		// (the table's _digits: latn), Persian's its own.
		digits string
	}{
		{"testdata/fixture-ar", "0-9"},
		{"testdata/fixture-fa", "۰-۹"},
	} {
		files := buildDir(t, tc.src)
		num := regexp.MustCompile(`<span class="num">([^<]*)</span>`)
		own := regexp.MustCompile(`^[` + tc.digits + `]+$`)
		nums, seps := 0, 0
		for name, data := range files {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			page := string(data)
			if loc := latinGlue.FindStringIndex(page); loc != nil {
				t.Errorf("%s/%s: a Latin comma between the theme's items: %q", tc.src, name, page[max(0, loc[0]-60):min(len(page), loc[1]+60)])
			}
			seps += strings.Count(page, "، <bdi>") + strings.Count(page, "</code>، ")
			for _, m := range num.FindAllStringSubmatch(page, -1) {
				nums++
				if !own.MatchString(m[1]) {
					t.Errorf("%s/%s: a sidenote's number %q is not in the digits %s", tc.src, name, m[1], tc.digits)
				}
			}
			for _, en := range []string{"Notes on this paragraph", "Skip to content", "Breadcrumb"} {
				if strings.Contains(page, en) {
					t.Errorf("%s/%s: the English %q", tc.src, name, en)
				}
			}
		}
		// Not a test of nothing: the fixtures have sidenotes, sources with
		// publishers and a provenance line.
		if nums == 0 || seps == 0 {
			t.Errorf("%s: %d sidenote numbers and %d separators checked; the fixture should show more", tc.src, nums, seps)
		}
	}
}

// TestArabicWithdrawnNote builds an Arabic site with a withdrawn check: the
// claim index lists it with the date it was withdrawn after an Arabic
// comma, and its page says in Arabic that it was withdrawn and why.
func TestArabicWithdrawnNote(t *testing.T) {
	src := fstest.MapFS{
		"content/_index.md":         {Data: []byte("---\ntitle: \"مكتب التحقق\"\nlanguage: ar\nbaseURL: \"https://example.org/ar/\"\n---\nموقع تجريبي.\n")},
		"content/library/_index.md": {Data: []byte("---\nheadline: \"المجلس يصوت على إغلاق المكتبة\"\npublisher: \"أخبار المثال\"\npublished: 2026-02-01\n---\n")},
		"content/library/vote.md":   {Data: []byte("---\ntitle: \"كان التصويت بسبعة أصوات مقابل صوتين\"\nquote: \"بسبعة أصوات مقابل صوتين\"\nverdict: inaccurate\ndate: 2026-02-03\nretracted: {date: 2026-02-05, reason: \"اعتمدنا على محضر غير نهائي.\"}\n---\nالمحضر يسجل سبعة أصوات.\n")},
		"content/library/hall.md":   {Data: []byte("---\ntitle: \"المكتبة في الشارع الرئيسي\"\nquote: \"المكتبة\"\noccurrence: 1\nverdict: accurate\ndate: 2026-02-03\n---\nنعم.\n")},
		"seeds/library.txt":         {Data: []byte("المجلس يصوت على إغلاق المكتبة\n\nصوت المجلس بسبعة أصوات مقابل صوتين على إغلاق المكتبة.\n")},
	}
	var mem output.Memory
	res, err := Run(site.NewLoader(), src, &mem)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Diags)
	}
	files := mem.Files()
	claims := string(files["library/claims.html"])
	if !strings.Contains(claims, `</a>، سُحبت في <time datetime="2026-02-05" dir="auto">5 فبراير 2026</time>`) {
		t.Errorf("library/claims.html does not list the withdrawn check after an Arabic comma:\n%s", claims)
	}
	page := string(files["library/vote.html"])
	for _, want := range []string{
		`<span class="vb-mark">مسحوبة</span>`,
		`تحقق سُحب: تقييمه &#34;زائف&#34; لم يعد قائمًا`,
		`سُحبت هذه المادة في <time datetime="2026-02-05" dir="auto">5 فبراير 2026</time>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("library/vote.html lacks %s:\n%s", want, page)
		}
	}
}
