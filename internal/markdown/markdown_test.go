package markdown

import (
	"bytes"
	"strings"
	"testing"
)

// Notes come from contributors: whatever they write, no script may reach a
// reader, and what is refused is reported where it stands.
func TestPolicy(t *testing.T) {
	tests := []struct {
		src     string
		html    string // the exact output
		offset  int    // of the one problem expected, or -1 for none
		warning bool
		message string // a part of the problem's message
	}{
		{"<script>alert(1)</script>\n", "<!-- raw HTML omitted -->\n", 0, true, "raw HTML"},
		{"a <img src=x onerror=alert(1)> b\n", "<p>a <!-- raw HTML omitted --> b</p>\n", 2, true, "raw HTML"},
		{"x\n\n<iframe src=\"https://e.org\"></iframe>\n", "<p>x</p>\n<!-- raw HTML omitted -->\n", 3, true, "raw HTML"},
		{"[x](javascript:alert(1))\n", "<p><a href=\"\">x</a></p>\n", 4, false, `found "javascript:alert(1)"`},
		{"[x](JavaScript:alert(1))\n", "<p><a href=\"\">x</a></p>\n", 4, false, "only http and https"},
		// A character reference is decoded by the browser, so it must be
		// judged decoded: this is no relative link.
		{"[x](javascript&#58;alert(1))\n", "<p><a href=\"\">x</a></p>\n", 4, false, `found "javascript:alert(1)"`},
		{"[x]( javascript:alert(1))\n", "<p><a href=\"\">x</a></p>\n", 5, false, "only http and https"},
		{"[x](<java\tscript:alert(1)>)\n", "<p><a href=\"\">x</a></p>\n", 5, false, "malformed link address"},
		{"[x](data:text/html,<b>hi</b>)\n", "<p><a href=\"\">x</a></p>\n", 4, false, "only http and https"},
		{"text\n\n[x][r]\n\n[r]: vbscript:msgbox\n", "<p>text</p>\n<p><a href=\"\">x</a></p>\n", 19, false, "only http and https"},
		{"<javascript:alert(1)>\n", "<p><a href=\"\">javascript:alert(1)</a></p>\n", 1, false, "only http and https"},
		// Protocol-relative and hostless addresses leave the site without
		// saying where to.
		{"[x](//evil.org/p)\n", "<p><a href=\"\">x</a></p>\n", 4, false, "only http and https"},
		{"[x](https:///p)\n", "<p><a href=\"\">x</a></p>\n", 4, false, "malformed link address"},
		{"see ![chart](https://e.org/a.png)\n", "<p>see <img src=\"\" alt=\"chart\"></p>\n", 13, false, "images are not supported"},
		{"write to <desk@e.org>\n", "<p>write to desk@e.org</p>\n", 10, true, "e-mail"},
		{"[x](https://e.org/a?q=\"c\")\n", "<p><a href=\"https://e.org/a?q=%22c%22\">x</a></p>\n", -1, false, ""},
		{"see https://e.org/auto\n", "<p>see <a href=\"https://e.org/auto\">https://e.org/auto</a></p>\n", -1, false, ""},
		{"Text with `<script>` in code\n", "<p>Text with <code>&lt;script&gt;</code> in code</p>\n", -1, false, ""},
	}
	r := New()
	for _, tt := range tests {
		res := r.Render([]byte(tt.src))
		if string(res.HTML) != tt.html {
			t.Errorf("%q: HTML\n%q\nwant\n%q", tt.src, res.HTML, tt.html)
		}
		if tt.offset < 0 {
			if len(res.Problems) != 0 {
				t.Errorf("%q: unexpected problems %+v", tt.src, res.Problems)
			}
			continue
		}
		if len(res.Problems) != 1 {
			t.Errorf("%q: problems %+v, want one", tt.src, res.Problems)
			continue
		}
		p := res.Problems[0]
		if p.Offset != tt.offset || p.Warning != tt.warning || !strings.Contains(p.Message, tt.message) {
			t.Errorf("%q: problem %+v, want offset %d, warning %v, message with %q", tt.src, p, tt.offset, tt.warning, tt.message)
		}
		if strings.Contains(strings.ToLower(string(res.HTML)), "script:") && !strings.Contains(string(res.HTML), ">javascript:alert(1)<") {
			t.Errorf("%q: a script address reached the HTML: %s", tt.src, res.HTML)
		}
	}
}

// Relative links are handed to the site's checks, which know what exists;
// fragments of the same page and outside addresses are not.
func TestLinks(t *testing.T) {
	src := "See [the claim](../other/n.html#p), [above](#top),\n[a source](https://e.org/x) and [this](a&amp;b.html).\n"
	res := New().Render([]byte(src))
	if len(res.Problems) != 0 {
		t.Fatalf("problems: %+v", res.Problems)
	}
	want := []Link{{Offset: 16, Dest: "../other/n.html#p"}, {Offset: 90, Dest: "a&b.html"}}
	if len(res.Links) != len(want) {
		t.Fatalf("links %+v, want %+v", res.Links, want)
	}
	for i, l := range res.Links {
		if l != want[i] {
			t.Errorf("link %d: %+v, want %+v", i, l, want[i])
		}
	}
}

func TestFeatures(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // in the output, in this order
	}{
		{"typographer", "\"Quoted\" -- it's...\n", []string{"&ldquo;Quoted&rdquo; &ndash; it&rsquo;s&hellip;"}},
		{"heading ids", "## Where the figure comes from\n", []string{`<h2 id="where-the-figure-comes-from">`}},
		{"table", "| year | tonnes |\n|---|--:|\n| 2023 | 12 |\n", []string{"<table>", "<th>year</th>", `<td style="text-align:right">12</td>`}},
		{"footnote", "A figure.[^1]\n\n[^1]: The ministry's table.\n", []string{`<a href="#fn:1"`, `<li id="fn:1">`, "The ministry&rsquo;s table."}},
		{"strikethrough", "~~was~~ is\n", []string{"<del>was</del> is"}},
		// Code is highlighted with classes, styled by CSS, rather than with
		// inline styles that a strict Content-Security-Policy would block.
		{"highlighting", "```go\nfunc main() {}\n```\n", []string{`<pre class="hl-chroma">`, `<span class="hl-kd">func</span>`, `<span class="hl-nf">main</span>`}},
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
		if strings.Contains(string(res.HTML), "style=\"color") {
			t.Errorf("%s: inline colours in\n%s", tt.name, res.HTML)
		}
	}
}

// The same note must give the same bytes on every build.
func TestDeterministic(t *testing.T) {
	src := []byte("# T\n\nA[^a] and [b](x.html).\n\n```python\nprint('x')\n```\n\n[^a]: n\n")
	r := New()
	first := r.Render(src).HTML
	for range 5 {
		if again := r.Render(src).HTML; !bytes.Equal(again, first) {
			t.Fatalf("output changed:\n%s\nthen\n%s", first, again)
		}
	}
}
