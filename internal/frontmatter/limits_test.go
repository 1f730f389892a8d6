package frontmatter

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/textcheck"
)

// deepBlock returns front matter whose "a" key holds n levels of lists,
// written in block style: each level one "- " further in, and leaf inside.
func deepBlock(n int, leaf string) string {
	var b strings.Builder
	b.WriteString("a:\n")
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "-\n")
	}
	b.WriteString(strings.Repeat("  ", n) + leaf + "\n")
	return b.String()
}

func manyKeys(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "k%d: v\n", i)
	}
	return b.String()
}

// TestLimits checks that front matter too large or too deeply nested for
// the YAML parser to handle in bounded time and memory is refused before it
// is parsed, at the place where the limit is crossed.
func TestLimits(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		line int
		col  int
		msg  string // a part of the message; "" means accepted
	}{
		// The front matter is a map, the first level: a's list is the
		// second.
		{name: "120 KB of [", yaml: "a: " + strings.Repeat("[", 120<<10), line: 2, col: 1 + MaxSize, msg: "the front matter is over 65,536 bytes"},
		{name: "60 KB of [", yaml: "a: " + strings.Repeat("[", 60<<10), line: 2, col: 4 + MaxDepth - 1, msg: "nested more than 32 levels deep"},
		{name: "60 KB of [ and ]", yaml: "a: " + strings.Repeat("[", 30<<10) + strings.Repeat("]", 30<<10), line: 2, col: 4 + MaxDepth - 1, msg: "nested more than 32 levels deep"},
		{name: "nested flow maps", yaml: "a: " + strings.Repeat("{a: ", 100), line: 2, col: 4 + 4*(MaxDepth-1), msg: "nested more than 32 levels deep"},
		{name: "nested block lists", yaml: deepBlock(100, "x"), line: 3 + MaxDepth - 1, col: 2*MaxDepth - 1, msg: "nested more than 32 levels deep"},
		{name: "compact nested lists", yaml: "a:\n" + strings.Repeat("- ", 1000) + "x\n", line: 3, col: 2*MaxDepth - 1, msg: "nested more than 32 levels deep"},
		{name: "block and flow together", yaml: deepBlock(20, "- "+strings.Repeat("[", 20)), line: 23, col: 43 + 10, msg: "nested more than 32 levels deep"},
		{name: "too many keys", yaml: manyKeys(MaxKeys + 5), line: 2 + MaxKeys, col: 1, msg: "has more than 1,000 keys"},
		{name: "too large", yaml: "a: \"" + strings.Repeat("x", MaxSize) + "\"\n", line: 2, col: 1 + MaxSize, msg: "front matter is over 65,536 bytes"},
		{name: "an anchor bomb", yaml: "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n", line: 2, col: 4, msg: "anchors, aliases and merge keys are not supported"},

		// What is not nesting does not count.
		{name: "at the depth limit", yaml: "a: " + strings.Repeat("[", MaxDepth-1) + strings.Repeat("]", MaxDepth-1)},
		{name: "block lists at the depth limit", yaml: deepBlock(MaxDepth-1, "x")},
		{name: "brackets in quoted strings", yaml: "a: \"" + strings.Repeat("[", 100) + "\"\nb: '" + strings.Repeat("{", 100) + "'\n"},
		{name: "brackets in plain text", yaml: "a: see " + strings.Repeat("[", 100) + "\n"},
		{name: "brackets in a comment", yaml: "a: b # " + strings.Repeat("[", 100) + "\n"},
		{name: "brackets in a block scalar", yaml: "a: |\n  " + strings.Repeat("[", 100) + "\n  " + strings.Repeat("{", 100) + "\nb: c\n"},
		{name: "many keys in several maps", yaml: "sources:\n" + strings.Repeat("  - title: t\n    url: u\n", 400)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte("---\n" + tt.yaml + "\n---\nBody\n"))
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a SyntaxError", err)
			}
			if se.Line != tt.line || se.Col != tt.col || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("got %d:%d: %s\nwant %d:%d: ...%s...", se.Line, se.Col, se.Msg, tt.line, tt.col, tt.msg)
			}
			if len(se.Msg) > 300 {
				t.Errorf("message of %d bytes", len(se.Msg))
			}
		})
	}
}

