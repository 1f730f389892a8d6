package render

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// orderSite has four dossiers: two published the same day, one later and
// one undated, with checks, a remark and a withdrawn check of several
// dates.
func orderSite() fstest.MapFS {
	fsys := fstest.MapFS{
		"content/_index.md": {Data: []byte("---\ntitle: Site\n---\n")},
	}
	check := func(slug, name, quote, date, extra string) {
		fsys["content/"+slug+"/"+name+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + slug + " " + name + "\nquote: \"" + quote + "\"\nverdict: accurate\n" +
			date + extra + "sources:\n  - {title: S, url: \"https://e.org/\"}\n---\nBody.\n")}
	}
	for slug, published := range map[string]string{"alpha": "2024-05-01", "beta": "2024-05-01", "gamma": "2025-01-09", "delta": ""} {
		fsys["seeds/"+slug+".txt"] = &fstest.MapFile{Data: []byte("Headline " + slug + "\n\nOne two three four five six.\n")}
		meta := "---\nheadline: " + slug + "\n"
		if published != "" {
			meta += "published: " + published + "\n"
		}
		fsys["content/"+slug+"/_index.md"] = &fstest.MapFile{Data: []byte(meta + "---\n")}
	}
	check("alpha", "one", "One", "date: 2026-01-05\n", "updated: 2026-02-01\n")
	check("alpha", "two", "two", "date: 2026-01-03\n", "")
	check("beta", "three", "three", "date: 2026-01-05\n", "")
	check("beta", "four", "four", "date: 2026-03-01\n", "retracted: {date: 2026-04-01, reason: Wrong.}\n")
	fsys["content/beta/five.md"] = &fstest.MapFile{Data: []byte("---\nkind: remark\ntitle: R\nquote: five\ndate: 2026-05-01\n---\nA remark.\n")}
	check("gamma", "six", "six", "date: 2026-01-04\n", "corrections:\n  - {date: 2026-01-20, text: Fixed.}\n")
	check("delta", "one", "One", "", "")
	for i := range 12 {
		check("delta", fmt.Sprintf("n%02d", i), "Headline", fmt.Sprintf("date: 2025-12-%02d\n", i+1), "occurrence: 1\n")
	}
	return fsys
}

// TestOrderByDate checks the home page's order, newest first, its latest
// checks, and the dates each dossier was checked and updated.
func TestOrderByDate(t *testing.T) {
	s, diags := site.NewLoader().Load(orderSite())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	v := newSiteView(s, nil)
	for _, d := range s.Dossiers {
		v.Dossiers = append(v.Dossiers, newDossierView(s.Scale, d, summary))
	}
	v.orderByDate()
	var newest []string
	for _, dv := range v.Newest {
		newest = append(newest, dv.Slug)
	}
	if want := []string{"gamma", "alpha", "beta", "delta"}; !slices.Equal(newest, want) {
		t.Errorf("newest first: %v, want %v", newest, want)
	}
	var latest []string
	for _, r := range v.LatestChecks {
		latest = append(latest, r.Dossier.Slug+"/"+r.Note.Name)
	}
	want := []string{"alpha/one", "beta/three", "gamma/six", "alpha/two", "delta/n11", "delta/n10", "delta/n09", "delta/n08", "delta/n07", "delta/n06"}
	if !slices.Equal(latest, want) {
		t.Errorf("latest checks: %v\nwant %v", latest, want)
	}
	dates := map[string][2]string{"alpha": {"2026-01-03", "2026-02-01"}, "beta": {"2026-01-05", "2026-05-01"}, "gamma": {"2026-01-04", "2026-01-20"}, "delta": {"2025-12-01", "2025-12-12"}}
	for _, dv := range v.Dossiers {
		if got := [2]string{dv.Checked, dv.Updated}; got != dates[dv.Slug] {
			t.Errorf("%s checked and updated %v, want %v", dv.Slug, got, dates[dv.Slug])
		}
	}

	theme, diags := LoadTheme(nil, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	var mem output.Memory
	if _, err := theme.Site(s, &mem); err != nil {
		t.Fatal(err)
	}
	home := string(mem.Files()["index.html"])
	if i, j := strings.Index(home, `href="gamma/index.html"`), strings.Index(home, `href="delta/index.html"`); i < 0 || j < i {
		t.Errorf("the home page does not list gamma before delta")
	}
	if !strings.Contains(home, `Checked <time datetime="2026-01-03" dir="auto">January 3, 2026</time> · updated <time datetime="2026-02-01" dir="auto">February 1, 2026</time>`) {
		t.Errorf("the home page lacks alpha's dates")
	}
	if strings.Contains(home, "beta/five.html") || strings.Contains(home, "beta/four.html") {
		t.Errorf("the latest checks list a remark or a withdrawn check")
	}
	page := string(mem.Files()["beta/index.html"])
	if !strings.Contains(page, `Checked <time datetime="2026-01-05" dir="auto">January 5, 2026</time> · updated <time datetime="2026-05-01" dir="auto">May 1, 2026</time>`) {
		t.Errorf("beta's page lacks its dates")
	}
	// Every date shown is machine-readable.
	bare := regexp.MustCompile(`>[^<]*\b\d{4}-\d\d-\d\d\b`)
	for name, data := range mem.Files() {
		if strings.HasSuffix(name, ".html") {
			for _, m := range bare.FindAllString(strings.ReplaceAll(string(data), "</time>", ""), -1) {
				if !strings.Contains(string(data), `<time datetime="`+m[len(m)-10:]+`" dir="auto">`+m[len(m)-10:]) {
					t.Errorf("%s shows the date %q outside a <time>", name, m)
				}
			}
		}
	}
}

// TestLatestChecks compares latestChecks with a stable sort of every dated
// check by date, on dossiers whose checks share few dates, so that ties are
// the rule.
func TestLatestChecks(t *testing.T) {
	dates := []string{"", "2024", "2024-05", "2024-05-01", "2024-05-02", "2025-01-09"}
	for seed := range 50 {
		var dossiers []*DossierView
		k := seed
		next := func(n int) int { k = (k*1103515245 + 12345) & 0x7fffffff; return k % n }
		for d := range 1 + next(8) {
			dv := &DossierView{Slug: fmt.Sprintf("d%d", d)}
			for range next(6) {
				dv.Notes = append(dv.Notes, &NoteView{Date: dates[next(len(dates))]})
			}
			dossiers = append(dossiers, dv)
		}
		var all []NoteRef
		for _, dv := range dossiers {
			for _, n := range dv.Notes {
				if n.Date != "" {
					all = append(all, NoteRef{Dossier: dv, Note: n})
				}
			}
		}
		slices.SortStableFunc(all, func(a, b NoteRef) int { return newestFirst(a.Note.Date, b.Note.Date) })
		for _, max := range []int{1, 3, MaxLatestChecks} {
			want := all[:min(max, len(all))]
			got := latestChecks(dossiers, max)
			if len(got) != len(want) {
				t.Fatalf("seed %d, max %d: %d checks, want %d", seed, max, len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("seed %d, max %d: check %d is %s %s, want %s %s", seed, max, i, got[i].Dossier.Slug, got[i].Note.Date, want[i].Dossier.Slug, want[i].Note.Date)
				}
			}
		}
	}
}
