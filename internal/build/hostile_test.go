package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// attack is made to break out of every context a user's text reaches: an
// element, a double- or single-quoted attribute, a script, a comment, JSON,
// JavaScript (line separators), XML and a CDATA section.
const attack = `</script><script>alert(1)</script>" onmouseover="alert(2)' onmouseover='alert(3)]]><x>&amp;<img src=x onerror=alert(4)><!-- ` + "\u2028 \u2029 end"

// hostileField is one field of the sources filled with the attack, behind a
// tag naming the field so that each can be found in the output.
func hostileField(name string) string { return "[" + name + "]" + attack }

// hostileFields are the text fields of the settings, the dossier and the
// note that the test fills with the attack.
var hostileFields = []string{
	"site.title", "site.description", "site.publisher",
	"dossier.headline", "dossier.publisher", "dossier.author",
	"note.title", "note.claim", "note.claimant", "note.author", "note.reviewer", "note.tag", "note.correction",
	"source.title", "source.publisher", "source.quote",
}

// hostileSite is a source tree whose every free-text field holds the attack
// and whose URLs hold every character an http URL may.
func hostileSite() fstest.MapFS {
	q := func(name string) string { return strconv.Quote(hostileField(name)) }
	const seedText = "Headline\n\nThe mayor said the library had 40,000 visitors last year.\n"
	return fstest.MapFS{
		"seeds/h.txt": {Data: []byte(seedText)},
		"content/_index.md": {Data: []byte("---\ntitle: " + q("site.title") + "\ndescription: " + q("site.description") +
			"\npublisher: " + q("site.publisher") + "\nlanguage: pt-BR" +
			"\nbaseURL: \"https://example.org/a'b(c)*d;e=f&g$h!/\"\n---\nIntro.\n")},
		"content/h/_index.md": {Data: []byte("---\nheadline: " + q("dossier.headline") + "\npublisher: " + q("dossier.publisher") +
			"\nauthor: " + q("dossier.author") + "\nurl: \"https://news.example/x?a='1'&b=(2)#f\"\npublished: 2025-03-04\n---\nAbout.\n")},
		"content/h/n.md": {Data: []byte("---\ntitle: " + q("note.title") + "\nquote: \"40,000 visitors\"\nverdict: misleading\nclaim: " + q("note.claim") +
			"\nclaimant: " + q("note.claimant") + "\nauthor: " + q("note.author") + "\nreviewers: [" + q("note.reviewer") + "]\ntags: [" + q("note.tag") +
			"]\ndate: 2025-03-06\ncorrections:\n  - date: 2025-03-07\n    text: " + q("note.correction") +
			"\nsources:\n  - title: " + q("source.title") + "\n    publisher: " + q("source.publisher") + "\n    quote: " + q("source.quote") +
			"\n    url: \"https://city.example/b?x='y'&z=1\"\n---\nAnalysis.\n")},
	}
}