// BenchmarkNested times the refusal of the nested lists that used to
// exhaust the memory of the YAML parser.
func BenchmarkNested(b *testing.B) {
	src := []byte("---\na: " + strings.Repeat("[", 120<<10) + "\n---\n")
	for b.Loop() {
		if _, err := Parse(src); err == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkLargest times the largest front matter accepted, in the shapes
// that cost the parser most.
func BenchmarkLargest(b *testing.B) {
	shapes := map[string]string{
		"flat list":   "a: [" + strings.Repeat("x,", MaxSize/2-10) + "x]\n",
		"spaced list": "a: [" + strings.Repeat("x    ,", MaxSize/6-10) + "x]\n",
		"keys":        manyKeys(MaxKeys),
		"long string": "a: \"" + strings.Repeat("word ", MaxSize/5-10) + "\"\n",
		"list items":  "a:\n" + strings.Repeat("- x\n", MaxSize/4-10),
		"nested":      "a: " + strings.Repeat("[", MaxDepth-1) + strings.Repeat("x, ", MaxSize/3-100) + strings.Repeat("]", MaxDepth-1) + "\n",
	}
	for name, yaml := range shapes {
		src := []byte("---\n" + yaml + "---\n")
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse(src); err != nil && !strings.Contains(err.Error(), "front matter must be") {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestTrailingSpacePositions checks that a plain value followed by spaces
// is placed where it starts: the YAML parser puts it one column further
// right for each space.
func TestTrailingSpacePositions(t *testing.T) {
	tests := []struct {
		yaml      string
		line, col int
	}{
		{"title: ab", 2, 8},
		{"title: ab  ", 2, 8},
		{"title: a b \t", 2, 8},
		{"title: 'ab'  ", 2, 8},
		{"title: ab  # comment", 2, 8},
		{"a:\n - ab  ", 3, 4},
		{"title:   ab  \n  cd ", 2, 10},
		{"t: é  ", 2, 4},
		{"t: 12  ", 2, 4},
		{"t: ab x ab  ", 2, 4},
	}
	for _, tt := range tests {
		doc, err := Parse([]byte("---\n" + tt.yaml + "\n---\n"))
		if err != nil {
			t.Errorf("%q: %v", tt.yaml, err)
			continue
		}
		n := doc.Front.Entries[0].Value
		if n.Kind == List {
			n = n.Items[0]
		}
		if n.Line != tt.line || n.Col != tt.col {
			t.Errorf("%q: value at %d:%d, want %d:%d", tt.yaml, n.Line, n.Col, tt.line, tt.col)
		}
	}
}

// TestParserMessageCut checks that a message of the YAML parser that
// quotes the file is cut short.
func TestParserMessageCut(t *testing.T) {
	_, err := Parse([]byte("---\na: |" + strings.Repeat("x", 10000) + "\n---\n"))
	var se *SyntaxError
	if !errors.As(err, &se) || !strings.HasPrefix(se.Msg, "invalid YAML: ") || len([]rune(se.Msg)) > len("invalid YAML: ")+textcheck.MaxShown+1 {
		t.Errorf("err = %.500v (%d bytes)", err, len(err.Error()))
	}
}

// TestValuesCutInMessages checks that a message quoting a value or a key
// shows at most textcheck.MaxShown characters of it.
func TestValuesCutInMessages(t *testing.T) {
	long := strings.Repeat("x", 5000)
	d, front, diags := decoderFor(t, "date: "+long+"\nrank: "+long+"\nurl: "+long+"\n"+long+": 1\n")
	f := d.Fields(front, "the note", "date", "rank", "url")
	d.Date(f["date"])
	d.Int(f["rank"], 1)
	d.URL(f["url"])
	if len(*diags) != 4 {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	for _, dg := range *diags {
		if len(dg.Message) > textcheck.MaxShown+200 || !strings.Contains(dg.Message, strings.Repeat("x", textcheck.MaxShown)+"…") {
			t.Errorf("message of %d bytes: %.300s", len(dg.Message), dg.Message)
		}
	}
	if _, err := Parse([]byte("---\n" + long + ": 1\n" + long + ": 2\n---\n")); err == nil || len(err.Error()) > textcheck.MaxShown+100 {
		t.Errorf("duplicate key: %.300v", err)
	}
}

// TestCRLFInQuotedString checks that what follows a double-quoted string
// broken over lines with CRLF is placed on its line: the YAML parser
// counted each CRLF in it as two line breaks.
func TestCRLFInQuotedString(t *testing.T) {
	doc, err := Parse([]byte("---\r\na: \"x\r\n\r\n  y\"\r\nb: c\r\n---\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if e := doc.Front.Get("b"); e == nil || e.Line != 5 || e.Col != 1 || doc.Front.Get("a").Value.Value != "x\ny" {
		t.Errorf("front matter %s", describe(doc.Front))
	}
	_, err = Parse([]byte("---\r\na: \"x\r\n\r\n  y\"\r\nb: [\r\n---\r\n"))
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line > 6 {
		t.Errorf("err = %v, want one at most on line 6", err)
	}
}
