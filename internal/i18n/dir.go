// Package i18n holds what the reader's language decides: the direction its
// script runs in, and (as the theme's translation tables grow) the words and
// formats of the interface.
package i18n

import "golang.org/x/text/language"

// rtlScripts are the ISO 15924 codes of the scripts written right to left
// that a language tag may name or imply.
var rtlScripts = map[string]bool{
	"Adlm": true, "Arab": true, "Hebr": true, "Mand": true, "Mend": true,
	"Nkoo": true, "Rohg": true, "Samr": true, "Syrc": true, "Thaa": true, "Yezi": true,
}

// Direction returns "rtl" when the language tag's script, written or most
// likely ("ar", "fa", "he", "ur", "az-Arab"), runs right to left, and "ltr"
// otherwise, for an unknown or malformed tag too.
func Direction(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return "ltr"
	}
	if s, conf := t.Script(); conf != language.No && rtlScripts[s.String()] {
		return "rtl"
	}
	return "ltr"
}
