package render

import (
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// TestSearchIndexIsFolded checks that the search index holds each note's
// words folded as the anchoring folds a quote, so that a query typed with
// the other keyboard's letters, other digits, vowel marks or joiners finds
// the note: the Persian fixture's "میلیارد" is there as "ميليارد", its
// "۴۵" as "45" and its "نقطه‌به‌نقطه" as one word without the joiners.
func TestSearchIndexIsFolded(t *testing.T) {
	theme, diags := LoadTheme(nil, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, c := range []struct {
		src  string
		want []string
	}{
		{"../build/testdata/fixture-fa", []string{"ميليارد", " 45 ", "نقطهبهنقطه", "مركز"}},
		{"../build/testdata/fixture-ar", []string{"تعداد"}},
		{"../build/testdata/fixture-fr", []string{"plafond", "departement"}},
	} {
		s, diags := site.NewLoader().Load(os.DirFS(c.src))
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		mem := &output.Memory{}
		if _, err := theme.Site(s, mem); err != nil {
			t.Fatal(err)
		}
		index := decodeSearch(t, mem.Files())
		for _, w := range c.want {
			if all, _ := index.find(strings.TrimSpace(w)); len(all) == 0 {
				t.Errorf("%s: the search index has no %q", c.src, w)
			}
		}
	}
}

// TestSearchFold checks the folding of the index against queries as
// readers type them; the search's script folds a query as searchFold does
// (see TestSearchFoldAgrees in internal/browsertest).
func TestSearchFold(t *testing.T) {
	for _, c := range []struct{ query, text string }{
		{"افزايش", "افزایش ۴۵ درصدی"}, // Arabic yeh for Persian yeh
		{"كسر", "با کسر تورم"},        // Arabic kaf for Persian keheh
		{"45", "افزایش ۴۵ درصدی"},     // ASCII digits for Persian ones
		{"٤٥", "افزایش ۴۵ درصدی"},     // Arabic-Indic digits for Persian ones
		{"ميدهد", "نشان می‌دهد"},      // no joiner
		{"تَعْدَاد", "نتائج التعداد"}, // harakat
		{"تعـداد", "نتائج التعداد"},   // tatweel
		{"جزئية", "نسبة جزئية"},       // hamza
		{"departement", "Le Département"},
		{"CAFÉ", "cafe\u0301 noir"}, // decomposed accent, upper case
		{"l'adjoint", "L’adjoint"},
		{"2026-2027", "2026–2027"},
	} {
		q, text := searchFold(c.query), searchText(c.text)
		if q == "" || !strings.Contains(text, q) {
			t.Errorf("%q folds to %q, not in %q (from %q)", c.query, q, text, c.text)
		}
	}
}

// TestSearchTextFolded checks that the words searchText takes as they are
// (foldedWord) come out as the folding would write them.
func TestSearchTextFolded(t *testing.T) {
	for _, text := range []string{"abc d-e it's 2024 abc", "l'etat co-op 1-2 x'", "ab'c don't -"} {
		want := ""
		for w := range strings.FieldsSeq(text) {
			if !foldedWord(w) {
				t.Fatalf("%q is not a folded word", w)
			}
			var word []byte
			for _, r := range searchFold(w) {
				word = appendWordRune(word, r, func() {})
			}
			if string(word) != w {
				t.Errorf("the folding writes %q as %q", w, word)
			}
			if !strings.Contains(" "+want+" ", " "+w+" ") {
				want = strings.TrimSpace(want + " " + w)
			}
		}
		if got := searchText(text); got != want {
			t.Errorf("searchText(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestSearchWordsASCII checks searchWords' own reading of ASCII bytes
// against appendTextRune's, for each of them inside and between words.
func TestSearchWordsASCII(t *testing.T) {
	for c := 1; c < utf8.RuneSelf; c++ {
		if c == '<' || c == '&' {
			continue // markup and character references, read apart
		}
		h := "Ab" + string(rune(c)) + "cD e" + string(rune(c)) + " F9"
		var words []string
		var word []byte
		flush := func() {
			if len(word) > 0 && !slices.Contains(words, string(word)) {
				words = append(words, string(word))
			}
			word = word[:0]
		}
		for _, r := range h {
			word = appendTextRune(word, r, flush)
		}
		flush()
		if got, want := searchWords(h), strings.Join(words, " "); got != want {
			t.Errorf("searchWords(%q) = %q, want %q", h, got, want)
		}
	}
}
