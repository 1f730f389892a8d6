package check

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/dossier-org/dossier/internal/content"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/site"
)

// Published holds a change to the rule that corrections are never silent:
// every note of base, the published state, is published, and head may
// change it only in the open. It reports
//
//   - a note whose verdict changed (a change of kind, between a check and
//     a remark, is one), or whose quote changed (its text, occurrence,
//     prefix or suffix), or whose retraction was lifted, without a new
//     corrections entry: one more than at base, or one of a date base
//     does not have;
//   - a note whose file is gone: a published note is retracted, not
//     deleted, and a file moved to another name is gone from its address
//     too.
//
// A note added by head, or one retracted by it, needs nothing more: the
// retraction is its own notice. headFS is head's source tree: a note whose
// file is still there but could not be read is not reported as deleted,
// since the reason it could not be read already is.
func Published(base, head *site.Site, headFS fs.FS) diag.List {
	var diags diag.List
	if base == nil {
		return diags
	}
	before, after := byPath(base), byPath(head)
	var added map[string][]string // made when a note is first found gone
	reported := map[*site.Dossier]bool{}
	for _, p := range slices.Sorted(maps.Keys(before)) {
		b, h := before[p], after[p]
		if h == nil {
			// A file there but refused or unreadable has its reason
			// reported already.
			// A draft is left out of the site: a published note made a
			// draft again would vanish from its address as a deleted one
			// does, and silently.
			if dn, dd := draftOf(head, p); dd != nil && dd.Draft && dd.Meta != nil {
				if !reported[dd] {
					reported[dd] = true
					diags.Errorf(dd.Meta.Path, dd.Meta.DraftPos.Line, dd.Meta.DraftPos.Col, "a published dossier cannot become a draft: its published notes (such as %q) would vanish from their addresses; remove \"draft\", and retract the notes that are withdrawn", p)
				}
				continue
			} else if dn != nil {
				diags.Errorf(p, dn.DraftPos.Line, dn.DraftPos.Col, "a published note cannot become a draft: it would vanish from its address; retract it with retracted: {date, reason} instead, or remove \"draft\"")
				continue
			}
			if _, err := fs.Stat(headFS, p); !errors.Is(err, fs.ErrNotExist) {
				continue
			}
			msg := "a published note is not deleted: retract it with retracted: {date, reason}, which keeps its page at its address with the notice"
			if added == nil {
				added = newNotes(before, after)
			}
			if to := added[movedKey(b)]; len(to) > 0 {
				msg = fmt.Sprintf("a published note is not renamed: it moved to %q, which breaks its address; keep it at %q, and retract it with retracted: {date, reason} if it is withdrawn", to[0], p)
			}
			diags.Errorf(p, 0, 0, "%s", msg)
			continue
		}
		if newCorrection(b, h) {
			continue
		}
		const add = "without a corrections entry: add one (date, text) saying what changed and why"
		switch {
		case b.IsRemark() != h.IsRemark():
			pos := h.KindPos
			if !h.IsRemark() && h.Verdict != "" {
				pos = h.VerdictPos
			}
			diags.Errorf(p, pos.Line, pos.Col, "the verdict of a published note changed from %s to %s %s", verdictName(b), verdictName(h), add)
		case b.Verdict != h.Verdict:
			diags.Errorf(p, h.VerdictPos.Line, h.VerdictPos.Col, "the verdict of a published note changed from %s to %s %s", verdictName(b), verdictName(h), add)
		}
		switch {
		case b.Quote != h.Quote:
			diags.Errorf(p, h.QuotePos.Line, h.QuotePos.Col, "the quote of a published note changed from %q to %q %s", brief(b.Quote), brief(h.Quote), add)
		case b.Occurrence != h.Occurrence || b.Prefix != h.Prefix || b.Suffix != h.Suffix:
			diags.Errorf(p, h.QuotePos.Line, h.QuotePos.Col, "the passage a published note quotes changed (its occurrence, prefix or suffix) %s", add)
		}
		if b.Retracted != nil && h.Retracted == nil {
			diags.Errorf(p, h.TitlePos.Line, h.TitlePos.Col, "the retraction of a published note was lifted %s", add)
		}
	}
	diags.Sort()
	return diags
}

// byPath indexes every note of s, placed or not, by its file's path.
func byPath(s *site.Site) map[string]*site.Note {
	m := map[string]*site.Note{}
	if s == nil {
		return m
	}
	for _, d := range s.Dossiers {
		for _, list := range [][]*site.Note{d.Notes, d.Unanchored} {
			for _, n := range list {
				m[n.Path] = n
			}
		}
	}
	return m
}

// draftOf finds the note at p among the drafts that s leaves out, and its
// dossier; nil when it is not one.
func draftOf(s *site.Site, p string) (*site.Note, *site.Dossier) {
	if s == nil {
		return nil, nil
	}
	for _, ds := range [][]*site.Dossier{s.Dossiers, s.Drafts} {
		for _, d := range ds {
			if !strings.HasPrefix(p, "content/"+d.Slug+"/") {
				continue
			}
			for _, list := range [][]*site.Note{d.Drafts, d.Unanchored, d.Notes} {
				for _, n := range list {
					if n.Path == p && (n.Draft || d.Draft) {
						return n, d
					}
				}
			}
		}
	}
	return nil, nil
}

// newNotes indexes the notes of after that before lacks by movedKey, each
// list of paths sorted: where a note gone from before may have moved.
func newNotes(before, after map[string]*site.Note) map[string][]string {
	m := map[string][]string{}
	for _, p := range slices.Sorted(maps.Keys(after)) {
		if before[p] == nil {
			k := movedKey(after[p])
			m[k] = append(m[k], p)
		}
	}
	return m
}

// movedKey is what a note keeps when its file is renamed within its
// dossier: the folder, and the passage quoted.
func movedKey(n *site.Note) string {
	return fmt.Sprintf("%s\x00%d\x00%s", path.Dir(n.Path), n.Occurrence, n.Quote)
}

// brief shortens a quote for a message.
func brief(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}

// newCorrection reports whether h has a corrections entry that b, the
// same note as published, did not: one more, or one of a new date.
func newCorrection(b, h *site.Note) bool {
	if len(h.Corrections) > len(b.Corrections) {
		return true
	}
	for _, c := range h.Corrections {
		if !slices.ContainsFunc(b.Corrections, func(o content.Correction) bool { return o.Date == c.Date }) {
			return true
		}
	}
	return false
}

// verdictName names a note's verdict in a message.
func verdictName(n *site.Note) string {
	if n.IsRemark() {
		return "none (a remark)"
	}
	return fmt.Sprintf("%q", strings.TrimSpace(n.Verdict))
}
