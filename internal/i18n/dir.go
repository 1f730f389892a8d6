// Package i18n holds what the reader's language decides: the direction its
// script runs in, and (as the theme's translation tables grow) the words and
// formats of the interface.
package i18n

import (
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"
)

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
	if d, ok := directions.Load(tag); ok {
		return d.(string)
	}
	d := direction(tag)
	if directionsKept.Add(1) <= maxDirections {
		directions.Store(tag, d)
	}
	return d
}

// directions keeps the directions of the tags asked about, up to
// maxDirections of them: every page asks for its language's, and parsing
// a tag costs more than the rest of choosing it.
var (
	directions     sync.Map
	directionsKept atomic.Int64
)

const maxDirections = 1000

func direction(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return "ltr"
	}
	if s, conf := t.Script(); conf != language.No && rtlScripts[s.String()] {
		return "rtl"
	}
	return "ltr"
}
