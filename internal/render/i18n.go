package render

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/i18n"
	"github.com/dossier-org/dossier/internal/rating"
	"github.com/dossier-org/dossier/internal/srcfs"
	"github.com/dossier-org/dossier/internal/textcheck"
)

// i18nDir is the folder of the translation tables, in the theme and in a
// site's source tree: i18n/<lang>.yaml.
const i18nDir = "i18n"

// TablesOrigin is the folder of a site's own translation tables that
// diagnostics name.
const TablesOrigin = i18nDir

// MaxTables is the most translation tables a site's i18n/ folder may hold.
const MaxTables = 200

// isTable reports whether the theme's file name is a translation table.
func isTable(name string) bool {
	dir, file := path.Split(name)
	return dir == i18nDir+"/" && strings.HasSuffix(file, ".yaml")
}

// readTables parses the translation tables of a site's i18n/ folder, which
// may be nil, reporting the files it cannot read or use.
func readTables(fsys fs.FS, diags *diag.List) []*i18n.Table {
	if fsys == nil {
		return nil
	}
	var tables []*i18n.Table
	walkVisible(fsys, TablesOrigin, diags, func(name, origin string, e fs.DirEntry) error {
		if e.IsDir() {
			if name != "." {
				diags.Warnf(origin, 0, 0, "not used: the translation tables are the files i18n/<language>.yaml, with no folders")
				return fs.SkipDir
			}
			return nil
		}
		if badName(name) {
			diags.Errorf(origin, 0, 0, "a translation table's file name may not hold a backslash or a control character: rename it")
			return nil
		}
		if _, err := i18n.TableLang(name); err != nil {
			if path.Ext(name) == ".md" {
				return nil
			}
			diags.Warnf(origin, 0, 0, "not used: %s", err)
			return nil
		}
		if len(tables) >= MaxTables {
			diags.Errorf(origin, 0, 0, "i18n/ has more than %d translation tables: this one and any after it are not used", MaxTables)
			return fs.SkipAll
		}
		if info, err := fs.Stat(fsys, name); err != nil {
			diags.Errorf(origin, 0, 0, "%s", srcfs.Reason(err))
			return nil
		} else if info.Size() > i18n.MaxTableSize {
			diags.Errorf(origin, 0, 0, "the translation table is over %s bytes, the most accepted", textcheck.Count(i18n.MaxTableSize))
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			diags.Errorf(origin, 0, 0, "%s", srcfs.Reason(err))
			return nil
		}
		tb, tdiags := i18n.ParseTable(origin, data)
		*diags = append(*diags, tdiags...)
		tables = append(tables, tb)
		return nil
	})
	return tables
}

// Catalog returns the theme's translation tables for a site written in the
// language siteLang, which a language without a table falls back to.
func (t *Theme) Catalog(siteLang string) *i18n.Catalog {
	t.mu.Lock()
	defer t.mu.Unlock()
	if c := t.catalogs[siteLang]; c != nil {
		return c
	}
	c := i18n.NewCatalog(siteLang, t.tables...)
	t.catalogs[siteLang] = c
	return c
}

// translator returns the translator of the page's language: the one place
// that chooses the language a page's interface is written in.
func (t *Theme) translator(p *Page) *i18n.Translator {
	siteLang := ""
	if p.Site != nil {
		siteLang = p.Site.Language
	}
	return t.Catalog(siteLang).For(p.Language)
}

// set returns the page templates bound to the translator tr, cloning them
// the first time a language is asked for: the cost is once per language,
// not per page.
func (t *Theme) set(tr *i18n.Translator) map[string]*template.Template {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s := t.sets[tr]; s != nil {
		return s
	}
	s := make(map[string]*template.Template, len(t.masters))
	f := translatorFuncs(tr)
	for kind, m := range t.masters {
		c := template.Must(m.Clone()).Funcs(f)
		resolveKeys(c, tr)
		foldConstants(c, kind)
		s[kind] = c
	}
	t.sets[tr] = s
	return s
}

