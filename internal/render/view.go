package render

import (
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-org/dossier/internal/card"
	"github.com/dossier-org/dossier/internal/content"
	"github.com/dossier-org/dossier/internal/i18n"
	"github.com/dossier-org/dossier/internal/rating"
	"github.com/dossier-org/dossier/internal/site"
)

// Page is what a page template receives: the page, and the site, dossier
// and note it shows.
type Page struct {
	// Kind is the page's template without .html: home, dossier, claims,
	// sources, note, remark, retracted, methodology, corrections, search,
	// terms, term, page or 404.
	Kind string
	// Path is the page's file, relative to the site's root:
	// "index.html", "riverton-bridge/plan-cost.html".
	Path string
	// Title is the page's title, without the site's.
	Title string
	// Description is the page's summary in one sentence, for search
	// engines and link previews.
	Description string
	// Root is the relative path from the page to the site's root ("" or
	// "../"), so that every link works at a domain root, in a subfolder and
	// over file://. The 404 page, served at any depth, gets the site's
	// absolute path instead.
	Root string
	// Canonical is the page's absolute URL; empty without a baseURL.
	Canonical string
	// JSONLD is structured data for the page, or nil.
	JSONLD any
	// Site is the site, on every page.
	Site *SiteView
	// Dossier is the dossier the page belongs to, or nil on a site-wide
	// page.
	Dossier *DossierView
	// Note is the note of a note's page, or nil.
	Note *NoteView
	// Content is the page of content/<name>.md that a page's page shows,
	// or nil.
	Content *PageView
	// Draft is set on the page of a draft (a note, a dossier or a page
	// marked "draft: true"), which only a preview or "build --drafts"
	// shows; the theme marks it as unpublished.
	Draft bool
	// Taxonomy is the taxonomy of a taxonomy's pages (terms and term), or
	// nil.
	Taxonomy *TaxonomyView
	// Term is the term of a term's page, or nil.
	Term *TermView
	// Revision is what a revision's page compares, or nil.
	Revision *RevisionPageView
	// Language is the language of the page's text, a BCP 47 tag ("en",
	// "fa"): its dossier's on a dossier's pages, the page's own on a page
	// of content/<name>.md that sets one, the site's on the others.
	Language string
	// Dir is the direction the page's language is written in: "ltr" or
	// "rtl".
	Dir string
	// Feed is the file of the Atom feed in the page's language, relative
	// to the site's root ("feed.xml", "feed.fr.xml"); empty without a
	// baseURL, when there is no feed.
	Feed string
	// Translations are the dossiers of the page's dossier's translation
	// group, the original first, on every page of a dossier that has
	// translations (the page's own dossier among them, as Current); nil
	// otherwise. Each leads to its counterpart of this page (see
	// TranslationView.Path).
	Translations []TranslationView
	// Share is what the page offers for sharing it: its share image, the
	// links that share it and, on a check's page, the snippet that embeds
	// the check in another site (see ShareView). It is set on the pages of
	// kind note, dossier and embed, nil on the others.
	Share *ShareView
	// Alternates are the pages that say what this one says in other
	// languages, and this one, for the hreflang links: the Translations on
	// a dossier's article, claim index and sources, nil elsewhere. A
	// note's page has none, since notes of two translations need not
	// match one for one.
	Alternates []TranslationView
}

// TranslationView is one dossier of a translation group, as the pages of
// the group show it.
type TranslationView struct {
	// Language is the dossier's language, a BCP 47 tag.
	Language string
	// Name is the language's name in that language: "English",
	// "Français", "العربية".
	Name string
	// Dir is the direction of the language: "ltr" or "rtl".
	Dir string
	// Title is the dossier's headline.
	Title string
	// Path is the counterpart's file, relative to the site's root: the
	// same page of the translation ("<slug>/claims.html") on a dossier's
	// article, claim index and sources, the translation's article
	// ("<slug>/index.html") on a note's page.
	Path string
	// URL is the counterpart's absolute URL; empty without a baseURL.
	URL string
	// Current is set for the dossier of the page that shows the list.
	Current bool
	// Original is set for the dossier that the others translate: the
	// hreflang x-default. A group whose original is a draft left out of
	// the build has none.
	Original bool
}

