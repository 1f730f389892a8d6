package build

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/dossier-org/dossier/internal/frontmatter"
	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/render"
	"github.com/dossier-org/dossier/internal/site"
)

// The fields of a ClaimReview, as Google documents them in "Fact check
// (ClaimReview) structured data"
// (https://developers.google.com/search/docs/appearance/structured-data/factcheck),
// tabulated by Full Fact in "Basic Usage of Claim Review"
// (https://fullfact.github.io/markup-investigation/docs/notes/01-basic-usage/).
// A required field missing is an error. A recommended field missing is an
// error too unless the note or dossier lacks what it is made from (given
// by source: a key of the note or of the dossier in dossier.json).
type ldField struct {
	path     string // dot-separated keys from the ClaimReview
	required bool
	kind     string // text, url, date, number, or @type values separated by |
	source   string // "note.<key>" or "dossier.<key>": what a missing recommended field lacks
}

var claimReviewFields = []ldField{
	{"claimReviewed", true, "text", ""},
	{"url", true, "url", ""},
	{"reviewRating", true, "Rating", ""},
	{"reviewRating.alternateName", true, "text", ""},
	{"reviewRating.ratingValue", false, "number", "scale"},
	{"reviewRating.bestRating", false, "number", "scale"},
	{"reviewRating.worstRating", false, "number", "scale"},
	// The author is the publisher of the fact-check, not of the claim.
	{"author", false, "Organization", ""},
	{"author.name", false, "text", ""},
	{"author.url", false, "url", ""},
	{"datePublished", false, "date", "note.date"},
	{"inLanguage", false, "text", ""},
	{"itemReviewed", false, "Claim", ""},
	{"itemReviewed.author", false, "Organization|Person", "note.claimant"},
	{"itemReviewed.author.name", false, "text", "note.claimant"},
	{"itemReviewed.datePublished", false, "date", "dossier.published"},
	{"itemReviewed.appearance", false, "CreativeWork", ""},
	{"itemReviewed.appearance.url", false, "url", "dossier.url"},
}

// ldGet follows a dot-separated path through decoded JSON.
func ldGet(v any, path string) (any, bool) {
	for key := range strings.SplitSeq(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[key]; !ok {
			return nil, false
		}
	}
	return v, true
}

