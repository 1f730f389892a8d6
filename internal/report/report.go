// Package report compares two versions of a site and summarises, in
// Markdown for a pull-request comment, what the change does to the
// dossiers' findings.
package report

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/rating"
	"github.com/dossier-org/dossier/internal/site"
)

// Marker starts every report, so that a workflow can find its previous
// comment and update it rather than add another.
const Marker = "<!-- dossier-report -->"

// Version is one side of the comparison.
type Version struct {
	Name  string // e.g. the git ref
	Site  *site.Site
	Diags diag.List
}

// Markdown summarises the change from base to head. Every string from the
// sources or the command line is escaped (see text, code and link): notes
// come from strangers' pull requests, and the summary is posted as a
// comment that reviewers trust.
func Markdown(base, head Version) string {
	var b strings.Builder
	b.WriteString(Marker + "\n## Dossier report\n\n")
	fmt.Fprintf(&b, "Changes from %s to %s.\n\n", code(base.Name), code(head.Name))
	if n := head.Diags.Count(diag.Error); n > 0 {
		fmt.Fprintf(&b, "> [!WARNING]\n> The changed sources have %d error(s); `dossier check` lists them. The summary below covers the notes that could be read.\n\n", n)
	}

	baseNotes, headNotes := notes(base.Site), notes(head.Site)
	var added, removed, verdicts, moved, sources, copies []string
	for _, key := range sortedKeys(headNotes) {
		h := headNotes[key]
		bn, ok := baseNotes[key]
		// A check that comes to rest on copies alone, added so or
		// changed so, is for the reviewer to question; one that already
		// did is not news.
		if h.note.RestsOnCopies() && (!ok || !bn.note.RestsOnCopies()) {
			copies = append(copies, fmt.Sprintf("- %s: %s: every source is a copy (kind: copy); is the original, a primary record or a wire report to be found?", code(key), text(h.note.Title)))
		}
		if !ok {
			added = append(added, fmt.Sprintf("- %s: %s — **%s**", code(key), text(h.note.Title), verdict(head.Site.Scale, h.note)))
			continue
		}
		if bn.note.Verdict != h.note.Verdict || bn.note.IsRemark() != h.note.IsRemark() {
			verdicts = append(verdicts, fmt.Sprintf("- %s: %s: **%s → %s**", code(key), text(h.note.Title),
				verdict(base.Site.Scale, bn.note), verdict(head.Site.Scale, h.note)))
		}
		if bn.note.Quote != h.note.Quote {
			moved = append(moved, fmt.Sprintf("- %s: quote changed from “%s” (line %d) to “%s” (line %d)", code(key), text(short(bn.note.Quote)), bn.note.Line, text(short(h.note.Quote)), h.note.Line))
		} else if bn.note.Line != h.note.Line {
			moved = append(moved, fmt.Sprintf("- %s: quote moved from line %d to line %d of the seed", code(key), bn.note.Line, h.note.Line))
		} else if bn.column() != h.column() {
			// Columns, not byte offsets: an edit to an earlier line shifts
			// the offsets of every quote after it, which have not moved.
			moved = append(moved, fmt.Sprintf("- %s: quote moved within line %d of the seed", code(key), h.note.Line))
		}
		before, after := urls(bn.note), urls(h.note)
		for _, u := range after {
			if !slices.Contains(before, u) {
				sources = append(sources, fmt.Sprintf("- %s: added %s", code(key), link(u)))
			}
		}
		for _, u := range before {
			if !slices.Contains(after, u) {
				sources = append(sources, fmt.Sprintf("- %s: removed %s", code(key), link(u)))
			}
		}
	}
	for _, key := range sortedKeys(baseNotes) {
		if _, ok := headNotes[key]; !ok {
			bn := baseNotes[key]
			removed = append(removed, fmt.Sprintf("- %s: %s — was **%s**", code(key), text(bn.note.Title), verdict(base.Site.Scale, bn.note)))
		}
	}
	section := func(title string, lines []string) {
		if len(lines) > 0 {
			fmt.Fprintf(&b, "### %s (%d)\n\n%s\n\n", title, len(lines), strings.Join(lines, "\n"))
		}
	}
	section("Notes added", added)
	section("Notes removed", removed)
	section("Verdicts changed", verdicts)
	section("Quotes moved or changed", moved)
	section("Sources added or removed", sources)
	section("Checks resting on copies alone", copies)
	revs := revisionsAdded(base.Site, head.Site)
	section("Revisions of the articles added", revs)
	if len(added)+len(removed)+len(verdicts)+len(moved)+len(sources)+len(copies)+len(revs) == 0 {
		b.WriteString("No note was added, removed or changed in its verdict, quote or sources.\n\n")
	}
	distribution(&b, base, head)
	return b.String()
}

