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
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/textcheck"
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
		if off-yamlStart > MaxSize {
			line, col := textcheck.Position(data, yamlStart+MaxSize)
			return nil, &SyntaxError{Line: line, Col: col, Msg: fmt.Sprintf("the front matter is over %s bytes, the most accepted (or it lacks its closing \"---\" line)", textcheck.Count(MaxSize))}
		}
		if t := string(bytes.TrimRight(l, " \t\r")); t == "---" || t == "..." {
			front, err := parseYAML(data[yamlStart:off], 2)
			if err != nil {
				return nil, err
			}
			if front.Kind != Map {
				return nil, &SyntaxError{Line: front.Line, Col: front.Col, Msg: "front matter must be a map of keys (key: value), found " + front.Kind.String()}
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
	if n, ok := parseSimple(src, firstLine); ok {
		return n, nil
	}
	return parseFull(src, firstLine)
}

// parseFull parses src, YAML that starts at line firstLine of its file and
// is not empty, with the YAML parser.
func parseFull(src []byte, firstLine int) (*Node, error) {
	// The parser counts a CRLF inside a quoted string as two line breaks,
	// which puts everything after it too low; for YAML both are one line
	// break, so the YAML is parsed with LF alone (no column moves: a CR
	// only ever ends a line).
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	tokens := lexer.Tokenize(string(src))
	if err := checkTokens(tokens, firstLine-1); err != nil {
		return nil, err
	}
	// Duplicate keys are found in convert, which can say so plainly.
	f, err := parser.Parse(tokens, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil {
			p := ye.GetToken().Position
			// A tab is content inside a block scalar, so it is blamed
			// only on the line where the parser gave up.
			if col := indentTab(src, p.Line); col > 0 {
				return nil, &SyntaxError{Line: p.Line + firstLine - 1, Col: col, Msg: "tab used for indentation: YAML indents with spaces"}
			}
			return nil, &SyntaxError{Line: p.Line + firstLine - 1, Col: p.Column, Msg: "invalid YAML: " + parserMessage(ye.GetMessage()) + openQuoteHint(src, p.Line, firstLine)}
		}
		return nil, &SyntaxError{Line: firstLine, Col: 1, Msg: "invalid YAML: " + parserMessage(err.Error())}
	}
	if len(f.Docs) != 1 || f.Docs[0].Body == nil {
		return &Node{Kind: Map, Line: firstLine, Col: 1}, nil
	}
	return convert(f.Docs[0].Body, &placer{shift: firstLine - 1, lines: bytes.Split(src, []byte("\n"))})
}

// ParseYAML parses data, a whole file of YAML such as a translation table,
// into a tree of nodes, with the limits of front matter on nesting and on
// keys (MaxDepth, MaxKeys); the caller bounds its size. An empty file is an
// empty Map.
func ParseYAML(data []byte) (*Node, error) {
	return parseYAML(bytes.TrimPrefix(data, []byte("\uFEFF")), 1)
}

// parserMessage is msg, a message of the YAML parser, cut short: some
// quote the file's text at length.
func parserMessage(msg string) string {
	return textcheck.Shown(strings.ToValidUTF8(msg, "\uFFFD"))
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

// openQuoteHint names the line, before the one the parser stopped at, that
// opened a double-quoted string still open when that line begins: the
// parser reports such a slip only where it runs into the next key, in
// terms few people recognise. A string closed on a later line, as a long
// quote broken over lines is, is not blamed.
func openQuoteHint(src []byte, errLine, firstLine int) string {
	lines := bytes.Split(src, []byte("\n"))
	open := 0 // the 1-based line of the string open at this point, or 0
	for i := 0; i < min(errLine-1, len(lines)); i++ {
		line := lines[i]
		value := true // at the start of a value, the only place a quote opens a string
		for j := 0; j < len(line); j++ {
			c := line[j]
			next := byte(' ')
			if j+1 < len(line) {
				next = line[j+1]
			}
			switch {
			case open > 0:
				if c == '\\' {
					j++ // an escaped character, such as \"
				} else if c == '"' {
					open, value = 0, false
				}
			case c == '"' && value:
				open = i + 1
			case c == '\'' && value:
				if k := bytes.IndexByte(line[j+1:], '\''); k >= 0 {
					j += k + 1 // a single-quoted string
				} else {
					j = len(line)
				}
				value = false
			case c == '#' && (j == 0 || line[j-1] == ' ' || line[j-1] == '\t'):
				j = len(line) // a comment
			case c == ' ' || c == '\t' || c == '\r':
			case c == ':' || c == '-' || c == '?':
				value = next == ' ' || next == '\t' || next == '\r'
			case c == '[' || c == '{' || c == ',':
				value = true
			default:
				value = false
			}
		}
	}
	if open == 0 {
		return ""
	}
	return fmt.Sprintf(" (line %d opens a double-quoted string that it does not close)", open-1+firstLine)
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

func convert(n ast.Node, at *placer) (*Node, error) {
	tok := n.GetToken()
	out := &Node{}
	if tok != nil {
		out.Line, out.Col = at.place(tok)
	}
	fail := func(msg string) (*Node, error) { return nil, &SyntaxError{Line: out.Line, Col: out.Col, Msg: msg} }
	switch v := n.(type) {
	case *ast.MappingNode:
		out.Kind = Map
		seen := map[string]bool{}
		for _, mv := range v.Values {
			e, err := convertEntry(mv, at)
			if err != nil {
				return nil, err
			}
			if seen[e.Key] {
				return nil, &SyntaxError{Line: e.Line, Col: e.Col, Msg: fmt.Sprintf("key %q is given twice", textcheck.Shown(e.Key))}
			}
			seen[e.Key] = true
			out.Entries = append(out.Entries, e)
		}
		if len(v.Values) > 0 && !v.IsFlowStyle {
			out.Line, out.Col = out.Entries[0].Line, out.Entries[0].Col
		}
	case *ast.MappingValueNode:
		e, err := convertEntry(v, at)
		if err != nil {
			return nil, err
		}
		out.Kind, out.Entries, out.Line, out.Col = Map, []*Entry{e}, e.Line, e.Col
	case *ast.SequenceNode:
		out.Kind = List
		for _, item := range v.Values {
			c, err := convert(item, at)
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
		return convert(v.Value, at)
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

func convertEntry(mv *ast.MappingValueNode, at *placer) (*Entry, error) {
	kt := mv.Key.GetToken()
	e := &Entry{}
	e.Line, e.Col = at.place(kt)
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
	v, err := convert(mv.Value, at)
	if err != nil {
		return nil, err
	}
	if v.Line == 0 {
		v.Line, v.Col = e.Line, e.Col
	}
	e.Value = v
	return e, nil
}

// A placer turns the parser's positions into positions in the file.
type placer struct {
	shift int      // the lines of the file before the YAML
	lines [][]byte // the YAML's lines
	// chars holds, for the lines asked about, the byte offset of each
	// character, so that a column is found without counting from the
	// start of its line: a line of 64 KiB can hold 30,000 values.
	chars map[int][]int
}

// maxShift is how many bytes to the left of where the parser puts a value
// place looks for it.
const maxShift = 1024

// place returns the 1-based line and column of tok in the file. The parser
// puts a plain scalar followed by spaces as many columns to the right as
// there are spaces ("title: ab  " has "ab" at column 10), so when such a
// scalar's text is not at the parser's column, it is looked for a little
// to the left.
func (p *placer) place(tok *token.Token) (line, col int) {
	line, col = tok.Position.Line, tok.Position.Column
	if tok.Type == token.SingleQuoteType || tok.Type == token.DoubleQuoteType || line < 1 || line > len(p.lines) || col < 1 {
		return line + p.shift, col
	}
	first, _, _ := strings.Cut(strings.TrimLeft(tok.Origin, " \t\r\n"), "\n")
	first = strings.TrimRight(first, " \t\r")
	if first == "" {
		return line + p.shift, col
	}
	text, chars := p.lines[line-1], p.charStarts(line-1)
	if col > len(chars) {
		return line + p.shift, col
	}
	b := chars[col-1]
	if bytes.HasPrefix(text[b:], []byte(first)) {
		return line + p.shift, col // where the parser says
	}
	from := max(b-maxShift, 0)
	i := bytes.LastIndex(text[from:min(b+len(first), len(text))], []byte(first))
	if i < 0 {
		return line + p.shift, col
	}
	return line + p.shift, sort.SearchInts(chars, from+i) + 1
}

// charStarts returns the byte offset of each character of line i.
func (p *placer) charStarts(i int) []int {
	if c, ok := p.chars[i]; ok {
		return c
	}
	text := p.lines[i]
	c := make([]int, 0, len(text))
	for off := 0; off < len(text); {
		c = append(c, off)
		_, size := utf8.DecodeRune(text[off:])
		off += size
	}
	if p.chars == nil {
		p.chars = map[int][]int{}
	}
	p.chars[i] = c
	return c
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
