package build

import (
	"io/fs"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/unicode/norm"

	"github.com/dossier-org/dossier/internal/check"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/site"
)

// languageFixtures are the fixture sites written in French, Arabic and
// Persian: an invented local news story each, with notes written as a desk
// of that language would write them. They are built by TestGolden and
// audited by the browser suite (internal/browsertest). Each folder's
// README.md lists its notes.
var languageFixtures = []string{"testdata/fixture-fr", "testdata/fixture-ar", "testdata/fixture-fa"}

// keyboardVariants is the folder of notes whose quotes are typed the way
// writers' keyboards type them, differently from the article: it mirrors
// the fixtures' folders (keyboard-variants/fixture-fa/content/... is added
// to fixture-fa/content/...). Until the anchoring knows scripts, they are
// not found, so they are kept out of the fixtures.
const keyboardVariants = "testdata/keyboard-variants"

// keyboardVariant is a note whose quote is typed differently from the
// article, and the passage of the article it must be anchored to.
type keyboardVariant struct {
	fixture string // the fixture site's folder, under testdata
	note    string // the note, <dossier>/<name>
	// typed says how the quote differs from the article.
	typed string
	// want is the article's passage, as the article writes it.
	want string
	// undo takes away what the variant changes, and only that: the
	// quote and want are the same once undone, and differ otherwise.
	undo func(string) string
	// today is set for a variant that the anchoring already folds; its
	// note is in the fixture itself, not in keyboardVariants.
	today bool
}

// The undo functions of the variants.
var (
	// straightQuotes turns straight double quotes into French guillemets
	// with narrow no-break spaces inside, opening and closing in turn,
	// and straight apostrophes into ’.
	straightQuotes = func(s string) string {
		var b strings.Builder
		open := true
		for _, r := range s {
			switch {
			case r == '"' && open:
				b.WriteString("«\u202f")
				open = false
			case r == '"':
				b.WriteString("\u202f»")
				open = true
			case r == '\'':
				b.WriteRune('\u2019')
			default:
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	harakat = func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '\u064b' && r <= '\u0652' {
				return -1
			}
			return r
		}, s)
	}
	tatweel = func(s string) string { return strings.ReplaceAll(s, "\u0640", "") }
	zwnj    = func(s string) string { return strings.ReplaceAll(s, "\u200c", "") }
	// digits returns a function that writes the digits of the block
	// starting at from with those of the block starting at to.
	digits = func(from, to rune) func(string) string {
		return func(s string) string {
			return strings.Map(func(r rune) rune {
				if r >= from && r <= from+9 {
					return to + r - from
				}
				return r
			}, s)
		}
	}
	arabicLetters = strings.NewReplacer("\u064a", "\u06cc", "\u0643", "\u06a9").Replace
)

var keyboardVariantNotes = []keyboardVariant{
	{fixture: "fixture-fr", note: "pont-vione/guillemets-droits",
		typed: `straight double quotes and apostrophe for « » (with narrow no-break spaces) and ’`,
		want:  "rouvrir aux voitures «\u202favant l\u2019été\u202f»", undo: straightQuotes},
	{fixture: "fixture-fr", note: "pont-vione/accents-decomposes",
		typed: "accents decomposed (NFD: e + U+0301) for the article's precomposed é (NFC)",
		want:  "Une passerelle provisoire pour les piétons et les cyclistes a été installée en janvier", undo: norm.NFC.String},
	{fixture: "fixture-ar", note: "khat-almiyah/harakat",
		typed: "harakat (damma, kasra, tanwin) that the article does not write",
		want:  "وتعاني الأحياء الجنوبية منذ سنوات من انقطاع المياه", undo: harakat},
	{fixture: "fixture-ar", note: "khat-almiyah/tatweel",
		typed: "tatweel (U+0640) stretching three words",
		want:  "ستصل إلى الأحياء الجنوبية", undo: tatweel},
	{fixture: "fixture-ar", note: "khat-almiyah/arqam-hindiya",
		typed: "Arabic-Indic digits ٤٢ for the article's ASCII 42",
		want:  "ويمتد الخط الجديد على طول 42 كيلومترا", undo: digits('\u0660', '0')},
	{fixture: "fixture-fa", note: "boodjeh-1405/harf-arabi",
		typed: "Arabic yeh and kaf (ي U+064A, ك U+0643) for Persian ی and ک (U+06CC, U+06A9)",
		want:  "شهرداری می\u200cخواهد بیش از نیمی از این بودجه را صرف پروژه\u200cهای عمرانی کند", undo: arabicLetters},
	{fixture: "fixture-fa", note: "boodjeh-1405/adad-latin",
		typed: "ASCII digits 40 for the article's Persian ۴۰",
		want:  "خرید ۴۰ دستگاه اتوبوس برقی", undo: digits('0', '\u06f0')},
	{fixture: "fixture-fa", note: "boodjeh-1405/adad-arabi",
		typed: "Arabic-Indic digits ١٢ (U+0661, U+0662) for the article's Persian ۱۲ (U+06F1, U+06F2)",
		want:  "رقم کل بودجه ۱۲ هزار میلیارد ریال", undo: digits('\u0660', '\u06f0')},
	{fixture: "fixture-fa", note: "boodjeh-1405/otobus", today: true,
		typed: "no zero-width non-joiner (اتوبوسها, حملونقل, میشوند) where the article has three",
		want:  "این اتوبوس\u200cها تا پایان سال به ناوگان حمل\u200cونقل عمومی شهر اضافه می\u200cشوند", undo: zwnj},
}

