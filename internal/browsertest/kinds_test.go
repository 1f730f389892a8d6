package browsertest

import (
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestEveryKindOfPage checks that the fixture, which is audited page by
// page, has a page of every kind the theme makes (pageKinds), so that every
// kind is loaded, audited and validated: a new kind of page must be added
// to pageKinds and to the fixture.
func TestEveryKindOfPage(t *testing.T) {
	for _, s := range sites(t) {
		if s.Name != "fixture" {
			continue
		}
		kinds := map[string][]string{}
		for _, p := range s.pages {
			kinds[pageKind(p)] = append(kinds[pageKind(p)], p)
		}
		for _, k := range pageKinds {
			if len(kinds[k]) == 0 {
				t.Errorf("the fixture has no page of kind %q", k)
			}
		}
		if got := kinds["page"]; !slices.Equal(got, []string{"about.html"}) {
			t.Errorf("the fixture's pages of their own: %q, want about.html", got)
		}
	}
}

// TestDraftBanner opens the draft note of the "drafts" site, which is
// also audited by axe-core and the HTML checker with the rest of that
// site, and checks that a reader sees its banner, and that a published
// page of the same build has none.
func TestDraftBanner(t *testing.T) {
	var drafts *builtSite
	for _, s := range sites(t) {
		if s.Drafts {
			drafts = s
		}
	}
	if drafts == nil {
		t.Fatal("no site is built with drafts")
	}
	if !drafts.has(draftPage) {
		t.Fatalf("the build with drafts has no %s", draftPage)
	}
	tab := browser(t)
	for _, c := range []struct {
		page string
		want bool
	}{{draftPage, true}, {"sample/vote.html", false}} {
		var state struct {
			Present, Visible bool
			Text             string
		}
		err := step(tab,
			chromedp.Navigate(drafts.url(c.page)),
			chromedp.Evaluate(`(() => {
				const b = document.querySelector('.draft-banner');
				if (!b) return {Present: false, Visible: false, Text: ''};
				const r = b.getBoundingClientRect();
				return {
					Present: true,
					Visible: b.checkVisibility({opacityProperty: true, visibilityProperty: true}) && r.width > 0 && r.height > 0,
					Text: b.textContent,
				};
			})()`, &state),
		)
		if err != nil {
			t.Fatalf("%s: %v", c.page, err)
		}
		if c.want && (!state.Present || !state.Visible) {
			t.Errorf("%s: the draft banner is present %v, visible %v", c.page, state.Present, state.Visible)
		}
		if !c.want && state.Present {
			t.Errorf("%s: a published page shows a draft banner: %q", c.page, state.Text)
		}
	}
}
