package site

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/diag"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// TestPages: every content/<name>.md is a page, in the menu after the
// built-in pages unless the settings order the menu; a bad name, a
// reserved name, a missing title and an unknown menu entry are positioned
// errors.
func TestPages(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]*fstest.MapFile
		pages []string // published, by name
		menu  []string
		diags []string // "path:line:col: message" prefixes, sorted
	}{
		{
			name:  "no pages",
			menu:  []string{"methodology", "corrections"},
			pages: nil,
		},
		{
			name: "default menu",
			files: map[string]*fstest.MapFile{
				"content/team.md":  file("---\ntitle: Team\n---\nWho we are.\n"),
				"content/about.md": file("---\ntitle: About us\ndescription: What we do.\n---\nWe check.\n"),
			},
			pages: []string{"about", "team"},
			menu:  []string{"methodology", "corrections", "about", "team"},
		},
		{
			name: "menu set",
			files: map[string]*fstest.MapFile{
				"content/_index.md": file("---\ntitle: Site\nmenu: [about, methodology]\n---\n"),
				"content/team.md":   file("---\ntitle: Team\n---\n"),
				"content/about.md":  file("---\ntitle: About\n---\n"),
			},
			pages: []string{"about", "team"},
			menu:  []string{"about", "methodology"},
		},
		{
			name: "menu errors",
			files: map[string]*fstest.MapFile{
				"content/_index.md": file("---\ntitle: Site\nmenu:\n  - about\n  - abuot\n  - about\n  - [x]\n---\n"),
				"content/about.md":  file("---\ntitle: About\n---\n"),
			},
			pages: []string{"about"},
			menu:  []string{"about"},
			diags: []string{
				`content/_index.md:5:5: the menu names "abuot", which is not a page`,
				`content/_index.md:6:5: "about" is in the menu twice`,
				`content/_index.md:7:5: each item of "menu" must be a page name`,
			},
		},
		{
			name:  "menu not a list",
			files: map[string]*fstest.MapFile{"content/_index.md": file("---\ntitle: Site\nmenu: about\n---\n")},
			menu:  []string{},
			diags: []string{`content/_index.md:3:7: "menu" must be a list`},
		},
		{
			name:  "empty menu: the home page alone",
			files: map[string]*fstest.MapFile{"content/_index.md": file("---\ntitle: Site\nmenu: []\n---\n"), "content/about.md": file("---\ntitle: A\n---\n")},
			pages: []string{"about"},
			menu:  []string{},
		},
		{
			name: "draft page in the menu",
			files: map[string]*fstest.MapFile{
				"content/_index.md": file("---\ntitle: Site\nmenu: [team, about]\n---\n"),
				"content/about.md":  file("---\ntitle: A\n---\n"),
				"content/team.md":   file("---\ntitle: T\ndraft: true\n---\n"),
			},
			pages: []string{"about"},
			menu:  []string{"about"},
		},
		{
			name: "bad pages",
			files: map[string]*fstest.MapFile{
				"content/search.md":   file("---\ntitle: S\n---\n"),
				"content/About Us.md": file("---\ntitle: A\n---\n"),
				"content/a.md":        file("---\ntitle: Same as the dossier\n---\n"),
				"content/untitled.md": file("---\ndescription: x\n---\n"),
				"content/bare.md":     file("No front matter.\n"),
				"content/notes.txt":   file("x"),
			},
			pages: []string{"About Us", "a", "search", "untitled"},
			menu:  []string{"methodology", "corrections", "About Us", "a", "search", "untitled"},
			diags: []string{
				`content/About Us.md: page file name "About Us.md" makes a poor web address`,
				`content/a.md: the name "a" is also a dossier's`,
				`content/bare.md:1:1: a page must start with front matter`,
				`content/notes.txt: warning: ignored: content/ holds`,
				`content/search.md: the name "search" is taken`,
				`content/untitled.md:2:1: the page is missing the required key "title"`,
			},
		},
		{
			name: "link in a page is unsafe",
			files: map[string]*fstest.MapFile{
				"content/about.md": file("---\ntitle: About\n---\n[x](javascript:alert(1))\n"),
			},
			pages: []string{"about"},
			menu:  []string{"methodology", "corrections", "about"},
			diags: []string{`content/about.md:4:5: only http and https links are accepted`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, diags := NewLoader().Load(tree(tt.files))
			var names []string
			for _, p := range s.Pages {
				names = append(names, p.Name)
			}
			if !slices.Equal(names, tt.pages) {
				t.Errorf("pages %q, want %q", names, tt.pages)
			}
			if !slices.Equal(s.Menu, tt.menu) {
				t.Errorf("menu %q, want %q", s.Menu, tt.menu)
			}
			matchDiags(t, diags, tt.diags)
		})
	}
}

