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
<a href="{{.}}" title="{{.}}">{{.}}</a><a href="/x/{{.}}">{{"x" | urlquery}}</a>
{{with .}}{{"w"}}{{else}}{{"none"}}{{end}}{{template "part" "x"}}{{end}}
{{define "part"}}<em>{{"part"}}{{.}}</em>{{end}}`
	set := template.Must(template.New("base").Parse(src))
	want := map[string]string{}
	for _, data := range []string{"", "data<&>", "x/y?z=1&w=2", "javascript:x"} {
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
	// Left: the actions that are not constant, and the constants of
	// other contexts, with their chains of escapers joined.
	var left []string
	for _, tmpl := range set.Templates() {
		walkNodes(tmpl.Tree.Root, func(a *parse.ActionNode) {
			left = append(left, a.Pipe.String())
		})
	}
	slices.Sort(left)
	wantLeft := []string{`"/p?q=a b" | _dossier_url`, `"red" | _html_template_cssvaluefilter | _dossier_attr`, `"str" | _html_template_jsvalescaper`, `"x" | urlquery | _dossier_html`,
		`. | _dossier_attr`, `. | _dossier_html`, `. | _dossier_html`, `. | _dossier_url`, `. | _html_template_rcdataescaper`,
		`. | _html_template_urlnormalizer | _dossier_attr`, `. | print | _dossier_html`, `printf "%s" "fn" | _dossier_html`}
	if !slices.Equal(left, wantLeft) {
		t.Errorf("actions left: %q, want %q", left, wantLeft)
	}
}

// stringer is a value that prints as something else than its fields.
type stringer struct{ s string }

func (s stringer) String() string { return s.s }

// TestEscapeChains checks each joined chain's function against
// html/template's escaping of the same value in a context that has the
// chain, for strings of every kind and values of other types.
func TestEscapeChains(t *testing.T) {
	type named string
	str := "a/b"
	values := []any{
		"", foldSample, "Plain words", "../", "x/y.html#frag", "a?b=c&d=e+f", "%41%zz%", "100%",
		"https://example.org/a/b?c=d", "HTTP://x", "mailto:a@example.org", "javascript:alert(1)", "java\nscript:x",
		"data:text/html,x", "/a:b", "a b", "é/ش", "'quoted'", `"dq"`, "<b>&amp;</b>",
		template.HTML("<b>bold</b> & x"), template.URL("javascript:x"), template.HTMLAttr(`a="b"`),
		template.JS("x<y"), 42, -7, 3.5, true, nil, &str, named("n<m"), stringer{"s<t"}, []string{"a", "b"},
	}
	// Each byte alone in a path, which the URL chain's fast way takes or
	// leaves byte by byte.
	for c := range 0x100 {
		values = append(values, "a/"+string(rune(c))+"b", "a/"+string([]byte{byte(c)})+"%4"+string([]byte{byte(c)}))
	}
	refs := map[string]string{
		"_dossier_url":  `<link rel="x" href="{{.}}">`,
		"_dossier_html": `<div>{{.}}</div>`,
		"_dossier_attr": `<img alt="{{.}}">`,
	}
	funcs := escapeFuncs()
	for _, c := range escapeChains {
		fn, ok := funcs[c.name].(func(any) (string, error))
		if !ok {
			t.Errorf("%s: no function: html/template no longer gives %s", c.name, c.escapers)
			continue
		}
		ref := template.Must(template.New("ref").Parse(refs[c.name]))
		for _, v := range values {
			var b strings.Builder
			if err := ref.Execute(&b, v); err != nil {
				t.Fatal(err)
			}
			src := refs[c.name]
			at := strings.Index(src, "{{.}}")
			want := strings.TrimSuffix(strings.TrimPrefix(b.String(), src[:at]), src[at+len("{{.}}"):])
			got, err := fn(v)
			if err != nil || got != want {
				t.Errorf("%s(%#v) = %q, %v; want %q", c.name, v, got, err, want)
			}
		}
	}
}
