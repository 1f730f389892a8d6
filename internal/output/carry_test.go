//go:build unix

package output

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// stat returns the file at p, failing the test if it is missing.
func stat(t *testing.T, p string) os.FileInfo {
	t.Helper()
	info, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func TestCarriesUnchangedFiles(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first := map[string]string{"index.html": "home", "a/same.html": "same", "a/changed.html": "v1", "a/deleted.html": "gone"}
	if err := build(t, dest, first, false); err != nil {
		t.Fatal(err)
	}
	// Back-date the first output, so that a rewrite would show.
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for name := range first {
		if err := os.Chtimes(filepath.Join(dest, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	before := map[string]os.FileInfo{}
	for name := range first {
		before[name] = stat(t, filepath.Join(dest, name))
	}

	d, err := Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	second := map[string]string{"index.html": "home", "a/same.html": "same", "a/changed.html": "v2", "a/new.html": "new"}
	for name, data := range second {
		if err := d.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if got := d.Kept(); got != 2 {
		t.Errorf("Kept() = %d, want 2", got)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, dest); len(got) != len(second) {
		t.Errorf("output %v, want %v", got, second)
	} else {
		for name, want := range second {
			if got[name] != want {
				t.Errorf("%s = %q, want %q", name, got[name], want)
			}
		}
	}
	tests := []struct {
		name string
		kept bool
	}{
		{"index.html", true},
		{"a/same.html", true},
		{"a/changed.html", false},
	}
	for _, tt := range tests {
		now := stat(t, filepath.Join(dest, tt.name))
		if same := os.SameFile(now, before[tt.name]); same != tt.kept {
			t.Errorf("%s: same inode = %v, want %v", tt.name, same, tt.kept)
		}
		if kept := now.ModTime().Equal(old); kept != tt.kept {
			t.Errorf("%s: modification time %v kept = %v, want %v", tt.name, now.ModTime(), kept, tt.kept)
		}
	}
}

// TestCarryDistrustsOldOutput checks that nothing but a regular file of
// the old output, with no other link, is carried over, whatever was put
// there in place of a build's file.
func TestCarryDistrustsOldOutput(t *testing.T) {
	const data = "secret"
	tests := []struct {
		name  string
		plant func(t *testing.T, dest, outside string) // replaces dest/a/x.html
	}{
		{"link to a file", func(t *testing.T, dest, outside string) {
			must(t, os.Symlink(filepath.Join(outside, "x.html"), filepath.Join(dest, "a", "x.html")))
		}},
		{"link to a folder", func(t *testing.T, dest, outside string) {
			must(t, os.RemoveAll(filepath.Join(dest, "a")))
			must(t, os.Symlink(outside, filepath.Join(dest, "a")))
		}},
		{"second hard link", func(t *testing.T, dest, outside string) {
			must(t, os.Link(filepath.Join(outside, "x.html"), filepath.Join(dest, "a", "x.html")))
		}},
		{"other permissions", func(t *testing.T, dest, outside string) {
			p := filepath.Join(dest, "a", "x.html")
			must(t, os.WriteFile(p, []byte(data), 0o600))
			must(t, os.Chmod(p, 0o600))
		}},
		{"a folder", func(t *testing.T, dest, outside string) {
			must(t, os.Mkdir(filepath.Join(dest, "a", "x.html"), 0o755))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			dest, outside := filepath.Join(root, "public"), filepath.Join(root, "outside")
			must(t, os.Mkdir(outside, 0o755))
			must(t, os.WriteFile(filepath.Join(outside, "x.html"), []byte(data), 0o644))
			if err := build(t, dest, map[string]string{"a/x.html": "first", "a/y.html": "y"}, false); err != nil {
				t.Fatal(err)
			}
			must(t, os.RemoveAll(filepath.Join(dest, "a", "x.html")))
			tt.plant(t, dest, outside)
			if err := build(t, dest, map[string]string{"a/x.html": data}, false); err != nil {
				t.Fatal(err)
			}
			got := stat(t, filepath.Join(dest, "a", "x.html"))
			if !got.Mode().IsRegular() || os.SameFile(got, stat(t, filepath.Join(outside, "x.html"))) {
				t.Errorf("a/x.html is %v, the file outside: it should have been written", got.Mode())
			}
			if b, err := os.ReadFile(filepath.Join(dest, "a", "x.html")); err != nil || string(b) != data {
				t.Errorf("a/x.html = %q, %v; want %q", b, err, data)
			}
		})
	}
}

// TestCarryFailedBuild checks that a failed build leaves the old output's
// files as they were, links and all.
func TestCarryFailedBuild(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := build(t, dest, map[string]string{"index.html": "v1"}, false); err != nil {
		t.Fatal(err)
	}
	before := stat(t, filepath.Join(dest, "index.html"))
	if err := build(t, dest, map[string]string{"index.html": "v1", "b.html": "b"}, true); err == nil {
		t.Fatal("expected failure")
	}
	after := stat(t, filepath.Join(dest, "index.html"))
	if !os.SameFile(before, after) || links(after) != 1 {
		t.Errorf("index.html after a failed build: same file %v, %d links", os.SameFile(before, after), links(after))
	}
	if got := read(t, dest); len(got) != 1 {
		t.Errorf("after a failed build: %v", got)
	}
}

// TestCarryWrittenTwice checks that a file carried over and then written
// again under the same name is replaced, and the old output's file, which
// it was a link to, is left as it was.
func TestCarryWrittenTwice(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := build(t, dest, map[string]string{"index.html": "v1"}, false); err != nil {
		t.Fatal(err)
	}
	d, err := Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	must(t, d.Write("index.html", []byte("v1")))
	must(t, d.Write("index.html", []byte("v2")))
	if d.Kept() != 1 {
		t.Fatalf("Kept() = %d, want 1", d.Kept())
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "v1" {
		t.Errorf("the old output's index.html became %q during the build", b)
	}
	must(t, d.Commit())
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "v2" {
		t.Errorf("index.html = %q, want v2", b)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// digests is a Digester that reads every file, counting the reads.
type digests struct{ reads int }

func (d *digests) Digest(name string, info os.FileInfo, read func() ([]byte, error)) ([sha256.Size]byte, error) {
	d.reads++
	data, err := read()
	return sha256.Sum256(data), err
}

// TestCarryByDigest checks Carry, which takes a file over from the
// previous output by the digest of its bytes: only a regular file of that
// size and digest is taken, with or without a Digester, and what it does
// not take is left for the caller to write.
func TestCarryByDigest(t *testing.T) {
	for _, withDigests := range []bool{false, true} {
		dest := filepath.Join(t.TempDir(), "public")
		first := map[string]string{"a/same.html": "same", "a/edited.html": "v1", "a/b/deep.png": "png"}
		if err := build(t, dest, first, false); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dest, "a", "edited.html"), []byte("v2"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("same.html", filepath.Join(dest, "a", "link.html")); err != nil {
			t.Fatal(err)
		}
		d, err := Create(dest)
		if err != nil {
			t.Fatal(err)
		}
		dg := &digests{}
		if withDigests {
			d.Digests = dg
		}
		sum := func(s string) [sha256.Size]byte { return sha256.Sum256([]byte(s)) }
		tests := []struct {
			name, data string
			want       bool
		}{
			{"a/same.html", "same", true},
			{"a/b/deep.png", "png", true},
			{"a/edited.html", "v1", false}, // edited by hand since
			{"a/link.html", "same", false}, // a link
			{"a/missing.html", "same", false},
			{"../outside.html", "same", false},
		}
		for _, tt := range tests {
			if got := d.Carry(tt.name, int64(len(tt.data)), sum(tt.data)); got != tt.want {
				t.Errorf("digests %v: Carry(%s) = %v, want %v", withDigests, tt.name, got, tt.want)
			}
		}
		if got := d.Carry("a/same.html", 3, sum("sam")); got {
			t.Errorf("Carry of the wrong size took the file")
		}
		if withDigests && dg.reads == 0 {
			t.Errorf("the Digester was not asked")
		}
		if err := d.Write("a/edited.html", []byte("v1")); err != nil {
			t.Fatal(err)
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		got := read(t, dest)
		want := map[string]string{"a/same.html": "same", "a/b/deep.png": "png", "a/edited.html": "v1"}
		if len(got) != len(want) {
			t.Errorf("digests %v: output %v, want %v", withDigests, got, want)
		}
		for name, data := range want {
			if got[name] != data {
				t.Errorf("digests %v: %s = %q, want %q", withDigests, name, got[name], data)
			}
		}
	}
}

// TestCarryAll checks CarryAll, which takes a dossier's files over at
// once: each file as Carry would, with or without a Digester, nothing left
// in the new output of a file it refused, and a batch that stops at the
// first file it cannot take.
func TestCarryAll(t *testing.T) {
	for _, withDigests := range []bool{false, true} {
		dest := filepath.Join(t.TempDir(), "public")
		first := map[string]string{"a/same.html": "same", "a/edited.html": "v1", "a/b/deep.png": "png",
			"a/twice.html": "twice", "a/perm.html": "perm", "top.html": "top"}
		if err := build(t, dest, first, false); err != nil {
			t.Fatal(err)
		}
		must(t, os.WriteFile(filepath.Join(dest, "a", "edited.html"), []byte("v2"), 0o644))
		must(t, os.Symlink("same.html", filepath.Join(dest, "a", "link.html")))
		must(t, os.Link(filepath.Join(dest, "a", "twice.html"), filepath.Join(t.TempDir(), "other")))
		must(t, os.Chmod(filepath.Join(dest, "a", "perm.html"), 0o600))
		outside := t.TempDir()
		must(t, os.WriteFile(filepath.Join(outside, "x.html"), []byte("x"), 0o644))
		must(t, os.Symlink(outside, filepath.Join(dest, "out")))
		d, err := Create(dest)
		if err != nil {
			t.Fatal(err)
		}
		if withDigests {
			d.Digests = &digests{}
		}
		file := func(name, data string) Carried {
			return Carried{Name: name, Size: int64(len(data)), Sum: sha256.Sum256([]byte(data))}
		}
		tests := []struct {
			files []Carried
			want  bool
		}{
			{[]Carried{file("a/same.html", "same"), file("a/b/deep.png", "png"), file("top.html", "top")}, true},
			{[]Carried{file("a/edited.html", "v1")}, false}, // edited by hand since
			{[]Carried{file("a/link.html", "same")}, false}, // a link
			{[]Carried{file("a/twice.html", "twice")}, false},
			{[]Carried{file("a/perm.html", "perm")}, false},
			{[]Carried{file("a/missing.html", "same")}, false},
			{[]Carried{file("out/x.html", "x")}, false}, // through a link out of the output
			{[]Carried{file("../outside.html", "same")}, false},
			{[]Carried{file("a/same.html", "sam")}, false}, // the wrong size
		}
		for _, tt := range tests {
			if got := d.CarryAll(tt.files); got != tt.want {
				t.Errorf("digests %v: CarryAll(%v) = %v, want %v", withDigests, tt.files[0].Name, got, tt.want)
			}
		}
		for _, name := range []string{"a/edited.html", "a/link.html", "a/twice.html", "a/perm.html", "a/missing.html", "out/x.html"} {
			if _, err := os.Lstat(filepath.Join(d.tmp, filepath.FromSlash(name))); err == nil {
				t.Errorf("digests %v: %s refused but left in the new output", withDigests, name)
			}
		}
		if d.Kept() != 3 {
			t.Errorf("digests %v: Kept() = %d, want 3", withDigests, d.Kept())
		}
		must(t, d.Commit())
		got := read(t, dest)
		want := map[string]string{"a/same.html": "same", "a/b/deep.png": "png", "top.html": "top"}
		if len(got) != len(want) {
			t.Errorf("digests %v: output %v, want %v", withDigests, got, want)
		}
		for name, data := range want {
			if got[name] != data {
				t.Errorf("digests %v: %s = %q, want %q", withDigests, name, got[name], data)
			}
		}
	}
}
