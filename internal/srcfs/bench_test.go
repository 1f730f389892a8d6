package srcfs

import (
	"io/fs"
	"os"
	"testing"

	"github.com/dossier-org/dossier/internal/corpus"
)

// corpus10k writes a site of 500 dossiers of 20 notes.
func corpus10k(b *testing.B) (string, []string) {
	b.Helper()
	dir := b.TempDir()
	if err := corpus.Default(500, 20).Write(dir); err != nil {
		b.Fatal(err)
	}
	var files []string
	fs.WalkDir(os.DirFS(dir), ".", func(p string, e fs.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	return dir, files
}

// BenchmarkReadFile reads every file of a 10,000-note site, through
// os.DirFS (which follows links out) and through FS, which checks each
// element of each name.
func BenchmarkReadFile(b *testing.B) {
	dir, files := corpus10k(b)
	fsys, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer fsys.Close()
	for _, bb := range []struct {
		name string
		fsys fs.FS
	}{{"DirFS", os.DirFS(dir)}, {"srcfs", fsys}} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				for _, f := range files {
					if _, err := fs.ReadFile(bb.fsys, f); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkCheck walks a 10,000-note site for links and special files, as
// every load does.
func BenchmarkCheck(b *testing.B) {
	dir, _ := corpus10k(b)
	fsys, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer fsys.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if d := Check(fsys, "seeds", "content", "templates"); len(d) > 0 {
			b.Fatal(d)
		}
	}
}
