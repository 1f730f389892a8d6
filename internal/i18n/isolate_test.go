package i18n

import (
	"html/template"
	"testing"
)

// TestHTMLIsolates checks Translator.HTML: every literal part of a text
// and every value is escaped, once, and an Isolated value is wrapped in
// <bdi>, whether the text is made only of fields or is a template with
// conditions; a table's text is never trusted as HTML.
func TestHTMLIsolates(t *testing.T) {
	tb := table(t, "en.yaml", `
by: "By {{ .Name }} & co. <i>"
cond: "{{ if eq .N \"1\" }}<one> {{ .Name }}{{ else }}{{ .N }} \"{{ .Name }}\"{{ end }}"
both: "{{ .Title }} by {{ .Name }}"
count: {one: "{{ .Count }} <note> of {{ .Name }}", other: "{{ .Count }} <notes> of {{ .Name }}"}
`)
	tr := NewCatalog("en", []*Table{tb}).For("en")
	const override = "\u202eevil"
	for _, c := range []struct {
		key  string
		data map[string]any
		want string
	}{
		{"by", map[string]any{"Name": Isolated{"<script>alert(1)</script>"}}, "By <bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi> &amp; co. &lt;i&gt;"},
		{"by", map[string]any{"Name": Isolated{`A "B" & 'C'`}}, "By <bdi>A &#34;B&#34; &amp; &#39;C&#39;</bdi> &amp; co. &lt;i&gt;"},
		{"by", map[string]any{"Name": Isolated{override}}, "By <bdi>" + override + "</bdi> &amp; co. &lt;i&gt;"},
		{"by", map[string]any{"Name": Isolated{"مريم"}}, "By <bdi>مريم</bdi> &amp; co. &lt;i&gt;"},
		// A value not marked is escaped, not isolated.
		{"both", map[string]any{"Title": "<b>&amp;", "Name": Isolated{"Ann"}}, "&lt;b&gt;&amp;amp; by <bdi>Ann</bdi>"},
		// HTML given as HTML is kept, once.
		{"both", map[string]any{"Title": template.HTML("<bdi>T</bdi>"), "Name": Isolated{template.HTML("<em>A</em>")}}, "<bdi>T</bdi> by <bdi><em>A</em></bdi>"},
		{"cond", map[string]any{"N": "1", "Name": Isolated{"<x>"}}, "&lt;one&gt; <bdi>&lt;x&gt;</bdi>"},
		{"cond", map[string]any{"N": "2", "Name": Isolated{"a&b"}}, "2 &#34;<bdi>a&amp;b</bdi>&#34;"},
		{"count", map[string]any{"Count": 1, "Name": Isolated{"<Z>"}}, "1 &lt;note&gt; of <bdi>&lt;Z&gt;</bdi>"},
	} {
		got, err := tr.HTML(c.key, c.data)
		if err != nil {
			t.Errorf("%s %v: %v", c.key, c.data, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s %v:\n got %s\nwant %s", c.key, c.data, got, c.want)
		}
	}
	// T itself writes an isolated value as plain text.
	if got, err := tr.T("both", map[string]any{"Title": "T", "Name": Isolated{"<A>"}}); err != nil || got != "T by <A>" {
		t.Errorf("T: %q, %v", got, err)
	}
}

// TestName checks that a language is named by its own table, or a
// parent's, and never by a table it falls back to: a language without a
// table is named by its tag.
func TestName(t *testing.T) {
	c := NewCatalog("fr", []*Table{
		table(t, "en.yaml", "language.name: \"English\"\n"),
		table(t, "fr.yaml", "language.name: \"Français\"\n"),
		table(t, "pt.yaml", "language.name: \"Português\"\n"),
		table(t, "ar.yaml", "hello: \"مرحبا\"\n"),
	}, []*Table{table(t, "ar.yaml", "language.name: \"العربية\"\n")})
	for lang, want := range map[string]string{"en": "English", "fr": "Français", "pt-BR": "Português", "ar": "العربية", "es": "es", "tl": "tl"} {
		if got := c.Name(lang); got != want {
			t.Errorf("Name(%q) = %q, want %q", lang, got, want)
		}
	}
}
