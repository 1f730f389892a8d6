package report

import (
	"strings"
	"testing"
)

// TestRevisionsAdded lists the captures a pull request adds, with the
// checked passages each changed; moving a seed of one file into the
// folder form adds none.
func TestRevisionsAdded(t *testing.T) {
	strands := noteFile("Two strands", "two strands", "accurate", "Analysis.\n", "https://e.org/1")
	base := load(t, map[string]string{"content/a/strands.md": strands})
	edited := strings.Replace(seedText, "two strands", "three strands", 1)
	head := load(t, map[string]string{
		"seeds/a.txt":                  "",
		"seeds/a/20261125T153000Z.txt": seedText,
		"seeds/a/20261202T080000Z.txt": edited,
		"content/a/strands.md":         strands,
	})
	got := Markdown(Version{Name: "main", Site: base}, Version{Name: "pr", Site: head})
	line := "- `a`: capture of 2026-12-02 08:00 UTC, `seeds/a/20261202T080000Z.txt`: **1 checked passage(s) changed**: `a/strands` (changed)"
	if !strings.Contains(got, "### Revisions of the articles added (1)\n\n"+line+"\n") {
		t.Errorf("report:\n%s", got)
	}
	// Against itself, nothing is added.
	if got := Markdown(Version{Name: "main", Site: head}, Version{Name: "pr", Site: head}); strings.Contains(got, "Revisions of") {
		t.Errorf("report:\n%s", got)
	}
}
