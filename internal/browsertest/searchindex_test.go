package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dossier-org/dossier/internal/corpus"
)

// TestSearchRankedAndMarked checks that the search lists first the notes
// whose titles have the words, and marks the words it matched, whole words
// found by their beginning: in the fixture, "it" is in the analysis of the
// first note and in the title and quote of the last, which comes first, and
// "name" in the title of one note that has a word beginning "librar".
func TestSearchRankedAndMarked(t *testing.T) {
	s := siteNamed(t, "fixture")
	tab := browser(t)
	for _, c := range []struct {
		query, first string
		marks        []string // the first result's marked words
	}{
		{"it", "sample/opponents.html", []string{"it", "it"}},
		// "library's" in its title, "Library" in its dossier's.
		{"librar name", "sample/street.html", []string{"library's", "name", "Library"}},
	} {
		hrefs, err := searchResults(tab, s.url("search.html?q="+c.query))
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		if len(hrefs) == 0 || hrefs[0] != s.url(c.first) {
			t.Errorf("%q found %q, want %s first", c.query, hrefs, c.first)
			continue
		}
		var marks []string
		var html string
		err = step(tab, chromedp.Evaluate(`[...document.querySelectorAll('#search-results li:first-child mark')].map(m => m.textContent)`, &marks),
			chromedp.Evaluate(`document.querySelector('#search-results li').innerHTML`, &html))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(marks, "|") != strings.Join(c.marks, "|") {
			t.Errorf("%q: the first result marks %q, want %q:\n%s", c.query, marks, c.marks, html)
		}
	}
}

// TestSearchLoadsOnDemand builds a site of 150 notes, whose index is in
// 4 word shards and 10 entry chunks, and searches it over file://, where a
// page may not fetch files, and over HTTP: a one-word search loads one
// shard and the chunks of the first page of results, and the "more" button
// shows the next page.
func TestSearchLoadsOnDemand(t *testing.T) {
	src := t.TempDir()
	files := map[string]string{}
	for _, f := range corpus.Default(3, 50).Files() {
		files[f.Path] = string(f.Data)
	}
	s, err := buildSite(SiteSpec{Name: "corpus", Src: src, Files: files})
	if s != nil {
		t.Cleanup(func() {
			if s.srv != nil {
				s.srv.Close()
			}
			os.RemoveAll(filepath.Dir(s.dir))
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	tab := browser(t)
	for _, scheme := range []struct {
		name string
		url  func(string) string
	}{
		{"file", s.fileURL},
		{"http", s.url},
	} {
		// The quote of the eighth note of the second dossier, and no
		// other, has "1-7": its entry is in the first chunk.
		hrefs, err := searchResults(tab, scheme.url("search.html?q=1-7"))
		if err != nil {
			t.Fatalf("over %s: %v", scheme.name, err)
		}
		if len(hrefs) != 1 || hrefs[0] != scheme.url("d0001/n007.html") {
			t.Errorf("over %s: searching for 1-7 found %q", scheme.name, hrefs)
		}
		var loaded []string
		if err := step(tab, chromedp.Evaluate(`[...document.scripts].map(s => s.src).filter(s => s.includes('/search/')).map(s => s.replace(/^.*\/search\//, ''))`, &loaded)); err != nil {
			t.Fatal(err)
		}
		if len(loaded) != 2 || loaded[0][0] != 'w' || loaded[1] != "e3.js" {
			t.Errorf("over %s: loaded %q; want one shard of 4 and one chunk of 10, e3.js", scheme.name, loaded)
		}
		// "budget" is in nearly every note: the first page, then the next.
		hrefs, err = searchResults(tab, scheme.url("search.html?q=budget"))
		if err != nil {
			t.Fatalf("over %s: %v", scheme.name, err)
		}
		if len(hrefs) != 20 {
			t.Errorf("over %s: %d results shown, want the first 20", scheme.name, len(hrefs))
		}
		// The next page.
		var more bool
		if err := step(tab, chromedp.Evaluate(`!document.getElementById('search-more').hidden`, &more)); err != nil || !more {
			t.Fatalf("over %s: no button for more results (%v)", scheme.name, err)
		}
		if err := step(tab, chromedp.Click("#search-more", chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
		var n int
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			err := step(tab, chromedp.Evaluate(`document.querySelectorAll('#search-results li').length`, &n))
			if err != nil || n > 20 || time.Now().After(deadline) {
				break
			}
		}
		if n != 40 {
			t.Errorf("over %s: %d results after the button, want 40", scheme.name, n)
		}
		var status string
		if err := step(tab, chromedp.Text("#search-status", &status, chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(status, "notes found") {
			t.Errorf("over %s: the status says %q", scheme.name, status)
		}
	}
}
