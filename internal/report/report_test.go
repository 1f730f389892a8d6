package report

import (
	"maps"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/site"
)

// The quotes below are on line 3 ("two strands", "The plot was old") and
// line 5 ("Officials agreed") of this seed.
const seedText = "Headline\n\nThe plot had two strands. The plot was old.\n\nOfficials agreed.\n"

// noteFile writes a note citing urls; its analysis is body.
func noteFile(title, quote, verdict, body string, urls ...string) string {
	fm := "---\ntitle: " + title + "\nquote: \"" + quote + "\"\nverdict: " + verdict + "\n"
	if len(urls) > 0 {
		fm += "sources:\n"
		for _, u := range urls {
			fm += "  - title: S\n    url: " + u + "\n"
		}
	}
	return fm + "---\n" + body
}

// remarkFile writes an unrated remark, which cites no source.
func remarkFile(title, quote string) string {
	return "---\nkind: remark\ntitle: " + title + "\nquote: \"" + quote + "\"\n---\nA remark.\n"
}

// load builds a site of dossier a on seedText, with files (path to text)
// added or, when empty, removed.
func load(t *testing.T, files map[string]string) *site.Site {
	t.Helper()
	fsys := fstest.MapFS{
		"seeds/a.txt":         {Data: []byte(seedText)},
		"content/_index.md":   {Data: []byte("---\ntitle: Site\n---\n")},
		"content/a/_index.md": {Data: []byte("---\nheadline: H\n---\n")},
	}
	for name, text := range files {
		if text == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	s, diags := site.NewLoader().Load(fsys)
	if diags.HasErrors() {
		t.Fatalf("the fixture does not load:\n%s", diags)
	}
	return s
}

// want is the whole report from main to pr: body is what stands between
// the first lines and the table of verdicts, whose rows follow.
func want(body string, rows ...string) string {
	return Marker + "\n## Dossier report\n\nChanges from `main` to `pr`.\n\n" + body +
		"### Verdicts before → after\n\n" +
		"| Dossier | Accurate | Mostly accurate | Missing context | Misleading | Inaccurate | Unsupported | Opinion | Total |\n" +
		"|---|---:|---:|---:|---:|---:|---:|---:|---:|\n" +
		strings.Join(rows, "") + "\n"
}

const noChange = "No note was added, removed or changed in its verdict, quote or sources.\n\n"

func TestMarkdown(t *testing.T) {
	strands := noteFile("Two strands", "two strands", "accurate", "Analysis.\n", "https://e.org/1")
	old := noteFile("Old plot", "The plot was old", "opinion", "Analysis.\n", "https://e.org/2")
	common := map[string]string{"content/a/strands.md": strands, "content/a/old.md": old}
	tests := []struct {
		name       string
		base, head map[string]string // changes to common
		want       string
	}{
		{
			name: "no change",
			want: want(noChange, "| `a` | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |\n"),
		},
		{
			// The analysis is read in the pull request's diff; the report
			// is about findings, which have not changed.
			name: "analysis changed",
			head: map[string]string{"content/a/strands.md": noteFile("Two strands", "two strands", "accurate",
				"A new analysis,\nlonger than the first.\n", "https://e.org/1")},
			want: want(noChange, "| `a` | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |\n"),
		},
		{
			name: "note added",
			head: map[string]string{"content/a/agreed.md": noteFile("Agreement", "Officials agreed", "unsupported", "Analysis.\n", "https://e.org/3")},
			want: want("### Notes added (1)\n\n- `a/agreed`: Agreement — **Unsupported**\n\n",
				"| `a` | 1 | 0 | 0 | 0 | 0 | 0 → **1** | 1 | 2 → **3** |\n"),
		},
		{
			// A check added on copies alone, or changed to rest on them, is
			// put to the reviewer; one with a source of another kind is not.
			name: "checks resting on copies alone",
			head: map[string]string{
				"content/a/agreed.md":  "---\ntitle: Agreement\nquote: \"Officials agreed\"\nverdict: unsupported\nsources:\n  - {title: Blog, url: \"https://e.org/3\", kind: copy}\n---\nAnalysis.\n",
				"content/a/strands.md": "---\ntitle: Two strands\nquote: \"two strands\"\nverdict: accurate\nsources:\n  - {title: S, url: \"https://e.org/1\", kind: copy}\n---\nAnalysis.\n",
				"content/a/old.md":     "---\ntitle: Old plot\nquote: \"The plot was old\"\nverdict: opinion\nsources:\n  - {title: S, url: \"https://e.org/2\", kind: copy}\n  - {title: W, url: \"https://e.org/w\", kind: wire}\n---\nAnalysis.\n",
			},
			want: want("### Notes added (1)\n\n- `a/agreed`: Agreement — **Unsupported**\n\n"+
				"### Sources added or removed (1)\n\n- `a/old`: added <https://e.org/w>\n\n"+
				"### Checks resting on copies alone (2)\n\n"+
				"- `a/agreed`: Agreement: every source is a copy (kind: copy); is the original, a primary record or a wire report to be found?\n"+
				"- `a/strands`: Two strands: every source is a copy (kind: copy); is the original, a primary record or a wire report to be found?\n\n",
				"| `a` | 1 | 0 | 0 | 0 | 0 | 0 → **1** | 1 | 2 → **3** |\n"),
		},
		{
			name: "note removed",
			head: map[string]string{"content/a/old.md": ""},
			want: want("### Notes removed (1)\n\n- `a/old`: Old plot — was **Opinion**\n\n",
				"| `a` | 1 | 0 | 0 | 0 | 0 | 0 | 1 → **0** | 2 → **1** |\n"),
		},
		{
			// A retitled note is still the same note: notes are known by
			// their file's name, and the title shown is the new one.
			name: "verdict changed",
			head: map[string]string{"content/a/strands.md": noteFile("Two strands, retitled", "two strands", "misleading", "Analysis.\n", "https://e.org/1")},
			want: want("### Verdicts changed (1)\n\n- `a/strands`: Two strands, retitled: **Accurate → Misleading**\n\n",
				"| `a` | 1 → **0** | 0 | 0 | 0 → **1** | 0 | 0 | 1 | 2 |\n"),
		},
		{
			name: "quote changed",
			head: map[string]string{"content/a/strands.md": noteFile("Two strands", "Officials agreed", "accurate", "Analysis.\n", "https://e.org/1")},
			want: want("### Quotes moved or changed (1)\n\n- `a/strands`: quote changed from “two strands” (line 3) to “Officials agreed” (line 5)\n\n",
				"| `a` | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |\n"),
		},
		{
			// Quotes are shown on one line, and long ones are cut after 79
			// characters (not bytes).
			name: "long quote changed",
			head: map[string]string{
				"seeds/a.txt": seedText + "\n" + strings.Repeat("déjà vu ", 6) + "\n" + strings.Repeat("déjà vu ", 6) + "\n",
				"content/a/strands.md": noteFile("Two strands", strings.Repeat("déjà  vu ", 11)+"déjà vu",
					"accurate", "Analysis.\n", "https://e.org/1"),
			},
			want: want("### Quotes moved or changed (1)\n\n- `a/strands`: quote changed from “two strands” (line 3) to “"+
				strings.Repeat("déjà vu ", 9)+"déjà vu…” (line 7)\n\n",
				"| `a` | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |\n"),
		},
		{
			// Two paragraphs added above the quotes move them down.
			name: "quotes moved",
			head: map[string]string{"seeds/a.txt": "Headline\n\nA new lede.\n\nA second one.\n" + strings.TrimPrefix(seedText, "Headline\n")},
			want: want("### Quotes moved or changed (2)\n\n"+
				"- `a/old`: quote moved from line 3 to line 7 of the seed\n"+
				"- `a/strands`: quote moved from line 3 to line 7 of the seed\n\n",
				"| `a` | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |\n"),
		},
		{
			// An edit to an earlier line shifts every quote after it in the
			// file, but none of them has moved in the article.
			name: "earlier line edited",
			head: map[string]string{"seeds/a.txt": strings.Replace(seedText, "Headline", "A longer headline", 1)},
			want: want(noChange, "| `a` | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |\n"),
		},
		{
			// The same words, another place on the same line: the note now
			// speaks of another passage.
			name: "quote moved within its line",
			base: map[string]string{"content/a/old.md": strings.Replace(old, `quote: "The plot was old"`, "quote: \"The plot\"\noccurrence: 2", 1)},
			head: map[string]string{"content/a/old.md": strings.Replace(old, `quote: "The plot was old"`, "quote: \"The plot\"\noccurrence: 1", 1)},
			want: want("### Quotes moved or changed (1)\n\n- `a/old`: quote moved within line 3 of the seed\n\n",
				"| `a` | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |\n"),
		},
		{
			name: "sources added and removed",
			head: map[string]string{
				"content/a/strands.md": noteFile("Two strands", "two strands", "accurate", "Analysis.\n", "https://e.org/1", "https://e.org/4", "https://e.org/5"),
				"content/a/old.md":     noteFile("Old plot", "The plot was old", "opinion", "Analysis.\n", "https://e.org/6"),
			},
			want: want("### Sources added or removed (4)\n\n"+
				"- `a/old`: added <https://e.org/6>\n"+
				"- `a/old`: removed <https://e.org/2>\n"+
				"- `a/strands`: added <https://e.org/4>\n"+
				"- `a/strands`: added <https://e.org/5>\n\n",
				"| `a` | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |\n"),
		},
		{
			// A dossier new in head has a row of its own, counted from
			// nothing.
			name: "dossier added",
			head: map[string]string{
				"seeds/b.txt":          "B\n\nAnother article.\n",
				"content/b/_index.md":  "---\nheadline: B\n---\n",
				"content/b/another.md": noteFile("Another", "Another article", "inaccurate", "Analysis.\n", "https://e.org/7"),
			},
			want: want("### Notes added (1)\n\n- `b/another`: Another — **Inaccurate**\n\n",
				"| `a` | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |\n",
				"| `b` | 0 | 0 | 0 | 0 | 0 → **1** | 0 | 0 | 0 → **1** |\n"),
		},
		{
			// A remark is listed as such, and counted nowhere.
			name: "remark added",
			head: map[string]string{"content/a/agreed.md": remarkFile("Agreement is page furniture", "Officials agreed")},
			want: want("### Notes added (1)\n\n- `a/agreed`: Agreement is page furniture — **editor's remark, not rated**\n\n",
				"| `a` | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |\n"),
		},
		{
			name: "remark removed",
			base: map[string]string{"content/a/agreed.md": remarkFile("Agreement is page furniture", "Officials agreed")},
			want: want("### Notes removed (1)\n\n- `a/agreed`: Agreement is page furniture — was **editor's remark, not rated**\n\n",
				"| `a` | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |\n"),
		},
		{
			// A check that becomes a remark leaves the counts; one that
			// becomes a check joins them.
			name: "check to remark and back",
			base: map[string]string{"content/a/agreed.md": remarkFile("Agreement", "Officials agreed")},
			head: map[string]string{
				"content/a/agreed.md":  noteFile("Agreement", "Officials agreed", "accurate", "Analysis.\n", "https://e.org/3"),
				"content/a/strands.md": remarkFile("Two strands", "two strands"),
			},
			want: want("### Verdicts changed (2)\n\n"+
				"- `a/agreed`: Agreement: **editor's remark, not rated → Accurate**\n"+
				"- `a/strands`: Two strands: **Accurate → editor's remark, not rated**\n\n"+
				"### Sources added or removed (2)\n\n"+
				"- `a/agreed`: added <https://e.org/3>\n"+
				"- `a/strands`: removed <https://e.org/1>\n\n",
				"| `a` | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |\n"),
		},
		{
			name: "dossier removed",
			head: map[string]string{"seeds/a.txt": "", "content/a/_index.md": "", "content/a/strands.md": "", "content/a/old.md": ""},
			want: want("### Notes removed (2)\n\n- `a/old`: Old plot — was **Opinion**\n- `a/strands`: Two strands — was **Accurate**\n\n",
				"| `a` | 1 → **0** | 0 | 0 | 0 | 0 | 0 | 1 → **0** | 2 → **0** |\n"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, head := maps.Clone(common), maps.Clone(common)
			maps.Copy(base, tt.base)
			maps.Copy(head, tt.head)
			got := Markdown(Version{Name: "main", Site: load(t, base)}, Version{Name: "pr", Site: load(t, head)})
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestMarkdownAll makes every section at once, and shows their order.
func TestMarkdownAll(t *testing.T) {
	base := load(t, map[string]string{
		"content/a/strands.md": noteFile("Two strands", "two strands", "accurate", "Analysis.\n", "https://e.org/1"),
		"content/a/old.md":     noteFile("Old plot", "The plot was old", "opinion", "Analysis.\n"),
		"content/a/agreed.md":  noteFile("Agreement", "Officials agreed", "accurate", "Analysis.\n", "https://e.org/2"),
	})
	head := load(t, map[string]string{
		"content/a/strands.md": noteFile("Two strands", "The plot had two strands", "misleading", "Analysis.\n", "https://e.org/1", "https://e.org/3"),
		"content/a/agreed.md":  noteFile("Agreement", "Officials agreed", "accurate", "Analysis.\n"),
		"content/a/new.md":     noteFile("New check", "The plot was old", "unsupported", "Analysis.\n"),
	})
	got := Markdown(Version{Name: "main", Site: base}, Version{Name: "pr", Site: head})
	w := want("### Notes added (1)\n\n- `a/new`: New check — **Unsupported**\n\n"+
		"### Notes removed (1)\n\n- `a/old`: Old plot — was **Opinion**\n\n"+
		"### Verdicts changed (1)\n\n- `a/strands`: Two strands: **Accurate → Misleading**\n\n"+
		"### Quotes moved or changed (1)\n\n- `a/strands`: quote changed from “two strands” (line 3) to “The plot had two strands” (line 3)\n\n"+
		"### Sources added or removed (2)\n\n- `a/agreed`: removed <https://e.org/2>\n- `a/strands`: added <https://e.org/3>\n\n",
		"| `a` | 2 → **1** | 0 | 0 | 0 → **1** | 0 | 0 → **1** | 1 → **0** | 3 |\n")
	if got != w {
		t.Errorf("got:\n%s\nwant:\n%s", got, w)
	}
}

// Only head's errors matter: the base has been reviewed already, and the
// warning tells the reviewer that the summary may be missing notes.
func TestMarkdownErrors(t *testing.T) {
	notes := map[string]string{"content/a/strands.md": noteFile("Two strands", "two strands", "accurate", "Analysis.\n", "https://e.org/1")}
	var one, two diag.List
	one.Errorf("content/a/broken.md", 2, 1, "x")
	two.Errorf("content/a/broken.md", 2, 1, "x")
	two.Warnf("content/a/strands.md", 3, 1, "a warning is not counted")
	two.Errorf("content/a/other.md", 0, 0, "y")
	tests := []struct {
		name       string
		base, head diag.List
		warning    string
	}{
		{"none", nil, nil, ""},
		{"in base only", two, nil, ""},
		{"one in head", nil, one, "> [!WARNING]\n> The changed sources have 1 error(s); `dossier check` lists them. The summary below covers the notes that could be read.\n\n"},
		{"two in head", one, two, "> [!WARNING]\n> The changed sources have 2 error(s); `dossier check` lists them. The summary below covers the notes that could be read.\n\n"},
	}
	for _, tt := range tests {
		got := Markdown(Version{Name: "main", Site: load(t, notes), Diags: tt.base}, Version{Name: "pr", Site: load(t, notes), Diags: tt.head})
		if w := want(tt.warning+noChange, "| `a` | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |\n"); got != w {
			t.Errorf("%s: got:\n%s\nwant:\n%s", tt.name, got, w)
		}
	}
}

// A base with no site, as for a source tree's first version, counts every
// note as added.
func TestMarkdownNoBase(t *testing.T) {
	head := load(t, map[string]string{"content/a/strands.md": noteFile("Two strands", "two strands", "accurate", "Analysis.\n", "https://e.org/1")})
	got := Markdown(Version{Name: "main"}, Version{Name: "pr", Site: head})
	w := want("### Notes added (1)\n\n- `a/strands`: Two strands — **Accurate**\n\n",
		"| `a` | 0 → **1** | 0 | 0 | 0 | 0 | 0 | 0 | 0 → **1** |\n")
	if got != w {
		t.Errorf("got:\n%s\nwant:\n%s", got, w)
	}
}

// A head revision whose sources could not be loaded at all still gets a
// report, on the default scale, rather than a panic.
func TestMarkdownNoHead(t *testing.T) {
	base := load(t, map[string]string{"content/a/strands.md": noteFile("Two strands", "two strands", "accurate", "Analysis.\n", "https://e.org/1")})
	got := Markdown(Version{Name: "main", Site: base}, Version{Name: "pr"})
	w := want("### Notes removed (1)\n\n- `a/strands`: Two strands — was **Accurate**\n\n",
		"| `a` | 1 → **0** | 0 | 0 | 0 | 0 | 0 | 0 | 1 → **0** |\n")
	if got != w {
		t.Errorf("got:\n%s\nwant:\n%s", got, w)
	}
}
