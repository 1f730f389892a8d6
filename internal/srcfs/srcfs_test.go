package srcfs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// hostile makes, in a temporary folder, a source tree "tree" full of ways
// out beside a folder "outside" holding a secret, and opens the tree with a
// limit of 100 bytes a file.
func hostile(t *testing.T) (*FS, string) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"outside/secret":       "TOKEN",
		"tree/.git/config":     "[http] extraheader = AUTHORIZATION: basic TOKEN",
		"tree/seeds/a.txt":     "seed",
		"tree/content/a/n.md":  "note",
		"tree/content/big.md":  strings.Repeat("x", 101),
		"tree/content/100.md":  strings.Repeat("x", 100),
		"tree/content/x.md/.k": "",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(text), 0o644))
	}
	links := map[string]string{
		"tree/seeds/git.txt":           "../.git/config",
		"tree/seeds/out.txt":           "../../outside/secret",
		"tree/seeds/abs.txt":           filepath.Join(dir, "outside/secret"),
		"tree/seeds/zero.txt":          "/dev/zero",
		"tree/seeds/environ.txt":       "/proc/self/environ",
		"tree/seeds/dangling.txt":      "nothing.txt",
		"tree/content/methodology.md":  "/etc/passwd",
		"tree/content/d":               "../../outside",
		"tree/content/in":              "a",
		"tree/content/a/link.md":       "n.md",
		"tree/content/a/up.md":         "../../seeds/../../outside/secret",
		"tree/content/loop.md":         "loop.md",
		"tree/content/a/back.md":       `..\..\..\outside\secret`,
		"tree/templates/base.html":     "../../outside/secret",
		"tree/templates/partials/x.ht": "../../../outside/secret",
	}
	for name, target := range links {
		p := filepath.Join(dir, name)
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.Symlink(target, p))
	}
	if err := mkfifo(filepath.Join(dir, "tree/seeds/fifo.txt")); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	fsys, err := Open(filepath.Join(dir, "tree"))
	must(t, err)
	t.Cleanup(func() { fsys.Close() })
	fsys.MaxFileSize = 100
	return fsys, dir
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// guard fails the test if f does not return within a minute: a named pipe
// opened for reading would wait for a writer forever.
func guard(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatalf("%s did not return: it blocks", what)
	}
}

