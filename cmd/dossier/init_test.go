package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/dossier-org/dossier/internal/skeleton"
)

// TestInit starts a site with and without the example, and checks that
// it passes "check --strict" with nothing to report and builds.
func TestInit(t *testing.T) {
	tests := []struct {
		args     []string
		checked  string
		built    string
		files    int
		examples bool
	}{
		{nil, "checked 0 dossiers and 0 notes: 0 errors, 0 warnings", "built 0 dossiers, 0 notes, ", 9, false},
		{[]string{"--example"}, "checked 1 dossier and 3 notes: 0 errors, 0 warnings", "built 1 dossier, 3 notes, ", 14, true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(append([]string{"init"}, tt.args...), " "), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "new", "site") // folders that do not exist yet
			code, out, errs := dossier(append([]string{"init", dir}, tt.args...)...)
			if code != 0 || errs != "" {
				t.Fatalf("init: exit %d\n%s%s", code, out, errs)
			}
			for _, want := range []string{"Created a dossier site in " + dir + ":\n", "\n  .github/workflows/dossier.yml\n", "\n  content/methodology.md\n", "dossier serve", "dossier new <slug>", "dossier build"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			listed := strings.Split(strings.SplitN(out, "\n\n", 2)[0], "\n")[1:]
			if len(listed) != tt.files {
				t.Errorf("%d files listed, want %d:\n%s", len(listed), tt.files, out)
			}
			if strings.Contains(out, skeleton.ExampleDossier) != tt.examples {
				t.Errorf("output and the example:\n%s", out)
			}
			code, _, errs = dossier("check", "-s", dir, "--strict")
			if code != 0 || !strings.HasPrefix(errs, tt.checked) {
				t.Errorf("check --strict: exit %d\n%s", code, errs)
			}
			dest := filepath.Join(t.TempDir(), "public")
			code, out, errs = dossier("build", "-s", dir, "-d", dest)
			if code != 0 || !strings.HasPrefix(out, tt.built) {
				t.Errorf("build: exit %d\n%s%s", code, out, errs)
			}
			for _, page := range []string{"index.html", "methodology.html", "about.html", "team.html", "funding.html", "contact.html"} {
				html, err := os.ReadFile(filepath.Join(dest, page))
				if err != nil || !strings.Contains(string(html), "TODO") {
					t.Errorf("%s: %v, or it does not show the TODOs of the draft", page, err)
				}
			}
			if _, err := os.Stat(filepath.Join(dest, skeleton.ExampleDossier, "index.html")); (err == nil) != tt.examples {
				t.Errorf("the example's page: %v", err)
			}
		})
	}
}

// TestInitRefuses checks that init writes into an empty folder, a new one
// or one holding only .git, and into nothing else.
func TestInitRefuses(t *testing.T) {
	tests := []struct {
		name  string
		setup func(dir string) // makes dir, or not
		code  int
		want  string
	}{
		{"an empty folder", func(dir string) { os.Mkdir(dir, 0o755) }, 0, "Created a dossier site"},
		{"a new repository", func(dir string) { os.MkdirAll(filepath.Join(dir, ".git", "objects"), 0o755) }, 0, "Created a dossier site"},
		{"a worktree's .git file", func(dir string) {
			os.Mkdir(dir, 0o755)
			os.WriteFile(filepath.Join(dir, ".git"), []byte("gitdir: x\n"), 0o644)
		}, 0, "Created a dossier site"},
		{"a folder with a README", func(dir string) {
			os.Mkdir(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "README.md"), []byte("# hi\n"), 0o644)
		}, 1, "is not empty (it holds README.md): start a site in a new or empty folder"},
		{"an existing site", func(dir string) {
			os.MkdirAll(filepath.Join(dir, "content"), 0o755)
			os.MkdirAll(filepath.Join(dir, "seeds"), 0o755)
			os.WriteFile(filepath.Join(dir, ".gitignore"), nil, 0o644)
		}, 1, "is not empty (it holds .gitignore, content, seeds)"},
		{"many files", func(dir string) {
			os.Mkdir(dir, 0o755)
			for _, name := range []string{"a", "b", "c", "d", "e", "f", "g"} {
				os.WriteFile(filepath.Join(dir, name), nil, 0o644)
			}
		}, 1, "(it holds a, b, c, d, e and 2 more)"},
		{"a file", func(dir string) { os.WriteFile(dir, []byte("x"), 0o644) }, 1, "is not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "site")
			tt.setup(dir)
			before := listTree(t, dir)
			code, out, errs := dossier("init", dir)
			if code != tt.code || !strings.Contains(out+errs, tt.want) {
				t.Fatalf("exit %d, want %d and %q:\n%s%s", code, tt.code, tt.want, out, errs)
			}
			if code != 0 {
				if !strings.HasPrefix(errs, "dossier init: "+dir) {
					t.Errorf("the error does not name the folder first: %s", errs)
				}
				if after := listTree(t, dir); after != before {
					t.Errorf("a refused init changed the folder:\n%s\nwas:\n%s", after, before)
				}
			} else if after := listTree(t, dir); strings.Contains(before, "\n.git ") && !strings.Contains(after, before[strings.Index(before, "\n.git "):]) {
				t.Errorf(".git was changed:\n%s\nwas:\n%s", after, before)
			}
		})
	}
	for _, args := range [][]string{{"init", "a", "b"}, {"init", "-bogus"}} {
		if code, _, _ := dossier(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := dossier("init", "-h"); code != 0 || !strings.Contains(errs, "Usage: dossier init [flags] [DIR]") || !strings.Contains(errs, "-example") {
		t.Errorf("init -h: exit %d\n%s", code, errs)
	}
}

// listTree describes the files under dir, or its absence.
func listTree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			b.WriteString("error " + err.Error() + "\n")
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(rel + " " + fi.Mode().String() + "\n")
		return nil
	})
	return b.String()
}