// validateClaimReview checks one decoded ClaimReview against the table,
// against the facts of the note and dossier it was made from (their
// objects in dossier.json), and against the site's baseURL and language.
// It returns every problem found.
func validateClaimReview(review map[string]any, note, dossier map[string]any, baseURL, language string) []string {
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if review["@type"] != "ClaimReview" {
		fail("@type %v, want ClaimReview", review["@type"])
	}
	for _, f := range claimReviewFields {
		v, ok := ldGet(review, f.path)
		if !ok {
			has := false
			switch {
			case f.required:
				has = true
			case f.source == "scale":
				// A verdict outside the numeric scale has no number.
				has = note["verdict"] != "unsupported" && note["verdict"] != "opinion"
			case strings.HasPrefix(f.source, "note."):
				has = note[strings.TrimPrefix(f.source, "note.")] != nil
			case strings.HasPrefix(f.source, "dossier."):
				has = dossier[strings.TrimPrefix(f.source, "dossier.")] != nil
			default:
				has = true // made from the site's settings, which always give it
			}
			if has {
				fail("%s: missing", f.path)
			}
			continue
		}
		switch f.kind {
		case "text":
			if s, _ := v.(string); strings.TrimSpace(s) == "" {
				fail("%s: want text, found %v", f.path, v)
			}
		case "url":
			if s, _ := v.(string); frontmatter.CheckURL(s) != nil {
				fail("%s: want an absolute URL, found %v", f.path, v)
			}
		case "date":
			if s, _ := v.(string); len(s) != len("2006-01-02") || s[4] != '-' || s[7] != '-' {
				fail("%s: want a date, found %v", f.path, v)
			}
		case "number":
			if _, ok := v.(float64); !ok {
				fail("%s: want a number, found %v", f.path, v)
			}
		default:
			typ, _ := ldGet(v, "@type")
			if s, _ := typ.(string); !slices.Contains(strings.Split(f.kind, "|"), s) {
				fail("%s: want @type %s, found %v", f.path, f.kind, typ)
			}
		}
	}
	if s, _ := review["claimReviewed"].(string); utf8.RuneCountInString(s) >= 75 {
		fail("claimReviewed: %d characters, Google asks for under 75", utf8.RuneCountInString(s))
	}
	// A number is given with its scale, and lies on it.
	value, hasValue := ldGet(review, "reviewRating.ratingValue")
	best, hasBest := ldGet(review, "reviewRating.bestRating")
	worst, hasWorst := ldGet(review, "reviewRating.worstRating")
	if hasValue != hasBest || hasValue != hasWorst {
		fail("reviewRating: ratingValue, bestRating and worstRating go together")
	} else if hasValue {
		v, b, w := value.(float64), best.(float64), worst.(float64)
		if !(w <= v && v <= b) {
			fail("reviewRating: %v outside [%v, %v]", v, w, b)
		}
	}
	if u, _ := review["url"].(string); !strings.HasPrefix(u, baseURL) || u != baseURL+note["page"].(string) {
		fail("url %q is not the note's page under %s", u, baseURL)
	}
	if a, _ := ldGet(review, "author.url"); a != baseURL {
		fail("author.url %v is not the site's %s", a, baseURL)
	}
	if l := review["inLanguage"]; l != language {
		fail("inLanguage %v, want the site's %q", l, language)
	}
	// What the note and its dossier say is what the data says.
	if c, _ := note["claimant"].(string); c != "" {
		if name, _ := ldGet(review, "itemReviewed.author.name"); name != c {
			fail("itemReviewed.author.name %v, want the claimant %q", name, c)
		}
		want := "Organization"
		if note["claimantType"] == "person" {
			want = "Person"
		}
		if typ, _ := ldGet(review, "itemReviewed.author.@type"); typ != want {
			fail("itemReviewed.author.@type %v, want %s", typ, want)
		}
	}
	publisher, _ := ldGet(review, "author.name")
	if a, _ := note["author"].(string); a != "" && a != publisher {
		if name, _ := ldGet(review, "creator.name"); name != a {
			fail("creator.name %v, want the note's writer %q", name, a)
		}
		if typ, _ := ldGet(review, "creator.@type"); typ != "Person" {
			fail("creator.@type %v, want Person", typ)
		}
	}
	if a, _ := note["author"].(string); a == publisher || a == "" {
		if c, ok := review["creator"]; ok {
			fail("creator %v, but the note's writer %q is the publisher or no one", c, a)
		}
	}
	if a, _ := dossier["archive"].(string); a != "" {
		if got, _ := ldGet(review, "itemReviewed.appearance.archivedAt"); got != a {
			fail("itemReviewed.appearance.archivedAt %v, want the dossier's archive %q", got, a)
		}
	}
	return problems
}

// structuredSite is a built site's ClaimReviews: those of the note pages
// by page, and the items of claimreview.json.
type structuredSite struct {
	pages   map[string]map[string]any
	feed    map[string]any
	notes   map[string][2]map[string]any // page: note and dossier from dossier.json
	remarks map[string]bool
}

func readStructured(t *testing.T, files map[string][]byte) structuredSite {
	t.Helper()
	s := structuredSite{pages: map[string]map[string]any{}, notes: map[string][2]map[string]any{}, remarks: map[string]bool{}}
	var export struct {
		Dossiers []map[string]any `json:"dossiers"`
	}
	if err := json.Unmarshal(files["dossier.json"], &export); err != nil {
		t.Fatalf("dossier.json: %v", err)
	}
	for _, d := range export.Dossiers {
		for _, n := range d["notes"].([]any) {
			n := n.(map[string]any)
			s.notes[n["page"].(string)] = [2]map[string]any{n, d}
		}
		for _, r := range d["remarks"].([]any) {
			s.remarks[r.(map[string]any)["page"].(string)] = true
		}
	}
	const open, end = `<script type="application/ld+json">`, `</script>`
	for name, data := range files {
		page := string(data)
		i := strings.Index(page, open)
		if i < 0 {
			continue
		}
		ld := page[i+len(open):]
		ld = ld[:strings.Index(ld, end)]
		var v map[string]any
		if err := json.Unmarshal([]byte(ld), &v); err != nil {
			t.Fatalf("%s: structured data: %v", name, err)
		}
		if strings.Count(page, open) != 1 {
			t.Errorf("%s: %d structured data scripts, want 1", name, strings.Count(page, open))
		}
		s.pages[name] = v
	}
	if data, ok := files["claimreview.json"]; ok {
		if err := json.Unmarshal(data, &s.feed); err != nil {
			t.Fatalf("claimreview.json: %v", err)
		}
	}
	return s
}

