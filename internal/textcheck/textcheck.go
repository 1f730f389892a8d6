// Package textcheck says whether a file is text the site can publish: UTF-8
// with no control characters but tab and line breaks (LF or CRLF), and no
// noncharacters (HTML and XML refuse both). When it
// is not, it names the first offending byte by line and column and the
// encoding the file is most likely in, so that the author knows how to save
// it again. It is the one owner of that rule for seeds, notes, the other
// Markdown files and the theme's templates.
package textcheck

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/dossier-org/dossier/internal/diag"
)

// BOM is the UTF-8 byte order mark, which some editors write at the start
// of a file. It is accepted, and not counted in the first line's columns.
const BOM = "\uFEFF"

// MaxLine is the most characters of a one-line text (a title, a name, a
// label) that a page shows: some three lines of a page. Such texts are
// repeated on many pages (the site's title on every one), so a long one
// would multiply.
const MaxLine = 300

// An Error is the first place at which a file stops being acceptable text:
// the project's one positioned error, with Line and Col (in characters) as
// data and Msg saying what is wrong without them.
type Error = diag.PosError

// Check returns nil when data is UTF-8 text with no control characters
// other than tab and line breaks (LF or CRLF), and otherwise an Error at the
// first offending byte. what names the file in the message ("the
// note", "the seed").
func Check(data []byte, what string) *Error {
	if enc := utf16(data); enc != "" {
		return &Error{Line: 1, Col: 1, Msg: fmt.Sprintf("%s is UTF-16 (%s), not UTF-8: save it as UTF-8", what, enc)}
	}
	for off := 0; off < len(data); {
		c := data[off]
		if c >= ' ' && c < utf8.RuneSelf && c != 0x7f || c == '\n' || c == '\t' {
			off++ // plain ASCII, the bulk of any text
			continue
		}
		if c == '\r' {
			if off+1 < len(data) && data[off+1] == '\n' {
				off += 2
				continue
			}
			// YAML and some editors take it for a line break, the rest
			// of the tools for nothing: positions would disagree.
			line, col := Position(data, off)
			return &Error{Line: line, Col: col, Msg: what + " has a carriage return without a line feed (the line breaks of classic Mac OS): save it with LF or CRLF line breaks"}
		}
		r, size := utf8.DecodeRune(data[off:])
		var msg string
		switch {
		case r == utf8.RuneError && size <= 1:
			msg = fmt.Sprintf("%s is not valid UTF-8 (byte 0x%02X)%s", what, c, legacy(data[off:]))
		case r == 0:
			msg = fmt.Sprintf("%s contains a NUL byte: it is not a text file, or it was saved in a 16-bit encoding", what)
		case r < ' ' || r >= 0x7f && r <= 0x9f:
			msg = fmt.Sprintf("%s contains the control character U+%04X, which cannot be published: remove it", what, r)
		case r&0xFFFE == 0xFFFE || r >= 0xFDD0 && r <= 0xFDEF:
			msg = fmt.Sprintf("%s contains U+%04X, which is not a character and cannot be published: remove it", what, r)
		default:
			off += size
			continue
		}
		line, col := Position(data, off)
		return &Error{Line: line, Col: col, Msg: msg}
	}
	return nil
}

// utf16 names the byte order of a UTF-16 file, recognised by its byte order
// mark or by the NUL bytes that ASCII text has in every other byte, or
// returns "".
func utf16(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return "little endian"
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "big endian"
	}
	head := data[:min(len(data), 512)]
	if len(head) < 4 {
		return ""
	}
	var even, odd int
	for i, c := range head {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	half := len(head) / 2
	switch {
	case odd*10 >= half*8 && even*10 < half:
		return "little endian"
	case even*10 >= half*8 && odd*10 < half:
		return "big endian"
	}
	return ""
}

// legacy explains a byte that is not UTF-8 at the start of b: a byte of
// 0x80 to 0xFF standing alone is most likely a character of Windows-1252 or
// Latin-1, which the message shows.
func legacy(b []byte) string {
	c := b[0]
	if c < 0x80 {
		return ""
	}
	r := rune(c)
	if c < 0xA0 {
		r = cp1252[c-0x80]
		if r == 0 {
			return "" // no character of Windows-1252 either
		}
	}
	return fmt.Sprintf("; the file looks like Windows-1252 or Latin-1, in which this byte is %q: save it as UTF-8", string(r))
}

// cp1252 maps the bytes 0x80 to 0x9F of Windows-1252 to their characters;
// zero marks the five bytes it leaves undefined.
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// Position returns the 1-based line and column of byte offset off in data.
// Columns count characters (invalid bytes count one each), and a byte order
// mark at the start of the file is not counted.
func Position(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	start := bytes.LastIndexByte(before, '\n') + 1
	if start == 0 && bytes.HasPrefix(before, []byte(BOM)) {
		start = len(BOM)
	}
	return line, utf8.RuneCount(data[start:off]) + 1
}

// Count formats n with thousands separators, as messages about sizes and
// limits write numbers: 65,536.
func Count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// MaxShown is the most characters of a text of the sources that a message
// quotes (a value, a passage of the seed): messages stay short however long
// the text.
const MaxShown = 200

// Shown is s cut to MaxShown characters, for a message to quote.
func Shown(s string) string { return Shorten(s, MaxShown) }

// Shorten cuts s to its first n characters, marking the cut with "…".
func Shorten(s string, n int) string {
	i := 0
	for ; i < len(s) && n > 0; n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	if i < len(s) {
		return s[:i] + "…"
	}
	return s
}
