package serve

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/corpus"
)

// benchSite prepares a source tree on disk: "shipped" is the repository's
// own site, a number a generated corpus of that many notes.
func benchSite(b testing.TB, name string) (dir, note string) {
	if name == "shipped" {
		dir = b.TempDir()
		for _, sub := range []string{"seeds", "content"} {
			if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join("../..", sub))); err != nil {
				b.Fatal(err)
			}
		}
		entries, _ := os.ReadDir(filepath.Join(dir, "content", "iran-azerbaijan-plot"))
		for _, e := range entries {
			if e.Name() != "_index.md" {
				return dir, filepath.Join("content", "iran-azerbaijan-plot", e.Name())
			}
		}
		return dir, filepath.Join("content", "iran-azerbaijan-plot", "_index.md")
	}
	notes, _ := strconv.Atoi(name)
	dir = b.TempDir()
	if err := corpus.Default(notes/20, 20).Write(dir); err != nil {
		b.Fatal(err)
	}
	return dir, filepath.Join("content", "d0007", "n005.md")
}

// edit changes a note's analysis in a way that changes its page, as a save
// in an editor does.
func edit(b testing.TB, dir, note string, i int) {
	p := filepath.Join(dir, note)
	data, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	s := string(data)
	if j := strings.LastIndex(s, "\nEdit "); j >= 0 {
		s = s[:j]
	}
	s += fmt.Sprintf("\nEdit %d.\n", i)
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSaveToReload measures the time from a note's write on disk to
// the reload event leaving the server: the watcher's debounce, the
// incremental rebuild and the event, as a writer at the keyboard sees it.
func BenchmarkSaveToReload(b *testing.B) {
	for _, name := range []string{"shipped", "10000", "40000"} {
		b.Run(name, func(b *testing.B) {
			dir, note := benchSite(b, name)
			srv := New(os.DirFS(dir), io.Discard)
			if res := srv.Rebuild(nil); res.Diags.HasErrors() {
				b.Fatal(res.Diags)
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- srv.Run(ctx, ln, dir) }()
			defer func() { cancel(); <-done }()
			h := &harness{t: b, url: "http://" + ln.Addr().String(), events: make(chan sseEvent, 64)}
			h.subscribe()
			<-h.events // the initial state
			runtime.GC()
			b.ResetTimer()
			for i := range b.N {
				edit(b, dir, note, i)
				h.awaitReload()
			}
			b.StopTimer()
			reportRSS(b)
		})
	}
}

// BenchmarkIncremental measures the rebuild alone after one note changed.
func BenchmarkIncremental(b *testing.B) {
	for _, name := range []string{"shipped", "10000", "40000"} {
		b.Run(name, func(b *testing.B) {
			dir, note := benchSite(b, name)
			srv := New(os.DirFS(dir), io.Discard)
			srv.Rebuild(nil)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				b.StopTimer()
				edit(b, dir, note, i)
				b.StartTimer()
				res := srv.Rebuild([]string{filepath.ToSlash(note)})
				if res.Diags.HasErrors() || len(res.Changed) == 0 {
					b.Fatalf("%d changed; %s", len(res.Changed), res.Diags)
				}
			}
			b.StopTimer()
			reportRSS(b)
		})
	}
}

// reportRSS reports the resident memory now, with the whole site held.
func reportRSS(b *testing.B) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			b.ReportMetric(float64(kb)/1024, "RSS-MB")
		}
	}
}
