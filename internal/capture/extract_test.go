package capture

import (
	"bytes"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html/charset"
)

var update = flag.Bool("update", false, "rewrite the golden texts in testdata/")

// fixtures are the page shapes of testdata/, with what each must keep and
// must drop.
var fixtures = []struct {
	name string
	keep []string // paragraphs' beginnings that must be blocks of the text
	drop []string // the page's furniture, which must not be in the text
	meta Metadata
}{
	{
		name: "news", // JSON-LD NewsArticle in an @graph, navigation and footer
		keep: []string{"Harbour bridge repairs to cost twice the estimate", "The repairs to the old harbour bridge", "A decision on how to pay"},
		drop: []string{"Subscribe today", "Sport", "Most read", "Ferry timetable", "All rights reserved", "Privacy policy"},
		meta: Metadata{
			Headline: "Harbour bridge repairs to cost twice the estimate", Authors: []string{"Mira Okafor", "Tomas Lind"},
			Publisher: "The Coastal Ledger Ltd", Published: "2026-11-20T08:15:00Z", Modified: "2026-11-21T10:02:00Z",
			Canonical: "https://ledger.example/news/2026/harbour-bridge-repairs", Language: "en-GB",
		},
	},
	{
		name: "blog", // Open Graph only, no <article>, comments and sidebar
		keep: []string{"Why our allotment gave up on slug pellets", "Three summers ago", "The second year we dug", "We are not scientists"},
		drop: []string{"Archive", "Lovely post", "2 comments", "Categories", "Powered by", "Share this"},
		meta: Metadata{
			Headline: "Why our allotment gave up on slug pellets", Authors: []string{"Hanne Sørensen"},
			Publisher: "Notes from Plot 9", Published: "2026-10-03T18:40:00+02:00", Modified: "2026-10-05T09:00:00+02:00",
			Canonical: "https://plot9.example/2026/10/slug-pellets/", Language: "en",
		},
	},
	{
		name: "banner", // Windows-1252, cookie banner, newsletter box inside the article, related links
		keep: []string{"State budget leaves rural clinics short", "The state’s budget for next year", "The report looked at 42 clinics", "Clinic directors told"},
		drop: []string{"cookies", "Accept all", "Morning Briefing", "newsletter", "Related stories", "Hospital merger", "Advertise"},
		meta: Metadata{
			Headline: "State budget leaves rural clinics short, auditors say", Authors: []string{"Priya Raman"},
			Publisher: "Valley Daily", Published: "2026-09-14T06:00:00-05:00",
			Canonical: "https://valleydaily.example/health/rural-clinics", Language: "en-US",
		},
	},
	{
		name: "amp", // an AMP page: amp-sidebar, amp-img, canonical link
		keep: []string{"Museum returns carved panels", "A city museum has returned", "“They were never ours to keep,”", "The panels will be shown"},
		drop: []string{"Menu", "Culture", "Privacy", "© The Gazette"},
		meta: Metadata{
			Headline: "Museum returns carved panels to island community", Authors: []string{"Léa Dubois"},
			Publisher: "The Gazette", Published: "2026-08-02T12:00:00Z",
			Canonical: "https://gazette.example/culture/museum-returns-panels", Language: "en",
		},
	},
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name+".html"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

var pageURL, _ = url.Parse("https://example.org/some/page")

func TestExtractGolden(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			a, err := Extract(readFixture(t, f.name), "text/html", pageURL)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", f.name+".txt")
			if *update {
				if err := os.WriteFile(golden, a.Text, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Text, want) {
				t.Errorf("text differs from %s (run with -update and review the diff):\n%s", golden, a.Text)
			}
			blocks := strings.Split(strings.TrimSuffix(string(a.Text), "\n"), "\n\n")
			for _, k := range f.keep {
				found := false
				for _, b := range blocks {
					found = found || strings.HasPrefix(b, k)
				}
				if !found {
					t.Errorf("no paragraph starts with %q", k)
				}
			}
			for _, d := range f.drop {
				if strings.Contains(string(a.Text), d) {
					t.Errorf("the page's furniture %q is in the text", d)
				}
			}
			if !strings.HasPrefix(string(a.Text), f.meta.Headline+"\n\n") {
				t.Errorf("the text does not start with the headline as its own paragraph")
			}
		})
	}
}

