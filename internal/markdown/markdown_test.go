package markdown

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// p is a wanted problem; its Message need only be part of the real one.
func p(offset int, warning bool, message string) Problem {
	return Problem{Offset: offset, Warning: warning, Message: message}
}

func sameProblems(got, want []Problem) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range want {
		if got[i].Offset != want[i].Offset || got[i].Warning != want[i].Warning || !strings.Contains(got[i].Message, want[i].Message) {
			return false
		}
	}
	return true
}

const (
	rawHTML  = "raw HTML is not rendered"
	onlyHTTP = "only http and https links are accepted"
	noImages = "images are not supported in notes"
)

// Notes come from contributors: whatever they write, no script may reach a
// reader, and what is refused is reported where it stands.
func TestPolicy(t *testing.T) {
	tests := []struct {
		src      string
		html     string // the exact output; "" when only the problems matter
		problems []Problem
	}{
		// Raw HTML, in blocks and inline.
		{"<script>alert(1)</script>\n", "<!-- raw HTML omitted -->\n", []Problem{p(0, true, rawHTML)}},
		{"a <img src=x onerror=alert(1)> b\n", "<p>a <!-- raw HTML omitted --> b</p>\n", []Problem{p(2, true, rawHTML)}},
		{"a <IMG SRC=javascript:alert(1)>\n", "<p>a <!-- raw HTML omitted --></p>\n", []Problem{p(2, true, rawHTML)}},
		{"x\n\n<iframe src=\"https://e.org\"></iframe>\n", "<p>x</p>\n<!-- raw HTML omitted -->\n", []Problem{p(3, true, rawHTML)}},
		{"<svg onload=alert(1)>\n", "<!-- raw HTML omitted -->\n", []Problem{p(0, true, rawHTML)}},
		// An HTML block runs to the next blank line: the Markdown inside it
		// goes too, which is why the author is told.
		{"<div>\n*md*\n</div>\n", "<!-- raw HTML omitted -->\n", []Problem{p(0, true, rawHTML)}},
		{"<!-- note to self -->\n", "<!-- raw HTML omitted -->\n", []Problem{p(0, true, rawHTML)}},
		{"a <a href=\"javascript:x\">y</a>\n", "<p>a <!-- raw HTML omitted -->y<!-- raw HTML omitted --></p>\n", []Problem{p(2, true, rawHTML), p(26, true, rawHTML)}},
		{"text\nmore <b>bold</b>\n", "<p>text\nmore <!-- raw HTML omitted -->bold<!-- raw HTML omitted --></p>\n", []Problem{p(10, true, rawHTML), p(17, true, rawHTML)}},
		{"# <script>x</script> h\n", "<h1 id=\"scriptxscript-h\"><!-- raw HTML omitted -->x<!-- raw HTML omitted --> h</h1>\n", []Problem{p(2, true, rawHTML), p(11, true, rawHTML)}},

		// Link addresses, judged as the browser will read them.
		{"[x](javascript:alert(1))\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, `found "javascript:alert(1)"`)}},
		{"[x](JavaScript:alert(1))\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, onlyHTTP)}},
		{"[x](VBScript:msgbox)\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, `found "VBScript:msgbox"`)}},
		{"[x](data:text/html,<b>hi</b>)\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, onlyHTTP)}},
		{"[x](DATA:text/html;base64,PHNjcmlwdD4=)\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, onlyHTTP)}},
		{"[x](mailto:desk@e.org)\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, onlyHTTP)}},
		// Character references and backslash escapes are decoded by the
		// time the browser reads the address.
		{"[x](javascript&#58;alert(1))\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, `found "javascript:alert(1)"`)}},
		{"[x](&#x6A;avascript:alert(1))\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, `found "javascript:alert(1)"`)}},
		{"[x](&#106;avascript&colon;alert(1))\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, `found "javascript:alert(1)"`)}},
		{"[x](javascript\\:alert(1))\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, `found "javascript:alert(1)"`)}},
		// Browsers skip white space and control characters around and
		// inside a scheme.
		{"[x]( javascript:alert(1))\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(5, false, onlyHTTP)}},
		{"[x](<  javascript:alert(1)>)\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(5, false, onlyHTTP)}},
		{"[x](&#x20;javascript:alert(1))\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, onlyHTTP)}},
		{"[x](&#1;javascript:alert(1))\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, "malformed link address")}},
		{"[x](<java\tscript:alert(1)>)\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(5, false, "malformed link address")}},
		{"[x](java&#9;script:alert(1))\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, "malformed link address")}},
		{"[x](java&#10;script:alert(1))\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, "malformed link address")}},
		{"text\n\n[x][r]\n\n[r]: vbscript:msgbox\n", "<p>text</p>\n<p><a href=\"\">x</a></p>\n", []Problem{p(19, false, onlyHTTP)}},
		// Protocol-relative and hostless addresses leave the site without
		// saying where to.
		{"[x](//evil.org/p)\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, onlyHTTP)}},
		{"[x](\\/\\/evil.org/p)\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, `found "//evil.org/p"`)}},
		{"[x](https:///p)\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, "malformed link address")}},
		{"[x](https:evil.org)\n", "<p><a href=\"\">x</a></p>\n", []Problem{p(4, false, "malformed link address")}},
		// A refused address is refused wherever the link stands.
		{"- [a](b.md)\n- [c](javascript:x)\n", "<ul>\n<li><a href=\"b.md\">a</a></li>\n<li><a href=\"\">c</a></li>\n</ul>\n", []Problem{p(18, false, onlyHTTP)}},
		{"> quote [a](javascript:x)\n", "<blockquote>\n<p>quote <a href=\"\">a</a></p>\n</blockquote>\n", []Problem{p(12, false, onlyHTTP)}},
		{"| a |\n|---|\n| [x](javascript:y) |\n", "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><a href=\"\">x</a></td>\n</tr>\n</tbody>\n</table>\n", []Problem{p(18, false, onlyHTTP)}},
		{"[x](https://e.org)\r\n[y](javascript:z)\r\n", "<p><a href=\"https://e.org\">x</a>\n<a href=\"\">y</a></p>\n", []Problem{p(24, false, onlyHTTP)}},

		// Images would make readers' browsers fetch from elsewhere.
		{"see ![chart](https://e.org/a.png)\n", "<p>see <img src=\"\" alt=\"chart\"></p>\n", []Problem{p(13, false, noImages)}},
		{"![x](javascript:alert(1))\n", "<p><img src=\"\" alt=\"x\"></p>\n", []Problem{p(5, false, noImages)}},
		{"![x](data:image/svg+xml;base64,PHN2Zz4=)\n", "<p><img src=\"\" alt=\"x\"></p>\n", []Problem{p(5, false, noImages)}},

		// Autolinks.
		{"<javascript:alert(1)>\n", "<p><a href=\"\">javascript:alert(1)</a></p>\n", []Problem{p(1, false, onlyHTTP)}},
		{"<JaVaScRiPt:alert(1)>\n", "<p><a href=\"\">JaVaScRiPt:alert(1)</a></p>\n", []Problem{p(1, false, onlyHTTP)}},
		{"<vbscript:msgbox>\n", "<p><a href=\"\">vbscript:msgbox</a></p>\n", []Problem{p(1, false, onlyHTTP)}},
		{"<data:text/html,x>\n", "<p><a href=\"\">data:text/html,x</a></p>\n", []Problem{p(1, false, onlyHTTP)}},
		// Other schemes are errors, which stop the build: what they would
		// render does not matter.
		{"<mailto:desk@e.org>\n", "", []Problem{p(1, false, onlyHTTP)}},
		{"see ftp://e.org/x\n", "", []Problem{p(4, false, onlyHTTP)}},
		{"write to <desk@e.org>\n", "<p>write to desk@e.org</p>\n", []Problem{p(10, true, "e-mail")}},
		{"write to desk@e.org\n", "<p>write to desk@e.org</p>\n", []Problem{p(9, true, "e-mail")}},
		// Taking an e-mail address out of the tree must not end the checks
		// of what follows it.
		{"<a@e.org> <b@e.org> ![p](https://e.org/p.png) [x](//e.org) <i>\n",
			"<p>a@e.org b@e.org <img src=\"\" alt=\"p\"> <a href=\"\">x</a> <!-- raw HTML omitted --></p>\n",
			[]Problem{p(1, true, "e-mail"), p(11, true, "e-mail"), p(25, false, noImages), p(50, false, onlyHTTP), p(59, true, rawHTML)}},

		// What is allowed passes untouched, and escaped.
		{"[x](https://e.org/a?q=\"c\")\n", "<p><a href=\"https://e.org/a?q=%22c%22\">x</a></p>\n", nil},
		{"[x](HTTPS://E.ORG/)\n", "<p><a href=\"HTTPS://E.ORG/\">x</a></p>\n", nil},
		{"[x](https://e.org \"t\\\" onmouseover=x\")\n", "<p><a href=\"https://e.org\" title=\"t&quot; onmouseover=x\">x</a></p>\n", nil},
		{"see https://e.org/auto\n", "<p>see <a href=\"https://e.org/auto\">https://e.org/auto</a></p>\n", nil},
		{"see www.e.org/x\n", "<p>see <a href=\"http://www.e.org/x\">www.e.org/x</a></p>\n", nil},
		{"javascript:alert(1)\n", "<p>javascript:alert(1)</p>\n", nil},
		{"Text with `<script>` in code\n", "<p>Text with <code>&lt;script&gt;</code> in code</p>\n", nil},
		{"&lt;script&gt; &#60;b&#62;\n", "<p>&lt;script&gt; &lt;b&gt;</p>\n", nil},
		{"```\"><script>x</script>\ncode\n```\n", "<pre><code class=\"language-&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">code\n</code></pre>\n", nil},
		// Attribute syntax is not enabled, so no attribute can be written.
		{"# Heading {#id onclick=x}\n", "<h1 id=\"heading-id-onclickx\">Heading {#id onclick=x}</h1>\n", nil},
	}
	r := New()
	for _, tt := range tests {
		res := r.Render([]byte(tt.src))
		if tt.html != "" && string(res.HTML) != tt.html {
			t.Errorf("Render(%q).HTML =\n%q\nwant\n%q", tt.src, res.HTML, tt.html)
		}
		if !sameProblems(res.Problems, tt.problems) {
			t.Errorf("Render(%q).Problems =\n%+v\nwant\n%+v", tt.src, res.Problems, tt.problems)
		}
		if what := unsafeHTML(res.HTML); what != "" {
			t.Errorf("Render(%q): %s in\n%s", tt.src, what, res.HTML)
		}
	}
}

var (
	tagRE    = regexp.MustCompile(`<[a-zA-Z][^>]*>`)
	valueRE  = regexp.MustCompile(`="[^"]*"`)
	nameRE   = regexp.MustCompile(`^<([a-zA-Z0-9]+)`)
	onAttrRE = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	urlRE    = regexp.MustCompile(`(?i)\s(?:href|src)="([^"]*)"`)
	// Raster images are all goldmark lets through of data: addresses; a
	// browser does not run them.
	rasterRE = regexp.MustCompile(`^data:image/(?:png|gif|jpeg|webp)`)
)

// unsafeHTML names the first thing in out that could run script or make a
// reader's browser fetch from elsewhere, or returns "". It relies on
// attribute values being double-quoted with no quote inside, as goldmark
// writes them.
func unsafeHTML(out []byte) string {
	for _, tag := range tagRE.FindAll(out, -1) {
		name := strings.ToLower(string(nameRE.FindSubmatch(tag)[1]))
		switch name {
		case "script", "iframe", "frame", "object", "embed", "svg", "math", "style", "link", "meta", "base", "form", "template":
			return fmt.Sprintf("element %s", tag)
		}
		if onAttrRE.Match(valueRE.ReplaceAll(tag, []byte(`=""`))) {
			return fmt.Sprintf("event handler in %s", tag)
		}
		for _, m := range urlRE.FindAllSubmatch(tag, -1) {
			// Browsers drop white space and control characters there.
			u := strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1
				}
				return r
			}, strings.ToLower(html.UnescapeString(string(m[1]))))
			if strings.HasPrefix(u, "javascript:") || strings.HasPrefix(u, "vbscript:") || strings.HasPrefix(u, "data:") && !rasterRE.MatchString(u) {
				return fmt.Sprintf("script address in %s", tag)
			}
			if name == "img" && u != "" {
				return fmt.Sprintf("image source in %s", tag)
			}
		}
	}
	return ""
}

// Relative links are handed to the site's checks, which know what exists;
// fragments of the same page and outside addresses are not. Offsets are in
// bytes, and point at the address itself so that the site can give its line
// and column.
func TestLinks(t *testing.T) {
	tests := []struct {
		src   string
		links []Link
	}{
		{"See [the claim](../other/n.html#p), [above](#top),\n[a source](https://e.org/x) and [this](a&amp;b.html).\n",
			[]Link{{16, "../other/n.html#p"}, {90, "a&b.html"}}},
		// The address must be found at the link, not at an earlier mention
		// of the same text, which may be on another line.
		{"See x.html and [x](x.html).\n", []Link{{19, "x.html"}}},
		{"Compare x.html\nwith [this](x.html).\n", []Link{{27, "x.html"}}},
		{"[x.html](x.html)\n", []Link{{9, "x.html"}}},
		{"[](a.html) and [](a.html)\n", []Link{{3, "a.html"}, {18, "a.html"}}},
		// Reported as the browser gets it, which is what the site looks for.
		{"[a\\_b](a\\_b.html)\n", []Link{{7, "a_b.html"}}},
		{"[a](../n.html)[b](<with space.html>)\n", []Link{{4, "../n.html"}, {19, "with space.html"}}},
		{"text\r\n[a](b.html)\r\n", []Link{{10, "b.html"}}},
		{"Héllo [a](a.html)\n", []Link{{11, "a.html"}}},
		{"- one [a](a.html)\n- two [b](b.html)\n", []Link{{10, "a.html"}, {28, "b.html"}}},
		{"x[^1]\n\n[^1]: see [a](a.html)\n", []Link{{21, "a.html"}}},
		// A reference link is fixed where its address is defined.
		{"[a][r] and [b][r]\n\n[r]: n.html\n", []Link{{24, "n.html"}, {24, "n.html"}}},
		{"[x](?q=1) [y](/feed.xml)\n", []Link{{4, "?q=1"}, {14, "/feed.xml"}}},
		{"[a](#top) [b](https://e.org/x) <https://e.org/y> www.e.org [c]()\n", nil},
	}
	r := New()
	for _, tt := range tests {
		res := r.Render([]byte(tt.src))
		if len(res.Problems) != 0 {
			t.Errorf("Render(%q): unexpected problems %+v", tt.src, res.Problems)
		}
		if fmt.Sprint(res.Links) != fmt.Sprint(tt.links) {
			t.Errorf("Render(%q).Links = %+v, want %+v", tt.src, res.Links, tt.links)
		}
	}
}

func TestFeatures(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // in the output, in this order
	}{
		{"typographer", "\"Quoted\" -- it's...\n", []string{"&ldquo;Quoted&rdquo; &ndash; it&rsquo;s&hellip;"}},
		{"typographer more", "'single' --- << x >> 1990's\n", []string{"&lsquo;single&rsquo; &mdash; &laquo; x &raquo; 1990&rsquo;s"}},
		{"heading ids", "## Where the figure comes from\n", []string{`<h2 id="where-the-figure-comes-from">`}},
		{"repeated heading ids", "# Same\n\n# Same\n", []string{`<h1 id="same">`, `<h1 id="same-1">`}},
		{"table", "| year | tonnes |\n|---|--:|\n| 2023 | 12 |\n", []string{"<table>", "<th>year</th>", `<td style="text-align:right">12</td>`}},
		{"footnote", "A figure.[^1]\n\n[^1]: The ministry's table.\n", []string{`<a href="#fn:1"`, `<li id="fn:1">`, "The ministry&rsquo;s table.", `<a href="#fnref:1"`}},
		{"strikethrough", "~~was~~ is\n", []string{"<del>was</del> is"}},
		{"task list", "- [ ] open\n- [x] done\n", []string{`<input disabled="" type="checkbox"> open`, `<input checked="" disabled="" type="checkbox"> done`}},
		// Code is highlighted with classes, styled by CSS, rather than with
		// inline styles that a strict Content-Security-Policy would block.
		{"highlighting", "```go\nfunc main() {}\n```\n", []string{`<pre class="hl-chroma">`, `<span class="hl-kd">func</span>`, `<span class="hl-nf">main</span>`}},
		{"highlighted markup", "```html\n<script>alert(1)</script>\n```\n", []string{`<pre class="hl-chroma">`, `<span class="hl-p">&lt;</span><span class="hl-nt">script</span>`}},
		{"unknown language", "```nosuchlang\nx < y\n```\n", []string{`<pre><code class="language-nosuchlang">x &lt; y`}},
		{"no language", "```\nplain <b>\n```\n", []string{"<pre><code>plain &lt;b&gt;\n</code></pre>"}},
	}
	r := New()
	for _, tt := range tests {
		res := r.Render([]byte(tt.src))
		if len(res.Problems) != 0 {
			t.Errorf("%s: problems %+v", tt.name, res.Problems)
		}
		out := string(res.HTML)
		for _, w := range tt.want {
			i := strings.Index(out, w)
			if i < 0 {
				t.Errorf("%s: %q not in\n%s", tt.name, w, res.HTML)
				break
			}
			out = out[i+len(w):]
		}
		if strings.Contains(string(res.HTML), "style=\"color") || strings.Contains(string(res.HTML), "<script") {
			t.Errorf("%s: inline colours or script in\n%s", tt.name, res.HTML)
		}
	}
}

// The stylesheet must style the classes the renderer writes, in both
// colour schemes.
func TestCSS(t *testing.T) {
	css := string(CSS())
	dark := strings.Index(css, "@media (prefers-color-scheme: dark) {")
	if dark < 0 {
		t.Fatalf("no dark scheme in\n%s", css)
	}
	for _, rule := range []string{".hl-chroma {", ".hl-chroma .hl-kd {", ".hl-chroma .hl-s {"} {
		if i := strings.Index(css, rule); i < 0 || i > dark {
			t.Errorf("%q not in the light rules", rule)
		}
		if !strings.Contains(css[dark:], rule) {
			t.Errorf("%q not in the dark rules", rule)
		}
	}
	if !strings.HasSuffix(css, "}\n}\n") {
		t.Errorf("the dark rules are not closed:\n%s", css[dark:])
	}
	if !bytes.Equal(CSS(), CSS()) {
		t.Error("CSS differs between calls")
	}
}

// The same note must give the same bytes on every build, however many notes
// are rendered at once.
func TestDeterministic(t *testing.T) {
	src := []byte("# T\n\nA[^a] and [b](x.html) <i> [c](javascript:x).\n\n```python\nprint('x')\n```\n\n| a |\n|---|\n| b |\n\n[^a]: n\n")
	r := New()
	first := r.Render(src)
	want := fmt.Sprint(first)
	if len(first.Problems) != 2 || len(first.Links) != 1 {
		t.Fatalf("Render = %+v, want two problems and one link", first)
	}
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Go(func() { got[i] = fmt.Sprint(r.Render(src)) })
	}
	wg.Wait()
	for i, g := range got {
		if g != want {
			t.Errorf("render %d:\n%s\nwant\n%s", i, g, want)
		}
	}
}

// FuzzRender checks the policy's promises on any input: nothing unsafe in
// the output, offsets within the source, the same result twice.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"<script>alert(1)</script>",
		"[x](java&#x09;script:alert(1))",
		"<a@e.org> ![p](https://e.org/p.png)",
		"[x][r]\n\n[r]: <javascript:alert(1)>",
		"```js\n</code><script>x</script>\n```",
		"| [a](b) |\n|---|\n| ![c](d) |",
	} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		res := r.Render([]byte(src))
		if what := unsafeHTML(res.HTML); what != "" {
			t.Fatalf("Render(%q): %s in\n%s", src, what, res.HTML)
		}
		for _, pr := range res.Problems {
			if pr.Offset < 0 || pr.Offset > len(src) {
				t.Errorf("Render(%q): problem offset %d outside the source", src, pr.Offset)
			}
		}
		for _, l := range res.Links {
			if l.Offset < 0 || l.Offset > len(src) {
				t.Errorf("Render(%q): link offset %d outside the source", src, l.Offset)
			}
		}
		if again := r.Render([]byte(src)); fmt.Sprint(again) != fmt.Sprint(res) {
			t.Errorf("Render(%q) differs on a second call", src)
		}
	})
}