func TestReadFile(t *testing.T) {
	fsys, _ := hostile(t)
	long := strings.Repeat("n", 300) + ".md"
	tests := []struct {
		name string
		data string  // when it is read
		is   []error // when it is refused
		not  error   // and is not this
		why  string  // Reason
	}{
		{name: "seeds/a.txt", data: "seed"},
		{name: "content/a/n.md", data: "note"},
		{name: "content/100.md", data: strings.Repeat("x", 100)},
		{"seeds/git.txt", "", []error{ErrSymlink}, ErrOutside, `a symbolic link (to "../.git/config"): refused; links are not followed, even inside the source tree: put the file itself here`},
		{"seeds/out.txt", "", []error{ErrSymlink, ErrOutside}, nil, `a symbolic link pointing outside the source tree (to "../../outside/secret"): refused`},
		{"seeds/zero.txt", "", []error{ErrSymlink, ErrOutside}, nil, `a symbolic link pointing outside the source tree (to "/dev/zero"): refused`},
		{"seeds/environ.txt", "", []error{ErrSymlink, ErrOutside}, nil, `a symbolic link pointing outside the source tree (to "/proc/self/environ"): refused`},
		{"seeds/dangling.txt", "", []error{ErrSymlink}, fs.ErrNotExist, `a symbolic link (to "nothing.txt"): refused; links are not followed, even inside the source tree: put the file itself here`},
		{"seeds/fifo.txt", "", []error{ErrNotRegular}, nil, "not a regular file (a named pipe): refused"},
		{"content/methodology.md", "", []error{ErrSymlink, ErrOutside}, nil, `a symbolic link pointing outside the source tree (to "/etc/passwd"): refused`},
		{"content/d/secret", "", []error{ErrSymlink, ErrOutside}, nil, `the symbolic link content/d pointing outside the source tree (to "../../outside"): refused`},
		{"content/in/n.md", "", []error{ErrSymlink}, ErrOutside, `the symbolic link content/in (to "a"): refused; links are not followed, even inside the source tree: put the file itself here`},
		{"content/a/link.md", "", []error{ErrSymlink}, ErrOutside, `a symbolic link (to "n.md"): refused; links are not followed, even inside the source tree: put the file itself here`},
		{"content/a/up.md", "", []error{ErrSymlink, ErrOutside}, nil, `a symbolic link pointing outside the source tree (to "../../seeds/../../outside/secret"): refused`},
		// On Linux a backslash is part of a name: the link names a file
		// in content/a, which does not exist.
		{"content/a/back.md", "", []error{ErrSymlink}, nil, `a symbolic link (to "..\\..\\..\\outside\\secret"): refused; links are not followed, even inside the source tree: put the file itself here`},
		{"content/loop.md", "", []error{ErrSymlink}, nil, `a symbolic link (to "loop.md"): refused; links are not followed, even inside the source tree: put the file itself here`},
		{"content/big.md", "", []error{ErrTooLarge}, nil, "larger than 100 bytes: refused"},
		{"content/x.md", "", []error{ErrNotRegular}, nil, "not a regular file (a folder): refused"},
		{"content/missing.md", "", []error{fs.ErrNotExist}, nil, "does not exist"},
		{"content/a/n.md/x", "", nil, nil, "not a directory"},
		{"content/" + long, "", nil, nil, "file name too long"},
		{"../outside/secret", "", []error{fs.ErrInvalid}, nil, "not a valid file name"},
		{"/etc/passwd", "", []error{fs.ErrInvalid}, nil, "not a valid file name"},
		{"content/a/../../../outside/secret", "", []error{fs.ErrInvalid}, nil, "not a valid file name"},
		{`content\a\n.md`, "", []error{fs.ErrInvalid}, nil, "not a valid file name"},
		{"", "", []error{fs.ErrInvalid}, nil, "not a valid file name"},
	}
	for _, tt := range tests {
		var data []byte
		var err error
		guard(t, "ReadFile("+tt.name+")", func() { data, err = fsys.ReadFile(tt.name) })
		if tt.why == "" {
			if err != nil || string(data) != tt.data {
				t.Errorf("ReadFile(%s) = %q, %v; want %q", tt.name, data, err, tt.data)
			}
			continue
		}
		if err == nil {
			t.Errorf("ReadFile(%s) = %q, want an error", tt.name, data)
			continue
		}
		for _, target := range tt.is {
			if !errors.Is(err, target) {
				t.Errorf("ReadFile(%s): %v, is not %v", tt.name, err, target)
			}
		}
		if tt.not != nil && errors.Is(err, tt.not) {
			t.Errorf("ReadFile(%s): %v, is %v", tt.name, err, tt.not)
		}
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path != tt.name {
			t.Errorf("ReadFile(%s): %v, want an *fs.PathError naming it", tt.name, err)
		}
		if got := Reason(err); got != tt.why {
			t.Errorf("Reason(ReadFile(%s))\n got %s\nwant %s", tt.name, got, tt.why)
		}
		if strings.Contains(string(data), "TOKEN") {
			t.Errorf("ReadFile(%s) read the secret", tt.name)
		}
	}
}

