package render

import (
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/rating"
)

// TestBrandCSS checks the site's brand as verdicts.css writes it: custom
// properties in one rule of the shape every line of the file has, a dark
// accent that passes contrast on the dark background, family names as
// escaped identifiers, and nothing at all for a value the settings would
// refuse, were one to reach render.
func TestBrandCSS(t *testing.T) {
	tests := []struct{ accent, font, want string }{
		{"", "", ""},
		{"#0550AE", "", "--brand-accent: #0550ae; --brand-accent-dark: #5084c6; "},
		{"", `Inter, "Source Sans 3", sans-serif`, `--brand-font: Inter, Source\20 Sans\20 3, sans-serif; `},
		{"", `3Dumb, -2x, Vazirmatn, "Noto Naskh Arabic"`, `--brand-font: \33 Dumb, \-2x, Vazirmatn, Noto\20 Naskh\20 Arabic; `},
		{"", `Déjà Vu`, `--brand-font: D\e9 j\e0 \20 Vu; `},
		{"#fc0", "", ""},
		{"#000; } body { display: none", `x; } * { background: url(https://evil.example/) }`, ""},
	}
	for _, tt := range tests {
		v := &SiteView{Accent: tt.accent, Font: tt.font}
		got := v.brandCSS()
		if got != tt.want {
			t.Errorf("accent %q, font %q:\n got %s\nwant %s", tt.accent, tt.font, got, tt.want)
		}
		if got != "" && !cssRule.MatchString(":root { "+got+"}") {
			t.Errorf("accent %q, font %q: the rule is broken open: %s", tt.accent, tt.font, got)
		}
		if _, dark, ok := strings.Cut(got, "--brand-accent-dark: "); ok {
			c := rating.MustParseColor(dark[:7])
			if r := rating.Contrast(c, darkBackground); r < 4.5 {
				t.Errorf("accent %q: the dark scheme's %s has contrast %.2f", tt.accent, dark[:7], r)
			}
		}
	}
}
