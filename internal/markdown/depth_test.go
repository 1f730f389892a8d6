package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// indented returns a list nested n deep by indentation alone.
func indented(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return b.String()
}

// TestNestingLimit checks that Markdown nested deeper than maxDepth is
// refused at the line that crosses the limit, before it is parsed:
// goldmark's time grows with the square of the depth or worse (500,000
// ">" in a 1 MiB note took minutes). Text at the limit still renders.
func TestNestingLimit(t *testing.T) {
	r := New()
	deep := []struct {
		name, src string
		offset    int
	}{
		{"block quotes", "intro\n\n" + strings.Repeat(">", 500000) + " x\n", 7},
		{"spaced block quotes", strings.Repeat("> ", 200000) + "x\n", 0},
		{"bullets", strings.Repeat("- ", 400000) + "x\n", 0},
		{"stars and pluses", strings.Repeat("* + ", 100000) + "x\n", 0},
		{"ordered", strings.Repeat("1. ", 200000) + "x\n", 0},
		{"mixed", strings.Repeat("- > 1) ", 50000) + "x\n", 0},
		{"indentation", indented(maxDepth + 2), len(indented(maxDepth))},
		{"tabs", "- a\n" + strings.Repeat("\t", maxDepth) + "- b\n", 4},
	}
	for _, c := range deep {
		res := r.Render([]byte(c.src))
		if len(res.Problems) != 1 || res.Problems[0].Warning || !strings.Contains(res.Problems[0].Message, "nested") {
			t.Errorf("%s: problems %+v, want one error on nesting", c.name, res.Problems)
			continue
		}
		if res.Problems[0].Offset != c.offset {
			t.Errorf("%s: problem at offset %d, want %d", c.name, res.Problems[0].Offset, c.offset)
		}
		if len(res.HTML) != 0 {
			t.Errorf("%s: %d bytes of HTML rendered", c.name, len(res.HTML))
		}
	}
	fine := []string{
		strings.Repeat(">", maxDepth) + " x\n",
		strings.Repeat("- ", maxDepth) + "x\n",
		"- - - - - - - -\n",
		"```\n" + strings.Repeat(" ", 40) + "code\n```\n",
		"a - b - c > d > e\n",
	}
	for _, src := range fine {
		if res := r.Render([]byte(src)); len(res.Problems) != 0 {
			t.Errorf("%q: unexpected problems %+v", src, res.Problems)
		}
	}
}

// TestFootnoteLimit checks that a text with more than maxFootnotes
// footnote definitions is refused before it is parsed: goldmark looks each
// reference up among all the definitions, so 30,000 of each in a note took
// 18 s. Definitions inside lists and block quotes count too.
func TestFootnoteLimit(t *testing.T) {
	r := New()
	notes := func(n int, prefix string) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "[^%d]\n", i)
		}
		for i := range n {
			fmt.Fprintf(&b, "%s[^%d]: x\n", prefix, i)
		}
		return b.String()
	}
	for _, prefix := range []string{"", "> ", "- ", "   "} {
		src := notes(30000, prefix)
		res := r.Render([]byte(src))
		if len(res.Problems) != 1 || res.Problems[0].Warning || !strings.Contains(res.Problems[0].Message, "footnotes") {
			t.Errorf("%q: problems %+v, want one error on footnotes", prefix, res.Problems[:min(3, len(res.Problems))])
			continue
		}
		if want := strings.Index(src, prefix+"[^1000]:"); res.Problems[0].Offset != want {
			t.Errorf("%q: problem at offset %d, want %d", prefix, res.Problems[0].Offset, want)
		}
	}
	if res := r.Render([]byte(notes(maxFootnotes, ""))); len(res.Problems) != 0 {
		t.Errorf("%d footnotes: unexpected problems %+v", maxFootnotes, res.Problems[:min(3, len(res.Problems))])
	}
}

// TestBracketLimit checks that square brackets nested more than
// maxBrackets deep within a paragraph are refused before the text is
// parsed: goldmark walks everything inside an opening bracket at each
// closing one, so 300,000 of each in a note took 11 s and more.
func TestBracketLimit(t *testing.T) {
	r := New()
	deep := "intro\n\n" + strings.Repeat("[", 300000) + "x" + strings.Repeat("]", 300000) + "\n"
	res := r.Render([]byte(deep))
	if len(res.Problems) != 1 || res.Problems[0].Warning || !strings.Contains(res.Problems[0].Message, "brackets") {
		t.Fatalf("problems %+v, want one error on brackets", res.Problems[:min(3, len(res.Problems))])
	}
	if res.Problems[0].Offset != 7 {
		t.Errorf("problem at offset %d, want 7", res.Problems[0].Offset)
	}
	fine := []string{
		strings.Repeat("[", maxBrackets) + "x" + strings.Repeat("]", maxBrackets) + "\n",
		// Escaped brackets open nothing; a blank line ends the paragraph.
		strings.Repeat(`\[`, 1000) + "\n",
		strings.Repeat("[[\n\n", 1000),
		strings.Repeat("[a] ", 10000) + "\n",
	}
	for _, src := range fine {
		if res := r.Render([]byte(src)); len(res.Problems) != 0 {
			t.Errorf("%.40q: unexpected problems %+v", src, res.Problems[:min(3, len(res.Problems))])
		}
	}
}