// PageView is a page of its own, from content/<name>.md.
type PageView struct {
	// Name is the page's file name without .md; the page is <Name>.html.
	Name string
	// Title is the page's title.
	Title string
	// Description is the page's summary in one sentence, or empty.
	Description string
	// HTML is the page's body, rendered from Markdown.
	HTML template.HTML
	// Draft is set when the page is a draft.
	Draft bool
	// Language is the language the page is written in: its own, or else
	// the site's.
	Language string
}

// MenuItem is an entry of the site's menu.
type MenuItem struct {
	// Title is the entry's text.
	Title string
	// Path is the page's file, relative to the site's root:
	// "methodology.html", "about.html".
	Path string
}

// SiteView is the site as templates see it, from content/_index.md and
// content/methodology.md.
type SiteView struct {
	// Title is the site's name.
	Title string
	// Description says in a sentence what the site is.
	Description string
	// Language is the language of the site's pages, a BCP 47 tag ("en").
	Language string
	// Languages lists the languages of the site's dossiers and pages, the
	// site's own first: more than one makes the site multilingual (see
	// Multilingual), with a feed for each language.
	Languages []string
	// BaseURL is the site's absolute address, ending in "/", or empty.
	BaseURL string
	// Publisher is who publishes the site, or empty.
	Publisher string
	// Logo is the publisher's logo as written in the settings: an
	// absolute URL or a path within the site (see LogoURL).
	Logo string
	// Accent is the brand's colour for links and buttons, #rgb or
	// #rrggbb, or empty for the theme's own; assets/verdicts.css sets it
	// as --brand-accent, with --brand-accent-dark for the dark scheme.
	Accent string
	// Font is the brand's font stack, a list of family names, or empty;
	// assets/verdicts.css sets it as --brand-font.
	Font string
	// Intro is the body of content/_index.md.
	Intro template.HTML
	// Methodology is the body of content/methodology.md.
	Methodology template.HTML
	// Scale is the site's rating scale, from best to worst.
	Scale rating.Scale
	// Dossiers are the site's dossiers, in summary: without their
	// articles' Blocks, their Sources or their notes' Passage and
	// Sources. They are in the order of their slugs.
	Dossiers []*DossierView
	// Newest are the Dossiers, newest first: by the date their articles
	// were published, those without a date last, and by slug among
	// dossiers of the same date.
	Newest []*DossierView
	// LatestChecks are the site's latest checks, at most MaxLatestChecks,
	// newest first by their notes' Date: undated checks, remarks and
	// withdrawn notes are not among them. Checks of the same date are in
	// the order of their dossiers' slugs, then in article order.
	LatestChecks []NoteRef
	// Corrections lists every correction of the site, newest first.
	Corrections []CorrectionView
	// Pages are the site's pages of their own, by name.
	Pages []*PageView
	// Menu is the site's menu after the home page, in the order the
	// settings give ("menu" in content/_index.md).
	Menu []MenuItem
	// Tags are the notes' tags, each with a page listing its notes.
	Tags *TaxonomyView
	// Claimants are the checks' claimants, each with a page listing its
	// checks.
	Claimants *TaxonomyView

	// groups holds each translated dossier's group, by slug, with the
	// Path of each dossier's folder ("<slug>/").
	groups map[string][]TranslationView

	// theme writes the words of the pages' interface.
	theme *Theme
	// scales gives the scale's words in each language (see scale).
	scales *scales
	// logo is the site's logo as the share cards show it, or nil.
	logo *card.Logo
}

// Multilingual reports whether the site's dossiers and pages are in more
// than one language: its search then says each note's language, and each
// language has its own feed.
func (v *SiteView) Multilingual() bool { return len(v.Languages) > 1 }

// FeedFile is the file of the Atom feed of the checks in lang, relative to
// the site's root: feed.xml for the site's own language, as on a site of
// one language, and feed.<lang>.xml, in lower case, for each other.
func (v *SiteView) FeedFile(lang string) string { return feedFile(v.Languages, lang) }

// feedFile is the file of the feed in lang of a site whose languages are
// languages, the site's own first.
func feedFile(languages []string, lang string) string {
	if len(languages) < 2 || site.SameLanguage(lang, languages[0]) {
		return "feed.xml"
	}
	return "feed." + strings.ToLower(lang) + ".xml"
}

