package report

import (
	"strings"
	"testing"
)

// TestDistributionScaleChange: after a change of scale, the "before"
// counts are the base's verdicts on the base's own scale. A verdict the
// new scale lacks keeps a column of its own, labelled from the base's
// scale, and is counted in the base's total: it is not dropped.
func TestDistributionScaleChange(t *testing.T) {
	strands := noteFile("Two strands", "two strands", "accurate", "A.\n", "https://e.org/1")
	officials := noteFile("Officials", "Officials agreed", "misleading", "A.\n", "https://e.org/2")
	base := load(t, map[string]string{"content/a/strands.md": strands, "content/a/officials.md": officials})
	scale := "---\ntitle: Site\nratings:\n  - {key: yes, label: Yes}\n  - {key: no, label: No}\n---\n"
	head := load(t, map[string]string{
		"content/_index.md":      scale,
		"content/a/strands.md":   noteFile("Two strands", "two strands", "yes", "A.\n", "https://e.org/1"),
		"content/a/officials.md": noteFile("Officials", "Officials agreed", "no", "A.\n", "https://e.org/2"),
	})
	var b strings.Builder
	distribution(&b, Version{Name: "main", Site: base}, Version{Name: "pr", Site: head})
	want := "### Verdicts before → after\n\n" +
		"| Dossier | Yes | No | Accurate | Misleading | Total |\n" +
		"|---|---:|---:|---:|---:|---:|\n" +
		"| `a` | 0 → **1** | 0 → **1** | 1 → **0** | 1 → **0** | 2 |\n\n"
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestDistributionNoBase: without a base, the table is the head's scale.
func TestDistributionNoBase(t *testing.T) {
	head := load(t, map[string]string{"content/a/strands.md": noteFile("Two strands", "two strands", "accurate", "A.\n", "https://e.org/1")})
	var b strings.Builder
	distribution(&b, Version{Name: "main"}, Version{Name: "pr", Site: head})
	if !strings.Contains(b.String(), "| `a` | 0 → **1** | 0 | 0 | 0 | 0 | 0 | 0 | 0 → **1** |") {
		t.Errorf("got\n%s", b.String())
	}
}

// TestDistributionRetracted: a withdrawn note's verdict is counted
// nowhere, after as before.
func TestDistributionRetracted(t *testing.T) {
	strands := noteFile("Two strands", "two strands", "accurate", "A.\n", "https://e.org/1")
	base := load(t, map[string]string{"content/a/strands.md": strands})
	head := load(t, map[string]string{"content/a/strands.md": strings.Replace(strands, "verdict: accurate\n",
		"verdict: accurate\nretracted: {date: 2024-05-01, reason: Forged.}\n", 1)})
	var b strings.Builder
	distribution(&b, Version{Name: "main", Site: base}, Version{Name: "pr", Site: head})
	if !strings.Contains(b.String(), "| `a` | 1 → **0** | 0 | 0 | 0 | 0 | 0 | 0 | 1 → **0** |") {
		t.Errorf("got\n%s", b.String())
	}
}
