package frontmatter

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParseSplits(t *testing.T) {
	tests := []struct {
		name, src string
		front     bool
		body      string
		bodyLine  int
	}{
		{"none", "# Title\n\ntext\n", false, "# Title\n\ntext\n", 1},
		{"empty file", "", false, "", 1},
		{"plain", "---\nverdict: false\n---\nBody\n", true, "Body\n", 4},
		{"yaml end marker", "---\nverdict: false\n...\nBody\n", true, "Body\n", 4},
		{"empty", "---\n---\nBody\n", true, "Body\n", 3},
		{"blank lines only", "---\n\n   \n---\nBody\n", true, "Body\n", 5},
		{"comment only", "---\n# to do\n---\nBody\n", true, "Body\n", 4},
		{"crlf", "---\r\nverdict: false\r\n---\r\nBody\r\n", true, "Body\r\n", 4},
		// Windows editors write a byte-order mark; it must not hide the
		// opening line, nor reach the Markdown.
		{"bom", "\uFEFF---\nverdict: false\n---\nBody\n", true, "Body\n", 4},
		{"bom and crlf", "\uFEFF---\r\nverdict: false\r\n---\r\nBody\r\n", true, "Body\r\n", 4},
		{"bom, no front matter", "\uFEFF# Title\n", false, "# Title\n", 1},
		{"trailing spaces", "--- \nverdict: false\n---\t\nBody\n", true, "Body\n", 4},
		{"no body", "---\nverdict: false\n---", true, "", 4},
		{"no body, cr", "---\nverdict: false\n---\r", true, "", 4},
		{"blank line before body", "---\na: 1\n---\n\nBody\n", true, "\nBody\n", 4},
		// Only the first block is front matter: a rule later on, or a
		// second block, is Markdown.
		{"rule in body", "text\n---\nmore\n", false, "text\n---\nmore\n", 1},
		{"second block", "---\na: 1\n---\n---\nb: 2\n---\n", true, "---\nb: 2\n---\n", 4},
		{"not a delimiter", "---yaml\na: 1\n---\n", false, "---yaml\na: 1\n---\n", 1},
		{"indented opening", " ---\na: 1\n---\n", false, " ---\na: 1\n---\n", 1},
	}
	for _, tt := range tests {
		doc, err := Parse([]byte(tt.src))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if (doc.Front != nil) != tt.front || string(doc.Body) != tt.body || doc.BodyLine != tt.bodyLine {
			t.Errorf("%s: front %v, body %q at line %d; want front %v, body %q at line %d",
				tt.name, doc.Front != nil, doc.Body, doc.BodyLine, tt.front, tt.body, tt.bodyLine)
		}
		if doc.Front != nil && doc.Front.Kind != Map {
			t.Errorf("%s: front matter is %s, want a map", tt.name, doc.Front.Kind)
		}
	}
}

// Empty front matter is an empty map placed on its first line, where a
// missing required key is reported.
func TestParseEmpty(t *testing.T) {
	for _, src := range []string{"---\n---\n", "---\n\n---\n", "---\n# c\n---\n"} {
		doc, err := Parse([]byte(src))
		if err != nil {
			t.Errorf("Parse(%q): %v", src, err)
			continue
		}
		if f := doc.Front; f.Kind != Map || len(f.Entries) != 0 || f.Line != 2 || f.Col != 1 {
			t.Errorf("Parse(%q).Front = %+v, want an empty map at 2:1", src, f)
		}
	}
}

