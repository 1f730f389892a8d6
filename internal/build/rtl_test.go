package build

import (
	"bytes"
	"encoding/xml"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// persianSite is a small site in Persian: a seed, a check, a source whose
// publisher's name runs right to left beside a date.
func persianSite() fstest.MapFS {
	return fstest.MapFS{
		"content/_index.md":         {Data: []byte("---\ntitle: \"میز راستی‌آزمایی\"\nlanguage: fa\npublisher: \"میز نمونه\"\nbaseURL: \"https://example.org/fa/\"\n---\nبه سایت آزمایشی خوش آمدید.\n")},
		"content/library/_index.md": {Data: []byte("---\nheadline: \"شورای شهر به بستن کتابخانه رأی داد\"\npublisher: \"خبرگزاری نمونه\"\nauthor: \"Sara Rahimi\"\npublished: 2026-02-01\n---\n")},
		"content/library/vote.md":   {Data: []byte("---\ntitle: \"رأی‌گیری هفت به دو بود\"\nquote: \"با هفت رأی موافق در برابر دو رأی مخالف\"\nverdict: accurate\nclaimant: \"خبرگزاری نمونه\"\nauthor: \"مریم کریمی\"\ndate: 2026-02-03\ntags: [شورا]\nsources:\n  - title: \"صورت‌جلسه شورا\"\n    url: \"https://city.example.gov/fa/minutes\"\n    publisher: \"شهرداری نمونه\"\n    date: 2026-02-01\n---\nصورت‌جلسه نشان می‌دهد که هفت عضو موافق و دو عضو مخالف بودند.\n")},
		"i18n/fa.yaml":              {Data: []byte("_digits: latn\ndate.day: \"{{ .Year }}-{{ .MM }}-{{ .DD }}\"\n")},
		"seeds/library.txt":         {Data: []byte("شورای شهر به بستن کتابخانه رأی داد\n\nشورای شهر روز سه‌شنبه با هفت رأی موافق در برابر دو رأی مخالف به بستن کتابخانه رأی داد.\n")},
	}
}

// TestRightToLeft builds a site in Arabic (testdata/rtl) and one in Persian,
// both writing dates in ISO 8601 form with Latin digits (their i18n/
// tables say so), and reads every page as a browser's bidi algorithm does: the page is right
// to left, and no ISO date is reordered. Without isolation, the Unicode
// bidi algorithm turns the digits of a date that follows an Arabic letter
// into Arabic numbers (rule W2) and its hyphens into right-to-left neutrals,
// so "2026-02-01" after an Arabic publisher's name reads "01-02-2026". The
// check runs the algorithm (golang.org/x/text/unicode/bidi) over the text
// of each block of each page, with <bdi> and dir="auto" as first-strong
// isolates and dir="ltr" and dir="rtl" as isolates of their direction, and
// fails on a date that is not one left-to-right run.
func TestRightToLeft(t *testing.T) {
	for _, tc := range []struct {
		lang string
		src  fs.FS
	}{
		{"ar", os.DirFS("testdata/rtl")},
		{"fa", persianSite()},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			var mem output.Memory
			res, err := Run(site.NewLoader(), tc.src, &mem)
			if err != nil {
				t.Fatalf("%v\n%s", err, res.Diags)
			}
			dates, afterRTL, crumbs := 0, 0, 0
			for name, data := range mem.Files() {
				if !strings.HasSuffix(name, ".html") {
					continue
				}
				if want := `<html lang="` + tc.lang + `" dir="rtl">`; !bytes.Contains(data, []byte(want)) {
					t.Errorf("%s lacks %s", name, want)
				}
				paras, err := bidiParagraphs(data)
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				for _, p := range paras {
					if strings.Contains(p, "›") {
						crumbs++
						if !mirrored(p, "›") {
							t.Errorf("%s: the › of %q is laid out left to right, so it is not mirrored and points away from the next crumb", name, visible(p))
						}
					}
					for _, d := range reorderedDates(p) {
						dates++
						if d.afterRTL {
							afterRTL++
						}
						if d.reordered {
							t.Errorf("%s: the date %s is reordered in %q", name, d.date, visible(p))
						}
					}
				}
			}
			// Not a test of nothing: the sites show dates, and some
			// where the bug showed, after a right-to-left name.
			if dates < 10 || afterRTL < 3 || crumbs == 0 {
				t.Errorf("checked %d dates, %d after right-to-left text, %d breadcrumbs; the site should show more", dates, afterRTL, crumbs)
			}
			// The worst case of issue 15, markup and all: a source's
			// Arabic-script publisher, then its date.
			note := string(mem.Files()["library/vote.html"])
			if !regexp.MustCompile(`[,،] <bdi>[^<]+</bdi>[,،] <time datetime="2026-02-01" dir="auto">2026-02-01</time>`).MatchString(note) {
				t.Errorf("library/vote.html: the source's publisher and date are not isolated:\n%s", note)
			}
		})
	}
}

