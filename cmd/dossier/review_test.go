package main

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

// TestCheckFormats runs check on a tree with one instance of every problem
// and compares each output format with its reviewed golden file. After an
// intended change: go test ./cmd/dossier -run CheckFormats -update, then
// review the diff.
func TestCheckFormats(t *testing.T) {
	for _, format := range []string{"text", "github", "json"} {
		t.Run(format, func(t *testing.T) {
			code, out, _ := dossier("check", "-s", "testdata/problems", "--format", format)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			golden := filepath.Join("testdata", "problems."+format)
			if *update {
				os.WriteFile(golden, []byte(out), 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s:\n%s", golden, out)
			}
		})
	}
}

// TestCheckProblems names the problems the fixture must show, so that the
// golden file cannot lose one unnoticed.
func TestCheckProblems(t *testing.T) {
	_, out, errs := dossier("check", "-s", "testdata/problems")
	for _, want := range []string{
		`content/a/ambiguous.md:6:5: warning: source "S" has no archived copy: run "dossier archive"`,
		`content/a/dup.md:3:8: error: quote occurs 2 times`,
		`content/a/dup.md:4:1: warning: unknown key "verdcit"`,
		`content/a/dup.md:5:10: error: unknown verdict "true"`,
		`content/a/dup.md:6:13: error: "occurrence" must be a whole number`,
		`content/a/dup.md:9:10: error: "url": only http and https URLs are accepted`,
		`content/a/good.md:2:8: error: title "Two strands" is also the title of "content/a/dup.md"`,
		`content/a/good.md:6:10: error: "updated" (2025-01-05) is before "date" (2025-01-10)`,
		`content/a/good.md:7:13: warning: "seeds/a.txt" has changed since this note was reviewed`,
		`content/a/good.md:11:11: error: source "Later source" is dated 2025-02-01, after the note's date 2025-01-10`,
		`content/a/good.md:13:23: error: link "missing.html" points to "a/missing.html", which the site does not have`,
		`content/a/good.md:13:52: error: link "index.html#p9" points to paragraph "#p9", but the article has 3 paragraphs`,
		`content/a/good.md:14:38: error: link "../../etc/passwd" leaves the site`,
		`content/a/lost.md:2:8: error: the note cites no source`,
		`content/a/lost.md:3:8: error: quote not found in "seeds/a.txt"; the closest passage, at line 5, column 1, is "Officials agreed on Tuesday."`,
		`content/orphan/: error: dossier has no seed: expected the article at "seeds/orphan.txt"`,
		`seeds/lonely.txt: error: seed has no dossier: expected "content/lonely/_index.md"`,
	} {
		if !strings.Contains(out, want+"") {
			t.Errorf("missing: %s", want)
		}
	}
	if strings.Contains(out, "claims.html") || strings.Contains(out, "#p2") {
		t.Errorf("a valid link was reported:\n%s", out)
	}
	if !strings.HasPrefix(errs, "checked 1 dossier and 4 notes: 15 errors, 3 warnings") {
		t.Errorf("summary: %s", errs)
	}
}

func TestCheckStrict(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../internal/build/testdata/fixture", dir)
	// The fixture's notes without sources are errors; give them one.
	for _, name := range []string{"across", "mayor", "opponents"} {
		p := filepath.Join(dir, "content", "sample", name+".md")
		data, _ := os.ReadFile(p)
		data = []byte(strings.Replace(string(data), "date: 2025-03-06\n", "date: 2025-03-06\nsources:\n  - {title: S, url: \"https://example.org/\"}\n", 1))
		os.WriteFile(p, data, 0o644)
	}
	if code, out, errs := dossier("check", "-s", dir); code != 0 {
		t.Fatalf("warnings only: exit %d\n%s%s", code, out, errs)
	}
	if code, _, _ := dossier("check", "-s", dir, "--strict"); code != 1 {
		t.Errorf("--strict with warnings: exit %d", code)
	}
}

func TestNew(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../internal/build/testdata/fixture", dir)
	today = func() string { return "2026-01-02" }

	code, _, errs := dossier("new", "-s", dir, "sample", "The mayor sayd")
	if code != 1 || !strings.Contains(errs, `quote not found in "seeds/sample.txt"; the closest passage, at line 6, column 1, is "The mayor said"`) {
		t.Errorf("missing quote: %d %s", code, errs)
	}
	code, _, errs = dossier("new", "-s", dir, "sample", strings.Repeat("The mayor said ", 200))
	if code != 1 || errs != "dossier new: the quote is 2,999 characters long; the most accepted is 2,000\n" {
		t.Errorf("long quote: %d %s", code, errs)
	}
	code, _, errs = dossier("new", "-s", dir, "sample", "The mayor said")
	if code != 1 || !strings.Contains(errs, "quote occurs 2 times") || !strings.Contains(errs, "-occurrence N") {
		t.Errorf("ambiguous quote: %d %s", code, errs)
	}
	code, out, errs := dossier("new", "-s", dir, "sample", "The mayor said", "-occurrence", "2")
	if code != 0 || out != "wrote content/sample/the-mayor-said.md: fill in the title, verdict and sources\n" {
		t.Fatalf("present quote: %d %s%s", code, out, errs)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "content", "sample", "the-mayor-said.md"))
	for _, want := range []string{"quote: \"The mayor said\"\noccurrence: 2\n", "#   accurate ", "\nverdict:\n", "date: 2026-01-02\n", "seedSHA256: bf1923932c4f", "sources: []"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("new note lacks %q:\n%s", want, data)
		}
	}
	if code, out, errs := dossier("new", "-s", dir, "sample", "The mayor said", "-occurrence", "2"); code != 0 || !strings.HasPrefix(out, "wrote content/sample/the-mayor-said-2.md:") {
		t.Errorf("a second note on the quote: %d %s%s", code, out, errs)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "content", "sample", "the-mayor-said.md")); string(again) != string(data) {
		t.Errorf("the first note was overwritten:\n%s", again)
	}
	if code, _, _ := dossier("new", "-s", dir, "sample", "Opponents — including three former librarians"); code != 0 {
		t.Errorf("unique quote: %d", code)
	}
	data, _ = os.ReadFile(filepath.Join(dir, "content", "sample", "opponents-including-three-former-librarians.md"))
	if strings.Contains(string(data), "occurrence") {
		t.Error("a unique quote got an occurrence")
	}
	// A remark's skeleton has no verdict, claim, claimant or rating scale.
	code, out, errs = dossier("new", "-s", dir, "sample", "--remark", "All rights reserved")
	if code != 0 || out != "wrote content/sample/all-rights-reserved.md: fill in the title and the remark\n" {
		t.Fatalf("new remark: %d %s%s", code, out, errs)
	}
	data, _ = os.ReadFile(filepath.Join(dir, "content", "sample", "all-rights-reserved.md"))
	for _, want := range []string{"---\nkind: remark ", "quote: \"All rights reserved\"\n", "date: 2026-01-02\n", "seedSHA256: bf1923932c4f"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("new remark lacks %q:\n%s", want, data)
		}
	}
	for _, unwanted := range []string{"\nverdict", "\nclaim", "accurate"} {
		if strings.Contains(string(data), unwanted) {
			t.Errorf("new remark has %q:\n%s", unwanted, data)
		}
	}
	// The skeletons are valid YAML: the only build errors are the fields
	// the author must fill in.
	_, _, errs = dossier("build", "-s", dir, "-d", filepath.Join(t.TempDir(), "out"))
	for _, line := range strings.Split(strings.TrimSpace(errs), "\n") {
		if strings.Contains(line, "opponents-including") && !strings.Contains(line, `"title" must not be empty`) && !strings.Contains(line, `"verdict" must not be empty`) {
			t.Errorf("unexpected: %s", line)
		}
		if strings.Contains(line, "all-rights-reserved") && !strings.Contains(line, `"title" must not be empty`) {
			t.Errorf("unexpected: %s", line)
		}
	}
	if !strings.Contains(errs, `content/sample/all-rights-reserved.md:3:1: "title" must not be empty`) {
		t.Errorf("the remark's empty title is not reported:\n%s", errs)
	}
}

