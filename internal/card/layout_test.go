package card

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/language"
)

// lineTexts returns the text of each line of b, in logical order.
func lineTexts(b block, text string) []string {
	runes := []rune(clean(text))
	var out []string
	for _, l := range b.lines {
		lo, hi := len(runes), 0
		for _, run := range l.runs {
			if run.Runes.Offset >= len(runes) {
				continue // the truncator
			}
			lo = min(lo, run.Runes.Offset)
			hi = max(hi, run.Runes.Offset+run.Runes.Count)
		}
		if lo < hi {
			out = append(out, strings.TrimSpace(string(runes[lo:hi])))
		}
	}
	return out
}

// TestFitKeepsWords: a verdict's label that does not fit the panel at the
// largest size is set smaller, not broken inside a word ("Unsupporte / d"
// before the fix).
func TestFitKeepsWords(t *testing.T) {
	r, err := getRenderer()
	if err != nil {
		t.Fatal(err)
	}
	defer putRenderer(r)
	for _, label := range []string{"Unsupported", "Mostly accurate", "Missing context", "Irreführend", "Недостоверно", "غير مدعوم بالأدلة"} {
		st := textStyle{weight: bold, leading: 1.15, dir: di.DirectionLTR, lang: language.NewLanguage("en"), maxWidth: 400 - 64}
		b := r.fit(label, st, []float32{56, 44, 36}, []int{2, 2, 3})
		words := strings.Fields(label)
		got := lineTexts(b, label)
		if strings.Join(got, " ") != label || len(got) > len(words) {
			t.Errorf("%q set as %q", label, got)
			continue
		}
		for _, l := range got {
			for _, w := range strings.Fields(l) {
				if !strings.Contains(" "+label+" ", " "+w+" ") {
					t.Errorf("%q: line %q breaks a word", label, l)
				}
			}
		}
	}
}

// TestTruncation: a long quote is cut to its lines and ends with "…"; a
// short one is whole.
func TestTruncation(t *testing.T) {
	r, err := getRenderer()
	if err != nil {
		t.Fatal(err)
	}
	defer putRenderer(r)
	for _, dir := range []di.Direction{di.DirectionLTR, di.DirectionRTL} {
		st := textStyle{size: 40, lines: 3, leading: 1.3, dir: dir, lang: language.NewLanguage("en"), maxWidth: 600}
		long := r.block(strings.Repeat("word ", 200), st)
		if len(long.lines) != 3 || !long.cut {
			t.Errorf("%v: long text: %d lines, cut %v; want 3, true", dir, len(long.lines), long.cut)
		}
		last := long.lines[len(long.lines)-1]
		end := last.runs[len(last.runs)-1] // visually last: the ellipsis's place in LTR
		g := end.Glyphs[len(end.Glyphs)-1]
		if dir == di.DirectionRTL {
			end = last.runs[0]
			g = end.Glyphs[0]
		}
		if want, _ := end.Face.NominalGlyph('…'); g.GlyphID != want {
			t.Errorf("%v: the last line ends with glyph %d, not the ellipsis (%d)", dir, g.GlyphID, want)
		}
		short := r.block("A short quote.", st)
		if len(short.lines) != 1 || short.cut {
			t.Errorf("%v: short text: %d lines, cut %v", dir, len(short.lines), short.cut)
		}
		huge := r.block(strings.Repeat("x", 10*maxRunes), st)
		if !huge.cut {
			t.Errorf("%v: text beyond maxRunes not marked cut", dir)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a \n\t b  ", "a b"},
		{"a\x00b", "a b"},
		{"a\xffb", "a\uFFFDb"},
		{"\u200Fa\u202Eb", "\u200Fa\u202Eb"}, // bidi formatting kept
		{"", ""},
		{"\n\n", ""},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A huge text is read no further than needed.
	for _, in := range []string{strings.Repeat("ab ", 1<<20), strings.Repeat(" ", 1<<20) + "x", strings.Repeat("ب", 1<<20)} {
		got := clean(in)
		if n := len([]rune(got)); n > maxRunes+2 || !utf8.ValidString(got) {
			t.Errorf("clean of %d bytes: %d runes", len(in), n)
		}
	}
}

// TestQuarters splits positions into pixels and subpixel steps, rounding
// to the nearest step, below zero too.
func TestQuarters(t *testing.T) {
	for _, tt := range []struct {
		v    float32
		i    int
		frac uint8
	}{
		{0, 0, 0}, {0.1, 0, 0}, {0.13, 0, 1}, {0.5, 0, 2}, {0.9, 1, 0}, {10.76, 10, 3},
		{-0.1, 0, 0}, {-0.2, -1, 3}, {-1, -1, 0},
	} {
		if i, f := quarters(tt.v); i != tt.i || f != tt.frac {
			t.Errorf("quarters(%v) = %d, %d; want %d, %d", tt.v, i, f, tt.i, tt.frac)
		}
	}
}
