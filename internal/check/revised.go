package check

import (
	"fmt"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/textcheck"
)

// revised warns, at the note's quote, when the publisher changed or
// removed the passage it checked in a later capture of the article and
// nothing in the note acknowledges it. A note acknowledges the change of
// a revision by being checked against it or a later one ("revision:"),
// which leaves no later change to report; or by a correction, or its
// withdrawal, dated on or after the revision's capture day (UTC): the
// editors have said what the change means for the check. A later
// revision in which the passage reads as in the one before is no new
// change. Each note is warned of its first change that is not
// acknowledged.
func revised(diags *diag.List, d *site.Dossier, n *site.Note) {
	prev := "\x00" // the passage as checked
	for _, c := range n.Changes {
		r := d.Revisions[c.Rev]
		now := "\x00" // unchanged or moved: the passage as checked
		if c.Status.Edited() {
			now = string(r.Seed.Data[c.After.Start:c.After.End])
		}
		same := now == prev
		prev = now
		if !c.Status.Edited() || same {
			continue
		}
		day := r.Time.UTC().Format("2006-01-02")
		if acknowledged(n, day) {
			continue
		}
		what := "removed the checked passage; nothing like it is left"
		if c.Status == site.Changed {
			what = fmt.Sprintf("changed the checked passage; it now reads %q", textcheck.Shown(string(r.Seed.Data[c.After.Start:c.After.End])))
		}
		diags.Warnf(n.Path, n.QuotePos.Line, n.QuotePos.Col,
			"the publisher %s (capture of %s, %q): check the note against it (\"revision: %s\" and its quote), or add a correction dated %s or later that says what the change means for the check",
			what, day, r.Seed.Path, r.Name, day)
		return
	}
}

// acknowledged reports whether the note has a correction, or its
// withdrawal, dated on or after day.
func acknowledged(n *site.Note, day string) bool {
	for _, c := range n.Corrections {
		if c.Date >= day {
			return true
		}
	}
	return n.Retracted != nil && n.Retracted.Date >= day
}
