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
	name := fset.String("name", "", "the note's file name, without .md (default: made from the quote's first words, in ASCII letters, with -2, -3 and so on added when the name is taken)")
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

	// The seed in either form: a single file, or a folder of revisions,
	// of which the note is checked against the latest, the article as it
	// is now, and says so ("revision").
	seedPath, revs, err := seed.Find(srcFS, site.SeedDir, slug)
	revision := ""
	if len(revs) > 0 {
		latest := revs[len(revs)-1]
		seedPath, revision = latest.Path, seed.RevisionName(latest.Time)
	}
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
	note := content.Skeleton{Quote: quote, Occurrence: occ, Date: today(), SeedSHA256: sd.SHA256, Revision: revision, Scale: scale, Remark: *remark}
	rel := path.Join(site.ContentDir, slug, noteName+".md")
	if *name == "" {
		// A name made from the quote takes the next free one, noteName-2,
		// -3 and so on, when it is taken by a note or by a page of the
		// dossier; the write itself refuses an existing file, so two
		// runs at once cannot take the same name.
		rel, err = writeFreeNote(srcFS, path.Join(site.ContentDir, slug), noteName, note.Bytes(), stderr)
	} else {
		err = writeNoteFile(srcFS, rel, note.Bytes(), stderr)
	}
	if err != nil {
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

// maxNameTries is how many numbered names writeFreeNote tries.
const maxNameTries = 1000

// writeFreeNote writes a new note in dir named name.md, or name-2.md,
// name-3.md and so on when the name is taken, and returns the file written.
func writeFreeNote(srcFS *srcfs.FS, dir, name string, data []byte, stderr io.Writer) (string, error) {
	for n := 1; n <= maxNameTries; n++ {
		try := name
		if n > 1 {
			try = fmt.Sprintf("%s-%d", name, n)
		}
		if site.CheckNoteName(try) != nil {
			continue // a page of the dossier: "claims" is "claims-2"
		}
		rel := path.Join(dir, try+".md")
		err := srcFS.WriteNew(rel, data, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		sayWhy(rel, err, stderr)
		return rel, err
	}
	fmt.Fprintf(stderr, "dossier new: %s.md and %d numbered names after it are taken; name the note with --name NAME\n", path.Join(dir, name), maxNameTries-1)
	return "", fs.ErrExist
}

// writeNoteFile writes a new file of the source tree, never over one that
// exists, and says on stderr why it could not.
func writeNoteFile(srcFS *srcfs.FS, rel string, data []byte, stderr io.Writer) error {
	err := srcFS.WriteNew(rel, data, 0o644)
	sayWhy(rel, err, stderr)
	return err
}

// sayWhy says on stderr why writing rel failed with err, if it did.
func sayWhy(rel string, err error, stderr io.Writer) {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrExist):
		fmt.Fprintf(stderr, "dossier new: %s already exists; not overwriting it\n", rel)
	case errors.As(err, &pe):
		fmt.Fprintf(stderr, "dossier new: %s: %s\n", pe.Path, srcfs.Reason(err))
	case err != nil:
		fmt.Fprintf(stderr, "dossier new: %v\n", err)
	}
}