// isoDate is an ISO 8601 calendar date.
var isoDate = regexp.MustCompile(`\d{4}-\d\d-\d\d`)

type dateOrder struct {
	date      string
	afterRTL  bool // right-to-left letters come before it in its block
	reordered bool // it is not one left-to-right run
}

// reorderedDates finds the ISO dates in a block of text, written with
// isolate controls, that is laid out right to left, and says of each
// whether the bidi algorithm keeps it in its own order.
func reorderedDates(text string) []dateOrder {
	var out []dateOrder
	matches := isoDate.FindAllStringIndex(text, -1)
	if matches == nil {
		return nil
	}
	var p bidi.Paragraph
	if _, err := p.SetString(text, bidi.DefaultDirection(bidi.RightToLeft)); err != nil {
		panic(err)
	}
	o, err := p.Order()
	if err != nil {
		panic(err)
	}
	for _, m := range matches {
		start := utf8.RuneCountInString(text[:m[0]])
		end := start + utf8.RuneCountInString(text[m[0]:m[1]]) - 1
		d := dateOrder{date: text[m[0]:m[1]], reordered: true}
		d.afterRTL = strings.IndexFunc(text[:m[0]], func(r rune) bool { return unicode.In(r, unicode.Arabic, unicode.Hebrew) }) >= 0
		for i := range o.NumRuns() {
			r := o.Run(i)
			if s, e := r.Pos(); s <= start && end <= e && r.Direction() == bidi.LeftToRight {
				d.reordered = false
			}
		}
		out = append(out, d)
	}
	return out
}

// mirrored reports whether the first sep in a block of text laid out right
// to left is at a right-to-left level, where a bidi-mirrored character
// such as › is drawn as its mirror image.
func mirrored(text, sep string) bool {
	var p bidi.Paragraph
	if _, err := p.SetString(text, bidi.DefaultDirection(bidi.RightToLeft)); err != nil {
		panic(err)
	}
	o, err := p.Order()
	if err != nil {
		panic(err)
	}
	at := utf8.RuneCountInString(text[:strings.Index(text, sep)])
	for i := range o.NumRuns() {
		r := o.Run(i)
		if s, e := r.Pos(); s <= at && at <= e {
			return r.Direction() == bidi.RightToLeft
		}
	}
	return false
}

// The isolate controls that HTML's dir attribute and <bdi> stand for.
const (
	lri = "\u2066" // dir="ltr"
	rli = "\u2067" // dir="rtl"
	fsi = "\u2068" // dir="auto", <bdi>
	pdi = "\u2069"
)

// visible shows the isolate controls of a block's text.
func visible(s string) string {
	return strings.NewReplacer(lri, "⟨LRI⟩", rli, "⟨RLI⟩", fsi, "⟨FSI⟩", pdi, "⟨PDI⟩").Replace(s)
}

// blocks are the elements that start a bidi paragraph of their own.
var blocks = map[string]bool{
	"html": true, "head": true, "body": true, "header": true, "footer": true, "main": true, "nav": true,
	"section": true, "article": true, "aside": true, "div": true, "p": true, "ul": true, "ol": true, "li": true,
	"table": true, "caption": true, "thead": true, "tbody": true, "tr": true, "td": true, "th": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true, "pre": true,
	"dl": true, "dt": true, "dd": true, "form": true, "figure": true, "figcaption": true, "br": true,
}

// unseen are the elements whose text is not laid out in the page.
var unseen = map[string]bool{"head": true, "script": true, "style": true, "svg": true, "template": true}

// bidiParagraphs returns the text of each block of an HTML page, with each
// inline element that isolates its text (<bdi>, or a dir attribute) as the
// isolate controls that HTML maps it to.
func bidiParagraphs(page []byte) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var (
		paras  []string
		cur    strings.Builder
		closes []string // what each open element's end writes
		hidden int      // how many unseen elements are open
	)
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			paras = append(paras, s)
		}
		cur.Reset()
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(tok.Name.Local)
			if unseen[name] {
				hidden++
			}
			if blocks[name] {
				flush()
				closes = append(closes, "")
				continue
			}
			dir := ""
			for _, a := range tok.Attr {
				if a.Name.Local == "dir" {
					dir = a.Value
				}
			}
			switch {
			case dir == "ltr":
				cur.WriteString(lri)
			case dir == "rtl":
				cur.WriteString(rli)
			case dir == "auto" || name == "bdi" && dir == "":
				cur.WriteString(fsi)
			default:
				closes = append(closes, "")
				continue
			}
			closes = append(closes, pdi)
		case xml.EndElement:
			name := strings.ToLower(tok.Name.Local)
			if unseen[name] {
				hidden--
			}
			if n := len(closes); n > 0 {
				cur.WriteString(closes[n-1])
				closes = closes[:n-1]
			}
			if blocks[name] {
				flush()
			}
		case xml.CharData:
			if hidden == 0 {
				cur.WriteString(strings.ReplaceAll(string(tok), "\n", " "))
			}
		}
	}
	flush()
	return paras, nil
}
