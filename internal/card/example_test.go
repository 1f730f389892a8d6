package card_test

import (
	"bytes"
	"fmt"
	"image/png"

	"github.com/dossier-org/dossier/internal/card"
)

// A build makes a note's card once per content: it keeps cards by Key and
// draws only those it has not got. The words come from the site's
// translation table; the logo is read and checked once per build.
func ExampleNote() {
	m := card.NoteCard{
		Site:     card.Site{Name: "The Fact Desk"}, // Logo: card.NewLogo(bytes of static/logo.png)
		Language: "en",
		Dir:      card.LTR, // i18n.Direction(tag)
		Kicker:   "Fact check",
		Quote:    "Crime has doubled since 2020.",
		Byline:   "Jane Doe, Mayor · 3 March 2026",
		Verdict:  card.Verdict{Label: "Inaccurate", Color: "#cf222e", Mark: card.DefaultMark("inaccurate")},
	}
	cache := map[string][]byte{}
	key := m.Key()
	if _, ok := cache[key]; !ok {
		b, err := card.Note(m)
		if err != nil {
			fmt.Println(err)
			return
		}
		cache[key] = b
	}
	img, _ := png.Decode(bytes.NewReader(cache[key]))
	fmt.Println(img.Bounds().Dx(), "×", img.Bounds().Dy())
	fmt.Println(m.Alt("Verdict: {verdict}. “{quote}” — {site}"))
	// Output:
	// 1200 × 630
	// Verdict: Inaccurate. “Crime has doubled since 2020.” — The Fact Desk
}
