package build

import (
	"encoding/json"
	"html"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// TestFrench builds the fixture with "language: fr" and finds none of the
// interface's English words on any page: every word of the theme comes
// from the French table, and the default scale's labels too.
func TestFrench(t *testing.T) {
	checkLanguage(t, "fr", "{n} note trouvée.", "{n} notes trouvées.", nil,
		"Dernières vérifications", "6 mars 2025", "affirmations vérifiées", "Exact</span>", "Globalement exact</span>")
}

// TestLanguages does the same in the theme's other languages; pt-BR's
// words come from pt.yaml.
func TestLanguages(t *testing.T) {
	for _, tc := range []struct {
		lang, one, other string
		// english are the English interface words that are also the
		// language's own ("bytes" in Spanish).
		english []string
		want    []string
	}{
		{"es", "{n} nota encontrada.", "{n} notas encontradas.", []string{"bytes"},
			[]string{"Últimas verificaciones", "6 de marzo de 2025", "afirmaciones verificadas", "Verdadero</span>", "Mayormente verdadero</span>", "Explora las verificaciones"}},
		{"de", "{n} Beitrag gefunden.", "{n} Beiträge gefunden.", []string{"Permalink"},
			[]string{"Neueste Faktenchecks", "6. März 2025", "geprüfte Behauptungen", "Richtig</span>", "Größtenteils richtig</span>", "nach Schlagwort"}},
		{"pt-BR", "{n} nota encontrada.", "{n} notas encontradas.", []string{"bytes"},
			[]string{"Checagens mais recentes", "6 de março de 2025", "afirmações checadas", "Verdadeiro</span>", "Impreciso</span>", "Navegue pelas checagens"}},
	} {
		t.Run(tc.lang, func(t *testing.T) { checkLanguage(t, tc.lang, tc.one, tc.other, tc.english, tc.want...) })
	}
}

// checkLanguage builds the fixture with "language: <lang>" and finds none
// of the interface's English words on any page, but those the language
// shares (same); the search page's plural forms are one and other, and the
// home page has each of want.
func checkLanguage(t *testing.T, lang, one, other string, same []string, want ...string) {
	t.Helper()
	src := fstest.MapFS{}
	fs.WalkDir(os.DirFS(fixture), ".", func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			data, _ := fs.ReadFile(os.DirFS(fixture), p)
			src[p] = &fstest.MapFile{Data: data}
		}
		return err
	})
	idx := string(src["content/_index.md"].Data)
	src["content/_index.md"].Data = []byte(strings.Replace(idx, "language: en", "language: "+lang, 1))
	var mem output.Memory
	res, err := Run(site.NewLoader(), src, &mem)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Diags)
	}
	// The theme's table covers every key: no warning of English shown.
	for _, d := range res.Diags {
		if strings.Contains(d.Message, "translation") {
			t.Errorf("%s", d)
		}
	}
	english := []string{
		"Methodology", "Search the", "What we found", "See every claim", "Accessed", "Permalink",
		// ("Dossiers" and "Corrections" are French words too.)
		"Checked", "updated", "Published", "Claim index", "Skip to content", "How we check", "Editor’s remark",
		"Latest checks", "checked claim", "Sources ·", "The claim", "Analysis", "See it in the article",
		"Page not found", "Accurate<", "Mostly accurate", "Missing context", "Misleading", "Unsupported",
		"Tags", "Claimants", "bytes", "by tag", "Withdrawn", "March", "Show:", "Breadcrumb", "Other checks",
	}
	english = slices.DeleteFunc(english, func(w string) bool { return slices.Contains(same, w) })
	// The site's own words are English: only the interface's are looked at.
	pages := 0
	for name, data := range mem.Files() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		page := string(data)
		if !strings.Contains(page, `<html lang="`+lang+`"`) {
			t.Errorf("%s: not in %s", name, lang)
		}
		for _, w := range english {
			if strings.Contains(interfaceText(page), w) {
				t.Errorf("%s: English %q", name, w)
			}
		}
	}
	if pages < 10 {
		t.Fatalf("only %d pages", pages)
	}
	// The search script's words: its plural forms are JSON, in the language.
	m := regexp.MustCompile(`data-found="([^"]*)"`).FindStringSubmatch(string(mem.Files()["search.html"]))
	var forms map[string]string
	if m == nil || json.Unmarshal([]byte(html.UnescapeString(m[1])), &forms) != nil || forms["one"] != one || forms["other"] != other {
		t.Errorf("search.html's data-found: %q", m)
	}
	home := string(mem.Files()["index.html"])
	for _, w := range want {
		if !strings.Contains(home, w) {
			t.Errorf("the home page lacks %q", w)
		}
	}
}

// interfaceText drops from a page what the site's sources wrote: the
// articles' and notes' own text, titles and quotes, which are in the
// fixture's English.
var ownText = regexp.MustCompile(`(?s)<div class="(seed|prose[^"]*)">.*?</div>|<h1>.*?</h1>|<q>.*?</q>|<a href="[^"]*"( rel="(prev|next|tag)")?>[^<]*</a>|<title>.*?</title>|<meta [^>]*>|<blockquote.*?</blockquote>|<script.*?</script>|<p class="lede">.*?</p>|<p>[^<]*</p>|<li><time[^>]*>[^<]*</time>: .*?</li>|<svg.*?</svg>|<code>[^<]*</code>|<span class="meta">[^<]*</span>`)

func interfaceText(page string) string { return ownText.ReplaceAllString(page, "") }
