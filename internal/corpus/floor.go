package corpus

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/dossier-org/dossier/internal/markdown"
)

// Floor does the least any generator must do with the notes of the source
// tree at src: read each note file, render its Markdown with goldmark and
// chroma (package markdown), and write the HTML to dest, one file per note,
// on all cores; no templates, anchoring, cross-links, cards or site-wide
// files. It is the yardstick of the benchmarks (BenchmarkFloor in
// internal/build, and cmd/benchcompare, which runs it as a process of its
// own), and returns the number of notes it wrote.
func Floor(src, dest string) (int, error) {
	var files []string
	err := filepath.WalkDir(filepath.Join(src, "content"), func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return 0, err
	}
	md := markdown.New()
	next := make(chan int)
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				data, err := os.ReadFile(files[i])
				if err == nil {
					if _, body, ok := bytes.Cut(data, []byte("\n---\n")); ok {
						data = body
					}
					err = os.WriteFile(filepath.Join(dest, strconv.Itoa(i)+".html"), md.Render(data).HTML, 0o644)
				}
				if err != nil && errs[w] == nil {
					errs[w] = err
				}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return len(files), errors.Join(errs...)
}
