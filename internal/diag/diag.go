// Package diag holds the problems found in a source tree: each one pinned to
// a file, line and column, so that a user can jump straight to it.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Severity says whether a problem stops the build.
type Severity int

const (
	// Error stops the build: nothing is written.
	Error Severity = iota
	// Warning is reported but the build goes on.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// A Diagnostic is one problem at one place. Line and Col are 1-based; zero
// means the problem concerns the whole file.
type Diagnostic struct {
	Path     string
	Line     int
	Col      int
	Severity Severity
	Message  string
}

// String formats d as "path:line:col: message", with "warning: " before the
// message of a warning, the form editors and CI logs understand. Control
// characters are escaped and every line after the first is indented, as in
// WriteText, so that no path or message can drive a terminal or start a
// line of its own.
func (d Diagnostic) String() string {
	if d.Severity == Warning {
		return d.location() + ": warning: " + textMessage(d.Message)
	}
	return d.location() + ": " + textMessage(d.Message)
}

// EscapePath returns a file name from the source tree as it may be written to
// a terminal or a CI log outside a diagnostic: as in one, its control,
// bidirectional and zero-width characters are escaped ("\x1b", "\u202e"),
// "##[" is broken up, and it cannot start a workflow command.
func EscapePath(path string) string {
	return noCommand(escapeControls(path, false))
}

// location is "path:line:col", leaving out what is unknown, with the path's
// control characters escaped.
func (d Diagnostic) location() string {
	s := EscapePath(d.Path)
	if d.Line > 0 {
		s += fmt.Sprintf(":%d", d.Line)
		if d.Col > 0 {
			s += fmt.Sprintf(":%d", d.Col)
		}
	}
	return s
}

// A PosError is an error at a line and column of a file: what a package that
// parses one file returns, so that its caller can place the problem (with
// List.Add) rather than find the position written into the text. Line and
// Col are 1-based; Msg does not repeat them.
type PosError struct {
	Line, Col int
	Msg       string
}

// Error returns "line:col: msg", for a caller that prints the error alone.
func (e *PosError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Add adds err as an error in the file at path: at its position if it is (or
// wraps) a *PosError, else concerning the whole file.
func (l *List) Add(path string, err error) {
	if pe, ok := errors.AsType[*PosError](err); ok {
		l.Errorf(path, pe.Line, pe.Col, "%s", pe.Msg)
		return
	}
	l.Errorf(path, 0, 0, "%v", err)
}

// List collects diagnostics. The zero value is ready to use.
type List []Diagnostic

// Errorf adds an error at path:line:col.
func (l *List) Errorf(path string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{path, line, col, Error, fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at path:line:col.
func (l *List) Warnf(path string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{path, line, col, Warning, fmt.Sprintf(format, args...)})
}

// HasErrors reports whether any diagnostic in l is an error.
func (l List) HasErrors() bool {
	return slices.ContainsFunc(l, func(d Diagnostic) bool { return d.Severity == Error })
}

// Count returns the number of diagnostics of severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Summary counts l's errors, and its warnings if any, for a one-line
// report: "1 error", "2 errors, 1 warning".
func (l List) Summary() string {
	s := counted(l.Count(Error), "error")
	if n := l.Count(Warning); n > 0 {
		s += ", " + counted(n, "warning")
	}
	return s
}

func counted(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// Sort orders l by path, line, column and message, so that output does not
// depend on the order in which parallel workers found the problems.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			strings.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			strings.Compare(a.Message, b.Message),
		)
	})
}

// String returns one diagnostic per line.
func (l List) String() string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}
