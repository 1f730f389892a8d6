package render

import (
	"time"

	"github.com/dossier-org/dossier/internal/seed"
	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/textdiff"
)

// RevisionView is one capture of a dossier's article, when its seed is
// kept as a folder of revisions: the revision history lists them.
type RevisionView struct {
	// Name is the revision's name, its capture time: "20261125T153000Z".
	Name string
	// Time is the capture time, RFC 3339 in UTC, and Date its day,
	// YYYY-MM-DD.
	Time, Date string
	// SeedPath is the revision's text in the source tree.
	SeedPath string
	// SHA256 is the text's SHA-256 digest, in hexadecimal; Size its size
	// in bytes.
	SHA256 string
	// Size is the text's size in bytes.
	Size int
	// TextFile is the revision's text as published, relative to the
	// dossier's folder: "revisions/<name>.txt".
	TextFile string
	// ArchiveFile is the capture's WARC file as published, relative to
	// the dossier's folder, or empty when there is none.
	ArchiveFile string
	// DiffFile is the page comparing the revision with the one before,
	// relative to the dossier's folder; empty for the first.
	DiffFile string
	// Shown is set on the revision the article shows: the latest that a
	// note was checked against.
	Shown bool
	// Checked is how many notes were checked against it.
	Checked int
	// Edited are the notes, not withdrawn, whose checked passage this
	// revision changed or removed (first), in article order.
	Edited []*NoteView
}

// EditView is the change a publisher made to a note's checked passage
// after it was checked: the first later revision that changed or removed
// it.
type EditView struct {
	// Revision is the revision that changed the passage.
	Revision *RevisionView
	// Removed is set when nothing like the passage is left; After is
	// then empty.
	Removed bool
	// Before is the passage as checked; After, the passage most like it
	// in Revision.
	Before, After string
}

// RevisionPageView is what a revision's page compares: a revision of the
// article with the one before, paragraph by paragraph and, in the
// paragraphs that changed, word by word.
type RevisionPageView struct {
	// From is the revision before.
	From *RevisionView
	// To is the revision compared with it.
	To *RevisionView
	// Paragraphs are the paragraphs that changed, each with the
	// unchanged paragraph before and after it for context; a run of
	// unchanged paragraphs left out is one Paragraph of Op "skip".
	Paragraphs []DiffParagraph
}

// DiffParagraph is one paragraph of a comparison.
type DiffParagraph struct {
	// Op is "equal", "deleted", "inserted", "changed" or "skip".
	Op string
	// Text is the paragraph's text (of the new revision when equal), or
	// for a skip nothing.
	Text string
	// Skipped is how many unchanged paragraphs a skip leaves out.
	Skipped int
	// Words is the word-level comparison of a changed paragraph.
	Words []DiffWord
	// Notes are the checks and remarks whose checked passage was in this
	// paragraph of the old revision and that this revision changed or
	// removed.
	Notes []*NoteView
}

// DiffWord is a run of words of a changed paragraph.
type DiffWord struct {
	// Op is "equal", "deleted" or "inserted".
	Op string
	// Text is the words, and the spaces and marks between them.
	Text string
}

// revisionDir is the folder of a dossier's output that holds its
// revisions' texts, WARC files and comparison pages.
const revisionDir = "revisions/"

// singleArchive is the name, in a dossier's folder of the output, of the
// WARC file of a seed of a single file.
const singleArchive = "capture.warc.gz"

