package render

import (
	"cmp"
	"errors"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/i18n"
	"github.com/dossier-org/dossier/internal/markdown"
	"github.com/dossier-org/dossier/internal/srcfs"
	"github.com/dossier-org/dossier/internal/textcheck"
	"github.com/dossier-org/dossier/templates"
)

// Theme is a parsed set of templates and static assets.
type Theme struct {
	// masters are the page templates as parsed, never executed, with the
	// functions of the fallback language: each language's set is cloned
	// from them (html/template clones only a set not yet executed).
	masters map[string]*template.Template
	// tables are the layers of translation tables: the embedded theme's,
	// the theme folder's, the site's.
	tables [][]*i18n.Table

	mu       sync.Mutex
	catalogs map[string]*i18n.Catalog
	sets     map[*i18n.Translator]map[string]*template.Template
	assets   map[string][]byte
	// assetNames lists the keys of assets, sorted.
	assetNames []string
	// origins maps the name each template file was parsed under to the
	// path that diagnostics give for it.
	origins map[string]string
}

// pageKinds lists the page templates, each with what it renders and which
// of Page's fields it has, for the theme's documentation. Each is parsed
// together with base.html, which holds the page shell and shared pieces,
// and with the site's partials.
var pageKinds = []pageKind{
	{"home", "index.html, the home page. Dossier and Note are nil."},
	{"dossier", "<slug>/index.html, a dossier's annotated article. Dossier is set, with its article's Blocks and its notes' Passage and Sources; Note is nil. Its description is what the template dossier-description writes."},
	{"claims", "<slug>/claims.html, a dossier's claim index. Dossier is set, as on its article's page; Note is nil."},
	{"sources", "<slug>/sources.html, a dossier's sources. Dossier is set, as on its article's page; Note is nil."},
	{"note", "<slug>/<name>.html, a check's page. Dossier and Note are set, as on the article's page, and JSONLD is the check's ClaimReview (nil without a baseURL)."},
	{"remark", "<slug>/<name>.html, a remark's page. Dossier and Note are set, as on the article's page; JSONLD is nil."},
	{"retracted", "<slug>/<name>.html, a withdrawn note's page, check or remark. Dossier and Note are set, as on the article's page, with Note.Retracted; JSONLD is nil."},
	{"revision", "<slug>/revisions/<time>.html, a revision of a dossier's article compared with the one before. Dossier is set, as on the article's page, and Revision; Note is nil."},
	{"methodology", "methodology.html, the rating scale and the site's methodology. Dossier and Note are nil."},
	{"corrections", "corrections.html, every correction of the site. Dossier and Note are nil."},
	{"search", "search.html, the search page. Dossier and Note are nil."},
	{"page", "<name>.html, a page of its own from content/<name>.md (about, team, funding). Content is set; Dossier and Note are nil."},
	{"terms", "tags/index.html and claimants/index.html, the list of a taxonomy's terms, written when it has any. Taxonomy is set; Dossier, Note and Term are nil."},
	{"term", "tags/<tag>.html and claimants/<claimant>.html, the notes of one term: every check and remark with a tag, every check of a claimant. Taxonomy and Term are set; Dossier and Note are nil."},
	{"embed", "<slug>/embed/<name>.html, a check as a small page of its own, for another site to show in an <iframe>. Dossier and Note are set, in summary (no Passage or Sources), Canonical is the check's page's and Share is set. Its template is \"embed\", not \"base\": the page has no header, menu or footer, and its style is its own."},
	{"404", "404.html, served at any depth for a page that does not exist. Root is the site's absolute path (empty without a baseURL) and Canonical is empty; Dossier and Note are nil."},
}

// descriptionTemplate is the template that words the description of a
// dossier's page, from its *DossierView.
const descriptionTemplate = "dossier-description"

// pageKind is a page template: its kind, the name of its file without
// .html, and the documentation's line on it.
type pageKind struct{ kind, doc string }

// isPageKind reports whether kind names a page template.
func isPageKind(kind string) bool {
	return slices.ContainsFunc(pageKinds, func(p pageKind) bool { return p.kind == kind })
}

