package check

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/render"
	"github.com/dossier-org/dossier/internal/site"
)

// The article of dossier a has three paragraphs (the headline is one), that
// of dossier b two, so that links to #pN can be judged against each.
const (
	seedA = "Headline\n\nThe plot had two strands.\n\nOfficials agreed.\n"
	seedB = "Other headline\n\nA second article.\n"
)

// noteFile writes a note whose front matter holds lines; the line numbers in
// the expected messages below count from its "---", which is line 1.
func noteFile(lines ...string) string {
	return "---\n" + strings.Join(lines, "\n") + "\n---\nAnalysis.\n"
}

// withBody is noteFile with an analysis of its own, which starts on the
// line after the front matter's closing "---".
func withBody(body string, lines ...string) string {
	return "---\n" + strings.Join(lines, "\n") + "\n---\n" + body
}

// source is a valid "sources" list, four lines long, with an archived
// copy.
const source = "sources:\n  - title: Ministry table\n    url: https://e.org/t\n    archive: https://web.archive.org/web/20240301000000/https://e.org/t"

// load builds a site of two dossiers, a and b, with files (path to text)
// added. The loader's own diagnostics are returned so that a case can show
// that its fixture breaks only the rule it is about.
func load(t *testing.T, files map[string]string) (*site.Site, []string) {
	t.Helper()
	fsys := fstest.MapFS{
		"seeds/a.txt":         {Data: []byte(seedA)},
		"seeds/b.txt":         {Data: []byte(seedB)},
		"content/_index.md":   {Data: []byte("---\ntitle: Site\n---\n")},
		"content/a/_index.md": {Data: []byte("---\nheadline: H\n---\n")},
		"content/b/_index.md": {Data: []byte("---\nheadline: B\n---\n")},
	}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	s, diags := site.NewLoader().Load(fsys)
	var errs []string
	for _, d := range diags {
		errs = append(errs, d.String())
	}
	return s, errs
}

