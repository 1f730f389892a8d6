package content

import (
	"unicode/utf8"

	"github.com/dossier-org/dossier/internal/anchor"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/frontmatter"
	"github.com/dossier-org/dossier/internal/textcheck"
)

// Limits on the texts of front matter. The site's title, description and
// publisher are on every page, a dossier's headline on each of its notes'
// pages, and the scale's labels beside every verdict: a long one would be
// multiplied by the pages, so these texts are bounded; the others follow
// for consistency. A quote's limits are anchor's.
const (
	// MaxLine is the longest one-line text accepted (a title, headline,
	// name, label, tag or verdict), in characters.
	MaxLine = textcheck.MaxLine
	// MaxText is the longest description accepted (the site's, a rating's
	// meaning, a claim), in characters.
	MaxText = 1000
)

// MaxFileSize is the largest Markdown file accepted (a note, an _index.md,
// methodology.md), in bytes: 1 MiB, some two hundred times a long note.
// Its front matter has a limit of its own (frontmatter.MaxSize).
const MaxFileSize = 1 << 20

// CheckFile reports in diags, at the first offending byte, why data cannot
// be read as a Markdown file of the source tree: it is over MaxFileSize, or
// it is not UTF-8 text (see textcheck). what names the file in messages
// ("the note"). It returns false when it reported a problem.
func CheckFile(path string, data []byte, what string, diags *diag.List) bool {
	if len(data) > MaxFileSize {
		line, col := textcheck.Position(data, MaxFileSize)
		diags.Errorf(path, line, col, "%s is %s bytes long; the most accepted is %s (%d MiB)", what, textcheck.Count(len(data)), textcheck.Count(MaxFileSize), MaxFileSize>>20)
		return false
	}
	if err := textcheck.Check(data, what); err != nil {
		diags.Errorf(path, err.Line, err.Col, "%s", err.Msg)
		return false
	}
	return true
}

// checkLength returns s, the note's quote, prefix or suffix, or "" when it
// is over its limit (see anchor.CheckLength), which it reports at the value.
func checkLength(what, s string, at Pos, path string, diags *diag.List) string {
	if err := anchor.CheckLength(what, s); err != nil {
		diags.Errorf(path, at.Line, at.Col, "%v", err)
		return ""
	}
	return s
}

// line returns the text of e, reporting an error at its value when it is
// over max characters.
func line(d *frontmatter.Decoder, e *frontmatter.Entry, max int) string {
	s := d.String(e)
	if n := utf8.RuneCountInString(s); n > max {
		d.Diags.Errorf(d.Path, e.Value.Line, e.Value.Col, "%q is %s characters long; the most accepted is %s", e.Key, textcheck.Count(n), textcheck.Count(max))
	}
	return s
}

// lines returns the texts of a list entry, as Decoder.Strings does,
// reporting each over MaxLine characters.
func lines(d *frontmatter.Decoder, e *frontmatter.Entry) []string {
	out := d.Strings(e)
	for i, s := range out {
		if n := utf8.RuneCountInString(s); n > MaxLine {
			at := e.Value
			if at.Kind == frontmatter.List && i < len(at.Items) {
				at = at.Items[i]
			}
			d.Diags.Errorf(d.Path, at.Line, at.Col, "each item of %q must be at most %s characters long; this one has %s", e.Key, textcheck.Count(MaxLine), textcheck.Count(n))
		}
	}
	return out
}