// feedFiles lists the feeds' files of a site whose languages are
// languages, the site's language's first.
func feedFiles(languages []string) []string {
	names := []string{"feed.xml"}
	for _, l := range languages[min(len(languages), 1):] {
		names = append(names, feedFile(languages, l))
	}
	return names
}

// feedLanguage is the language of the feed in file name, and whether name
// is one of the feeds' files.
func (v *SiteView) feedLanguage(name string) (string, bool) {
	for _, l := range v.Languages {
		if v.FeedFile(l) == name {
			return l, true
		}
	}
	return "", false
}

// languageName is a language's name in that language, as its translation
// table gives it (i18n.NameKey): "English", "Français", "العربية"; the tag
// itself when no table of the language names it.
func (v *SiteView) languageName(lang string) string {
	if v.theme == nil {
		return lang
	}
	return v.theme.Catalog(v.Language).Name(lang)
}

// original is the slug of the dossier that d translates, or "" when d
// translates none.
func (v *SiteView) original(d *DossierView) string {
	if g := v.groups[d.Slug]; g != nil && g[0].Original && g[0].Path != d.Slug+"/" {
		return strings.TrimSuffix(g[0].Path, "/")
	}
	return ""
}

// translations returns the translation group of dossier d for its page
// name, or nil when d has no translations. On a note's page each leads to
// its dossier's article.
func (v *SiteView) translations(d *DossierView, name string) []TranslationView {
	group := v.groups[d.Slug]
	if group == nil {
		return nil
	}
	if !slices.Contains(dossierOwnPages, name) {
		name = "index.html"
	}
	out := make([]TranslationView, len(group))
	for i, t := range group {
		t.Path += name
		t.URL = v.absURL(t.Path)
		t.Current = t.Path == d.Slug+"/"+name
		out[i] = t
	}
	return out
}

// MaxLatestChecks is how many checks SiteView.LatestChecks lists at most.
const MaxLatestChecks = 10

// NoteRef is a note with its dossier, for the pages that list notes of
// several dossiers.
type NoteRef struct {
	// Dossier is the note's dossier.
	Dossier *DossierView
	// Note is the note.
	Note *NoteView
}

// CorrectionView is a correction with the note it corrects.
type CorrectionView struct {
	content.Correction
	// Dossier is the dossier of the corrected note.
	Dossier *DossierView
	// Note is the corrected note.
	Note *NoteView
	// Retraction is set when the entry is the note's withdrawal, whose
	// reason is the Text.
	Retraction bool
}

