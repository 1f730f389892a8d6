package build

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dossier-org/dossier/internal/corpus"
	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/srcfs"
)

// The benchmarks build generated corpora from disk to disk, as a user's
// build does. Run one at a time to read their peak memory, e.g.
//
//	go test ./internal/build -run '^$' -bench 'Build/10000' -count 6 -benchmem
//
// See the README for the comparison with Hugo.

var corpora sync.Map // notes → directory

// TestMain removes the benchmark corpora, which are large, after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	corpora.Range(func(_, dir any) bool {
		os.RemoveAll(dir.(string))
		return true
	})
	os.Exit(code)
}

// corpusDir writes the corpus of the given size once per test process.
func corpusDir(b *testing.B, notes int) string {
	if dir, ok := corpora.Load(notes); ok {
		return dir.(string)
	}
	dir, err := os.MkdirTemp("", fmt.Sprintf("dossier-corpus-%d-", notes))
	if err != nil {
		b.Fatal(err)
	}
	if err := corpus.Default(notes/20, 20).Write(dir); err != nil {
		b.Fatal(err)
	}
	corpora.Store(notes, dir)
	return dir
}

// resetPeak and peakMB read the process's peak resident memory, which Linux
// lets a process reset (clear_refs 5); elsewhere they report nothing.
func resetPeak() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

func reportPeak(b *testing.B) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			b.ReportMetric(float64(kb)/1024, "peak-RSS-MB")
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	for _, notes := range benchSizes(b) {
		b.Run(strconv.Itoa(notes), func(b *testing.B) {
			src := corpusDir(b, notes)
			dest := filepath.Join(b.TempDir(), "public")
			srcFS, err := srcfs.Open(src)
			if err != nil {
				b.Fatal(err)
			}
			defer srcFS.Close()
			b.ReportAllocs()
			runtime.GC()
			resetPeak()
			b.ResetTimer()
			for range b.N {
				out, err := output.Create(dest)
				if err != nil {
					b.Fatal(err)
				}
				res, err := Run(site.NewLoader(), srcFS, out)
				if err != nil {
					b.Fatalf("%v\n%s", err, res.Diags)
				}
				if err := out.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(notes)/1000, "µs/note")
			reportPeak(b)
		})
	}
}

// BenchmarkFloor is the least any generator must do with the same notes
// (corpus.Floor): read each file, render its Markdown with goldmark and
// chroma, and write the HTML, in parallel; no templates, anchoring or
// cross-links.
func BenchmarkFloor(b *testing.B) {
	for _, notes := range benchSizes(b) {
		b.Run(strconv.Itoa(notes), func(b *testing.B) {
			src := corpusDir(b, notes)
			dest := b.TempDir()
			b.ReportAllocs()
			runtime.GC()
			resetPeak()
			b.ResetTimer()
			for range b.N {
				if _, err := corpus.Floor(src, dest); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(notes)/1000, "µs/note")
			reportPeak(b)
		})
	}
}

// benchNotes sets the corpus sizes of BenchmarkBuild and BenchmarkFloor,
// e.g. -bench.notes 40000.
var benchNotes = flag.String("bench.notes", "1000,10000", "comma-separated corpus sizes (notes) of the Build and Floor benchmarks")

func benchSizes(b *testing.B) []int {
	var sizes []int
	for _, f := range strings.Split(*benchNotes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 20 {
			b.Fatalf("-bench.notes: %q is not a number of notes (at least 20)", f)
		}
		sizes = append(sizes, n)
	}
	return sizes
}
