package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/dossier-org/dossier/internal/build"
	"github.com/dossier-org/dossier/internal/diag"
)

// Debounce settings. Editors and git touch several files, or one file
// several times, within a few milliseconds; waiting for a short quiet spell
// turns such a burst into one rebuild, and the cap keeps a never-ending
// stream of events from starving the preview.
//
// A rebuild may still read a file half-written: os.WriteFile and most
// editors truncate a file and then write it, and a busy machine may pause
// the writer between the two for longer than the quiet spell, so the
// rebuild finds an empty note; or an editor deletes a note (or renames it
// to a backup, as Emacs does) and writes it anew, and the rebuild finds the
// note gone. Such a rebuild finds errors, or loses pages, and the rest of
// the save's events follow. So errors are reported, and a build that lost
// pages is put in place, only once the tree has stayed quiet for errorQuiet
// after that rebuild; any event before then means another rebuild, whose
// result replaces it. An error or a removal shown a tenth of a second later
// costs the writer nothing; a false one flashed over the page, as a git
// checkout would make, costs their trust.
const (
	quietSpell = 15 * time.Millisecond
	maxDelay   = 200 * time.Millisecond
	errorQuiet = 100 * time.Millisecond
)

// Run serves on ln and rebuilds on every change under dir (the source
// root on disk, the same tree as the server's fs.FS) until ctx is done;
// then it closes the event streams, shuts the HTTP server down and returns
// once all its goroutines have ended.
func (s *Server) Run(ctx context.Context, ln net.Listener, dir string) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("cannot watch files: %w", err)
	}
	defer w.Close()
	if err := w.Add(dir); err != nil {
		return fmt.Errorf("cannot watch %s: %w", dir, err)
	}
	for _, sub := range build.SourceDirs {
		addTree(w, filepath.Join(dir, sub))
	}

	s.fitMemory(true)
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.timeouts.ReadHeader,
		ReadTimeout:       s.timeouts.Read,
		WriteTimeout:      s.timeouts.Write,
		IdleTimeout:       s.timeouts.Idle,
		MaxHeaderBytes:    maxHeaderBytes,
	}
	var wg sync.WaitGroup
	serveErr := make(chan error, 1)
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			serveErr <- err
		}
	}()
	watchCtx, stopWatch := context.WithCancel(ctx)
	go func() {
		defer wg.Done()
		s.watch(watchCtx, w, dir)
	}()

	select {
	case <-ctx.Done():
	case err = <-serveErr:
	}
	stopWatch()
	s.events.close()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(shutdownCtx)
	wg.Wait()
	return err
}

// addTree watches dir and every folder below it; fsnotify watches one
// folder at a time.
func addTree(w *fsnotify.Watcher, dir string) {
	filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && e.IsDir() {
			w.Add(p)
		}
		return nil
	})
}

// watch collects events into bursts and rebuilds after each. A rebuild
// without errors is announced at once; one with errors, or one that lost
// files of the site, is held until the tree has been quiet for errorQuiet
// after it (see the constants).
func (s *Server) watch(ctx context.Context, w *fsnotify.Watcher, dir string) {
	var (
		pending = map[string]bool{}
		all     bool // events were lost: rebuild everything
		timer   = time.NewTimer(time.Hour)
		first   time.Time
		// held is a rebuild that found errors, not yet reported.
		held *heldRebuild
	)
	timer.Stop()
	arm := func() {
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		timer.Reset(min(quietSpell, max(0, maxDelay-now.Sub(first))))
	}
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			rel, ok := relevant(dir, ev.Name)
			if !ok {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
					// Files may have been created inside before the watch
					// began: invalidating the folder covers them.
					addTree(w, ev.Name)
				}
			}
			pending[rel] = true
			arm()
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				all = true
				arm()
			}
		case <-timer.C:
			if len(pending) == 0 && !all {
				// Quiet since a rebuild that was held: it stands.
				if held != nil {
					if held.install != nil {
						held.install()
					} else {
						s.reportErrors(held.res.Diags)
					}
					s.logRebuild(held.changed, held.res)
					held = nil
				}
				continue
			}
			var changed []string
			if !all {
				changed = slices.Sorted(maps.Keys(pending))
			}
			clear(pending)
			all, first = false, time.Time{}
			res, install := s.rebuild(changed, true)
			if res.Diags.HasErrors() || install != nil {
				held = &heldRebuild{changed, res, install}
				timer.Reset(s.errorQuiet)
			} else {
				held = nil
				s.logRebuild(changed, res)
			}
			s.fitMemory(changed == nil)
		}
	}
}

// heldRebuild is a rebuild whose errors, or whose build (install, when it
// lost files), wait for the tree to be quiet.
type heldRebuild struct {
	changed []string
	res     Result
	install func()
}

// relevant turns an event's path into a source path, and says whether it
// is in a folder of the source tree that is watched (build.SourceDirs).
func relevant(dir, name string) (string, bool) {
	rel, err := filepath.Rel(dir, name)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	for _, sub := range build.SourceDirs {
		if rel == sub || strings.HasPrefix(rel, sub+"/") {
			return rel, true
		}
	}
	return "", false
}

func (s *Server) logRebuild(changed []string, res Result) {
	if s.log == nil {
		return
	}
	what := "everything"
	if changed != nil {
		// The names are the contributors' own: escaped, as in a diagnostic.
		escaped := make([]string, len(changed))
		for i, name := range changed {
			escaped[i] = diag.EscapePath(name)
		}
		changed = escaped
		what = strings.Join(changed, ", ")
		if len(changed) > 3 {
			what = fmt.Sprintf("%s and %d more", strings.Join(changed[:3], ", "), len(changed)-3)
		}
	}
	stamp := time.Now().Format("15:04:05")
	if res.Diags.HasErrors() {
		fmt.Fprintf(s.log, "%s %s: %s; still serving the last good build\n", stamp, what, res.Diags.Summary())
	} else {
		fmt.Fprintf(s.log, "%s %s: rebuilt in %s, %d files changed\n", stamp, what, res.Duration.Round(100*time.Microsecond), len(res.Changed))
	}
	for _, d := range res.Diags {
		fmt.Fprintf(s.log, "  %s\n", d)
	}
}