// DossierView is a dossier as templates see it: the article of a seed, and
// its notes.
type DossierView struct {
	// Slug names the dossier: its seed is seeds/<slug>.txt, its notes are
	// in content/<slug>/ and its pages in <slug>/.
	Slug string
	// Language is the language the dossier and its notes are written in,
	// a BCP 47 tag: its own, or else the site's.
	Language string
	// Dir is the direction of its language: "ltr" or "rtl".
	Dir string
	// Title is the article's headline.
	Title string
	// Publisher is who published the article, or empty.
	Publisher string
	// Author is who wrote the article, or empty.
	Author string
	// URL is the article's address, or empty.
	URL string
	// Published is the date the article was published, or empty.
	Published string
	// Archive is the address of an archived copy of the article, or empty.
	Archive string
	// Retrieved is the date the seed's copy was taken, or empty.
	Retrieved string
	// Draft is set when the dossier is a draft, shown only by a preview
	// or "build --drafts".
	Draft bool
	// Checked is the date the dossier was first checked: the earliest
	// Date of its notes, checks, remarks and withdrawn notes alike; empty
	// when none is dated.
	Checked string
	// Updated is the date the dossier last changed: the latest of its
	// notes' Date and Updated, their corrections' dates and their
	// withdrawals' dates; empty when none is dated. It is Checked when
	// nothing changed since.
	Updated string
	// Intro is the body of content/<slug>/_index.md.
	Intro template.HTML
	// Blocks are the article's paragraphs, cut into segments at every
	// quote's start and end, and the notes that start in each; only a
	// dossier's own pages have them. Withdrawn notes are not marked.
	Blocks []BlockView
	// Notes are the checks, the rated notes, in article order: what every
	// count, the chart and the claim index show.
	Notes []*NoteView
	// Remarks are the unrated notes, in article order. They are shown on
	// the article and have pages of their own, but they rate nothing and
	// are counted nowhere.
	Remarks []*NoteView
	// Retracted are the withdrawn notes, checks and remarks, in article
	// order. Each keeps its page at its address, which says when and why
	// it was withdrawn; none is marked on the article, found by search,
	// counted, exported or described as a ClaimReview.
	Retracted []*NoteView
	// all holds the view of each of the dossier's notes, checks and
	// remarks, in the order of site.Dossier.Notes.
	all []*NoteView
	// Counts are how many checks have each rating, in the scale's order,
	// for the ratings that some check has: the verdict chart and the
	// summary sentence show them.
	Counts []Count
	// Sources lists the dossier's sources, one per URL, by title; only a
	// dossier's own pages have them.
	Sources []*CitedSource
	// SeedPath is the seed's path in the source tree:
	// "seeds/<slug>.txt".
	SeedPath string
	// SHA256 is the seed's SHA-256 digest, in hexadecimal.
	SHA256 string
	// SeedSize is the seed's size in bytes.
	SeedSize int
	// ArchiveFile is the WARC file of the capture the article shows,
	// relative to the dossier's folder, or empty when there is none.
	ArchiveFile string
	// Revisions are the captures of the article, oldest first, when its
	// seed is kept as a folder of revisions; nil otherwise.
	Revisions []*RevisionView
	// Edited are the notes, not withdrawn, whose checked passage the
	// publisher changed or removed after it was checked, in article
	// order.
	Edited []*NoteView
	// source is the dossier shown, for its revisions' pages.
	source *site.Dossier
}

// BlockView is one paragraph of the annotated article, or of a note's
// passage.
type BlockView struct {
	// ID is the paragraph's anchor: p1, p2, ...
	ID string
	// Segments are the paragraph's text exactly as written, in order, cut
	// at every start and end of a quote: the theme marks each quoted
	// segment and links it to its note.
	Segments []Segment
	// Notes are the checks and remarks whose quotes start in this
	// paragraph, in article order: its sidenotes. A note's passage has
	// none.
	Notes []*NoteView
}

// Segment is a run of a paragraph's text that the same quotes cover, all
// of it or none of it.
type Segment struct {
	// Text is the run's text, exactly as written.
	Text string
	// Note is the innermost note whose quote covers the run, the one its
	// mark links to: of the quotes that cover it, the shortest, and of
	// those the first in article order. It is nil when no quote covers
	// the run. Its Rating, or Remark or Retracted, says how the mark
	// looks: a verdict's colour, a remark's or a withdrawn note's.
	Note *NoteView
	// Multi is set when several quotes cover the run: it is shared by
	// several notes, of which Note is the innermost.
	Multi bool
	// Remark is set when Note is a remark, which rates nothing: its mark
	// wears no verdict's colour.
	Remark bool
	// Retracted is set when Note is withdrawn, as it is marked on its own
	// page alone.
	Retracted bool
	// Ends are the checks whose quotes end with the run, in article
	// order: the article shows each one's number after its quote. A
	// remark has no number, and is not among them.
	Ends []*NoteView
}

// Count is how many notes of a dossier have one rating.
type Count struct {
	// Rating is the rating.
	Rating rating.Rating
	// Count is how many checks have it.
	Count int
	// Percent is Count as a share of the largest Count among the
	// dossier's ratings, in percent, rounded, and at least 1: the length
	// of the rating's bar in the verdict chart.
	Percent int
	// Punctuated is set when the rating's label ends with a sentence's
	// stop ("Pants on fire!", "Really?", "Unclear…"), so that a sentence
	// that ends with the label takes no stop of its own.
	Punctuated bool
}