// AssetDir is the folder of the output that a theme's assets are copied
// to, keeping their paths below the theme's folder.
const AssetDir = "assets"

// chromaCSS is where the stylesheet of code highlighting is written.
const chromaCSS = AssetDir + "/chroma.css"

// EmbeddedOrigin is the folder that diagnostics name for a file of the
// embedded theme, which has no path in the source tree: "(theme)/base.html".
// "dossier theme export" writes the very file.
const EmbeddedOrigin = "(theme)"

// ThemeOrigin is the folder, in the source tree, of the theme's files
// that diagnostics name: the site's templates/ folder.
const ThemeOrigin = "templates"

// assetExts are the extensions of the theme's files that are copied to the
// output as they are. A file ending in .html is a template.
var assetExts = []string{".css", ".js", ".mjs", ".map", ".json", ".txt", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".woff", ".woff2", ".ttf", ".otf"}

// textExts are the extensions of the theme's files that must be UTF-8
// text, which LoadTheme checks at their first bad byte, as it would a
// note: templates, stylesheets and scripts.
var textExts = []string{".html", ".css", ".js"}

// ignoredExts are the extensions of files a theme's folder may hold that
// are not part of the site: a README, and the Go package that embeds
// dossier's own theme.
var ignoredExts = []string{".md", ".go"}

// MaxThemeFiles is the most files a theme's folder may hold, and
// MaxThemeBytes the most bytes all of them together: the theme is held in
// memory.
const (
	MaxThemeFiles = 1000
	MaxThemeBytes = 64 << 20
)

// isTemplate reports whether the theme's file name is a template.
func isTemplate(name string) bool { return strings.ToLower(path.Ext(name)) == ".html" }

// themeFile is a file of the theme.
type themeFile struct {
	data   []byte
	origin string // the path diagnostics give
}

