package render

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/content"
	"github.com/dossier-org/dossier/internal/rating"
	"github.com/dossier-org/dossier/templates"
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

// TestThemeBackgrounds checks that the backgrounds the colours are checked
// against are the theme's own: templates/style.css's --bg in the light and
// the dark scheme are the page's white an accent must stand out from
// (content.AccentBackground) and darkBackground, which the dark accent is
// made for. And it checks every default rating's colour against them as
// the theme uses it: as a line or a bar on either (3:1), and under the
// white text of a badge (4.5:1).
func TestThemeBackgrounds(t *testing.T) {
	css, err := fs.ReadFile(templates.FS, "style.css")
	if err != nil {
		t.Fatal(err)
	}
	bgs := regexp.MustCompile(`--bg: (#[0-9a-fA-F]{6});`).FindAllStringSubmatch(string(css), -1)
	if len(bgs) != 2 {
		t.Fatalf("style.css sets --bg %d times, want 2 (light, then dark)", len(bgs))
	}
	light, dark := rating.MustParseColor(bgs[0][1]), rating.MustParseColor(bgs[1][1])
	if light != rating.MustParseColor(content.AccentBackground) || dark != darkBackground {
		t.Errorf("style.css's backgrounds are %s and %s; the checks assume %s and %s", bgs[0][1], bgs[1][1], content.AccentBackground, darkBackground.Hex())
	}
	white := rating.RGB{R: 1, G: 1, B: 1}
	for _, r := range rating.Default() {
		c := rating.MustParseColor(r.Color)
		for _, bg := range []struct {
			name string
			c    rating.RGB
			min  float64
		}{{"the light background", light, 3}, {"the dark background", dark, 3}, {"a badge's text", white, 4.5}} {
			if got := rating.Contrast(c, bg.c); got < bg.min {
				t.Errorf("%s (%s) on %s: contrast %.2f, want at least %.1f", r.Key, r.Color, bg.name, got, bg.min)
			}
		}
	}
}
