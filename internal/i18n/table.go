package i18n

import (
	"fmt"
	"html"
	"path"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"text/template/parse"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/frontmatter"
	"github.com/dossier-org/dossier/internal/textcheck"
)

// Limits on a translation table: it is held in memory, and each of its
// texts is parsed as a template.
const (
	// MaxTableSize is the largest table file accepted, in bytes.
	MaxTableSize = 256 << 10
	// MaxTableKeys is the most keys a table may have, plural forms
	// counted (frontmatter.MaxKeys).
	MaxTableKeys = frontmatter.MaxKeys
)

// Categories are the CLDR plural categories a plural text may give, in
// the order of plural.Form.
var Categories = []string{"other", "zero", "one", "two", "few", "many"}

// A Message is the text of one key of a table: a single text, or one per
// plural category, "other" always among them.
type Message struct {
	// Key is the message's key.
	Key string
	// Line and Col are where the key stands in its table's file.
	Line, Col int
	// forms holds the texts by plural.Form; forms[plural.Other] is always
	// set, the others only for a plural message.
	forms  [6]*text
	plural bool
}

// Plural reports whether the message has a text per plural category.
func (m *Message) Plural() bool { return m.plural }

// text is one text of a message: written as it is when it holds no
// action, executed as a text/template otherwise.
type text struct {
	raw  string
	tmpl *template.Template
	// parts, when not nil, are the text's pieces: literal text, and the
	// names of the fields of the data (".Title") written between them,
	// at odd indexes. A text made only of these, as nearly all are, is
	// written without executing its template.
	parts []string

	// htmlTmpl is tmpl with its own words escaped, for HTML, made when
	// first wanted.
	htmlOnce sync.Once
	htmlTmpl *template.Template
}

// write writes the text with data into b.
func (t *text) write(b *strings.Builder, data map[string]any) error {
	if t.parts == nil {
		return t.tmpl.Execute(b, data)
	}
	for i, p := range t.parts {
		if i%2 == 0 {
			b.WriteString(p)
			continue
		}
		v, ok := data[p]
		if !ok {
			return fmt.Errorf("map has no entry for key %q", p)
		}
		switch v := v.(type) {
		case string:
			b.WriteString(v)
		default:
			fmt.Fprint(b, v)
		}
	}
	return nil
}

// writeHTML writes the text with data, whose values are HTML, into b as
// HTML: the text's own words escaped.
func (t *text) writeHTML(b *strings.Builder, data map[string]any) error {
	if t.parts == nil {
		t.htmlOnce.Do(func() { t.htmlTmpl = escapedTemplate(t.tmpl) })
		return t.htmlTmpl.Execute(b, data)
	}
	for i, p := range t.parts {
		if i%2 == 0 {
			b.WriteString(html.EscapeString(p))
			continue
		}
		v, ok := data[p]
		if !ok {
			return fmt.Errorf("map has no entry for key %q", p)
		}
		b.WriteString(v.(string))
	}
	return nil
}

// visit calls f on n and on every node below it, in the node kinds a table
// text may hold (lists, actions, pipes, commands, if/else): the one walk of
// a text's tree.
func visit(n parse.Node, f func(parse.Node)) {
	f(n)
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				visit(c, f)
			}
		}
	case *parse.ActionNode:
		visit(n.Pipe, f)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				visit(c, f)
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			visit(a, f)
		}
	case *parse.IfNode:
		visit(n.Pipe, f)
		visit(n.List, f)
		visit(n.ElseList, f)
	}
}

// escapedTemplate is a copy of tmpl whose literal text, and literal
// strings, are HTML-escaped: executed with data whose values are escaped,
// it writes HTML, and compares escaped values with escaped strings.
func escapedTemplate(tmpl *template.Template) *template.Template {
	tree := tmpl.Tree.Copy()
	visit(tree.Root, func(n parse.Node) {
		switch n := n.(type) {
		case *parse.TextNode:
			n.Text = []byte(html.EscapeString(string(n.Text)))
		case *parse.StringNode:
			n.Text = html.EscapeString(n.Text)
			n.Quoted = strconv.Quote(n.Text)
		}
	})
	out, err := template.New(tmpl.Name()).Option("missingkey=error").AddParseTree(tmpl.Name(), tree)
	if err != nil {
		panic(err) // a copy of a tree that parsed
	}
	return out
}

