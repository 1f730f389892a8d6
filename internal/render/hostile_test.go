package render

import (
	"encoding/json"
	"html/template"
	"regexp"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// hostile are strings made to break out of every context a user's text
// reaches: an HTML element or attribute, a script, a stylesheet, JSON,
// XML and a CDATA section.
var hostile = []string{
	`x" onmouseover="alert(1)`,
	`invérifiable`,
	`</script><script>alert(1)</script>`,
	`</style><img src=x onerror=alert(1)>`,
	`a b{} body{display:none} .c`,
	`]]><x>`,
	"line\u2028sep\u2029end",
	`'-alert(1)-'`,
	`\"};alert(1);//`,
}

// renderHostileScale renders the fixture with a scale whose every key,
// label and meaning is hostile, as no site can load (content refuses such
// keys), so that rendering is shown to escape them anyway.
func renderHostileScale(t *testing.T) map[string][]byte {
	t.Helper()
	theme, diags := LoadTheme(nil, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	s := loadFixture(t, site.NewLoader())
	keys := map[string]string{}
	for i := range s.Scale {
		h := hostile[i%len(hostile)]
		keys[s.Scale[i].Key] = h
		s.Scale[i].Key, s.Scale[i].Label, s.Scale[i].Meaning = h, h, h
		s.Scale[i].Color = `red;} body{display:none} .x{color:red`
	}
	for _, d := range s.Dossiers {
		for _, n := range d.Notes {
			n.Verdict = keys[n.Verdict]
		}
	}
	mem := &output.Memory{}
	if _, err := theme.Site(s, mem); err != nil {
		t.Fatal(err)
	}
	return mem.Files()
}

// cssRule is the only shape of line verdicts.css may have.
var cssRule = regexp.MustCompile(`^(/\* [^*]* \*/|[^{}<>"]*(\[href="[^"<>{}]*"\][^{}<>"]*)? \{ [^{}<>"]* \})$`)

// TestHostileScaleIsEscaped checks that a rating's key, label and meaning,
// written by whoever edits the site's settings, reach every page, the
// stylesheet and the exports as text.
func TestHostileScaleIsEscaped(t *testing.T) {
	files := renderHostileScale(t)
	// The hostile keys are there, as text: the test is not vacuous.
	scale := string(files["methodology.html"])
	for _, h := range hostile[:7] {
		if !strings.Contains(scale, `<span class="badge v-`+esc(h)+`">`+esc(h)+`</span>`) {
			t.Errorf("methodology.html does not show the rating %q escaped", h)
		}
	}
	marks := 0
	for _, h := range hostile {
		marks += strings.Count(string(files["sample/index.html"]), `<mark class="hl v-`+esc(h))
	}
	if marks == 0 {
		t.Error("sample/index.html marks no quote with a hostile key")
	}
	// The summary, which the theme words and dossier makes plain text for
	// the page's description, and the chart carry the hostile labels as
	// text.
	article := string(files["sample/index.html"])
	_, meta, _ := strings.Cut(article, `<meta name="description" content="`)
	meta, _, _ = strings.Cut(meta, `">`)
	description, chart := 0, 0
	for _, h := range hostile {
		if strings.HasPrefix(meta, "Fact-check of “City Council Votes to Close Library”: 5 claims checked: ") && strings.Contains(meta, " 1 "+esc(h)) {
			description++
		}
		chart += strings.Count(article, `<th scope="row">`+esc(h)+`</th>`)
	}
	if description == 0 || chart == 0 {
		t.Errorf("sample/index.html shows no hostile label in its description (%d) or its chart (%d)", description, chart)
	}
	if css := string(files["assets/verdicts.css"]); !strings.Contains(css, `.v-inv\e9 rifiable {`) {
		t.Errorf("verdicts.css does not name the class of a key with an accent as the HTML does:\n%s", css)
	}
	for name, data := range files {
		s := string(data)
		switch {
		case strings.HasSuffix(name, ".html"):
			s = checkJSONLD(t, name, s)
			if strings.Contains(name, "/embed/") {
				s = strings.Replace(s, "</style>", "", 1) // its own
			}
			// "<img src=x", not "<img": the fixture's about page shows an
			// image of its own.
			for _, bad := range []string{`" onmouseover=`, "<script>alert", "<img src=x", "</style>", "<x>"} {
				if strings.Contains(s, bad) {
					t.Errorf("%s contains %q", name, bad)
				}
			}
		case name == "assets/verdicts.css":
			for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
				if !cssRule.MatchString(line) {
					t.Errorf("%s: a rule is broken open: %s", name, line)
				}
			}
		case strings.HasSuffix(name, ".js") && name != "assets/site.js", strings.HasSuffix(name, ".json"):
			for _, bad := range []string{"</script", "<img", "\u2028", "<x>"} {
				if strings.Contains(s, bad) {
					t.Errorf("%s contains %q", name, bad)
				}
			}
		case strings.HasSuffix(name, ".xml"):
			if strings.Contains(s, "<x>") || strings.Contains(s, "<img") || strings.Contains(s, "<script") {
				t.Errorf("%s contains markup of the scale", name)
			}
		}
	}
}

// esc escapes text as html/template does in an element's content or a
// quoted attribute's value, for the strings in this file.
func esc(s string) string { return template.HTMLEscapeString(s) }

// checkJSONLD checks the page's structured data, where a string is JSON
// inside a script element and may hold quotes but never '<', and returns
// the page without it.
func checkJSONLD(t *testing.T, name, page string) string {
	t.Helper()
	const open, end = `<script type="application/ld+json">`, `</script>`
	before, rest, found := strings.Cut(page, open)
	if !found {
		return page
	}
	data, after, found := strings.Cut(rest, end)
	if !found {
		t.Errorf("%s: the structured data is not closed", name)
		return page
	}
	if strings.ContainsAny(data, "<>\u2028\u2029") {
		t.Errorf("%s: the structured data holds a raw '<', '>' or line separator: %s", name, data)
	}
	var v any
	if err := json.Unmarshal([]byte(data), &v); err != nil {
		t.Errorf("%s: the structured data is not JSON: %v", name, err)
	}
	return before + after
}
