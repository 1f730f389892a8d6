package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/templates"
)

// TestThemeExport exports the theme into a new folder, checks that every
// embedded file is there byte for byte, then exports again into the same
// folder and checks that it refuses, changing nothing.
func TestThemeExport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site", "templates")
	code, out, errs := dossier("theme", "export", dir)
	if code != 0 {
		t.Fatalf("export: %d\n%s%s", code, out, errs)
	}
	// Every file, the translation tables in i18n/ among them.
	var names []string
	fs.WalkDir(templates.FS, ".", func(name string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			names = append(names, name)
		}
		return err
	})
	if !slices.Contains(names, "i18n/en.yaml") || len(names) < 12 {
		t.Fatalf("the embedded theme has only %v", names)
	}
	for _, name := range names {
		want, _ := fs.ReadFile(templates.FS, name)
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: not exported as embedded (%v)", name, err)
		}
		if !strings.Contains(out, "wrote "+filepath.Join(dir, name)+"\n") {
			t.Errorf("%s: not said to be written:\n%s", name, out)
		}
	}

	edited := []byte("{{define \"main\"}}edited{{end}}")
	note := filepath.Join(dir, "note.html")
	os.WriteFile(note, edited, 0o644)
	os.Remove(filepath.Join(dir, "base.html"))
	code, out, errs = dossier("theme", "export", dir)
	if code != 1 || out != "" || !strings.Contains(errs, note+" already exists") || !strings.Contains(errs, "nothing was written") {
		t.Errorf("export over an export: %d\n%s%s", code, out, errs)
	}
	if got, _ := os.ReadFile(note); !bytes.Equal(got, edited) {
		t.Errorf("note.html was overwritten")
	}
	if _, err := os.Stat(filepath.Join(dir, "base.html")); err == nil {
		t.Errorf("base.html was written although other files exist")
	}

	for _, args := range [][]string{{"theme"}, {"theme", "export"}, {"theme", "export", "a", "b"}, {"theme", "nope"}} {
		if code, _, _ := dossier(args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

// TestThemeExportBuilds builds the fixture with an exported theme and
// checks that it gives the very pages of the built-in one.
func TestThemeExportBuilds(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "../../internal/build/testdata/fixture", src)
	if code, out, errs := dossier("theme", "export", filepath.Join(src, "templates")); code != 0 {
		t.Fatalf("export: %d\n%s%s", code, out, errs)
	}
	builtIn, exported := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if code, out, errs := dossier("build", "-s", "../../internal/build/testdata/fixture", "-d", builtIn); code != 0 {
		t.Fatalf("build: %d\n%s%s", code, out, errs)
	}
	if code, out, errs := dossier("build", "-s", src, "-d", exported); code != 0 || strings.Contains(errs, "templates/") {
		t.Fatalf("build with the exported theme: %d\n%s%s", code, out, errs)
	}
	a, _ := os.ReadFile(filepath.Join(builtIn, "sample", "vote.html"))
	b, _ := os.ReadFile(filepath.Join(exported, "sample", "vote.html"))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("the exported theme renders sample/vote.html differently")
	}
}

// TestThemeExportRefusesLink checks that export does not write through a
// folder that is a symbolic link: a pull request can commit templates/ as
// a link to any folder of the writer's machine, and "dossier theme export
// templates" would fill it. The build refuses such a templates/ anyway.
func TestThemeExportRefusesLink(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(root, "outside")
	os.Mkdir(outside, 0o755)
	site := filepath.Join(root, "site")
	os.Mkdir(site, 0o755)
	link := filepath.Join(site, "templates")
	if err := os.Symlink(outside, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	for _, dir := range []string{link, link + string(filepath.Separator)} {
		code, out, errs := dossier("theme", "export", dir)
		if code != 1 || out != "" || !strings.Contains(errs, "symbolic link") {
			t.Errorf("export into a link (%s): %d\n%s%s", dir, code, out, errs)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("wrote %d files through the link", len(entries))
	}
}
