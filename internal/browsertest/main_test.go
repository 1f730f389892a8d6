package browsertest

import (
	"os"
	"testing"
)

// suite is the sites in English this package checks, each with the checks
// of Suite, the others in package languages.
var suite = &Suite{Specs: []SiteSpec{
	{
		// The fixture sets https://example.org/checks/ itself. Its few
		// notes are made to use every feature of the theme (a table,
		// code, a footnote, markup in a title), so every page is audited.
		Name: "fixture", Src: "../build/testdata/fixture",
		AuditAll: true,
		// "minutes" is in the analysis of content/sample/vote.md.
		Search: &SearchCase{Query: "minutes", Want: "sample/vote.html"},
	},
	{
		// The fixture again, built with its drafts as `build --drafts`
		// and the preview build it, and one draft note added here, not
		// in the fixture, so that the golden output has no draft. The
		// draft's page carries the banner, and is audited whatever
		// the kind of the first page.
		Name: "drafts", Src: "../build/testdata/fixture",
		Drafts: true,
		Files:  map[string]string{draftNote: draftNoteSource},
		Search: &SearchCase{Query: "minutes", Want: "sample/vote.html"},
		Audit:  []string{draftPage},
	},
	{
		// A site of two languages: an English dossier, its French
		// translation and a page in French, each page with its lang,
		// hreflang links and its language's feed, audited whole.
		Name: "multilingual", Src: "../build/testdata/multilingual",
		AuditAll: true,
		Search:   &SearchCase{Query: "municipal", Want: "pont/cout.html"},
	},
	{
		// The repository's site has a placeholder baseURL, which the
		// publish job overrides with the Pages address; this stands in
		// for it. Its notes change, so its search case is drawn from the
		// output.
		Name: "repository", Src: "../..",
		BaseURL: "https://example.github.io/dossier/",
	},
	{
		// An article captured three times, edited after its check: the
		// revision history, the pages comparing the revisions and the
		// notes' before and after are audited whole.
		Name: "revisions", Src: "../build/testdata/revisions",
		AuditAll: true,
		// "diversion" is in the title of diverted.md.
		Search: &SearchCase{Query: "diversion", Want: "harbour/diverted.html"},
	},
}}

// sites are the suite's sites, for the checks of this package alone.
func sites(t testing.TB) []*builtSite { return suite.sites(t) }

// draftNote is the draft added to the fixture for the "drafts" site, and
// draftPage its page.
const (
	draftNote       = "content/sample/draft.md"
	draftPage       = "sample/draft.html"
	draftNoteSource = `---
title: "A draft: the library's closing date"
quote: "to close the Main Street library"
verdict: unsupported
draft: true
date: 2025-03-07
sources:
  - {title: "Council minutes", url: "https://city.example.gov/minutes"}
---
Still being checked.
`
)

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

// TestSearchLanguageFirst checks that on a site of several languages the
// search lists the notes in the reader's language first: that of the page
// the search box was on (the hl parameter every page's box sends), or else
// the search page's own.
func TestSearchLanguageFirst(t *testing.T) {
	for _, s := range sites(t) {
		if s.Name != "multilingual" {
			continue
		}
		tab := browser(t)
		// "budget" is in the title of both notes, the English and the
		// French.
		for _, tt := range []struct{ query, first string }{
			{"q=budget", "bridge/cost.html"},
			{"q=budget&hl=fr", "pont/cout.html"},
			{"q=budget&hl=en", "bridge/cost.html"},
		} {
			hrefs, err := searchResults(tab, s.url("search.html?"+tt.query))
			if err != nil {
				t.Errorf("%s: %v", tt.query, err)
				continue
			}
			if len(hrefs) != 2 || hrefs[0] != s.url(tt.first) {
				t.Errorf("search.html?%s found %q, want %s first of two", tt.query, hrefs, tt.first)
			}
		}
	}
}
