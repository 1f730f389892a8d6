package output

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func build(t *testing.T, dest string, files map[string]string, fail bool) error {
	t.Helper()
	d, err := Create(dest)
	if err != nil {
		return err
	}
	for name, data := range files {
		if err := d.Write(name, []byte(data)); err != nil {
			d.Abort()
			return err
		}
	}
	if fail {
		d.Abort()
		return errors.New("build failed")
	}
	return d.Commit()
}

func read(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !e.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			got[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	delete(got, Marker)
	return got
}

func TestAtomicSwap(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")

	if err := build(t, dest, map[string]string{"index.html": "v1", "a/old.html": "old"}, false); err != nil {
		t.Fatal(err)
	}
	// A failed build leaves the previous output exactly as it was.
	if err := build(t, dest, map[string]string{"index.html": "broken"}, true); err == nil {
		t.Fatal("expected failure")
	}
	if got := read(t, dest); len(got) != 2 || got["index.html"] != "v1" || got["a/old.html"] != "old" {
		t.Errorf("after failed build: %v", got)
	}
	// A successful build replaces everything: deleted sources leave no files.
	if err := build(t, dest, map[string]string{"index.html": "v2"}, false); err != nil {
		t.Fatal(err)
	}
	if got := read(t, dest); len(got) != 1 || got["index.html"] != "v2" {
		t.Errorf("after rebuild: %v", got)
	}
	// Nothing is left beside the destination.
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

func TestRefusesForeignDirectory(t *testing.T) {
	dest := t.TempDir()
	os.WriteFile(filepath.Join(dest, "thesis.tex"), []byte("precious"), 0o644)
	_, err := Create(dest)
	if err == nil || !strings.Contains(err.Error(), "refusing to replace") {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "thesis.tex")); string(b) != "precious" {
		t.Error("file touched")
	}
}

func TestWriteStaysInside(t *testing.T) {
	d, err := Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, name := range []string{"../escape.html", "/etc/x", "a/../../b"} {
		if err := d.Write(name, nil); err == nil {
			t.Errorf("Write(%q) succeeded", name)
		}
	}
}
