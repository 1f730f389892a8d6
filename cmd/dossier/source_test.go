package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// siteBeside copies the fixture site into a temporary folder, with a
// .git/config holding a token inside it (where actions/checkout keeps one)
// and a folder "outside" beside it holding a secret, and returns the
// site's folder.
func siteBeside(t *testing.T) (src, outside string) {
	t.Helper()
	dir := t.TempDir()
	src, outside = filepath.Join(dir, "site"), filepath.Join(dir, "outside")
	copyTree(t, "../../internal/build/testdata/fixture", src)
	copyTree(t, "../../internal/build/testdata/fixture", outside)
	for _, p := range []string{filepath.Join(src, ".git", "config"), filepath.Join(outside, "secret")} {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("AUTHORIZATION: basic TOKEN\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return src, outside
}

// within fails the test if f does not return within a minute: reading a
// named pipe or /dev/zero would not.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatalf("%s did not return", what)
	}
}

// TestBuildRefusesLinks: no file of the source tree may stand for a file
// elsewhere, nor be a special file. Each case fails the build with the
// link's or the file's path, and nothing is written.
func TestBuildRefusesLinks(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, src, outside string) error
		want string
	}{
		{"methodology to a file outside", func(t *testing.T, src, outside string) error {
			return replaceLink(src, "content/methodology.md", filepath.Join(outside, "secret"))
		}, "content/methodology.md: a symbolic link pointing outside the source tree (to "},
		{"seed to .git/config", func(t *testing.T, src, outside string) error {
			return replaceLink(src, "seeds/sample.txt", "../.git/config")
		}, `seeds/sample.txt: a symbolic link (to "../.git/config"): refused`},
		{"seed to /dev/zero", func(t *testing.T, src, outside string) error {
			return replaceLink(src, "seeds/sample.txt", "/dev/zero")
		}, `seeds/sample.txt: a symbolic link pointing outside the source tree (to "/dev/zero"): refused`},
		{"extra seed to /proc/self/environ", func(t *testing.T, src, outside string) error {
			return replaceLink(src, "seeds/env.txt", "/proc/self/environ")
		}, `seeds/env.txt: a symbolic link pointing outside the source tree (to "/proc/self/environ"): refused`},
		{"seed a named pipe", func(t *testing.T, src, outside string) error {
			p := filepath.Join(src, "seeds", "sample.txt")
			os.Remove(p)
			return mkfifo(p)
		}, "seeds/sample.txt: not a regular file (a named pipe): refused"},
		{"dossier folder outside", func(t *testing.T, src, outside string) error {
			os.RemoveAll(filepath.Join(src, "content", "sample"))
			return os.Symlink("../../outside/content/sample", filepath.Join(src, "content", "sample"))
		}, `content/sample: a symbolic link pointing outside the source tree (to "../../outside/content/sample"): refused`},
		{"note outside", func(t *testing.T, src, outside string) error {
			return replaceLink(src, "content/sample/extra.md", "../../../outside/content/sample/vote.md")
		}, `content/sample/extra.md: a symbolic link pointing outside the source tree (to "../../../outside/content/sample/vote.md"): refused`},
		{"theme file outside", func(t *testing.T, src, outside string) error {
			return replaceLink(src, "templates/style.css", "../../outside/secret")
		}, `templates/style.css: a symbolic link pointing outside the source tree (to "../../outside/secret"): refused`},
		{"content folder outside", func(t *testing.T, src, outside string) error {
			os.RemoveAll(filepath.Join(src, "content"))
			return os.Symlink("../outside/content", filepath.Join(src, "content"))
		}, `content: a symbolic link pointing outside the source tree (to "../outside/content"): refused`},
		{"note larger than the limit", func(t *testing.T, src, outside string) error {
			return os.Truncate(filepath.Join(src, "content", "sample", "vote.md"), 64<<20+1)
		}, "content/sample/vote.md: larger than 64 MiB: refused"},
		{"theme file larger than the limit", func(t *testing.T, src, outside string) error {
			os.MkdirAll(filepath.Join(src, "templates"), 0o755)
			os.WriteFile(filepath.Join(src, "templates", "style.css"), nil, 0o644)
			return os.Truncate(filepath.Join(src, "templates", "style.css"), 64<<20+1)
		}, "templates/style.css: larger than 64 MiB: refused"},
		{"link inside the tree", func(t *testing.T, src, outside string) error {
			return replaceLink(src, "content/sample/copy.md", "vote.md")
		}, `content/sample/copy.md: a symbolic link (to "vote.md"): refused; links are not followed, even inside the source tree: put the file itself here`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, outside := siteBeside(t)
			if err := tt.make(t, src, outside); err != nil {
				t.Skipf("cannot make the file: %v", err)
			}
			dest := filepath.Join(t.TempDir(), "public")
			var code int
			var out, errs string
			within(t, "dossier build", func() { code, out, errs = dossier("build", "-s", src, "-d", dest) })
			where, _, _ := strings.Cut(tt.want, ": ")
			refusals := 0
			for _, line := range strings.Split(errs, "\n") {
				if strings.HasPrefix(line, where+": ") && strings.Contains(line, "refused") {
					refusals++
				}
			}
			if code != 1 || !strings.Contains("\n"+errs, "\n"+tt.want) || refusals != 1 {
				t.Errorf("dossier build: exit %d\n%s%s\nwant exit 1 and, once, %s", code, out, errs, tt.want)
			}
			if _, err := os.Stat(dest); err == nil {
				t.Error("the build wrote its output")
				filepath.WalkDir(dest, func(p string, e fs.DirEntry, err error) error {
					if data, _ := os.ReadFile(p); strings.Contains(string(data), "TOKEN") {
						t.Errorf("%s publishes the secret", p)
					}
					return nil
				})
			}
			// check reports the same, at the same place.
			within(t, "dossier check", func() { code, out, errs = dossier("check", "-s", src) })
			what := strings.TrimPrefix(tt.want, where+": ")
			if want := where + ": error: " + what; code != 1 || !strings.Contains("\n"+out, "\n"+want) {
				t.Errorf("dossier check: exit %d\n%s%s\nwant exit 1 and %s", code, out, errs, want)
			}
		})
	}
}