// resolveKeys writes the text of each T "key" of the set, the key a literal
// and nothing else given, in place of the call: the text is the same on
// every page, and a template function is called by reflection, the most
// costly step of executing a template. The text is escaped where it stands
// as the call's result would be. A call whose text fails is left to fail
// when executed, at its place. set is a clone not yet executed (html/template
// copies the trees of a clone).
func resolveKeys(set *template.Template, tr *i18n.Translator) {
	for _, tmpl := range set.Templates() {
		if tmpl.Tree == nil {
			continue
		}
		walkCommands(tmpl.Tree.Root, func(n *parse.CommandNode) {
			if len(n.Args) != 2 {
				return
			}
			id, ok := n.Args[0].(*parse.IdentifierNode)
			key, lit := n.Args[1].(*parse.StringNode)
			if !ok || id.Ident != "T" || !lit {
				return
			}
			text, err := tr.T(key.Text)
			if err != nil {
				return
			}
			key.Text, key.Quoted = text, strconv.Quote(text)
			n.Args = n.Args[1:]
		})
	}
}

// walkCommands calls f on every command of the tree below n.
func walkCommands(n parse.Node, f func(*parse.CommandNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				walkCommands(c, f)
			}
		}
	case *parse.ActionNode:
		walkCommands(n.Pipe, f)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			walkCommands(c, f)
		}
	case *parse.CommandNode:
		f(n)
		for _, a := range n.Args {
			walkCommands(a, f)
		}
	case *parse.IfNode:
		walkCommands(n.Pipe, f)
		walkCommands(n.List, f)
		walkCommands(n.ElseList, f)
	case *parse.RangeNode:
		walkCommands(n.Pipe, f)
		walkCommands(n.List, f)
		walkCommands(n.ElseList, f)
	case *parse.WithNode:
		walkCommands(n.Pipe, f)
		walkCommands(n.List, f)
		walkCommands(n.ElseList, f)
	case *parse.TemplateNode:
		walkCommands(n.Pipe, f)
	}
}

// translatorFuncs are the template functions of one language: T, Tforms,
// date, num and digits (see the theme's README).
func translatorFuncs(tr *i18n.Translator) template.FuncMap {
	return template.FuncMap{
		// T writes plain text, which the template escapes; given a value
		// marked by bdi, HTML, each part escaped, the value isolated.
		"T": func(key string, args ...any) (any, error) {
			if i18n.Isolating(args) {
				s, err := tr.HTML(key, args...)
				return template.HTML(s), err
			}
			return tr.T(key, args...)
		},
		"Tforms": func(key string) (string, error) {
			forms, err := tr.Forms(key)
			if err != nil {
				return "", err
			}
			data, err := json.Marshal(forms)
			return string(data), err
		},
		"date":         tr.Date,
		"num":          tr.Num,
		"digits":       tr.Digits,
		"counterStyle": tr.CounterStyle,
		"refDigits":    func(h template.HTML) template.HTML { return refDigits(h, tr.Digits) },
	}
}

// noteRef is how the Markdown renderer ends the opening tag of a footnote
// reference, whose text is the footnote's number.
const noteRef = `role="doc-noteref">`