// NoteView is a note as templates see it: a check or a remark.
type NoteView struct {
	// N numbers the note among its dossier's checks, or among its
	// remarks, from 1, in article order.
	N int
	// Kind is "check" or "remark" (content.KindCheck or
	// content.KindRemark).
	Kind string
	// ID is the id of the note's sidenote on the article: n1, n2, ... for
	// checks, r1, r2, ... for remarks. A remark's mark in the text is
	// described by its sidenote, so a theme that shows the article's
	// Blocks gives each sidenote this id.
	ID string
	// Name is the note's file name without .md, in content/<slug>/.
	Name string
	// Title is the note's title.
	Title string
	// Quote is the passage of the article the note is about, as the
	// note gives it.
	Quote string
	// Claim is the claim checked, in the editors' words, or empty.
	Claim string
	// Claimant is who made the claim, or empty.
	Claimant string
	// ClaimantType is content.ClaimantPerson or
	// content.ClaimantOrganization, or empty for the default.
	ClaimantType string
	// Author is who wrote the note, or empty.
	Author string
	// Date is the date the note was published (YYYY-MM-DD), or empty.
	Date string
	// Updated is the date the note was last changed, or empty.
	Updated string
	// Reviewers are who reviewed the note.
	Reviewers []string
	// Tags are the note's tags.
	Tags []string
	// Rating is the check's verdict; a remark has none.
	Rating rating.Rating
	// Retracted, when set, withdraws the note: its verdict stands nowhere
	// but on its own page, as the verdict withdrawn.
	Retracted *content.Retraction
	// Corrections are the note's published corrections, as the note
	// lists them.
	Corrections []content.Correction
	// Sources are the evidence the note cites, primary records first,
	// then wires, then the rest as the note lists them, and copies last
	// (content.SourceRank); a site-wide page does not have them.
	Sources []SourceView
	// html is the note's body, rendered from Markdown, or empty when the
	// view was made without it: a build spilled it (site.Loader.Spill),
	// or the dossier was kept and its HTML not yet read
	// (site.Dossier.LoadHTML); HTML then reads it.
	html template.HTML
	// note is the note shown, of dossier.
	note    *site.Note
	dossier *site.Dossier
	// Passage is the paragraphs the quote spans, with this note's quote
	// marked and no other; only a dossier's own pages have it.
	Passage []BlockView
	// File is the note page's file name within its dossier's folder.
	File string
	// Line is the line of the seed the quote starts on.
	Line int
	// Start is the byte offset in the seed where the quote starts.
	Start int
	// End is the byte offset in the seed just after the quote.
	End int
	// BlockID is the ID of the paragraph the quote starts in (see
	// BlockView).
	BlockID string
	// Prev is the check before this one in the article, or the remark
	// before this remark; nil for the first.
	Prev *NoteView
	// Next is the check or remark after this one; nil for the last.
	Next *NoteView
	// Draft is set when the note, or its dossier, is a draft, shown only
	// by a preview or "build --drafts".
	Draft bool
	// Edit is the publisher's change to the checked passage after it was
	// checked, or nil when there was none.
	Edit *EditView
}

// IsRemark reports whether the note is an unrated remark.
func (n *NoteView) IsRemark() bool { return n.Kind == content.KindRemark }

// SourceView is a source as templates see it.
type SourceView struct {
	content.Source
	// Link goes to the source, straight to the quoted passage when there is
	// one.
	Link string
}

// CitedSource is a source with the notes that cite it. Its Quote is empty
// and its Link is its URL: the notes may rely on different passages. Its
// Kind is the first that a note gives it.
type CitedSource struct {
	SourceView
	// Notes are the dossier's notes that cite the source, in article
	// order.
	Notes []*NoteView
}

func newSiteView(s *site.Site, theme *Theme) *SiteView {
	v := &SiteView{
		theme:       theme,
		Title:       s.Settings.Title,
		Description: s.Settings.Description,
		Language:    s.Settings.Language,
		Languages:   s.Languages,
		BaseURL:     s.Settings.BaseURL,
		Publisher:   s.Settings.Publisher,
		Logo:        s.Settings.Logo,
		Accent:      s.Settings.Accent,
		Font:        s.Settings.Font,
		Intro:       trusted(s.Intro),
		Methodology: trusted(s.Methodology),
		Scale:       s.Scale,
	}
	for _, p := range s.Pages {
		v.Pages = append(v.Pages, &PageView{Name: p.Name, Title: p.Title, Description: p.Description, HTML: trusted(p.HTML), Draft: p.Draft, Language: s.PageLanguage(p)})
	}
	if len(v.Languages) == 0 {
		v.Languages = []string{v.Language}
	}
	v.groups = map[string][]TranslationView{}
	for slug, group := range s.Translations {
		for i, d := range group {
			v.groups[slug] = append(v.groups[slug], TranslationView{Language: d.Language, Name: v.languageName(d.Language), Dir: i18n.Direction(d.Language),
				Title: d.Title(), Path: d.Slug + "/", Original: i == 0 && d.Meta != nil && d.Meta.TranslationOf == ""})
		}
	}
	return v
}