// fieldParts returns the pieces of a template made only of text and
// actions that write one field of the data, {{ .Name }}, or nil.
func fieldParts(tmpl *template.Template) []string {
	var parts []string
	literal := ""
	for _, n := range tmpl.Tree.Root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			literal += string(n.Text)
		case *parse.ActionNode:
			if len(n.Pipe.Decl) > 0 || len(n.Pipe.Cmds) != 1 || len(n.Pipe.Cmds[0].Args) != 1 {
				return nil
			}
			f, ok := n.Pipe.Cmds[0].Args[0].(*parse.FieldNode)
			if !ok || len(f.Ident) != 1 {
				return nil
			}
			parts = append(parts, literal, f.Ident[0])
			literal = ""
		default:
			return nil
		}
	}
	return append(parts, literal)
}

// A Table is one language's translation table: a file <lang>.yaml of the
// theme's i18n/ folder or of the site's.
type Table struct {
	// Lang is the table's language, a canonical BCP 47 tag: the file's
	// name without .yaml.
	Lang string
	// Path is the file diagnostics name.
	Path string
	// Messages are the table's messages by key.
	Messages map[string]*Message
	tag      language.Tag
}

// TableLang returns the language of a table's file name ("pt-BR.yaml"),
// canonical, or an error saying why the name is not a table's.
func TableLang(name string) (string, error) {
	base := path.Base(name)
	stem, ok := strings.CutSuffix(base, ".yaml")
	if !ok {
		return "", fmt.Errorf("a translation table is a file <language>.yaml, such as fr.yaml or pt-BR.yaml")
	}
	tag, err := language.Parse(stem)
	if err != nil || stem == "" {
		return "", fmt.Errorf("%q is not a language tag: name a translation table <language>.yaml, such as fr.yaml or pt-BR.yaml", textcheck.Shown(stem))
	}
	return tag.String(), nil
}

// ParseTable parses the table at path (named for diagnostics) from data,
// reporting every problem of the file at its line and column: its name,
// its size, its YAML, a value that is neither a text nor a map of plural
// texts, an unknown plural category, a plural text without "other", and
// a text that is not a valid template. The table holds the messages that
// have no problem.
func ParseTable(name string, data []byte) (*Table, diag.List) {
	var diags diag.List
	lang, err := TableLang(name)
	if err != nil {
		diags.Errorf(name, 0, 0, "%s", err)
		return nil, diags
	}
	t := &Table{Lang: lang, Path: name, Messages: map[string]*Message{}, tag: language.Make(lang)}
	if len(data) > MaxTableSize {
		diags.Errorf(name, 0, 0, "the translation table is over %s bytes, the most accepted", textcheck.Count(MaxTableSize))
		return t, diags
	}
	if err := textcheck.Check(data, "the translation table"); err != nil {
		diags.Errorf(name, err.Line, err.Col, "%s", err.Msg)
		return t, diags
	}
	root, err := frontmatter.ParseYAML(data)
	if err != nil {
		if pe, ok := err.(*diag.PosError); ok {
			diags.Errorf(name, pe.Line, pe.Col, "%s", pe.Msg)
		} else {
			diags.Errorf(name, 1, 1, "%s", err)
		}
		return t, diags
	}
	if root.Kind != frontmatter.Map {
		diags.Errorf(name, root.Line, root.Col, "a translation table is a map of keys (key: \"text\"), found %s", root.Kind)
		return t, diags
	}
	for _, e := range root.Entries {
		m := &Message{Key: e.Key, Line: e.Line, Col: e.Col}
		ok := true
		switch v := e.Value; v.Kind {
		case frontmatter.Scalar:
			m.forms[plural.Other], ok = parseText(name, e.Key, v, &diags)
		case frontmatter.Map:
			m.plural = true
			for _, f := range v.Entries {
				i := indexOf(Categories, f.Key)
				if i < 0 {
					diags.Errorf(name, f.Line, f.Col, "%q is not a plural category: a plural text gives %s (CLDR's categories), \"other\" always", textcheck.Shown(f.Key), strings.Join(Categories[1:], ", ")+", other")
					ok = false
					continue
				}
				if f.Value.Kind != frontmatter.Scalar {
					diags.Errorf(name, f.Value.Line, f.Value.Col, "the text of %q for %q must be a string, found %s", textcheck.Shown(e.Key), f.Key, f.Value.Kind)
					ok = false
					continue
				}
				var good bool
				if m.forms[i], good = parseText(name, e.Key, f.Value, &diags); !good {
					ok = false
				}
			}
			if m.forms[plural.Other] == nil && ok {
				diags.Errorf(name, v.Line, v.Col, "the plural text of %q lacks \"other\", the form every language has", textcheck.Shown(e.Key))
				ok = false
			}
		default:
			diags.Errorf(name, v.Line, v.Col, "the value of %q must be a string, or a map of plural forms (one: \"...\", other: \"...\"), found %s", textcheck.Shown(e.Key), v.Kind)
			ok = false
		}
		if ok {
			t.Messages[e.Key] = m
		}
	}
	return t, diags
}

