package browsertest

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestVerdictFirst checks that a reader sees what a page is for before
// scrolling: on every note's page (checks, remarks and withdrawn notes) the
// verdict block, the claim beside its verdict, lies within the first screen
// of a laptop (1280 × 800) and of a phone (390 × 844); on every dossier's
// page, the article's first checked passage lies within the first screen
// of the laptop.
func TestVerdictFirst(t *testing.T) {
	screens := []struct {
		name          string
		width, height int64
		kind, sel     string
	}{
		{"laptop", 1280, 800, "note", verdictBlock},
		{"phone", phoneWidth, 844, "note", verdictBlock},
		{"laptop", 1280, 800, "dossier", firstPassage},
	}
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			tab := browser(t)
			for _, sc := range screens {
				if err := step(tab, emulation.SetDeviceMetricsOverride(sc.width, sc.height, 1, sc.width < 600)); err != nil {
					t.Fatal(err)
				}
				for _, page := range s.pagesOfKind(sc.kind) {
					var box struct {
						Found       bool
						Top, Bottom float64
					}
					err := step(tab, chromedp.Navigate(s.url(page)), chromedp.Evaluate(fmt.Sprintf(boxJS, sc.sel), &box))
					switch {
					case err != nil:
						t.Errorf("%s: %v", page, err)
					case !box.Found:
						t.Errorf("%s: no %s", page, sc.sel)
					case box.Bottom > float64(sc.height):
						t.Errorf("%s at %d × %d: %s spans %.0f to %.0f px, below the first screen", page, sc.width, sc.height, sc.sel, box.Top, box.Bottom)
					default:
						t.Logf("%s at %d × %d: %s spans %.0f to %.0f px", page, sc.width, sc.height, sc.sel, box.Top, box.Bottom)
					}
				}
			}
		})
	}
}

const (
	// verdictBlock is a note's claim and verdict.
	verdictBlock = ".verdict-box"
	// firstPassage is the article's first checked passage.
	firstPassage = ".seed mark.hl"
)

// boxJS measures the first element %s matches, scrolled to the top of the
// page, in CSS pixels from the top of the screen.
const boxJS = `(() => {
	window.scrollTo(0, 0);
	const el = document.querySelector(%q);
	if (!el) return {found: false};
	const r = el.getBoundingClientRect();
	return {found: true, top: r.top, bottom: r.bottom};
})()`
