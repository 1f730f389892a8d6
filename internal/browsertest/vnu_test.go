package browsertest

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os/exec"
	"path/filepath"
	"testing"
)

// vnuReport is the JSON report of the Nu HTML checker.
type vnuReport struct {
	Messages []struct {
		Type    string `json:"type"` // "error", or "non-document-error" when a file could not be checked
		URL     string `json:"url"`
		Line    int    `json:"lastLine"`
		Column  int    `json:"firstColumn"`
		Message string `json:"message"`
		Extract string `json:"extract"`
	} `json:"messages"`
}

// TestHTMLValid runs the W3C Nu HTML checker over every page of each site
// and fails on every error it reports, as page:line:column: message.
// Browsers repair invalid markup each in their own way, so what they show
// may differ from what the theme meant; the checker also catches what they
// forgive, such as duplicate ids that break fragment links.
//
// One Java process checks a whole site: the JVM takes longer to start than
// the checker takes to read a page.
func TestHTMLValid(t *testing.T) {
	vnu := tool(t, "DOSSIER_VNU", "vnu-jar/build/dist/vnu.jar")
	javaPath := java(t)
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			// The two JVMs use the two cores while nothing else runs.
			t.Parallel()
			// The JVM's own log, such as its warning that another JVM
			// holds the performance data file of the same process id,
			// goes to stdout unless told otherwise: it is sent to stderr,
			// and that file is not used, so that the two JVMs of this
			// test, or another test's, cannot garble the report.
			args := []string{"-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:-UsePerfData",
				"-jar", vnu, "--errors-only", "--format", "json", "--stdout"}
			for _, page := range s.pages {
				args = append(args, filepath.Join(s.dir, filepath.FromSlash(page)))
			}
			// The report goes to stdout, anything the JVM has to say to
			// stderr (see the flags above).
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(javaPath, args...)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			runErr := cmd.Run() // exit status 1 just means errors were found
			var report vnuReport
			if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
				t.Fatalf("java -jar %s: %v; its output is not a JSON report (%v)\nstdout: %s\nstderr: %s", vnu, runErr, err, stdout.Bytes(), stderr.Bytes())
			}
			for _, m := range report.Messages {
				t.Errorf("%s/%s:%d:%d: %s: %s (at %q)", s.name, s.relPath(m.URL), m.Line, m.Column, m.Type, m.Message, m.Extract)
			}
			if runErr != nil && len(report.Messages) == 0 {
				t.Errorf("java -jar %s: %v, with no message\nstderr: %s", vnu, runErr, stderr.Bytes())
			}
		})
	}
}

// relPath turns the checker's file: URL of a page back into the page's
// path relative to the output.
func (s *builtSite) relPath(fileURL string) string {
	u, err := url.Parse(fileURL)
	if err != nil || u.Scheme != "file" {
		return fileURL
	}
	rel, err := filepath.Rel(s.dir, filepath.FromSlash(u.Path))
	if err != nil {
		return fileURL
	}
	return filepath.ToSlash(rel)
}
