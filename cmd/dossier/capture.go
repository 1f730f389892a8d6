package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-org/dossier/internal/capture"
	"github.com/dossier-org/dossier/internal/content"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/seed"
	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/srcfs"
	"github.com/dossier-org/dossier/internal/textcheck"
)

// captureNow is the capture clock, replaced in tests.
var captureNow = time.Now

func runCapture(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("capture", " <url | saved .html file>", stderr)
	src := fset.String("s", ".", "the source tree: the folder holding seeds/ and content/")
	slugFlag := fset.String("slug", "", "the dossier's name (default: made from the headline)")
	allowPrivate := fset.Bool("allow-private", false, "allow loopback, private and link-local addresses (a server on your own network)")
	positional, err := parseInterspersed(fset, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		return 2
	}
	if len(positional) != 1 {
		fset.Usage()
		return 2
	}
	arg := positional[0]
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "dossier capture: "+format+"\n", a...)
		return 1
	}
	if *slugFlag != "" {
		if err := checkSlug(*slugFlag); err != nil {
			fmt.Fprintf(stderr, "dossier capture: --slug %q %v\n", textcheck.Shown(*slugFlag), err)
			return 2
		}
	}
	srcFS, err := openSource(*src)
	if err != nil {
		return fail("%v", err)
	}
	defer srcFS.Close()

	now := captureNow().UTC().Truncate(time.Second)
	rev := seed.RevisionName(now)
	var (
		art     *capture.Article
		warc    func(filename string) []byte
		fetched string // the page's final address, for a URL
	)
	if isURL(arg) {
		page, err := capture.NewFetcher(*allowPrivate).Fetch(context.Background(), arg)
		if err != nil {
			return fail("%s", terminalSafe(err.Error()))
		}
		u, _ := url.Parse(page.URL)
		if art, err = capture.Extract(page.Body, page.ContentType, u); err != nil {
			return fail("%s: %s", terminalSafe(page.URL), err)
		}
		fetched = page.URL
		warc = func(name string) []byte { return capture.WARC(name, page.Exchanges, now) }
	} else {
		data, err := readPageFile(arg)
		if err != nil {
			return fail("%v", err)
		}
		if art, err = capture.Extract(data, "", nil); err != nil {
			return fail("%s: %s", arg, err)
		}
		uri := art.Meta.Canonical
		if uri == "" {
			uri = "file:" + filepath.ToSlash(filepath.Base(arg))
		}
		warc = func(name string) []byte { return capture.ResourceWARC(name, uri, data, now) }
	}

	slug := *slugFlag
	if slug == "" {
		slug = content.Slug(art.Meta.Headline)
		if art.Meta.Headline == "" || slug == "note" || checkSlug(slug) != nil {
			return fail("cannot make a dossier name from the headline %q: name it with --slug", textcheck.Shown(art.Meta.Headline))
		}
	}
	// The text must be a seed the build accepts.
	if _, err := seed.Parse(slug, "", art.Text); err != nil {
		var l diag.List
		l.Add("the captured text", err)
		return fail("%s", l[0])
	}

	w := &writer{fsys: srcFS}
	seedPath, revs, err := seed.Find(srcFS, site.SeedDir, slug)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		err = w.newDossier(slug, rev, art, warc, fetched, now, stdout)
	case err != nil:
		return fail("%s", describe(err))
	default:
		// A name made from the headline may be another article's: a
		// revision must be of the same page, unless --slug says so.
		if other := dossierURL(srcFS, slug); *slugFlag == "" && other != "" && other != first(art.Meta.Canonical, fetched) {
			return fail("%s is the seed of another page (%s); name this capture with --slug, or use --slug %s to add it as a revision", seedPath, terminalSafe(other), slug)
		}
		err = w.revise(slug, seedPath, revs, rev, art, warc, now, stdout)
	}
	if err != nil {
		w.undo()
		return fail("%s", describe(err))
	}
	return 0
}

// describe phrases an error of the source tree with the path at fault.
func describe(err error) string {
	var pe *fs.PathError
	var re *srcfs.RefusedError
	if errors.As(err, &pe) && !errors.As(err, &re) {
		return pe.Path + ": " + srcfs.Reason(err)
	}
	return srcfs.Reason(err)
}

