package browsertest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/dossier-org/dossier/internal/render"
)

// foldSamples are texts of every kind the search folds: each script's
// keyboard variants, digits, presentation forms, marks, joiners, quotes,
// cases.
var foldSamples = []string{
	"افزایش ۴۵ درصدی بودجه، با کسر تورم «نقطه‌به‌نقطه» می‌دهد",
	"ي ی ى ك ک ئ ۀ ة ـ ٫ ٬ ً ٌ ٍ َ ُ ِ ّ ْ ٰ ٖ ٗ أ إ ؤ آ",
	"ﮎ ﯼ ﻷ ﷲ ﻻ ﯽ ﺉ ﰀ ﬁ",
	"٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ०१२३४५६७८९ ০১২৩ ๐๑๒ ０１２ 𝟎𝟏𝟐𝟗 𝟶𝟿",
	"Le Département d’Étude — « Café » „Zitat“ ‚x‘ l'adjoint 2026–2027 …",
	"cafe\u0301 CAFÉ ÇA İstanbul ΟΔΟΣ οδός Ёлка ЙОД straße ŒUVRE",
	"a\u200cb c\u200dd \u202eevil\u202c \u2066x\u2069 \u061cy \u200ez \ufeffw \u00adv",
	"한국어 검색 日本語のテキスト हिंदी खोज ไทย",
	`"quoted" 'single' ‹a› ″b″ ＂c＂ 「d」`,
}

// TestSearchFoldAgrees checks that the search script folds a text into
// the same words as dossier folds the index (render.SearchWords), for
// texts of every kind the folding changes.
func TestSearchFoldAgrees(t *testing.T) {
	all := sites(t)
	if len(all) == 0 {
		t.Fatal("no site was built")
	}
	s := all[0]
	tab := browser(t)
	samples, _ := json.Marshal(foldSamples)
	var got []string
	err := step(tab,
		chromedp.Navigate(s.url("index.html")),
		chromedp.Evaluate(`(`+string(samples)+`).map(s => [...new Set(window.dossierFold(s).match(/[\p{L}\p{M}\p{Nd}'-]+/gu) || [])].join(" "))`, &got),
	)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range foldSamples {
		if want := render.SearchWords(text); got[i] != want {
			t.Errorf("%q:\nscript: %q\ndossier: %q", text, got[i], want)
		}
	}
	if !strings.Contains(render.SearchWords(foldSamples[0]), "كسر") {
		t.Error("the samples fold nothing")
	}
}