// menu makes the site's menu, the theme's own pages in the language of tr.
func (v *SiteView) menu(s *site.Site, tr *i18n.Translator) error {
	titles := map[string]string{}
	for _, name := range []string{"methodology", "corrections"} {
		title, err := tr.T("page." + name + ".title")
		if err != nil {
			return err
		}
		titles[name] = title
	}
	for _, p := range v.Pages {
		titles[p.Name] = p.Title
	}
	v.Menu = nil
	for _, name := range s.Menu {
		v.Menu = append(v.Menu, MenuItem{Title: titles[name], Path: name + ".html"})
	}
	return nil
}

// collectCorrections gathers the corrections of every dossier, newest
// first.
func (v *SiteView) collectCorrections() {
	v.Corrections = nil
	for _, dv := range v.Dossiers {
		for _, n := range dv.all {
			for _, c := range n.Corrections {
				v.Corrections = append(v.Corrections, CorrectionView{Correction: c, Dossier: dv, Note: n})
			}
			if r := n.Retracted; r != nil {
				v.Corrections = append(v.Corrections, CorrectionView{Correction: content.Correction{Date: r.Date, Text: r.Reason}, Dossier: dv, Note: n, Retraction: true})
			}
		}
	}
	slices.SortStableFunc(v.Corrections, func(a, b CorrectionView) int { return strings.Compare(b.Date, a.Date) })
}

// orderByDate fills in Newest and LatestChecks from Dossiers.
func (v *SiteView) orderByDate() {
	v.Newest = slices.Clone(v.Dossiers)
	// Slugs are unique: the order is total, and need not be stable.
	slices.SortFunc(v.Newest, func(a, b *DossierView) int {
		return cmp.Or(newestFirst(a.Published, b.Published), strings.Compare(a.Slug, b.Slug))
	})
	v.LatestChecks = latestChecks(v.Dossiers, MaxLatestChecks)
}

// latestChecks returns the max dated checks of the dossiers, newest first,
// checks of one date in the order of their dossiers and then the article:
// what a stable sort of them all by date would begin with, in one pass
// that keeps max of them rather than sorting thousands on every save.
func latestChecks(dossiers []*DossierView, max int) []NoteRef {
	if max <= 0 {
		return nil
	}
	latest := make([]NoteRef, 0, max+1)
	for _, dv := range dossiers {
		for _, n := range dv.Notes {
			if n.Date == "" || len(latest) == max && n.Date <= latest[max-1].Note.Date {
				continue // undated, or no later than the last kept
			}
			// After every check of the same date or a later one.
			i := sort.Search(len(latest), func(i int) bool { return latest[i].Note.Date < n.Date })
			if i == max {
				continue
			}
			latest = slices.Insert(latest, i, NoteRef{Dossier: dv, Note: n})
			if len(latest) > max {
				latest = latest[:max]
			}
		}
	}
	if len(latest) == 0 {
		return nil
	}
	return slices.Clip(latest)
}

// newestFirst compares two dates (YYYY-MM-DD, or YYYY-MM or YYYY) for a
// sort that puts the later first and the undated last.
func newestFirst(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return strings.Compare(b, a)
}

// earliest returns the earliest of the dates, ignoring empty ones.
func earliest(dates ...string) string {
	e := ""
	for _, d := range dates {
		if d != "" && (e == "" || d < e) {
			e = d
		}
	}
	return e
}

// latest returns the latest of the dates, ignoring empty ones.
func latest(dates ...string) string { return slices.Max(dates) }

