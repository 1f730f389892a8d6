package render

import (
	"testing"

	"github.com/dossier-org/dossier/internal/rating"
)

// TestSummaryKeepsLabels checks that the theme's summary sentence shows each
// rating's label as the site wrote it, and ends with one stop whatever the
// last label ends with, in any script.
func TestSummaryKeepsLabels(t *testing.T) {
	theme, diags := LoadTheme(nil, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	pants := rating.Rating{Key: "pants", Label: "Pants on fire!"}
	nasa := rating.Rating{Key: "nasa", Label: "NASA-verified"}
	dots := rating.Rating{Key: "dots", Label: "Unclear…"}
	q := rating.Rating{Key: "q", Label: "Really?"}
	stop := rating.Rating{Key: "stop", Label: "Wrong."}
	arabic := rating.Rating{Key: "ar", Label: "مضلل؟"}
	cjk := rating.Rating{Key: "zh", Label: "错误。"}
	amp := rating.Rating{Key: "amp", Label: "Half <true> & 'odd'"}
	for _, tc := range []struct {
		notes  int
		counts []Count
		want   string
	}{
		{0, nil, "0 claims checked."},
		{1, []Count{{Rating: pants, Count: 1}}, "1 claim checked: 1 Pants on fire!"},
		{3, []Count{{Rating: nasa, Count: 2}, {Rating: pants, Count: 1}}, "3 claims checked: 2 NASA-verified, 1 Pants on fire!"},
		{2, []Count{{Rating: pants, Count: 1}, {Rating: nasa, Count: 1}}, "2 claims checked: 1 Pants on fire!, 1 NASA-verified."},
		{1, []Count{{Rating: dots, Count: 1}}, "1 claim checked: 1 Unclear…"},
		{1, []Count{{Rating: q, Count: 1}}, "1 claim checked: 1 Really?"},
		{1, []Count{{Rating: stop, Count: 1}}, "1 claim checked: 1 Wrong."},
		{1, []Count{{Rating: arabic, Count: 1}}, "1 claim checked: 1 مضلل؟"},
		{1, []Count{{Rating: cjk, Count: 1}}, "1 claim checked: 1 错误。"},
		{4, []Count{{Rating: amp, Count: 4}}, "4 claims checked: 4 Half <true> & 'odd'."},
	} {
		for i := range tc.counts {
			tc.counts[i].Punctuated = endsSentence(tc.counts[i].Rating.Label)
		}
		dv := &DossierView{Notes: make([]*NoteView, tc.notes), Counts: tc.counts}
		got, err := theme.text(&Page{Language: "en"}, "dossier", "summary", dv)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("summary %q, want %q", got, tc.want)
		}
	}
}
