package buildcache_test

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/build"
	"github.com/dossier-org/dossier/internal/buildcache"
	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// buildSite builds the site in src in memory, through the cache in dir
// when dir is not empty, and saves the cache; it returns the files and the
// cache's counts.
func buildSite(t *testing.T, src, dir, bin string) (map[string][]byte, buildcache.Stats) {
	t.Helper()
	l := site.NewLoader()
	var c *buildcache.Cache
	if dir != "" {
		var err error
		if c, err = buildcache.Open(dir, buildcache.PackName(src), bin); err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		l.Markdown = l.Markdown.WithStore(c)
	}
	var m output.Memory
	if res, err := build.Run(l, os.DirFS(src), &m); err != nil {
		t.Fatalf("%v\n%v", err, res.Diags)
	}
	if c == nil {
		return m.Files(), buildcache.Stats{}
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	return m.Files(), c.Stats()
}

// same reports every file in which two builds differ.
func same(t *testing.T, cold, warm map[string][]byte) {
	t.Helper()
	names := func(m map[string][]byte) []string {
		return slices.Sorted(func(yield func(string) bool) {
			for k := range m {
				if !yield(k) {
					return
				}
			}
		})
	}
	if a, b := names(cold), names(warm); !slices.Equal(a, b) {
		t.Fatalf("the builds wrote different files:\ncold %v\nwarm %v", a, b)
	}
	for name, data := range cold {
		if !bytes.Equal(data, warm[name]) {
			t.Errorf("%s differs between a cold build and a warm one", name)
		}
	}
}

func edit(t *testing.T, src, name, old, new string) {
	t.Helper()
	p := filepath.Join(src, filepath.FromSlash(name))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s holds no %q", name, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWarmBuildIsCold checks the cache's promise: a build with a warm cache
// writes every byte a build without one does, after any change to the
// sources, and a build of another binary uses none of it.
func TestWarmBuildIsCold(t *testing.T) {
	src, dir := t.TempDir(), t.TempDir()
	if err := os.CopyFS(src, os.DirFS("../build/testdata/fixture")); err != nil {
		t.Fatal(err)
	}
	if _, s := buildSite(t, src, dir, "bin"); s.Hits != 0 || s.Misses == 0 {
		t.Fatalf("first build: %+v, want misses only", s)
	}
	changes := []struct {
		name   string
		change func(t *testing.T)
	}{
		{"nothing", func(t *testing.T) {}},
		{"a note's analysis", func(t *testing.T) {
			edit(t, src, "content/sample/mayor.md", "\n---\n", "\n---\nA new first paragraph with `code`.\n\n```go\nfunc main() {}\n```\n\n")
		}},
		{"a setting", func(t *testing.T) { edit(t, src, "content/_index.md", "title:", "title: Renamed ·") }},
		{"the theme", func(t *testing.T) {
			os.MkdirAll(filepath.Join(src, "templates"), 0o755)
			os.WriteFile(filepath.Join(src, "templates", "style.css"), []byte("body { color: teal }\n"), 0o644)
		}},
		{"an image's size", func(t *testing.T) {
			// The text that shows the image is the same; its page is not.
			var b bytes.Buffer
			if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 30, 20))); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(src, "static", "img", "chart.png"), b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range changes {
		t.Run(tt.name, func(t *testing.T) {
			tt.change(t)
			cold, _ := buildSite(t, src, "", "")
			warm, s := buildSite(t, src, dir, "bin")
			same(t, cold, warm)
			if s.Hits == 0 {
				t.Errorf("%+v: the warm build found nothing in the cache", s)
			}
		})
	}
	// Another binary starts afresh, and writes the same.
	if _, s := buildSite(t, src, dir, "another bin"); s.Hits != 0 {
		t.Errorf("another binary's build: %+v, want no hits", s)
	}
}
