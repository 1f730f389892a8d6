package rating

import (
	"fmt"
	"strings"
	"testing"
)

// The backgrounds the default theme sets the verdicts' colours on
// (templates/style.css: --bg in the light and the dark scheme), and the
// text it writes on them (the badge's white).
var (
	lightBG   = MustParseColor("#ffffff")
	darkBG    = MustParseColor("#0d1117")
	badgeText = MustParseColor("#ffffff")
)

// MinDeltaE is the least CIEDE2000 difference TestDefaultPalette allows
// between two of the default ratings' colours, for normal vision and each
// simulated deficiency: well above the 2 to 3 of a just-noticeable
// difference between patches side by side, for marks as small as an
// underline.
const MinDeltaE = 7.5

// TestDefaultPalette checks that a reader tells every two default ratings
// apart by colour alone, with each common colour-vision deficiency
// simulated (Machado et al. 2009), and that each colour passes WCAG AA
// where the theme uses it: the badge's white text on it (4.5:1), and it as
// an underline or a chart's bar on the page (3:1 for non-text) in the
// light and the dark scheme.
func TestDefaultPalette(t *testing.T) {
	s := Default()
	views := []struct {
		name string
		see  func(RGB) RGB
	}{{"normal vision", func(c RGB) RGB { return c }}}
	for _, d := range Deficiencies {
		views = append(views, struct {
			name string
			see  func(RGB) RGB
		}{d.String(), func(c RGB) RGB { return c.Simulate(d) }})
	}
	var table strings.Builder
	fmt.Fprintf(&table, "%-34s %8s %8s %8s %8s\n", "ΔE2000", "normal", "protan", "deutan", "tritan")
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			a, b := MustParseColor(s[i].Color), MustParseColor(s[j].Color)
			fmt.Fprintf(&table, "%-34s", s[i].Key+" / "+s[j].Key)
			for _, v := range views {
				e := DeltaE2000(v.see(a).Lab(), v.see(b).Lab())
				fmt.Fprintf(&table, " %8.1f", e)
				if e < MinDeltaE {
					t.Errorf("%s and %s: ΔE2000 %.1f with %s, want at least %.1f", s[i].Key, s[j].Key, e, v.name, MinDeltaE)
				}
			}
			table.WriteByte('\n')
		}
	}
	fmt.Fprintf(&table, "\n%-18s %8s %8s %8s\n", "contrast", "badge", "light", "dark")
	for _, r := range s {
		c := MustParseColor(r.Color)
		badge, light, dark := Contrast(c, badgeText), Contrast(c, lightBG), Contrast(c, darkBG)
		fmt.Fprintf(&table, "%-18s %8.2f %8.2f %8.2f\n", r.Key, badge, light, dark)
		if badge < 4.5 {
			t.Errorf("%s: the badge's text on %s has contrast %.2f, want at least 4.5", r.Key, r.Color, badge)
		}
		if light < 3 || dark < 3 {
			t.Errorf("%s: %s on the page has contrast %.2f (light) and %.2f (dark), want at least 3 in both", r.Key, r.Color, light, dark)
		}
	}
	t.Logf("the default palette:\n%s", table.String())
}
