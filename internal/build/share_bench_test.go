package build

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/dossier-org/dossier/internal/cardcache"
	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/srcfs"
)

// BenchmarkBuildCards builds a corpus to disk with the cache of share
// images cold (an empty folder each time: every card drawn) and warm
// (every card read from the cache), e.g.
//
//	go test ./internal/build -run '^$' -bench 'BuildCards/1000' -count 6
func BenchmarkBuildCards(b *testing.B) {
	for _, notes := range []int{1000} {
		for _, warm := range []bool{false, true} {
			name := strconv.Itoa(notes) + "/cold"
			if warm {
				name = strconv.Itoa(notes) + "/warm"
			}
			b.Run(name, func(b *testing.B) {
				src := corpusDir(b, notes)
				dest := filepath.Join(b.TempDir(), "public")
				srcFS, err := srcfs.Open(src)
				if err != nil {
					b.Fatal(err)
				}
				defer srcFS.Close()
				cacheDir := filepath.Join(b.TempDir(), "cards")
				build := func(dir string) {
					c, err := cardcache.Open(dir)
					if err != nil {
						b.Fatal(err)
					}
					out, err := output.Create(dest)
					if err != nil {
						b.Fatal(err)
					}
					res, err := RunCards(site.NewLoader(), srcFS, out, c)
					if err != nil {
						b.Fatalf("%v\n%s", err, res.Diags)
					}
					if err := out.Commit(); err != nil {
						b.Fatal(err)
					}
				}
				if warm {
					build(cacheDir)
				}
				b.ResetTimer()
				cpu := cpuTime()
				for i := range b.N {
					dir := cacheDir
					if !warm {
						dir = filepath.Join(b.TempDir(), "cold"+strconv.Itoa(i))
					}
					build(dir)
				}
				b.StopTimer()
				// The CPU time, user and system, which a busy machine
				// inflates less than the time elapsed.
				b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(notes)/1000, "µs/note")
			})
		}
	}
}
