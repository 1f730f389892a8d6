package buildcache_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dossier-org/dossier/internal/build"
	"github.com/dossier-org/dossier/internal/buildcache"
	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/srcfs"
)

// buildInto builds the site in src into the folder dest, as the build
// command does, keeping what it can in the cache in dir (none when dir is
// empty), and returns the render's counts.
func buildInto(t *testing.T, src, dest, dir, bin string) build.Result {
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
	out, err := output.Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	var res build.Result
	if c != nil {
		l.Digests, out.Digests = c.Sources(), c.Output(dest)
		res, err = build.RunKept(l, os.DirFS(src), out, nil, c)
	} else {
		res, err = build.Run(l, os.DirFS(src), out)
	}
	if err != nil {
		out.Abort()
		t.Fatalf("%v\n%v", err, res.Diags)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	if c != nil {
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
	}
	return res
}

// tree reads every file under dir.
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

func writeFile(t *testing.T, src, name, data string) {
	t.Helper()
	p := filepath.Join(src, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyDossier copies the dossier slug of the site in from into src as
// the dossier to.
func copyDossier(t *testing.T, from, slug, src, to string) {
	t.Helper()
	for _, dir := range []string{"content", "seeds"} {
		base := filepath.Join(from, dir)
		err := filepath.WalkDir(base, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(base, p)
			first, rest, _ := strings.Cut(filepath.ToSlash(rel), "/")
			if first != slug && first != slug+".txt" || e.IsDir() {
				return nil
			}
			name := to + strings.TrimPrefix(first, slug)
			if rest != "" {
				name += "/" + rest
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			writeFile(t, src, dir+"/"+name, string(data))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func pngFile(t *testing.T, w, h int, c uint8) string {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = c
	}
	img.Set(0, 0, color.Gray{Y: 255 - c})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestKeptBuildIsCold checks the promise of a build that takes the
// dossiers that did not change from the previous output: after any change
// to the sources, to the output or to the cache, it writes every byte a
// cold build does, and it takes over only the dossiers none of whose
// inputs changed.
func TestKeptBuildIsCold(t *testing.T) {
	src, dest, dir := t.TempDir(), filepath.Join(t.TempDir(), "public"), t.TempDir()
	if err := os.CopyFS(src, os.DirFS("../build/testdata/fixture")); err != nil {
		t.Fatal(err)
	}
	copyDossier(t, src, "sample", src, "other")
	copyDossier(t, "../build/testdata/revisions", "harbour", src, "harbour")
	copyDossier(t, "../build/testdata/multilingual", "bridge", src, "bridge")
	copyDossier(t, "../build/testdata/multilingual", "pont", src, "pont")
	const dossiers = 5
	if res := buildInto(t, src, dest, dir, "bin"); res.Stats.Reused != 0 {
		t.Fatalf("first build reused %d dossiers", res.Stats.Reused)
	}
	pack := filepath.Join(dir, buildcache.PackName(src))
	changes := []struct {
		name   string
		change func(t *testing.T)
		bin    string
		reused int // how many dossiers the build takes over; -1: any
	}{
		{"nothing", func(t *testing.T) {}, "bin", dossiers},
		{"a note's body", func(t *testing.T) {
			edit(t, src, "content/sample/mayor.md", "We could not", "We could not, in two weeks,")
		}, "bin", dossiers - 1},
		{"a note's verdict", func(t *testing.T) {
			edit(t, src, "content/other/mayor.md", "verdict: unsupported", "verdict: inaccurate")
		}, "bin", dossiers - 1},
		{"a tag renamed onto another dossier's", func(t *testing.T) {
			edit(t, src, "content/other/furniture.md", "tags: [provenance]", "tags: [Provenance]")
		}, "bin", -1},
		{"the tag back", func(t *testing.T) {
			edit(t, src, "content/other/furniture.md", "tags: [Provenance]", "tags: [provenance]")
		}, "bin", -1},
		{"the seed", func(t *testing.T) {
			edit(t, src, "seeds/other.txt", "said nothing else.", "said nothing more.")
		}, "bin", dossiers - 1},
		{"a revision", func(t *testing.T) {
			edit(t, src, "seeds/harbour/20261209T080000Z.txt", "The bridge will close", "The bridge will shut")
		}, "bin", dossiers - 1},
		{"a translation's title", func(t *testing.T) {
			edit(t, src, "content/pont/_index.md", "headline: ", "headline: Le ")
		}, "bin", -1},
		{"the settings", func(t *testing.T) { edit(t, src, "content/_index.md", "title:", "title: Renamed ·") }, "bin", 0},
		{"a theme template", func(t *testing.T) {
			data, err := os.ReadFile("../../templates/note.html")
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, src, "templates/note.html", strings.Replace(string(data), "</article>", "</article><!-- local -->", 1))
		}, "bin", 0},
		{"a translation table", func(t *testing.T) {
			writeFile(t, src, "i18n/en.yaml", "date.day: \"{{ .Day }} {{ .Month }} {{ .Year }}\"\n")
		}, "bin", 0},
		{"the logo", func(t *testing.T) { writeFile(t, src, "static/assets/logo.png", pngFile(t, 40, 40, 90)) }, "bin", 0},
		{"a static file", func(t *testing.T) { writeFile(t, src, "static/robots-extra.txt", "hello\n") }, "bin", 0},
		{"a page", func(t *testing.T) { edit(t, src, "content/about.md", "title:", "title: All ·") }, "bin", 0},
		{"nothing again", func(t *testing.T) {}, "bin", dossiers},
		{"a dossier added", func(t *testing.T) { copyDossier(t, src, "sample", src, "third") }, "bin", dossiers},
		{"a dossier removed", func(t *testing.T) {
			os.RemoveAll(filepath.Join(src, "content", "third"))
			os.Remove(filepath.Join(src, "seeds", "third.txt"))
		}, "bin", dossiers},
		{"a page of the output deleted", func(t *testing.T) {
			os.Remove(filepath.Join(dest, "sample", "mayor.html"))
		}, "bin", dossiers - 1},
		{"a page of the output edited", func(t *testing.T) {
			p := filepath.Join(dest, "other", "vote.html")
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)/2] ^= 1
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "bin", dossiers - 1},
		{"a card of the output replaced", func(t *testing.T) {
			p := filepath.Join(dest, "other", "card.png")
			os.Remove(p)
			writeFile(t, dest, "other/card.png", pngFile(t, 10, 10, 1))
		}, "bin", dossiers - 1},
		{"a page of the output touched", func(t *testing.T) {
			// Its stamp changed: the build reads it, and records it as
			// it is, too recent to be trusted (in the future, so that
			// however slow the test, it is not older than the build).
			soon := time.Now().Add(time.Hour)
			if err := os.Chtimes(filepath.Join(dest, "harbour", "index.html"), soon, soon); err != nil {
				t.Fatal(err)
			}
		}, "bin", dossiers},
		{"that page edited within the same tick", func(t *testing.T) {
			// The same size, inode and modification time: the index's
			// entry is racy, and the build reads the file again.
			keepStamp(t, filepath.Join(dest, "harbour", "index.html"), func(data []byte) { data[len(data)/2] ^= 1 })
		}, "bin", dossiers - 1},
		{"a note edited keeping its size and time", func(t *testing.T) {
			keepStamp(t, filepath.Join(src, "content", "bridge", "cost.md"), func(data []byte) {
				i := bytes.LastIndexByte(data, '.')
				data[i] = '!'
			})
		}, "bin", dossiers - 1},
		{"the output removed", func(t *testing.T) {
			// Every dossier is rendered again, from the dossiers as the
			// cache kept them, not loaded again.
			if err := os.RemoveAll(dest); err != nil {
				t.Fatal(err)
			}
		}, "bin", 0},
		{"another binary", func(t *testing.T) {}, "another bin", 0},
		{"back to the first binary", func(t *testing.T) {}, "bin", 0},
		{"a truncated cache", func(t *testing.T) {
			info, err := os.Stat(pack)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(pack, info.Size()/2); err != nil {
				t.Fatal(err)
			}
		}, "bin", 0},
		{"a damaged cache", func(t *testing.T) {
			data, err := os.ReadFile(pack)
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)/3] ^= 0x40
			if err := os.WriteFile(pack, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "bin", -1}, // the damaged entry alone is refused
		{"nothing at last", func(t *testing.T) {}, "bin", dossiers},
		// With a template of the site's own, every dossier taken from the
		// cache is given its notes' HTML; with the embedded theme's, only
		// those rendered, and those the feed shows.
		{"the theme's template removed", func(t *testing.T) {
			if err := os.Remove(filepath.Join(src, "templates", "note.html")); err != nil {
				t.Fatal(err)
			}
		}, "bin", 0},
		{"a note's body, with the embedded theme", func(t *testing.T) {
			edit(t, src, "content/sample/mayor.md", "We could not, in two weeks,", "We could not")
		}, "bin", dossiers - 1},
		{"a page of the output deleted, with the embedded theme", func(t *testing.T) {
			os.Remove(filepath.Join(dest, "bridge", "cost.html"))
		}, "bin", dossiers - 1},
		{"a note of another dossier, with the embedded theme", func(t *testing.T) {
			edit(t, src, "content/other/mayor.md", "verdict: inaccurate", "verdict: unsupported")
		}, "bin", dossiers - 1},
		{"a new word, in the search's shards that the kept dossiers' words share", func(t *testing.T) {
			p := filepath.Join(src, "content", "harbour", "closure.md")
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, src, "content/harbour/closure.md", string(data)+"\nZyzzyva budgets, and the bridge's closure.\n")
		}, "bin", dossiers - 1},
	}
	for _, tt := range changes {
		t.Run(tt.name, func(t *testing.T) {
			tt.change(t)
			res := buildInto(t, src, dest, dir, tt.bin)
			cold := filepath.Join(t.TempDir(), "public")
			coldRes := buildInto(t, src, cold, "", "")
			same(t, tree(t, cold), tree(t, dest))
			if a, b := fmt.Sprint(coldRes.Diags), fmt.Sprint(res.Diags); a != b {
				t.Errorf("the builds reported different problems:\ncold %s\nwarm %s", a, b)
			}
			if len(res.Diags) == 0 {
				t.Errorf("no warnings: the fixture has some, which a warm build must report too")
			}
			if tt.reused >= 0 && res.Stats.Reused != tt.reused {
				t.Errorf("the build took %d dossiers from the previous output, want %d", res.Stats.Reused, tt.reused)
			}
		})
	}
}

// keepStamp changes the file at p in place with change, which must keep
// its size, and puts its modification time back.
func keepStamp(t *testing.T, p string, change func([]byte)) {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	change(data)
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
}

// TestKeptRefusesLinks checks that a warm build refuses a link among a
// dossier's files as a cold one does, with the same diagnostics, even
// where the link's name and type are all the listing shows.
func TestKeptRefusesLinks(t *testing.T) {
	src, dest, dir := t.TempDir(), filepath.Join(t.TempDir(), "public"), t.TempDir()
	if err := os.CopyFS(src, os.DirFS("../build/testdata/fixture")); err != nil {
		t.Fatal(err)
	}
	buildInto(t, src, dest, dir, "bin")
	buildInto(t, src, dest, dir, "bin")
	outside := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(outside, []byte("---\ntitle: Secret\n---\nsecret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"content/sample/linked.md", "seeds/sample.warc.gz"} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(src, filepath.FromSlash(name))
			if err := os.Symlink(outside, p); err != nil {
				t.Fatal(err)
			}
			defer os.Remove(p)
			diags := func(dir string) string {
				l := site.NewLoader()
				var res build.Result
				out := &output.Memory{}
				// The tree as the command opens it.
				fsys, err := srcfs.Open(src)
				if err != nil {
					t.Fatal(err)
				}
				defer fsys.Close()
				if dir == "" {
					res, _ = build.Run(l, fsys, out)
				} else {
					c, err := buildcache.Open(dir, buildcache.PackName(src), "bin")
					if err != nil {
						t.Fatal(err)
					}
					defer c.Close()
					l.Markdown = l.Markdown.WithStore(c)
					l.Digests = c.Sources()
					res, _ = build.RunKept(l, fsys, out, nil, c)
				}
				if !res.Diags.HasErrors() {
					t.Errorf("a build with %s as a link succeeded", name)
				}
				return fmt.Sprint(res.Diags)
			}
			if cold, warm := diags(""), diags(dir); cold != warm {
				t.Errorf("the builds reported different problems:\ncold %s\nwarm %s", cold, warm)
			}
		})
	}
}