// Positions are of the whole file, not of the YAML alone, so that an editor
// jumps to the right place; line endings and a byte-order mark change
// nothing.
func TestParsePositions(t *testing.T) {
	const src = "---\nquote: \"Exports fell\"\nverdict: false\nsources:\n  - url: https://e.org/a\n    title: A\ntags: [trade, grain]\n---\nBody\n"
	for _, variant := range []string{src, strings.ReplaceAll(src, "\n", "\r\n"), "\uFEFF" + src} {
		doc, err := Parse([]byte(variant))
		if err != nil {
			t.Fatal(err)
		}
		f := doc.Front
		if f.Kind != Map || len(f.Entries) != 4 || f.Line != 2 || f.Col != 1 {
			t.Fatalf("%q: front matter %+v", variant, f)
		}
		tests := []struct {
			key       string
			line, col int // of the key
			kind      Kind
			vline     int
			vcol      int
		}{
			{"quote", 2, 1, Scalar, 2, 8},
			{"verdict", 3, 1, Scalar, 3, 10},
			{"sources", 4, 1, List, 5, 3},
			{"tags", 7, 1, List, 7, 7},
		}
		for i, tt := range tests {
			e := f.Entries[i]
			if e.Key != tt.key || e.Line != tt.line || e.Col != tt.col || e.Value.Kind != tt.kind {
				t.Errorf("%q: entry %d: %q at %d:%d, %s; want %q at %d:%d, %s", variant, i, e.Key, e.Line, e.Col, e.Value.Kind, tt.key, tt.line, tt.col, tt.kind)
			}
			if e.Value.Line != tt.vline || e.Value.Col != tt.vcol {
				t.Errorf("%q: %s: value at %d:%d, want %d:%d", variant, tt.key, e.Value.Line, e.Value.Col, tt.vline, tt.vcol)
			}
		}
		if v := f.Get("quote").Value.Value; v != "Exports fell" {
			t.Errorf("%q: quote %q", variant, v)
		}
		src0 := f.Get("sources").Value.Items[0]
		if title := src0.Get("title"); title == nil || title.Line != 6 || title.Col != 5 || title.Value.Value != "A" {
			t.Errorf("%q: sources[0].title: %+v", variant, title)
		}
		if tags := f.Get("tags").Value.Items; len(tags) != 2 || tags[1].Value != "grain" || tags[1].Line != 7 || tags[1].Col != 15 {
			t.Errorf("%q: tags %+v", variant, tags)
		}
		if f.Get("missing") != nil {
			t.Error("Get of a missing key is not nil")
		}
	}
	if (*Node)(nil).Get("x") != nil {
		t.Error("Get on a nil node is not nil")
	}
}

// describe writes a node as kind@line:col, with a scalar's text, a map's
// keys and a list's items.
func describe(n *Node) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s@%d:%d", [...]string{"null", "scalar", "map", "list"}[n.Kind], n.Line, n.Col)
	switch n.Kind {
	case Scalar:
		fmt.Fprintf(&b, "%q", n.Value)
	case Map:
		b.WriteString("{")
		for _, e := range n.Entries {
			fmt.Fprintf(&b, "%q@%d:%d=%s ", e.Key, e.Line, e.Col, describe(e.Value))
		}
		b.WriteString("}")
	case List:
		b.WriteString("[")
		for _, it := range n.Items {
			b.WriteString(describe(it) + " ")
		}
		b.WriteString("]")
	}
	return b.String()
}

