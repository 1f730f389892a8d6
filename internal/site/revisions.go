package site

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/dossier-org/dossier/internal/anchor"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/seed"
	"github.com/dossier-org/dossier/internal/srcfs"
)

// Revision is one capture of a dossier's article, when its seed is kept
// as a folder of revisions (see seed.Find).
type Revision struct {
	// Name is the revision's name, its capture time (seed.RevisionName).
	Name string
	// Time is the capture time.
	Time time.Time
	// Seed is the revision's text.
	Seed *seed.Seed
	// Archive is the capture's WARC file, or nil when there is none.
	Archive *Archive
}

// Archive is a capture's WARC file, copied to the published site as the
// evidence of what the page was.
type Archive struct {
	// Path is the file's path in the source tree.
	Path string
	// Data is the file's bytes.
	Data []byte
}

// Status is what became of a checked passage in a later revision.
type Status int

// The statuses of a checked passage in a later revision.
const (
	// Unchanged: the quote is at the same offsets, in a paragraph that
	// is the same, byte for byte.
	Unchanged Status = iota
	// Moved: the quote is still there, word for word (as anchoring
	// compares), but elsewhere or in a paragraph that changed around it.
	Moved
	// Changed: the quote is gone, and a passage much like it (anchor's
	// closest passage) stands in its place: the publisher edited it.
	Changed
	// Removed: the quote is gone, and nothing like it is left.
	Removed
)

var statusNames = []string{"unchanged", "moved", "changed", "removed"}

// String returns "unchanged", "moved", "changed" or "removed".
func (s Status) String() string { return statusNames[s] }

// Edited reports whether the passage is no longer there as checked.
func (s Status) Edited() bool { return s == Changed || s == Removed }

// Change is what became of a note's checked passage in one later
// revision.
type Change struct {
	// Rev is the later revision's index in Dossier.Revisions.
	Rev int
	// Status says what became of the passage.
	Status Status
	// After is where the quote, or for a Changed passage the passage
	// most like it, is in the later revision; zero when Removed.
	After anchor.Match
}

// CheckedSeed returns the text the note n was checked against: its
// revision's, or the seed's when the seed has no revisions.
func (d *Dossier) CheckedSeed(n *Note) *seed.Seed {
	if len(d.Revisions) == 0 {
		return d.Seed
	}
	return d.Revisions[n.Rev].Seed
}

// FirstEdit returns the first later revision in which the note's checked
// passage was changed or removed, and false when it never was.
func (n *Note) FirstEdit() (Change, bool) {
	for _, c := range n.Changes {
		if c.Status.Edited() {
			return c, true
		}
	}
	return Change{}, false
}

// MaxRevisions is the most revisions a seed may have: each may be
// seed.MaxSize bytes, and the build holds them all and looks for every
// checked quote in each.
const MaxRevisions = 64

// loadRevisions reads every revision of a seed kept as a folder, the
// first of which, sd, is read already, and the WARC file beside each; or,
// for a single file, its WARC file.
func loadRevisions(fsys fs.FS, d *Dossier, sd *seed.Seed, diags *diag.List) bool {
	archive := func(p string) *Archive {
		data, err := fs.ReadFile(fsys, p)
		switch {
		case err == nil:
			return &Archive{Path: p, Data: data}
		case !isNotExist(err):
			diags.Errorf(p, 0, 0, "%s", srcfs.Reason(err))
		}
		return nil
	}
	if path.Dir(sd.Path) == SeedDir {
		d.Archive = archive(strings.TrimSuffix(sd.Path, seed.TextExt) + seed.ArchiveExt)
		return true
	}
	_, revs, err := seed.Find(fsys, SeedDir, d.Slug)
	if err != nil {
		diags.Errorf(path.Dir(sd.Path), 0, 0, "%s", srcfs.Reason(err))
		return false
	}
	if len(revs) > MaxRevisions {
		diags.Errorf(path.Dir(sd.Path), 0, 0, "the seed has %d revisions; the most kept is %d: keep the captures that differ in what was checked, and move the others out of the source tree", len(revs), MaxRevisions)
		return false
	}
	ok := true
	for i, r := range revs {
		rev := &Revision{Name: seed.RevisionName(r.Time), Time: r.Time, Seed: sd}
		if i > 0 {
			data, err := fs.ReadFile(fsys, r.Path)
			if err != nil {
				diags.Errorf(r.Path, 0, 0, "%s", srcfs.Reason(err))
				ok = false
				continue
			}
			if rev.Seed, err = seed.Parse(d.Slug, r.Path, data); err != nil {
				diags.Add(r.Path, err)
				ok = false
				continue
			}
		}
		rev.Archive = archive(strings.TrimSuffix(r.Path, seed.TextExt) + seed.ArchiveExt)
		d.Revisions = append(d.Revisions, rev)
	}
	return ok
}

