package render

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/dossier-org/dossier/internal/anchor"
	"github.com/dossier-org/dossier/internal/seed"
	"github.com/dossier-org/dossier/internal/site"
)

// annotator writes the seed's text as HTML with the notes' quotes marked.
// The text is cut into segments at every quote boundary, so overlapping and
// nested quotes keep their exact extent; a segment covered by several notes
// links to the innermost one and says that it is shared.
type annotator struct {
	seed  *seed.Seed
	notes []*site.Note // in article order
	views []*NoteView  // views[i] shows notes[i]
}

// article renders every block's text with its quotes marked, and lists
// with each block the notes that start in it; the theme shows them.
func (a *annotator) article() []BlockView {
	var b strings.Builder
	// A withdrawn note is not marked on the article, nor listed beside it.
	var all []int
	for i := range a.notes {
		if a.views[i].Retracted == nil {
			all = append(all, i)
		}
	}
	blocks := make([]BlockView, len(a.seed.Blocks))
	for bi, blk := range a.seed.Blocks {
		b.Reset()
		a.block(&b, blk, all, true)
		blocks[bi] = BlockView{ID: blk.ID, Text: template.HTML(b.String())}
	}
	for _, i := range all {
		blocks[a.notes[i].Block].Notes = append(blocks[a.notes[i].Block].Notes, a.views[i])
	}
	return blocks
}

// context renders the blocks that note i's quote spans, marking only it.
func (a *annotator) context(n *site.Note, i int) template.HTML {
	var b strings.Builder
	last := a.seed.BlockIndex(max(n.Span.End-1, n.Span.Start))
	for bi := n.Block; bi <= last && bi < len(a.seed.Blocks); bi++ {
		if bi > n.Block {
			b.WriteString("\n\n")
		}
		a.block(&b, a.seed.Blocks[bi], []int{i}, false)
	}
	return template.HTML(b.String())
}

// block writes one block's text, marking the quotes of the notes listed in
// which (indexes into a.notes). With links, marks link to the notes' pages
// and each quote ends with its note's number.
func (a *annotator) block(b *strings.Builder, blk seed.Block, which []int, links bool) {
	var spans []anchor.Span
	for _, i := range which {
		n := a.notes[i]
		if n.Span.Start < blk.End && n.Span.End > blk.Start {
			spans = append(spans, anchor.Span{Start: n.Span.Start, End: n.Span.End, Note: i})
		}
	}
	for _, seg := range anchor.Cut(blk.Start, blk.End, spans) {
		text := esc(string(a.seed.Data[seg.Start:seg.End]))
		if len(seg.Notes) == 0 {
			b.WriteString(text)
			continue
		}
		inner := seg.Notes[0]
		for _, i := range seg.Notes[1:] {
			if span := a.notes[i].Span; span.End-span.Start < a.notes[inner].Span.End-a.notes[inner].Span.Start {
				inner = i
			}
		}
		v := a.views[inner]
		// A remark rates nothing: its mark has no verdict's class, and the
		// theme styles it apart from every verdict.
		class := "hl v-" + esc(v.Rating.Key)
		if v.IsRemark() {
			class = "hl remark"
		}
		if v.Retracted != nil {
			class = "hl retracted" // only on its own page: no verdict stands
		}
		if len(seg.Notes) > 1 {
			class += " multi"
		}
		if !links {
			fmt.Fprintf(b, "<mark class=\"%s\">%s</mark>", class, text)
			continue
		}
		if v.IsRemark() {
			// The remark's sidenote, worded by the theme, describes it.
			fmt.Fprintf(b, "<mark class=\"%s\"><a href=\"%s\" title=\"%s\" aria-describedby=\"%s\">%s</a></mark>", class, esc(v.File), esc(v.Title), v.ID, text)
		} else {
			fmt.Fprintf(b, "<mark class=\"%s\"><a href=\"%s\" title=\"%s: %s\">%s</a></mark>", class, esc(v.File), esc(v.Rating.Label), esc(v.Title), text)
		}
		// Each check's quote ends with its number; a remark has none.
		for _, i := range seg.Notes {
			if a.notes[i].Span.End == seg.End && !a.views[i].IsRemark() {
				w := a.views[i]
				fmt.Fprintf(b, "<sup class=\"ref\"><a href=\"%s\" aria-label=\"Check %d: %s\">%d</a></sup>", esc(w.File), w.N, esc(w.Rating.Label), w.N)
			}
		}
	}
}

// esc escapes text for an element's content or a quoted attribute value,
// the only places the markup built here puts it.
func esc(s string) string { return template.HTMLEscapeString(s) }
