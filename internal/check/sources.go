package check

import (
	"path"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/site"
)

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
