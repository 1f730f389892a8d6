package build

import (
	"regexp"
	"strings"
	"testing"
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
