package report

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/dossier-org/dossier/internal/diag"
)

// text escapes s, a string from the sources (a title, a quote, a verdict's
// label), for the middle of a line of GitHub-flavoured Markdown, so that it
// reads as the characters written and can do nothing else:
//
//   - every ASCII punctuation character that can open or close something
//     inline is escaped with a backslash, which CommonMark allows before
//     any punctuation and which makes it a literal: no HTML tag or comment
//     (<, >), entity (&), link or image ([, ], (, ), !), code span (`),
//     emphasis or strikethrough (*, _, ~), table cell (|) or math ($) can
//     begin, and no backslash of s can escape what follows it; ":" and
//     the "." after "www" are escaped too, so that GitHub does not turn an
//     address in the text into a link (its "extended autolinks"). Constructs
//     that only start a line (headings, lists, quotes, fences) cannot
//     start, because s never starts one and cannot break the line; ",",
//     ".", "-" and the like stay as they are, for a readable comment;
//   - line breaks, tabs, control characters, the line and paragraph
//     separators and format characters (bidirectional overrides and
//     isolates, zero-width characters, the byte order mark) become spaces,
//     and runs of white space one space, so that s stays on its line and
//     what is shown is what is there;
//   - "@" and "#" are followed by a zero-width space (&#8203;), written as
//     an entity so that it is visible in the comment's source: GitHub
//     links "@name" and "#123" after rendering, whatever the backslashes,
//     and a bot's comment that mentions a person notifies them, and one
//     that names an issue adds an event to its timeline. Dependabot
//     (LinkAndMentionSanitizer in dependabot-core) and Renovate put the
//     same zero-width space after the "@" of the mentions in the release
//     notes they quote.
//
// Bytes that are not UTF-8 become spaces.
func text(s string) string {
	var b strings.Builder
	space := false
	var last [3]rune // the last three characters, for "www."
	for _, r := range s {
		www := last == [3]rune{'w', 'w', 'w'} || last == [3]rune{'W', 'W', 'W'}
		last = [3]rune{last[1], last[2], r}
		if isSpaceLike(r) {
			space = b.Len() > 0
			last[2] = ' '
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		switch {
		case r == '@' || r == '#':
			b.WriteString(`\` + string(r) + "&#8203;")
		case strings.ContainsRune(markdownPunct, r) || r == '.' && www:
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// markdownPunct are the characters that text escapes with a backslash.
const markdownPunct = "\\`*_~[]()!<>&|$:"

// isSpaceLike reports whether r is white space or a character that shows
// nothing or changes how the text around it shows (diag.IsHidden): these
// become a space.
func isSpaceLike(r rune) bool {
	return unicode.IsSpace(r) || diag.IsHidden(r)
}

// plainName matches what code writes as a code span: the names of valid
// dossiers and notes, ordinary git refs ("origin/main", "v1.2") and the
// words "working tree".
var plainName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/ -]*$`)

// code writes a name (a note's "github.com/dossier-org/dossier/name" key, a git ref) as a code
// span when it is a plain name, and otherwise as escaped text: a code span
// cannot escape its content, and a file name or a branch name from a pull
// request may hold a backtick or "##[".
func code(s string) string {
	if plainName.MatchString(s) {
		return "`" + s + "`"
	}
	return text(s)
}

// link writes an address as a Markdown autolink, <url>. The sources'
// addresses are already checked to be http or https; what an autolink
// cannot hold (white space, control characters, < and >), the backtick,
// backslash and brackets, and every non-ASCII byte (bidirectional
// overrides included) are percent-encoded, so that the address cannot end
// the autolink early, look other than it is, or hold "##[", which the
// GitHub runner obeys anywhere in a line of the log that prints the report.
func link(u string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.WriteByte('<')
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("<>`\\[]", c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	b.WriteByte('>')
	return b.String()
}
