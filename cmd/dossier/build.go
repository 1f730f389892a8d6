package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dossier-org/dossier/internal/build"
	"github.com/dossier-org/dossier/internal/buildcache"
	"github.com/dossier-org/dossier/internal/cardcache"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/render"
	"github.com/dossier-org/dossier/internal/site"
)

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "", stderr)
	srcDir := fs.String("s", ".", "the source tree: the folder holding seeds/ and content/")
	dest := fs.String("d", "public", "the output directory, replaced whole by a successful build")
	baseURL := fs.String("b", "", "the site's absolute address, overriding baseURL in content/_index.md (e.g. for a preview deployment)")
	drafts := fs.Bool("drafts", false, "include the drafts (\"draft: true\"), each page marked as a draft")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to this `file` (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a heap profile of the build, taken as the pages are written, to this `file` (for go tool pprof)")
	if code, done := parse(fs, args); done {
		return code
	}
	start := time.Now()
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(buildGCPercent)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "dossier build: %v\n", err)
			return 1
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	src, err := openSource(*srcDir)
	if err != nil {
		fmt.Fprintf(stderr, "dossier build: %v\n", err)
		return 1
	}
	defer src.Close()
	out, err := output.Create(*dest)
	if err != nil {
		fmt.Fprintf(stderr, "dossier build: %v\n", err)
		return 1
	}
	loader := site.NewLoader()
	loader.BaseURL = *baseURL
	loader.Drafts = *drafts
	// The share cards are kept between builds (see internal/cardcache);
	// without the cache they are drawn afresh, which only takes longer.
	var cards render.Cards
	if dir := cardcache.Dir(); dir != "" {
		if c, err := cardcache.Open(dir); err != nil {
			fmt.Fprintf(stderr, "dossier build: note: no cache of share images: %v\n", err)
		} else {
			cards = c
		}
	}
	// So is the rendered Markdown of the notes (see internal/buildcache).
	var cache *buildcache.Cache
	if dir := buildcache.Dir(); dir != "" {
		if c, err := buildcache.Open(dir, buildcache.PackName(*srcDir), buildcache.Binary()); err != nil {
			fmt.Fprintf(stderr, "dossier build: note: no build cache: %v\n", err)
		} else {
			defer c.Close()
			cache = c
			loader.Markdown = loader.Markdown.WithStore(c)
		}
	}
	// And what was written of each dossier, so that a dossier none of
	// whose files changed is taken from the previous output.
	var kept render.Store
	if cache != nil {
		kept = cache
		loader.Digests, out.Digests = cache.Sources(), cache.Output(*dest)
	}
	var w render.Writer = out
	if *memProfile != "" {
		pw := &profileWriter{Dir: out, file: *memProfile}
		defer func() {
			pw.profile()
			if pw.err != nil {
				fmt.Fprintf(stderr, "dossier build: %v\n", pw.err)
			}
		}()
		w = pw
	}
	res, err := build.RunKept(loader, src, w, cards, kept)
	printDiags(stderr, res.Diags)
	if err != nil {
		out.Abort()
		if err == build.ErrInvalid {
			fmt.Fprintf(stderr, "dossier build: %s; nothing was written\n", res.Diags.Summary())
		} else {
			fmt.Fprintf(stderr, "dossier build: %v; nothing was written\n", err)
		}
		return 1
	}
	if err := out.Commit(); err != nil {
		fmt.Fprintf(stderr, "dossier build: %v\n", err)
		return 1
	}
	if cache != nil {
		if err := cache.Save(); err != nil {
			fmt.Fprintf(stderr, "dossier build: note: the build cache was not saved: %v\n", err)
		}
	}
	if res.Site.Settings.BaseURL == "" {
		fmt.Fprintln(stderr, "dossier build: note: no baseURL (content/_index.md or -b), so the pages carry no JSON-LD and there is no feed.xml or sitemap.xml")
	}
	notes := 0
	for _, d := range res.Site.Dossiers {
		notes += len(d.Notes)
	}
	fmt.Fprintf(stdout, "built %s, %s, %s in %s%s\n",
		plural(len(res.Site.Dossiers), "dossier"), plural(notes, "note"), plural(res.Stats.Pages, "page"),
		time.Since(start).Round(time.Millisecond), leftOut(res.Site))
	return 0
}

// buildGCPercent is the garbage collector's GOGC for a build, unless the
// environment sets one. A build holds its site in summary (see
// internal/spill): what it no longer holds is mostly text, which the
// collector never scans, so at the default of 100 the smaller heap is
// collected twice as often for little less work each time. Measured at
// 10,000 notes (GODEBUG=gctrace=1, one run each): the collector's CPU was
// 3.9 s before the spill, 6.0 s after at 100, 4.2 s at 150; peak RSS 376,
// 205 and 231 MB.
const buildGCPercent = 150

// profileWriter is an output that writes a heap profile when the
// profiledFile'th file is written, once the sources are loaded and the
// pages are being made, or at the end of a smaller build.
type profileWriter struct {
	*output.Dir
	file    string
	written atomic.Int64
	once    sync.Once
	err     error
}

// profiledFile is the file whose writing takes the heap profile: late
// enough for the build to hold its model and the first of its parts.
const profiledFile = 2000

// Write writes a file, and the heap profile if it is the profiledFile'th.
func (w *profileWriter) Write(name string, data []byte) error {
	if w.written.Add(1) == profiledFile {
		w.profile()
	}
	return w.Dir.Write(name, data)
}

// profile writes the heap profile, once, after a collection.
func (w *profileWriter) profile() {
	w.once.Do(func() {
		runtime.GC()
		f, err := os.Create(w.file)
		if err == nil {
			err = pprof.WriteHeapProfile(f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		w.err = err
	})
}

// leftOut says how many drafts a build left out, if any.
func leftOut(s *site.Site) string {
	n := len(s.Drafts) + len(s.DraftPages)
	for _, d := range s.Dossiers {
		n += len(d.Drafts)
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("; %s left out (--drafts includes them)", plural(n, "draft"))
}

func printDiags(w io.Writer, diags diag.List) {
	for _, d := range diags {
		fmt.Fprintln(w, d)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