// parseText parses one text of key: plain, or a template.
func parseText(name, key string, n *frontmatter.Node, diags *diag.List) (*text, bool) {
	if !strings.Contains(n.Value, "{{") {
		return &text{raw: n.Value}, true
	}
	tmpl, err := template.New(key).Option("missingkey=error").Parse(n.Value)
	if err != nil {
		msg := err.Error()
		// "template: key:1: message": the place is the node's.
		if i := strings.Index(msg, ": "); i >= 0 {
			msg = msg[i+2:]
			if rest, ok := strings.CutPrefix(msg, key+":"); ok {
				if _, after, found := strings.Cut(rest, ": "); found {
					msg = after
				}
			}
		}
		diags.Errorf(name, n.Line, n.Col, "the text of %q is not a valid template: %s", textcheck.Shown(key), msg)
		return nil, false
	}
	if bad := plainTemplate(tmpl.Tree.Root); bad != "" {
		diags.Errorf(name, n.Line, n.Col, "the text of %q uses %s: a translation's text may use only the fields of its data ({{ .Count }}), {{ if }} ... {{ else }} ... {{ end }}, and eq, ne, lt, le, gt, ge, and, or, not, len", textcheck.Shown(key), bad)
		return nil, false
	}
	return &text{raw: n.Value, tmpl: tmpl, parts: fieldParts(tmpl)}, true
}

// textFuncs are the functions a translation's text may call: none writes
// more than its arguments, so that a table from a pull request cannot make
// a build write gigabytes ({{ printf "%0999999999d" 1 }}) or loop.
var textFuncs = map[string]bool{"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true, "and": true, "or": true, "not": true, "len": true}

// plainTemplate returns what the tree below n uses that a translation's
// text may not, or "".
func plainTemplate(n parse.Node) string {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return ""
		}
		for _, c := range n.Nodes {
			if bad := plainTemplate(c); bad != "" {
				return bad
			}
		}
	case *parse.TextNode, *parse.FieldNode, *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.DotNode, *parse.CommentNode:
	case *parse.ActionNode:
		return plainTemplate(n.Pipe)
	case *parse.PipeNode:
		if n == nil {
			return ""
		}
		if len(n.Decl) > 0 {
			return "a variable"
		}
		for _, c := range n.Cmds {
			if bad := plainTemplate(c); bad != "" {
				return bad
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			if bad := plainTemplate(a); bad != "" {
				return bad
			}
		}
	case *parse.IdentifierNode:
		if !textFuncs[n.Ident] {
			return fmt.Sprintf("the function %q", n.Ident)
		}
	case *parse.IfNode:
		for _, c := range []parse.Node{n.Pipe, n.List, n.ElseList} {
			if bad := plainTemplate(c); bad != "" {
				return bad
			}
		}
	default:
		return fmt.Sprintf("%q", textcheck.Shown(n.String()))
	}
	return ""
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