// revisionsAdded lists the captures of the articles that head has and base
// has not, each with the checked passages it changed or removed. A
// capture is known to base when base has a text of the same dossier with
// the same digest: the seed of one file that capture moved into the
// folder form is not a capture added.
func revisionsAdded(base, head *site.Site) []string {
	had := map[string]bool{}
	if base != nil {
		for _, d := range slices.Concat(base.Dossiers, base.Drafts) {
			had[d.Slug+" "+d.Seed.SHA256] = true
			for _, r := range d.Revisions {
				had[d.Slug+" "+r.Seed.SHA256] = true
			}
		}
	}
	var lines []string
	if head == nil {
		return nil
	}
	for _, d := range slices.Concat(head.Dossiers, head.Drafts) {
		for i, r := range d.Revisions {
			if had[d.Slug+" "+r.Seed.SHA256] {
				continue
			}
			var edited []string
			for _, n := range d.Notes {
				for _, c := range n.Changes {
					if c.Rev == i && c.Status.Edited() {
						edited = append(edited, fmt.Sprintf("%s (%s)", code(d.Slug+"/"+n.Name), c.Status))
					}
				}
			}
			line := fmt.Sprintf("- %s: capture of %s, %s", code(d.Slug), r.Time.UTC().Format("2006-01-02 15:04 UTC"), code(r.Seed.Path))
			switch {
			case i == 0:
				line += ", the first"
			case len(edited) > 0:
				line += fmt.Sprintf(": **%d checked passage(s) changed**: %s", len(edited), strings.Join(edited, ", "))
			default:
				line += ": no checked passage changed"
			}
			lines = append(lines, line)
		}
	}
	return lines
}

type entry struct {
	dossier *site.Dossier
	note    *site.Note
}

// column is where the note's quote starts on its line of the seed.
func (e entry) column() int {
	_, col := e.dossier.Seed.Position(e.note.Span.Start)
	return col
}

// notes indexes a site's notes by "github.com/dossier-org/dossier/name".
func notes(s *site.Site) map[string]entry {
	m := map[string]entry{}
	if s == nil {
		return m
	}
	for _, d := range s.Dossiers {
		for _, n := range d.Notes {
			m[d.Slug+"/"+n.Name] = entry{d, n}
		}
	}
	return m
}

func sortedKeys(m map[string]entry) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func urls(n *site.Note) []string {
	var out []string
	for _, s := range n.Sources {
		out = append(out, s.URL)
	}
	return out
}

// unrated stands where a remark, which has no verdict, is listed among
// the findings.
const unrated = "editor's remark, not rated"

// verdict names n's verdict on the scale, escaped, or says that n is a
// remark.
func verdict(scale rating.Scale, n *site.Note) string {
	if n.IsRemark() {
		return unrated
	}
	return label(scale, n.Verdict)
}

// label is the escaped label of the verdict key on scale, or the escaped
// key when the scale does not have it.
func label(scale rating.Scale, key string) string {
	if r, ok := scale.Get(key); ok {
		return text(r.Label)
	}
	return text(key)
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}

// distribution writes a table of verdict counts per dossier, before and
// after. Remarks have no verdict and withdrawn notes no longer have one:
// neither is counted. The columns are the
// head's scale, then each rating of the base's scale that the head's lacks
// and a base note holds, labelled as the base labelled it: after a change
// of scale, the verdicts given on the old one are still counted before,
// not dropped. The totals count every verdict.
func distribution(b *strings.Builder, base, head Version) {
	slugs := map[string]bool{}
	count := func(s *site.Site) map[string]map[string]int {
		m := map[string]map[string]int{}
		if s == nil {
			return m
		}
		for _, d := range s.Dossiers {
			slugs[d.Slug] = true
			m[d.Slug] = map[string]int{}
			for _, n := range d.Notes {
				if !n.IsRemark() && n.Retracted == nil {
					m[d.Slug][n.Verdict]++
				}
			}
		}
		return m
	}
	before, after := count(base.Site), count(head.Site)
	scale := rating.Default()
	if head.Site != nil {
		scale = head.Site.Scale
	}
	if base.Site != nil {
		for _, r := range base.Site.Scale {
			if _, ok := scale.Get(r.Key); !ok && used(before, r.Key) {
				scale = append(slices.Clip(scale), r)
			}
		}
	}
	total := func(m map[string]int) int {
		t := 0
		for _, c := range m {
			t += c
		}
		return t
	}
	b.WriteString("### Verdicts before → after\n\n")
	b.WriteString("| Dossier |")
	for _, r := range scale {
		b.WriteString(" " + text(r.Label) + " |")
	}
	b.WriteString(" Total |\n|---|")
	for range scale {
		b.WriteString("---:|")
	}
	b.WriteString("---:|\n")
	for _, slug := range slices.Sorted(maps.Keys(slugs)) {
		fmt.Fprintf(b, "| %s |", code(slug))
		for _, r := range scale {
			b.WriteString(" " + cell(before[slug][r.Key], after[slug][r.Key]) + " |")
		}
		b.WriteString(" " + cell(total(before[slug]), total(after[slug])) + " |\n")
	}
	b.WriteString("\n")
}

// used reports whether a dossier of m has a verdict key.
func used(m map[string]map[string]int, key string) bool {
	for _, counts := range m {
		if counts[key] > 0 {
			return true
		}
	}
	return false
}

func cell(before, after int) string {
	if before == after {
		return fmt.Sprint(after)
	}
	return fmt.Sprintf("%d → **%d**", before, after)
}