// isURL tells an address from a file name: an address has a scheme. Any
// scheme is taken as one, so that "ftp://..." is refused as an address
// rather than looked for as a file.
func isURL(arg string) bool {
	u, err := url.Parse(arg)
	return err == nil && len(u.Scheme) > 1 && (u.Host != "" || u.Opaque != "" || strings.HasPrefix(arg, u.Scheme+":/"))
}

// readPageFile reads a saved page: a regular file of at most
// capture.MaxBody bytes. Whoever runs the command chose the file.
func readPageFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	data, err := io.ReadAll(io.LimitReader(f, capture.MaxBody+1))
	if err != nil {
		return nil, err
	}
	if len(data) > capture.MaxBody {
		return nil, fmt.Errorf("%s is larger than %d MiB, the most captured", name, capture.MaxBody>>20)
	}
	return data, nil
}

// checkSlug reports why s cannot name a dossier.
func checkSlug(s string) error {
	if err := site.CheckNoteName(s); err != nil {
		return err
	}
	if slices.Contains(site.ReservedSlugs, s) {
		return errors.New("is taken by the site's own files")
	}
	return nil
}

// terminalSafe quotes what a server sent (in an error) when it holds a
// character that could drive the terminal.
func terminalSafe(s string) string {
	if strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f }) {
		return strconv.Quote(s)
	}
	return s
}

// writer writes a capture's files and remembers them, so that a failure
// halfway leaves the tree as it was.
type writer struct {
	fsys    *srcfs.FS
	written []string
	moved   [][2]string // from, to
}

func (w *writer) write(name string, data []byte) error {
	if err := w.fsys.WriteNew(name, data, 0o644); err != nil {
		return err
	}
	w.written = append(w.written, name)
	return nil
}

func (w *writer) move(from, to string) error {
	if err := w.fsys.Move(from, to); err != nil {
		return err
	}
	w.moved = append(w.moved, [2]string{from, to})
	return nil
}

// undo removes what was written and moves back what was moved, newest
// first.
func (w *writer) undo() {
	for i := len(w.written) - 1; i >= 0; i-- {
		w.fsys.Remove(w.written[i])
	}
	for i := len(w.moved) - 1; i >= 0; i-- {
		w.fsys.Move(w.moved[i][1], w.moved[i][0])
	}
}

// newDossier writes a new seed, its WARC and, when the dossier has none,
// its _index.md from the page's metadata.
func (w *writer) newDossier(slug, rev string, art *capture.Article, warc func(string) []byte, fetched string, now time.Time, stdout io.Writer) error {
	index := path.Join(site.ContentDir, slug, "_index.md")
	_, err := w.fsys.Lstat(index)
	hasIndex := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	seedPath := path.Join(site.SeedDir, slug+seed.TextExt)
	warcPath := path.Join(site.SeedDir, slug+seed.ArchiveExt)
	if err := w.write(warcPath, warc(path.Base(warcPath))); err != nil {
		return err
	}
	if err := w.write(seedPath, art.Text); err != nil {
		return err
	}
	if !hasIndex {
		m := art.Meta
		sk := content.DossierSkeleton{
			Headline:  m.Headline,
			Publisher: m.Publisher,
			Author:    strings.Join(m.Authors, ", "),
			URL:       first(m.Canonical, fetched),
			Published: dateOnly(m.Published),
			Modified:  m.Modified,
			Retrieved: now.Format(time.DateOnly),
		}
		if err := w.write(index, sk.Bytes()); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "wrote %s: %d paragraphs of %q\n", seedPath, strings.Count(strings.TrimSpace(string(art.Text)), "\n\n")+1, textcheck.Shown(art.Meta.Headline))
	fmt.Fprintf(stdout, "wrote %s: the page as fetched (WARC), captured %s\n", warcPath, now.Format(time.RFC3339))
	if hasIndex {
		fmt.Fprintf(stdout, "kept %s as it is\n", index)
	} else {
		fmt.Fprintf(stdout, "wrote %s: check the details read from the page\n", index)
	}
	return nil
}

