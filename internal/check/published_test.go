package check

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/site"
)

// tree returns the source tree of dossier a, on seedA, with notes (path to
// text), and the site loaded from it.
func tree(t *testing.T, notes map[string]string) (*site.Site, fstest.MapFS) {
	t.Helper()
	fsys := fstest.MapFS{
		"seeds/a.txt":         {Data: []byte(seedA)},
		"content/_index.md":   {Data: []byte("---\ntitle: Site\n---\n")},
		"content/a/_index.md": {Data: []byte("---\nheadline: H\n---\n")},
	}
	for name, text := range notes {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	s, _ := site.NewLoader().Load(fsys)
	return s, fsys
}

func TestPublished(t *testing.T) {
	// published is the note at base; its front matter's lines are 2 to 8.
	published := noteFile("title: Two strands", `quote: "two strands"`, "verdict: accurate", source,
		"corrections:\n  - {date: 2024-03-01, text: First fix.}")
	edit := func(old, new string) string { return strings.Replace(published, old, new, 1) }
	const newEntry = "  - {date: 2024-04-01, text: The ministry's table was misread.}"
	const add = "without a corrections entry: add one (date, text) saying what changed and why"
	tests := []struct {
		name string
		base map[string]string
		head map[string]string
		want []string
	}{
		{"unchanged", map[string]string{"content/a/n.md": published}, map[string]string{"content/a/n.md": published}, nil},
		// A published note made a draft again would vanish from its
		// address; a draft never published has no base version.
		{"published note made a draft",
			map[string]string{"content/a/n.md": published},
			map[string]string{"content/a/n.md": edit("verdict: accurate", "verdict: accurate\ndraft: true")},
			[]string{`content/a/n.md:5:8: a published note cannot become a draft: it would vanish from its address; retract it with retracted: {date, reason} instead, or remove "draft"`}},
		{"published dossier made a draft",
			map[string]string{"content/a/n.md": published},
			map[string]string{"content/a/n.md": published, "content/a/_index.md": "---\nheadline: H\ndraft: true\n---\n"},
			[]string{`content/a/_index.md:3:8: a published dossier cannot become a draft: its published notes (such as "content/a/n.md") would vanish from their addresses; remove "draft", and retract the notes that are withdrawn`}},
		{"draft never published",
			map[string]string{"content/a/n.md": edit("verdict: accurate", "verdict: accurate\ndraft: true")},
			map[string]string{"content/a/n.md": edit("verdict: accurate", "verdict: inaccurate\ndraft: true")}, nil},
		{"the analysis and sources may change freely",
			map[string]string{"content/a/n.md": published},
			map[string]string{"content/a/n.md": edit("Analysis.", "A better analysis.")}, nil},
		{"verdict changed without a correction",
			map[string]string{"content/a/n.md": published},
			map[string]string{"content/a/n.md": edit("verdict: accurate", "verdict: inaccurate")},
			[]string{`content/a/n.md:4:10: the verdict of a published note changed from "accurate" to "inaccurate" ` + add}},
		{"verdict changed with a new correction",
			map[string]string{"content/a/n.md": published},
			map[string]string{"content/a/n.md": strings.NewReplacer("verdict: accurate", "verdict: inaccurate", "First fix.}", "First fix.}\n"+newEntry).Replace(published)}, nil},
		{"verdict changed, the old correction only reworded",
			map[string]string{"content/a/n.md": published},
			map[string]string{"content/a/n.md": strings.NewReplacer("verdict: accurate", "verdict: inaccurate", "First fix.", "The first fix.").Replace(published)},
			[]string{`content/a/n.md:4:10: the verdict of a published note changed from "accurate" to "inaccurate" ` + add}},
		{"verdict changed with a correction of a new date in place of the old",
			map[string]string{"content/a/n.md": published},
			map[string]string{"content/a/n.md": strings.NewReplacer("verdict: accurate", "verdict: inaccurate", "2024-03-01, text: First fix.", "2024-04-01, text: Rated again.").Replace(published)}, nil},
		{"quote changed",
			map[string]string{"content/a/n.md": published},
			map[string]string{"content/a/n.md": edit(`quote: "two strands"`, `quote: "Officials agreed"`)},
			[]string{`content/a/n.md:3:8: the quote of a published note changed from "two strands" to "Officials agreed" ` + add}},
		{"a hostile quote is escaped and shortened in the message",
			map[string]string{"content/a/n.md": published},
			map[string]string{"content/a/n.md": edit(`quote: "two strands"`, `quote: "two\nstrands\u001b[31m `+strings.Repeat("x", 100)+`"`)},
			[]string{`content/a/n.md:3:8: the quote of a published note changed from "two strands" to "two\nstrands\x1b[31m ` + strings.Repeat("x", 62) + `…" ` + add}},
		{"occurrence changed",
			map[string]string{"content/a/n.md": published},
			map[string]string{"content/a/n.md": edit(`quote: "two strands"`, `quote: "two strands"`+"\nprefix: had ")},
			[]string{`content/a/n.md:3:8: the passage a published note quotes changed (its occurrence, prefix or suffix) ` + add}},
		{"kind changed to a remark",
			map[string]string{"content/a/n.md": published},
			map[string]string{"content/a/n.md": noteFile("kind: remark", "title: Two strands", `quote: "two strands"`)},
			[]string{`content/a/n.md:2:7: the verdict of a published note changed from "accurate" to none (a remark) ` + add}},
		{"kind changed to a check",
			map[string]string{"content/a/n.md": noteFile("kind: remark", "title: Two strands", `quote: "two strands"`)},
			map[string]string{"content/a/n.md": noteFile("title: Two strands", `quote: "two strands"`, "verdict: accurate", source)},
			[]string{`content/a/n.md:4:10: the verdict of a published note changed from none (a remark) to "accurate" ` + add}},
		{"note deleted",
			map[string]string{"content/a/n.md": published}, nil,
			[]string{`content/a/n.md: a published note is not deleted: retract it with retracted: {date, reason}, which keeps its page at its address with the notice`}},
		{"note renamed",
			map[string]string{"content/a/n.md": published},
			map[string]string{"content/a/strands.md": published},
			[]string{`content/a/n.md: a published note is not renamed: it moved to "content/a/strands.md", which breaks its address; keep it at "content/a/n.md", and retract it with retracted: {date, reason} if it is withdrawn`}},
		{"note retracted",
			map[string]string{"content/a/n.md": published},
			map[string]string{"content/a/n.md": edit("verdict: accurate", "verdict: accurate\nretracted: {date: 2024-05-01, reason: The source was forged.}")}, nil},
		{"retraction lifted without a correction",
			map[string]string{"content/a/n.md": edit("verdict: accurate", "verdict: accurate\nretracted: {date: 2024-05-01, reason: Forged.}")},
			map[string]string{"content/a/n.md": published},
			[]string{`content/a/n.md:2:8: the retraction of a published note was lifted ` + add}},
		{"note added", nil, map[string]string{"content/a/n.md": published}, nil},
		{"a note that no longer reads is not called deleted",
			map[string]string{"content/a/n.md": published},
			map[string]string{"content/a/n.md": "---\ntitle: [\n"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, _ := tree(t, tt.base)
			head, headFS := tree(t, tt.head)
			var got []string
			for _, d := range Published(base, head, headFS) {
				got = append(got, d.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