// Open, Stat and ReadDir apply the same rules as ReadFile, and a file
// opened is read no further than the limit.
func TestOpenStatReadDir(t *testing.T) {
	fsys, _ := hostile(t)
	for _, name := range []string{"seeds/fifo.txt", "seeds/zero.txt", "seeds/out.txt", "content/d/secret", "content/in/n.md"} {
		guard(t, "Open("+name+")", func() {
			if f, err := fsys.Open(name); err == nil {
				f.Close()
				t.Errorf("Open(%s) succeeded", name)
			}
		})
	}
	for _, name := range []string{"content/d", "content/in", "seeds/out.txt", "content/loop.md"} {
		if _, err := fsys.Stat(name); !errors.Is(err, ErrSymlink) {
			t.Errorf("Stat(%s): %v, want ErrSymlink", name, err)
		}
		if info, err := fsys.Lstat(name); err != nil || info.Mode().Type() != fs.ModeSymlink {
			t.Errorf("Lstat(%s) = %v, %v; want a link", name, info, err)
		}
	}
	for _, name := range []string{"content/d", "content/in"} {
		if _, err := fsys.ReadDir(name); !errors.Is(err, ErrSymlink) {
			t.Errorf("ReadDir(%s): %v, want ErrSymlink", name, err)
		}
	}
	if target, err := fsys.ReadLink("content/d"); err != nil || target != "../../outside" {
		t.Errorf("ReadLink(content/d) = %q, %v", target, err)
	}
	if _, err := fsys.ReadLink("content/d/secret"); !errors.Is(err, ErrOutside) {
		t.Errorf("ReadLink(content/d/secret): %v, want ErrOutside", err)
	}
	f, err := fsys.Open("content/big.md")
	must(t, err)
	defer f.Close()
	data, err := io.ReadAll(f)
	if !errors.Is(err, ErrTooLarge) || len(data) > 101 {
		t.Errorf("reading content/big.md: %d bytes, %v; want at most 101 and ErrTooLarge", len(data), err)
	}
}

// Check reports every link and special file under the folders it is
// given, each at its own path, and nothing else.
func TestCheck(t *testing.T) {
	fsys, _ := hostile(t)
	var got []string
	guard(t, "Check", func() {
		for _, d := range Check(fsys, "seeds", "content", "templates", "missing") {
			got = append(got, d.String())
		}
	})
	slices.Sort(got)
	want := []string{
		`content/a/back.md: a symbolic link (to "..\\..\\..\\outside\\secret"): refused; links are not followed, even inside the source tree: put the file itself here`,
		`content/a/link.md: a symbolic link (to "n.md"): refused; links are not followed, even inside the source tree: put the file itself here`,
		`content/a/up.md: a symbolic link pointing outside the source tree (to "../../seeds/../../outside/secret"): refused`,
		`content/d: a symbolic link pointing outside the source tree (to "../../outside"): refused`,
		`content/in: a symbolic link (to "a"): refused; links are not followed, even inside the source tree: put the file itself here`,
		`content/loop.md: a symbolic link (to "loop.md"): refused; links are not followed, even inside the source tree: put the file itself here`,
		`content/methodology.md: a symbolic link pointing outside the source tree (to "/etc/passwd"): refused`,
		`seeds/abs.txt: a symbolic link pointing outside the source tree (to ` + strconvQuote(fsys, "seeds/abs.txt") + `): refused`,
		`seeds/dangling.txt: a symbolic link (to "nothing.txt"): refused; links are not followed, even inside the source tree: put the file itself here`,
		`seeds/environ.txt: a symbolic link pointing outside the source tree (to "/proc/self/environ"): refused`,
		"seeds/fifo.txt: not a regular file (a named pipe): refused",
		`seeds/git.txt: a symbolic link (to "../.git/config"): refused; links are not followed, even inside the source tree: put the file itself here`,
		`seeds/out.txt: a symbolic link pointing outside the source tree (to "../../outside/secret"): refused`,
		`seeds/zero.txt: a symbolic link pointing outside the source tree (to "/dev/zero"): refused`,
		`templates/base.html: a symbolic link pointing outside the source tree (to "../../outside/secret"): refused`,
		`templates/partials/x.ht: a symbolic link pointing outside the source tree (to "../../../outside/secret"): refused`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("Check =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The top folders themselves may be links.
	dir := t.TempDir()
	must(t, os.Symlink("/etc", filepath.Join(dir, "content")))
	top, err := Open(dir)
	must(t, err)
	defer top.Close()
	if got := Check(top, "content", "seeds").String(); got != "content: a symbolic link pointing outside the source tree (to \"/etc\"): refused\n" {
		t.Errorf("Check of a linked content/ = %q", got)
	}
}

func strconvQuote(fsys *FS, name string) string {
	target, _ := fsys.ReadLink(name)
	return `"` + target + `"`
}

// A tree without links or special files behaves as any fs.FS does.
func TestFS(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"seeds/a.txt", "content/_index.md", "content/a/_index.md", "content/a/n.md"} {
		p := filepath.Join(dir, name)
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(name), 0o644))
	}
	fsys, err := Open(dir)
	must(t, err)
	defer fsys.Close()
	if err := fstest.TestFS(fsys, "seeds/a.txt", "content/_index.md", "content/a/_index.md", "content/a/n.md"); err != nil {
		t.Error(err)
	}
	if got := Check(fsys, "seeds", "content"); len(got) != 0 {
		t.Errorf("Check of a clean tree = %v", got)
	}
}