func TestSite(t *testing.T) {
	seedSHA := digest(seedA)
	clean := noteFile("title: Two strands", `quote: "two strands"`, "verdict: accurate", "date: 2024-03-02",
		source, "    date: 2024-03-01")

	tests := []struct {
		name  string
		files map[string]string
		// loadErrs are the loader's own diagnostics, which Site does not
		// repeat; most fixtures have none.
		loadErrs []string
		want     []string
	}{
		{
			name:  "clean",
			files: map[string]string{"content/a/n.md": clean},
		},
		{
			// Each rule compares two things; equal ones, and missing ones,
			// are not a problem.
			name: "clean at the boundaries",
			files: map[string]string{
				"content/a/same-day.md": noteFile("title: Same day", `quote: "two strands"`, "verdict: accurate",
					"date: 2024-03-02", "updated: 2024-03-02", source, "    date: 2024-03-02"),
				"content/a/undated.md": noteFile("title: Undated", `quote: "Officials agreed"`, "verdict: accurate",
					source, "    date: 2030-01-01"),
				"content/b/digest.md": noteFile("title: Upper-case digest", `quote: "A second article"`, "verdict: accurate",
					"seedSHA256: "+strings.ToUpper(digest(seedB)), source),
			},
		},
		{
			// A draft's problems are warnings, whether it is left out of
			// the site (as here) or not: one unfinished note never blocks
			// the site. Its links resolve against the site as built.
			name:  "draft note",
			files: map[string]string{"content/a/n.md": withBody("[x](gone.html)\n", "title: Two strands", `quote: "two strands"`, "verdict: accurate", "draft: true")},
			want: []string{
				`content/a/n.md:2:8: warning: the note cites no source: add at least one under "sources"`,
				`content/a/n.md:7:5: warning: link "gone.html" points to "a/gone.html", which the site does not have`,
			},
		},
		{
			name: "note of a draft dossier",
			files: map[string]string{
				"content/b/_index.md": "---\nheadline: B\ndraft: true\n---\n",
				"content/b/n.md":      noteFile("title: Second", `quote: "A second article"`, "verdict: accurate"),
			},
			want: []string{`content/b/n.md:2:8: warning: the note cites no source: add at least one under "sources"`},
		},
		{
			// A page's links are checked as a note's are; a draft page's
			// problems are warnings.
			name: "pages' links",
			files: map[string]string{
				"content/about.md": "---\ntitle: About\n---\n[scale](methodology.html#scale), [a](a/index.html#p3), [b](b/index.html#p9), [gone](gone.html), [up](../x.html)\n",
				"content/team.md":  "---\ntitle: Team\ndraft: true\n---\n[about](about.html), [gone](gone.html)\n",
			},
			want: []string{
				`content/about.md:4:60: link "b/index.html#p9" points to paragraph "#p9", but the article has 2 paragraphs`,
				`content/about.md:4:85: link "gone.html" points to "gone.html", which the site does not have`,
				`content/about.md:4:102: link "../x.html" leaves the site: use an absolute https:// address for outside pages`,
				`content/team.md:5:29: warning: link "gone.html" points to "gone.html", which the site does not have`,
			},
		},
		{
			name: "logo not in the site",
			files: map[string]string{
				"content/_index.md": "---\ntitle: Site\nlogo: img/logo.png\n---\n",
			},
			want: []string{`content/_index.md:3:7: warning: the logo "img/logo.png" is not a file of the site: put it in static/img/logo.png, or give an https:// address`},
		},
		{
			name: "logo in static/, or elsewhere",
			files: map[string]string{
				"content/_index.md":   "---\ntitle: Site\nlogo: img/logo.png\n---\n",
				"static/img/logo.png": "\x89PNG",
				"content/about.md":    "---\ntitle: About\n---\n[logo](img/logo.png) [CNAME](CNAME)\n",
				"static/CNAME":        "x.example\n",
			},
		},
		{
			name:  "no source",
			files: map[string]string{"content/a/n.md": noteFile("title: Two strands", `quote: "two strands"`, "verdict: accurate")},
			want:  []string{`content/a/n.md:2:8: the note cites no source: add at least one under "sources"`},
		},
		{
			name:  "empty list of sources",
			files: map[string]string{"content/a/n.md": noteFile("title: Two strands", `quote: "two strands"`, "verdict: accurate", "sources: []")},
			want:  []string{`content/a/n.md:2:8: the note cites no source: add at least one under "sources"`},
		},
		{
			// A remark makes no finding for a source to support; the
			// other rules hold for it as for a check.
			name: "a remark needs no source, but its dates and links are checked",
			files: map[string]string{
				"content/a/typo.md": noteFile("kind: remark", "title: Typo", `quote: "two strands"`, "date: 2024-03-02", "updated: 2024-03-01"),
				"content/a/furniture.md": withBody("See [the typo](typo.html) and [nothing](gone.html).\n",
					"kind: remark", "title: Furniture", `quote: "Headline"`, "date: 2024-03-01", source, "    date: 2024-04-01"),
			},
			want: []string{
				`content/a/furniture.md:10:11: source "Ministry table" is dated 2024-04-01, after the note's date 2024-03-01`,
				`content/a/furniture.md:12:41: link "gone.html" points to "a/gone.html", which the site does not have`,
				`content/a/typo.md:6:10: "updated" (2024-03-01) is before "date" (2024-03-02)`,
			},
		},
		{
			name: "source after the note",
			files: map[string]string{"content/a/n.md": noteFile("title: T", `quote: "two strands"`, "verdict: accurate", "date: 2024-03-01",
				source, "    date: 2024-04-01")},
			want: []string{`content/a/n.md:10:11: source "Ministry table" is dated 2024-04-01, after the note's date 2024-03-01`},
		},
		{
			// The evidence kept where a reader can still see it: a source
			// without an archived copy is a warning at the source, in a
			// check and a remark alike; a source that gives one is not,
			// nor an invented example's, whose page does not exist.
			name: "sources without an archived copy",
			files: map[string]string{
				"content/a/n.md": noteFile("title: T", `quote: "two strands"`, "verdict: accurate",
					"sources:", "  - title: Report", "    url: https://e.org/r", "  - {title: \"Archived\", url: \"https://e.org/a\", archive: \"https://archive.ph/x\"}", "  - {title: \"Table \u202e\", url: \"https://e.org/t\"}", "  - {title: Invented, url: \"https://council.example/doc\"}"),
				"content/a/typo.md": noteFile("kind: remark", "title: Typo", `quote: "Headline"`, "sources: [{title: Style guide, url: 'https://e.org/s'}]"),
			},
			want: []string{
				`content/a/n.md:6:5: warning: source "Report" has no archived copy: run "dossier archive" to have the Internet Archive make one, or give the address of one under "archive"`,
				`content/a/n.md:9:5: warning: source "Table \u202e" has no archived copy: run "dossier archive" to have the Internet Archive make one, or give the address of one under "archive"`,
				`content/a/typo.md:5:11: warning: source "Style guide" has no archived copy: run "dossier archive" to have the Internet Archive make one, or give the address of one under "archive"`,
			},
		},
		{
			// The sources page lists an address once, with one kind: the
			// notes of a dossier that give it two are warned after the
			// first; a note that gives none, or another dossier's, is not.
			name: "a source given two kinds",
			files: map[string]string{
				"content/a/first.md": noteFile("title: First", `quote: "two strands"`, "verdict: accurate", "sources:",
					"  - {title: Report, url: \"https://paper.example/r\", kind: news}"),
				"content/a/second.md": noteFile("title: Second", `quote: "Officials agreed"`, "verdict: accurate", "sources:",
					"  - title: Report", "    url: https://paper.example/r", "    kind: wire"),
				"content/a/none.md": noteFile("title: None", `quote: "Headline"`, "verdict: accurate", "sources:",
					"  - {title: Report, url: \"https://paper.example/r\"}"),
				"content/b/other.md": noteFile("title: Other", `quote: "A second article"`, "verdict: accurate", "sources:",
					"  - {title: Report, url: \"https://paper.example/r\", kind: primary}"),
			},
			want: []string{`content/a/second.md:8:11: warning: source "Report" is kind: wire here, but kind: news in first.md: a source is one kind wherever it is cited; give it the same kind in both notes`},
		},
		{
			// An archived copy older than the page cannot be a copy of it;
			// one made the same month as a page dated to the month can.
			name: "an archived copy older than its source",
			files: map[string]string{"content/a/n.md": noteFile("title: T", `quote: "two strands"`, "verdict: accurate", "date: 2024-03-01",
				"sources:",
				"  - {title: Old, url: https://e.org/a, date: 2024-02-10, archive: \"https://web.archive.org/web/20240101000000/https://e.org/a\", archived: 2024-01-01}",
				"  - {title: Month, url: https://e.org/b, date: 2024-02, archive: \"https://web.archive.org/web/20240201000000/https://e.org/b\", archived: 2024-02-01}")},
			want: []string{`content/a/n.md:7:139: warning: the archived copy of source "Old" is dated 2024-01-01, before the source's own date 2024-02-10: it cannot be a copy of it; check its address under "archive"`},
		},
		{
			name: "updated before date",
			files: map[string]string{"content/a/n.md": noteFile("title: T", `quote: "two strands"`, "verdict: accurate", "date: 2024-03-02",
				"updated: 2024-03-01", source)},
			want: []string{`content/a/n.md:6:10: "updated" (2024-03-01) is before "date" (2024-03-02)`},
		},
		{
			// The seed changed after review: the quote may still be found,
			// but its meaning may have moved, so a reviewer is told, not
			// stopped.
			name:  "seed changed",
			files: map[string]string{"content/a/n.md": noteFile("title: T", `quote: "two strands"`, "verdict: accurate", "seedSHA256: 00ff", source)},
			want: []string{`content/a/n.md:5:13: warning: "seeds/a.txt" has changed since this note was reviewed (its SHA-256 is now ` + seedSHA +
				`): check that the quote still means what the note says, then update "seedSHA256"`},
		},
		{
			// Several problems of one note are all reported, in file order.
			name: "broken links",
			files: map[string]string{
				"content/a/other.md": clean,
				"content/a/n.md": withBody("See [the article](index.html#p2), [paragraph 9](index.html#p9),\n"+
					"[a page](missing.html), [above the root](../../x.html), [root](/a/index.html)\n"+
					"and [claims](claims.html), [home](../), [the other](other.html#p1).\n",
					"title: T", `quote: "two strands"`, "verdict: accurate", source),
			},
			want: []string{
				`content/a/n.md:10:49: link "index.html#p9" points to paragraph "#p9", but the article has 3 paragraphs`,
				`content/a/n.md:11:10: link "missing.html" points to "a/missing.html", which the site does not have`,
				`content/a/n.md:11:42: link "../../x.html" leaves the site: use an absolute https:// address for outside pages`,
				`content/a/n.md:11:64: link "/a/index.html" leaves the site: use an absolute https:// address for outside pages`,
			},
		},
		{
			// Paragraph anchors are counted in the article the link lands
			// on, not the one the note belongs to; other ids, and anchors on
			// pages without paragraphs, are not checked.
			name: "links across dossiers",
			files: map[string]string{
				"content/b/m.md": noteFile("title: M", `quote: "A second article"`, "verdict: accurate", source),
				"content/a/n.md": withBody("[1](../b/index.html#p2) [2](../b/index.html#p3) [3](../b/m.html) [4](../b/n.html)\n"+
					"[5](index.html#p0) [6](index.html#p3) [7](index.html#top) [8](claims.html#p9) [9](../methodology.html)\n"+
					"[10](../b/) [11](./) [12](../search.html?q=x) [13](../a/sources.html)\n",
					"title: T", `quote: "two strands"`, "verdict: accurate", source),
			},
			want: []string{
				`content/a/n.md:10:29: link "../b/index.html#p3" points to paragraph "#p3", but the article has 2 paragraphs`,
				`content/a/n.md:10:70: link "../b/n.html" points to "b/n.html", which the site does not have`,
				`content/a/n.md:11:5: link "index.html#p0" points to paragraph "#p0", but the article has 3 paragraphs`,
			},
		},
		{
			// The taxonomies' pages exist for the terms some published note
			// has: a withdrawn note's tag has none.
			name: "links to tag and claimant pages",
			files: map[string]string{
				"content/a/old.md": noteFile("title: Old", `quote: "Headline"`, "verdict: accurate", "tags: [gone]", "retracted: {date: 2024-05-01, reason: Wrong.}", source),
				"content/a/n.md": withBody("[1](../tags/index.html) [2](../tags/iran.html) [3](../claimants/the-minister.html) [4](../claimants/index.html)\n"+
					"[5](../tags/gone.html) [6](../tags/nuclear.html)\n",
					"title: T", `quote: "two strands"`, "verdict: accurate", "tags: [Irán]", `claimant: "The Minister"`, source),
			},
			want: []string{
				`content/a/n.md:13:5: link "../tags/gone.html" points to "tags/gone.html", which the site does not have`,
				`content/a/n.md:13:28: link "../tags/nuclear.html" points to "tags/nuclear.html", which the site does not have`,
			},
		},
		{
			// "." names the folder the page is in, as "./" does: the
			// dossier's index page.
			name: "link to the page's own folder",
			files: map[string]string{"content/a/n.md": withBody("[the article](.) and [its second paragraph](.#p2).\n",
				"title: T", `quote: "two strands"`, "verdict: accurate", source)},
		},
		{
			// Without a baseURL the site has no feed and no sitemap, so a
			// link to either is broken; the other site-wide files exist.
			name: "feeds without a baseURL",
			files: map[string]string{"content/a/n.md": withBody("[feed](../feed.xml) [map](../sitemap.xml) [data](../dossier.json) [css](../assets/verdicts.css) [robots](../robots.txt)\n",
				"title: T", `quote: "two strands"`, "verdict: accurate", source)},
			want: []string{
				`content/a/n.md:10:8: link "../feed.xml" points to "feed.xml", which the site does not have`,
				`content/a/n.md:10:27: link "../sitemap.xml" points to "sitemap.xml", which the site does not have`,
			},
		},
		{
			// A note whose quote is not found is not published, but a
			// reviewer still needs its problems, and a link to its page is
			// a link to nothing.
			name: "unanchored note",
			files: map[string]string{
				"content/a/lost.md": noteFile("title: Lost", `quote: "three strands"`, "verdict: accurate"),
				"content/a/n.md": withBody("Compare [the lost note](lost.html).\n",
					"title: T", `quote: "two strands"`, "verdict: accurate", source),
			},
			loadErrs: []string{`content/a/lost.md:3:8: quote not found in "seeds/a.txt"`},
			want: []string{
				`content/a/lost.md:2:8: the note cites no source: add at least one under "sources"`,
				`content/a/n.md:10:25: link "lost.html" points to "a/lost.html", which the site does not have`,
			},
		},
		{
			// Every rule broken at once, in two dossiers: all are
			// reported, sorted by file and then by position.
			name: "several problems",
			files: map[string]string{
				"content/b/z.md": noteFile("title: Z", `quote: "A second article"`, "verdict: accurate", "seedSHA256: "+seedSHA),
				"content/a/n.md": withBody("[gone](gone.html)\n",
					"title: T", `quote: "two strands"`, "verdict: accurate", "date: 2024-03-02", "updated: 2024-01-01",
					source, "    date: 2024-05-01"),
				"content/a/m.md": noteFile("title: M", `quote: "Officials agreed"`, "verdict: accurate"),
			},
			want: []string{
				`content/a/m.md:2:8: the note cites no source: add at least one under "sources"`,
				`content/a/n.md:6:10: "updated" (2024-01-01) is before "date" (2024-03-02)`,
				`content/a/n.md:11:11: source "Ministry table" is dated 2024-05-01, after the note's date 2024-03-02`,
				`content/a/n.md:13:8: link "gone.html" points to "a/gone.html", which the site does not have`,
				`content/b/z.md:2:8: the note cites no source: add at least one under "sources"`,
				`content/b/z.md:5:13: warning: "seeds/b.txt" has changed since this note was reviewed (its SHA-256 is now ` + digest(seedB) +
					`): check that the quote still means what the note says, then update "seedSHA256"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, loadErrs := load(t, tt.files)
			if !matchPrefixes(loadErrs, tt.loadErrs) {
				t.Fatalf("the fixture loads with\n%s\nwant\n%s", strings.Join(loadErrs, "\n"), strings.Join(tt.loadErrs, "\n"))
			}
			var got []string
			for _, d := range Site(s, embeddedTheme(t)) {
				got = append(got, d.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// embeddedTheme is the theme of a site without a templates/ folder.
func embeddedTheme(t *testing.T) *render.Theme {
	t.Helper()
	theme, diags := render.LoadTheme(nil, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return theme
}

func digest(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// matchPrefixes reports whether each of got starts with the corresponding
// want: the loader's messages are tested in package site, and only their
// place matters here.
func matchPrefixes(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !strings.HasPrefix(got[i], want[i]) {
			return false
		}
	}
	return true
}

func TestPages(t *testing.T) {
	s, errs := load(t, map[string]string{
		"content/a/n.md":    noteFile("title: N", `quote: "two strands"`, "verdict: accurate", source),
		"content/a/lost.md": noteFile("title: Lost", `quote: "three strands"`, "verdict: accurate", source),
		"content/b/m.md":    noteFile("title: M", `quote: "A second article"`, "verdict: accurate", source),
		"content/b/r.md":    noteFile("kind: remark", "title: R", `quote: "Other headline"`),
	})
	if len(errs) != 1 {
		t.Fatalf("want only the unanchored note's error, got\n%s", strings.Join(errs, "\n"))
	}
	want := map[string]int{
		"index.html": 0, "methodology.html": 0, "corrections.html": 0, "search.html": 0, "404.html": 0,
		"dossier.json": 0, "assets/search-index.js": 0, "assets/verdicts.css": 0, "robots.txt": 0,
		// The search index's one word shard and one chunk of entries.
		"assets/search/w0.js": 0, "assets/search/e0.js": 0,
		"assets/style.css": 0, "assets/site.js": 0, "assets/chroma.css": 0,
		"a/index.html": 3, "a/claims.html": 0, "a/sources.html": 0, "a/n.html": 0,
		"b/index.html": 2, "b/claims.html": 0, "b/sources.html": 0, "b/m.html": 0, "b/r.html": 0,
		// The files of sharing: a card per dossier and per check, an
		// embed card per check; none for the remark, and no oEmbed file
		// without a baseURL.
		"a/card.png": 0, "a/card/n.png": 0, "a/embed/n.html": 0,
		"b/card.png": 0, "b/card/m.png": 0, "b/embed/m.html": 0,
	}
	if got := Pages(s, embeddedTheme(t)); !maps.Equal(got, want) {
		t.Errorf("Pages =\n%v\nwant\n%v", got, want)
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		dest, target, fragment string
		ok                     bool
	}{
		{"other.html", "a/other.html", "", true},
		{"./other.html", "a/other.html", "", true},
		{"index.html#p3", "a/index.html", "p3", true},
		{".", "a/index.html", "", true},
		{"./", "a/index.html", "", true},
		{".#p2", "a/index.html", "p2", true},
		{"..", "index.html", "", true},
		{"../", "index.html", "", true},
		{"../b/", "b/index.html", "", true},
		{"../b/.", "b/index.html", "", true},
		{"../b/c/..", "b/index.html", "", true},
		{"../b/n.html?x=1#p1", "b/n.html", "p1", true},
		{"../a/../b/n.html", "b/n.html", "", true},
		{"../../x.html", "", "", false},
		{"../b/../../x.html", "", "", false},
		{"/a/n.html", "", "", false},
		{"%zz", "", "", false},
	}
	for _, tt := range tests {
		target, fragment, ok := resolve("a/n.html", tt.dest)
		if target != tt.target || fragment != tt.fragment || ok != tt.ok {
			t.Errorf("resolve(%q) = %q, %q, %v; want %q, %q, %v", tt.dest, target, fragment, ok, tt.target, tt.fragment, tt.ok)
		}
	}
}

func TestParagraphExists(t *testing.T) {
	tests := []struct {
		fragment string
		want     bool
	}{
		{"p1", true},
		{"p3", true},
		{"p4", false},
		{"p0", false},
		{"p-1", false},
		{"p", true},    // not a paragraph anchor
		{"px", true},   // not a paragraph anchor
		{"top", true},  // not a paragraph anchor
		{"P2", true},   // ids are case-sensitive: not a paragraph anchor
		{"3", true},    // not a paragraph anchor
		{"p99", false}, // past the end
	}
	for _, tt := range tests {
		if got := paragraphExists(tt.fragment, 3); got != tt.want {
			t.Errorf("paragraphExists(%q, 3) = %v, want %v", tt.fragment, got, tt.want)
		}
	}
}