// TestHostileFieldsAreEscaped builds a site whose every text field is an
// attack and checks each output in its own terms: HTML has no element or
// attribute the attack makes, the structured data is JSON with no '<',
// the exports parse and give back each field exactly, and the XML is well
// formed with no element of the attack's.
func TestHostileFieldsAreEscaped(t *testing.T) {
	var mem output.Memory
	res, err := Run(site.NewLoader(), hostileSite(), &mem)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Diags)
	}
	files := mem.Files()
	seen := map[string]map[string]bool{} // context, field
	found := func(context, text string) {
		for _, f := range hostileFields {
			if strings.Contains(text, hostileField(f)) {
				if seen[context] == nil {
					seen[context] = map[string]bool{}
				}
				seen[context][f] = true
			}
		}
	}
	for name, data := range files {
		s := string(data)
		switch {
		case strings.HasSuffix(name, ".html"):
			page := s
			for {
				before, rest, ok := strings.Cut(page, `<script type="application/ld+json">`)
				if !ok {
					break
				}
				ld, after, _ := strings.Cut(rest, "</script>")
				if strings.ContainsAny(ld, "<>\u2028\u2029") {
					t.Errorf("%s: structured data holds a raw '<', '>' or line separator", name)
				}
				var v any
				if err := json.Unmarshal([]byte(ld), &v); err != nil {
					t.Errorf("%s: structured data: %v", name, err)
				}
				found("JSON-LD", fmt.Sprint(v))
				page = before + after
			}
			for _, bad := range []string{"<script>alert", `" onmouseover=`, `' onmouseover=`, "<x>", "<img", "<!-- "} {
				if strings.Contains(page, bad) {
					t.Errorf("%s contains %q", name, bad)
				}
			}
			if n := strings.Count(page, "<script"); n != strings.Count(page, `<script src="`) {
				t.Errorf("%s has %d script elements that are not the theme's", name, n-strings.Count(page, `<script src="`))
			}
			found("HTML", html.UnescapeString(page))
		case strings.HasSuffix(name, ".json"), name == "assets/search-index.js", strings.HasPrefix(name, "assets/search/"):
			if strings.Contains(s, "</") || strings.ContainsAny(s, "<>\u2028\u2029") {
				t.Errorf("%s holds a raw '<', '>' or line separator", name)
			}
			j, context := s, name
			if !strings.HasSuffix(name, ".json") {
				// A script of the search index: one assignment of JSON,
				// (self.dossierSearch||(...)).name=JSON;
				_, j, _ = strings.Cut(s, "=")
				_, j, _ = strings.Cut(j, "=")
				j = strings.TrimSuffix(j, ";\n")
				context = "search"
			}
			var v any
			if err := json.Unmarshal([]byte(j), &v); err != nil {
				t.Errorf("%s: %v", name, err)
			}
			found(context, fmt.Sprint(v))
		case strings.HasSuffix(name, ".xml"):
			dec := xml.NewDecoder(bytes.NewReader(data))
			var text strings.Builder
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Errorf("%s: %v", name, err)
					break
				}
				switch tok := tok.(type) {
				case xml.StartElement:
					if tok.Name.Local == "x" || tok.Name.Local == "script" || tok.Name.Local == "img" {
						t.Errorf("%s has a <%s> element", name, tok.Name.Local)
					}
				case xml.CharData:
					text.Write(tok)
				}
			}
			found(name, text.String())
		case name == "robots.txt":
			if strings.Count(s, "\n") != 3 {
				t.Errorf("robots.txt: %q", s)
			}
		}
	}
	want := map[string][]string{
		"HTML":             slices.DeleteFunc(slices.Clone(hostileFields), func(f string) bool { return f == "note.claim" }), // the claim is for structured data alone
		"JSON-LD":          {"site.publisher", "dossier.headline", "dossier.publisher", "dossier.author", "note.title", "note.claim", "note.claimant", "note.author"},
		"claimreview.json": {"site.title", "site.publisher", "dossier.headline", "dossier.publisher", "dossier.author", "note.title", "note.claim", "note.claimant", "note.author"},
		"dossier.json":     {"site.title", "dossier.headline", "dossier.publisher", "dossier.author", "note.title", "note.claim", "note.claimant", "note.author", "note.reviewer", "note.tag", "note.correction", "source.title", "source.publisher", "source.quote"},
		"search":           {"note.title", "dossier.headline"},
		"feed.xml":         {"site.title", "site.publisher", "note.title", "dossier.headline", "note.author"},
	}
	for context, fields := range want {
		for _, f := range fields {
			if !seen[context][f] {
				t.Errorf("%s does not show %s: the test did not reach it", context, f)
			}
		}
		t.Logf("%s: %d hostile fields, all escaped", context, len(seen[context]))
	}
}

// TestRatingKeyRefused checks that a site whose scale has a key that is
// not a slug is not built, with one error at the key, however many notes
// use it.
func TestRatingKeyRefused(t *testing.T) {
	for _, key := range []string{`x" onmouseover="alert(1)`, "invérifiable"} {
		fsys := hostileSite()
		fsys["content/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: T\nratings:\n  - key: " + strconv.Quote(key) + "\n    label: L\n---\n")}
		fsys["content/h/n.md"] = &fstest.MapFile{Data: []byte("---\ntitle: N\nquote: \"40,000 visitors\"\nverdict: " + strconv.Quote(key) + "\nsources:\n  - {title: S, url: \"https://e.org/\"}\n---\n")}
		var mem output.Memory
		res, err := Run(site.NewLoader(), fsys, &mem)
		if err != ErrInvalid {
			t.Fatalf("%s: err = %v", key, err)
		}
		var errs []string
		for _, d := range res.Diags {
			errs = append(errs, d.String())
		}
		want := fmt.Sprintf("content/_index.md:4:10: rating key %q is not a slug", key)
		if len(errs) != 1 || !strings.HasPrefix(errs[0], want) {
			t.Errorf("%s: diagnostics\n%s\nwant one: %s", key, strings.Join(errs, "\n"), want)
		}
		if len(mem.Names()) != 0 {
			t.Errorf("%s: %d files written", key, len(mem.Names()))
		}
	}
}
