package check

import (
	"strings"
	"testing"
	"testing/fstest"

	"dossier/internal/site"
)

const seedText = "Headline\n\nThe plot had two strands.\n\nOfficials agreed.\n"

// noteFile writes a note whose front matter holds lines; the line numbers in the
// expected messages below count from its "---".
func noteFile(lines ...string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\n" + strings.Join(lines, "\n") + "\n---\nAnalysis.\n")}
}

const source = "sources:\n  - title: Ministry table\n    url: https://e.org/t"

func load(t *testing.T, notes map[string]*fstest.MapFile) *site.Site {
	t.Helper()
	fsys := fstest.MapFS{
		"seeds/a.txt":         {Data: []byte(seedText)},
		"content/_index.md":   {Data: []byte("---\ntitle: Site\n---\n")},
		"content/a/_index.md": {Data: []byte("---\nheadline: H\n---\n")},
	}
	for name, f := range notes {
		fsys["content/a/"+name] = f
	}
	s, diags := site.NewLoader().Load(fsys)
	if diags.HasErrors() {
		t.Fatalf("the fixture does not load:\n%s", diags)
	}
	return s
}

func TestSite(t *testing.T) {
	clean := noteFile("title: Two strands", `quote: "two strands"`, "verdict: accurate", "date: 2024-03-02",
		source, "    date: 2024-03-01")
	tests := []struct {
		name string
		note *fstest.MapFile
		want []string
	}{
		{"clean", clean, nil},
		{"no source", noteFile("title: Two strands", `quote: "two strands"`, "verdict: accurate"),
			[]string{`content/a/n.md:2:8: the note cites no source: add at least one under "sources"`}},
		{"source after the note", noteFile("title: T", `quote: "two strands"`, "verdict: accurate", "date: 2024-03-01",
			source, "    date: 2024-04-01"),
			[]string{`content/a/n.md:9:11: source "Ministry table" is dated 2024-04-01, after the note's date 2024-03-01`}},
		{"updated before date", noteFile("title: T", `quote: "two strands"`, "verdict: accurate", "date: 2024-03-02",
			"updated: 2024-03-01", source),
			[]string{`content/a/n.md:6:10: "updated" (2024-03-01) is before "date" (2024-03-02)`}},
		// The seed changed after review: the quote may still be found, but
		// its meaning may have moved, so a reviewer is told, not stopped.
		{"seed changed", noteFile("title: T", `quote: "two strands"`, "verdict: accurate", "seedSHA256: 00ff", source),
			[]string{"content/a/n.md:5:13: warning: seeds/a.txt has changed since this note was reviewed"}},
		// Several problems of one note are all reported, in file order.
		{"links", &fstest.MapFile{Data: []byte("---\ntitle: T\nquote: \"two strands\"\nverdict: accurate\n" + source +
			"\n---\nSee [the article](index.html#p2), [paragraph 9](index.html#p9),\n" +
			"[a page](missing.html), [above the root](../../x.html), [root](/a/index.html)\n" +
			"and [claims](claims.html), [home](../), [the other](other.html#p1).\n")}, []string{
			`content/a/n.md:9:49: link "index.html#p9" points to paragraph #p9, but the article has 3 paragraphs`,
			`content/a/n.md:10:10: link "missing.html" points to a/missing.html, which the site does not have`,
			`content/a/n.md:10:42: link "../../x.html" leaves the site: use an absolute https:// address for outside pages`,
			`content/a/n.md:10:64: link "/a/index.html" leaves the site: use an absolute https:// address for outside pages`,
		}},
	}
	for _, tt := range tests {
		notes := map[string]*fstest.MapFile{"n.md": tt.note}
		if tt.name == "links" {
			notes["other.md"] = clean
		}
		diags := Site(load(t, notes))
		var got []string
		for _, d := range diags {
			got = append(got, d.String())
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: got\n%s\nwant\n%s", tt.name, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], tt.want[i]) {
				t.Errorf("%s: got\n%s\nwant\n%s", tt.name, got[i], tt.want[i])
			}
		}
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		dest, target, fragment string
		ok                     bool
	}{
		{"other.html", "a/other.html", "", true},
		{"index.html#p3", "a/index.html", "p3", true},
		{"../", "index.html", "", true},
		{"../b/", "b/index.html", "", true},
		{"../b/n.html?x=1", "b/n.html", "", true},
		{"../../x.html", "", "", false},
		{"/a/n.html", "", "", false},
	}
	for _, tt := range tests {
		target, fragment, ok := resolve("a/n.html", tt.dest)
		if target != tt.target || fragment != tt.fragment || ok != tt.ok {
			t.Errorf("resolve(%q) = %q, %q, %v; want %q, %q, %v", tt.dest, target, fragment, ok, tt.target, tt.fragment, tt.ok)
		}
	}
}