// refDigits writes the numbers of the footnote references in h, HTML of the
// markdown package, in the digits digits writes: goldmark writes them in
// Latin digits whatever the language.
func refDigits(h template.HTML, digits func(string) string) template.HTML {
	s := string(h)
	if digits("0") == "0" || !strings.Contains(s, noteRef) {
		return h
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for {
		i := strings.Index(s, noteRef)
		if i < 0 {
			break
		}
		i += len(noteRef)
		b.WriteString(s[:i])
		s = s[i:]
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		b.WriteString(digits(s[:n]))
		s = s[n:]
	}
	b.WriteString(s)
	return template.HTML(b.String())
}

// bdi marks a value of T's data ((dict "Name" (bdi .Author))) to be set
// apart from the sentence around it, in a <bdi> element, for the
// bidirectional algorithm: T then returns HTML, every other part of it
// escaped. In an attribute html/template drops the element and keeps its
// text; in <title> and <textarea>, whose text is not markup, pass the value
// alone instead.
func bdi(v any) i18n.Isolated { return i18n.Isolated{Value: v} }

// dict makes a map of its arguments, key, value, key, value..., for T's
// data: (dict "Count" 3 "Title" .Title).
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict takes pairs of a key and a value")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: a key is a string, not %T", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// missingKeys reports every T "key" and Tforms "key" of the set whose key,
// written as a literal, has no text in tr's tables, at the call.
func (t *Theme) missingKeys(set *template.Template, tr *i18n.Translator) diag.List {
	var diags diag.List
	for _, tmpl := range set.Templates() {
		if tmpl.Tree == nil {
			continue
		}
		tree := tmpl.Tree
		walkCommands(tree.Root, func(n *parse.CommandNode) {
			if len(n.Args) < 2 {
				return
			}
			id, ok := n.Args[0].(*parse.IdentifierNode)
			key, lit := n.Args[1].(*parse.StringNode)
			if !ok || id.Ident != "T" && id.Ident != "Tforms" || !lit || tr.Has(key.Text) {
				return
			}
			loc, _ := tree.ErrorContext(key)
			err := fmt.Errorf("template: %s: no translation table has the key %q: add it to i18n/%s.yaml", loc, key.Text, i18n.Fallback)
			diags = append(diags, t.diagnose(err, tree.ParseName))
		})
	}
	return diags
}

// scales holds the rating scale in each language that the site's pages
// are written in, each made once, when first asked for: the one owner of
// the scale's translated words. It is safe for concurrent use.
type scales struct {
	base    rating.Scale // the site's scale, as its settings give it or the default
	own     bool         // the site gives its own scale, whose words stay as written
	catalog *i18n.Catalog

	mu     sync.Mutex
	byLang map[string]rating.Scale
}

// in returns the scale with its labels and meanings in lang.
func (s *scales) in(lang string) rating.Scale {
	if s.own {
		return s.base
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if sc, ok := s.byLang[lang]; ok {
		return sc
	}
	sc := localScale(s.base, false, s.catalog.For(lang))
	s.byLang[lang] = sc
	return sc
}

// scale is the site's rating scale with its labels and meanings in lang:
// a dossier's pages, its ClaimReviews, its entries in the search index and
// the exports, and the feed in its language give its verdicts in the
// dossier's language; the site-wide pages (home, tags, claimants,
// corrections, methodology) in the site's, like the rest of their words. A
// site's own scale (settings "ratings") keeps its words in every language.
func (v *SiteView) scale(lang string) rating.Scale {
	if v.scales == nil {
		return v.Scale
	}
	return v.scales.in(lang)
}

// localScale is the scale with the labels and meanings of the page's
// language, for a site that keeps the default scale: a site's own scale
// keeps the words it gives.
func localScale(scale rating.Scale, own bool, tr *i18n.Translator) rating.Scale {
	if own {
		return scale
	}
	out := make(rating.Scale, len(scale))
	for i, r := range scale {
		if s, err := tr.T("rating." + r.Key + ".label"); err == nil {
			r.Label = s
		}
		if s, err := tr.T("rating." + r.Key + ".meaning"); err == nil {
			r.Meaning = s
		}
		out[i] = r
	}
	return out
}

// maxMissingShown is how many missing keys a warning names.
const maxMissingShown = 5

// CheckLanguage reports, as warnings at path (the site's settings), a
// language lang with no translation table, whose interface is then in the
// site's language or English, and the keys that English has and lang's
// tables lack, shown in English.
func (t *Theme) CheckLanguage(lang, path string) diag.List {
	var diags diag.List
	c := t.Catalog(lang)
	if lang == "" || i18n.Canonical(lang) == i18n.Fallback {
		return nil
	}
	if !c.Covered(lang) {
		diags.Warnf(path, 0, 0, "no translation table for the language %q: the interface is in English; translate the theme's i18n/%s.yaml (dossier theme export writes it) into i18n/%s.yaml", lang, i18n.Fallback, i18n.Canonical(lang))
		return diags
	}
	if missing := c.Missing(lang); len(missing) > 0 {
		shown := missing[:min(len(missing), maxMissingShown)]
		more := ""
		if len(missing) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(missing)-len(shown))
		}
		diags.Warnf(path, 0, 0, "the translation tables of %q lack %d of the theme's keys, shown in English: %s%s", lang, len(missing), strings.Join(shown, ", "), more)
	}
	return diags
}