// replaceLink makes the file name of src a link to target.
func replaceLink(src, name, target string) error {
	p := filepath.Join(src, filepath.FromSlash(name))
	os.Remove(p)
	os.MkdirAll(filepath.Dir(p), 0o755)
	return os.Symlink(target, p)
}

// TestNoSite: a mistyped -s, or a folder that holds no site, is an error
// that says what was looked for; the previous output stays as it was.
func TestNoSite(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "../../internal/build/testdata/fixture", src)
	dest := filepath.Join(t.TempDir(), "public")
	if code, out, errs := dossier("build", "-s", src, "-d", dest); code != 0 {
		t.Fatalf("first build: %d\n%s%s", code, out, errs)
	}
	before, _ := os.ReadFile(filepath.Join(dest, "index.html"))
	missing := filepath.Join(t.TempDir(), "missing")
	empty := t.TempDir()
	file := filepath.Join(empty, "file")
	os.WriteFile(file, nil, 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"build", "-s", missing, "-d", dest}, "dossier build: no folder " + missing + ": name the site's folder with -s\n"},
		{[]string{"build", "-s", empty, "-d", dest}, "dossier build: no site in " + empty + ": expected content/ and seeds/ (start one with dossier init, or run in a site's folder, or name it with -s)\n"},
		{[]string{"build", "-s", file, "-d", dest}, "dossier build: " + file + " is not a folder: name the site's folder with -s\n"},
		{[]string{"check", "-s", missing}, "dossier check: no folder " + missing + ": name the site's folder with -s\n"},
		{[]string{"check", "-s", empty}, "dossier check: no site in " + empty + ": expected content/ and seeds/ (start one with dossier init, or run in a site's folder, or name it with -s)\n"},
		{[]string{"serve", "-s", missing, "-port", "0"}, "dossier serve: no folder " + missing + ": name the site's folder with -s\n"},
		{[]string{"serve", "-s", empty, "-port", "0"}, "dossier serve: no site in " + empty + ": expected content/ and seeds/ (start one with dossier init, or run in a site's folder, or name it with -s)\n"},
		{[]string{"new", "-s", empty, "sample", "quote"}, "dossier new: no site in " + empty + ": expected content/ and seeds/ (start one with dossier init, or run in a site's folder, or name it with -s)\n"},
		{[]string{"report", "-s", empty, "-base", "HEAD"}, "dossier report: no site in " + empty + ": expected content/ and seeds/ (start one with dossier init, or run in a site's folder, or name it with -s)\n"},
	}
	for _, tt := range tests {
		var code int
		var out, errs string
		within(t, "dossier "+strings.Join(tt.args, " "), func() { code, out, errs = dossier(tt.args...) })
		if code != 1 || out != "" || errs != tt.want {
			t.Errorf("dossier %s: exit %d, stdout %q, stderr %q\nwant exit 1 and %q", strings.Join(tt.args, " "), code, out, errs, tt.want)
		}
	}
	after, _ := os.ReadFile(filepath.Join(dest, "index.html"))
	if len(before) == 0 || string(before) != string(after) {
		t.Error("the previous output was changed")
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("the missing folder was made")
	}
}

// TestNewRefusesLinks: dossier new writes nowhere but inside the tree: a
// dossier folder that is a link, out of the tree or in it, is refused.
func TestNewRefusesLinks(t *testing.T) {
	for _, target := range []string{"../../outside/content/sample", "../seeds"} {
		src, outside := siteBeside(t)
		os.RemoveAll(filepath.Join(src, "content", "sample"))
		if err := os.Symlink(target, filepath.Join(src, "content", "sample")); err != nil {
			t.Fatal(err)
		}
		code, out, errs := dossier("new", "-s", src, "sample", "The council voted")
		want := "dossier new: content/sample: a symbolic link"
		if code != 1 || !strings.HasPrefix(errs, want) {
			t.Errorf("dossier new with content/sample -> %s: exit %d\n%s%s\nwant exit 1 and %s", target, code, out, errs, want)
		}
		for _, dir := range []string{filepath.Join(outside, "content", "sample"), filepath.Join(src, "seeds")} {
			matches, _ := filepath.Glob(filepath.Join(dir, "the-council-voted*"))
			if len(matches) > 0 {
				t.Errorf("dossier new wrote %s", matches)
			}
		}
	}
}
