package gitfs

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repo makes a repository whose source tree is the folder site/, with two
// commits, and returns the tree's path.
func repo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "site")
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run("init", "-q")
	write("seeds/a.txt", "first seed\n")
	write("content/a/n.md", "one\n")
	write("templates/base.html", "theme\n")
	run("add", "-A")
	run("commit", "-q", "-m", "one")
	run("tag", "v1")
	write("content/a/n.md", "two\n")
	write("content/a/m.md", "")
	os.Remove(filepath.Join(dir, "seeds/a.txt"))
	write("content/b/x.md", strings.Repeat("long line\n", 2000))
	run("add", "-A")
	run("commit", "-q", "-m", "two")
	// The working tree differs from both commits: Open must not read it.
	write("content/a/n.md", "uncommitted\n")
	return dir
}

func TestOpen(t *testing.T) {
	dir := repo(t)
	tests := []struct {
		rev   string
		files map[string]string
	}{
		{"v1", map[string]string{"seeds/a.txt": "first seed\n", "content/a/n.md": "one\n"}},
		{"HEAD", map[string]string{
			"content/a/n.md": "two\n", "content/a/m.md": "", "content/b/x.md": strings.Repeat("long line\n", 2000),
		}},
	}
	for _, tt := range tests {
		fsys, err := Open(dir, tt.rev, "seeds", "content")
		if err != nil {
			t.Fatalf("%s: %v", tt.rev, err)
		}
		if len(fsys) != len(tt.files) {
			t.Errorf("%s: %d files, want %d: %v", tt.rev, len(fsys), len(tt.files), fsys)
		}
		for name, want := range tt.files {
			data, err := fs.ReadFile(fsys, name)
			if err != nil || string(data) != want {
				t.Errorf("%s: %s: %q, %v; want %q", tt.rev, name, data, err, want)
			}
		}
		// Only the folders asked for are read.
		if _, err := fs.Stat(fsys, "templates/base.html"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: templates read though not asked for: %v", tt.rev, err)
		}
	}
	fsys, _ := Open(dir, "HEAD", "content")
	entries, err := fs.ReadDir(fsys, "content/a")
	if err != nil || len(entries) != 2 || entries[0].Name() != "m.md" || entries[1].Name() != "n.md" {
		t.Errorf("content/a: %v, %v", entries, err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := repo(t)
	if _, err := Open(dir, "no-such-branch", "content"); err == nil || !strings.Contains(err.Error(), `"no-such-branch" is not a commit`) {
		t.Errorf("bad revision: %v", err)
	}
	if _, err := Open(t.TempDir(), "HEAD", "content"); err == nil || !strings.Contains(err.Error(), "git rev-parse") {
		t.Errorf("not a repository: %v", err)
	}
	fsys, err := Open(dir, "HEAD", "missing")
	if err != nil || len(fsys) != 0 {
		t.Errorf("a folder the commit lacks: %v, %v", fsys, err)
	}
}
