package site

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dossier-org/dossier/internal/anchor"
	"github.com/dossier-org/dossier/internal/seed"
)

// TestAnchorMessageWholeCharacters checks that the places an anchoring
// message quotes from a seed in a two-byte script are cut between
// characters, never inside one, and that a hint in any script is shown.
func TestAnchorMessageWholeCharacters(t *testing.T) {
	data := []byte("Title\nHeadline\n\nپیش‌ازاینهمهچیزدرستبود گفت که ذخایر کافی است و پیش‌ازاینهمهچیزدرستبود گفت که ذخایر کافی است،پیش‌ازاینهمهچیزدرستبودپیش‌ازاینهمه\n")
	sd, err := seed.Parse("fa", "seeds/fa.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	ix := anchor.NewIndex(sd.Data, sd.TextStart())
	_, err = ix.Find(anchor.Query{Quote: "ذخاير كافي است"}) // Arabic kaf and yeh
	msg := AnchorMessage(sd, err)
	if !strings.Contains(msg, "quote occurs 2 times") || !utf8.ValidString(msg) || strings.Contains(msg, `\x`) {
		t.Errorf("message %q", msg)
	}
	_, err = ix.Find(anchor.Query{Quote: "گفت که ذخایر زیادی است و"})
	if msg := AnchorMessage(sd, err); !strings.Contains(msg, `the closest passage, at line 4, column 24, is "گفت که ذخایر کافی است و"`) {
		t.Errorf("message %q", msg)
	}
}
