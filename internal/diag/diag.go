// Package diag holds the problems found in a source tree: each one pinned to
// a file, line and column, so that a user can jump straight to it.
package diag

import (
	"cmp"
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
// message of a warning, the form editors and CI logs understand.
func (d Diagnostic) String() string {
	if d.Severity == Warning {
		return d.location() + ": warning: " + d.Message
	}
	return d.location() + ": " + d.Message
}

// location is "path:line:col", leaving out what is unknown.
func (d Diagnostic) location() string {
	s := d.Path
	if d.Line > 0 {
		s += fmt.Sprintf(":%d", d.Line)
		if d.Col > 0 {
			s += fmt.Sprintf(":%d", d.Col)
		}
	}
	return s
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