// TestWriteSiteRollsBack makes the last file fail to write and checks
// that what was written before it is removed again, folders included.
func TestWriteSiteRollsBack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	files := []skeleton.File{
		{Path: "content/_index.md", Data: []byte("a")},
		{Path: "content/deep/er/note.md", Data: []byte("b")},
		{Path: "content/_index.md", Data: []byte("c")}, // exists by now: refused
	}
	err := writeSite(dir, files)
	if err == nil || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("writeSite = %v", err)
	}
	if _, err := os.Lstat(dir); !os.IsNotExist(err) {
		t.Errorf("%s is left behind:\n%s", dir, listTree(t, dir))
	}
	// A folder that existed is kept, with what was in it.
	dir = t.TempDir()
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	if err := writeSite(dir, files); err == nil {
		t.Fatal("no error")
	}
	if got := listTree(t, dir); !strings.HasPrefix(got, ". d") || strings.Count(got, "\n") != 2 || !strings.Contains(got, ".git d") {
		t.Errorf("left:\n%s", got)
	}
}

// TestInitTerminal checks that a folder name cannot drive the terminal.
func TestInitTerminal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "evil\x1b[2J\x07 site")
	code, out, errs := dossier("init", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("a control character reached the terminal:\n%q", out)
	}
	if !strings.Contains(out, `\x1b[2J\a site`) {
		t.Errorf("the folder is not shown quoted:\n%s", out)
	}
	code, _, errs = dossier("init", dir)
	if code != 1 || strings.ContainsAny(errs, "\x1b\x07") {
		t.Errorf("second init: exit %d, %q", code, errs)
	}
}

func TestVersion(t *testing.T) {
	code, out, errs := dossier("version")
	// The test binary's module has a local name, so the fallback stands
	// in for it; a test binary is a development build.
	if code != 0 || errs != "" || !regexp.MustCompile(`^dossier \S+\nmodule  github\.com/dossier-org/dossier\ncommit  \S+\ndate    \S+\ngo      go\S+ \w+/\w+\n$`).MatchString(out) {
		t.Errorf("exit %d:\n%s%s", code, out, errs)
	}
}