// New applies the rules to a tree in memory, such as one read from git,
// whose links are entries of mode fs.ModeSymlink.
func TestNew(t *testing.T) {
	fsys := New(fstest.MapFS{
		"seeds/a.txt":    {Data: []byte("seed")},
		"seeds/b.txt":    {Data: []byte("a.txt"), Mode: fs.ModeSymlink},
		"seeds/c.txt":    {Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink},
		"seeds/loop.txt": {Data: []byte("loop.txt"), Mode: fs.ModeSymlink},
		"content/x":      {Data: []byte("../seeds"), Mode: fs.ModeSymlink},
	})
	for _, tt := range []struct {
		name string
		is   error
	}{
		{"seeds/b.txt", ErrSymlink},
		{"seeds/c.txt", ErrOutside},
		{"seeds/loop.txt", ErrSymlink},
		{"content/x/a.txt", ErrSymlink},
	} {
		var err error
		guard(t, "ReadFile("+tt.name+")", func() { _, err = fsys.ReadFile(tt.name) })
		if !errors.Is(err, tt.is) {
			t.Errorf("ReadFile(%s): %v, want %v", tt.name, err, tt.is)
		}
	}
	if data, err := fsys.ReadFile("seeds/a.txt"); err != nil || string(data) != "seed" {
		t.Errorf("ReadFile(seeds/a.txt) = %q, %v", data, err)
	}
}

// WriteNew does not write through a link, outside or inside the tree,
// nor over an existing name.
func TestWriteNew(t *testing.T) {
	fsys, dir := hostile(t)
	must(t, os.Symlink("../../outside/new.md", filepath.Join(dir, "tree/content/a/dangling.md")))
	tests := []struct {
		name string
		is   error
	}{
		{"content/d/new.md", ErrOutside},
		{"content/d/sub/new.md", ErrOutside},
		{"content/in/new.md", ErrSymlink},
		{"content/a/n.md", fs.ErrExist},
		{"content/a/dangling.md", fs.ErrExist},
		{"content/a/n.md/x.md", nil},
		{"../outside/new.md", fs.ErrInvalid},
		{"content/new/deep/x.md", nil},
	}
	for _, tt := range tests {
		err := fsys.WriteNew(tt.name, []byte("new"), 0o644)
		switch {
		case tt.is == nil && tt.name == "content/new/deep/x.md":
			if err != nil {
				t.Errorf("WriteNew(%s): %v", tt.name, err)
			} else if data, _ := os.ReadFile(filepath.Join(dir, "tree", tt.name)); string(data) != "new" {
				t.Errorf("WriteNew(%s) wrote %q", tt.name, data)
			}
		case tt.is == nil:
			if err == nil {
				t.Errorf("WriteNew(%s) succeeded", tt.name)
			}
		case !errors.Is(err, tt.is):
			t.Errorf("WriteNew(%s): %v, want %v", tt.name, err, tt.is)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "outside"))
	if len(entries) != 1 {
		t.Errorf("outside/ holds %d files, want only the secret", len(entries))
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "tree/content/a/n.md")); string(data) != "note" {
		t.Errorf("content/a/n.md was overwritten: %q", data)
	}
}

