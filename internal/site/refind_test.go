package site

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestRefind classifies what became of a checked passage in later
// revisions: unchanged, moved, changed or removed.
func TestRefind(t *testing.T) {
	const first = "Headline\n\nThe plot had two strands. The plot was old.\n\nOfficials agreed.\n"
	for _, tc := range []struct {
		name, quote, later string
		want               Status
	}{
		{"identical", "two strands", first, Unchanged},
		{"paragraph added before", "two strands", "Headline\n\nA new lead.\n\nThe plot had two strands. The plot was old.\n\nOfficials agreed.\n", Moved},
		{"same paragraph, edited elsewhere", "two strands", "Headline\n\nThe plot had two strands. The plot was new.\n\nOfficials agreed.\n", Moved},
		{"moved to another paragraph", "Officials agreed", "Headline\n\nOfficials agreed.\n\nThe plot had two strands. The plot was old.\n", Moved},
		{"spacing and quotes only", "two strands", "Headline\n\nThe plot had two\u00a0strands. The plot was old.\n\nOfficials agreed.\n", Moved},
		{"word changed", "The plot had two strands", "Headline\n\nThe plot had three strands. The plot was old.\n\nOfficials agreed.\n", Changed},
		{"removed", "Officials agreed", "Headline\n\nThe plot had two strands. The plot was old.\n", Removed},
		{"twice now", "two strands", "Headline\n\nThe plot had two strands. The plot was old.\n\nOfficials agreed on two strands.\n", Unchanged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, diags := NewLoader().Load(tree(map[string]*fstest.MapFile{
				"seeds/a.txt":                  nil,
				"seeds/a/20261125T153000Z.txt": {Data: []byte(first)},
				"seeds/a/20261202T080000Z.txt": {Data: []byte(tc.later)},
				"content/a/two.md":             nil,
				"content/a/officials.md":       nil,
				"content/a/n.md":               note(tc.quote, "accurate"),
			}))
			if len(diags) > 0 {
				t.Fatalf("diagnostics:\n%s", diags)
			}
			d := s.Dossiers[0]
			n := d.Notes[0]
			if len(d.Revisions) != 2 || d.Shown != 0 || n.Rev != 0 || len(n.Changes) != 1 {
				t.Fatalf("revisions %d, shown %d, note's %d, changes %+v", len(d.Revisions), d.Shown, n.Rev, n.Changes)
			}
			c := n.Changes[0]
			if c.Status != tc.want || c.Rev != 1 {
				t.Fatalf("status %v in revision %d, want %v", c.Status, c.Rev, tc.want)
			}
			after := string(d.Revisions[1].Seed.Data[c.After.Start:c.After.End])
			switch {
			case c.Status == Removed && after != "":
				t.Errorf("removed, yet after is %q", after)
			case c.Status != Removed && after == "":
				t.Errorf("%v with no passage after", c.Status)
			}
		})
	}
}

// TestNoteRevision: a note checked against a later revision anchors in
// it, and the site shows the latest revision checked; a note checked
// earlier is placed where its passage is now, or, removed, is an error.
func TestNoteRevision(t *testing.T) {
	const first = "Headline\n\nThe plot had two strands. The plot was old.\n\nOfficials agreed.\n"
	const second = "Headline\n\nThe plot had three strands. The plot was old.\n\nA new paragraph.\n"
	files := map[string]*fstest.MapFile{
		"seeds/a.txt":                  nil,
		"seeds/a/20261125T153000Z.txt": {Data: []byte(first)},
		"seeds/a/20261202T080000Z.txt": {Data: []byte(second)},
		"content/a/officials.md":       nil,
		"content/a/two.md":             note("The plot had two strands", "accurate"),
		"content/a/new.md":             note("A new paragraph", "accurate", "revision: 20261202T080000Z"),
	}
	s, diags := NewLoader().Load(tree(files))
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	d := s.Dossiers[0]
	if d.Shown != 1 || d.Seed != d.Revisions[1].Seed || len(d.Notes) != 2 {
		t.Fatalf("shown %d, %d notes", d.Shown, len(d.Notes))
	}
	for _, n := range d.Notes {
		got := string(d.Seed.Data[n.Span.Start:n.Span.End])
		if n.Name == "two" && (got != "The plot had three strands." || n.Changes[0].Status != Changed) {
			t.Errorf("two: placed on %q, %v", got, n.Changes)
		}
		if n.Name == "new" && (got != "A new paragraph" || n.Changes != nil) {
			t.Errorf("new: placed on %q, %v", got, n.Changes)
		}
	}

	for _, tc := range []struct {
		name string
		file *fstest.MapFile
		want string
	}{
		{"removed from the shown revision", note("Officials agreed", "accurate"), "content/a/x.md:3:8: the passage this note was checked against (revision 20261125T153000Z) was removed from revision 20261202T080000Z"},
		{"unknown revision", note("two strands", "accurate", "revision: 20261203T080000Z"), "content/a/x.md:5:11: no revision \"20261203T080000Z\" in \"seeds/a/\": its revisions are \"20261125T153000Z\", \"20261202T080000Z\""},
		{"not a revision's name", note("two strands", "accurate", "revision: ../x"), "content/a/x.md:5:11: revision \"../x\" is not a capture time"},
		{"not in its revision", note("three strands", "accurate", "revision: 20261125T153000Z"), "content/a/x.md:3:8: quote not found in \"seeds/a/20261125T153000Z.txt\""},
	} {
		files["content/a/x.md"] = tc.file
		_, diags := NewLoader().Load(tree(files))
		if !strings.Contains(diags.String(), tc.want) {
			t.Errorf("%s: diagnostics\n%s\nwant %q", tc.name, diags, tc.want)
		}
	}
	// A seed of a single file has no revisions to name.
	_, diags = NewLoader().Load(tree(map[string]*fstest.MapFile{"content/a/x.md": note("two strands", "accurate", "revision: 20261125T153000Z")}))
	if !strings.Contains(diags.String(), "content/a/x.md:5:11: the note is checked against revision \"20261125T153000Z\", but the seed \"seeds/a.txt\" has no revisions") {
		t.Errorf("single file: %s", diags)
	}
}

// TestMaxRevisions refuses a seed of more revisions than the build holds.
func TestMaxRevisions(t *testing.T) {
	files := map[string]*fstest.MapFile{"seeds/a.txt": nil}
	for i := range MaxRevisions + 1 {
		files[fmt.Sprintf("seeds/a/2026%02d%02dT080000Z.txt", 1+i/28, 1+i%28)] = &fstest.MapFile{Data: []byte(seedText)}
	}
	_, diags := NewLoader().Load(tree(files))
	if !strings.Contains(diags.String(), fmt.Sprintf("seeds/a: the seed has %d revisions; the most kept is %d", MaxRevisions+1, MaxRevisions)) {
		t.Errorf("diagnostics:\n%s", diags)
	}
}