// checkSite loads and checks fsys as `dossier check` does, returning the
// site and every problem, warnings included.
func checkSite(t *testing.T, fsys fs.FS) (*site.Site, diag.List) {
	t.Helper()
	s, theme, diags := Check(site.NewLoader(), fsys)
	return s, append(diags, check.Site(s, theme)...)
}

// TestLanguageFixturesAreClean checks that each language fixture passes
// `dossier check --strict`: no error and no warning.
func TestLanguageFixturesAreClean(t *testing.T) {
	for _, dir := range languageFixtures {
		if _, diags := checkSite(t, os.DirFS(dir)); len(diags) > 0 {
			t.Errorf("%s:\n%s", dir, diags)
		}
	}
}

// withKeyboardVariants returns the fixture site in testdata/<fixture> with
// its keyboard variants added.
func withKeyboardVariants(t *testing.T, fixture string) fstest.MapFS {
	t.Helper()
	src := fstest.MapFS{}
	for _, dir := range []string{path.Join("testdata", fixture), path.Join(keyboardVariants, fixture)} {
		fsys := os.DirFS(dir)
		err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			src[p] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return src
}

// findNote returns the note <dossier>/<name> of s, anchored or not, or nil.
func findNote(s *site.Site, note string) *site.Note {
	slug, name, _ := strings.Cut(note, "/")
	for _, d := range s.Dossiers {
		if d.Slug != slug {
			continue
		}
		for _, n := range slices.Concat(d.Notes, d.Unanchored) {
			if n.Name == name {
				return n
			}
		}
	}
	return nil
}

// anchored returns the passage of the article that the note <dossier>/<name>
// is anchored to, and whether the site has the note.
func anchored(s *site.Site, note string) (string, bool) {
	slug, name, _ := strings.Cut(note, "/")
	for _, d := range s.Dossiers {
		if d.Slug != slug {
			continue
		}
		for _, n := range d.Notes {
			if n.Name == name {
				return string(d.Seed.Data[n.Span.Start:n.Span.End]), true
			}
		}
	}
	return "", false
}

// TestKeyboardVariantsAreVariants checks the keyboard variants themselves,
// whatever the anchoring does: each expected passage is in its article;
// each quote is not, and differs from it by its variant only (see undo);
// and adding the variants to their fixture raises no problem but "quote
// not found" at their quote: lines, which script-aware anchoring removes.
// The variants marked today must already be anchored to their passage.
func TestKeyboardVariantsAreVariants(t *testing.T) {
	bad := map[string]bool{} // path:line of the quote: of each pending variant
	sites := map[string]*site.Site{}
	diagsOf := map[string]diag.List{}
	for _, v := range keyboardVariantNotes {
		if _, ok := sites[v.fixture]; !ok {
			sites[v.fixture], diagsOf[v.fixture] = checkSite(t, withKeyboardVariants(t, v.fixture))
		}
		s := sites[v.fixture]
		slug, name, _ := strings.Cut(v.note, "/")
		notePath := path.Join("content", v.note) + ".md"
		dir := path.Join(keyboardVariants, v.fixture)
		if v.today {
			dir = path.Join("testdata", v.fixture)
		}
		if _, err := os.Stat(path.Join(dir, notePath)); err != nil {
			t.Errorf("%s/%s: %v", v.fixture, v.note, err)
		}
		n := findNote(s, v.note)
		if n == nil {
			t.Errorf("%s/%s: no such note", v.fixture, v.note)
			continue
		}
		quote, line := n.Quote, n.QuotePos.Line
		seed, err := os.ReadFile(path.Join("testdata", v.fixture, "seeds", slug+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(seed), v.want) {
			t.Errorf("%s/%s: the article has no %q", v.fixture, v.note, v.want)
		}
		if quote == "" || strings.Contains(string(seed), quote) || v.undo(quote) != v.undo(v.want) {
			t.Errorf("%s/%s: quote %q is not %q typed with %s", v.fixture, v.note, quote, v.want, v.typed)
		}
		if v.today {
			if got, ok := anchored(s, v.note); !ok || got != v.want {
				t.Errorf("%s/%s (%s): anchored to %q (found %v), want %q", v.fixture, v.note, v.typed, got, ok, v.want)
			}
		} else {
			bad[v.fixture+":"+path.Join("content", slug, name)+".md:"+strconv.Itoa(line)] = true
		}
	}
	for fixture, diags := range diagsOf {
		for _, d := range diags {
			if bad[fixture+":"+d.Path+":"+strconv.Itoa(d.Line)] && d.Severity == diag.Error && strings.Contains(d.Message, "quote not found") {
				continue
			}
			t.Errorf("%s with its keyboard variants: %s", fixture, d)
		}
	}
}

// TestKeyboardVariants adds the keyboard variants to their fixtures and
// checks that the sites pass `dossier check --strict` and that each
// variant's note is anchored to the passage of the article it quotes.
func TestKeyboardVariants(t *testing.T) {
	for _, fixture := range []string{"fixture-fr", "fixture-ar", "fixture-fa"} {
		s, diags := checkSite(t, withKeyboardVariants(t, fixture))
		if len(diags) > 0 {
			t.Errorf("%s with its keyboard variants:\n%s", fixture, diags)
		}
		for _, v := range keyboardVariantNotes {
			if v.fixture != fixture {
				continue
			}
			if got, ok := anchored(s, v.note); !ok || got != v.want {
				t.Errorf("%s/%s (%s): anchored to %q (found %v), want %q", fixture, v.note, v.typed, got, ok, v.want)
			}
		}
	}
}