// matchDiags checks that diags, as "path:line:col: severity: message",
// start with want's prefixes one for one.
func matchDiags(t *testing.T, diags diag.List, want []string) {
	t.Helper()
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		t.Errorf("diagnostics:\n%s\nwant prefixes:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPageBody: a page's Markdown is rendered, and its relative links are
// kept, placed, for check.
func TestPageBody(t *testing.T) {
	s, diags := NewLoader().Load(tree(map[string]*fstest.MapFile{
		"content/about.md": file("---\ntitle: About\n---\nSee [the scale](methodology.html).\n"),
	}))
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	p := s.Pages[0]
	if p.Title != "About" || !strings.Contains(p.HTML, `<a href="methodology.html">the scale</a>`) {
		t.Errorf("page %q: %q", p.Title, p.HTML)
	}
	if len(p.Links) != 1 || p.Links[0] != (Link{Dest: "methodology.html", Line: 4, Col: 17}) {
		t.Errorf("links %+v", p.Links)
	}
}

// TestDrafts: a draft's problems are warnings; with drafts published, a
// draft is shown unless it lacks what its page cannot do without, and
// without, every draft is left out.
func TestDrafts(t *testing.T) {
	draft := func(lines ...string) *fstest.MapFile {
		return file("---\ndraft: true\n" + strings.Join(lines, "\n") + "\n---\nText.\n")
	}
	tests := []struct {
		name  string
		note  *fstest.MapFile
		shown bool // when drafts are published
		diags []string
	}{
		{"finished", draft("title: T", `quote: "two strands"`, "verdict: accurate"), true, nil},
		{"bad date", draft("title: T", `quote: "two strands"`, "verdict: accurate", "date: soon"), true,
			[]string{`content/a/d.md:6:7: warning: "date" must be a date`}},
		{"no verdict", draft("title: T", `quote: "two strands"`), false,
			[]string{`content/a/d.md:2:1: warning: the note is missing the required key "verdict"`}},
		{"unknown verdict", draft("title: T", `quote: "two strands"`, "verdict: maybe"), false,
			[]string{`content/a/d.md:5:10: warning: unknown verdict "maybe"`}},
		{"no title", draft(`quote: "two strands"`, "verdict: accurate"), false,
			[]string{`content/a/d.md:2:1: warning: the note is missing the required key "title"`}},
		{"unknown kind", draft("kind: rumour", "title: T", `quote: "two strands"`), false,
			[]string{`content/a/d.md:3:7: warning: unknown kind "rumour"`}},
		{"quote not found", draft("title: T", `quote: "three strands"`, "verdict: accurate"), false,
			[]string{`content/a/d.md:4:8: warning: quote not found`}},
		{"not a draft", file("---\ndraft: false\ntitle: T\nquote: \"two strands\"\n---\n"), true,
			[]string{`content/a/d.md:2:1: the note is missing the required key "verdict"`}},
		{"draft: maybe", file("---\ndraft: maybe\ntitle: T\nquote: \"two strands\"\nverdict: accurate\n---\n"), true,
			[]string{`content/a/d.md:2:8: "draft" must be true or false, found "maybe"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, drafts := range []bool{false, true} {
				l := NewLoader()
				l.Drafts = drafts
				s, diags := l.Load(tree(map[string]*fstest.MapFile{"content/a/d.md": tt.note}))
				d := s.Dossiers[0]
				shown := slices.ContainsFunc(d.Notes, func(n *Note) bool { return n.Name == "d" })
				isDraft := !strings.HasPrefix(tt.name, "not a draft") && tt.name != "draft: maybe"
				if want := tt.shown && (drafts || !isDraft); shown != want {
					t.Errorf("drafts %v: shown %v, want %v", drafts, shown, want)
				}
				kept := slices.ContainsFunc(slices.Concat(d.Notes, d.Unanchored, d.Drafts), func(n *Note) bool { return n.Name == "d" })
				if !kept && tt.note != nil && len(diags) == 0 {
					t.Errorf("drafts %v: the note is lost to check", drafts)
				}
				if drafts || !isDraft {
					matchDiags(t, diags, tt.diags)
				}
			}
		})
	}
}

// TestDraftDossier: a draft dossier is left out whole, its notes' problems
// warnings; with drafts, it is shown with its notes.
func TestDraftDossier(t *testing.T) {
	files := map[string]*fstest.MapFile{
		"content/a/_index.md": file("---\nheadline: H\ndraft: true\n---\n"),
		"content/a/bad.md":    file("---\ntitle: Bad\nquote: \"two strands\"\n---\n"),
	}
	for _, drafts := range []bool{false, true} {
		l := NewLoader()
		l.Drafts = drafts
		s, diags := l.Load(tree(files))
		if diags.HasErrors() {
			t.Errorf("drafts %v: errors\n%s", drafts, diags)
		}
		if got := len(s.Dossiers) == 1; got != drafts {
			t.Errorf("drafts %v: dossier published: %v", drafts, got)
		}
		if got := len(s.Drafts) == 1; got == drafts {
			t.Errorf("drafts %v: dossier among the left-out drafts: %v", drafts, got)
		}
		all := slices.Concat(s.Dossiers, s.Drafts)
		if len(all) != 1 || !all[0].Draft || len(all[0].Notes)+len(all[0].Drafts)+len(all[0].Unanchored) != 3 {
			t.Errorf("drafts %v: %+v", drafts, all)
		}
	}
}
