package build

import (
	"encoding/json"
	"html"
	"io/fs"
	"os"
	"regexp"
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
	src := fstest.MapFS{}
	fs.WalkDir(os.DirFS(fixture), ".", func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			data, _ := fs.ReadFile(os.DirFS(fixture), p)
			src[p] = &fstest.MapFile{Data: data}
		}
		return err
	})
	idx := string(src["content/_index.md"].Data)
	src["content/_index.md"].Data = []byte(strings.Replace(idx, "language: en", "language: fr", 1))
	var mem output.Memory
	res, err := Run(site.NewLoader(), src, &mem)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Diags)
	}
	english := []string{
		"Methodology", "Search the", "What we found", "See every claim", "Accessed", "Permalink",
		// ("Dossiers" and "Corrections" are French words too.)
		"Checked", "updated", "Published", "Claim index", "Skip to content", "How we check", "Editor’s remark",
		"Latest checks", "checked claim", "Sources ·", "The claim", "Analysis", "See it in the article",
		"Page not found", "Accurate<", "Mostly accurate", "Missing context", "Misleading", "Unsupported",
		"Tags", "Claimants", "bytes", "by tag", "Withdrawn", "March", "Show:", "Breadcrumb", "Other checks",
	}
	// The site's own words are English: only the interface's are looked at.
	pages := 0
	for name, data := range mem.Files() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		page := string(data)
		if !strings.Contains(page, `<html lang="fr"`) {
			t.Errorf("%s: not in French", name)
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
	// The search script's words: its plural forms are JSON, in French.
	m := regexp.MustCompile(`data-found="([^"]*)"`).FindStringSubmatch(string(mem.Files()["search.html"]))
	var forms map[string]string
	if m == nil || json.Unmarshal([]byte(html.UnescapeString(m[1])), &forms) != nil || forms["one"] != "{n} note trouvée." || forms["other"] != "{n} notes trouvées." {
		t.Errorf("search.html's data-found: %q", m)
	}
	home := string(mem.Files()["index.html"])
	for _, want := range []string{"Dernières vérifications", "6 mars 2025", "affirmations vérifiées", "Vrai</span>"} {
		if !strings.Contains(home, want) {
			t.Errorf("the home page lacks %q", want)
		}
	}
}

// interfaceText drops from a page what the site's sources wrote: the
// articles' and notes' own text, titles and quotes, which are in the
// fixture's English.
var ownText = regexp.MustCompile(`(?s)<div class="(seed|prose[^"]*)">.*?</div>|<h1>.*?</h1>|<q>.*?</q>|<a href="[^"]*"( rel="(prev|next|tag)")?>[^<]*</a>|<title>.*?</title>|<meta [^>]*>|<blockquote.*?</blockquote>|<script.*?</script>|<p class="lede">.*?</p>|<p>[^<]*</p>|<li><time[^>]*>[^<]*</time>: .*?</li>|<svg.*?</svg>|<code>[^<]*</code>|<span class="meta">[^<]*</span>`)

func interfaceText(page string) string { return ownText.ReplaceAllString(page, "") }
