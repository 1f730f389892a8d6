// Package frontmatter splits a Markdown file into its YAML front matter and
// body, and turns the YAML into a small tree of nodes that remember where
// they stand in the file, so that every later check can point at a line and
// column.
//
// Decoding is done by hand against a list of known keys rather than by
// reflection into structs: that way one pass reports every problem in the
// file (wrong types, missing keys, unknown keys) instead of the first one.
package frontmatter

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"dossier/internal/diag"
)

// Kind is the shape of a Node.
type Kind int

// The kinds of node.
const (
	Null Kind = iota
	Scalar
	Map
	List
)

func (k Kind) String() string {
	return [...]string{"nothing", "a single value", "a map of keys", "a list"}[k]
}

// Node is one YAML value with its 1-based position in the whole file.
type Node struct {
	Kind    Kind
	Line    int
	Col     int
	Value   string   // the text of a Scalar
	Entries []*Entry // the keys of a Map, in file order
	Items   []*Node  // the items of a List
}

// Entry is one key of a Map and its value.
type Entry struct {
	Key   string
	Line  int
	Col   int
	Value *Node
}

// Document is a split source file.
type Document struct {
	// Front is the front matter, a Map node; nil when the file has none.
	Front *Node
	// Body is the Markdown after the front matter.
	Body []byte
	// BodyLine is the 1-based line of the file where Body starts.
	BodyLine int
}

// A SyntaxError is a problem with the file's YAML, at a 1-based position:
// the positioned error that every package reading a file returns.
type SyntaxError = diag.PosError

// Parse splits data into front matter and body and parses the front matter.
// A file that does not start with a "---" line has no front matter: Front is
// nil and the whole file is the body.
func Parse(data []byte) (*Document, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	first, rest, _ := cutLine(data)
	if string(bytes.TrimRight(first, " \t\r")) != "---" {
		return &Document{Body: data, BodyLine: 1}, nil
	}
	line := 2
	yamlStart := len(data) - len(rest)
	for off := yamlStart; off < len(data); {
		l, next, _ := cutLine(data[off:])
		if t := string(bytes.TrimRight(l, " \t\r")); t == "---" || t == "..." {
			front, err := parseYAML(data[yamlStart:off], 2)
			if err != nil {
				return nil, err
			}
			return &Document{Front: front, Body: next, BodyLine: line + 1}, nil
		}
		off = len(data) - len(next)
		line++
	}
	return nil, &SyntaxError{Line: 1, Col: 1, Msg: `front matter is not closed: add a line "---" after it`}
}

func cutLine(b []byte) (line, rest []byte, found bool) {
	line, rest, found = bytes.Cut(b, []byte("\n"))
	return
}

// parseYAML parses src, which begins on line firstLine of the file.
func parseYAML(src []byte, firstLine int) (*Node, error) {
	if len(bytes.TrimSpace(src)) == 0 {
		return &Node{Kind: Map, Line: firstLine, Col: 1}, nil
	}
	if line, col := loneCR(src); line > 0 {
		return nil, &SyntaxError{Line: line + firstLine - 1, Col: col, Msg: "carriage return without a line feed: end lines with LF or CRLF (YAML would count it as a line break, and every later position would be wrong)"}
	}
	// Duplicate keys are found in convert, which can say so plainly.
	f, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil {
			p := ye.GetToken().Position
			// A tab is content inside a block scalar, so it is blamed
			// only on the line where the parser gave up.
			if col := indentTab(src, p.Line); col > 0 {
				return nil, &SyntaxError{Line: p.Line + firstLine - 1, Col: col, Msg: "tab used for indentation: YAML indents with spaces"}
			}
			return nil, &SyntaxError{Line: p.Line + firstLine - 1, Col: p.Column, Msg: "invalid YAML: " + ye.GetMessage() + openQuoteHint(src, p.Line, firstLine)}
		}
		return nil, &SyntaxError{Line: firstLine, Col: 1, Msg: "invalid YAML: " + err.Error()}
	}
	if len(f.Docs) != 1 || f.Docs[0].Body == nil {
		return &Node{Kind: Map, Line: firstLine, Col: 1}, nil
	}
	n, err := convert(f.Docs[0].Body, firstLine-1)
	if err != nil {
		return nil, err
	}
	if n.Kind != Map {
		return nil, &SyntaxError{Line: n.Line, Col: n.Col, Msg: "front matter must be a map of keys (key: value), found " + n.Kind.String()}
	}
	return n, nil
}

