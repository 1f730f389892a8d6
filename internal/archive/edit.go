package archive

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dossier-org/dossier/internal/content"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/frontmatter"
)

// An Edit gives a source its archived copy.
type Edit struct {
	// URL is the source's address, as the note's "url" gives it.
	URL string
	// Archive is the archived copy's address, an http or https URL of
	// printable ASCII characters (see CheckArchiveURL).
	Archive string
	// Archived is the date the copy was made, YYYY-MM-DD.
	Archived string
}

// AddArchive returns data, a note's file, with "archive" and "archived"
// added to every source whose url is e.URL and which has no archived copy
// yet, and how many sources it gave one. It edits only by inserting text:
// every other byte of the file (comments, key order, quoting, line
// endings) is kept. In a source written as a block of lines, the keys are
// two new lines after the url's, indented as the url's key is; in a
// source written in braces ({title: …, url: …}), they follow the url's
// value on its line.
//
// A source it cannot edit safely (a url whose value spans lines, an
// "archive" key already there but empty) is an error at its position (a
// *diag.PosError), and nothing is edited. The result is read again as a
// note before it is returned: an edit that would change anything but the
// sources' archived copies is an error.
func AddArchive(data []byte, e Edit) ([]byte, int, error) {
	if err := CheckArchiveURL(e.Archive); err != nil {
		return nil, 0, err
	}
	if !dateRE.MatchString(e.Archived) {
		return nil, 0, fmt.Errorf("archive date %q is not YYYY-MM-DD", e.Archived)
	}
	doc, err := frontmatter.Parse(data)
	if err != nil {
		return nil, 0, err
	}
	sources := doc.Front.Get("sources")
	if sources == nil || sources.Value.Kind != frontmatter.List {
		return data, 0, nil
	}
	lines := splitLines(data)
	var ins []insertion
	for _, item := range sources.Value.Items {
		if item.Kind != frontmatter.Map {
			continue
		}
		url := item.Get("url")
		if url == nil || url.Value.Kind != frontmatter.Scalar || strings.TrimSpace(url.Value.Value) != e.URL {
			continue
		}
		if a := item.Get("archive"); a != nil {
			if a.Value.Kind == frontmatter.Scalar && strings.TrimSpace(a.Value.Value) != "" {
				continue // archived already
			}
			return nil, 0, &diag.PosError{Line: a.Line, Col: a.Col, Msg: "the source has an empty \"archive\": remove the line so that dossier archive can add the archived copy, or give its address"}
		}
		if a := item.Get("archived"); a != nil {
			return nil, 0, &diag.PosError{Line: a.Line, Col: a.Col, Msg: "the source gives \"archived\" without \"archive\": remove it so that dossier archive can add both"}
		}
		in, err := insertFor(lines, item, url, e)
		if err != nil {
			return nil, 0, err
		}
		ins = append(ins, in)
	}
	if len(ins) == 0 {
		return data, 0, nil
	}
	// From the end, so that each offset still holds when it is used.
	slices.SortFunc(ins, func(a, b insertion) int { return b.at - a.at })
	out := slices.Clone(data)
	for _, in := range ins {
		out = slices.Insert(out, in.at, []byte(in.text)...)
	}
	if err := verify(data, out, e, len(ins)); err != nil {
		return nil, 0, err
	}
	return out, len(ins), nil
}

// insertion is text to insert at a byte offset of the file.
type insertion struct {
	at   int
	text string
}

// line is one line of the file: its bytes without the line feed, where it
// starts, and how it ends ("\n", "\r\n" or "" for the last).
type line struct {
	text  []byte
	start int
	eol   string
}

func splitLines(data []byte) []line {
	var out []line
	for start := 0; start <= len(data); {
		i := bytes.IndexByte(data[start:], '\n')
		if i < 0 {
			out = append(out, line{text: data[start:], start: start})
			break
		}
		text, eol := data[start:start+i], "\n"
		if bytes.HasSuffix(text, []byte("\r")) {
			text, eol = text[:len(text)-1], "\r\n"
		}
		out = append(out, line{text: text, start: start, eol: eol})
		start += i + 1
	}
	return out
}

// byteAt returns the byte offset in l of the 1-based character column
// col, or -1.
func (l line) byteAt(col int) int {
	off := 0
	for c := 1; c < col; c++ {
		if off >= len(l.text) {
			return -1
		}
		_, size := utf8.DecodeRune(l.text[off:])
		off += size
	}
	if off > len(l.text) {
		return -1
	}
	return off
}

