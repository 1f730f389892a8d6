package render

import (
	"testing"

	"github.com/dossier-org/dossier/internal/rating"
)

// TestSummaryKeepsLabels checks that the summary sentence shows each rating's
// label as the site wrote it, and ends with one stop whatever the last label
// ends with.
func TestSummaryKeepsLabels(t *testing.T) {
	pants := rating.Rating{Key: "pants", Label: "Pants on fire!"}
	nasa := rating.Rating{Key: "nasa", Label: "NASA-verified"}
	dots := rating.Rating{Key: "dots", Label: "Unclear…"}
	q := rating.Rating{Key: "q", Label: "Really?"}
	stop := rating.Rating{Key: "stop", Label: "Wrong."}
	for _, tc := range []struct {
		notes  int
		counts []Count
		want   string
	}{
		{0, nil, "0 claims checked."},
		{1, []Count{{pants, 1}}, "1 claim checked: 1 Pants on fire!"},
		{3, []Count{{nasa, 2}, {pants, 1}}, "3 claims checked: 2 NASA-verified, 1 Pants on fire!"},
		{2, []Count{{pants, 1}, {nasa, 1}}, "2 claims checked: 1 Pants on fire!, 1 NASA-verified."},
		{1, []Count{{dots, 1}}, "1 claim checked: 1 Unclear…"},
		{1, []Count{{q, 1}}, "1 claim checked: 1 Really?"},
		{1, []Count{{stop, 1}}, "1 claim checked: 1 Wrong."},
	} {
		dv := &DossierView{Notes: make([]*NoteView, tc.notes), Counts: tc.counts}
		if got := dv.Summary(); got != tc.want {
			t.Errorf("Summary() = %q, want %q", got, tc.want)
		}
	}
}
