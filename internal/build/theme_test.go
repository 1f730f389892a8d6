package build

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/render"
	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/srcfs"
)

// withTheme returns the fixture with the given files added to its
// templates/ folder.
func withTheme(t *testing.T, files map[string]string) fstest.MapFS {
	t.Helper()
	src := fstest.MapFS{}
	fixtureFS := os.DirFS(fixture)
	err := fs.WalkDir(fixtureFS, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fixtureFS, p)
		src[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		src[ThemeDir+"/"+name] = &fstest.MapFile{Data: []byte(data)}
	}
	return src
}

// TestTemplateErrorsArePositioned builds with templates that fail to
// parse, to escape or to execute, and checks that each failure is a
// diagnostic at its template's file, line and column, with no page path
// or position left inside the message.
func TestTemplateErrorsArePositioned(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  diag.Diagnostic // the Message is a prefix
	}{
		{"parse", map[string]string{"note.html": "{{define \"main\"}}\n<p>\n{{.Nope</p>{{end}}\n"},
			diag.Diagnostic{Path: "templates/note.html", Line: 3, Message: "template: bad character"}},
		{"execute", map[string]string{"note.html": "{{define \"main\"}}\n<p>\n {{.Nope}}</p>{{end}}\n"},
			diag.Diagnostic{Path: "templates/note.html", Line: 3, Col: 4, Message: `template: executing "main" at <.Nope>: can't evaluate field Nope`}},
		{"execute in a partial", map[string]string{
			"note.html":    "{{define \"main\"}}{{template \"card\" .}}{{end}}\n",
			"partial.html": "{{define \"card\"}}\n\n{{.Note.Nope}}{{end}}\n"},
			diag.Diagnostic{Path: "templates/partial.html", Line: 3, Col: 8, Message: `template: executing "card" at <.Note.Nope>`}},
		{"execute on data", map[string]string{"note.html": "{{define \"main\"}}\n{{index .Note.Tags 5}}{{end}}\n"},
			diag.Diagnostic{Path: "templates/note.html", Line: 2, Message: `template: executing "main" at <index .Note.Tags 5>: error calling index: index out of range: 5 (rendering sample/`}},
		{"escape", map[string]string{"note.html": "{{define \"nomain\"}}{{end}}\n"},
			diag.Diagnostic{Path: "(theme)/base.html", Message: `template: no such template "main"`}},
	} {
		var mem output.Memory
		res, err := Run(site.NewLoader(), withTheme(t, tt.files), &mem)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: error %v, want ErrInvalid", tt.name, err)
		}
		i := slices.IndexFunc(res.Diags, func(d diag.Diagnostic) bool { return d.Severity == diag.Error })
		if i < 0 {
			t.Errorf("%s: no error diagnostic: %v", tt.name, res.Diags)
			continue
		}
		d := res.Diags[i]
		if d.Path != tt.want.Path || d.Line != tt.want.Line && tt.want.Line != 0 || d.Col != tt.want.Col && tt.want.Col != 0 || !strings.HasPrefix(d.Message, tt.want.Message) {
			t.Errorf("%s: got %q\nwant %s:%d:%d: %s…", tt.name, d, tt.want.Path, tt.want.Line, tt.want.Col, tt.want.Message)
		}
		if strings.Contains(d.Message, ".html:") {
			t.Errorf("%s: a position inside the message: %q", tt.name, d.Message)
		}
	}
}

// TestThemeAddsFiles builds the fixture with a theme that adds a partial,
// used from an overridden page, a stylesheet and an image in a subfolder,
// and checks that the page calls the partial, that the assets are copied
// under assets/ and listed by render.Files, and that the files a theme
// cannot use are reported.
func TestThemeAddsFiles(t *testing.T) {
	src := withTheme(t, map[string]string{
		"partials.html":   `{{define "my-partial"}}<p class="mine">{{.Title}}</p>{{end}}`,
		"sub/card.html":   `{{define "my-card"}}<div class="card">{{.Title}}</div>{{end}}`,
		"note.html":       `{{define "main"}}{{template "my-partial" .}}{{template "my-card" .Note}}{{end}}`,
		"extra.css":       "p.mine { color: teal }",
		"img/logo.svg":    "<svg/>",
		"README.md":       "notes for the desk",
		".hidden.css":     "ignored",
		".git/HEAD.txt":   "ignored",
		"notes.docx":      "not a web file",
		"verdicts.css":    "takes a generated file's name",
		"search-index.js": "so does this",
		"search/w9.js":    "and this, in the search index's folder",
		"a\\b.css":        "a backslash, which output refuses",
		"new\nline.css":   "a control character",
	})
	var mem output.Memory
	res, err := Run(site.NewLoader(), src, &mem)
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("error %v, want ErrInvalid for the taken names\n%s", err, res.Diags)
	}
	var got []string
	for _, d := range res.Diags {
		if strings.HasPrefix(d.Path, ThemeDir+"/") {
			got = append(got, d.Path+": "+d.Severity.String())
		}
	}
	want := []string{"templates/a\\b.css: error", "templates/new\nline.css: error", "templates/notes.docx: warning", "templates/search-index.js: error", "templates/search/w9.js: error", "templates/verdicts.css: error"}
	if !slices.Equal(got, want) {
		t.Errorf("theme diagnostics %v, want %v\n%s", got, want, res.Diags)
	}

	delete(src, ThemeDir+"/verdicts.css")
	delete(src, ThemeDir+"/search-index.js")
	delete(src, ThemeDir+"/search/w9.js")
	delete(src, ThemeDir+"/a\\b.css")
	delete(src, ThemeDir+"/new\nline.css")
	mem = output.Memory{}
	res, err = Run(site.NewLoader(), src, &mem)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Diags)
	}
	files := mem.Files()
	page := string(files["sample/vote.html"])
	if !strings.Contains(page, `<p class="mine">`) || !strings.Contains(page, `<div class="card">`) {
		t.Errorf("sample/vote.html does not show the partials:\n%s", page)
	}
	theme, _ := Theme(src)
	listed := render.Files(res.Site, theme)
	for name, data := range map[string]string{"assets/extra.css": "p.mine { color: teal }", "assets/img/logo.svg": "<svg/>"} {
		if string(files[name]) != data {
			t.Errorf("%s: %q, want %q", name, files[name], data)
		}
		if !slices.Contains(listed, name) {
			t.Errorf("%s is not in render.Files", name)
		}
	}
	for name := range files {
		if strings.Contains(name, "hidden") || strings.Contains(name, "README") || strings.Contains(name, ".git") || strings.Contains(name, "docx") {
			t.Errorf("%s was copied", name)
		}
	}
}

