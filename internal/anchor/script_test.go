package anchor

import (
	"errors"
	"testing"
)

// scriptCase is a quote typed as a writer would, and what of the text it
// must match ("" when it must not be found).
type scriptCase struct {
	name, text, quote, want string
}

func runScriptCases(t *testing.T, tests []scriptCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := NewIndex([]byte(tt.text), 0).Find(Query{Quote: tt.quote})
			got := ""
			if err == nil {
				got = tt.text[m.Start:m.End]
			} else if !errors.As(err, new(*NotFoundError)) {
				t.Fatalf("quote %q: %v", tt.quote, err)
			}
			if got != tt.want {
				t.Errorf("quote %q matched %q, want %q", tt.quote, got, tt.want)
			}
		})
	}
}

func TestFindPersian(t *testing.T) {
	const text = "وزیر گفت که این کار را می‌خواهم انجام دهم. خانۀ ما ۱۲۳۴ تومان بود."
	runScriptCases(t, []scriptCase{
		{"as written", text, "وزیر گفت", "وزیر گفت"},
		{"Arabic kaf and yeh for Persian keheh and yeh", text, "ين كار", "ین کار"},
		{"alef maksura for final yeh", text, "وزير گفت كه اىن", "وزیر گفت که این"},
		{"non-joiner left out", text, "میخواهم", "می‌خواهم"},
		{"non-joiner kept", text, "می‌خواهم", "می‌خواهم"},
		{"zero-width joiner and a bidi mark are ignored", text, "می\u200dخوا\u200fهم", "می‌خواهم"},
		{"a space for the non-joiner separates words: not found", text, "می خواهم", ""},
		{"Persian digits are ASCII digits", text, "1234 تومان", "۱۲۳۴ تومان"},
		{"Arabic-Indic digits too", text, "١٢٣٤ تومان", "۱۲۳۴ تومان"},
		{"heh with yeh above typed as heh and hamza", text, "خانهٔ ما", "خانۀ ما"},
		{"hamza is not optional", text, "خانه ما", ""},
		{"tatweel is ignored", text, "وزیــر", "وزیر"},
		{"one letter changed: not found", text, "وزیر گفت که آن", ""},
	})
}

func TestFindArabic(t *testing.T) {
	const text = "قالَ الرئيسُ إنّ الكتابة مهمة، وبلغ العجز ٣٫٥ مليار في عام ٢٠٢٤."
	runScriptCases(t, []scriptCase{
		{"harakat in the text, none in the quote", text, "قال الرئيس إن", "قالَ الرئيسُ إنّ"},
		{"harakat in the quote, none in the text", text, "الكِتَابَةُ", "الكتابة"},
		{"superscript alef and tatweel", text, "الكتـاٰبة", "الكتابة"},
		{"yeh with hamza typed with a Persian yeh", text, "الری\u0654يس", "الرئيسُ"}, // the mark that follows is part of the letter,
		{"yeh with hamza typed decomposed", text, "الري\u0654يس", "الرئيسُ"},
		{"hamza on alef is not optional", text, "ان الكتابة", ""},
		{"teh marbuta is not heh", text, "الكتابه", ""},
		{"ASCII digits and separator", text, "3.5 مليار في عام 2024", "٣٫٥ مليار في عام ٢٠٢٤"},
		{"Persian digits", text, "عام ۲۰۲۴", "عام ٢٠٢٤"},
		{"a presentation form", text, "\ufedf\ufed8\ufe98\ufe8e\ufe91\ufe94", ""}, // لقتابة: not a word of the text
		{"presentation forms of the text's letters", text, "\ufe8d\ufedf\ufedb\ufe98\ufe8e\ufe91\ufe94", "الكتابة"},
		{"Arabic comma is kept", text, "مهمة, وبلغ", ""},
	})
}

func TestFindLatinAndCyrillic(t *testing.T) {
	const french = "Il a dit\u202f: «\u00a0déjà vu\u00a0» et ‹ non ›. L’homme."
	const german = "Er sagte „nie wieder“ und ‚nie‘, dann »Ja« und Straße."
	const russian = "Он сказал: «Это ложь», — и ушёл. Мʼясо."
	runScriptCases(t, []scriptCase{
		{"guillemets without spaces", french, "«déjà vu»", "«\u00a0déjà vu\u00a0»"},
		{"guillemets with plain spaces", french, "« déjà vu »", "«\u00a0déjà vu\u00a0»"},
		{"straight quotes for guillemets", french, `dit : "déjà vu" et`, "dit\u202f: «\u00a0déjà vu\u00a0» et"},
		{"single guillemets", french, "'non'", "‹ non ›"},
		{"inside the guillemets", french, "déjà vu", "déjà vu"},
		{"decomposed accents", french, "de\u0301ja\u0300 vu", "déjà vu"},
		{"the accent is part of the letter", french, "dej", ""},
		{"a straight apostrophe", french, "L'homme", "L’homme"},
		{"a space before the colon is kept", french, "dit: ", ""},
		{"German quotes", german, `"nie wieder" und 'nie'`, "„nie wieder“ und ‚nie‘"},
		{"reversed guillemets", german, `dann "Ja" und`, "dann »Ja« und"},
		{"ß is not ss", german, "Strasse", ""},
		{"Russian guillemets", russian, `сказал: "Это ложь", - и`, "сказал: «Это ложь», — и"},
		{"ё is not е", russian, "ушел", ""},
		{"a modifier apostrophe", russian, "М'ясо", "Мʼясо"},
		{"a Latin ligature", "The ﬁnal ﬂow.", "final flow", "ﬁnal ﬂow"},
	})
}

// TestNormalizeIsTheSameEverywhere checks that a quote and the text it is
// in fold alike whichever way either was typed, so that new, check and
// build, which all look quotes up with an Index, agree.
func TestNormalizeScripts(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ك ک", "ك ك"},
		{"ي ی ى", "ي ي ي"},
		{"ة ه", "ة ه"},
		{"٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ०१२", "0123456789 0123456789 012"},
		{"٣٫١٤ ١٬٠٠٠", "3.14 1,000"},
		{"بَ بً بٌ بٍ بُ بِ بّ بْ بٰ بـ", "ب ب ب ب ب ب ب ب ب ب"},
		{"a\u200b\u200c\u200d\u00ad\u200e\u200f\u061c\u202a\u202e\u2066\u2069b", "ab"},
		{"« a » ‹ b › „c“ ‚d‘ 「e」", `"a"'b'"c"'d'"e"`},
		{"x \u200b y", "x y"},
		{"e\u0301 \u00e9", "\u00e9 \u00e9"},
		{"ﻻ", "لا"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
