//go:build unix

package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/buildcache"
)

// tree reads every file under dir by its slash-separated path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestBuildAgain builds a site, changes one note and builds it again with
// the build cache and the previous output, as a desk does all day: the
// output is byte for byte that of a build from nothing, the pages the
// change did not touch are the very files of the first build, and the
// changed note's page is new.
func TestBuildAgain(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "../../internal/build/testdata/fixture", src)
	dest := filepath.Join(t.TempDir(), "public")
	t.Setenv(buildcache.EnvDir, t.TempDir())
	if code, out, errs := dossier("build", "-s", src, "-d", dest); code != 0 {
		t.Fatalf("first build: %d\n%s%s", code, out, errs)
	}
	before := map[string]os.FileInfo{}
	for _, name := range []string{"sample/vote.html", "sample/mayor.html"} {
		info, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		before[name] = info
	}
	p := filepath.Join(src, "content", "sample", "mayor.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, append(data, "\nA paragraph added.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := dossier("build", "-s", src, "-d", dest); code != 0 {
		t.Fatalf("second build: %d\n%s%s", code, out, errs)
	}
	for name, want := range map[string]bool{"sample/vote.html": true, "sample/mayor.html": false} {
		info, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if got := os.SameFile(info, before[name]); got != want {
			t.Errorf("%s: the first build's file = %v, want %v", name, got, want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "sample", "mayor.html")); !bytes.Contains(b, []byte("A paragraph added.")) {
		t.Error("the changed note's page does not show the change")
	}

	cold := filepath.Join(t.TempDir(), "public")
	t.Setenv(buildcache.EnvDir, "off")
	if code, out, errs := dossier("build", "-s", src, "-d", cold); code != 0 {
		t.Fatalf("cold build: %d\n%s%s", code, out, errs)
	}
	warmFiles, coldFiles := tree(t, dest), tree(t, cold)
	if len(warmFiles) != len(coldFiles) {
		t.Errorf("%d files after building again, %d from nothing", len(warmFiles), len(coldFiles))
	}
	for name, data := range coldFiles {
		if w, ok := warmFiles[name]; !ok || !bytes.Equal(w, data) {
			t.Errorf("%s differs between the build from nothing and the build again", name)
		}
	}
	if !strings.HasPrefix(string(coldFiles["sample/vote.html"]), "<!") {
		t.Error("sample/vote.html is not a page")
	}
}
