package card

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The default scale's colours (internal/rating.Default).
var defaultColors = map[string]string{
	"accurate":        "#1a7f37",
	"mostly-accurate": "#4d7c0f",
	"missing-context": "#9a6700",
	"misleading":      "#bc4c00",
	"inaccurate":      "#cf222e",
	"unsupported":     "#6e7781",
	"opinion":         "#8250df",
}

// TestContrastDefaults checks that the label on every default verdict's
// panel meets WCAG AA for text of any size (4.5:1), and is white.
func TestContrastDefaults(t *testing.T) {
	for key, hex := range defaultColors {
		bg, err := parseColor(hex)
		if err != nil {
			t.Fatal(err)
		}
		fg := TextOn(bg)
		if c := Contrast(fg, bg); c < 4.5 {
			t.Errorf("%s %s: contrast %.2f, want at least 4.5", key, hex, c)
		}
		if fg != paper {
			t.Errorf("%s %s: text %v, want white", key, hex, fg)
		}
	}
}

// TestContrastAnyColour checks TextOn on site colours of every kind.
func TestContrastAnyColour(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []color.RGBA{{0, 0, 0, 255}, {255, 255, 255, 255}, {0x76, 0x76, 0x76, 255}, {0x77, 0x77, 0x77, 255}, {0xff, 0xff, 0, 255}, {0, 0, 0xff, 255}}
	for range 5000 {
		cases = append(cases, color.RGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255})
	}
	for _, bg := range cases {
		if c := Contrast(TextOn(bg), bg); c < 4.5 {
			t.Errorf("%v: text %v has contrast %.2f, want at least 4.5", bg, TextOn(bg), c)
		}
	}
	// The text on the paper, for the record.
	for name, c := range map[string]color.RGBA{"ink": ink, "muted": muted} {
		if got := Contrast(c, paper); got < 4.5 {
			t.Errorf("%s on paper: contrast %.2f", name, got)
		}
	}
}

func TestContrastKnown(t *testing.T) {
	if got := Contrast(color.RGBA{0, 0, 0, 255}, color.RGBA{255, 255, 255, 255}); got < 20.99 || got > 21.01 {
		t.Errorf("black on white: %.3f, want 21", got)
	}
	if got := Contrast(color.RGBA{0x76, 0x76, 0x76, 255}, paper); got < 4.53 || got > 4.55 {
		t.Errorf("#767676 on white: %.3f, want 4.54", got)
	}
}

