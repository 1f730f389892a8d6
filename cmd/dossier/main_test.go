package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

func dossier(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// TestBuildBrokenNoteKeepsOutput is the contract of the build command: a
// broken note gives precise messages, exit status 1, and leaves the
// previous site exactly as it was.
func TestBuildBrokenNoteKeepsOutput(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "../../internal/build/testdata/fixture", src)
	dest := filepath.Join(t.TempDir(), "public")

	code, out, errs := dossier("build", "-s", src, "-d", dest)
	if code != 0 || !strings.HasPrefix(out, "built 1 dossier, 7 notes, 22 pages in ") {
		t.Fatalf("first build: %d\n%s%s", code, out, errs)
	}
	before, _ := os.ReadFile(filepath.Join(dest, "sample", "vote.html"))

	broken := map[string]string{
		"content/sample/vote.md":      "---\ntitle: \"unclosed\nquote: x\n---\n",
		"content/sample/mayor.md":     "---\ntitle: T\nquote: \"The mayor said\"\noccurrence: 1\nverdict: wrong\n---\n",
		"content/sample/opponents.md": "---\ntitle: O\nquote: \"Opponents including four librarians\"\nverdict: accurate\n---\n",
	}
	for name, data := range broken {
		os.WriteFile(filepath.Join(src, filepath.FromSlash(name)), []byte(data), 0o644)
	}
	code, out, errs = dossier("build", "-s", src, "-d", dest)
	if code != 1 || out != "" {
		t.Fatalf("broken build: exit %d, stdout %q", code, out)
	}
	want := []string{
		"content/sample/mayor.md:5:10: unknown verdict \"wrong\"",
		"content/sample/opponents.md:3:8: quote not found in \"seeds/sample.txt\"; the closest passage, at line 8, column 1, is \"Opponents — including three former librarians\"",
		"content/sample/savings.md:15:67: warning: raw HTML is not rendered",
		"content/sample/savings.md:15:77: warning: raw HTML is not rendered",
		"content/sample/vote.md:2:8: invalid YAML: could not find end character of double-quoted text",
		"dossier build: 3 errors, 2 warnings; nothing was written",
	}
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if len(lines) != len(want) {
		t.Fatalf("stderr:\n%s", errs)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d:\n got %s\nwant %s", i, lines[i], w)
		}
	}
	after, _ := os.ReadFile(filepath.Join(dest, "sample", "vote.html"))
	if !bytes.Equal(before, after) || len(after) == 0 {
		t.Error("the previous output was changed by a failed build")
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Commands:"},
		{[]string{"help"}, 0, "build"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"build", "-h"}, 0, "Usage: dossier build [flags]"},
		{[]string{"build", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"version"}, 0, "dossier "},
	}
	for _, tt := range tests {
		code, out, errs := dossier(tt.args...)
		if code != tt.code || !strings.Contains(out+errs, tt.want) {
			t.Errorf("%v: exit %d, output %q; want %d and %q", tt.args, code, out+errs, tt.code, tt.want)
		}
	}
}

// TestShippedSiteBuilds builds the repository's own dossier, so that a note
// that stops anchoring fails the tests, not the deployment.
func TestShippedSiteBuilds(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	code, out, errs := dossier("build", "-s", "../..", "-d", dest)
	// The repository carries a placeholder baseURL, so the build has
	// nothing to say about it.
	if code != 0 || errs != "" {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, name := range []string{"iran-azerbaijan-plot/index.html", "feed.xml", "sitemap.xml", "claimreview.json"} {
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(name))); err != nil {
			t.Error(err)
		}
	}
}

// TestBuildProfiles checks that the profiling flags write profiles, which
// are gzipped protocol buffers: a build smaller than profiledFile writes
// its heap profile at the end.
func TestBuildProfiles(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "../../internal/build/testdata/fixture", src)
	dir := t.TempDir()
	cpu, heap := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "heap.prof")
	code, out, errs := dossier("build", "-s", src, "-d", filepath.Join(dir, "public"), "-cpuprofile", cpu, "-memprofile", heap)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, name := range []string{cpu, heap} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		z, err := gzip.NewReader(f)
		var n int64
		if err == nil {
			n, err = io.Copy(io.Discard, z)
		}
		f.Close()
		if err != nil || n == 0 {
			t.Errorf("%s: %d bytes of profile, %v", name, n, err)
		}
	}
}