// loneCR returns the 1-based line and column of the first carriage return
// in src that is not followed by a line feed, or 0, 0. The YAML parser
// counts such a character as a line break, while lines, for git, GitHub's
// annotations and the rest of dossier, end only at a line feed.
func loneCR(src []byte) (line, col int) {
	for i := bytes.IndexByte(src, '\r'); i >= 0; {
		if i+1 >= len(src) || src[i+1] != '\n' {
			start := bytes.LastIndexByte(src[:i], '\n') + 1
			return bytes.Count(src[:i], []byte("\n")) + 1, utf8.RuneCount(src[start:i]) + 1
		}
		next := bytes.IndexByte(src[i+1:], '\r')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return 0, 0
}

// openQuoteHint names the line, at or before the one the parser stopped
// at, that opens a double-quoted string without closing it: the parser
// reports such a slip only where it runs into the next key, in terms few
// people recognise.
func openQuoteHint(src []byte, errLine, firstLine int) string {
	lines := bytes.Split(src, []byte("\n"))
	for i := min(errLine, len(lines)) - 1; i >= 0; i-- {
		quotes := 0
		line := lines[i]
		for j := 0; j < len(line); j++ {
			switch line[j] {
			case '\\':
				j++ // an escaped character, such as \"
			case '"':
				quotes++
			case '#':
				if quotes%2 == 0 {
					j = len(line) // a comment
				}
			}
		}
		if quotes%2 == 1 {
			if i+1 == errLine {
				return "" // the parser already points at it
			}
			return fmt.Sprintf(" (line %d opens a double-quoted string that it does not close)", i+firstLine)
		}
	}
	return ""
}

// indentTab returns the 1-based column of the first tab in the leading
// white space of the 1-based line of src, or 0 if there is none.
func indentTab(src []byte, line int) int {
	lines := bytes.Split(src, []byte("\n"))
	if line < 1 || line > len(lines) {
		return 0
	}
	l := lines[line-1]
	if i := bytes.IndexByte(l, '\t'); i >= 0 && len(bytes.Trim(l[:i], " ")) == 0 {
		return i + 1
	}
	return 0
}

func convert(n ast.Node, lineShift int) (*Node, error) {
	tok := n.GetToken()
	out := &Node{}
	if tok != nil {
		out.Line, out.Col = tok.Position.Line+lineShift, tok.Position.Column
	}
	fail := func(msg string) (*Node, error) { return nil, &SyntaxError{Line: out.Line, Col: out.Col, Msg: msg} }
	switch v := n.(type) {
	case *ast.MappingNode:
		out.Kind = Map
		seen := map[string]bool{}
		for _, mv := range v.Values {
			e, err := convertEntry(mv, lineShift)
			if err != nil {
				return nil, err
			}
			if seen[e.Key] {
				return nil, &SyntaxError{Line: e.Line, Col: e.Col, Msg: fmt.Sprintf("key %q is given twice", e.Key)}
			}
			seen[e.Key] = true
			out.Entries = append(out.Entries, e)
		}
		if len(v.Values) > 0 && !v.IsFlowStyle {
			out.Line, out.Col = out.Entries[0].Line, out.Entries[0].Col
		}
	case *ast.MappingValueNode:
		e, err := convertEntry(v, lineShift)
		if err != nil {
			return nil, err
		}
		out.Kind, out.Entries, out.Line, out.Col = Map, []*Entry{e}, e.Line, e.Col
	case *ast.SequenceNode:
		out.Kind = List
		for _, item := range v.Values {
			c, err := convert(item, lineShift)
			if err != nil {
				return nil, err
			}
			out.Items = append(out.Items, c)
		}
	case *ast.NullNode:
		out.Kind = Null
	case *ast.StringNode:
		out.Kind, out.Value = Scalar, v.Value
	case *ast.LiteralNode:
		out.Kind, out.Value = Scalar, v.Value.Value
	case *ast.TagNode:
		return convert(v.Value, lineShift)
	case *ast.AnchorNode, *ast.AliasNode, *ast.MergeKeyNode:
		return fail("YAML anchors, aliases and merge keys are not supported in front matter")
	case ast.ScalarNode:
		out.Kind = Scalar
		if tok != nil {
			out.Value = tok.Value
		} else {
			out.Value = fmt.Sprint(v.GetValue())
		}
	default:
		return fail(fmt.Sprintf("unsupported YAML value (%s)", n.Type()))
	}
	return out, nil
}

func convertEntry(mv *ast.MappingValueNode, lineShift int) (*Entry, error) {
	kt := mv.Key.GetToken()
	e := &Entry{Line: kt.Position.Line + lineShift, Col: kt.Position.Column}
	switch k := mv.Key.(type) {
	case *ast.StringNode:
		e.Key = k.Value
	case ast.ScalarNode:
		e.Key = kt.Value
	default:
		return nil, &SyntaxError{Line: e.Line, Col: e.Col, Msg: "a key must be a plain word"}
	}
	if mv.Value == nil {
		e.Value = &Node{Kind: Null, Line: e.Line, Col: e.Col}
		return e, nil
	}
	v, err := convert(mv.Value, lineShift)
	if err != nil {
		return nil, err
	}
	if v.Line == 0 {
		v.Line, v.Col = e.Line, e.Col
	}
	e.Value = v
	return e, nil
}

// Get returns the entry for key in a Map node, or nil.
func (n *Node) Get(key string) *Entry {
	if n == nil {
		return nil
	}
	for _, e := range n.Entries {
		if e.Key == key {
			return e
		}
	}
	return nil
}

// closest returns the word of known nearest to key by edit distance, if it is
// near enough to be a likely typo.
func closest(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(strings.ToLower(key), k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Damerau–Levenshtein (optimal string alignment) distance,
// so that a swapped pair of letters such as "verdcit" counts as one edit.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range rb {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
