package render

import (
	"bytes"
	"html/template"
	"slices"
	"strings"
	"testing"
	"text/template/parse"
)

// foldSample holds every ASCII character, runes of two to four bytes, and
// bytes that are not UTF-8.
var foldSample = func() string {
	var b strings.Builder
	for c := range 0x80 {
		b.WriteByte(byte(c))
	}
	b.WriteString("é‘’“”…ش\U0001F600\xff\xc3(\xe2\x80\uFFFD\uFDD0\uFFFE")
	return b.String()
}()

// TestHTMLReplacer checks htmlReplacer against what html/template writes
// of a plain string in each context whose escapers it stands for.
func TestHTMLReplacer(t *testing.T) {
	for _, tc := range []struct{ name, src, prefix, suffix string }{
		{"text", `<p>{{.}}</p>`, "<p>", "</p>"},
		{"attr", `<p title="{{.}}">`, `<p title="`, `">`},
		{"single-quoted attr", `<p title='{{.}}'>`, `<p title='`, `'>`},
		{"title", `<title>{{.}}</title>`, "<title>", "</title>"},
		{"textarea", `<textarea>{{.}}</textarea>`, "<textarea>", "</textarea>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := template.Must(template.New("t").Parse(tc.src)).Execute(&buf, foldSample); err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSuffix(strings.TrimPrefix(buf.String(), tc.prefix), tc.suffix)
			if got := htmlReplacer.Replace(foldSample); got != want {
				t.Errorf("htmlReplacer:\n got %q\nwant %q", got, want)
			}
		})
	}
}

// TestFoldConstants checks that folding a set's constant actions changes
// nothing it writes, and that it folds those it should and only those.
func TestFoldConstants(t *testing.T) {
	const src = `{{define "base"}}<title>{{"T<'&"}} · {{.}}</title>
<p title="{{"a\"b+c"}}" class='{{"x y"}}'>{{"Skip <to> content"}}{{if .}} {{"yes"}}{{end}}</p>
<a href="{{"/p?q=a b"}}">{{"link"}}</a>
<script>var s = {{"str"}};</script>
<p style="color: {{"red"}}">{{printf "%s" "fn"}}{{. | print}}</p>
{{with .}}{{"w"}}{{else}}{{"none"}}{{end}}{{template "part" "x"}}{{end}}
{{define "part"}}<em>{{"part"}}{{.}}</em>{{end}}`
	set := template.Must(template.New("base").Parse(src))
	want := map[string]string{}
	for _, data := range []string{"", "data<&>"} {
		var buf bytes.Buffer
		if err := template.Must(set.Clone()).ExecuteTemplate(&buf, "base", data); err != nil {
			t.Fatal(err)
		}
		want[data] = buf.String()
	}
	foldConstants(set, "page")
	for data, w := range want {
		var buf bytes.Buffer
		if err := set.ExecuteTemplate(&buf, "base", data); err != nil {
			t.Fatal(err)
		}
		if buf.String() != w {
			t.Errorf("data %q: folded, the set writes\n%s\nnot\n%s", data, buf.String(), w)
		}
	}
	// Left: the URL, the script's and the style's strings, the data
	// (in base's title and in its last paragraph, and in part), the call.
	var left []string
	for _, tmpl := range set.Templates() {
		walkNodes(tmpl.Tree.Root, func(a *parse.ActionNode) {
			left = append(left, a.Pipe.Cmds[0].String())
		})
	}
	slices.Sort(left)
	wantLeft := []string{`"/p?q=a b"`, `"red"`, `"str"`, `.`, `.`, `.`, `printf "%s" "fn"`}
	if !slices.Equal(left, wantLeft) {
		t.Errorf("actions left: %q, want %q", left, wantLeft)
	}
}

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
