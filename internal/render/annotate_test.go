package render

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/site"
)

// annotateSite has overlapping and nested quotes, a quote across two
// paragraphs, a remark inside a check, a withdrawn check and text in
// Arabic, whose segments must be cut at the same bytes as any other.
var annotateSite = fstest.MapFS{
	"seeds/a.txt":         {Data: []byte("Headline\n\nAlpha beta gamma delta.\n\nEpsilon zeta eta. قال الوزير إن الميزانية زادت.\n")},
	"content/_index.md":   {Data: []byte("---\ntitle: Site\n---\n")},
	"content/a/_index.md": {Data: []byte("---\nheadline: H\n---\n")},
	"content/a/outer.md":  {Data: []byte("---\ntitle: Outer\nquote: Alpha beta gamma\nverdict: accurate\n---\n")},
	"content/a/inner.md":  {Data: []byte("---\ntitle: Inner\nquote: beta\nverdict: inaccurate\n---\n")},
	"content/a/typo.md":   {Data: []byte("---\nkind: remark\ntitle: Typo\nquote: gamma delta.\n---\n")},
	"content/a/across.md": {Data: []byte("---\ntitle: Across\nquote: \"delta. Epsilon zeta\"\nverdict: opinion\n---\n")},
	"content/a/gone.md": {Data: []byte("---\ntitle: Gone\nquote: zeta eta\nverdict: inaccurate\n" +
		"retracted: {date: 2026-02-01, reason: Wrong.}\n---\n")},
	"content/a/budget.md": {Data: []byte("---\ntitle: Budget\nquote: الميزانية زادت\nverdict: misleading\n---\n")},
}

// segs writes segments as text|note|flags|ends, one per line, for
// comparing.
func segs(list []Segment) string {
	var b strings.Builder
	for _, s := range list {
		fmt.Fprintf(&b, "%q", s.Text)
		if s.Note != nil {
			fmt.Fprintf(&b, " %s", s.Note.Name)
		}
		if s.Multi {
			b.WriteString(" multi")
		}
		if s.Remark {
			b.WriteString(" remark")
		}
		if s.Retracted {
			b.WriteString(" retracted")
		}
		for _, e := range s.Ends {
			fmt.Fprintf(&b, " ends:%d", e.N)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestAnnotateModel checks the model the theme marks the article and the
// passages from: each paragraph cut at every quote's start and end, each
// segment with its innermost note, whether it is shared, the facts its
// mark's class needs, and the checks whose numbers follow it.
func TestAnnotateModel(t *testing.T) {
	s, diags := site.NewLoader().Load(annotateSite)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	dv := newDossierView(s.Scale, s.Dossiers[0], annotated)
	// Checks in article order: outer 1, inner 2, across 3, budget 4.
	wantBlocks := []string{
		`"Headline"` + "\n",
		`"Alpha " outer` + "\n" +
			`"beta" inner multi ends:2` + "\n" +
			`" " outer` + "\n" +
			`"gamma" typo multi remark ends:1` + "\n" +
			`" " typo remark` + "\n" +
			`"delta." typo multi remark` + "\n",
		// The withdrawn check is not marked.
		`"Epsilon zeta" across ends:3` + "\n" +
			`" eta. قال الوزير إن "` + "\n" +
			`"الميزانية زادت" budget ends:4` + "\n" +
			`"."` + "\n",
	}
	if len(dv.Blocks) != len(wantBlocks) {
		t.Fatalf("%d blocks, want %d", len(dv.Blocks), len(wantBlocks))
	}
	for i, b := range dv.Blocks {
		if got := segs(b.Segments); got != wantBlocks[i] {
			t.Errorf("block %s:\n%s\nwant\n%s", b.ID, got, wantBlocks[i])
		}
	}
	var sidenotes []string
	for _, b := range dv.Blocks {
		var names []string
		for _, n := range b.Notes {
			names = append(names, n.Name)
		}
		sidenotes = append(sidenotes, b.ID+":"+strings.Join(names, ","))
	}
	if got, want := strings.Join(sidenotes, " "), "p1: p2:outer,inner,typo,across p3:budget"; got != want {
		t.Errorf("sidenotes %s, want %s", got, want)
	}

	// Each passage marks its own note alone, and the withdrawn one too.
	wantPassages := map[string][]string{
		"inner": {`"Alpha "` + "\n" + `"beta" inner ends:2` + "\n" + `" gamma delta."` + "\n"},
		"typo":  {`"Alpha beta "` + "\n" + `"gamma delta." typo remark` + "\n"},
		"across": {`"Alpha beta gamma "` + "\n" + `"delta." across` + "\n",
			`"Epsilon zeta" across ends:3` + "\n" + `" eta. قال الوزير إن الميزانية زادت."` + "\n"},
		"gone": {`"Epsilon "` + "\n" + `"zeta eta" gone retracted ends:1` + "\n" + `". قال الوزير إن الميزانية زادت."` + "\n"},
	}
	for _, n := range dv.all {
		want, ok := wantPassages[n.Name]
		if !ok {
			continue
		}
		if len(n.Passage) != len(want) {
			t.Errorf("%s: %d paragraphs, want %d", n.Name, len(n.Passage), len(want))
			continue
		}
		for i, b := range n.Passage {
			if got := segs(b.Segments); got != want[i] || b.Notes != nil {
				t.Errorf("%s: paragraph %s:\n%s\nwant\n%s", n.Name, b.ID, got, want[i])
			}
		}
	}
}

// TestAnnotateAllocations checks that the model of the annotated article
// and of the passages costs a handful of allocations per dossier, however
// many paragraphs, quotes and segments it has: the build makes it for
// every dossier.
func TestAnnotateAllocations(t *testing.T) {
	s, diags := site.NewLoader().Load(annotateSite)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	d := s.Dossiers[0]
	dv := newDossierView(s.Scale, d, annotated)
	allocs := testing.AllocsPerRun(20, func() { annotate(d.Seed, d.Notes, dv) })
	// The text, the notes shown, the segments, their Ends, the
	// paragraphs, the sidenotes, the passages, and the scratch lists of
	// spans and cuts.
	if allocs > 9 {
		t.Errorf("annotating takes %v allocations, want at most 9", allocs)
	}
}
