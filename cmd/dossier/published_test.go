package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckBase runs check --base through git: the published state is a
// commit, the change is the working tree.
func TestCheckBase(t *testing.T) {
	_, src := committedFixture(t, "published")
	dir := filepath.Join(src, "content", "sample")
	edit := func(name, old, new string) { editNote(t, src, name, old, new) }
	edit("vote.md", "verdict: accurate", "verdict: misleading")
	os.Remove(filepath.Join(dir, "across.md"))
	os.Rename(filepath.Join(dir, "mayor.md"), filepath.Join(dir, "mayor-said.md"))

	const silent = `content/sample/vote.md:4:10: error: the verdict of a published note changed from "accurate" to "misleading" without a corrections entry`
	code, out, errs := dossier("check", "-s", src, "--base", "HEAD")
	for _, want := range []string{
		silent,
		`content/sample/across.md: error: a published note is not deleted: retract it with retracted: {date, reason}`,
		`content/sample/mayor.md: error: a published note is not renamed: it moved to "content/sample/mayor-said.md"`,
	} {
		if code != 1 || !strings.Contains(out, want) {
			t.Errorf("exit %d, output lacks\n%s\noutput:\n%s%s", code, want, out, errs)
		}
	}
	// Without --base, nothing is compared.
	if _, out, _ := dossier("check", "-s", src); strings.Contains(out, "published note") {
		t.Errorf("check without --base compared:\n%s", out)
	}
	// The report counts the same errors.
	if _, md, _ := dossier("report", "-s", src, "-base", "HEAD"); !strings.Contains(md, "> The changed sources have") {
		t.Errorf("the report does not warn of the errors:\n%s", md)
	}

	edit("vote.md", "tags: [council]", "tags: [council]\ncorrections:\n  - {date: 2025-04-01, text: \"The minutes were amended: the vote was recounted.\"}")
	if _, out, _ := dossier("check", "-s", src, "--base", "HEAD"); strings.Contains(out, "vote.md:4:10") {
		t.Errorf("a correction does not answer the change of verdict:\n%s", out)
	}
	if code, _, errs := dossier("check", "-s", src, "--base", "no-such-ref"); code != 1 || !strings.Contains(errs, `"no-such-ref" is not a commit`) {
		t.Errorf("bad ref: %d %s", code, errs)
	}
}

// TestCheckUnfinished: a note that dossier new wrote, with its front matter
// filled in but its analysis and claim left as the skeleton has them, is
// warned about, and --strict fails on it until it is finished.
func TestCheckUnfinished(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"seeds/a.txt":         "Headline\n\nThe plot had two strands.\n",
		"content/_index.md":   "---\ntitle: Site\n---\n",
		"content/a/_index.md": "---\nheadline: H\n---\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
	}
	if code, _, errs := dossier("new", "-s", dir, "a", "two strands"); code != 0 {
		t.Fatalf("new: %d %s", code, errs)
	}
	note := filepath.Join(dir, "content", "a", "two-strands.md")
	data, _ := os.ReadFile(note)
	text := strings.NewReplacer(`title: ""`, "title: Two strands", "\nverdict:\n", "\nverdict: accurate\n",
		"sources: []", "sources: [{title: S, url: \"https://e.org/s\", archive: \"https://web.archive.org/web/20261125000000/https://e.org/s\"}]").Replace(string(data))
	os.WriteFile(note, []byte(text), 0o644)

	code, out, errs := dossier("check", "-s", dir)
	if code != 0 || !strings.Contains(out, `content/a/two-strands.md:13:8: warning: "claim" is empty`) ||
		!strings.Contains(out, `content/a/two-strands.md:21:1: warning: the note is unfinished: it still holds the skeleton's "**What the article says.**"`) ||
		!strings.Contains(errs, "0 errors, 2 warnings") {
		t.Errorf("unfinished: exit %d\n%s%s\n%s", code, out, errs, text)
	}
	if code, _, _ := dossier("check", "-s", dir, "--strict"); code != 1 {
		t.Errorf("--strict on an unfinished note: exit %d", code)
	}
	text = strings.NewReplacer(`claim: ""`, `claim: "The plot had two strands"`, "**What the article says.**\n", "**What the article says.**\nIt says two.\n",
		"**What the record shows.**\n", "**What the record shows.**\nTwo.\n", "**Verdict.**\n", "**Verdict.**\nAccurate.\n").Replace(text)
	os.WriteFile(note, []byte(text), 0o644)
	if code, out, errs := dossier("check", "-s", dir, "--strict"); code != 0 {
		t.Errorf("--strict on the finished note: exit %d\n%s%s", code, out, errs)
	}
}