// LoadTheme parses the embedded theme together with override (a site's
// templates/ folder, which may be nil) and tables (a site's i18n/ folder,
// which may be nil). A file of override takes the place
// of the embedded file of the same name; any other file is added:
//
//   - a file ending in .html is a template, parsed with base.html and every
//     page template, so that a page can call the templates it defines; the
//     site's are parsed after the embedded theme's, so that a site's
//     {{define}} wins over the theme's;
//   - a file ending in .css, .js, an image's or a font's extension (see
//     templates/README.md) is an asset, copied to the output's assets/
//     folder under its path in override;
//   - a file i18n/<lang>.yaml is a translation table, whose keys take the
//     place of the embedded table's of the same language key by key, and
//     so do the keys of tables' <lang>.yaml over both;
//   - .md and .go files and files or folders whose name starts with "."
//     are ignored; any other file is reported and not used.
//
// Template errors are reported against the file that has them, and so are
// an override that exists but cannot be read, and a template, stylesheet
// or script of override that is not UTF-8 text (textExts).
func LoadTheme(override, tables fs.FS) (*Theme, diag.List) {
	var diags diag.List
	files := map[string]themeFile{}

	embedded, _ := fs.Glob(templates.FS, "*.*")
	for _, name := range embedded {
		if slices.Contains(ignoredExts, path.Ext(name)) {
			continue
		}
		data, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			panic("render: embedded theme: " + err.Error()) // a build of dossier itself is broken
		}
		files[name] = themeFile{data, EmbeddedOrigin + "/" + name}
	}
	if override != nil {
		readOverride(override, files, &diags)
	}
	t := &Theme{masters: map[string]*template.Template{}, assets: map[string][]byte{}, origins: map[string]string{},
		catalogs: map[string]*i18n.Catalog{}, sets: map[*i18n.Translator]map[string]*template.Template{}}
	for name, f := range files {
		if isTemplate(name) {
			t.origins[name] = f.origin
		}
	}
	// The translation tables: the embedded theme's, then the theme
	// folder's, then the site's, each over the ones before key by key.
	var themeTables []*i18n.Table
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if isTable(name) {
			tb, tdiags := i18n.ParseTable(files[name].origin, files[name].data)
			diags = append(diags, tdiags...)
			themeTables = append(themeTables, tb)
		}
	}
	siteTables := readTables(tables, &diags)
	t.tables = [][]*i18n.Table{embeddedTables(), themeTables, siteTables}
	for _, layer := range t.tables[1:] {
		for _, tb := range layer {
			if tb == nil {
				continue
			}
			if err := i18n.CheckDigits(tb); err != nil {
				m := tb.Messages[i18n.DigitsKey]
				diags.Errorf(tb.Path, m.Line, m.Col, "%s", err)
			}
		}
	}
	en := t.Catalog(i18n.Fallback).For(i18n.Fallback)
	base, err := template.New("base.html").Funcs(funcs).Funcs(translatorFuncs(en)).Parse(string(files["base.html"].data))
	if err != nil {
		diags = append(diags, t.diagnose(err, "base.html"))
		diags.Sort()
		return t, diags
	}
	// The partials, the templates that are neither base.html nor a page,
	// are parsed into the set every page is cloned from: the embedded
	// theme's first, then the site's, each in order of name, so that a
	// site's {{define}} wins over the theme's of the same name, whatever
	// the name of the file it is in.
	var partials []string
	for name := range t.origins {
		if name != "base.html" && !isPageKind(strings.TrimSuffix(name, ".html")) {
			partials = append(partials, name)
		}
	}
	slices.SortFunc(partials, func(a, b string) int {
		return cmp.Or(cmp.Compare(t.site(a), t.site(b)), strings.Compare(a, b))
	})
	for _, name := range partials {
		if _, err := base.New(name).Parse(string(files[name].data)); err != nil {
			diags = append(diags, t.diagnose(err, name))
		}
	}
	enSet := map[string]*template.Template{}
	for _, p := range pageKinds {
		kind, name := p.kind, p.kind+".html"
		master := template.Must(base.Clone())
		if _, err := master.New(name).Parse(string(files[name].data)); err != nil {
			diags = append(diags, t.diagnose(err, name))
			continue
		}
		// Every key a template gives T as it is written must be in the
		// fallback language's table: the language every other falls back
		// to.
		if missing := t.missingKeys(master, en); len(missing) > 0 {
			diags = append(diags, missing...)
			continue
		}
		// The fallback language's set is this clone, checked.
		tmpl := template.Must(master.Clone())
		resolveKeys(tmpl, en)
		// html/template escapes a set when it is first executed, and finds
		// some errors only then (a template that is called but not
		// defined, an action in an ambiguous context). Executing each page
		// once on empty data finds them here, where check sees them,
		// rather than on some page of a build. The data's errors (a nil
		// Dossier on a home page) are not errors of the theme, but a field
		// that the data's type lacks is, whatever the data.
		err := tmpl.ExecuteTemplate(io.Discard, entry(kind), &Page{Kind: kind, Site: &SiteView{}})
		var escape *template.Error
		if errors.As(err, &escape) || err != nil && strings.Contains(err.Error(), "can't evaluate field") {
			diags = append(diags, t.diagnose(err, name))
			continue
		}
		t.masters[kind] = master
		enSet[kind] = tmpl
	}
	t.sets[en] = enSet
	// The dossier's page gets its description from the theme, as text:
	// the template must be there, and take a dossier.
	if tmpl := enSet["dossier"]; tmpl != nil {
		if tmpl.Lookup(descriptionTemplate) == nil {
			diags.Errorf(t.origin("article.html"), 0, 0, "template: no template %q: a dossier's page takes its description from it", descriptionTemplate)
		} else if err := tmpl.ExecuteTemplate(io.Discard, descriptionTemplate, &DossierView{}); err != nil {
			var escape *template.Error
			if errors.As(err, &escape) || strings.Contains(err.Error(), "can't evaluate field") {
				diags = append(diags, t.diagnose(err, "article.html"))
			}
		}
	}
	for kind, tmpl := range enSet {
		foldConstants(tmpl, kind)
	}
	for name, f := range files {
		if !isTemplate(name) && !isTable(name) {
			t.assets[AssetDir+"/"+name] = f.data
		}
	}
	t.assets[chromaCSS] = markdown.CSS()
	t.assetNames = slices.Sorted(maps.Keys(t.assets))
	// An error in a partial is found with each page.
	diags.Sort()
	return t, slices.Compact(diags)
}