// Move renames within the tree, never over an existing name, never
// through a link, and only regular files; WriteNew leaves no temporary
// file behind.
func TestMove(t *testing.T) {
	fsys, dir := hostile(t)
	must(t, fsys.WriteNew("seeds/m.txt", []byte("m"), 0o644))
	must(t, fsys.WriteNew("seeds/other.txt", []byte("o"), 0o644))
	if err := fsys.Move("seeds/m.txt", "seeds/other.txt"); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Move over an existing file: %v", err)
	}
	if err := fsys.Move("seeds/m.txt", "content/d/m.txt"); !errors.Is(err, ErrOutside) {
		t.Errorf("Move through a link out of the tree: %v", err)
	}
	if err := fsys.Move("content/in", "seeds/in.txt"); err == nil {
		t.Errorf("Move of a link succeeded")
	}
	must(t, fsys.Move("seeds/m.txt", "seeds/m/20261125T153000Z.txt"))
	if data, _ := os.ReadFile(filepath.Join(dir, "tree/seeds/m/20261125T153000Z.txt")); string(data) != "m" {
		t.Errorf("moved file holds %q", data)
	}
	if _, err := os.Lstat(filepath.Join(dir, "tree/seeds/m.txt")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the old name is still there: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "tree/seeds"))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// Replace writes over a regular file of the tree, keeping its mode, and
// refuses links, wherever they point, special files, names that do not
// exist and names outside the tree; it leaves no temporary file.
func TestReplace(t *testing.T) {
	fsys, dir := hostile(t)
	must(t, os.Chmod(filepath.Join(dir, "tree/content/a/n.md"), 0o600))
	tests := []struct {
		name string
		is   error
	}{
		{"content/a/n.md", nil},
		{"content/a/link.md", ErrSymlink},
		{"content/a/up.md", ErrOutside},
		{"content/methodology.md", ErrOutside},
		{"content/d/secret", ErrOutside},
		{"content/in/n.md", ErrSymlink},
		{"seeds/dangling.txt", ErrSymlink},
		{"seeds/fifo.txt", ErrNotRegular},
		{"content/a", ErrNotRegular},
		{"content/a/none.md", fs.ErrNotExist},
		{"../outside/secret", fs.ErrInvalid},
	}
	for _, tt := range tests {
		var err error
		guard(t, "Replace "+tt.name, func() { err = fsys.Replace(tt.name, []byte("replaced")) })
		if tt.is == nil {
			if err != nil {
				t.Errorf("Replace(%s): %v", tt.name, err)
			}
			continue
		}
		if !errors.Is(err, tt.is) {
			t.Errorf("Replace(%s): %v, want %v", tt.name, err, tt.is)
		}
	}
	p := filepath.Join(dir, "tree/content/a/n.md")
	if data, _ := os.ReadFile(p); string(data) != "replaced" {
		t.Errorf("content/a/n.md holds %q", data)
	}
	if info, err := os.Lstat(p); err != nil || info.Mode() != 0o600 {
		t.Errorf("content/a/n.md: mode %v, %v; want -rw-------", info.Mode(), err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "outside/secret")); string(data) != "TOKEN" {
		t.Errorf("outside/secret was written: %q", data)
	}
	if target, err := os.Readlink(filepath.Join(dir, "tree/content/a/link.md")); err != nil || target != "n.md" {
		t.Errorf("content/a/link.md was replaced: %q, %v", target, err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "tree/content/a"))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("a temporary file is left: %s", e.Name())
		}
	}
}