// insertFor works out where the keys of source item go.
func insertFor(lines []line, item *frontmatter.Node, url *frontmatter.Entry, e Edit) (insertion, error) {
	at := func(msg string) error { return &diag.PosError{Line: url.Value.Line, Col: url.Value.Col, Msg: msg} }
	if url.Value.Line < 1 || url.Value.Line > len(lines) || item.Line < 1 || item.Line > len(lines) {
		return insertion{}, at("cannot place the source's url in the file")
	}
	l := lines[url.Value.Line-1]
	b := l.byteAt(url.Value.Col)
	if b < 0 || b >= len(l.text) {
		return insertion{}, at("cannot place the source's url in the file")
	}
	il := lines[item.Line-1]
	ib := il.byteAt(item.Col)
	flow := ib >= 0 && ib < len(il.text) && il.text[ib] == '{'
	quoted := l.text[b] == '"' || l.text[b] == '\''
	end, ok := valueEnd(l.text, b, flow)
	if ok && flow && !quoted && end == len(bytes.TrimRight(l.text, " \t")) {
		ok = false // a plain value in braces may go on over the next line
	}
	if !ok {
		return insertion{}, at("the url's value is not closed on its line: write it on one line so that dossier archive can add the archived copy after it")
	}
	archived := e.Archived
	if quoted {
		archived = `"` + archived + `"`
	}
	if flow {
		return insertion{at: l.start + end, text: `, archive: ` + yamlQuote(e.Archive) + `, archived: ` + archived}, nil
	}
	// A plain value may go on over the next lines: a line that is more
	// indented than the key, and not a comment, continues it.
	keyLine := lines[url.Line-1]
	kb := keyLine.byteAt(url.Col)
	if kb < 0 || strings.Trim(string(keyLine.text[:kb]), " -") != "" {
		return insertion{}, &diag.PosError{Line: url.Line, Col: url.Col, Msg: "cannot tell the source's indentation: write \"url\" at the start of its line"}
	}
	if !quoted {
		for _, next := range lines[url.Value.Line:] {
			t := bytes.TrimLeft(next.text, " ")
			if len(bytes.TrimSpace(t)) == 0 {
				continue
			}
			if len(next.text)-len(t) > kb && t[0] != '#' {
				return insertion{}, at("the url's value goes on over the next line: write it on one line so that dossier archive can add the archived copy after it")
			}
			break
		}
	}
	eol := l.eol
	if eol == "" {
		return insertion{}, at("the url's line has no line end")
	}
	indent := strings.Repeat(" ", kb)
	return insertion{
		at:   l.start + len(l.text) + len(eol),
		text: indent + "archive: " + yamlQuote(e.Archive) + eol + indent + "archived: " + archived + eol,
	}, nil
}

// valueEnd returns the byte offset in text just after the scalar that
// starts at b: a quoted string closed on the line, or a plain value, which
// in braces ends at ",", "}" or "]", and anywhere at " #" or the end of
// the line, trailing spaces left out. ok is false for a quoted string not
// closed on the line, and for a block scalar ("|" or ">").
func valueEnd(text []byte, b int, flow bool) (end int, ok bool) {
	switch text[b] {
	case '"':
		for i := b + 1; i < len(text); i++ {
			switch text[i] {
			case '\\':
				i++
			case '"':
				return i + 1, true
			}
		}
		return 0, false
	case '\'':
		for i := b + 1; i < len(text); i++ {
			if text[i] == '\'' {
				if i+1 < len(text) && text[i+1] == '\'' {
					i++ // '' is a quote inside the string
					continue
				}
				return i + 1, true
			}
		}
		return 0, false
	case '|', '>':
		return 0, false
	}
	end = len(text)
	for i := b; i < len(text); i++ {
		c := text[i]
		if flow && (c == ',' || c == '}' || c == ']') || c == '#' && i > b && (text[i-1] == ' ' || text[i-1] == '\t') {
			end = i
			break
		}
	}
	for end > b && (text[end-1] == ' ' || text[end-1] == '\t') {
		end--
	}
	return end, true
}

// yamlQuote writes s, which CheckArchiveURL accepted, as a YAML
// double-quoted string.
func yamlQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// verify reads before and after as notes and checks that they differ only
// in the archived copies of n sources of e.URL.
func verify(before, after []byte, e Edit, n int) error {
	a, da := content.ParseNote("note.md", "note", before)
	b, db := content.ParseNote("note.md", "note", after)
	if a == nil || b == nil || db.Count(diag.Error) > da.Count(diag.Error) || len(a.Sources) != len(b.Sources) {
		return fmt.Errorf("adding the archived copy would break the note's front matter (%s); add it by hand", strings.TrimSpace(db.String()))
	}
	edited := 0
	for i := range a.Sources {
		x, y := a.Sources[i], b.Sources[i]
		if x.Archive != y.Archive {
			if x.Archive != "" || x.URL != e.URL || y.Archive != e.Archive || y.Archived != e.Archived {
				return fmt.Errorf("adding the archived copy would change another source (%d); add it by hand", i+1)
			}
			edited++
		}
		x.Archive, x.Archived, x.ArchivedPos, x.Pos, x.DatePos, x.KindPos = "", "", content.Pos{}, content.Pos{}, content.Pos{}, content.Pos{}
		y.Archive, y.Archived, y.ArchivedPos, y.Pos, y.DatePos, y.KindPos = "", "", content.Pos{}, content.Pos{}, content.Pos{}, content.Pos{}
		if x != y {
			return fmt.Errorf("adding the archived copy would change source %d; add it by hand", i+1)
		}
	}
	if edited != n || a.Title != b.Title || a.Quote != b.Quote || a.Verdict != b.Verdict || !bytes.Equal(a.Body, b.Body) {
		return fmt.Errorf("adding the archived copy would change more than the sources' archived copies; add it by hand")
	}
	return nil
}
