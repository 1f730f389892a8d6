package frontmatter

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml/token"

	"github.com/dossier-org/dossier/internal/textcheck"
)

// Limits on front matter, checked before the YAML is parsed. The parser's
// time and memory grow faster than its input with nesting (120 KB of "["
// exhausted the memory of a CI machine) and with the number of keys of a
// map, so what reaches it is bounded. The limits are far above what any
// note needs: a note with thirty sources, each quoting a paragraph, has
// about 20 KB of front matter, four levels of nesting and 250 keys.
const (
	// MaxSize is the largest front matter accepted, in bytes.
	MaxSize = 64 << 10
	// MaxDepth is how deeply lists and maps may nest, counting both block
	// indentation and flow brackets.
	MaxDepth = 32
	// MaxKeys is the most keys that the front matter's maps may have in
	// all.
	MaxKeys = 1000
)

// checkTokens refuses front matter whose tokens nest more than MaxDepth
// levels deep or hold more than MaxKeys keys, at the token that crosses the
// limit. It reads the lexer's tokens, so quoted strings, comments and block
// scalars, which are single tokens, count for nothing. Block nesting is
// measured by indentation: each key or "- " further right than the one
// that holds it opens a level, as does a list at the column of its key.
func checkTokens(tokens token.Tokens, lineShift int) error {
	type level struct {
		col int
		seq bool
	}
	var block []level
	open := func(col int, seq bool) {
		for len(block) > 0 && block[len(block)-1].col > col {
			block = block[:len(block)-1]
		}
		if n := len(block); n == 0 || block[n-1].col < col || seq && !block[n-1].seq {
			block = append(block, level{col, seq})
		}
	}
	flow, keys := 0, 0
	for i, tk := range tokens {
		at := tk
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			flow = max(flow-1, 0)
		case token.SequenceEntryType, token.MappingKeyType:
			if flow == 0 {
				open(tk.Position.Column, tk.Type == token.SequenceEntryType)
			}
		case token.DoubleQuoteType, token.SingleQuoteType:
			// go-yaml (v1.19) reads a literal tab inside a quoted string
			// correctly but loses the line break after the string, so it
			// refuses the next key of valid YAML at a place past the end of
			// the line. Refused here, where it can be said plainly.
			if strings.ContainsRune(tk.Origin, '\t') {
				return &SyntaxError{Line: at.Position.Line + lineShift, Col: at.Position.Column, Msg: `a tab inside a quoted string: write it as \t in a double-quoted string, or use a space (the YAML parser misreads a literal tab here)`}
			}
			continue
		case token.MappingValueType:
			if i > 0 {
				at = tokens[i-1] // the key
			}
			if keys++; keys > MaxKeys {
				return &SyntaxError{Line: at.Position.Line + lineShift, Col: at.Position.Column, Msg: fmt.Sprintf("the front matter has more than %s keys, the most accepted", textcheck.Count(MaxKeys))}
			}
			if flow == 0 {
				open(at.Position.Column, false)
			}
		default:
			continue
		}
		if len(block)+flow > MaxDepth {
			return &SyntaxError{Line: at.Position.Line + lineShift, Col: at.Position.Column, Msg: fmt.Sprintf("lists and maps are nested more than %d levels deep here, the most accepted", MaxDepth)}
		}
	}
	return nil
}
