package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestCommitAlwaysComplete stops Commit at each of its steps, as a kill
// would, and checks that the destination then holds the old output or the
// new one, complete.
func TestCommitAlwaysComplete(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	old := map[string]string{"index.html": "old", "a/b.html": "old b"}
	if err := build(t, dest, old, false); err != nil {
		t.Fatal(err)
	}
	fresh := map[string]string{"index.html": "new", "c.html": "new c"}
	steps := 0
	defer func(f func()) { commitStep = f }(commitStep)
	commitStep = func() {
		steps++
		got := read(t, dest)
		if fmt.Sprint(got) != fmt.Sprint(old) && fmt.Sprint(got) != fmt.Sprint(fresh) {
			t.Errorf("at step %d of Commit the destination holds %v", steps, got)
		}
	}
	if err := build(t, dest, fresh, false); err != nil {
		t.Fatal(err)
	}
	if steps == 0 {
		t.Fatal("Commit passed no step")
	}
	if got := read(t, dest); fmt.Sprint(got) != fmt.Sprint(fresh) {
		t.Errorf("after Commit: %v", got)
	}
}

// TestCommitFallback takes the two-rename path that systems without an
// atomic exchange use, stops it between the renames as a kill would, and
// checks that the next build puts the old output back before anything else.
func TestCommitFallback(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	old := map[string]string{"index.html": "old"}
	if err := build(t, dest, old, false); err != nil {
		t.Fatal(err)
	}
	defer func(f func(a, b string) error) { exchange = f }(exchange)
	exchange = func(a, b string) error { return errNoExchange }
	// Without a kill the fallback replaces the output.
	if err := build(t, dest, map[string]string{"index.html": "v2"}, false); err != nil {
		t.Fatal(err)
	}
	if got := read(t, dest); got["index.html"] != "v2" || len(got) != 1 {
		t.Fatalf("after the fallback: %v", got)
	}
	// A kill between the renames: the lock dies with the process, which a
	// test stands in for by dropping it.
	defer func(f func()) { commitStep = f }(commitStep)
	d, err := Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	d.Write("index.html", []byte("v3"))
	commitStep = func() { panic(errKilled) }
	func() {
		defer func() {
			if r := recover(); r != errKilled {
				panic(r)
			}
		}()
		d.Commit()
	}()
	commitStep = func() {}
	if _, err := os.Lstat(dest); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the simulated kill did not leave the destination missing: %v", err)
	}
	d2, err := Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, dest); got["index.html"] != "v2" || len(got) != 1 {
		t.Errorf("the next build did not restore the old output: %v", got)
	}
	d2.Abort()
	if names := dirNames(t, root); len(names) != 1 || names[0] != "public" {
		t.Errorf("left beside the output: %v", names)
	}
}

var errKilled = errors.New("killed")

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestRemovesStaleTemporaries checks that a build removes what killed
// builds left, and nothing else: not a running build's directory, not a
// directory without the marker, not one named otherwise.
func TestRemovesStaleTemporaries(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	if err := build(t, dest, map[string]string{"index.html": "v1"}, false); err != nil {
		t.Fatal(err)
	}
	mk := func(name string, marker bool) {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Join(p, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(p, "sub", "page.html"), []byte("x"), 0o644)
		if marker {
			os.WriteFile(filepath.Join(p, Marker), nil, 0o644)
		}
	}
	mk(".public.tmp-111", true)     // killed while rendering
	mk(".public.tmp-222.old", true) // killed during the fallback's swap
	mk(".public.tmp-333", false)    // not dossier's: no marker
	mk(".other.tmp-444", true)      // another destination's
	mk("drafts", true)              // the user's own
	os.Symlink(filepath.Join(root, "drafts"), filepath.Join(root, ".public.tmp-555"))
	running, err := Create(dest) // a build running beside the next one
	if err != nil {
		t.Fatal(err)
	}
	defer running.Abort()
	next, err := Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer next.Abort()
	want := map[string]bool{"public": true, ".public.tmp-333": true, ".other.tmp-444": true, "drafts": true, ".public.tmp-555": true,
		filepath.Base(running.tmp): true, filepath.Base(next.tmp): true}
	got := dirNames(t, root)
	for _, name := range got {
		if !want[name] {
			t.Errorf("%s was not removed", name)
		}
		delete(want, name)
	}
	for name := range want {
		t.Errorf("%s was removed", name)
	}
	if b, err := os.ReadFile(filepath.Join(root, "drafts", "sub", "page.html")); err != nil || string(b) != "x" {
		t.Errorf("the target of a symlink was touched: %q, %v", b, err)
	}
}

// TestCommitRefusesForeignDirectory checks that a directory of the user's
// own that takes the destination's place during a build is not swapped
// out and deleted.
func TestCommitRefusesForeignDirectory(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	d, err := Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	d.Write("index.html", []byte("new"))
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dest, "thesis.tex"), []byte("precious"), 0o644)
	if err := d.Commit(); err == nil {
		t.Error("Commit replaced a directory it did not write")
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "thesis.tex")); string(b) != "precious" {
		t.Error("the user's file is gone")
	}
	if names := dirNames(t, root); len(names) != 1 {
		t.Errorf("left beside the output: %v", names)
	}
}

// TestConcurrentFirstBuilds commits two builds into a destination that did
// not exist when either started: both succeed, and one's output is there.
func TestConcurrentFirstBuilds(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	a, err := Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	a.Write("index.html", []byte("a"))
	b.Write("index.html", []byte("b"))
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, dest); got["index.html"] != "b" {
		t.Errorf("after both: %v", got)
	}
	if names := dirNames(t, root); len(names) != 1 {
		t.Errorf("left beside the output: %v", names)
	}
}

// TestRemovesEmptyTemporary checks that the directory of a build killed
// before it wrote its marker, which is empty, is removed too.
func TestRemovesEmptyTemporary(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	os.Mkdir(filepath.Join(root, ".public.tmp-1"), 0o700)
	d, err := Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if names := dirNames(t, root); len(names) != 1 || names[0] != filepath.Base(d.tmp) {
		t.Errorf("beside the output: %v", names)
	}
}

// TestCreateRacesCleaning lets another build clean beside the destination
// at the moment Create has made its directory and not yet locked it, when
// the directory looks like a killed build's; Create must still succeed
// with a directory of its own.
func TestCreateRacesCleaning(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	defer func(f func(string)) { createStep = f }(createStep)
	raced := 0
	createStep = func(tmp string) {
		if raced == 0 {
			removeStale(root, "public", dest)
			if _, err := os.Lstat(tmp); err == nil {
				t.Error("the cleaning did not remove the unlocked empty directory")
			}
		}
		raced++
	}
	d, err := Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	d.Write("index.html", []byte("x"))
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, dest); got["index.html"] != "x" || raced != 2 {
		t.Errorf("after a raced Create: %v, %d attempts", got, raced)
	}
}
