package report

import (
	"strings"
	"testing"
	"testing/fstest"

	"dossier/internal/diag"
	"dossier/internal/site"
)

const seedText = "Headline\n\nThe plot had two strands. The plot was old.\n\nOfficials agreed.\n"

func noteFile(title, quote, verdict string, urls ...string) *fstest.MapFile {
	fm := "---\ntitle: " + title + "\nquote: \"" + quote + "\"\nverdict: " + verdict + "\n"
	if len(urls) > 0 {
		fm += "sources:\n"
		for _, u := range urls {
			fm += "  - title: S\n    url: " + u + "\n"
		}
	}
	return &fstest.MapFile{Data: []byte(fm + "---\nAnalysis.\n")}
}

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

func TestMarkdown(t *testing.T) {
	base := load(t, map[string]*fstest.MapFile{
		"strands.md": noteFile("Two strands", "two strands", "accurate", "https://e.org/1"),
		"old.md":     noteFile("Old plot", "The plot was old", "opinion"),
		"agreed.md":  noteFile("Agreement", "Officials agreed", "accurate", "https://e.org/2"),
	})
	head := load(t, map[string]*fstest.MapFile{
		"strands.md": noteFile("Two strands", "The plot had two strands", "misleading", "https://e.org/1", "https://e.org/3"),
		"agreed.md":  noteFile("Agreement", "Officials agreed", "accurate"),
		"new.md":     noteFile("New check", "The plot was old", "unsupported"),
	})
	var errs diag.List
	errs.Errorf("content/a/broken.md", 2, 1, "x")
	got := Markdown(Version{Name: "main", Site: base}, Version{Name: "pr", Site: head, Diags: errs})
	want := Marker + `
## Dossier report

Changes from ` + "`main` to `pr`" + `.

> [!WARNING]
> The changed sources have 1 error(s); ` + "`dossier check`" + ` lists them. The summary below covers the notes that could be read.

### Notes added (1)

- ` + "`a/new`" + `: New check — **Unsupported**

### Notes removed (1)

- ` + "`a/old`" + `: Old plot — was **Opinion**

### Verdicts changed (1)

- ` + "`a/strands`" + `: Two strands: **Accurate → Misleading**

### Quotes moved or changed (1)

- ` + "`a/strands`" + `: quote changed from “two strands” (line 3) to “The plot had two strands” (line 3)

### Sources added or removed (2)

- ` + "`a/agreed`" + `: removed <https://e.org/2>
- ` + "`a/strands`" + `: added <https://e.org/3>

### Verdicts before → after

| Dossier | Accurate | Mostly accurate | Missing context | Misleading | Inaccurate | Unsupported | Opinion | Total |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
| ` + "`a`" + ` | 2 → **1** | 0 | 0 | 0 → **1** | 0 | 0 → **1** | 1 → **0** | 3 |

`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// A change that touches no finding says so, rather than leaving empty
// sections for a reviewer to puzzle over.
func TestMarkdownNoChange(t *testing.T) {
	notes := map[string]*fstest.MapFile{"strands.md": noteFile("Two strands", "two strands", "accurate", "https://e.org/1")}
	got := Markdown(Version{Name: "main", Site: load(t, notes)}, Version{Name: "pr", Site: load(t, notes)})
	if !strings.Contains(got, "No note was added, removed or changed in its verdict, quote or sources.") {
		t.Errorf("no 'no change' line in:\n%s", got)
	}
	for _, s := range []string{"### Notes", "### Verdicts changed", "[!WARNING]", "→ **"} {
		if strings.Contains(got, s) {
			t.Errorf("%q in a report of no change:\n%s", s, got)
		}
	}
	if !strings.HasPrefix(got, Marker+"\n") {
		t.Error("the report does not start with its marker")
	}
}
