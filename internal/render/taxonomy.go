package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-org/dossier/internal/site"
)

// The taxonomies' folders in the output. site reserves them, so that no
// dossier's folder takes them.
const (
	tagsDir      = "tags"
	claimantsDir = "claimants"
)

// TaxonomyView is one way of grouping the notes of every dossier: by tag, or
// by claimant.
type TaxonomyView struct {
	// Name is the taxonomy's folder in the output, "tags" or "claimants":
	// a template tells the two apart by it.
	Name string
	// Terms are the taxonomy's terms, in the order of their Keys.
	Terms []*TermView

	byKey map[string]*TermView
	// byName is byKey by the names as written, while the terms are
	// gathered: most notes repeat a name, and making its key each time
	// would cost copies.
	byName map[string]*TermView
}

// TermView is one term of a taxonomy, a tag or a claimant, with the notes
// that have it.
type TermView struct {
	// Name is the term as the first note that has it writes it, in the
	// order of the dossiers' slugs and then in article order.
	Name string
	// Key is what makes two notes' terms the same: the term in lower
	// case, its runs of white space made one space. "Iran" and "iran" are
	// one tag.
	Key string
	// File is the term's page in the taxonomy's folder: the term made a
	// file name, "nuclear-talks.html". Letters with accents of Latin
	// scripts lose them, letters of other scripts are kept, anything else
	// becomes a hyphen; two terms that would share a file are told apart
	// by a suffix made from the term itself, so that no term's address
	// depends on what other terms there are, but for the one that keeps
	// the plain name.
	File string
	// Notes are the term's notes, in the order of their dossiers' slugs
	// and then in article order. Tags have checks and remarks, claimants
	// checks only; withdrawn notes are in neither.
	Notes []NoteRef
	// at is where the notes are (see withNotes).
	at []notePos
}

// Path returns the path from the site's root of the page of the term name,
// "tags/iran.html", or "" when it has none: a withdrawn note's tags and
// claimant have no page unless some other note has them too.
func (t *TaxonomyView) Path(name string) string {
	if t == nil {
		return ""
	}
	if term := t.byKey[termKey(name)]; term != nil {
		return t.Name + "/" + term.File
	}
	return ""
}

// Files returns the taxonomy's pages, from the site's root: its index,
// when it has terms, and one page per term.
func (t *TaxonomyView) Files() []string {
	if len(t.Terms) == 0 {
		return nil
	}
	names := []string{t.Name + "/index.html"}
	for _, term := range t.Terms {
		names = append(names, t.Name+"/"+term.File)
	}
	return names
}

// hasTags and hasClaimant say which notes a taxonomy lists: the one rule
// that Files and the pages share.
func hasTags(n *site.Note) bool     { return n.Retracted == nil && len(n.Tags) > 0 }
func hasClaimant(n *site.Note) bool { return n.Retracted == nil && !n.IsRemark() && n.Claimant != "" }

// taxonomies makes the site's tags and claimants, each term with its name,
// its file and where its notes are; withNotes gives the terms their notes.
// uses, which may be nil, keeps which terms each dossier's notes have
// between calls (see termUses).
func taxonomies(s *site.Site, uses *termUses) (tags, claimants *TaxonomyView) {
	if uses == nil {
		uses = newTermUses()
	}
	byDossier := make([][]termUse, len(s.Dossiers))
	for i, d := range s.Dossiers {
		byDossier[i] = uses.of(d)
	}
	uses.keep(s.Dossiers)
	tags, claimants = newTaxonomy(tagsDir), newTaxonomy(claimantsDir)
	// The term of each name, looked up once a name rather than once a use.
	terms := [2][]*TermView{make([]*TermView, len(uses.names)), make([]*TermView, len(uses.names))}
	for i, dossierUses := range byDossier {
		for _, u := range dossierUses {
			t, k := claimants, 1
			if u.tag {
				t, k = tags, 0
			}
			term := terms[k][u.id]
			if term == nil {
				if term = t.term(uses.names[u.id]); term == nil {
					continue
				}
				terms[k][u.id] = term
			}
			// Notes come in order, so a note that has a tag twice
			// ("Iran, iran") would be the last.
			if at := (notePos{int32(i), u.note}); len(term.at) == 0 || term.at[len(term.at)-1] != at {
				term.at = append(term.at, at)
			}
		}
	}
	tags.name()
	claimants.name()
	return tags, claimants
}

// termUses keeps, for each dossier, which of its notes have which terms, by
// the term's exact name given a number: a dev server's Renderer keeps it
// from one render to the next, so that a save reads the terms of the
// dossiers that changed, and the site's tens of thousands of notes are not
// each looked at again. A dossier is the same *site.Dossier for as long as
// none of its files changes.
type termUses struct {
	ids       map[string]int32
	names     []string
	byDossier map[*site.Dossier][]termUse
}

// termUse says that a dossier's note (its index in the dossier's notes)
// has a tag (tag) or a claimant by the name numbered id.
type termUse struct {
	id, note int32
	tag      bool
}

func newTermUses() *termUses {
	return &termUses{ids: map[string]int32{}, byDossier: map[*site.Dossier][]termUse{}}
}

// of returns the uses of terms by d's notes, in the order of its notes.
func (u *termUses) of(d *site.Dossier) []termUse {
	if uses, ok := u.byDossier[d]; ok {
		return uses
	}
	var uses []termUse
	for j, n := range d.Notes {
		if hasTags(n) {
			for _, tag := range n.Tags {
				uses = append(uses, termUse{u.id(tag), int32(j), true})
			}
		}
		if hasClaimant(n) {
			uses = append(uses, termUse{u.id(n.Claimant), int32(j), false})
		}
	}
	u.byDossier[d] = uses
	return uses
}

