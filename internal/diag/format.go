package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteText writes one "path:line:col: severity: message" line per
// diagnostic.
func (l List) WriteText(w io.Writer) error {
	for _, d := range l {
		text := d.String()
		if d.Severity == Error {
			// String marks only warnings; the full form names both.
			text = d.location() + ": error: " + d.Message
		}
		if _, err := fmt.Fprintln(w, text); err != nil {
			return err
		}
	}
	return nil
}

// WriteGitHub writes GitHub Actions workflow commands, which GitHub shows
// as annotations on the pull request's diff.
func (l List) WriteGitHub(w io.Writer) error {
	for _, d := range l {
		cmd := "error"
		if d.Severity == Warning {
			cmd = "warning"
		}
		props := "file=" + escapeProperty(d.Path)
		if d.Line > 0 {
			props += fmt.Sprintf(",line=%d", d.Line)
			if d.Col > 0 {
				props += fmt.Sprintf(",col=%d", d.Col)
			}
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", cmd, props, escapeData(d.Message)); err != nil {
			return err
		}
	}
	return nil
}

// The escapes GitHub's runner undoes in workflow commands.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }

// WriteJSON writes one JSON object per line (JSON Lines), for other tools.
func (l List) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	for _, d := range l {
		err := enc.Encode(struct {
			Path     string `json:"path"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		}{d.Path, d.Line, d.Col, d.Severity.String(), d.Message})
		if err != nil {
			return err
		}
	}
	return nil
}
