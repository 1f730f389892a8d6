package render

import (
	"html/template"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
)

// An escapeChain is a sequence of html/template's escapers that the
// escaper gives an action in some context, done in one call of fn instead
// of one reflective call for each.
//
// fn does what the escapers do to the values that pages print most (plain
// strings), by the escapers' own rules, and hands any other value, or a
// string it is not sure of, to fallback: an html/template whose one action
// stands where html/template gives it this very chain (checked when it is
// made), executed with the value, the text around the action cut off.
// What fn writes is therefore always what the chain would.
type escapeChain struct {
	name     string   // of the template function
	escapers []string // the chain, as html/template names its functions
	// fallback's source, whose one action is given the chain, and the
	// text it writes before and after the action.
	src, prefix, suffix string
	// fast is fn's work on a string; false when it is not sure.
	fast func(s string) (string, bool)
	// html says that the chain is HTML text's, which writes a value of
	// type template.HTML as it is.
	html bool

	once     sync.Once
	fallback *template.Template // nil when the chain was not the one expected
}

// escapeChains are the chains joined, the longest first, so that a chain is
// not taken for the one that ends it.
var escapeChains = []*escapeChain{
	{
		name:     "_dossier_url",
		escapers: []string{"_html_template_urlfilter", "_html_template_urlnormalizer", "_html_template_attrescaper"},
		src:      `<a href="{{.}}">`, prefix: `<a href="`, suffix: `">`,
		fast: func(s string) (string, bool) {
			if !safeURL(s) || !normalURL(s) {
				return "", false
			}
			return htmlReplacer.Replace(s), true
		},
	},
	{
		name:     "_dossier_html",
		escapers: []string{"_html_template_htmlescaper"},
		src:      `<p>{{.}}</p>`, prefix: "<p>", suffix: "</p>",
		fast: func(s string) (string, bool) { return htmlReplacer.Replace(s), true },
		html: true,
	},
	{
		name:     "_dossier_attr",
		escapers: []string{"_html_template_attrescaper"},
		src:      `<p title="{{.}}">`, prefix: `<p title="`, suffix: `">`,
		fast: func(s string) (string, bool) { return htmlReplacer.Replace(s), true },
	},
}

// safeURL reports whether html/template's URL filter lets s through as it
// is: a URL with no scheme, or http, https or mailto.
func safeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		return strings.EqualFold(protocol, "http") || strings.EqualFold(protocol, "https") || strings.EqualFold(protocol, "mailto")
	}
	return true
}

// normalURL reports whether html/template's URL normalizer leaves s as it
// is: every byte is one it keeps, and each % starts an escape.
func normalURL(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !urlKept[c] && !(c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])) {
			return false
		}
	}
	return true
}

// urlKept holds the bytes that html/template's URL normalizer keeps as
// they are, '%' apart: ASCII letters and digits, and "!#$&*+,/:;=?@[]-._~".
var urlKept = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$&*+,/:;=?@[]-._~", byte(c)) >= 0
	}
	return t
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// init makes the chain's fallback, and checks that html/template gives
// its action the chain; fallback stays nil when it does not.
func (c *escapeChain) init() {
	c.once.Do(func() {
		t := template.Must(template.New("fallback").Parse(c.src))
		var b strings.Builder
		if err := t.Execute(&b, ""); err != nil || b.String() != c.prefix+c.suffix {
			return
		}
		var chains [][]string
		walkNodes(t.Tree.Root, func(a *parse.ActionNode) {
			var names []string
			for _, cmd := range a.Pipe.Cmds[1:] {
				names = append(names, cmd.String())
			}
			chains = append(chains, names)
		})
		if len(chains) == 1 && strings.Join(chains[0], "|") == strings.Join(c.escapers, "|") {
			c.fallback = t
		}
	})
}

// fn is the chain as one template function.
func (c *escapeChain) fn(v any) (string, error) {
	switch v := v.(type) {
	case string:
		if out, ok := c.fast(v); ok {
			return out, nil
		}
	case int:
		// Printed as fmt.Print prints it, in digits and a minus sign,
		// which no escaper changes.
		return strconv.Itoa(v), nil
	case template.HTML:
		// HTML in HTML text is written as it is.
		if c.html {
			return string(v), nil
		}
	}
	var b strings.Builder
	if err := c.fallback.Execute(&b, v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(strings.TrimPrefix(b.String(), c.prefix), c.suffix), nil
}

// escapeFuncs are the chains' functions, for those whose fallback could
// be made.
var escapeFuncs = sync.OnceValue(func() template.FuncMap {
	m := template.FuncMap{}
	for _, c := range escapeChains {
		c.init()
		if c.fallback != nil {
			m[c.name] = c.fn
		}
	}
	return m
})

// joinEscapers replaces, in each action below l, a chain of escapers that
// one of escapeChains does with a call of the chain's function, whose
// functions set must have (escapeFuncs).
func joinEscapers(l *parse.ListNode, tree *parse.Tree, funcs template.FuncMap) {
	walkNodes(l, func(a *parse.ActionNode) {
		if a.Pipe == nil || len(a.Pipe.Cmds) < 2 {
			return
		}
		cmds := a.Pipe.Cmds
		for _, c := range escapeChains {
			if funcs[c.name] == nil || len(cmds) < len(c.escapers)+1 {
				continue
			}
			tail := cmds[len(cmds)-len(c.escapers):]
			if !isChain(tail, c.escapers) {
				continue
			}
			// The last escaper's command, which knows its tree, calls the
			// chain's function in the place of the chain.
			last := tail[len(tail)-1]
			last.Args = []parse.Node{parse.NewIdentifier(c.name).SetTree(tree).SetPos(last.Position())}
			a.Pipe.Cmds = append(cmds[:len(cmds)-len(c.escapers)], last)
			return
		}
	})
}

// isChain reports whether cmds are the escapers names, in order, each a
// command of its own.
func isChain(cmds []*parse.CommandNode, names []string) bool {
	for i, c := range cmds {
		if len(c.Args) != 1 {
			return false
		}
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if !ok || id.Ident != names[i] {
			return false
		}
	}
	return true
}