// workflowRuns returns the dossier command lines of a job of the
// workflow that init writes, in order.
func workflowRuns(t *testing.T, dir, job string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, ".github", "workflows", "dossier.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var w struct {
		Jobs map[string]struct {
			Steps []struct {
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(data, &w); err != nil {
		t.Fatal(err)
	}
	var runs []string
	for _, s := range w.Jobs[job].Steps {
		for _, line := range strings.Split(s.Run, "\n") {
			if strings.HasPrefix(line, "dossier ") {
				runs = append(runs, line)
			}
		}
	}
	return runs
}

// shellWords splits a workflow's command line as the shell would, for the
// few forms the workflow uses: words, double quotes, ${VAR} and $VAR from
// env, and a final "> file", which is dropped (the output is returned).
func shellWords(t *testing.T, line string, env map[string]string) []string {
	t.Helper()
	if i := strings.Index(line, " > "); i >= 0 {
		line = line[:i]
	}
	if strings.ContainsAny(line, "'`\\|;&<>()") {
		t.Fatalf("the test cannot run %q", line)
	}
	var words []string
	for _, w := range strings.Fields(line) {
		w = strings.ReplaceAll(w, `"`, "")
		w = os.Expand(w, func(k string) string {
			v, ok := env[k]
			if !ok {
				t.Fatalf("%q uses $%s, which the test does not set", line, k)
			}
			return v
		})
		words = append(words, w)
	}
	return words
}

// TestInitWorkflowEndToEnd plays what the workflow of a new site does,
// with a local repository standing in for GitHub: a desk starts a site
// with the example and pushes it; a contributor clones it, changes a
// verdict on a branch, and opens a pull request, whose review job runs
// check, build and report; the merge then runs the publish job's commands.
// The command lines are read from the workflow itself.
func TestInitWorkflowEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root := t.TempDir()
	upstream := filepath.Join(root, "upstream")
	os.Mkdir(upstream, 0o755)
	gitRun(t, upstream, "init", "-q")
	gitRun(t, upstream, "symbolic-ref", "HEAD", "refs/heads/main")
	if code, out, errs := dossier("init", "--example", upstream); code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	gitRun(t, upstream, "add", "-A")
	gitRun(t, upstream, "commit", "-qm", "Start the site")

	work := filepath.Join(root, "work")
	gitRun(t, root, "clone", "-q", upstream, work)
	gitRun(t, work, "checkout", "-q", "-b", "rate-crossings")
	note := filepath.Join(work, "content", skeleton.ExampleDossier, "daily-crossings.md")
	data, _ := os.ReadFile(note)
	edited := strings.Replace(string(data), "verdict: inaccurate\n", "verdict: misleading\n", 1)
	if edited == string(data) {
		t.Fatal("the example note has no verdict: inaccurate to change")
	}
	os.WriteFile(note, []byte(edited), 0o644)
	gitRun(t, work, "commit", "-qam", "Rate the crossings forecast misleading")
	// A published verdict changed without a word fails the review: the
	// correction is added, and the branch passes.
	t.Chdir(work)
	if code, out, _ := dossier("check", "--format", "github", "--base", "origin/main"); code != 1 || !strings.Contains(out, "without a corrections entry") {
		t.Fatalf("a silent change of verdict: exit %d\n%s", code, out)
	}
	corrected := strings.Replace(edited, "\ntags:", "\ncorrections:\n  - {date: 2026-04-01, text: \"The counts were re-read: misleading, not inaccurate.\"}\ntags:", 1)
	if corrected == edited {
		t.Fatal("the example note has no tags line to add a correction before")
	}
	os.WriteFile(note, []byte(corrected), 0o644)
	gitRun(t, work, "commit", "-qam", "Say why the verdict changed")

	t.Chdir(work) // the workflow runs in the checkout
	env := map[string]string{"BASE_REF": "main", "BASE_URL": "https://desk.example.org/facts", "RUNNER_TEMP": root}

	review := workflowRuns(t, work, "review")
	want := []string{"dossier version", `dossier check --format github --base "origin/${BASE_REF}"`, "dossier build", `dossier report --base "origin/${BASE_REF}" > "$RUNNER_TEMP/report.md"`}
	if strings.Join(review, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the review job runs:\n%s\nthe test expects:\n%s", strings.Join(review, "\n"), strings.Join(want, "\n"))
	}
	results := map[string]string{}
	for _, line := range review {
		code, out, errs := dossier(shellWords(t, line, env)[1:]...)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", line, code, out, errs)
		}
		results[strings.Fields(line)[1]] = out
	}
	if results["check"] != "" {
		t.Errorf("check annotated the pull request:\n%s", results["check"])
	}
	if _, err := os.Stat(filepath.Join(work, "public", skeleton.ExampleDossier, "daily-crossings.html")); err != nil {
		t.Errorf("the built site for the artifact: %v", err)
	}
	for _, want := range []string{
		"<!-- dossier-report -->",
		"### Verdicts changed (1)",
		"`" + skeleton.ExampleDossier + "/daily-crossings`",
		"**Inaccurate → Misleading**",
	} {
		if !strings.Contains(results["report"], want) {
			t.Errorf("the report lacks %q:\n%s", want, results["report"])
		}
	}
	if strings.Contains(results["report"], "Notes added") || strings.Contains(results["report"], "Notes removed") {
		t.Errorf("the report shows notes added or removed:\n%s", results["report"])
	}

	// The merge: main now has the change, and publish builds with the
	// Pages address.
	gitRun(t, work, "checkout", "-q", "main")
	gitRun(t, work, "merge", "-q", "--ff-only", "rate-crossings")
	publish := workflowRuns(t, work, "publish")
	want = []string{"dossier version", "dossier check --format github", `dossier build -b "$BASE_URL"`}
	if strings.Join(publish, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the publish job runs:\n%s\nthe test expects:\n%s", strings.Join(publish, "\n"), strings.Join(want, "\n"))
	}
	for _, line := range publish {
		if code, out, errs := dossier(shellWords(t, line, env)[1:]...); code != 0 || (strings.Contains(line, "check") && out != "") {
			t.Fatalf("%s: exit %d\n%s%s", line, code, out, errs)
		}
	}
	feed, err := os.ReadFile(filepath.Join(work, "public", "feed.xml"))
	if err != nil || !strings.Contains(string(feed), "https://desk.example.org/facts/"+skeleton.ExampleDossier+"/") {
		t.Errorf("the published site does not carry the Pages address: %v\n%.400s", err, feed)
	}
}
