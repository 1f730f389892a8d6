package check

import (
	"slices"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/content"
	"github.com/dossier-org/dossier/internal/rating"
)

// TestUnfinished: a note that still holds what "dossier new" wrote, left
// unwritten, is warned about where it stands; the skeleton itself is the
// fixture, so that the detection follows the skeleton if it changes.
func TestUnfinished(t *testing.T) {
	skeleton := string(content.Skeleton{Quote: "two strands", Date: "2024-03-02", Scale: rating.Default()}.Bytes())
	// The skeleton's front matter is 19 lines: its analysis starts on 20.
	filled := strings.Replace(skeleton, "verdict:\n", "verdict: accurate\n", 1)
	remark := string(content.Skeleton{Quote: "two strands", Date: "2024-03-02", Remark: true}.Bytes())
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"the skeleton as written", filled, []string{
			`content/a/n.md:13:8: warning: "claim" is empty: restate the claim checked in under 75 characters, or remove the line to let the quote stand for it`,
			`content/a/n.md:21:1: warning: the note is unfinished: it still holds the skeleton's "**What the article says.**" with nothing written under it: write that part, or remove the line`,
		}},
		{"one heading left empty", strings.Replace(filled, "**What the article says.**\n\n**What the record shows.**\n",
			"**What the article says.**\nIt says so.\n\n**What the record shows.**\nIt does not.\n", 1) + "\n", []string{
			`content/a/n.md:13:8: warning: "claim" is empty: restate the claim checked in under 75 characters, or remove the line to let the quote stand for it`,
			`content/a/n.md:27:1: warning: the note is unfinished: it still holds the skeleton's "**Verdict.**" with nothing written under it: write that part, or remove the line`,
		}},
		{"finished", strings.NewReplacer("claim: \"\"", "claim: \"Two strands\"", "**Verdict.**\n", "**Verdict.**\nAccurate.\n",
			"**What the article says.**\n", "**What the article says.**\nA.\n", "**What the record shows.**\n", "**What the record shows.**\nB.\n").Replace(filled), nil},
		{"no claim key: the quote stands for it", noteFile("title: T", `quote: "two strands"`, "verdict: accurate"), nil},
		{"an unwritten remark", remark, []string{
			`content/a/n.md:10:1: warning: the note is unfinished: it still holds the skeleton's "What the passage is, and why it is not rated." with nothing written under it: write that part, or remove the line`,
		}},
		{"retracted before it was published", noteFile("title: T", `quote: "two strands"`, "verdict: accurate", "date: 2024-03-02",
			"retracted: {date: 2024-03-01, reason: Forged.}"), []string{
			`content/a/n.md:6:12: the retraction's date (2024-03-01) is before the note's "date" (2024-03-02)`,
		}},
		{"retracted on the day", noteFile("title: T", `quote: "two strands"`, "verdict: accurate", "date: 2024-03-02",
			"retracted: {date: 2024-03-02, reason: Forged.}"), nil},
		{"a heading mentioned in the text is not the skeleton's", withBody("See **Verdict.** below.\n", "title: T", `quote: "two strands"`, "verdict: accurate"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := load(t, map[string]string{"content/a/n.md": tt.text})
			var got []string
			for _, d := range Site(s, embeddedTheme(t)) {
				if !strings.Contains(d.Message, "cites no source") {
					got = append(got, d.String())
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s\nin\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"), tt.text)
			}
		})
	}
}
