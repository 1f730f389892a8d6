// Package languages checks the sites that dossier builds in other
// languages than English in a real browser, as package browsertest checks
// those in English, with the same checks (see browsertest.Suite), and how
// a page written right to left is laid out (Suite.RightToLeft). It has no
// code of its own, only tests; it is a package of its own so that its
// sites and the English ones are checked in two test binaries side by
// side, each within go test's time limit.
package languages

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/browsertest"
)

var suite = &browsertest.Suite{Specs: []browsertest.SiteSpec{
	{
		// A site in Arabic, written right to left, with names, titles
		// and dates of both directions side by side (see
		// TestRightToLeft): every page is audited.
		Name: "arabic", Src: "../../build/testdata/rtl",
		AuditAll: true, RTL: true,
		// "المحضر" (the minutes) is in the title of library/vote.md.
		Search: &browsertest.SearchCase{Query: "المحضر", Want: "library/vote.html"},
		// Without its article.
		Searches: []browsertest.SearchCase{{Query: "محضر", Want: "library/vote.html"}},
	},
	{
		// The fixture with its interface in German, whose long words
		// ("Übersicht der Behauptungen", "Größtenteils richtig") are
		// the likeliest to overflow a phone's screen or a badge: every
		// page is audited.
		Name: "fixture-de", Src: "../../build/testdata/fixture",
		Files:    map[string]string{"content/_index.md": inLanguage("../../build/testdata/fixture", "de")},
		AuditAll: true,
		Search:   &browsertest.SearchCase{Query: "minutes", Want: "sample/vote.html"},
	},
	// The French, Arabic and Persian fixtures: an invented local story
	// each, with notes in that language, so that every kind of page is
	// audited in another language and in a right-to-left script. Each
	// sets its base URL with a folder itself. The remark's page is
	// audited too, as it has a template of its own.
	{
		Name: "fixture-fr", Src: "../../build/testdata/fixture-fr",
		Audit: []string{"pont-vione/coquille.html"},
		// "plafond" is in the analysis of part-departement.md.
		Search: &browsertest.SearchCase{Query: "plafond", Want: "pont-vione/part-departement.html"},
		// Without its accents.
		Searches: []browsertest.SearchCase{{Query: "plafond departement", Want: "pont-vione/part-departement.html"}},
	},
	{
		Name: "fixture-ar", Src: "../../build/testdata/fixture-ar",
		Audit: []string{"khat-almiyah/huquq.html"}, RTL: true,
		// "تعداد" (census) is in the analysis of sukkan.md.
		Search: &browsertest.SearchCase{Query: "تعداد", Want: "khat-almiyah/sukkan.html"},
		Searches: []browsertest.SearchCase{
			{Query: "تَعْدَاد", Want: "khat-almiyah/sukkan.html"}, // with harakat
			{Query: "تعـداد", Want: "khat-almiyah/sukkan.html"},   // with a tatweel
			{Query: "٢٠٢٤", Want: "khat-almiyah/sukkan.html"},     // Arabic-Indic digits for 2024
		},
		// The definite article, in every note.
		AuditQuery: "ال",
	},
	{
		Name: "fixture-fa", Src: "../../build/testdata/fixture-fa",
		Audit: []string{"boodjeh-1405/farvardin.html"}, RTL: true,
		// "تورم" (inflation) is a tag of afzayesh.md.
		Search: &browsertest.SearchCase{Query: "تورم", Want: "boodjeh-1405/afzayesh.html"},
		Searches: []browsertest.SearchCase{
			{Query: "ميليارد ريال", Want: "boodjeh-1405/afzayesh.html"}, // میلیارد ریال, with Arabic yeh
			{Query: "مركز آمار", Want: "boodjeh-1405/afzayesh.html"},    // مرکز, with Arabic kaf
			{Query: "افزايش 45", Want: "boodjeh-1405/afzayesh.html"},    // افزایش ۴۵, Arabic yeh and ASCII digits
			{Query: "نقطهبهنقطه", Want: "boodjeh-1405/afzayesh.html"},   // نقطه‌به‌نقطه, without the joiners
		},
		// A word in every note ("with"): the search matches words by
		// their beginning, and a single letter as a word alone.
		AuditQuery: "با",
	},
}}

// inLanguage returns the settings of the site at src, content/_index.md,
// with its language set to lang.
func inLanguage(src, lang string) string {
	data, err := os.ReadFile(filepath.Join(src, "content", "_index.md"))
	if err != nil {
		panic(err)
	}
	out := strings.Replace(string(data), "language: en", "language: "+lang, 1)
	if out == string(data) {
		panic(src + ": no \"language: en\" to replace")
	}
	return out
}

func TestMain(m *testing.M) { os.Exit(suite.Main(m)) }

// The checks made in every site (see Suite).

func TestAccessibility(t *testing.T)              { suite.Accessibility(t) }
func TestPagesLoadCleanly(t *testing.T)           { suite.PagesLoadCleanly(t) }
func TestNoHorizontalScrollOnPhones(t *testing.T) { suite.NoHorizontalScrollOnPhones(t) }
func TestVerdictFirst(t *testing.T)               { suite.VerdictFirst(t) }
func TestSidenotesPacked(t *testing.T)            { suite.SidenotesPacked(t) }
func TestHighlightReachesNote(t *testing.T)       { suite.HighlightReachesNote(t) }
func TestSearch(t *testing.T)                     { suite.Search(t) }
func TestLinksResolve(t *testing.T)               { suite.LinksResolve(t) }
func TestHTMLValid(t *testing.T)                  { suite.HTMLValid(t) }
func TestRightToLeft(t *testing.T)                { suite.RightToLeft(t) }