// id returns the number of the name.
func (u *termUses) id(name string) int32 {
	id, ok := u.ids[name]
	if !ok {
		id = int32(len(u.names))
		u.ids[name] = id
		u.names = append(u.names, name)
	}
	return id
}

// keep forgets the dossiers other than those given.
func (u *termUses) keep(dossiers []*site.Dossier) {
	if len(u.byDossier) == len(dossiers) {
		return // the same dossiers: of has looked each up
	}
	kept := make(map[*site.Dossier][]termUse, len(dossiers))
	for _, d := range dossiers {
		kept[d] = u.byDossier[d]
	}
	u.byDossier = kept
}

// notePos is where a note is: its dossier's index in the site's dossiers
// and its own in the dossier's notes.
type notePos struct{ dossier, note int32 }

// withNotes gives each term of t its notes from the dossiers' views, in the
// order of the site's dossiers, and returns t.
func (t *TaxonomyView) withNotes(views []*DossierView) *TaxonomyView {
	for _, term := range t.Terms {
		term.Notes = make([]NoteRef, len(term.at))
		for k, at := range term.at {
			dv := views[at.dossier]
			term.Notes[k] = NoteRef{Dossier: dv, Note: dv.all[at.note]}
		}
	}
	return t
}

func newTaxonomy(name string) *TaxonomyView {
	return &TaxonomyView{Name: name, byKey: map[string]*TermView{}, byName: map[string]*TermView{}}
}

// term returns the term of the name, made if it is the first of its key,
// or nil when the name is no term (blank).
func (t *TaxonomyView) term(name string) *TermView {
	term := t.byName[name]
	if term == nil {
		key := termKey(name)
		if key == "" {
			return nil
		}
		term = t.byKey[key]
		if term == nil {
			term = &TermView{Name: strings.Join(strings.Fields(name), " "), Key: key}
			t.byKey[key] = term
			t.Terms = append(t.Terms, term)
		}
		t.byName[name] = term
	}
	return term
}

// name sorts the terms and gives each its file. Of the terms that make the
// same file name, the one whose key is that name, or else the first by
// key, keeps it; each other gets a suffix from the SHA-256 of its key.
// "index" is the taxonomy's own page.
func (t *TaxonomyView) name() {
	slices.SortFunc(t.Terms, func(a, b *TermView) int { return strings.Compare(a.Key, b.Key) })
	bySlug := map[string][]*TermView{}
	var slugs []string
	for _, term := range t.Terms {
		s := termSlug(term.Key)
		if bySlug[s] == nil {
			slugs = append(slugs, s)
		}
		bySlug[s] = append(bySlug[s], term)
	}
	taken := map[string]bool{"index": true}
	var rest []*TermView
	for _, s := range slugs {
		group := bySlug[s]
		// The term whose key is the slug itself keeps it; the group is
		// sorted by key, so the first otherwise.
		i := max(0, slices.IndexFunc(group, func(term *TermView) bool { return term.Key == s }))
		if taken[s] {
			i = -1
		} else {
			group[i].File = s + ".html"
			taken[s] = true
		}
		for k, term := range group {
			if k != i {
				rest = append(rest, term)
			}
		}
	}
	slices.SortFunc(rest, func(a, b *TermView) int { return strings.Compare(a.Key, b.Key) })
	for _, term := range rest {
		sum := hex.EncodeToString(func() []byte { s := sha256.Sum256([]byte(term.Key)); return s[:] }())
		name := termSlug(term.Key) + "-" + sum[:8]
		for n := 2; taken[name]; n++ { // not reached but by a term made to collide
			name = fmt.Sprintf("%s-%s-%d", termSlug(term.Key), sum[:16], n)
		}
		taken[name] = true
		term.File = name + ".html"
	}
	t.byName = nil
}

// renamed lists the terms whose file is not their plain name, and the
// files they have: all that can change a term's file but the term itself.
func (t *TaxonomyView) renamed() string {
	var b strings.Builder
	for _, term := range t.Terms {
		if term.File != termSlug(term.Key)+".html" {
			b.WriteString(term.Key + "\x00" + term.File + "\x00")
		}
	}
	return b.String()
}

// termKey is what makes two terms the same: lower case, white space made
// one space.
func termKey(name string) string {
	// Most terms are keys already: spare them the copies.
	plain := name != "" && name[0] != ' ' && name[len(name)-1] != ' '
	for i := 0; plain && i < len(name); i++ {
		c := name[i]
		plain = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == ' ' && name[i-1] != ' '
	}
	if plain {
		return name
	}
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// maxSlug is the longest a term's file name gets, in bytes, before its
// suffix and ".html".
const maxSlug = 80

// termSlug makes a file name of a term's key: letters and digits kept,
// accents of Latin letters dropped, anything else one hyphen between them.
func termSlug(key string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range key {
		var s string
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			s = string(r)
		case latin[r] != "":
			s = latin[r]
		case unicode.Is(unicode.Mn, r):
			continue // a combining accent
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			s = string(unicode.ToLower(r))
		default:
			hyphen = b.Len() > 0
			continue
		}
		if b.Len()+len(s)+1 > maxSlug {
			break
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(s)
	}
	if b.Len() == 0 {
		return "term"
	}
	return b.String()
}

// latin transliterates the letters with accents of the Latin-1 Supplement
// and Latin Extended-A blocks, in lower case (keys are lower case).
var latin = func() map[rune]string {
	m := map[rune]string{}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđð", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķĸ", "l": "ĺļľŀł", "n": "ñńņňŉŋ", "o": "òóôõöøōŏő",
		"r": "ŕŗř", "s": "śŝşšſ", "t": "ţťŧ", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
		"ae": "æ", "oe": "œ", "ss": "ß", "th": "þ", "ij": "ĳ",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
