package render

import (
	"html/template"
	"io"
	"strings"
	"text/template/parse"
)

// foldConstants writes, in place of each action of set's escaped templates
// that prints a constant string through html/template's HTML escapers
// alone (the text of a T "key" that resolveKeys wrote in, in text, in a
// quoted attribute or in <title>), the text those escapers make of it: the
// text is the same on every page, and each escaper is a template function,
// called by reflection on every page. Adjacent texts are then joined, and
// the common chains of escapers left are each made one call
// (joinEscapers).
//
// It first has html/template escape the templates that are executed by
// name (the page's entry, and a dossier page's description), so that no
// template is escaped after it: html/template escapes a template when it
// is first executed, reading the text around each action to find its
// context, and a folded action must not be read as the theme's text.
// Only actions that html/template has given escapers are folded, so a
// template that was not escaped is left as it is. set is not yet used by
// another goroutine.
func foldConstants(set *template.Template, kind string) {
	// The data's errors are the page's, found when it is rendered;
	// escaping happens before any of them. The data is what LoadTheme
	// checks the templates with.
	set.ExecuteTemplate(io.Discard, entry(kind), &Page{Kind: kind, Site: &SiteView{}})
	if set.Lookup(descriptionTemplate) != nil {
		set.ExecuteTemplate(io.Discard, descriptionTemplate, &DossierView{})
	}
	funcs := escapeFuncs()
	set.Funcs(funcs)
	for _, tmpl := range set.Templates() {
		if tmpl.Tree != nil && tmpl.Tree.Root != nil {
			foldList(tmpl.Tree.Root)
			joinEscapers(tmpl.Tree.Root, tmpl.Tree, funcs)
		}
	}
}

// foldList folds the constant actions of l and of the lists below it.
func foldList(l *parse.ListNode) {
	if l == nil {
		return
	}
	out := l.Nodes[:0]
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if text, ok := constantText(n.Pipe); ok {
				if last, ok := lastText(out); ok {
					last.Text = append(last.Text[:len(last.Text):len(last.Text)], text...)
					continue
				}
				out = append(out, &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte(text)})
				continue
			}
		case *parse.TextNode:
			if last, ok := lastText(out); ok {
				last.Text = append(last.Text[:len(last.Text):len(last.Text)], n.Text...)
				continue
			}
		case *parse.IfNode:
			foldList(n.List)
			foldList(n.ElseList)
		case *parse.RangeNode:
			foldList(n.List)
			foldList(n.ElseList)
		case *parse.WithNode:
			foldList(n.List)
			foldList(n.ElseList)
		}
		out = append(out, n)
	}
	clear(l.Nodes[len(out):])
	l.Nodes = out
}

// lastText returns the last of nodes when it is a text.
func lastText(nodes []parse.Node) (*parse.TextNode, bool) {
	if len(nodes) == 0 {
		return nil, false
	}
	t, ok := nodes[len(nodes)-1].(*parse.TextNode)
	return t, ok
}

// htmlEscapers are the escapers that html/template gives an action in HTML
// text, in a quoted attribute's value and in an RCDATA element (<title>,
// <textarea>). Given a plain string, each writes it with the characters of
// htmlReplacer replaced (html/template's htmlReplacementTable), and
// nothing else changed.
var htmlEscapers = map[string]bool{
	"_html_template_htmlescaper":   true,
	"_html_template_attrescaper":   true,
	"_html_template_rcdataescaper": true,
}

// constantText returns what pipe prints when it is a string constant
// followed by one or more of htmlEscapers, and nothing else.
func constantText(pipe *parse.PipeNode) (string, bool) {
	if pipe == nil || len(pipe.Decl) > 0 || pipe.IsAssign || len(pipe.Cmds) < 2 {
		return "", false
	}
	first := pipe.Cmds[0]
	if len(first.Args) != 1 {
		return "", false
	}
	s, ok := first.Args[0].(*parse.StringNode)
	if !ok {
		return "", false
	}
	text := s.Text
	for _, c := range pipe.Cmds[1:] {
		if len(c.Args) != 1 {
			return "", false
		}
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if !ok || !htmlEscapers[id.Ident] {
			return "", false
		}
		text = htmlReplacer.Replace(text)
	}
	return text, true
}

// htmlReplacer does what html/template's escapers in htmlEscapers do to a
// plain string: its table, byte for byte (each character it replaces is
// one byte, which no other character's UTF-8 holds; other runes, and
// bytes that are not UTF-8, are kept). TestFoldConstants checks it
// against html/template.
var htmlReplacer = strings.NewReplacer(
	"\x00", "\uFFFD",
	`"`, "&#34;",
	"&", "&amp;",
	"'", "&#39;",
	"+", "&#43;",
	"<", "&lt;",
	">", "&gt;",
)

// walkNodes calls f with each action below n, in order.
func walkNodes(n parse.Node, f func(*parse.ActionNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				walkNodes(c, f)
			}
		}
	case *parse.ActionNode:
		f(n)
	case *parse.IfNode:
		walkNodes(n.List, f)
		walkNodes(n.ElseList, f)
	case *parse.RangeNode:
		walkNodes(n.List, f)
		walkNodes(n.ElseList, f)
	case *parse.WithNode:
		walkNodes(n.List, f)
		walkNodes(n.ElseList, f)
	}
}
