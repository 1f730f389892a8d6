package seed

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// A seed is kept in one of two forms in the seeds folder: the single file
// <slug>.txt, or, once the article has changed since it was captured, the
// folder <slug>/ holding one text per capture, each named by its capture
// time (RevisionName), with the capture's WARC file beside it. The
// earliest revision is the article the notes were first checked against.

// RevisionLayout is the time layout of a revision's name: UTC, to the
// second, with no character that a file name may not hold on any system
// (no ':'), and in an order that sorts as time does.
const RevisionLayout = "20060102T150405Z"

// RevisionExample is a revision's name, for messages.
const RevisionExample = "20261125T153000Z"

// Extensions of the files of a seed.
const (
	TextExt    = ".txt"
	ArchiveExt = ".warc.gz"
)

// Revision is one capture of an article in the folder form.
type Revision struct {
	// Time is the capture time, from the file name.
	Time time.Time
	// Path is the text's path in the source tree.
	Path string
}

// RevisionName returns the name, without extension, of the revision
// captured at t: "20261125T153000Z".
func RevisionName(t time.Time) string { return t.UTC().Format(RevisionLayout) }

// ParseRevisionName returns the capture time a revision's file name
// (with or without its extension) stands for, and false when name is not
// a revision's.
func ParseRevisionName(name string) (time.Time, bool) {
	name = strings.TrimSuffix(strings.TrimSuffix(name, TextExt), ArchiveExt)
	t, err := time.Parse(RevisionLayout, name)
	if err != nil || RevisionName(t) != name {
		return time.Time{}, false
	}
	return t, true
}

// Revisions lists the revisions in the folder dir of fsys, oldest first.
// ignored names the entries that are neither a revision's text nor its
// archive (hidden entries aside), for the caller to warn about.
func Revisions(fsys fs.FS, dir string) (revs []Revision, ignored []string, err error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		name := e.Name()
		p := path.Join(dir, name)
		_, ok := ParseRevisionName(name)
		switch {
		case strings.HasPrefix(name, "."):
		case !ok || !e.Type().IsRegular():
			ignored = append(ignored, p)
		case strings.HasSuffix(name, TextExt):
			t, _ := ParseRevisionName(name)
			revs = append(revs, Revision{Time: t, Path: p})
		case strings.HasSuffix(name, ArchiveExt):
		default:
			ignored = append(ignored, p)
		}
	}
	slices.SortFunc(revs, func(a, b Revision) int { return a.Time.Compare(b.Time) })
	return revs, ignored, nil
}

// ErrBothForms is returned by Find when a seed is kept in both forms.
var ErrBothForms = errors.New("the seed is kept both as a file and as a folder of revisions: keep one")

// ErrNoRevision is returned by Find for a folder that holds no revision.
var ErrNoRevision = errors.New("the folder holds no revision: expected texts named by their capture time, such as " + RevisionExample + TextExt)

// Find returns slug's seed in the folder dir of fsys, in either form: the
// file <slug>.txt, with no revisions; or the folder <slug>/, whose
// earliest revision is the seed (the article as first captured) and whose
// revisions are all returned, oldest first. A seed that does not exist is
// an error satisfying errors.Is(err, fs.ErrNotExist).
func Find(fsys fs.FS, dir, slug string) (seedPath string, revs []Revision, err error) {
	file := path.Join(dir, slug+TextExt)
	folder := path.Join(dir, slug)
	_, fileErr := fs.Stat(fsys, file)
	info, dirErr := fs.Stat(fsys, folder)
	switch {
	case fileErr == nil && dirErr == nil:
		return "", nil, fmt.Errorf("%s and %s/: %w", file, folder, ErrBothForms)
	case fileErr == nil:
		return file, nil, nil
	case dirErr == nil && info.IsDir():
		revs, _, err := Revisions(fsys, folder)
		if err != nil {
			return "", nil, err
		}
		if len(revs) == 0 {
			return "", nil, fmt.Errorf("%s/: %w", folder, ErrNoRevision)
		}
		return revs[0].Path, revs, nil
	case !errors.Is(fileErr, fs.ErrNotExist):
		return "", nil, fileErr
	}
	return "", nil, &fs.PathError{Op: "open", Path: file, Err: fs.ErrNotExist}
}