// TestStructuredDataValid checks every ClaimReview of the fixture and of
// this repository's site, on the note pages and in claimreview.json,
// against the fields Google documents, and the feed against schema.org's
// DataFeed: one DataFeedItem per check, none for a remark, each the very
// ClaimReview of the note's page.
func TestStructuredDataValid(t *testing.T) {
	// The fixture again in another language, which every ClaimReview
	// must then give.
	portuguese := fstest.MapFS{}
	fs.WalkDir(os.DirFS(fixture), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !e.IsDir() {
			data, _ := fs.ReadFile(os.DirFS(fixture), p)
			if p == "content/_index.md" {
				data = []byte(strings.Replace(string(data), "language: en", "language: pt-BR", 1))
			}
			portuguese[p] = &fstest.MapFile{Data: data}
		}
		return nil
	})
	for _, tt := range []struct {
		name     string
		src      fs.FS
		baseURL  string
		language string
	}{
		{"fixture", os.DirFS(fixture), "", "en"},
		{"fixture in Portuguese", portuguese, "", "pt-BR"},
		{"repository", os.DirFS("../.."), "https://example.org/facts/", "en"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := site.NewLoader()
			l.BaseURL = tt.baseURL
			var mem output.Memory
			res, err := Run(l, tt.src, &mem)
			if err != nil {
				t.Fatalf("%v\n%s", err, res.Diags)
			}
			baseURL, language := res.Site.Settings.BaseURL, res.Site.Settings.Language
			if language != tt.language {
				t.Fatalf("the site's language is %q, want %q: the test did not reach it", language, tt.language)
			}
			s := readStructured(t, mem.Files())
			if len(s.notes) == 0 {
				t.Fatal("no notes: the test reached nothing")
			}
			for page, nd := range s.notes {
				review := s.pages[page]
				if review == nil {
					t.Errorf("%s: no ClaimReview", page)
					continue
				}
				if review["@context"] != "https://schema.org" {
					t.Errorf("%s: @context %v", page, review["@context"])
				}
				for _, p := range validateClaimReview(review, nd[0], nd[1], baseURL, language) {
					t.Errorf("%s: %s", page, p)
				}
			}
			for page := range s.remarks {
				if s.pages[page] != nil {
					t.Errorf("%s: a remark's page has structured data", page)
				}
			}
			for page := range s.pages {
				if _, ok := s.notes[page]; !ok {
					t.Errorf("%s: structured data on a page that is no check's", page)
				}
			}

			// The feed.
			if s.feed == nil {
				t.Fatal("no claimreview.json")
			}
			for key, want := range map[string]any{"@context": "https://schema.org", "@type": "DataFeed", "url": baseURL + "claimreview.json", "inLanguage": language} {
				if s.feed[key] != want {
					t.Errorf("claimreview.json: %s is %v, want %v", key, s.feed[key], want)
				}
			}
			newest := ""
			for _, nd := range s.notes {
				for _, k := range []string{"date", "updated"} {
					if d, _ := nd[0][k].(string); d > newest {
						newest = d
					}
				}
			}
			if s.feed["dateModified"] != newest {
				t.Errorf("claimreview.json: dateModified %v, want the newest note's %s", s.feed["dateModified"], newest)
			}
			items, _ := s.feed["dataFeedElement"].([]any)
			if len(items) != len(s.notes) {
				t.Errorf("claimreview.json: %d items, want one per check: %d", len(items), len(s.notes))
			}
			seen := map[string]bool{}
			for i, it := range items {
				it, _ := it.(map[string]any)
				review, _ := it["item"].(map[string]any)
				u, _ := review["url"].(string)
				page := strings.TrimPrefix(u, baseURL)
				nd, ok := s.notes[page]
				if it["@type"] != "DataFeedItem" || !ok || seen[page] {
					t.Errorf("claimreview.json item %d: type %v, page %q: not one DataFeedItem per check", i, it["@type"], page)
					continue
				}
				seen[page] = true
				note := nd[0]
				if it["dateCreated"] != note["date"] {
					t.Errorf("claimreview.json %s: dateCreated %v, want the note's date %v", page, it["dateCreated"], note["date"])
				}
				want := note["updated"]
				if want == nil {
					want = note["date"]
				}
				if it["dateModified"] != want {
					t.Errorf("claimreview.json %s: dateModified %v, want %v", page, it["dateModified"], want)
				}
				if _, ok := review["@context"]; ok {
					t.Errorf("claimreview.json %s: an item repeats the feed's @context", page)
				}
				for _, p := range validateClaimReview(review, note, nd[1], baseURL, language) {
					t.Errorf("claimreview.json %s: %s", page, p)
				}
				// The same ClaimReview as on the page.
				onPage := map[string]any{}
				for k, v := range s.pages[page] {
					if k != "@context" {
						onPage[k] = v
					}
				}
				a, _ := json.Marshal(review)
				b, _ := json.Marshal(onPage)
				if string(a) != string(b) {
					t.Errorf("claimreview.json %s differs from the page's ClaimReview:\n%s\n%s", page, a, b)
				}
			}
		})
	}
}