// TestThemeLinksRefused puts links among a theme's files, to a file and to
// a folder outside the tree, with the names of an asset, and checks that
// each is an error at its path, reported once, and that nothing is copied
// from outside.
func TestThemeLinksRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.css"), []byte("secret"), 0o644)
	os.MkdirAll(filepath.Join(dir, ThemeDir), 0o755)
	for link, target := range map[string]string{"leak.css": filepath.Join(outside, "secret.css"), "fonts": outside} {
		if err := os.Symlink(target, filepath.Join(dir, ThemeDir, link)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	src, err := srcfs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var mem output.Memory
	res, err := Run(site.NewLoader(), src, &mem)
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("error %v, want ErrInvalid", err)
	}
	var got []string
	for _, d := range res.Diags {
		if strings.HasPrefix(d.Path, ThemeDir+"/") {
			got = append(got, d.Path+": "+d.Severity.String())
		}
	}
	if want := []string{"templates/fonts: error", "templates/leak.css: error"}; !slices.Equal(got, want) {
		t.Errorf("theme diagnostics %v, want %v\n%s", got, want, res.Diags)
	}
	for name, data := range mem.Files() {
		if strings.Contains(string(data), "secret") {
			t.Errorf("%s holds a file from outside the tree", name)
		}
	}
}

// TestThemeOverridesArticle checks that a site restyles the pieces of
// templates/article.html: one template by defining it again in a partial
// of its own, whatever the partial's name (a.html sorts before
// article.html), or the whole file by one of the same name, which must
// still word the dossier page's description.
func TestThemeOverridesArticle(t *testing.T) {
	var mem output.Memory
	res, err := Run(site.NewLoader(), withTheme(t, map[string]string{
		"a.html": `{{define "chart"}}<p class="my-chart">{{range .Counts}}{{.Rating.Key}}={{.Percent}} {{end}}</p>{{end}}`,
	}), &mem)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Diags)
	}
	files := mem.Files()
	for _, name := range []string{"index.html", "sample/index.html"} {
		page := string(files[name])
		if !strings.Contains(page, `<p class="my-chart">accurate=100 `) || strings.Contains(page, `<table class="chart">`) {
			t.Errorf("%s does not show the site's chart:\n%s", name, page)
		}
	}

	mem = output.Memory{}
	res, err = Run(site.NewLoader(), withTheme(t, map[string]string{
		"article.html": `{{define "article-text"}}{{range .Segments}}{{if .Note}}<b>{{.Text}}</b>{{else}}{{.Text}}{{end}}{{end}}{{end}}` +
			`{{define "passage"}}{{range .Passage}}{{range .Segments}}{{.Text}}{{end}}{{end}}{{end}}` +
			`{{define "chart"}}{{end}}{{define "summary"}}{{len .Notes}} checks{{end}}` +
			`{{define "dossier-description"}}About {{.Title}} &amp; <i>{{len .Notes}}</i>   checks{{end}}`,
	}), &mem)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Diags)
	}
	page := string(mem.Files()["sample/index.html"])
	for _, want := range []string{`<p class="para"><b>The council voted 7–2 on Tuesday</b>`, `<p>5 checks <a href="claims.html">`,
		`<meta name="description" content="About City Council Votes to Close Library &amp; &lt;i&gt;5&lt;/i&gt; checks">`} {
		if !strings.Contains(page, want) {
			t.Errorf("sample/index.html lacks %s:\n%s", want, page)
		}
	}

	res, err = Run(site.NewLoader(), withTheme(t, map[string]string{
		"article.html": `{{define "article-text"}}{{end}}{{define "passage"}}{{end}}{{define "chart"}}{{end}}{{define "summary"}}{{end}}`,
	}), &output.Memory{})
	i := slices.IndexFunc(res.Diags, func(d diag.Diagnostic) bool { return d.Severity == diag.Error })
	if !errors.Is(err, ErrInvalid) || i < 0 || res.Diags[i].Path != "templates/article.html" || !strings.Contains(res.Diags[i].Message, `"dossier-description"`) {
		t.Errorf("an article.html without the description: error %v, diagnostics %v", err, res.Diags)
	}
}