// page makes a page in lang, at the relative path root from the site's
// root: the one place a page's language is given.
func (v *SiteView) page(lang, root string) *Page {
	p := &Page{Root: root, Site: v, Language: lang, Dir: i18n.Direction(lang)}
	if v.BaseURL != "" {
		p.Feed = v.FeedFile(lang)
	}
	return p
}

// titled gives p the title and description of the keys prefix+".title"
// and prefix+".description", in its language, each with data and the
// site's name as .Site. A key that no table has leaves its field as it is.
func (v *SiteView) titled(p *Page, prefix string, data map[string]any) error {
	tr := v.theme.translator(p)
	if data == nil {
		data = map[string]any{}
	}
	data["Site"] = v.Title
	for _, f := range []struct {
		key string
		to  *string
	}{{prefix + ".title", &p.Title}, {prefix + ".description", &p.Description}} {
		if !tr.Has(f.key) {
			continue
		}
		s, err := tr.T(f.key, data)
		if err != nil {
			return err
		}
		*f.to = s
	}
	return nil
}

// absURL returns the absolute URL of a page, or "" without a baseURL.
func (v *SiteView) absURL(path string) string {
	if v.BaseURL == "" {
		return ""
	}
	return v.BaseURL + strings.TrimSuffix(path, "index.html")
}

// rootPath is the path of the site's root on its host ("/" or "/sub/"), or
// "" when it is not known.
func (v *SiteView) rootPath() string {
	if v.BaseURL == "" {
		return ""
	}
	u, err := url.Parse(v.BaseURL)
	if err != nil {
		return ""
	}
	return u.Path
}

// detail is how much of a dossier a view holds. A dev server keeps the
// least of them for every dossier, and makes the others when asked.
type detail int

const (
	// summary is what the site-wide pages and the feed show: the notes
	// without their sources, and no article.
	summary detail = iota
	// exported adds the notes' sources, for dossier.json.
	exported
	// annotated adds the article with its marks and each note's paragraph,
	// for the dossier's own pages.
	annotated
)