// committedFixture copies the fixture site into site/ of a new git
// repository and commits it with message msg; it skips the test where git
// is not installed.
func committedFixture(t *testing.T, msg string) (repo, src string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo = t.TempDir()
	src = filepath.Join(repo, "site")
	copyTree(t, "../../internal/build/testdata/fixture", src)
	gitRun(t, repo, "init", "-q")
	gitRun(t, repo, "add", "-A")
	gitRun(t, repo, "commit", "-qm", msg)
	return repo, src
}

// editNote replaces the first old with new in the note name of the
// fixture's dossier under src.
func editNote(t *testing.T, src, name, old, new string) {
	t.Helper()
	p := filepath.Join(src, "content", "sample", name)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=T", "-c", "user.email=t@example.org"}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// TestReport compares two commits of a repository in which the site lives
// in a subfolder; the working tree is the second.
func TestReport(t *testing.T) {
	repo, src := committedFixture(t, "base")
	edit := func(name, old, new string) { editNote(t, src, name, old, new) }
	edit("vote.md", "verdict: accurate", "verdict: misleading")
	edit("savings.md", "    quote: \"saves $1.9 million\"\n", "    quote: \"saves $1.9 million\"\n  - title: Audit\n    url: \"https://audit.example.org/\"\n")
	edit("opponents.md", `quote: "Opponents - including three former librarians - called it \"a mistake\"."`, `quote: "including three former librarians"`)
	os.Remove(filepath.Join(src, "content", "sample", "across.md"))
	os.WriteFile(filepath.Join(src, "content", "sample", "extra.md"), []byte("---\ntitle: Extra\nquote: \"nothing else\"\nverdict: opinion\n---\nx\n"), 0o644)
	gitRun(t, repo, "add", "-A")
	gitRun(t, repo, "commit", "-qm", "change")

	code, out, errs := dossier("report", "-s", src, "-base", "HEAD~1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"<!-- dossier-report -->",
		"### Notes added (1)\n\n- `sample/extra`: Extra — **Opinion**",
		"### Notes removed (1)\n\n- `sample/across`: A quote across two paragraphs — was **Opinion**",
		"### Verdicts changed (1)\n\n- `sample/vote`: The vote was 7–2, as the minutes record: **Accurate → Misleading**",
		"- `sample/opponents`: quote changed from “Opponents - including three former librarians - called it \"a mistake\".” (line 8) to “including three former librarians” (line 8)",
		"### Sources added or removed (1)\n\n- `sample/savings`: added <https://audit.example.org/>",
		"| `sample` | 1 → **0** | 1 | 1 | 0 → **1** | 0 | 1 | 1 | 5 |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks:\n%s\n\nreport:\n%s", want, out)
		}
	}
	if code, _, errs := dossier("report", "-s", src, "-base", "no-such-ref"); code != 1 || !strings.Contains(errs, `"no-such-ref" is not a commit`) {
		t.Errorf("bad ref: %d %s", code, errs)
	}
}
