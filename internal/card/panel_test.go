package card

import (
	"bytes"
	"maps"
	"slices"
	"testing"
)

// drawNote draws m's card with r.
func drawNote(t *testing.T, r *renderer, m NoteCard) []byte {
	t.Helper()
	dir, lang, err := direction(m.Dir, m.Language)
	if err != nil {
		t.Fatal(err)
	}
	vc, err := parseColor(m.Verdict.Color)
	if err != nil {
		t.Fatal(err)
	}
	cv := newCanvas(paper)
	defer putCanvas(cv)
	r.note(cv, m, dir, lang, vc)
	b, err := cv.encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestKeptPanel checks that a card whose verdict panel is painted from
// the one kept for an earlier card is the card drawn by a renderer that
// keeps nothing, byte for byte, for each test card and for cards that
// share a panel and differ in the rest.
func TestKeptPanel(t *testing.T) {
	cards := noteCards(t)
	var models []NoteCard
	for _, name := range slices.Sorted(maps.Keys(cards)) {
		m := cards[name]
		models = append(models, m)
		// The same panel, another claim.
		other := m
		other.Quote, other.Byline = "Another claim, "+m.Quote, ""
		models = append(models, other)
	}
	warm, err := newRenderer()
	if err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		for i, m := range models {
			cold, err := newRenderer()
			if err != nil {
				t.Fatal(err)
			}
			if want, got := drawNote(t, cold, m), drawNote(t, warm, m); !bytes.Equal(got, want) {
				t.Errorf("round %d, card %d (%q): drawn with kept panels, the card differs from the one drawn afresh", round, i, m.Quote)
			}
		}
	}
	if len(warm.panels) == 0 {
		t.Error("no panel kept")
	}
}
