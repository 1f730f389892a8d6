package content

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Slug makes a file name from a quote: its first words, lower-case, in
// ASCII letters and digits, joined by hyphens, at most 48 bytes; "note" when
// no word has a letter it can write.
//
// Names stay in ASCII, because a note's name is its web address and a file
// of the source tree, and Unicode names bring trouble there: the same name
// in two normalisation forms (macOS file systems decompose accents), two
// scripts' look-alike letters making two addresses that read the same, and
// right-to-left names reordering the paths around them in messages. So
// letters are transliterated: Latin letters lose their accents (déjà is
// deja) and a few become two (ß is ss, æ is ae), Greek, Cyrillic, Arabic and
// Persian letters are written in Latin letters by a simple table (Arabic
// script without its short vowels, as it is written), and the digits of
// every script are ASCII digits. The letters of other scripts are left out.
func Slug(quote string) string {
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	for _, r := range norm.NFD.String(strings.ToLower(quote)) {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			w.WriteRune(r)
		case r == '\'' || r == '\u2019' || r == '\u02bc' || r == '\u200c' || r == '\u200d' || r == '\u0640' || r == '\u00ad':
			// An apostrophe, a joiner, tatweel or a soft hyphen is
			// inside a word: "it's" is "its".
		case unicode.Is(unicode.Mn, r):
			// An accent or a vowel mark.
		case unicode.IsDigit(r):
			w.WriteByte(byte('0' + digitValue(r)))
		case hasTranslit(r):
			w.WriteString(translit[r])
		default:
			flush()
		}
	}
	flush()
	slug := ""
	for _, word := range words {
		if len(slug)+len(word)+1 > 48 {
			break
		}
		if slug != "" {
			slug += "-"
		}
		slug += word
	}
	if slug == "" {
		return "note"
	}
	return slug
}

// hasTranslit reports whether r is in the table, perhaps as a letter written
// as nothing (the Russian hard and soft signs, Arabic ain and hamza).
func hasTranslit(r rune) bool {
	_, ok := translit[r]
	return ok
}

// digitValue returns the value of the decimal digit r (Unicode category
// Nd), whose every script has its digits 0 to 9 in a row.
func digitValue(r rune) int {
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return 0
}

// translit writes the lower-case letters that decomposing and dropping the
// accents leaves outside ASCII in Latin letters.
var translit = map[rune]string{
	// Latin
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŋ': "ng", 'ſ': "s", 'ə': "e",
	'ɛ': "e", 'ɔ': "o", 'ĸ': "q",
	// Greek (the accents are gone already)
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i",
	'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x",
	'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y",
	'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
	// Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Macedonian,
	// Bulgarian); й and ё are и and е once decomposed.
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh",
	'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'є': "ye", 'ґ': "g",
	'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѕ': "dz",
	// Arabic and Persian; أ, إ, آ, ؤ, ئ are their letters once decomposed.
	'ا': "a", 'ب': "b", 'پ': "p", 'ت': "t", 'ث': "s", 'ج': "j", 'چ': "ch",
	'ح': "h", 'خ': "kh", 'د': "d", 'ذ': "z", 'ر': "r", 'ز': "z", 'ژ': "zh",
	'س': "s", 'ش': "sh", 'ص': "s", 'ض': "z", 'ط': "t", 'ظ': "z", 'ع': "",
	'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k", 'ک': "k", 'گ': "g", 'ل': "l",
	'م': "m", 'ن': "n", 'و': "v", 'ه': "h", 'ة': "a", 'ی': "y", 'ي': "y",
	'ى': "a", 'ء': "", 'ۀ': "h", 'ە': "e",
}
