package check

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/site"
)

// TestRevised warns of a checked passage that a later capture changed or
// removed, at the note's quote, unless the note acknowledges it.
func TestRevised(t *testing.T) {
	const (
		first  = "Headline\n\nThe plot had two strands, said the mayor.\n\nOfficials agreed on every point.\n"
		second = "Headline\n\nThe plot had three strands, said the mayor.\n\nOfficials agreed on every point.\n"
		third  = "Headline\n\nThe plot had three strands, said the mayor.\n"
	)
	check := func(quote string, extra ...string) string {
		return noteFile(append([]string{"title: T", "quote: \"" + quote + "\"", "verdict: accurate", "date: 2026-11-25", source}, extra...)...)
	}
	for _, tc := range []struct {
		name string
		note string
		want string // "" for no warning
	}{
		{"changed", check("The plot had two strands"),
			`content/a/n.md:3:8: warning: the publisher changed the checked passage; it now reads "The plot had three strands," (capture of 2026-12-02, "seeds/a/20261202T080000Z.txt"): check the note against it ("revision: 20261202T080000Z" and its quote), or add a correction dated 2026-12-02 or later`},
		{"removed", check("Officials agreed on every point"),
			`content/a/n.md:3:8: warning: the publisher removed the checked passage; nothing like it is left (capture of 2026-12-09, "seeds/a/20261209T080000Z.txt")`},
		{"unchanged", check("said the mayor"), ""},
		{"acknowledged by a correction", check("The plot had two strands", "corrections:\n  - date: 2026-12-02\n    text: The article now says three.", "updated: 2026-12-02"), ""},
		{"correction before the change", check("The plot had two strands", "corrections:\n  - date: 2026-11-30\n    text: Typo.", "updated: 2026-11-30"), "warning: the publisher changed the checked passage"},
		{"checked against the change", check("The plot had three strands", "revision: 20261202T080000Z"), ""},
		{"first change acknowledged, second not", check("Officials agreed on every point", "revision: 20261202T080000Z"), "warning: the publisher removed the checked passage; nothing like it is left (capture of 2026-12-09"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"seeds/a/20261125T153000Z.txt": {Data: []byte(first)},
				"seeds/a/20261202T080000Z.txt": {Data: []byte(second)},
				"seeds/a/20261209T080000Z.txt": {Data: []byte(third)},
				"content/_index.md":            {Data: []byte("---\ntitle: Site\n---\n")},
				"content/a/_index.md":          {Data: []byte("---\nheadline: H\n---\n")},
				"content/a/n.md":               {Data: []byte(tc.note)},
			}
			s, diags := site.NewLoader().Load(fsys)
			if diags.HasErrors() {
				t.Fatalf("load: %s", diags)
			}
			got := Site(s, embeddedTheme(t)).String()
			switch {
			case tc.want == "" && strings.Contains(got, "publisher"):
				t.Errorf("warned:\n%s", got)
			case tc.want != "" && !strings.Contains(got, tc.want):
				t.Errorf("diagnostics:\n%s\nwant %s", got, tc.want)
			}
		})
	}
}
