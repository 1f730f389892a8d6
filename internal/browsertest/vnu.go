package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// vnuReport is the JSON report of the Nu HTML checker.
type vnuReport struct {
	Messages []vnuMessage `json:"messages"`
}

type vnuMessage struct {
	Type    string `json:"type"` // "error", or "non-document-error" when a file could not be checked
	URL     string `json:"url"`
	Line    int    `json:"lastLine"`
	Column  int    `json:"firstColumn"`
	Message string `json:"message"`
	Extract string `json:"extract"`
}

// vnuRun is the one run of the checker over the pages of every site, which
// starts in the background (see startVNU) and which TestHTMLValid waits for.
var vnuRun struct {
	once   sync.Once
	done   chan struct{} // closed when the checker has exited
	cancel context.CancelFunc
	report vnuReport
	err    error // the checker could not run, or its report could not be read
}

// startVNU starts the checker, once, over every page of every site, in the
// background, if Java and vnu.jar are there (TestHTMLValid says why not,
// otherwise): the first browser test starts it, so that the JVM checks
// pages on one core while Chromium works on the other, and its report is
// ready, or nearly, when TestHTMLValid comes to read it.
//
// One Java process checks every site: the JVM and the checker's schemas
// take longer to start than the checker takes to read a page, many times
// over.
func startVNU(all []*builtSite) {
	vnuRun.once.Do(func() {
		vnu, err := toolPath("DOSSIER_VNU", "vnu-jar/build/dist/vnu.jar")
		if err != nil {
			return
		}
		javaPath, err := exec.LookPath("java")
		if err != nil {
			return
		}
		// The JVM's own log, such as its warning that another JVM holds
		// the performance data file of the same process id, goes to
		// stdout unless told otherwise: it is sent to stderr, and that
		// file is not used, so that another test's JVM cannot garble
		// the report.
		args := []string{"-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:-UsePerfData",
			"-jar", vnu, "--errors-only", "--format", "json", "--stdout"}
		for _, s := range all {
			for _, page := range s.pages {
				args = append(args, filepath.Join(s.dir, filepath.FromSlash(page)))
			}
		}
		ctx, cancel := context.WithCancel(context.Background())
		vnuRun.cancel = cancel
		vnuRun.done = make(chan struct{})
		// The report goes to stdout, anything the JVM has to say to
		// stderr (see the flags above).
		var stdout, stderr bytes.Buffer
		cmd := exec.CommandContext(ctx, javaPath, args...)
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		go func() {
			defer close(vnuRun.done)
			runErr := cmd.Run() // exit status 1 just means errors were found
			if err := json.Unmarshal(stdout.Bytes(), &vnuRun.report); err != nil {
				vnuRun.err = fmt.Errorf("java -jar %s: %v; its output is not a JSON report (%v)\nstdout: %s\nstderr: %s", vnu, runErr, err, stdout.Bytes(), stderr.Bytes())
				return
			}
			if runErr != nil && len(vnuRun.report.Messages) == 0 {
				vnuRun.err = fmt.Errorf("java -jar %s: %v, with no message\nstderr: %s", vnu, runErr, stderr.Bytes())
			}
		}()
	})
}

// stopVNU ends the checker if it still runs, and waits for it; called by
// TestMain, when a run of a few tests did not need its report.
func stopVNU() {
	if vnuRun.cancel != nil {
		vnuRun.cancel()
		<-vnuRun.done
	}
}

// HTMLValid runs the W3C Nu HTML checker over every page of each site
// and fails on every error it reports, as page:line:column: message.
// Browsers repair invalid markup each in their own way, so what they show
// may differ from what the theme meant; the checker also catches what they
// forgive, such as duplicate ids that break fragment links.
func (u *Suite) HTMLValid(t *testing.T) {
	tool(t, "DOSSIER_VNU", "vnu-jar/build/dist/vnu.jar")
	java(t)
	all := u.sites(t)
	startVNU(all)
	if vnuRun.done == nil {
		t.Fatal("the HTML checker did not start")
	}
	<-vnuRun.done
	if vnuRun.err != nil {
		t.Fatal(vnuRun.err)
	}
	for _, s := range all {
		t.Run(s.Name, func(t *testing.T) {
			for _, m := range vnuRun.report.Messages {
				if page, ok := s.relPath(m.URL); ok {
					t.Errorf("%s/%s:%d:%d: %s: %s (at %q)", s.Name, page, m.Line, m.Column, m.Type, m.Message, m.Extract)
				}
			}
		})
	}
	// A message about a file of no site would be lost otherwise.
	for _, m := range vnuRun.report.Messages {
		if !slices.ContainsFunc(all, func(s *builtSite) bool { _, ok := s.relPath(m.URL); return ok }) {
			t.Errorf("%s:%d:%d: %s: %s (at %q)", m.URL, m.Line, m.Column, m.Type, m.Message, m.Extract)
		}
	}
}

// relPath turns the checker's file: URL of a page back into the page's
// path relative to the output, and reports whether the page is the site's.
func (s *builtSite) relPath(fileURL string) (string, bool) {
	u, err := url.Parse(fileURL)
	if err != nil || u.Scheme != "file" {
		return "", false
	}
	rel, err := filepath.Rel(s.dir, filepath.FromSlash(u.Path))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}