// noteRevision returns the index in d.Revisions of the revision the note
// says it was checked against: the earliest when it names none. A name
// that is not one of the seed's revisions is an error at its place.
func noteRevision(d *Dossier, n *Note, diags *diag.List) (int, bool) {
	if n.Revision == "" {
		return 0, true
	}
	pos := n.RevisionPos
	if _, ok := seed.ParseRevisionName(n.Revision); !ok || strings.ContainsAny(n.Revision, "./") {
		diags.Errorf(n.Path, pos.Line, pos.Col, "revision %q is not a capture time: a revision is named as %s (UTC, to the second)", n.Revision, seed.RevisionExample)
		return 0, false
	}
	if len(d.Revisions) == 0 {
		diags.Errorf(n.Path, pos.Line, pos.Col, "the note is checked against revision %q, but the seed %q has no revisions: remove \"revision\", or keep the seed as a folder of revisions (dossier capture does)", n.Revision, d.Seed.Path)
		return 0, false
	}
	var names []string
	for i, r := range d.Revisions {
		if r.Name == n.Revision {
			return i, true
		}
		names = append(names, r.Name)
	}
	diags.Errorf(n.Path, pos.Line, pos.Col, "no revision %q in %q: its revisions are %s", n.Revision, path.Join(SeedDir, d.Slug)+"/", quoteAll(names))
	return 0, false
}

// refind looks for each note's quote in every revision after the one it
// was checked against, and says what became of it (Note.Changes). Each
// later revision is indexed once; a seed without revisions costs nothing.
func refind(d *Dossier, notes []*Note) {
	if len(d.Revisions) < 2 {
		return
	}
	ixs := make([]*anchor.Index, len(d.Revisions))
	for _, n := range notes {
		n.Changes = nil
		own := d.Revisions[n.Rev].Seed
		for k := n.Rev + 1; k < len(d.Revisions); k++ {
			if ixs[k] == nil {
				sd := d.Revisions[k].Seed
				ixs[k] = anchor.NewIndex(sd.Data, sd.TextStart())
			}
			c := classify(n, own, d.Revisions[k].Seed, ixs[k])
			c.Rev = k
			n.Changes = append(n.Changes, c)
		}
	}
}

// classify says what became of note n's quote, checked at n.Checked in
// own, in the later text later (indexed by ix). The quote is looked for
// as anchoring looks for it, with the note's occurrence, prefix and
// suffix; when those no longer pick one place, the place nearest the
// checked one is taken. Unchanged needs the same offsets and the same
// paragraph around them, byte for byte; anything else found is Moved,
// which is only reported, never warned about.
func classify(n *Note, own, later *seed.Seed, ix *anchor.Index) Change {
	q := anchor.Query{Quote: n.Quote, Occurrence: n.Occurrence, Prefix: n.Prefix, Suffix: n.Suffix}
	m, err := ix.Find(q)
	var all []anchor.Match
	var nf *anchor.NotFoundError
	var amb *anchor.AmbiguousError
	var occ *anchor.OccurrenceError
	var ctx *anchor.ContextError
	switch {
	case err == nil:
		all = []anchor.Match{m}
	case errors.As(err, &amb):
		all = amb.All
	case errors.As(err, &occ):
		all = occ.All
	case errors.As(err, &ctx):
		all = ctx.All
	case errors.As(err, &nf):
		if nf.Hint != nil {
			return Change{Status: Changed, After: *nf.Hint}
		}
		return Change{Status: Removed}
	default:
		return Change{Status: Removed}
	}
	best := all[0]
	for _, a := range all[1:] {
		if abs(a.Start-n.Checked.Start) < abs(best.Start-n.Checked.Start) {
			best = a
		}
	}
	ob, lb := own.Blocks[own.BlockIndex(n.Checked.Start)], later.Blocks[later.BlockIndex(best.Start)]
	if best == n.Checked && ob.Start == lb.Start &&
		string(own.Data[ob.Start:ob.End]) == string(later.Data[lb.Start:lb.End]) {
		return Change{Status: Unchanged, After: best}
	}
	return Change{Status: Moved, After: best}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// placeNotes chooses the revision the dossier shows, the latest that any
// of its notes was checked against, and places every note in it: a note
// checked against it where it was checked; one checked against an
// earlier revision where its quote, or the passage it became, is now. A
// note whose passage was removed by then cannot be placed: it is an
// error at its quote, for the editor to check it against the revision
// shown or withdraw it.
//
// The reader sees the text that was checked last, with each note at its
// passage; the changes the publisher made after a note was checked are
// shown with the note and in the revision history.
func placeNotes(d *Dossier, notes []*Note, diags *diag.List) []*Note {
	if len(d.Revisions) == 0 {
		for _, n := range notes {
			n.Span = n.Checked
		}
		return notes
	}
	shown := 0
	for _, n := range notes {
		shown = max(shown, n.Rev)
	}
	d.Shown = shown
	d.Seed = d.Revisions[shown].Seed
	kept := notes[:0]
	for _, n := range notes {
		if n.Rev == shown {
			n.Span = n.Checked
			kept = append(kept, n)
			continue
		}
		c := n.Changes[shown-n.Rev-1]
		if c.Status == Removed {
			report := diags.Errorf
			if n.Draft || d.Draft {
				report = diags.Warnf // a draft never blocks the site
			}
			report(n.Path, n.QuotePos.Line, n.QuotePos.Col, "the passage this note was checked against (revision %s) was removed from revision %s, which other notes are checked against and the site shows: check the note against it (\"revision: %s\" and its quote), or withdraw it", d.Revisions[n.Rev].Name, d.Revisions[shown].Name, d.Revisions[shown].Name)
			d.Unanchored = append(d.Unanchored, n)
			continue
		}
		n.Span = c.After
		kept = append(kept, n)
	}
	return kept
}
