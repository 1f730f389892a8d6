package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/dossier-org/dossier/internal/site"
)

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Two strands, one claim.", "Two strands, one claim."},
		{"Mayor's “cuts” - 3.5% (2024)", `Mayor's “cuts” - 3.5% \(2024\)`},
		{"ends in a newline\n<!--", `ends in a newline \<\!--`},
		{"</details>", `\</details\>`},
		{"[x](javascript:alert(1))", `\[x\]\(javascript\:alert\(1\)\)`},
		{"![img](http://e.org/p.png)", `\!\[img\]\(http\://e.org/p.png\)`},
		{"a\n# heading", `a \#&#8203; heading`},
		{"| a | b |", `\| a \| b \|`},
		{"``code`` and `x`", "\\`\\`code\\`\\` and \\`x\\`"},
		{"*em* _em_ ~~del~~ $x^2$", `\*em\* \_em\_ \~\~del\~\~ \$x^2\$`},
		{"&lt;script&gt;", `\&lt;script\&gt;`},
		{`back\slash\`, `back\\slash\\`},
		{"ping @octocat", `ping \@&#8203;octocat`},
		{"see #123 and o/r#4", `see \#&#8203;123 and o/r\#&#8203;4`},
		{"right\u202etfel\u202c \u2066iso\u2069", "right tfel iso"},
		{"zero\u200bwidth\u200d\ufeff", "zero width"},
		{"tab\tCR\rLF\nESC\x1b[31m BEL\x07 NEL\u0085 LS\u2028", `tab CR LF ESC \[31m BEL NEL LS`},
		{"  padded  \n\n  ", "padded"},
		{"bad \xff utf-8", "bad utf-8"},
		{"漢字 é", "漢字 é"},
		{"see https://evil.example/ or www.evil.example or WWW.E.X", `see https\://evil.example/ or www\.evil.example or WWW\.E.X`},
	}
	for _, tt := range tests {
		if got := text(tt.in); got != tt.want {
			t.Errorf("text(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestCodeAndLink(t *testing.T) {
	tests := []struct{ got, want string }{
		{code("a/strands"), "`a/strands`"},
		{code("origin/main"), "`origin/main`"},
		{code("refs/pull/12/merge"), "`refs/pull/12/merge`"},
		{code("a/x`<!--"), "a/x\\`\\<\\!--"},
		{code("feature/@me#1"), `feature/\@&#8203;me\#&#8203;1`},
		{code(""), ""},
		{link("https://e.org/a?b=1&c=2#p3"), "<https://e.org/a?b=1&c=2#p3>"},
		{link("https://e.org/a b>c<d"), "<https://e.org/a%20b%3Ec%3Cd>"},
		{link("https://e.org/\u202eexe.pdf"), "<https://e.org/%E2%80%AEexe.pdf>"},
		{link("https://e.org/\n::add-mask::x"), "<https://e.org/%0A::add-mask::x>"},
		{link("https://e.org/##[add-mask]x"), "<https://e.org/##%5Badd-mask%5Dx>"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// hostileStrings try to open every Markdown and HTML construct, break the
// line, notify people or hide text.
var hostileStrings = []string{
	"x\n<!--",
	"x\r\n<!-- y -->",
	"<!--",
	"</details>",
	"<details><summary>hidden</summary>",
	"<img src=x onerror=alert(1)>",
	"<script>alert(1)</script>",
	"[x](javascript:alert(1))",
	"[x]: https://evil.example/",
	"![img](http://evil.example/p.png)",
	"<https://evil.example/>",
	"https://evil.example/ and www.evil.example and me@evil.example",
	"x\n# heading",
	"x\n\n## Verdicts changed (0)",
	"x\n- fake item",
	"x\n> quote",
	"x\n```\ncode",
	"x\n---",
	"| a | b |\n|---|---|",
	"`code`",
	"``",
	"*em* **strong** _em_ __strong__ ~~del~~",
	"$$\\begin{x}$$",
	"&lt;b&gt;bold&lt;/b&gt; &#60;i&#62;",
	"@octocat please look",
	"##[add-mask]secret",
	"::add-mask::secret",
	"@org/team",
	"fixes #1 and owner/repo#2",
	"abc\u202eevil\u202c",
	"\u2066isolated\u2069",
	"zero\u200bwidth\u200d",
	"ESC\x1b[31mred",
	"trailing backslash\\",
	"a  \nhard break",
}

// render turns Markdown into HTML as GitHub does: CommonMark with the GFM
// extensions (tables, strikethrough, autolinks), raw HTML kept.
func render(t *testing.T, md string) string {
	t.Helper()
	var b bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert([]byte(md), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Each hostile string, escaped, stays text in the middle of its list item:
// the item is followed by its heading, and nothing but the item's own
// markup is rendered.
func TestTextHostile(t *testing.T) {
	mention := regexp.MustCompile(`@\w|#\d`)
	for _, s := range hostileStrings {
		md := "- " + code("a/n") + ": " + text(s) + " — **Accurate**\n\n### After\n"
		html := render(t, md)
		want := regexp.MustCompile(`^<ul>\n<li><code>a/n</code>: [^<]* — <strong>Accurate</strong></li>\n</ul>\n<h3>After</h3>\n$`)
		if !want.MatchString(html) {
			t.Errorf("%q: rendered\n%s", s, html)
		}
		if mention.MatchString(html) {
			t.Errorf("%q: a mention or an issue reference survives:\n%s", s, html)
		}
	}
}

// loadAny loads a site of dossier a on seedText from files, whatever its
// errors: a report covers what could be read.
func loadAny(files map[string]string) *site.Site {
	fsys := fstest.MapFS{
		"seeds/a.txt":         {Data: []byte(seedText)},
		"content/_index.md":   {Data: []byte("---\ntitle: Site\n---\n")},
		"content/a/_index.md": {Data: []byte("---\nheadline: H\n---\n")},
	}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	s, _ := site.NewLoader().Load(fsys)
	return s
}

// A note's title that ends with a line break and "<!--" opened an HTML
// comment that hid every section after it, "Verdicts changed" included.
func TestMarkdownHostileTitle(t *testing.T) {
	strands := noteFile("Two strands", "two strands", "accurate", "Analysis.\n", "https://e.org/1")
	base := loadAny(map[string]string{"content/a/strands.md": strands})
	head := loadAny(map[string]string{
		"content/a/strands.md": noteFile("Two strands", "two strands", "misleading", "Analysis.\n", "https://e.org/1"),
		"content/a/old.md":     "---\ntitle: \"Old plot\\n<!--\"\nquote: The plot was old\nverdict: opinion\nsources:\n  - {title: S, url: \"https://e.org/2\"}\n---\n",
	})
	if got := head.Dossiers[0].Notes[1].Title; got != "Old plot\n<!--" {
		t.Fatalf("the fixture's title is %q", got)
	}
	md := Markdown(Version{Name: "main", Site: base}, Version{Name: "pr", Site: head})
	html := render(t, md)
	for _, want := range []string{
		"<h3>Notes added (1)</h3>",
		"<li><code>a/old</code>: Old plot &lt;!-- — <strong>Opinion</strong></li>",
		"<h3>Verdicts changed (1)</h3>",
		"<h3>Verdicts before → after</h3>",
		"<table>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the report does not show %q:\n%s\n\nrendered:\n%s", want, md, html)
		}
	}
}

// Every string of the report from a note, its file name, the site's
// ratings and the versions' names is hostile at once: the report keeps its
// sections, one table, and renders no link, image, HTML or mention of
// its own making.
func TestMarkdownHostileEverywhere(t *testing.T) {
	evil := "x\n<!--\n@octocat #1 [l](javascript:x) ![i](http://e/i.png) | c | `b`</details>"
	yq := func(s string) string { return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) }
	settings := "---\ntitle: Site\nratings:\n  - {key: good, label: \"" + yq(evil) + "\", meaning: m}\n  - {key: bad, label: \"Bad | <b>\", meaning: m}\n---\n"
	note := func(verdict, url string) string {
		return "---\ntitle: \"" + yq(evil) + "\"\nquote: \"two strands\"\nverdict: " + verdict +
			"\nsources:\n  - {title: S, url: \"" + url + "\"}\n---\n"
	}
	base := loadAny(map[string]string{
		"content/_index.md":      settings,
		"content/a/x`<!--@me.md": note("good", "https://e.org/x`y|z@w#1##[add-mask]x"),
	})
	head := loadAny(map[string]string{
		"content/_index.md":      settings,
		"content/a/x`<!--@me.md": note("bad", "https://e.org/x?a=1#p1"),
		"content/a/new.md":       strings.Replace(note("good", "https://e.org/2"), "two strands", "Officials agreed", 1),
	})
	md := Markdown(Version{Name: "main`<!--", Site: base}, Version{Name: "@octocat", Site: head})
	html := render(t, md)
	for _, want := range []string{"<h3>Notes added (1)</h3>", "<h3>Verdicts changed (1)</h3>", "<h3>Sources added or removed (2)</h3>", "<h3>Verdicts before → after</h3>"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q:\n%s\n\nrendered:\n%s", want, md, html)
		}
	}
	if n := strings.Count(html, "<table>"); n != 1 {
		t.Errorf("%d tables", n)
	}
	// The only links are the two sources' autolinks, the only HTML the
	// renderer's own.
	if n := strings.Count(html, "<a href="); n != 2 {
		t.Errorf("%d links:\n%s", n, html)
	}
	if n := strings.Count(html, "<!--"); n != 1 {
		t.Errorf("%d HTML comments, not just the marker", n)
	}
	for _, bad := range []string{"<img", "</details>", "<b>", `href="javascript`, `href="http://e/i.png"`} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered %q:\n%s", bad, html)
		}
	}
	// GitHub makes no mention or reference inside a link.
	outside := regexp.MustCompile(`<a [^>]*>[^<]*</a>`).ReplaceAllString(html, "")
	if regexp.MustCompile(`@\w|#\d`).MatchString(outside) {
		t.Errorf("a mention or issue reference survives:\n%s", html)
	}
	// The report is printed in the CI log too: no line of it may be a
	// workflow command.
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "::") || strings.Contains(line, "##[") {
			t.Errorf("a workflow command: %s", line)
		}
	}
	// The table has as many cells in each row as in its header.
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "|") {
			if n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|"); n != 5 {
				t.Errorf("table row with %d cell borders: %s", n, line)
			}
		}
	}
}