func TestExtractMetadata(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			a, err := Extract(readFixture(t, f.name), "", pageURL)
			if err != nil {
				t.Fatal(err)
			}
			got, want := a.Meta, f.meta
			if got.Headline != want.Headline || strings.Join(got.Authors, "|") != strings.Join(want.Authors, "|") ||
				got.Publisher != want.Publisher || got.Published != want.Published || got.Modified != want.Modified ||
				got.Canonical != want.Canonical || got.Language != want.Language {
				t.Errorf("metadata\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestExtractDeterministic extracts each page many times: the text and the
// metadata must not change (JSON-LD maps are walked in a fixed order).
func TestExtractDeterministic(t *testing.T) {
	for _, f := range fixtures {
		page := readFixture(t, f.name)
		first, err := Extract(page, "text/html", pageURL)
		if err != nil {
			t.Fatal(err)
		}
		for range 20 {
			a, _ := Extract(page, "text/html", pageURL)
			if !bytes.Equal(a.Text, first.Text) || !reflect.DeepEqual(a.Meta, first.Meta) {
				t.Fatalf("%s: extraction differs between runs", f.name)
			}
		}
	}
}

// TestReadabilityVsArticleElement is the evidence for using readability
// rather than the text of the page's <article> (or <main>) element: on the
// fixtures, the element is missing from half the pages, and where it is
// there it keeps the byline; readability finds the article on every page.
// Without dropChrome, readability keeps the newsletter box that stands
// inside the article's body.
func TestReadabilityVsArticleElement(t *testing.T) {
	articleText := func(page []byte) string {
		doc, err := html.Parse(bytes.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		var found *html.Node
		walk(doc, func(n *html.Node) {
			if found == nil && (n.DataAtom == atom.Article || n.DataAtom == atom.Main) {
				found = n
			}
		})
		if found == nil {
			return ""
		}
		return Normalize(render.InnerText(found))
	}
	missing := 0
	for _, f := range fixtures {
		raw := articleText(readFixture(t, f.name))
		if raw == "" {
			missing++
		}
	}
	if missing != 2 {
		t.Errorf("<article> or <main> is missing from %d fixtures, want 2 (blog, banner)", missing)
	}
	if raw := articleText(readFixture(t, "news")); !strings.Contains(raw, "By Mira Okafor") {
		t.Errorf("the news page's <article> text lost its byline; the comparison is stale:\n%s", raw)
	}

	// dropChrome is needed: without it the newsletter box stays.
	r, _ := charset.NewReader(bytes.NewReader(readFixture(t, "banner")), "")
	doc, err := html.Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	art, err := readability.FromDocument(doc, pageURL)
	if err != nil {
		t.Fatal(err)
	}
	if text := render.InnerText(art.Node); !strings.Contains(text, "Morning Briefing") {
		t.Errorf("readability alone drops the newsletter box now: dropChrome may no longer be needed")
	}
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{" \n\t\n", ""},
		{"a  b\tc", "a b c\n"},
		{"\n\n\na\n\n\n\nb\n\n", "a\n\nb\n"},
		{"line one\nline two", "line one\nline two\n"},
		{"  x \u00a0 ", "x\n"},
		{"10\u00a0000 people", "10\u00a0000 people\n"},
		{"a\u0000b\u0007c\u0085d\ufffee", "abcde\n"},
		{"a\r\nb", "a\nb\n"},
		{"\u00a0\n\u00a0\nx", "x\n"},
		{"a\u2028b", "a b\n"},
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

const body5 = `<body><article><p>A paragraph of the article, long enough to be the article's text and not its furniture, one.</p>
<p>A paragraph of the article, long enough to be the article's text and not its furniture, two.</p>
<p>A paragraph of the article, long enough to be the article's text and not its furniture, three.</p></article></body>`

func ldPage(ld string) []byte {
	return []byte(`<html><head><title>Title tag</title><script type="application/ld+json">` + ld + `</script></head>` + body5 + `</html>`)
}

// TestMetadataHostile feeds JSON-LD that is too deep, too large, malformed
// or of the wrong shape: each is skipped or bounded, never trusted further
// than a string.
func TestMetadataHostile(t *testing.T) {
	deep := strings.Repeat(`{"a":`, MaxJSONDepth+1) + `1` + strings.Repeat(`}`, MaxJSONDepth+1)
	for _, tc := range []struct {
		name, ld string
		headline string
		authors  string
	}{
		{"too deep", `[` + deep + `,{"@type":"NewsArticle","headline":"Deep"}]`, "Title tag", ""},
		{"too large", `{"@type":"NewsArticle","headline":"Big","x":"` + strings.Repeat("x", MaxJSONLD) + `"}`, "Title tag", ""},
		{"malformed", `{"@type":"NewsArticle","headline":"Bad"`, "Title tag", ""},
		{"not an article", `{"@type":"Recipe","headline":"Soup"}`, "Title tag", ""},
		{"type list and schema prefix", `{"@type":["Thing","http://schema.org/NewsArticle"],"headline":"Listed"}`, "Listed", ""},
		{"headline not a string", `{"@type":"Article","headline":{"x":1},"name":"By name"}`, "By name", ""},
		{"headline list", `{"@type":"Article","headline":["First","Second"]}`, "First", ""},
		{"entities", `{"@type":"Article","headline":"Tom &amp; Jerry &lt;b&gt;"}`, "Tom & Jerry <b>", ""},
		{"author URL dropped", `{"@type":"Article","headline":"H","author":["https://x.example/me",{"name":"Ann"},{"name":"Ann"},[{"name":"Nested"}]]}`, "H", "Ann"},
		{"author by @id", `{"@graph":[{"@id":"#p","@type":"Person","name":"Bo"},{"@type":"BlogPosting","headline":"H","author":{"@id":"#p"}}]}`, "H", "Bo"},
		{"main entity", `{"@type":"WebPage","mainEntity":{"@type":"NewsArticle","headline":"Inner"}}`, "Inner", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Extract(ldPage(tc.ld), "text/html", pageURL)
			if err != nil {
				t.Fatal(err)
			}
			if a.Meta.Headline != tc.headline || strings.Join(a.Meta.Authors, "|") != tc.authors {
				t.Errorf("headline %q authors %q, want %q %q", a.Meta.Headline, a.Meta.Authors, tc.headline, tc.authors)
			}
		})
	}
}

func TestExtractRefusals(t *testing.T) {
	for _, tc := range []struct {
		name string
		page string
		want string
	}{
		{"deep nesting", strings.Repeat("<div>", MaxDepth+10) + "text", "512"},
		{"no text", "<html><body><nav><a href=/>Home</a></nav></body></html>", "no article"},
	} {
		_, err := Extract([]byte(tc.page), "text/html", pageURL)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestDates(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2026-11-20T08:15:00+00:00", "2026-11-20T08:15:00Z"},
		{"2026-11-20T08:15:00.123-05:00", "2026-11-20T08:15:00-05:00"},
		{"2026-11-20T08:15:00+0100", "2026-11-20T08:15:00+01:00"},
		{"2026-11-20T08:15+01:00", "2026-11-20T08:15:00+01:00"},
		{"2026-11-20", "2026-11-20"},
		{"20 November 2026", ""},
		{"2026-13-01", ""},
		{"", ""},
	} {
		if got := date(tc.in); got != tc.want {
			t.Errorf("date(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
