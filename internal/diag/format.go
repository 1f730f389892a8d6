package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// WriteText writes one "path:line:col: severity: message" line per
// diagnostic.
func (l List) WriteText(w io.Writer) error {
	for _, d := range l {
		text := d.String()
		if d.Severity == Error {
			// String marks only warnings; the full form names both.
			text = d.location() + ": error: " + textMessage(d.Message)
		}
		if _, err := fmt.Fprintln(w, text); err != nil {
			return err
		}
	}
	return nil
}

// WriteGitHub writes GitHub Actions workflow commands, which GitHub shows
// as annotations on the pull request's diff. Each diagnostic is one line:
// the message's line breaks are escaped, so no part of it can start a
// command of its own.
func (l List) WriteGitHub(w io.Writer) error {
	for _, d := range l {
		cmd := "error"
		if d.Severity == Warning {
			cmd = "warning"
		}
		props := "file=" + escapeProperty(escapeControls(d.Path, false))
		if d.Line > 0 {
			props += fmt.Sprintf(",line=%d", d.Line)
			if d.Col > 0 {
				props += fmt.Sprintf(",col=%d", d.Col)
			}
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", cmd, props, escapeData(escapeControls(d.Message, true))); err != nil {
			return err
		}
	}
	return nil
}

// The escapes GitHub's runner undoes in workflow commands, as the Actions
// toolkit writes them (escapeData and escapeProperty in
// github.com/actions/toolkit, packages/core/src/command.ts; undone by
// ActionCommand.cs in github.com/actions/runner) and "Workflow commands for
// GitHub Actions" documents: in the data after "::", '%', CR and LF; in a
// property, also ':' and ',', which separate the properties.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }

// WriteJSON writes one JSON object per line (JSON Lines), for other tools.
// Paths and messages are escaped as for the other formats, because a tool
// may print them as they are.
func (l List) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	for _, d := range l {
		err := enc.Encode(struct {
			Path     string `json:"path"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		}{escapeControls(d.Path, false), d.Line, d.Col, d.Severity.String(), escapeControls(d.Message, true)})
		if err != nil {
			return err
		}
	}
	return nil
}

// escapeControls escapes, as Go's %q would, every character of s that can
// act on a terminal or hide text rather than show itself: C0 and C1 control
// characters (ESC, BEL, CR...), DEL, format characters (bidirectional
// overrides and isolates U+202A–U+202E and U+2066–U+2069, zero-width
// characters, the byte order mark), the line and paragraph separators, and
// bytes that are not UTF-8. Line feeds and tabs are kept when keepLines is
// set, for messages that list places on lines of their own. It is the last
// line of defence: the messages already quote what users wrote with %q.
// It also breaks up "##[", with which the GitHub Actions runner starts a
// command anywhere in a line (ActionCommand.TryParse in actions/runner).
func escapeControls(s string, keepLines bool) string {
	clean := func(r rune) bool {
		if keepLines && (r == '\n' || r == '\t') {
			return true
		}
		return !IsHidden(r)
	}
	if !strings.Contains(s, "##[") && strings.IndexFunc(s, func(r rune) bool { return !clean(r) }) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case strings.HasPrefix(s[i:], "##["):
			// The runner's older command syntax, "##[add-mask]secret",
			// is obeyed anywhere in a line of the log.
			b.WriteString(`##\x5b`)
			size = 3
		case clean(r):
			b.WriteString(s[i : i+size])
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}

// IsHidden reports whether r acts on a terminal or hides text rather than
// showing itself: a C0 or C1 control character (line feed and tab
// included), DEL, a format character (bidirectional overrides and
// isolates, zero-width characters, the byte order mark), the line or
// paragraph separator, or utf8.RuneError, which stands for a byte that is
// not UTF-8. The diagnostics' writers escape these; every other writer of
// the sources' text must not let them through either.
func IsHidden(r rune) bool {
	return r == utf8.RuneError || unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// textMessage prepares a message for a line of text: its control
// characters escaped and every line after the first indented by a tab, so
// that no line of a message of several lines looks like a diagnostic of its
// own. The runner reads a line as a workflow command when it starts with
// "::" after white space (ActionCommand.TryParseV2 in actions/runner), so
// such a line's first colon is written as \x3a.
func textMessage(msg string) string {
	msg = escapeControls(msg, true)
	if !strings.Contains(msg, "\n") {
		return msg
	}
	lines := strings.Split(msg, "\n")
	for i := 1; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "\t") {
			lines[i] = "\t" + lines[i]
		}
		lines[i] = noCommand(lines[i])
	}
	return strings.Join(lines, "\n")
}

// noCommand writes the first colon of a line that starts with "::" after
// white space as \x3a, so that the line is not a workflow command.
func noCommand(line string) string {
	rest := strings.TrimLeftFunc(line, unicode.IsSpace)
	if !strings.HasPrefix(rest, "::") {
		return line
	}
	return line[:len(line)-len(rest)] + `\x3a` + rest[1:]
}
