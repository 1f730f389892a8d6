package frontmatter

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// parseSimple parses src, front matter in the plain shape that nearly every
// note has, without the YAML parser, which costs far more than the file's
// other work: a map of keys, each holding a scalar on the key's line or a
// list or a map on the lines below, indented further; a list's items are
// scalars or maps ("- key: value"); a scalar is plain or double-quoted on
// one line, without escapes. It gives the very tree parseYAML's parser
// would (TestParseSimple compares them), and reports false on anything
// outside that shape, however valid, for the parser to read: comments,
// tabs, carriage returns, blank lines, flow collections, block scalars,
// single-quoted scalars, escapes, anchors and tags, lines that go on,
// nulls, repeated keys, values that hold ": " or " #" or end in ':', more
// than MaxKeys keys.
func parseSimple(src []byte, firstLine int) (*Node, bool) {
	if bytes.ContainsAny(src, "\t\r") || !utf8.Valid(src) {
		return nil, false
	}
	p := &simpleParser{lines: bytes.Split(src, []byte("\n")), shift: firstLine - 1}
	if n := len(p.lines); n > 0 && len(p.lines[n-1]) == 0 {
		p.lines = p.lines[:n-1] // the line break that ends the last line
	}
	n, ok := p.block(0, 0)
	if !ok || p.i != len(p.lines) || n.Kind != Map {
		return nil, false
	}
	return n, true
}

// simpleParser reads the lines of front matter for parseSimple.
type simpleParser struct {
	lines [][]byte
	i     int // the line being read
	shift int // the lines of the file before the YAML
	keys  int
}

// maxSimpleDepth is how deeply parseSimple nests lists and maps; deeper
// front matter is the parser's.
const maxSimpleDepth = 8

// indent returns the number of spaces that start line i, and whether the
// line holds anything else.
func (p *simpleParser) indent(i int) (int, bool) {
	l := p.lines[i]
	n := 0
	for n < len(l) && l[n] == ' ' {
		n++
	}
	return n, n < len(l)
}

// block reads the map or list whose first line is the current one, which
// must be indented by exactly col spaces.
func (p *simpleParser) block(col, depth int) (*Node, bool) {
	if depth > maxSimpleDepth || p.i >= len(p.lines) {
		return nil, false
	}
	if in, ok := p.indent(p.i); !ok || in != col {
		return nil, false
	}
	if bytes.HasPrefix(p.lines[p.i][col:], []byte("-")) {
		return p.list(col, depth)
	}
	return p.mapping(col, depth, -1)
}

// mapping reads a map whose keys are indented by col spaces. The first key
// is at column col of the current line, or of the line's rest after "- "
// when first is that column: an item of a list.
func (p *simpleParser) mapping(col, depth, first int) (*Node, bool) {
	out := &Node{Kind: Map}
	seen := map[string]bool{}
	for p.i < len(p.lines) {
		at := col
		if first >= 0 && len(out.Entries) == 0 {
			at = first
		} else if in, ok := p.indent(p.i); !ok || in < col {
			if !ok {
				return nil, false
			}
			break
		} else if in > col {
			return nil, false
		}
		l := p.lines[p.i]
		colon := bytes.IndexByte(l[at:], ':')
		if colon <= 0 {
			return nil, false
		}
		key := string(l[at : at+colon])
		if !plainKey(key) || seen[key] {
			return nil, false
		}
		seen[key] = true
		if p.keys++; p.keys > MaxKeys {
			return nil, false
		}
		e := &Entry{Key: key, Line: p.i + 1 + p.shift, Col: at + 1}
		rest := l[at+colon+1:]
		if len(rest) > 0 {
			if rest[0] != ' ' {
				return nil, false
			}
			v, ok := p.scalar(l, at+colon+2)
			if !ok {
				return nil, false
			}
			e.Value = v
			p.i++
		} else {
			p.i++
			in, ok := 0, false
			if p.i < len(p.lines) {
				in, ok = p.indent(p.i)
			}
			if !ok || in <= at {
				return nil, false // a null, or a list at the key's column
			}
			v, ok := p.block(in, depth+1)
			if !ok {
				return nil, false
			}
			e.Value = v
		}
		out.Entries = append(out.Entries, e)
	}
	if len(out.Entries) == 0 {
		return nil, false
	}
	out.Line, out.Col = out.Entries[0].Line, out.Entries[0].Col
	return out, true
}

// list reads a list whose dashes are indented by col spaces.
func (p *simpleParser) list(col, depth int) (*Node, bool) {
	out := &Node{Kind: List, Line: p.i + 1 + p.shift, Col: col + 1}
	for p.i < len(p.lines) {
		in, ok := p.indent(p.i)
		if !ok {
			return nil, false
		}
		if in < col {
			break
		}
		l := p.lines[p.i]
		if in > col || !bytes.HasPrefix(l[col:], []byte("- ")) || len(l) < col+3 || l[col+2] == ' ' {
			return nil, false
		}
		at := col + 2
		if colon := bytes.IndexByte(l[at:], ':'); colon >= 0 && (at+colon+1 == len(l) || l[at+colon+1] == ' ') {
			// A map, whose first key is on the dash's line and the
			// others below it, at the first key's column.
			m, ok := p.mapping(at, depth+1, at)
			if !ok {
				return nil, false
			}
			out.Items = append(out.Items, m)
			continue
		}
		v, ok := p.scalar(l, at)
		if !ok {
			return nil, false
		}
		out.Items = append(out.Items, v)
		p.i++
	}
	return out, true
}

// scalar reads the scalar that fills line l from byte start on.
func (p *simpleParser) scalar(l []byte, start int) (*Node, bool) {
	s := l[start:]
	n := &Node{Kind: Scalar, Line: p.i + 1 + p.shift, Col: start + 1}
	if len(s) == 0 || s[len(s)-1] == ' ' {
		return nil, false
	}
	if s[0] == '"' {
		if len(s) < 2 || s[len(s)-1] != '"' || bytes.ContainsAny(s[1:len(s)-1], "\"\\") {
			return nil, false
		}
		n.Value = string(s[1 : len(s)-1])
		return n, true
	}
	dash := s[0] == '-' && len(s) > 1 && s[1] != ' ' // -1, -x: plain
	if !dash && strings.IndexByte("-?:,[]{}#&*!|>'\"%@`~ ", s[0]) >= 0 || s[len(s)-1] == ':' || bytes.Contains(s, []byte(": ")) ||
		bytes.Contains(s, []byte(" #")) || plainNull(s) {
		return nil, false
	}
	n.Value = string(s)
	return n, true
}

// plainKey reports whether key is a word of letters, digits, '_' and '-'
// that starts with a letter: a key that YAML reads as the string it is.
func plainKey(key string) bool {
	for i := 0; i < len(key); i++ {
		c := key[i]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || !('0' <= c && c <= '9' || c == '_' || c == '-')) {
			return false
		}
	}
	return key != "" && !plainNull([]byte(key)) && !isBool(key)
}

// plainNull reports whether s is a plain scalar that YAML reads as null.
func plainNull(s []byte) bool {
	switch string(s) {
	case "~", "null", "Null", "NULL":
		return true
	}
	return false
}

// isBool reports whether s is a plain scalar that YAML reads as a boolean.
func isBool(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n":
		return true
	}
	return false
}