func TestParseColor(t *testing.T) {
	tests := []struct {
		in   string
		want color.RGBA
		ok   bool
	}{
		{"#1a7f37", color.RGBA{0x1a, 0x7f, 0x37, 255}, true},
		{"#1A7F37", color.RGBA{0x1a, 0x7f, 0x37, 255}, true},
		{" #fff ", color.RGBA{255, 255, 255, 255}, true},
		{"#abc", color.RGBA{0xaa, 0xbb, 0xcc, 255}, true},
		{"1a7f37", color.RGBA{}, false},
		{"#1a7f3", color.RGBA{}, false},
		{"#1a7f37ff", color.RGBA{}, false},
		{"#gggggg", color.RGBA{}, false},
		{"#+12345", color.RGBA{}, false},
		{"red", color.RGBA{}, false},
		{"", color.RGBA{}, false},
	}
	for _, tt := range tests {
		got, err := parseColor(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseColor(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// TestKeyCoversEveryField changes each field of the models in turn (found
// by reflection, so that a field added later is covered) and wants a new
// key each time.
func TestKeyCoversEveryField(t *testing.T) {
	note := NoteCard{Site: Site{Name: "a", Accent: "#000"}, Language: "en", Dir: LTR, Kicker: "k", Quote: "q", Byline: "b",
		Verdict: Verdict{Label: "l", Color: "#111", Mark: MarkCheck}}
	checkKey(t, "NoteCard", &note, func() string { return note.Key() })
	dossier := DossierCard{Site: Site{Name: "a"}, Language: "en", Dir: LTR, Kicker: "k", Headline: "h", Summary: "s",
		Counts: []Count{{Verdict: Verdict{Label: "l", Color: "#111"}, N: 1, Text: "1"}}}
	checkKey(t, "DossierCard", &dossier, func() string { return dossier.Key() })
	// Fields are not confused with one another.
	a := NoteCard{Quote: "ab", Byline: "c"}
	b := NoteCard{Quote: "a", Byline: "bc"}
	if a.Key() == b.Key() {
		t.Error("moving text from one field to the next keeps the key")
	}
	if (NoteCard{}).Key() == (DossierCard{}).Key() {
		t.Error("an empty note and an empty dossier share a key")
	}
}

// checkKey mutates every leaf field under v and wants key to change.
func checkKey(t *testing.T, name string, v any, key func() string) {
	t.Helper()
	var walk func(path string, f reflect.Value)
	walk = func(path string, f reflect.Value) {
		before := key()
		switch f.Kind() {
		case reflect.Struct:
			for i := range f.NumField() {
				walk(path+"."+f.Type().Field(i).Name, f.Field(i))
			}
			return
		case reflect.Slice:
			if f.Type().Elem().Kind() == reflect.Uint8 {
				old := f.Bytes()
				f.SetBytes(append(append([]byte(nil), old...), 9))
				if key() == before {
					t.Errorf("%s%s: changing it keeps the key", name, path)
				}
				f.SetBytes(old)
				return
			}
			for i := range f.Len() {
				walk(path+"[]", f.Index(i))
			}
			return
		case reflect.Pointer:
			old := f.Interface()
			if f.IsNil() {
				f.Set(reflect.New(f.Type().Elem()))
			} else {
				f.Set(reflect.Zero(f.Type()))
			}
			if key() == before {
				t.Errorf("%s%s: changing it keeps the key", name, path)
			}
			f.Set(reflect.ValueOf(old))
		case reflect.String:
			old := f.String()
			f.SetString(old + "x")
			if key() == before {
				t.Errorf("%s%s: changing it keeps the key", name, path)
			}
			f.SetString(old)
		case reflect.Int:
			old := f.Int()
			f.SetInt(old + 1)
			if key() == before {
				t.Errorf("%s%s: changing it keeps the key", name, path)
			}
			f.SetInt(old)
		default:
			t.Fatalf("%s%s: kind %v not covered by this test", name, path, f.Kind())
		}
		if key() != before {
			t.Fatalf("%s%s: key not restored", name, path)
		}
	}
	walk("", reflect.ValueOf(v).Elem())
}

func TestAlt(t *testing.T) {
	m := NoteCard{Site: Site{Name: "The Fact Desk"}, Quote: "Crime\nhas  doubled {site}.", Byline: "Jane Doe",
		Verdict: Verdict{Label: "Inaccurate"}}
	got := m.Alt("Verdict: {verdict}. “{quote}” ({byline}) — {site}")
	want := "Verdict: Inaccurate. “Crime has doubled {site}.” (Jane Doe) — The Fact Desk"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	m.Quote = strings.Repeat("word ", 100)
	got = m.Alt("{quote}")
	if n := len([]rune(got)); n > 201 || !strings.HasSuffix(got, "word…") {
		t.Errorf("long quote: %d runes, %q", n, got)
	}
	d := DossierCard{Site: Site{Name: "مرصد"}, Headline: "عنوان", Summary: "3 claims", Counts: []Count{
		{Verdict: Verdict{Label: "صحيح"}, N: 2, Text: "٢"},
		{Verdict: Verdict{Label: "None"}, N: 0},
		{Verdict: Verdict{Label: "خاطئ"}, N: 1},
	}}
	got = d.Alt("{headline}: {counts} ({summary}) — {site}", "{verdict}: {n}", "، ")
	want = "عنوان: صحيح: ٢، خاطئ: 1 (3 claims) — مرصد"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestSegments(t *testing.T) {
	tests := []struct {
		counts []int
		width  int
	}{
		{[]int{4, 2, 0, 3, 2, 1}, 1072},
		{[]int{1000000, 1}, 1072},
		{[]int{1, 1, 1}, 100},
		{[]int{0, 0}, 1072},
		{[]int{5}, 1072},
		{make([]int, 64), 1072},
	}
	for i := range tests[5].counts {
		tests[5].counts[i] = 1 << 30
	}
	for _, tt := range tests {
		segs := segments(tt.counts, tt.width)
		end, any := 0, false
		for i, s := range segs {
			if tt.counts[i] == 0 {
				if s.w != 0 {
					t.Errorf("%v: count 0 has width %d", tt.counts, s.w)
				}
				continue
			}
			if s.w <= 0 || s.x < end {
				t.Errorf("%v: segment %d %+v after %d", tt.counts, i, s, end)
			}
			end, any = s.x+s.w, true
		}
		if any && end != tt.width {
			t.Errorf("%v: bar ends at %d, want %d", tt.counts, end, tt.width)
		}
	}
	segs := segments([]int{1000000, 1}, 1072)
	if segs[1].w < minSegment {
		t.Errorf("a count of 1 beside a million: width %d, want at least %d", segs[1].w, minSegment)
	}
}

func encodeImage(t *testing.T, w, h int, format string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, img)
	case "jpeg":
		err = jpeg.Encode(&buf, img, nil)
	case "gif":
		err = gif.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngHeader is a PNG that claims the given size but holds no pixels: it
// must be refused before its pixels are read.
func pngHeader(w, h uint32) []byte {
	b := encodeImageBytes(1, 1)
	// The IHDR chunk's width and height are at bytes 16 to 24; the CRC
	// after them is not checked by DecodeConfig.
	b[16], b[17], b[18], b[19] = byte(w>>24), byte(w>>16), byte(w>>8), byte(w)
	b[20], b[21], b[22], b[23] = byte(h>>24), byte(h>>16), byte(h>>8), byte(h)
	return b
}

func encodeImageBytes(w, h int) []byte {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, w, h)))
	return buf.Bytes()
}

func TestLogo(t *testing.T) {
	tests := []struct {
		name string
		logo []byte
		ok   bool
	}{
		{"none", nil, false},
		{"png", encodeImage(t, 300, 100, "png"), true},
		{"jpeg", encodeImage(t, 100, 300, "jpeg"), true},
		{"gif", encodeImage(t, 10, 10, "gif"), false},
		{"text", []byte("<svg></svg>"), false},
		{"truncated", encodeImage(t, 300, 100, "png")[:40], false},
		{"huge claimed size", pngHeader(100000, 100000), false},
		{"wide", pngHeader(MaxLogoSide+1, 1), false},
		{"too many bytes", append(encodeImage(t, 10, 10, "png"), make([]byte, MaxLogoBytes)...), false},
	}
	for _, tt := range tests {
		logo, err := NewLogo(tt.logo)
		if (err == nil) != tt.ok {
			t.Errorf("%s: error %v, want ok %v", tt.name, err, tt.ok)
		}
		if err != nil {
			continue
		}
		m := NoteCard{Site: Site{Name: "x", Logo: logo}, Quote: "q", Verdict: Verdict{Label: "l", Color: "#123456"}}
		if _, err := Note(m); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	logo, err := NewLogo(encodeImage(t, 300, 100, "png"))
	if err != nil || logo.img.Bounds().Dx() != logoSide || logo.img.Bounds().Dy() != logoSide/3 {
		t.Errorf("300 × 100 logo scaled to %v, %v; want %d × %d", logo.img.Bounds(), err, logoSide, logoSide/3)
	}
	// The key tells logos apart by content.
	other, _ := NewLogo(encodeImage(t, 300, 101, "png"))
	a, b := NoteCard{Site: Site{Logo: logo}}, NoteCard{Site: Site{Logo: other}}
	if a.Key() == b.Key() || a.Key() == (NoteCard{}).Key() {
		t.Error("the key does not tell logos apart")
	}
}

func TestInvalid(t *testing.T) {
	ok := NoteCard{Quote: "q", Verdict: Verdict{Label: "l", Color: "#123"}}
	bad := []NoteCard{ok, ok, ok}
	bad[0].Dir = "up"
	bad[1].Verdict.Color = "teal"
	bad[2].Verdict.Color = ""
	for i, m := range bad {
		if _, err := Note(m); err == nil {
			t.Errorf("%d: no error for %+v", i, m)
		}
	}
	okd := DossierCard{Headline: "h", Counts: []Count{{Verdict: Verdict{Color: "#123"}, N: 1}}}
	badd := []DossierCard{okd, okd, okd, okd}
	badd[0].Counts = []Count{{Verdict: Verdict{Color: "#123"}, N: -1}}
	badd[1].Counts = []Count{{Verdict: Verdict{Color: "#123"}, N: maxCount + 1}}
	badd[2].Counts = make([]Count, maxVerdicts+1)
	badd[3].Site.Accent = "blue"
	for i, m := range badd {
		if _, err := Dossier(m); err == nil {
			t.Errorf("dossier %d: no error", i)
		}
	}
	if !errors.Is(func() error { _, err := Note(bad[1]); return err }(), errColor) {
		t.Error("a bad colour's error does not wrap errColor")
	}
}

// TestHostileText draws cards from text no one should write: it must
// neither fail nor take long, and must give a valid card.
func TestHostileText(t *testing.T) {
	texts := map[string]string{
		"empty":        "",
		"spaces":       " \t\n\r ",
		"huge":         strings.Repeat("ب", 1<<20),
		"one word":     strings.Repeat("x", 5000),
		"controls":     "a\x00b\x1bc\u0085d\u2028e",
		"bidi":         "\u202Eevil\u202C \u2067x\u2069 \u200F\u200E",
		"invalid":      "a\xffb\xc0",
		"marks":        "a" + strings.Repeat("\u0301", 2000),
		"no glyph":     "漢字 🙂 ሰላም",
		"mixed":        "قال «Hello 123» ثم Привет ۱۲۳ و 45%",
		"zwj":          strings.Repeat("\u200D", 500),
		"newlines":     strings.Repeat("\n", 10000),
		"long lines":   strings.Repeat("word ", 100000),
		"surrogates":   string([]rune{0xD800, 0xDFFF}),
		"nonchar":      "\uFFFE\uFFFF\U0010FFFF",
		"tag chars":    "\U000E0041\U000E0042",
		"variation":    "a\uFE0F\uFE0E",
		"arabic marks": "ب" + strings.Repeat("\u064B", 1000),
	}
	for name, s := range texts {
		n := NoteCard{Site: Site{Name: s}, Kicker: s, Quote: s, Byline: s, Verdict: Verdict{Label: s, Color: "#cf222e", Mark: MarkQuestion}, Dir: RTL}
		b, err := Note(n)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		decode(t, name, b)
		d := DossierCard{Site: Site{Name: s}, Kicker: s, Headline: s, Summary: s, Counts: []Count{{Verdict: Verdict{Label: s, Color: "#123"}, N: 3, Text: s}}}
		b, err = Dossier(d)
		if err != nil {
			t.Errorf("%s (dossier): %v", name, err)
			continue
		}
		decode(t, name, b)
	}
}

// TestMarks draws every mark, for the reader who looks at testdata.
func TestMarks(t *testing.T) {
	for m := MarkDisc; m <= MarkQuote+1; m++ {
		if _, err := Note(NoteCard{Quote: "q", Verdict: Verdict{Label: "l", Color: "#8250df", Mark: m}}); err != nil {
			t.Errorf("mark %d: %v", m, err)
		}
	}
	for key := range defaultColors {
		if DefaultMark(key) == MarkDisc {
			t.Errorf("%s: no mark of its own", key)
		}
	}
}

// cpuTime is the CPU time the process has used: on a shared machine it
// measures a card's cost better than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkNote(b *testing.B) {
	for _, name := range []string{"note-latin", "note-arabic", "note-persian", "note-long"} {
		m := noteCards(b)[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				if _, err := Note(m); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

func BenchmarkDossier(b *testing.B) {
	for _, name := range []string{"dossier-latin", "dossier-arabic"} {
		m := dossierCards(b)[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				if _, err := Dossier(m); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

func BenchmarkKey(b *testing.B) {
	m := noteCards(b)["note-long"]
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Key()
	}
}
