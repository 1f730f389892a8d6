package render

import (
	"sync/atomic"
)

// A Group is the files of one dossier as a dev server keeps them (see
// PageWriter): its pages, as digests with a function that renders each again,
// and its files of sharing, made when asked for. A Renderer hands a
// PageWriter the very same *Group, unchanged, in every build in which the
// dossier did not change, so that the writer can take the dossier's files
// as a whole, and tell that none of them changed, without looking at them:
// a save then costs the server what changed, not what the site holds.
//
// A Group is never modified once handed over, and its functions may be
// called from any goroutine at any time, during a later build too.
type Group struct {
	// Slug is the dossier's, the first element of each file's name.
	Slug string
	// Files are the dossier's files, by name.
	Files []GroupFile
}

// GroupFile is one file of a Group.
type GroupFile struct {
	// Name is the file's slash-separated path from the output root.
	Name string
	// Sum is the digest (see Digest) of a page's bytes; 0 when Lazy.
	Sum uint64
	// Lazy marks a file whose digest is not known before it is made, a
	// card, an embed page or an oEmbed file: it is made when first asked
	// for. Any change to it comes with a changed page of its dossier.
	Lazy bool
	// Render makes the file's bytes.
	Render func() ([]byte, error)
}

// liveView is the SiteView of a Renderer's latest render, read by the
// functions of the Groups it handed out. The pages of a dossier that did not
// change are, by what the Renderer's cache is keyed by, the same bytes
// whichever of those renders' views they are made from; a function that
// kept its own render's view would keep that whole render's site in memory
// for as long as the dossier stays unchanged.
type liveView struct{ atomic.Pointer[SiteView] }