// revisionViews fills in the revision history of dv from d.
func revisionViews(d *site.Dossier, dv *DossierView) {
	if d.Archive != nil {
		dv.ArchiveFile = singleArchive
	}
	if len(d.Revisions) == 0 {
		return
	}
	dv.Revisions = make([]*RevisionView, len(d.Revisions))
	for i, r := range d.Revisions {
		rv := &RevisionView{Name: r.Name, Time: r.Time.UTC().Format(time.RFC3339), Date: r.Time.UTC().Format(time.DateOnly),
			SeedPath: r.Seed.Path, SHA256: r.Seed.SHA256, Size: len(r.Seed.Data),
			TextFile: revisionDir + r.Name + ".txt", Shown: i == d.Shown}
		if r.Archive != nil {
			rv.ArchiveFile = revisionDir + r.Name + ".warc.gz"
		}
		if i > 0 {
			rv.DiffFile = revisionDir + r.Name + ".html"
		}
		dv.Revisions[i] = rv
	}
	dv.ArchiveFile = dv.Revisions[d.Shown].ArchiveFile
	for i, n := range d.Notes {
		dv.Revisions[n.Rev].Checked++
		c, ok := n.FirstEdit()
		if !ok {
			continue
		}
		nv := dv.all[i]
		own := d.CheckedSeed(n)
		nv.Edit = &EditView{Revision: dv.Revisions[c.Rev], Removed: c.Status == site.Removed,
			Before: string(own.Data[n.Checked.Start:n.Checked.End])}
		if !nv.Edit.Removed {
			later := d.Revisions[c.Rev].Seed
			nv.Edit.After = string(later.Data[c.After.Start:c.After.End])
		}
		if nv.Retracted == nil {
			dv.Edited = append(dv.Edited, nv)
			dv.Revisions[c.Rev].Edited = append(dv.Revisions[c.Rev].Edited, nv)
		}
	}
}

// revisionPage compares revision i of d with the one before.
func revisionPage(d *site.Dossier, dv *DossierView, i int) *RevisionPageView {
	from, to := d.Revisions[i-1].Seed, d.Revisions[i].Seed
	paras := func(sd *seed.Seed) []string {
		out := make([]string, len(sd.Blocks))
		for k, b := range sd.Blocks {
			out[k] = sd.Text(b)
		}
		return out
	}
	old, cur := paras(from), paras(to)
	// The checked passages this revision changed, by the paragraph of the
	// revision before in which they stood.
	marked := map[int][]*NoteView{}
	for k, n := range d.Notes {
		c, ok := n.FirstEdit()
		if !ok || c.Rev != i {
			continue
		}
		at := n.Checked
		if n.Rev < i-1 {
			at = n.Changes[i-1-n.Rev-1].After
		}
		b := from.BlockIndex(at.Start)
		marked[b] = append(marked[b], dv.all[k])
	}
	ops := textdiff.Paragraphs(old, cur)
	pv := &RevisionPageView{From: dv.Revisions[i-1], To: dv.Revisions[i]}
	changed := func(p textdiff.Para) bool { return p.Op != textdiff.Equal }
	skipped := 0
	for k, p := range ops {
		near := changed(p) || k > 0 && changed(ops[k-1]) || k+1 < len(ops) && changed(ops[k+1])
		if !near {
			skipped++
			continue
		}
		if skipped > 0 {
			pv.Paragraphs = append(pv.Paragraphs, DiffParagraph{Op: "skip", Skipped: skipped})
			skipped = 0
		}
		dp := DiffParagraph{}
		switch p.Op {
		case textdiff.Equal:
			dp.Op, dp.Text = "equal", cur[p.New]
		case textdiff.Delete:
			dp.Op, dp.Text = "deleted", old[p.Old]
		case textdiff.Insert:
			dp.Op, dp.Text = "inserted", cur[p.New]
		case textdiff.Change:
			dp.Op = "changed"
			for _, w := range p.Words {
				dp.Words = append(dp.Words, DiffWord{Op: [...]string{"equal", "deleted", "inserted"}[w.Op], Text: w.Text})
			}
		}
		if p.Old >= 0 {
			dp.Notes = marked[p.Old]
		}
		pv.Paragraphs = append(pv.Paragraphs, dp)
	}
	if skipped > 0 {
		pv.Paragraphs = append(pv.Paragraphs, DiffParagraph{Op: "skip", Skipped: skipped})
	}
	return pv
}

// download is a file of a dossier's evidence copied to the output as it
// is: a revision's text or a capture's WARC file.
type download struct {
	name string
	data []byte
}

// dossierDownloads lists the evidence files of d, with their names
// relative to the output's root.
func dossierDownloads(d *site.Dossier) []download {
	var out []download
	if d.Archive != nil {
		out = append(out, download{d.Slug + "/" + singleArchive, d.Archive.Data})
	}
	for _, r := range d.Revisions {
		out = append(out, download{d.Slug + "/" + revisionDir + r.Name + ".txt", r.Seed.Data})
		if r.Archive != nil {
			out = append(out, download{d.Slug + "/" + revisionDir + r.Name + ".warc.gz", r.Archive.Data})
		}
	}
	return out
}
