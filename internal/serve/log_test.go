package serve

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/diag"
)

// TestLogEscapesChangedNames checks that the names of the changed files,
// which a contributor chooses, reach the terminal with their control
// characters escaped and cannot start a line of their own, with or
// without errors.
func TestLogEscapesChangedNames(t *testing.T) {
	names := []string{
		"content/d/b\x1b]0;pwned\a\x1b[2J.md",
		"content/d/\u202eevil.md",
		"content/d/a\n::error::pwned.md",
		"templates/x##[add-mask]y.css",
	}
	var failed diag.List
	failed.Errorf("content/d/x.md", 1, 1, "broken")
	for _, res := range []Result{{}, {Diags: failed}} {
		for _, name := range names {
			var buf bytes.Buffer
			s := &Server{log: &buf}
			s.logRebuild([]string{name}, res)
			out := buf.String()
			if strings.ContainsAny(out, "\x1b\a\u202e") || strings.Contains(out, "\n::") || strings.Contains(out, "##[") {
				t.Errorf("log of a change to %q (errors: %v) is not escaped:\n%s", name, res.Diags.HasErrors(), out)
			}
		}
	}
}
