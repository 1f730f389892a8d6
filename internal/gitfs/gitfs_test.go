package gitfs

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/srcfs"
)

// A repository whose source tree is the folder "la sïte" (a name git would
// quote, were it not asked not to), beside files that are not part of it.
var (
	first = map[string]string{
		"README":                    "outside the source tree\n",
		"la sïte/seeds/a.txt":       "first seed\n",
		"la sïte/content/a/n.md":    "one\n",
		"la sïte/contents/x.md":     "a sibling folder whose name starts like content\n",
		"la sïte/templates/base.md": "theme\n",
	}
	// second changes a file, removes one and adds some, among them an
	// empty one, a large one and names that git would quote.
	second = map[string]string{
		"README":                    "outside the source tree\n",
		"la sïte/content/a/n.md":    "two\n",
		"la sïte/content/a/m.md":    "",
		"la sïte/content/b/x.md":    strings.Repeat("long line\n", 20000),
		"la sïte/content/b/é t.md":  "a name with an accent and a space\n",
		"la sïte/contents/x.md":     "a sibling folder whose name starts like content\n",
		"la sïte/templates/base.md": "theme\n",
	}
)

// repo makes the repository with first and second as its two commits,
// tagged v1 (annotated) and v2, and returns its root.
func repo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	// The tests must not depend on the configuration of the machine they
	// run on; Open's own git commands see the same environment.
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	root := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"}, args...)...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	commit := func(files map[string]string, tag ...string) {
		t.Helper()
		// Start from an empty source tree, so that a file left out is
		// removed.
		if err := os.RemoveAll(filepath.Join(root, "la sïte")); err != nil {
			t.Fatal(err)
		}
		for name, text := range files {
			p := filepath.Join(root, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		run("add", "-A")
		run("commit", "-q", "-m", "commit")
		run(append([]string{"tag"}, tag...)...)
	}
	run("init", "-q")
	commit(first, "-a", "-m", "version 1", "v1")
	commit(second, "v2")
	// The work tree differs from both commits: Open must not read it.
	if err := os.WriteFile(filepath.Join(root, "la sïte/content/a/n.md"), []byte("uncommitted\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// under returns the files of tree under the folder prefix, named from it.
func under(tree map[string]string, prefix string, dirs ...string) map[string]string {
	out := map[string]string{}
	for name, text := range tree {
		rel, ok := strings.CutPrefix(name, prefix)
		if !ok {
			continue
		}
		for _, d := range dirs {
			if strings.HasPrefix(rel, d+"/") {
				out[rel] = text
			}
		}
	}
	return out
}

func TestOpen(t *testing.T) {
	root := repo(t)
	site := filepath.Join(root, "la sïte")
	tests := []struct {
		dir, rev string
		dirs     []string
		want     map[string]string
	}{
		{site, "v1", []string{"seeds", "content"}, under(first, "la sïte/", "seeds", "content")},
		{site, "v2", []string{"seeds", "content"}, under(second, "la sïte/", "seeds", "content")},
		{site, "HEAD", []string{"seeds", "content"}, under(second, "la sïte/", "seeds", "content")},
		{site, "HEAD~1", []string{"content", "templates"}, under(first, "la sïte/", "content", "templates")},
		{site, "main", []string{"content/b"}, under(second, "la sïte/", "content/b")},
		// No folder named: the whole source tree, and nothing outside it.
		{site, "v1", nil, under(first, "la sïte/", "seeds", "content", "contents", "templates")},
		// From the repository's root, names are the repository's.
		{root, "v1", []string{"la sïte/seeds"}, under(first, "", "la sïte/seeds")},
		// A folder the commit lacks is no error: the tree may not have had
		// it yet.
		{site, "v2", []string{"seeds"}, map[string]string{}},
		{site, "v1", []string{"missing"}, map[string]string{}},
	}
	for _, tt := range tests {
		fsys, err := read(tt.dir, tt.rev, tt.dirs)
		if err != nil {
			t.Errorf("Open(%s, %s, %q): %v", tt.dir, tt.rev, tt.dirs, err)
			continue
		}
		got := map[string]string{}
		for name, f := range fsys {
			got[name] = string(f.Data)
			if f.Mode != 0o644 {
				t.Errorf("Open(%s, %s, %q): %s has mode %v, want 0644", tt.dir, tt.rev, tt.dirs, name, f.Mode)
			}
		}
		if !maps.Equal(got, tt.want) {
			t.Errorf("Open(%s, %s, %q) =\n%v\nwant\n%v", tt.dir, tt.rev, tt.dirs, names(got), names(tt.want))
		}
	}
}

func names(m map[string]string) []string {
	var out []string
	for name, text := range m {
		out = append(out, fmt.Sprintf("%s (%d bytes)", name, len(text)))
	}
	slices.Sort(out)
	return out
}

// The result is read as an fs.FS by the site's loader: listings, missing
// files and the rest must behave as any file system does.
func TestOpenFS(t *testing.T) {
	fsys, err := Open(filepath.Join(repo(t), "la sïte"), "v2", "seeds", "content")
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(fsys, "content/a/n.md", "content/a/m.md", "content/b/x.md", "content/b/é t.md"); err != nil {
		t.Error(err)
	}
	dirs := []struct {
		dir  string
		want []string
	}{
		{".", []string{"content/"}},
		{"content", []string{"a/", "b/"}},
		{"content/a", []string{"m.md", "n.md"}},
		{"content/b", []string{"x.md", "é t.md"}},
	}
	for _, tt := range dirs {
		entries, err := fs.ReadDir(fsys, tt.dir)
		var got []string
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() {
				name += "/"
			}
			got = append(got, name)
		}
		if err != nil || strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("ReadDir(%s) = %q, %v; want %q", tt.dir, got, err, tt.want)
		}
	}
	for _, name := range []string{"seeds/a.txt", "content/a/x.md", "templates/base.md", "README", "content/c"} {
		if _, err := fs.ReadFile(fsys, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("ReadFile(%s): %v, want fs.ErrNotExist", name, err)
		}
		if _, err := fs.ReadDir(fsys, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("ReadDir(%s): %v, want fs.ErrNotExist", name, err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	root := repo(t)
	site := filepath.Join(root, "la sïte")
	blob, err := exec.Command("git", "-C", root, "rev-parse", "v1:README").Output()
	if err != nil {
		t.Fatal(err)
	}
	notRepo := t.TempDir()
	// Without a ceiling, git would look for a repository in the folders
	// above notRepo, and might find one.
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(notRepo))
	tests := []struct {
		dir, rev string
		want     string
	}{
		{site, "no-such-branch", `"no-such-branch" is not a commit of the repository at ` + site},
		{site, "", `"" is not a commit of the repository at ` + site},
		{site, "HEAD~2", `"HEAD~2" is not a commit of the repository at ` + site},
		{site, "v2:la sïte", `"v2:la sïte" is not a commit of the repository at ` + site},
		{site, "HEAD^{tree}", `"HEAD^{tree}" is not a commit of the repository at ` + site},
		{site, strings.TrimSpace(string(blob)), `"` + strings.TrimSpace(string(blob)) + `" is not a commit of the repository at ` + site},
		// An option where a revision should be is not taken as one.
		{site, "--all", `"--all" is not a commit of the repository at ` + site},
		{notRepo, "HEAD", "git rev-parse: fatal: not a git repository"},
		{filepath.Join(root, "missing"), "HEAD", "git rev-parse: fatal: cannot change to"},
	}
	for _, tt := range tests {
		fsys, err := Open(tt.dir, tt.rev, "content")
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || fsys != nil {
			t.Errorf("Open(%s, %q) = %v, %v; want error %q", tt.dir, tt.rev, fsys, err, tt.want)
		}
	}
}

// A symbolic link committed to the repository is refused, as in the
// working tree: neither its target's text nor the file it names is read,
// whether that is outside the source tree, outside the repository or
// inside the tree.
func TestOpenLinks(t *testing.T) {
	root := repo(t)
	links := map[string]string{
		"la sïte/seeds/git.txt":       "../../.git/config",
		"la sïte/seeds/readme.txt":    "../../README",
		"la sïte/seeds/passwd.txt":    "/etc/passwd",
		"la sïte/content/a/copy.md":   "n.md",
		"la sïte/content/out":         "../../outside",
		"la sïte/templates/base.html": "../../README",
	}
	for name, target := range links {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("cannot make a link: %v", err)
		}
	}
	os.MkdirAll(filepath.Join(root, "outside"), 0o755)
	os.WriteFile(filepath.Join(root, "outside", "secret.md"), []byte("TOKEN"), 0o644)
	for _, args := range [][]string{{"add", "-A"}, {"-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "links"}} {
		if out, err := exec.Command("git", append([]string{"-C", root}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	fsys, err := Open(filepath.Join(root, "la sïte"), "HEAD", "seeds", "content", "templates")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		outside bool
	}{
		{"seeds/git.txt", true},
		{"seeds/readme.txt", true},
		{"seeds/passwd.txt", true},
		{"content/a/copy.md", false},
		{"content/out/secret.md", true},
		{"templates/base.html", true},
	}
	for _, tt := range tests {
		data, err := fs.ReadFile(fsys, tt.name)
		if !errors.Is(err, srcfs.ErrSymlink) || errors.Is(err, srcfs.ErrOutside) != tt.outside {
			t.Errorf("ReadFile(%s) = %q, %v; want ErrSymlink, and ErrOutside %v", tt.name, data, err, tt.outside)
		}
	}
	if data, err := fs.ReadFile(fsys, "content/a/n.md"); err != nil || string(data) != "uncommitted\n" {
		t.Errorf("ReadFile(content/a/n.md) = %q, %v", data, err)
	}
	var got []string
	for _, d := range srcfs.Check(fsys, "seeds", "content", "templates") {
		got = append(got, d.Path)
	}
	want := []string{"seeds/git.txt", "seeds/passwd.txt", "seeds/readme.txt", "content/a/copy.md", "content/out", "templates/base.html"}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Check reports %q, want %q", got, want)
	}
}

// A file over the size limit is refused before git is asked for its
// contents, which are all read into memory at once.
func TestOpenTooLarge(t *testing.T) {
	root := repo(t)
	defer func(n int64) { maxFileSize = n }(maxFileSize)
	maxFileSize = 200000 // content/b/x.md of v2 has 200,000 bytes
	site := filepath.Join(root, "la sïte")
	if _, err := Open(site, "v2", "content"); err != nil {
		t.Errorf("Open at the limit: %v", err)
	}
	maxFileSize--
	fsys, err := Open(site, "v2", "content")
	if !errors.Is(err, srcfs.ErrTooLarge) || fsys != nil || err.Error() != "read content/b/x.md: larger than 199999 bytes: refused" {
		t.Errorf("Open over the limit = %v, %v; want ErrTooLarge for content/b/x.md", fsys, err)
	}
}
