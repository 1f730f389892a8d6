package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/dossier-org/dossier/internal/anchor"
	"github.com/dossier-org/dossier/internal/content"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/rating"
	"github.com/dossier-org/dossier/internal/seed"
	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/srcfs"
	"github.com/dossier-org/dossier/internal/textcheck"
)

// today is replaced in tests.
var today = func() string { return time.Now().Format(time.DateOnly) }

func runNew(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("new", " <dossier-slug> \"<quote>\"", stderr)
	src := fset.String("s", ".", "the source tree: the folder holding seeds/ and content/")
	occurrence := fset.Int("occurrence", 0, "which occurrence of the quote, when it occurs more than once (1-based)")
	remark := fset.Bool("remark", false, "start an unrated remark (kind: remark) instead of a check: for what is not a claim, such as a typo or the page's furniture")
	name := fset.String("name", "", "the note's file name, without .md (default: made from the quote's first words); needed for a second note on the same quote")
	positional, err := parseInterspersed(fset, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		return 2
	}
	if len(positional) != 2 {
		fset.Usage()
		return 2
	}
	slug, quote := positional[0], positional[1]
	noteName := content.Slug(quote)
	if *name != "" {
		noteName = strings.TrimSuffix(*name, ".md")
		if err := site.CheckNoteName(noteName); err != nil {
			fmt.Fprintf(stderr, "dossier new: --name %q %v\n", textcheck.Shown(*name), err)
			return 2
		}
	}
	srcFS, err := openSource(*src)
	if err != nil {
		fmt.Fprintf(stderr, "dossier new: %v\n", err)
		return 1
	}
	defer srcFS.Close()

	// The seed in either form: a single file, or a folder of revisions
	// whose earliest is the article the site shows.
	seedPath, _, err := seed.Find(srcFS, site.SeedDir, slug)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "dossier new: no seed %s for dossier %q\n", site.SeedDir+"/"+slug+".txt", slug)
		return 1
	} else if err != nil {
		fmt.Fprintf(stderr, "dossier new: %s\n", srcfs.Reason(err))
		return 1
	}
	data, err := fs.ReadFile(srcFS, seedPath)
	if err != nil {
		fmt.Fprintf(stderr, "dossier new: %s: %s\n", seedPath, srcfs.Reason(err))
		return 1
	}
	sd, err := seed.Parse(slug, seedPath, data)
	if err != nil {
		var l diag.List
		l.Add(seedPath, err) // the seed's position as "path:line:col"
		fmt.Fprintf(stderr, "dossier new: %s\n", l[0])
		return 1
	}
	ix := anchor.NewIndex(sd.Data, sd.TextStart())
	q := anchor.Query{Quote: quote, Occurrence: *occurrence}
	if _, err := ix.Find(q); err != nil {
		fmt.Fprintf(stderr, "dossier new: %s\n", site.AnchorMessage(sd, err))
		var amb *anchor.AmbiguousError
		if errors.As(err, &amb) {
			fmt.Fprintln(stderr, "Choose one with -occurrence N.")
		}
		return 1
	}
	occ := *occurrence
	if occ == 1 {
		if _, err := ix.Find(anchor.Query{Quote: quote}); err == nil {
			occ = 0 // unique: no need to say which
		}
	}

	scale := rating.Default()
	if settings, err := fs.ReadFile(srcFS, site.SiteFile); err == nil {
		if st, _ := content.ParseSite(site.SiteFile, settings); st != nil && len(st.Ratings) > 0 {
			scale = nil
			for _, r := range st.Ratings {
				scale = append(scale, rating.Rating{Key: r.Key, Label: r.Label, Meaning: r.Meaning})
			}
		}
	}
	note := content.Skeleton{Quote: quote, Occurrence: occ, Date: today(), SeedSHA256: sd.SHA256, Scale: scale, Remark: *remark}
	rel := path.Join(site.ContentDir, slug, noteName+".md")
	if err := writeNoteFile(srcFS, rel, note.Bytes(), stderr); err != nil {
		if errors.Is(err, fs.ErrExist) && *name == "" {
			fmt.Fprintln(stderr, "To start another note on this quote, name it with --name NAME.")
		}
		return 1
	}
	if *remark {
		fmt.Fprintf(stdout, "wrote %s: fill in the title and the remark\n", rel)
	} else {
		fmt.Fprintf(stdout, "wrote %s: fill in the title, verdict and sources\n", rel)
	}

	// A dossier needs its article's details: start them when the
	// dossier is new.
	index := path.Join(site.ContentDir, slug, "_index.md")
	if _, err := fs.Stat(srcFS, index); errors.Is(err, fs.ErrNotExist) {
		meta := content.DossierSkeleton{Headline: sd.Title()}
		if writeNoteFile(srcFS, index, meta.Bytes(), stderr) != nil {
			return 1
		}
		fmt.Fprintf(stdout, "wrote %s: the dossier had none; fill in the article's publisher, url and published date\n", index)
	}
	return 0
}

// writeNoteFile writes a new file of the source tree, never over one that
// exists, and says on stderr why it could not.
func writeNoteFile(srcFS *srcfs.FS, rel string, data []byte, stderr io.Writer) error {
	err := srcFS.WriteNew(rel, data, 0o644)
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrExist):
		fmt.Fprintf(stderr, "dossier new: %s already exists; not overwriting it\n", rel)
	case errors.As(err, &pe):
		fmt.Fprintf(stderr, "dossier new: %s: %s\n", pe.Path, srcfs.Reason(err))
	case err != nil:
		fmt.Fprintf(stderr, "dossier new: %v\n", err)
	}
	return err
}