// Every YAML value a note may hold becomes a node with its text as written
// (no type guessing: the decoder decides) and its place.
func TestParseValues(t *testing.T) {
	tests := []struct {
		yaml string // the front matter; the value is that of its key "v"
		want string
	}{
		{"v: plain text", `scalar@2:4"plain text"`},
		{"v: \"a\\tb\\u00e9\\\"\"", `scalar@2:4"a\tbé\""`},
		{"v: 'it''s'", `scalar@2:4"it's"`},
		{"v: 007", `scalar@2:4"007"`},
		{"v: 1.50", `scalar@2:4"1.50"`},
		{"v: false", `scalar@2:4"false"`},
		{"v: 2024-03-12", `scalar@2:4"2024-03-12"`},
		{"v: x # a comment", `scalar@2:4"x"`},
		{"v: !!str 12", `scalar@2:9"12"`},
		{"v: first\n  second", `scalar@2:4"first second"`},
		{"v: |\n  line one\n  line two", `scalar@2:4"line one\nline two\n"`},
		{"v: >-\n  folded\n  text", `scalar@2:4"folded text"`},
		// A tab inside a block scalar, or between the items of a flow
		// list, is not indentation.
		{"v: |\n  \tindented", `scalar@2:4"\tindented\n"`},
		{"v: [x,\n\ty]", `list@2:4[scalar@2:5"x" scalar@3:2"y" ]`},
		// A missing value stands where it would be written.
		{"v:", "null@2:4"},
		{"v: ~", "null@2:4"},
		{"v: null", "null@2:4"},
		{"v: [a, ~]", `list@2:4[scalar@2:5"a" null@2:8 ]`},
		{"v:\n  - a\n  -\n  - c", `list@3:3[scalar@3:5"a" null@4:4 scalar@5:5"c" ]`},
		{"v: {x: 1, y: [2]}", `map@2:4{"x"@2:5=scalar@2:8"1" "y"@2:11=list@2:14[scalar@2:15"2" ] }`},
		{"v:\n  x: 1\n  \"y z\": 2", `map@3:3{"x"@3:3=scalar@3:6"1" "y z"@4:3=scalar@4:10"2" }`},
		// Columns count characters, as editors do, not bytes.
		{"é: 1\nv: [é, x]", `list@3:4[scalar@3:5"é" scalar@3:8"x" ]`},
	}
	for _, tt := range tests {
		doc, err := Parse([]byte("---\n" + tt.yaml + "\n---\n"))
		if err != nil {
			t.Errorf("%q: %v", tt.yaml, err)
			continue
		}
		e := doc.Front.Get("v")
		if e == nil {
			t.Errorf("%q: no key v in %s", tt.yaml, describe(doc.Front))
			continue
		}
		if got := describe(e.Value); got != tt.want {
			t.Errorf("%q: v = %s, want %s", tt.yaml, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		message   string
		not       string // must not be in the message
	}{
		{"unclosed", "---\nverdict: false\nBody\n", 1, 1, "not closed", ""},
		{"opening line only", "---\n", 1, 1, "not closed", ""},
		{"opening line only, no newline", "---", 1, 1, "not closed", ""},
		{"unclosed, bom", "\uFEFF---\na: 1\n", 1, 1, "not closed", ""},
		{"unclosed flow list", "---\nquote: x\nverdict: [oops\n---\n", 3, 10, "']' not found", ""},
		{"unclosed flow list, crlf", "---\r\nquote: x\r\nverdict: [oops\r\n---\r\n", 3, 10, "']' not found", ""},
		{"unclosed flow list, bom", "\uFEFF---\nquote: x\nverdict: [oops\n---\n", 3, 10, "']' not found", ""},
		{"columns in characters", "---\nééé: [x\n---\n", 2, 6, "']' not found", ""},
		{"tab indent", "---\nsources:\n\t- x\n---\n", 3, 1, "tab used for indentation", ""},
		{"tab indent, crlf", "---\r\nsources:\r\n\t- x\r\n---\r\n", 3, 1, "tab used for indentation", ""},
		{"tab before a key", "---\n\ta: 1\n---\n", 2, 1, "tab used for indentation", ""},
		{"tab after spaces", "---\na:\n  b: 1\n  \tc: 2\n---\n", 4, 3, "tab used for indentation", ""},
		// An earlier tab that is text does not hide one that indents.
		{"tab in text, then indenting", "---\ntitle: a\tb\nsources:\n\t- x\n---\n", 4, 1, "tab used for indentation", ""},
		// go-yaml loses the line break after a quoted string holding a
		// literal tab, and refused the next key past the end of the line.
		{"tab in a double-quoted string", "---\ntitle: \"a\tb\"\nverdict: x\n---\n", 2, 8, "a tab inside a quoted string", ""},
		{"tab in a single-quoted string", "---\ntitle: 'a\tb'\nverdict: x\n---\n", 2, 8, "a tab inside a quoted string", ""},
		// A tab that is content of a block scalar is not blamed for an
		// error elsewhere.
		{"tab in block scalar, error later", "---\nquote: |\n  \tindented\nnext: [x\n---\n", 4, 7, "']' not found", "tab"},
		// The indented "b: c" continues the value begun on line 2, where
		// go-yaml points: the scalar that cannot hold a mapping.
		{"bad mapping", "---\nquote: a\n  b: c\n---\n", 2, 8, "mapping value is not allowed", ""},
		{"stray line", "---\na: 1\nb\n---\n", 3, 1, "invalid YAML", ""},
		{"unclosed quote", "---\nquote: \"open\nverdict: false\n---\n", 2, 8, "could not find end character of double-quoted text", "opens a double-quoted"},
		{"unclosed single quote", "---\na: 'x\n---\nBody\n", 2, 4, "single-quoted", ""},
		// The parser trips over the next line that looks like a key; the
		// message names the line that opened the string.
		{"open quote hint", "---\nquote: \"He said\nverdict: false\nclaim: \"x\"\n---\n", 4, 9, "(line 2 opens a double-quoted string that it does not close)", ""},
		{"open quote hint, later", "---\na: x\nquote: \"He said\nverdict: false\nclaim: \"x\"\n---\n", 5, 9, "(line 3 opens a double-quoted string", ""},
		// A quote broken over lines and closed is not blamed for an error
		// after it; one opened after it is.
		{"closed multi-line quote", "---\na: \"x\n\n  y\"\nb: [\n---\n", 5, 4, "']' not found", "opens a double-quoted"},
		{"open quote after a closed multi-line one", "---\na: \"x\n  y\"\nquote: \"He said\nverdict: false\nclaim: \"x\"\n---\n", 6, 9, "(line 4 opens a double-quoted string", ""},
		{"quotes inside plain text and comments", "---\na: He said \"x # \"\nquote: \"He said\nverdict: false\nclaim: \"x\"\n---\n", 5, 9, "(line 3 opens a double-quoted string", ""},
		{"duplicate key", "---\na: 1\na: 2\n---\n", 3, 1, `key "a" is given twice`, ""},
		{"duplicate nested key", "---\nsources:\n  - url: a\n    url: b\n---\n", 4, 5, `key "url" is given twice`, ""},
		{"anchor", "---\na: &x 1\nb: *x\n---\n", 2, 4, "anchors, aliases and merge keys are not supported", ""},
		{"list", "---\n- a\n- b\n---\n", 2, 1, "must be a map of keys (key: value), found a list", ""},
		{"scalar", "---\njust text\n---\n", 2, 1, "must be a map of keys (key: value), found a single value", ""},
		{"complex key", "---\n? complex\n: v\n---\n", 2, 1, "a key must be a plain word", ""},
		// The YAML parser counts a lone CR as a line break, and would
		// place every later problem a line too low (found by FuzzBuild).
		{"lone CR in a string", "---\ntitle: \"a\rb\"\nverdict: x\n---\n", 2, 10, "carriage return without a line feed", ""},
		{"lone CR after CRLF lines", "---\r\na: 1\r\nb: é\rc\r\n---\r\n", 3, 5, "carriage return without a line feed", ""},
		{"lone CR ending the front matter", "---\na: 1\r---\n", 1, 1, "not closed", ""},
	}
	for _, tt := range tests {
		doc, err := Parse([]byte(tt.src))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: Parse = %+v, %v; want a SyntaxError", tt.name, doc, err)
			continue
		}
		if se.Line != tt.line || se.Col != tt.col || !strings.Contains(se.Msg, tt.message) || tt.not != "" && strings.Contains(se.Msg, tt.not) {
			t.Errorf("%s: %d:%d %q; want %d:%d, message with %q", tt.name, se.Line, se.Col, se.Msg, tt.line, tt.col, tt.message)
		}
		if want := fmt.Sprintf("%d:%d: %s", se.Line, se.Col, se.Msg); se.Error() != want {
			t.Errorf("%s: Error() = %q, want %q", tt.name, se.Error(), want)
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Null: "nothing", Scalar: "a single value", Map: "a map of keys", List: "a list"} {
		if k.String() != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, k.String(), want)
		}
	}
}