// newDossierView makes the view of d that holds what detail asks for.
func newDossierView(scale rating.Scale, d *site.Dossier, detail detail) *DossierView {
	dv := &DossierView{
		Slug:     d.Slug,
		Language: d.Language,
		Dir:      i18n.Direction(d.Language),
		Title:    d.Title(),
		Intro:    trusted(d.Intro),
		SeedPath: d.Seed.Path,
		SHA256:   d.Seed.SHA256,
		SeedSize: d.SeedSize(),
		source:   d,
	}
	if m := d.Meta; m != nil {
		dv.Publisher, dv.Author, dv.URL, dv.Published, dv.Archive, dv.Retrieved = m.Publisher, m.Author, m.URL, m.Published, m.Archive, m.Retrieved
	}
	dv.Draft = d.Draft
	counts := map[string]int{}
	bySource := map[string]*CitedSource{}
	dv.all = make([]*NoteView, len(d.Notes))
	for i, n := range d.Notes {
		nv := &NoteView{
			Kind: content.KindCheck, Name: n.Name, Title: n.Title, Quote: n.Quote, Claim: n.Claim, Claimant: n.Claimant, ClaimantType: n.ClaimantType,
			Author: n.Author, Date: n.Date, Updated: n.Updated, Reviewers: n.Reviewers, Tags: n.Tags,
			Corrections: n.Corrections, html: trusted(n.HTML), note: n, dossier: d,
			File: n.Name + ".html", Line: n.Line, Start: n.Span.Start, End: n.Span.End,
			BlockID: d.Seed.Blocks[n.Block].ID,
			Draft:   n.Draft || d.Draft,
		}
		for _, src := range n.Sources {
			if detail < exported {
				break
			}
			sv := SourceView{Source: src, Link: fragmentLink(src.URL, src.Quote)}
			nv.Sources = append(nv.Sources, sv)
			if n.Retracted != nil {
				continue // shown on its page, not as the dossier's evidence
			}
			cs := bySource[src.URL]
			if cs == nil {
				cs = &CitedSource{SourceView: SourceView{Source: src, Link: src.URL}}
				cs.Quote = ""
				bySource[src.URL] = cs
				dv.Sources = append(dv.Sources, cs)
			}
			// The kind is the first that a note gives ("dossier check"
			// warns when notes disagree).
			if cs.Kind == "" {
				cs.Kind = src.Kind
			}
			if !slices.Contains(cs.Notes, nv) {
				cs.Notes = append(cs.Notes, nv)
			}
		}
		// The record itself first, then the wires, copies last; the
		// rest as the note lists them.
		slices.SortStableFunc(nv.Sources, func(a, b SourceView) int {
			return content.SourceRank(a.Kind) - content.SourceRank(b.Kind)
		})
		if n.IsRemark() {
			nv.Kind = content.KindRemark
		}
		switch {
		case n.Retracted != nil:
			nv.Retracted = n.Retracted
			if !n.IsRemark() {
				nv.Rating, _ = scale.Get(n.Verdict)
			}
			dv.Retracted = append(dv.Retracted, nv)
			nv.N = len(dv.Retracted)
			nv.ID = fmt.Sprintf("w%d", nv.N)
		case n.IsRemark():
			dv.Remarks = append(dv.Remarks, nv)
			nv.N = len(dv.Remarks)
			nv.ID = fmt.Sprintf("r%d", nv.N)
		default:
			nv.Rating, _ = scale.Get(n.Verdict)
			counts[n.Verdict]++
			dv.Notes = append(dv.Notes, nv)
			nv.N = len(dv.Notes)
			nv.ID = fmt.Sprintf("n%d", nv.N)
		}
		dv.all[i] = nv
		dv.Checked, dv.Updated = earliest(dv.Checked, n.Date), latest(dv.Updated, n.Date, n.Updated)
		for _, c := range n.Corrections {
			dv.Updated = latest(dv.Updated, c.Date)
		}
		if n.Retracted != nil {
			dv.Updated = latest(dv.Updated, n.Retracted.Date)
		}
	}
	slices.SortStableFunc(dv.Sources, func(a, b *CitedSource) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)), strings.Compare(a.URL, b.URL))
	})
	// A check leads to the checks beside it, a remark to the remarks.
	for _, list := range [][]*NoteView{dv.Notes, dv.Remarks} {
		for i, nv := range list {
			if i > 0 {
				nv.Prev = list[i-1]
			}
			if i+1 < len(list) {
				nv.Next = list[i+1]
			}
		}
	}
	most := 0
	for _, r := range scale {
		if c := counts[r.Key]; c > 0 {
			dv.Counts = append(dv.Counts, Count{Rating: r, Count: c, Punctuated: endsSentence(r.Label)})
			most = max(most, c)
		}
	}
	for i := range dv.Counts {
		c := &dv.Counts[i]
		c.Percent = max(1, (c.Count*100+most/2)/most)
	}
	revisionViews(d, dv)
	if detail < annotated {
		return dv
	}
	annotate(d.Seed, d.Notes, dv)
	return dv
}

// endsSentence reports whether s ends with a sentence's stop, in any
// script: ".", "!", "?", "…", "؟", "。" and the like.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '…' || unicode.Is(unicode.Sentence_Terminal, r)
}

// HTML is the note's body, rendered from Markdown.
func (n *NoteView) HTML() (template.HTML, error) {
	if n.html != "" || n.note == nil {
		return n.html, nil
	}
	if err := n.dossier.LoadHTML(); err != nil {
		return "", err
	}
	h, err := n.dossier.NoteHTML(n.note)
	return trusted(h), err
}

// trusted marks HTML produced by the markdown package, which escapes all
// text and drops raw HTML, as safe to insert.
func trusted(s string) template.HTML { return template.HTML(s) }

// fragmentEscaper escapes, in a text fragment's escaped text, the
// characters to which the fragment directive gives meanings of their own:
// '-', ',' and '&'.
var fragmentEscaper = strings.NewReplacer("-", "%2D", ",", "%2C", "&", "%26")

// fragmentLink adds a text fragment (#:~:text=) to u so that a browser
// scrolls to and highlights the quoted passage of the source.
func fragmentLink(u, quote string) string {
	quote = strings.Join(strings.Fields(quote), " ")
	if u == "" || quote == "" {
		return u
	}
	enc := fragmentEscaper.Replace(url.PathEscape(quote))
	if strings.Contains(u, "#") {
		return u + ":~:text=" + enc
	}
	return u + "#:~:text=" + enc
}