// embeddedTables are the embedded theme's translation tables, parsed once:
// a table is not changed once parsed, and the dev server loads the theme
// again on every save in templates/.
var embeddedTables = sync.OnceValue(func() []*i18n.Table {
	var tables []*i18n.Table
	names, _ := fs.Glob(templates.FS, i18nDir+"/*.yaml")
	for _, name := range names {
		data, _ := fs.ReadFile(templates.FS, name)
		tb, tdiags := i18n.ParseTable(EmbeddedOrigin+"/"+name, data)
		if len(tdiags) > 0 {
			panic("render: embedded theme: " + tdiags.String()) // a build of dossier itself is broken
		}
		tables = append(tables, tb)
	}
	return tables
})

// walkVisible walks fsys, the folder the diagnostics name origin, and
// calls fn with each file and folder but those whose names start with a
// dot (and what such folders hold), the folder itself included as ".",
// with the name diagnostics give it. A file or folder that cannot be read
// is an error at its name, and fn is not called for it.
func walkVisible(fsys fs.FS, origin string, diags *diag.List, fn func(name, origin string, e fs.DirEntry) error) {
	fs.WalkDir(fsys, ".", func(name string, e fs.DirEntry, err error) error {
		at := origin
		if name != "." {
			at = origin + "/" + name
		}
		if err != nil {
			diags.Errorf(at, 0, 0, "%s", srcfs.Reason(err))
			return nil
		}
		if name != "." && strings.HasPrefix(e.Name(), ".") {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		return fn(name, at, e)
	})
}

// badName reports whether a theme's or a table's file name holds a
// backslash or a control character, which no file of the theme may have.
func badName(name string) bool {
	return strings.ContainsFunc(name, func(r rune) bool { return r == '\\' || unicode.IsControl(r) })
}

// readOverride adds the files of a site's theme folder to files, reporting
// those it cannot read or use.
func readOverride(override fs.FS, files map[string]themeFile, diags *diag.List) {
	// The names of generated files in the assets folder, which a theme's
	// asset may not take.
	generated := map[string]bool{}
	for _, name := range siteFiles(true, nil) {
		if rest, ok := strings.CutPrefix(name, AssetDir+"/"); ok {
			generated[rest] = true
		}
	}
	generated[strings.TrimPrefix(chromaCSS, AssetDir+"/")] = true
	count, size := 0, 0
	walkVisible(override, ThemeOrigin, diags, func(name, origin string, e fs.DirEntry) error {
		if e.IsDir() {
			return nil
		}
		if !e.Type().IsRegular() {
			// A link, or a special file: the source tree's FS refuses it,
			// and says why.
			if _, err := fs.Stat(override, name); err != nil {
				diags.Errorf(origin, 0, 0, "%s", srcfs.Reason(err))
				return nil
			}
		}
		ext := strings.ToLower(path.Ext(name))
		if badName(name) {
			diags.Errorf(origin, 0, 0, "a theme's file name may not hold a backslash or a control character: rename it")
			return nil
		}
		switch {
		case slices.Contains(ignoredExts, ext):
			return nil
		case isTemplate(name), isTable(name):
		case slices.Contains(assetExts, ext):
			if generated[name] || strings.HasPrefix(name, strings.TrimPrefix(searchDir, AssetDir+"/")) {
				diags.Errorf(origin, 0, 0, "%s/%s is a file dossier makes: give the asset another name", AssetDir, name)
				return nil
			}
		default:
			diags.Warnf(origin, 0, 0, "not used: a theme's templates end in .html, its assets in %s", strings.Join(assetExts, " "))
			return nil
		}
		if count++; count > MaxThemeFiles {
			diags.Errorf(origin, 0, 0, "the theme has more than %d files: this one and any after it are not used", MaxThemeFiles)
			return fs.SkipAll
		}
		data, err := fs.ReadFile(override, name)
		if err != nil {
			diags.Errorf(origin, 0, 0, "%s", srcfs.Reason(err))
			return nil
		}
		if size += len(data); size > MaxThemeBytes {
			diags.Errorf(origin, 0, 0, "the theme's files come to more than %d MiB: this one and any after it are not used", MaxThemeBytes>>20)
			return fs.SkipAll
		}
		if slices.Contains(textExts, ext) {
			// The pages would carry the file's bytes as they are.
			if err := textcheck.Check(data, "the template"); err != nil {
				diags.Errorf(origin, err.Line, err.Col, "%s", err.Msg)
			}
		}
		files[name] = themeFile{data, origin}
		return nil
	})
}

// diagnose turns a template error into a diagnostic at the file, line and
// column it names. The errors of text/template and html/template name a
// place as "template: name:line:col: " or "html/template:name:line:col: ",
// where name is the file the template was parsed from; an error that names
// no place is put at file, the template being parsed or executed.
func (t *Theme) diagnose(err error, file string) diag.Diagnostic {
	msg := err.Error()
	d := diag.Diagnostic{Path: t.origin(file), Severity: diag.Error}
	rest, ok := strings.CutPrefix(msg, "template: ")
	if !ok {
		rest, ok = strings.CutPrefix(msg, "html/template:")
	}
	if !ok {
		d.Message = "template: " + msg
		return d
	}
	rest = strings.TrimPrefix(rest, " ")
	// The longest name that the message starts with is the file's.
	name := ""
	for n := range t.origins {
		if strings.HasPrefix(rest, n+":") && len(n) > len(name) {
			name = n
		}
	}
	if name == "" {
		d.Message = "template: " + rest
		return d
	}
	d.Path = t.origin(name)
	rest = rest[len(name)+1:]
	// The line is counted from 1; the column, given only for an error
	// found at a node, in bytes from 0.
	if line, after, ok := number(rest); ok && line > 0 {
		d.Line, rest = line, after
		if col, after, ok := number(rest); ok {
			d.Col, rest = col+1, after
		}
	}
	d.Message = "template: " + strings.TrimSpace(rest)
	return d
}

// number reads a number followed by a colon from the start of s.
func number(s string) (n int, rest string, ok bool) {
	num, rest, found := strings.Cut(s, ":")
	n, err := strconv.Atoi(num)
	return n, rest, found && err == nil && n >= 0
}

// site returns 1 for a file of the site's theme folder, 0 for one of the
// embedded theme.
func (t *Theme) site(name string) int {
	if strings.HasPrefix(t.origin(name), EmbeddedOrigin+"/") {
		return 0
	}
	return 1
}

func (t *Theme) origin(name string) string {
	if o, ok := t.origins[name]; ok {
		return o
	}
	return EmbeddedOrigin + "/" + name
}

// A TemplateError is a template of the theme failing on a page's data.
type TemplateError struct {
	// Diag is where in the theme it failed, and why.
	Diag diag.Diagnostic
	// Page is the page being rendered.
	Page string
}

func (e *TemplateError) Error() string { return e.diagnostic().String() }

// diagnostic is Diag with the page it failed on said in its message.
func (e *TemplateError) diagnostic() diag.Diagnostic {
	d := e.Diag
	d.Message += " (rendering " + e.Page + ")"
	return d
}

// Diagnostics returns the template errors among err (which may join
// several), each with the page it failed on said in its message, sorted.
func Diagnostics(err error) diag.List {
	var diags diag.List
	var walk func(error)
	walk = func(err error) {
		if te, ok := err.(*TemplateError); ok {
			diags = append(diags, te.diagnostic())
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	if err != nil {
		walk(err)
	}
	diags.Sort()
	return diags
}

var funcs = template.FuncMap{
	"join": strings.Join,
	"dict": dict,
	"bdi":  bdi,
}

// templateError makes the error of executing the page p with the template
// kind.
func (t *Theme) templateError(kind string, p *Page, err error) error {
	return &TemplateError{Diag: t.diagnose(err, kind+".html"), Page: p.Path}
}

// overridden reports whether any of t's templates is the site's own rather
// than the embedded theme's.
func (t *Theme) overridden() bool {
	for _, origin := range t.origins {
		if !strings.HasPrefix(origin, EmbeddedOrigin+"/") {
			return true
		}
	}
	return false
}
