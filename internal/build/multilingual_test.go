package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// multilingual is a site in English holding an English dossier (bridge), its
// French translation (pont) and a page in French (a-propos).
const multilingual = "testdata/multilingual"

func buildTree(t *testing.T, fsys fs.FS) map[string][]byte {
	t.Helper()
	var mem output.Memory
	res, err := Run(site.NewLoader(), fsys, &mem)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Diags)
	}
	if len(res.Diags) > 0 {
		t.Fatalf("diagnostics:\n%s", res.Diags)
	}
	return mem.Files()
}

// TestMultilingual checks a site of two languages: each page says its
// language, the pages of a dossier and of its translation link each other
// with hreflang both ways, each language has its feed, well formed and
// linked from that language's pages, and the search index, the sitemap and
// the exports give each item's language. Two builds give the same bytes.
func TestMultilingual(t *testing.T) {
	files := buildTree(t, os.DirFS(multilingual))
	again := buildTree(t, os.DirFS(multilingual))
	if !maps.EqualFunc(files, again, bytes.Equal) {
		t.Error("two builds of the same sources differ")
	}
	page := func(name string) string {
		t.Helper()
		data, ok := files[name]
		if !ok {
			t.Fatalf("%s was not built", name)
		}
		return string(data)
	}

	langs := map[string]string{
		"index.html": "en", "search.html": "en", "a-propos.html": "fr",
		"bridge/index.html": "en", "bridge/claims.html": "en", "bridge/sources.html": "en", "bridge/cost.html": "en",
		"pont/index.html": "fr", "pont/claims.html": "fr", "pont/sources.html": "fr", "pont/cout.html": "fr",
	}
	for name, lang := range langs {
		if want := `<html lang="` + lang + `" dir="ltr">`; !strings.Contains(page(name), want) {
			t.Errorf("%s: no %s", name, want)
		}
		feed := "feed.xml"
		if lang == "fr" {
			feed = "feed.fr.xml"
		}
		root := strings.Repeat("../", strings.Count(name, "/"))
		if want := `type="application/atom+xml" title="Riverton Checks" hreflang="` + lang + `" href="` + root + feed + `"`; !strings.Contains(page(name), want) {
			t.Errorf("%s: does not link its language's feed: no %s", name, want)
		}
	}

	// hreflang, both ways, each page listing itself too, and the original
	// as x-default; a note's page has none.
	const base = "https://example.org/ml/"
	for _, name := range []string{"index.html", "claims.html", "sources.html"} {
		addr := strings.TrimSuffix(name, "index.html")
		want := `<link rel="alternate" hreflang="en" href="` + base + "bridge/" + addr + `">
<link rel="alternate" hreflang="x-default" href="` + base + "bridge/" + addr + `">
<link rel="alternate" hreflang="fr" href="` + base + "pont/" + addr + `">`
		for _, slug := range []string{"bridge", "pont"} {
			if !strings.Contains(page(slug+"/"+name), want) {
				t.Errorf("%s/%s: no hreflang links\n%s", slug, name, want)
			}
		}
	}
	for _, name := range []string{"bridge/cost.html", "pont/cout.html", "index.html", "a-propos.html"} {
		if strings.Contains(page(name), "hreflang=\"x-default\"") {
			t.Errorf("%s has hreflang links", name)
		}
	}
	// The list a reader sees, each language named in itself.
	if want := "Ce dossier en\u202f: " + `<a href="../bridge/claims.html" hreflang="en" lang="en" dir="ltr">English</a> · <span lang="fr" dir="ltr" aria-current="true">Français</span>`; !strings.Contains(page("pont/claims.html"), want) {
		t.Errorf("pont/claims.html: no %s", want)
	}
	if want := `This dossier in: <span lang="en" dir="ltr" aria-current="true">English</span> · <a href="../pont/index.html" hreflang="fr" lang="fr" dir="ltr">Français</a>`; !strings.Contains(page("bridge/index.html"), want) {
		t.Errorf("bridge/index.html: no %s", want)
	}
	// Every page's search box says the reader's language.
	if want := `<input type="hidden" name="hl" value="fr">`; !strings.Contains(page("pont/cout.html"), want) {
		t.Errorf("pont/cout.html: no %s", want)
	}
	// The home page, in English, says which titles are in French.
	if want := `<a href="pont/index.html" lang="fr" dir="ltr">Riverton approuve`; !strings.Contains(page("index.html"), want) {
		t.Errorf("index.html: no %s", want)
	}

	// A feed per language, each well formed, in its language, with the
	// checks of that language alone.
	type atom struct {
		Lang  string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		ID    string `xml:"id"`
		Links []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"link"`
		Entries []struct {
			ID string `xml:"id"`
		} `xml:"entry"`
	}
	for name, want := range map[string]struct{ lang, entry string }{
		"feed.xml":    {"en", base + "bridge/cost.html"},
		"feed.fr.xml": {"fr", base + "pont/cout.html"},
	} {
		var f atom
		if err := xml.Unmarshal([]byte(page(name)), &f); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if f.Lang != want.lang || len(f.Entries) != 1 || f.Entries[0].ID != want.entry {
			t.Errorf("%s: xml:lang %q, entries %+v; want %q, [%s]", name, f.Lang, f.Entries, want.lang, want.entry)
		}
		if !slices.ContainsFunc(f.Links, func(l struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		}) bool {
			return l.Rel == "self" && l.Href == base+name
		}) {
			t.Errorf("%s: no self link to %s in %+v", name, base+name, f.Links)
		}
	}

	// The search index says each note's language.
	index := page("assets/search/e0.js") // the entries, fewer than a chunk
	for _, want := range []string{`"u":"bridge/cost.html"`, `"u":"pont/cout.html"`} {
		i := strings.Index(index, want)
		end := strings.Index(index[max(i, 0):], "}")
		lang := `"l":"en"`
		if strings.Contains(want, "pont") {
			lang = `"l":"fr"`
		}
		if i < 0 || end < 0 || !strings.Contains(index[i:i+end], lang) {
			t.Errorf("search index: no %s with %s", want, lang)
		}
	}

	// The sitemap, Google's way: xhtml:link alternates on the pages of
	// translated dossiers.
	var sm struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Lang string `xml:"hreflang,attr"`
				Href string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(page("sitemap.xml")), &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	alternates := map[string]int{}
	for _, u := range sm.URLs {
		alternates[u.Loc] = len(u.Links)
	}
	if alternates[base+"pont/claims.html"] != 3 || alternates[base+"bridge/"] != 3 || alternates[base+"pont/cout.html"] != 0 {
		t.Errorf("sitemap alternates: %v", alternates)
	}

	// dossier.json and the ClaimReviews give each item's language.
	var export struct {
		Dossiers []struct {
			Slug, Language, TranslationOf string
		}
	}
	if err := json.Unmarshal([]byte(page("dossier.json")), &export); err != nil {
		t.Fatal(err)
	}
	if got := export.Dossiers; len(got) != 2 || got[0].Language != "en" || got[0].TranslationOf != "" || got[1].Language != "fr" || got[1].TranslationOf != "bridge" {
		t.Errorf("dossier.json: %+v", got)
	}
	if !strings.Contains(page("pont/cout.html"), `"inLanguage":"fr"`) || !strings.Contains(page("claimreview.json"), `"inLanguage":"fr"`) {
		t.Error("the French check's ClaimReview is not in French")
	}
}

// multilingualCopy is the two-language fixture in memory, to change.
func multilingualCopy(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(multilingual), ".", func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(os.DirFS(multilingual), name)
		fsys[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// TestTranslationsOfADraft checks that two translations of a draft left
// out of the build link each other, with no x-default, since the original
// is not published, and that dossier.json names no original.
func TestTranslationsOfADraft(t *testing.T) {
	fsys := multilingualCopy(t)
	fsys["content/bridge/_index.md"].Data = bytes.Replace(fsys["content/bridge/_index.md"].Data, []byte("---\n"), []byte("---\ndraft: true\n"), 1)
	fsys["seeds/puente.txt"] = &fstest.MapFile{Data: []byte("Riverton aprueba un nuevo puente\n\nEl concejo aprobó el puente.\n")}
	fsys["content/puente/_index.md"] = &fstest.MapFile{Data: []byte("---\nheadline: \"Riverton aprueba un nuevo puente\"\nlanguage: es\ntranslationOf: bridge\n---\n")}
	files := buildTree(t, fsys)
	got := string(files["pont/index.html"])
	want := `<link rel="alternate" hreflang="fr" href="https://example.org/ml/pont/">
<link rel="alternate" hreflang="es" href="https://example.org/ml/puente/">`
	if !strings.Contains(got, want) || strings.Contains(got, "x-default") || strings.Contains(got, "bridge/") {
		t.Errorf("pont/index.html: want only\n%s\ngot\n%s", want, got)
	}
	if strings.Contains(string(files["dossier.json"]), `"translationOf"`) {
		t.Error("dossier.json names an original that is not published")
	}
}

// TestMultilingualWithoutBaseURL checks that without a baseURL the hreflang
// links are relative, and that there is no feed to link.
func TestMultilingualWithoutBaseURL(t *testing.T) {
	fsys := multilingualCopy(t)
	fsys["content/_index.md"].Data = bytes.Replace(fsys["content/_index.md"].Data, []byte("baseURL: \"https://example.org/ml/\"\n"), nil, 1)
	files := buildTree(t, fsys)
	got := string(files["pont/sources.html"])
	want := `<link rel="alternate" hreflang="en" href="../bridge/sources.html">
<link rel="alternate" hreflang="x-default" href="../bridge/sources.html">
<link rel="alternate" hreflang="fr" href="../pont/sources.html">`
	if !strings.Contains(got, want) {
		t.Errorf("pont/sources.html: no\n%s", want)
	}
	if strings.Contains(got, "application/atom+xml") || files["feed.fr.xml"] != nil {
		t.Error("a feed without a baseURL")
	}
}