// TestStructuredDataFacts checks, on the fixture, what the issue asked of
// the ClaimReview: a claimant given as a person is a Person, the others
// Organizations; the writer is the review's creator and the publisher its
// author, with the logo made absolute; the site's language; and the
// article's archived copy in the appearance.
func TestStructuredDataFacts(t *testing.T) {
	s := readStructured(t, buildFixture(t))
	for _, tt := range []struct {
		page, path string
		want       any
	}{
		{"sample/mayor.html", "itemReviewed.author.@type", "Person"},
		{"sample/mayor.html", "itemReviewed.author.name", "The mayor"},
		{"sample/vote.html", "itemReviewed.author.@type", "Organization"},
		{"sample/vote.html", "author.@type", "Organization"},
		{"sample/vote.html", "author.name", "Fixture Desk"},
		{"sample/vote.html", "author.logo", "https://example.org/checks/assets/logo.png"},
		{"sample/vote.html", "creator.@type", "Person"},
		{"sample/vote.html", "creator.name", "Fixture Author"},
		{"sample/vote.html", "inLanguage", "en"},
		{"sample/vote.html", "itemReviewed.appearance.url", "https://news.example.com/library"},
		{"sample/vote.html", "itemReviewed.appearance.archivedAt", "https://web.archive.org/web/2025/https://news.example.com/library"},
	} {
		got, _ := ldGet(s.pages[tt.page], tt.path)
		if got != tt.want {
			t.Errorf("%s: %s is %v, want %v", tt.page, tt.path, got, tt.want)
		}
	}
}

// TestClaimReviewFeedNeedsBaseURL checks that a site without a baseURL has
// no claimreview.json, and that render.Files lists it exactly when it is
// written.
func TestClaimReviewFeedNeedsBaseURL(t *testing.T) {
	for _, tt := range []struct {
		baseURL string
		want    bool
	}{{"", false}, {"https://example.org/facts/", true}} {
		l := site.NewLoader()
		l.BaseURL = tt.baseURL
		var mem output.Memory
		src := fixtureWithoutBaseURL(t)
		res, err := Run(l, src, &mem)
		if err != nil {
			t.Fatalf("%v\n%s", err, res.Diags)
		}
		_, written := mem.Files()["claimreview.json"]
		theme, _ := Theme(src)
		listed := slices.Contains(render.Files(res.Site, theme), "claimreview.json")
		if written != tt.want || listed != tt.want {
			t.Errorf("baseURL %q: claimreview.json written %v, listed %v, want %v", tt.baseURL, written, listed, tt.want)
		}
		s := readStructured(t, mem.Files())
		if len(s.notes) == 0 {
			t.Errorf("baseURL %q: dossier.json lists no note", tt.baseURL)
		}
		for page := range s.notes {
			if (s.pages[page] != nil) != tt.want {
				t.Errorf("baseURL %q: %s has a ClaimReview: %v", tt.baseURL, page, !tt.want)
			}
		}
	}
}
