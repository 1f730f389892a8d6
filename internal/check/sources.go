package check

import (
	"path"

	"github.com/dossier-org/dossier/internal/content"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/site"
)

// copiesAlone warns when a check rests on copies alone: every source it
// cites is a "copy", a blog or mirror that only reproduces another source.
// The house standard puts primary records and agency wires before blogs,
// and takes blogs only as copies; a copy stands in for an original that
// the note should cite where it can be found. A source without a kind is
// not known to be a copy, so a note with one is left alone; so is a remark,
// which rates nothing, and a withdrawn note, whose verdict stands nowhere.
func copiesAlone(diags *diag.List, n *site.Note) {
	if n.IsRemark() || n.Retracted != nil || len(n.Sources) == 0 {
		return
	}
	for _, src := range n.Sources {
		if src.Kind != content.SourceCopy {
			return
		}
	}
	diags.Warnf(n.Path, n.TitlePos.Line, n.TitlePos.Col, "the check rests on copies alone: every source is kind: copy; cite the original that a copy reproduces, or a primary record or a wire report, beside it")
}

// sourceKinds warns when the notes of a dossier give one source (one
// address) different kinds: the dossier's sources page lists each address
// once, with one kind, the first a note gives. Each note after the first
// to disagree is warned, at its kind, naming the note it disagrees with.
func sourceKinds(diags *diag.List, d *site.Dossier) {
	type given struct {
		kind, note string
	}
	first := map[string]given{}
	for _, list := range [][]*site.Note{d.Notes, d.Unanchored, d.Drafts} {
		for _, n := range list {
			for _, src := range n.Sources {
				if src.Kind == "" || src.URL == "" {
					continue
				}
				g, ok := first[src.URL]
				if !ok {
					first[src.URL] = given{src.Kind, path.Base(n.Path)}
					continue
				}
				if g.kind != src.Kind {
					diags.Warnf(n.Path, src.KindPos.Line, src.KindPos.Col, "source %q is kind: %s here, but kind: %s in %s: a source is one kind wherever it is cited; give it the same kind in both notes", src.Title, src.Kind, g.kind, g.note)
				}
			}
		}
	}
}
