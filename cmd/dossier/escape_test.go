package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// A pull request controls the notes' links and file names. Printed raw in
// a CI log, they could forge GitHub workflow commands (::add-mask::,
// ::warning, ##[...]) or drive the reviewer's terminal (ESC, bidirectional
// overrides). No format of check, nor build's messages, lets them through.
func TestCheckEscapesHostileInput(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../internal/build/testdata/fixture", dir)
	note := func(body string) []byte {
		return []byte("---\ntitle: \"T" + body[:4] + "\"\nquote: \"The mayor said\"\noccurrence: 1\nverdict: unsupported\ndate: 2025-03-06\n---\n" + body + "\n")
	}
	files := map[string][]byte{
		"a.md":                     note("[x](foo%0A::add-mask::secret.html)"),
		"b.md":                     note("[x](foo&#10;::add-mask::secret.html)"),
		"c.md":                     note("[x](&#x1b;[31mred.html)"),
		"d.md":                     note("[x](x.html#p1&#13;::error::forged)"),
		"e.md":                     note("[x](&#x202e;lmth.exe)"),
		"f.md":                     note("[x](##[add-mask]secret.html)"),
		"::warning file=x::y.md":   note("body"),
		"n\n::add-mask::secret.md": note("body"),
		"esc\x1b[31m.md":           note("body"),
		"bidi\u202e.md":            note("body"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, "content", "sample", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, format := range []string{"text", "github", "json"} {
		_, out, _ := dossier("check", "-s", dir, "--format", format)
		checkLog(t, format, out, format == "github")
		for _, want := range []string{`foo%0A::add-mask::secret.html`, `foo\n::add-mask::secret.html`, `\x1b[31mred.html`, `\u202elmth.exe`} {
			if format == "json" {
				want = strings.ReplaceAll(want, `\`, `\\`)
			}
			if format == "github" {
				want = strings.ReplaceAll(want, "%", "%25")
			}
			if !strings.Contains(out, want) {
				t.Errorf("%s: the link %s is not shown escaped:\n%s", format, want, out)
			}
		}
	}
	_, _, errs := dossier("build", "-s", dir, "-d", filepath.Join(t.TempDir(), "out"))
	checkLog(t, "build", errs, false)
}

// checkLog fails if out holds a character that acts on a terminal, a line
// that the GitHub runner would take for a command (other than the writer's
// own annotations, when github is set), or the runner's older "##[" form.
func checkLog(t *testing.T, format, out string, github bool) {
	t.Helper()
	for _, r := range out {
		if (unicode.IsControl(r) && r != '\n' && r != '\t') || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) {
			t.Errorf("%s: output holds %U:\n%s", format, r, out)
			return
		}
	}
	if strings.Contains(out, "##[") {
		t.Errorf("%s: output holds \"##[\":\n%s", format, out)
	}
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		if github && (strings.HasPrefix(line, "::error file=") || strings.HasPrefix(line, "::warning file=")) {
			continue
		}
		if strings.HasPrefix(trimmed, "::") {
			t.Errorf("%s: a line is a workflow command: %q", format, line)
		}
	}
}

// The seed's encoding error names its place as "path:line:col", the place
// being data of the error rather than words inside it.
func TestNewInvalidSeedPosition(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../internal/build/testdata/fixture", dir)
	if err := os.WriteFile(filepath.Join(dir, "seeds", "sample.txt"), []byte("ok\nbad \xff"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := dossier("new", "-s", dir, "sample", "ok")
	if want := "dossier new: seeds/sample.txt:2:5: the seed is not valid UTF-8 (byte 0xFF); the file looks like Windows-1252 or Latin-1, in which this byte is \"ÿ\": save it as UTF-8\n"; code != 1 || errs != want {
		t.Errorf("exit %d, %q; want %q", code, errs, want)
	}
}
