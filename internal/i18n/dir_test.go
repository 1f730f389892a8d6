package i18n

import "testing"

func TestDirection(t *testing.T) {
	for tag, want := range map[string]string{
		"en": "ltr", "fr": "ltr", "ru": "ltr", "az": "ltr", "pt-BR": "ltr",
		"ar": "rtl", "fa": "rtl", "he": "rtl", "ur": "rtl", "ps": "rtl",
		"az-Arab": "rtl", "ar-Latn": "ltr", "ckb": "rtl", "dv": "rtl",
		"": "ltr", "not a tag": "ltr",
	} {
		if got := Direction(tag); got != want {
			t.Errorf("Direction(%q) = %q, want %q", tag, got, want)
		}
	}
}
