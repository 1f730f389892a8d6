package content

import (
	"dossier/internal/anchor"
	"dossier/internal/diag"
	"dossier/internal/textcheck"
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
		diags.Errorf(path, line, col, "%s is %s bytes long; the most accepted is %s (1 MiB)", what, textcheck.Count(len(data)), textcheck.Count(MaxFileSize))
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