// revise adds a revision to a captured seed if and only if its text
// changed since the latest one, moving a single-file seed into the folder
// form first.
func (w *writer) revise(slug, seedPath string, revs []seed.Revision, rev string, art *capture.Article, warc func(string) []byte, now time.Time, stdout io.Writer) error {
	latest := seedPath
	if len(revs) > 0 {
		latest = revs[len(revs)-1].Path
	}
	old, err := w.fsys.ReadFile(latest)
	if err != nil {
		return err
	}
	if bytes.Equal(old, art.Text) {
		fmt.Fprintf(stdout, "unchanged: %s holds the same text; no revision added\n", latest)
		return nil
	}
	dir := path.Join(site.SeedDir, slug)
	if len(revs) == 0 {
		// The first revision: the single file moves into the folder,
		// named by when it was captured.
		at, err := w.capturedAt(slug, seedPath)
		if err != nil {
			return err
		}
		if !at.Before(now) {
			return fmt.Errorf("%s was captured at %s, not before this capture (%s): check the clock", seedPath, at.Format(time.RFC3339), now.Format(time.RFC3339))
		}
		name := seed.RevisionName(at)
		if err := w.move(seedPath, path.Join(dir, name+seed.TextExt)); err != nil {
			return err
		}
		warcPath := path.Join(site.SeedDir, slug+seed.ArchiveExt)
		if _, err := w.fsys.Lstat(warcPath); err == nil {
			if err := w.move(warcPath, path.Join(dir, name+seed.ArchiveExt)); err != nil {
				return err
			}
		}
		fmt.Fprintf(stdout, "moved %s to %s/%s%s: the seed now keeps its revisions\n", seedPath, dir, name, seed.TextExt)
	} else if last := revs[len(revs)-1].Time; !last.Before(now) {
		return fmt.Errorf("%s is a revision at or after this capture (%s): check the clock", revs[len(revs)-1].Path, now.Format(time.RFC3339))
	}
	warcPath := path.Join(dir, rev+seed.ArchiveExt)
	if err := w.write(warcPath, warc(rev+seed.ArchiveExt)); err != nil {
		return err
	}
	textPath := path.Join(dir, rev+seed.TextExt)
	if err := w.write(textPath, art.Text); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "changed: wrote %s, a new revision of %s, and %s\n", textPath, slug, warcPath)
	return nil
}

// dossierURL returns the url of slug's _index.md, or "".
func dossierURL(fsys fs.FS, slug string) string {
	index := path.Join(site.ContentDir, slug, "_index.md")
	data, err := fs.ReadFile(fsys, index)
	if err != nil {
		return ""
	}
	if d, _ := content.ParseDossier(index, data); d != nil {
		return d.URL
	}
	return ""
}

// capturedAt finds when a single-file seed was captured: its WARC's date,
// or the dossier's retrieved date, or else the file's modification time.
func (w *writer) capturedAt(slug, seedPath string) (time.Time, error) {
	if data, err := w.fsys.ReadFile(path.Join(site.SeedDir, slug+seed.ArchiveExt)); err == nil {
		if t, ok := warcDate(data); ok {
			return t, nil
		}
	}
	index := path.Join(site.ContentDir, slug, "_index.md")
	if data, err := w.fsys.ReadFile(index); err == nil {
		if d, _ := content.ParseDossier(index, data); d != nil && d.Retrieved != "" {
			if t, err := time.Parse(time.DateOnly, d.Retrieved); err == nil {
				return t, nil
			}
		}
	}
	info, err := w.fsys.Stat(seedPath)
	if err != nil {
		return time.Time{}, err
	}
	return info.ModTime().UTC().Truncate(time.Second), nil
}

// warcDate reads the WARC-Date of a .warc.gz file's first record.
func warcDate(data []byte) (time.Time, bool) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return time.Time{}, false
	}
	zr.Multistream(false)
	head, _ := io.ReadAll(io.LimitReader(zr, 64<<10))
	head, _, _ = bytes.Cut(head, []byte("\r\n\r\n"))
	for line := range strings.SplitSeq(string(head), "\r\n") {
		if v, ok := strings.CutPrefix(line, "WARC-Date: "); ok {
			t, err := time.Parse(time.RFC3339, v)
			return t.UTC(), err == nil
		}
	}
	return time.Time{}, false
}

func first(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// dateOnly keeps the date of an RFC 3339 time, in its own zone.
func dateOnly(s string) string {
	if len(s) >= len(time.DateOnly) {
		if _, err := time.Parse(time.DateOnly, s[:len(time.DateOnly)]); err == nil {
			return s[:len(time.DateOnly)]
		}
	}
	return ""
}
