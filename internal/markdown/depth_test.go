package markdown

import (
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
