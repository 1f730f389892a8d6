package build

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/render"
	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/spill"
)

// TestSpill checks that a build whose notes' HTML and parts of the
// aggregates wait in a spill file writes the very bytes of one that holds
// them in memory, whether the spill file can be made or not, and leaves no
// file behind.
func TestSpill(t *testing.T) {
	for _, g := range goldens {
		t.Run(filepath.Base(g.src), func(t *testing.T) {
			src := os.DirFS(g.src)
			// In memory: the model whole, as before there was a spill.
			s, theme, diags := Check(site.NewLoader(), src)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			var want output.Memory
			if _, err := (&render.Renderer{Theme: theme, Release: true}).Site(s, &want); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			for _, tt := range []struct {
				name string
				dir  string
			}{
				{"spilled", dir},
				{"spill file not made", filepath.Join(dir, "missing")},
			} {
				l := site.NewLoader()
				l.Spill = &spill.File{Dir: tt.dir}
				var got output.Memory
				if _, err := Run(l, src, &got); err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				if entries, _ := os.ReadDir(dir); len(entries) > 0 {
					t.Errorf("%s: left in the folder during the build: %v", tt.name, entries)
				}
				if err := l.Spill.Close(); err != nil {
					t.Fatal(err)
				}
				w, g := want.Files(), got.Files()
				if len(w) != len(g) {
					t.Errorf("%s: %d files, want %d", tt.name, len(g), len(w))
				}
				for name, data := range w {
					if !bytes.Equal(data, g[name]) {
						t.Errorf("%s: %s differs from the build in memory", tt.name, name)
					}
				}
			}
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				t.Errorf("left in the folder: %v", entries)
			}
		})
	}
}
