package render

import (
	"slices"

	"github.com/dossier-org/dossier/internal/seed"
	"github.com/dossier-org/dossier/internal/site"
)

// annotate cuts the seed's text into the segments that the theme marks:
// the article's Blocks, where every note that is not withdrawn is marked,
// and each note's Passage, where only that note is. The text is cut at
// every quote's start and end, so overlapping and nested quotes keep
// their exact extent.
//
// The annotated article is on a build's hot path, so the model costs a
// handful of allocations per dossier, whatever its size: every segment's
// Text is a part of one copy of the seed's text, and the segments, the
// passages' paragraphs and the segments' Ends are parts of one array each.
func annotate(sd *seed.Seed, notes []*site.Note, dv *DossierView) {
	a := annotator{seed: sd, notes: notes, views: dv.all, text: string(sd.Data),
		spans: make([]int, 0, len(notes)), cuts: make([]int, 0, 2*len(notes)+2)}
	// A withdrawn note is not marked on the article, nor listed beside it.
	shown := make([]int, 0, len(notes))
	for i := range notes {
		if dv.all[i].Retracted == nil {
			shown = append(shown, i)
		}
	}
	// Each quote adds at most two cuts to the article, and to its passage,
	// which has at most one segment more than it has paragraphs; each
	// quote ends with at most one segment of each. The arrays are made
	// with room for all, so a segment's slices are never moved.
	paras := 0
	for _, n := range notes {
		paras += a.last(n) - n.Block + 1
	}
	a.segs = make([]Segment, 0, len(sd.Blocks)+2*len(shown)+paras+2*len(notes))
	a.ends = make([]*NoteView, 0, len(shown)+len(notes))

	dv.Blocks = make([]BlockView, len(sd.Blocks))
	for bi, blk := range sd.Blocks {
		a.spans = a.spans[:0]
		for _, i := range shown {
			if n := notes[i]; n.Span.Start < blk.End && n.Span.End > blk.Start {
				a.spans = append(a.spans, i)
			}
		}
		dv.Blocks[bi] = BlockView{ID: blk.ID, Segments: a.cut(blk)}
	}
	// The sidenotes: notes in article order start in paragraphs in order,
	// so each paragraph's are a run of one array.
	sidenotes := make([]*NoteView, len(shown))
	for k, i := range shown {
		sidenotes[k] = dv.all[i]
	}
	for k := 0; k < len(shown); {
		bi, from := notes[shown[k]].Block, k
		for k < len(shown) && notes[shown[k]].Block == bi {
			k++
		}
		if b := &dv.Blocks[bi]; b.Notes == nil {
			b.Notes = sidenotes[from:k:k]
		} else {
			b.Notes = append(b.Notes, sidenotes[from:k]...) // not in article order: never so
		}
	}

	passages := make([]BlockView, 0, paras)
	for i, n := range notes {
		a.spans = append(a.spans[:0], i)
		from := len(passages)
		for bi := n.Block; bi <= a.last(n); bi++ {
			blk := sd.Blocks[bi]
			passages = append(passages, BlockView{ID: blk.ID, Segments: a.cut(blk)})
		}
		dv.all[i].Passage = passages[from:len(passages):len(passages)]
	}
}

// annotator holds what annotate works with.
type annotator struct {
	seed  *seed.Seed
	notes []*site.Note // in article order
	views []*NoteView  // views[i] shows notes[i]
	// text is the seed's text, of which every segment's Text is a part.
	text string
	// segs and ends hold every segment and every segment's Ends.
	segs []Segment
	ends []*NoteView
	// spans lists the notes marked in the paragraph being cut, in article
	// order, and cuts the offsets it is cut at: both are reused.
	spans []int
	cuts  []int
}

// last returns the index of the last paragraph that note n's quote spans.
func (a *annotator) last(n *site.Note) int {
	return min(a.seed.BlockIndex(max(n.Span.End-1, n.Span.Start)), len(a.seed.Blocks)-1)
}

// cut cuts the paragraph blk at every start and end of the quotes of
// a.spans that fall inside it, and returns its segments.
func (a *annotator) cut(blk seed.Block) []Segment {
	cuts := append(a.cuts[:0], blk.Start, blk.End)
	for _, i := range a.spans {
		span := a.notes[i].Span
		if span.Start > blk.Start && span.Start < blk.End {
			cuts = append(cuts, span.Start)
		}
		if span.End > blk.Start && span.End < blk.End {
			cuts = append(cuts, span.End)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	a.cuts = cuts
	from := len(a.segs)
	for k := 0; k+1 < len(cuts); k++ {
		start, end := cuts[k], cuts[k+1]
		seg := Segment{Text: a.text[start:end]}
		inner, covering, ends := -1, 0, len(a.ends)
		for _, i := range a.spans {
			span := a.notes[i].Span
			if span.Start > start || end > span.End {
				continue
			}
			covering++
			if inner < 0 || span.End-span.Start < a.notes[inner].Span.End-a.notes[inner].Span.Start {
				inner = i
			}
			if span.End == end && !a.views[i].IsRemark() {
				a.ends = append(a.ends, a.views[i])
			}
		}
		if inner >= 0 {
			v := a.views[inner]
			seg.Note, seg.Multi, seg.Remark, seg.Retracted = v, covering > 1, v.IsRemark(), v.Retracted != nil
		}
		if len(a.ends) > ends {
			seg.Ends = a.ends[ends:len(a.ends):len(a.ends)]
		}
		a.segs = append(a.segs, seg)
	}
	return a.segs[from:len(a.segs):len(a.segs)]
}
