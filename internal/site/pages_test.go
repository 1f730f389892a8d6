package site

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/internal/diag"
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
