// Package content reads the Markdown files of a source tree: the site's
// settings, each dossier's article metadata and each fact-check note. It
// checks each file on its own; what needs several files (a note's quote
// against its seed, a verdict against the site's scale) is the site
// package's work.
package content

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/frontmatter"
	"github.com/dossier-org/dossier/internal/rating"
)

// Pos is a 1-based line and column in a file.
type Pos struct {
	// Line is the line, from 1.
	Line int
	// Col is the column, from 1.
	Col int
}

// Site holds the settings in content/_index.md.
type Site struct {
	Path        string
	Title       string
	Description string
	// BaseURL is the absolute address the site is published at, with a
	// trailing slash; empty when unset.
	BaseURL   string
	Language  string
	Publisher string
	// Logo is the publisher's logo for structured data: an absolute http
	// or https URL, or a path relative to the site's root (CheckLogo),
	// which dossier does not make: the publisher puts the file in static/.
	Logo string
	// LogoPos is where the logo's value stands, when there is one.
	LogoPos Pos
	// Accent is the brand's colour for links and buttons, #rgb or
	// #rrggbb (CheckAccent), or empty for the theme's own.
	Accent string
	// Font is the brand's font stack, a CSS font-family list of family
	// names and generic families (CheckFont), or empty for the theme's.
	Font string
	// Ratings replaces the default rating scale when not empty.
	Ratings []Rating
	// Menu lists, in order, the entries of the site's menu after the home
	// page: names of pages (content/<name>.md) and of the built-in pages
	// "methodology" and "corrections". Nil means the default menu (see
	// the site package); an empty list, a menu of the home page alone.
	Menu []MenuEntry
	// MenuSet reports whether the settings give "menu".
	MenuSet  bool
	Body     []byte
	BodyLine int
}

// MenuEntry is one name of a site's menu, where the settings give it.
type MenuEntry struct {
	Name string
	Pos  Pos
}

// Page is a page of its own, from content/<name>.md: an about page, the
// team, the funding, a contact page.
type Page struct {
	Path string
	// Name is the file name without ".md": the page is <name>.html.
	Name     string
	Title    string
	TitlePos Pos
	// Description is the page's summary in one sentence, or empty.
	Description string
	// Draft keeps the page out of the build unless drafts are asked for.
	Draft bool
	// Language is the language the page is written in, a BCP 47 tag
	// (CheckLanguage), or empty for the site's.
	Language string
	Body     []byte
	BodyLine int
}

// Rating is one entry of a site's own rating scale.
type Rating struct {
	Key, Label, Meaning, Color string
	Value                      int
	Pos                        Pos
}

// Dossier holds the metadata of one article, from content/<slug>/_index.md.
type Dossier struct {
	Path      string
	Headline  string
	Publisher string
	Author    string
	URL       string
	Published string
	Archive   string
	Retrieved string
	// Draft keeps the dossier, notes and all, out of the build unless
	// drafts are asked for; its problems are warnings.
	Draft bool
	// DraftPos is where the draft key's value stands, when there is one.
	DraftPos Pos
	// Language is the language the dossier is written in, a BCP 47 tag
	// (CheckLanguage), or empty for the site's; its notes are in it too.
	Language string
	// LanguagePos is where the language's value stands, when there is one.
	LanguagePos Pos
	// TranslationOf is the slug of the dossier this one translates, or
	// empty. The site package checks that it names an original.
	TranslationOf string
	// TranslationOfPos is where translationOf's value stands, when there
	// is one.
	TranslationOfPos Pos
	Body             []byte
	BodyLine         int
}

// Note is one annotation of one quote of a seed: a fact-check with a
// verdict, or an unrated remark (see Kind).
type Note struct {
	Path string
	// Name is the file name without ".md": the note's page name.
	Name string
	// Kind is KindCheck or KindRemark; an unknown kind is reported and
	// kept as written.
	Kind       string
	KindPos    Pos
	Title      string
	TitlePos   Pos
	Quote      string
	QuotePos   Pos
	Occurrence int
	Prefix     string
	Suffix     string
	// Verdict is a key of the rating scale; a remark has none.
	Verdict    string
	VerdictPos Pos
	// Claim restates the claim for structured data; empty means the quote.
	Claim    string
	Claimant string
	// ClaimantType says whether the claimant is a person or an
	// organization (ClaimantPerson, ClaimantOrganization); empty means
	// an organization.
	ClaimantType string
	Author       string
	Reviewers    []string
	Date         string
	DatePos      Pos
	Updated      string
	UpdatedPos   Pos
	Tags         []string
	// SeedSHA256 records the seed's digest when the note was reviewed.
	SeedSHA256    string
	SeedSHA256Pos Pos
	Corrections   []Correction
	Sources       []Source
	Body          []byte
	BodyLine      int

	// Revision names the revision of the seed the note was checked
	// against, by its capture time (seed.RevisionName); empty for the
	// earliest. The site checks that it names one of the seed's.
	Revision    string
	RevisionPos Pos

	// Retracted, when set, withdraws the note: its page stays at its
	// address with the notice, and its verdict is counted nowhere.
	Retracted    *Retraction
	RetractedPos Pos
	// ClaimPos is where the claim's value stands; zero without a "claim"
	// key, when the quote stands for the claim.
	ClaimPos Pos
	// Draft keeps the note out of the build unless drafts are asked for;
	// its problems are warnings, so that an unfinished note never blocks
	// the site.
	Draft bool
	// DraftPos is where the draft key's value stands, when there is one.
	DraftPos Pos
}

// The kinds of note.
const (
	// KindCheck is a fact-check: a claim of the article rated on the
	// scale. A note without a kind is a check.
	KindCheck = "check"
	// KindRemark is an unrated annotation: an editor's remark on what is
	// not a claim of the article (a typo, the page's furniture, the
	// capture's provenance). It has no verdict, claim or claimant, and it
	// is left out of every count of verdicts.
	KindRemark = "remark"
)

// The types of claimant, for structured data, the default first.
const (
	ClaimantOrganization = "organization"
	ClaimantPerson       = "person"
)

// ClaimantTypes lists the types of claimant, the default first.
var ClaimantTypes = []string{ClaimantOrganization, ClaimantPerson}

// Kinds lists the kinds of note, the default first.
var Kinds = []string{KindCheck, KindRemark}

// IsRemark reports whether n is an unrated remark rather than a check.
func (n *Note) IsRemark() bool { return n.Kind == KindRemark }

// Correction is a published change to a note.
type Correction struct {
	// Date is the date of the correction, YYYY-MM-DD.
	Date string `json:"date"`
	// Text says what was corrected.
	Text string `json:"text"`
}

// Retraction is the notice that withdraws a published note, which is
// never deleted: when, and why.
type Retraction struct {
	// Date is the day the note was withdrawn (YYYY-MM-DD).
	Date string `json:"date"`
	// Reason says why the note was withdrawn.
	Reason string `json:"reason"`
}

// Source is one piece of evidence a note relies on.
type Source struct {
	// Title is the source's title.
	Title string
	// URL is the source's address.
	URL string
	// Publisher is who published the source, or empty.
	Publisher string
	// Date is the source's own date: YYYY-MM-DD, or YYYY-MM or YYYY when
	// only the month or the year is known (a page dated by its address),
	// or empty.
	Date string
	// DatePos is where the note gives Date.
	DatePos Pos
	// Archive is the address of an archived copy, or empty.
	Archive string
	// Archived is the date the archived copy was made (YYYY-MM-DD), or
	// empty; "dossier archive" writes it with Archive.
	Archived string
	// ArchivedPos is where the note gives Archived.
	ArchivedPos Pos
	// Accessed is the date the source was consulted, or empty.
	Accessed string
	// Quote is the passage of the source relied on.
	Quote string
	// Kind says what the source is: primary, wire, news, analysis,
	// reference or copy (SourceKinds), or empty when the note does not
	// say; an unknown kind is reported and dropped.
	Kind string
	// KindPos is where the note gives Kind.
	KindPos Pos
	// Pos is where the note lists the source.
	Pos Pos
}

// The kinds of source, as a newsroom weighs evidence: the record itself
// first, then the news agencies' wires, then secondary reporting and
// commentary, and last a copy, worth what its original is worth.
const (
	// SourcePrimary is the record itself: an official document, a court
	// filing, a dataset, a statement, a transcript or a video as its
	// author published it.
	SourcePrimary = "primary"
	// SourceWire is a news agency's report (Reuters, AP, AFP...), on the
	// agency's own site or as a client publishes it under its credit.
	SourceWire = "wire"
	// SourceNews is an outlet's own reporting, at second hand.
	SourceNews = "news"
	// SourceAnalysis is commentary, opinion or research that interprets
	// other sources.
	SourceAnalysis = "analysis"
	// SourceReference is a work of reference: an encyclopedia, a
	// database, a compiled chronology.
	SourceReference = "reference"
	// SourceCopy is a blog or mirror that only reproduces another source.
	SourceCopy = "copy"
)

// SourceKinds lists the kinds of source, the most direct first: the order
// in which a note's sources are shown (see SourceRank).
var SourceKinds = []string{SourcePrimary, SourceWire, SourceNews, SourceAnalysis, SourceReference, SourceCopy}

// SourceRank orders sources for a reader: the record itself first, then
// the wires, then every other source as the note lists it, unclassified
// ones included, and copies last, after what they may copy. ("Primary
// records and agency wires before blogs, and blogs only as copies.")
func SourceRank(kind string) int {
	switch kind {
	case SourcePrimary:
		return 0
	case SourceWire:
		return 1
	case SourceCopy:
		return 3
	}
	return 2
}

// RestsOnCopies reports whether n is a standing check whose every source
// is a copy: a blog or mirror reproducing an original the note does not
// cite. The house standard puts primary records and agency wires before
// blogs, and takes blogs only as copies; a copy alone is sometimes all that
// is left of an original, which a reviewer should look for. A source with
// no kind is not known to be a copy; a remark rates nothing, and a
// withdrawn check's verdict stands nowhere.
func (n *Note) RestsOnCopies() bool {
	if n.IsRemark() || n.Retracted != nil || len(n.Sources) == 0 {
		return false
	}
	for _, s := range n.Sources {
		if s.Kind != SourceCopy {
			return false
		}
	}
	return true
}

// sourceKindHints say which kind a writer most likely meant by a word
// that is not one.
var sourceKindHints = map[string]string{
	"blog":       "a blog that reproduces another source is copy; one that argues its own case is analysis",
	"mirror":     "a mirror of another source is copy",
	"agency":     "a news agency's report is wire",
	"official":   "an official record or statement is primary",
	"government": "a government's own record or statement is primary",
	"document":   "the record itself is primary",
	"record":     "the record itself is primary",
	"opinion":    "opinion and commentary are analysis",
	"secondary":  "an outlet's own reporting is news",
}

var (
	siteKeys    = []string{"title", "description", "baseURL", "language", "publisher", "logo", "accent", "font", "ratings", "menu"}
	ratingKeys  = []string{"key", "label", "meaning", "color", "value"}
	dossierKeys = []string{"headline", "publisher", "author", "url", "published", "archive", "retrieved", "draft", "language", "translationOf"}
	pageKeys    = []string{"title", "description", "draft", "language"}
	noteKeys    = []string{"kind", "title", "quote", "occurrence", "prefix", "suffix", "verdict", "claim", "claimant", "claimantType", "author", "reviewers", "date", "updated", "tags", "seedSHA256", "revision", "corrections", "retracted", "sources", "draft"}
	// remarkForbidden are the keys that rate a claim, which a remark does
	// not.
	remarkForbidden = []string{"verdict", "claim", "claimant", "claimantType"}
	correctionKeys  = []string{"date", "text"}
	retractionKeys  = []string{"date", "reason"}
	sourceKeys      = []string{"title", "url", "publisher", "kind", "date", "archive", "archived", "accessed", "quote"}
)

// parse checks that a file is text, splits it and returns a decoder for its
// front matter; ok is false when the file cannot be read any further. what
// names the file in messages.
func parse(path string, data []byte, what string, diags *diag.List) (doc *frontmatter.Document, d *frontmatter.Decoder, ok bool) {
	if !CheckFile(path, data, what, diags) {
		return nil, nil, false
	}
	doc, err := frontmatter.Parse(data)
	if err != nil {
		diags.Add(path, err)
		return nil, nil, false
	}
	return doc, &frontmatter.Decoder{Path: path, Diags: diags}, true
}

// languageRE matches the shape of a BCP 47 language tag: a primary
// language of two or three letters, then subtags (script, region, variant)
// of up to eight letters or digits. It is written into every page's lang
// attribute.
var languageRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// CheckLanguage reports why s is not a language tag that dossier accepts:
// the shape of a BCP 47 tag, such as "en", "fr" or "pt-BR". It is the one
// check of every "language" setting: the site's, a dossier's and a page's.
func CheckLanguage(s string) error {
	if !languageRE.MatchString(s) {
		return fmt.Errorf("\"language\" must be a language tag such as \"en\" or \"pt-BR\", found %q", s)
	}
	return nil
}

// language reads a "language" setting, reporting a bad tag at its value;
// it returns "" when there is none or it is refused.
func language(d *frontmatter.Decoder, e *frontmatter.Entry, path string, diags *diag.List) string {
	s := line(d, e, MaxLine)
	if s == "" {
		return ""
	}
	if err := CheckLanguage(s); err != nil {
		diags.Errorf(path, e.Value.Line, e.Value.Col, "%v", err)
		return ""
	}
	return s
}

// logoPathRE matches a path relative to the site's root: segments of
// letters, digits and "._~-" separated by single slashes.
var logoPathRE = regexp.MustCompile(`^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$`)

// CheckLogo reports why s is not an acceptable logo: an absolute http or
// https URL, or a path relative to the site's root such as
// "assets/logo.png", which structured data gives against the baseURL. A
// relative path may not climb out of the site (".."), and may not start
// with "/", which would name a place on the host rather than in the site.
func CheckLogo(s string) error {
	if strings.Contains(s, ":") {
		return frontmatter.CheckURL(s)
	}
	if !logoPathRE.MatchString(s) {
		return fmt.Errorf("must be an http or https URL or a path within the site such as \"assets/logo.png\", found %q", s)
	}
	for seg := range strings.SplitSeq(s, "/") {
		if seg == "." || seg == ".." {
			return errors.New("a path within the site may not have \".\" or \"..\" segments, found " + strconv.Quote(s))
		}
	}
	return nil
}

// AccentBackground is the background of the default theme's light
// scheme, which a site's accent colour must stand out from (CheckAccent);
// the dark scheme's accent is made from it (see render).
const AccentBackground = "#ffffff"

// CheckAccent reports why c cannot be the site's accent colour: it must be
// a colour as a rating's is (rating.CheckColor), and links written in it
// and the white text of buttons filled with it must pass WCAG AA (4.5:1)
// on the light background.
func CheckAccent(c string) error {
	rgb, err := rating.ParseColor(c)
	if err != nil {
		return err
	}
	if r := rating.Contrast(rgb, rating.MustParseColor(AccentBackground)); r < 4.5 {
		return fmt.Errorf("colour %s has contrast %.2f:1 against the page's white, and links in it need 4.5:1: choose a darker colour", c, r)
	}
	return nil
}

// MaxFonts is the most families a font stack may list.
const MaxFonts = 16

// genericFonts are CSS's generic font families, written without quotes.
var genericFonts = map[string]bool{
	"serif": true, "sans-serif": true, "monospace": true, "cursive": true, "fantasy": true,
	"system-ui": true, "ui-serif": true, "ui-sans-serif": true, "ui-monospace": true, "ui-rounded": true,
	"math": true, "emoji": true, "fangsong": true, "-apple-system": true, "BlinkMacSystemFont": true,
}

// cssWideKeywords are the values CSS gives every property, which a font
// stack may not name: any of them in a list makes the whole list invalid.
var cssWideKeywords = []string{"inherit", "initial", "unset", "revert", "revert-layer", "default"}

// CheckFont reports why s cannot be the site's font stack: a
// comma-separated list of at most MaxFonts families, each a name of
// letters, digits, spaces, hyphens and underscores, in double or single
// quotes or not, such as `Inter, "Source Sans 3", sans-serif`. Nothing else
// of CSS may be written there: no url(), no braces, semicolons, escapes
// or comments, since the stack is written into a stylesheet; the site makes
// no outside requests, so a font must be installed on the reader's system
// (or served from the site with the site's own CSS).
func CheckFont(s string) error {
	families := strings.Split(s, ",")
	if len(families) > MaxFonts {
		return fmt.Errorf("lists %d families; at most %d are allowed", len(families), MaxFonts)
	}
	for _, f := range families {
		if _, err := FontFamily(f); err != nil {
			return err
		}
	}
	return nil
}

// FontFamily returns the name of one family of a font stack, without its
// quotes and the spaces around it, or an error when it is not a plain
// family name.
func FontFamily(f string) (name string, err error) {
	name = strings.TrimSpace(f)
	if n := len(name); n >= 2 && (name[0] == '"' || name[0] == '\'') && name[n-1] == name[0] {
		name = strings.TrimSpace(name[1 : n-1])
	}
	if name == "" {
		return "", fmt.Errorf("has an empty family name in %q; write names separated by commas, such as \"Inter, sans-serif\"", f)
	}
	if slices.Contains(cssWideKeywords, strings.ToLower(name)) {
		return "", fmt.Errorf("family %q is a keyword of CSS, not a font's name", name)
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ' ' && r != '-' && r != '_' {
			return "", fmt.Errorf("family %q has %q: a family is a name of letters, digits, spaces, hyphens and underscores, such as \"Source Sans 3\"", strings.TrimSpace(f), r)
		}
	}
	return name, nil
}

// IsGenericFont reports whether name is a generic CSS font family, written
// without quotes.
func IsGenericFont(name string) bool { return genericFonts[name] }

// ParseSite reads content/_index.md.
func ParseSite(path string, data []byte) (*Site, diag.List) {
	var diags diag.List
	doc, d, ok := parse(path, data, "the file", &diags)
	if !ok {
		return nil, diags
	}
	f := d.Fields(doc.Front, "the site settings", siteKeys...)
	s := &Site{
		Path:        path,
		Title:       line(d, f["title"], MaxLine),
		Description: line(d, f["description"], MaxText),
		BaseURL:     d.URL(f["baseURL"]),
		Language:    language(d, f["language"], path, &diags),
		Publisher:   line(d, f["publisher"], MaxLine),
		Logo:        line(d, f["logo"], MaxLine),
		LogoPos:     valuePos(f["logo"], doc.Front),
		Accent:      line(d, f["accent"], MaxLine),
		Font:        line(d, f["font"], MaxLine),
		Body:        doc.Body,
		BodyLine:    doc.BodyLine,
	}
	if s.BaseURL != "" && s.BaseURL[len(s.BaseURL)-1] != '/' {
		s.BaseURL += "/"
	}
	if s.Language == "" {
		s.Language = "en"
	}
	if e := f["logo"]; e != nil && s.Logo != "" {
		if err := CheckLogo(s.Logo); err != nil {
			diags.Errorf(path, e.Value.Line, e.Value.Col, "\"logo\": %v", err)
			s.Logo = ""
		}
	}
	// The brand's colour and fonts are written into a stylesheet: each is
	// refused where it stands unless it is plainly safe.
	for _, c := range []struct {
		key   string
		value *string
		check func(string) error
	}{{"accent", &s.Accent, CheckAccent}, {"font", &s.Font, CheckFont}} {
		if e := f[c.key]; e != nil && *c.value != "" {
			if err := c.check(*c.value); err != nil {
				diags.Errorf(path, e.Value.Line, e.Value.Col, "%q: %v", c.key, err)
				*c.value = ""
			}
		}
	}
	for _, n := range d.Items(f["ratings"]) {
		rf := d.Fields(n, "a rating", ratingKeys...)
		d.Require(n, rf, "a rating", "key", "label")
		r := Rating{
			Key:     line(d, rf["key"], MaxLine),
			Label:   line(d, rf["label"], MaxLine),
			Meaning: line(d, rf["meaning"], MaxText),
			Color:   line(d, rf["color"], MaxLine),
			Value:   d.Int(rf["value"], 0),
			Pos:     Pos{n.Line, n.Col},
		}
		// The key and the colour reach class names, selectors and CSS;
		// each is refused where it stands unless it is plainly safe.
		if e := rf["key"]; e != nil && r.Key != "" {
			if err := rating.CheckKey(r.Key); err != nil {
				diags.Errorf(path, e.Value.Line, e.Value.Col, "%v", err)
			}
		}
		if e := rf["color"]; e != nil && r.Color != "" {
			if err := rating.CheckColor(r.Color); err != nil {
				diags.Errorf(path, e.Value.Line, e.Value.Col, "%v", err)
			}
		}
		s.Ratings = append(s.Ratings, r)
	}
	if e := f["menu"]; e != nil {
		s.MenuSet = true
		s.Menu = []MenuEntry{}
		for _, it := range d.Items(e) {
			if it.Kind != frontmatter.Scalar {
				diags.Errorf(path, it.Line, it.Col, "each item of \"menu\" must be a page name, found %s", it.Kind)
				continue
			}
			s.Menu = append(s.Menu, MenuEntry{Name: strings.TrimSpace(it.Value), Pos: Pos{it.Line, it.Col}})
		}
	}
	return s, diags
}

// ParsePage reads content/<name>.md, a page of its own. name is the page's
// file name without ".md".
func ParsePage(path, name string, data []byte) (*Page, diag.List) {
	var diags diag.List
	doc, d, ok := parse(path, data, "the page", &diags)
	if !ok {
		return nil, diags
	}
	if doc.Front == nil {
		diags.Errorf(path, 1, 1, "a page must start with front matter between \"---\" lines, with at least its title")
		return nil, diags
	}
	f := d.Fields(doc.Front, "the page's front matter", pageKeys...)
	d.Require(doc.Front, f, "the page", "title")
	return &Page{
		Path:        path,
		Name:        name,
		Title:       line(d, f["title"], MaxLine),
		TitlePos:    valuePos(f["title"], doc.Front),
		Description: line(d, f["description"], MaxText),
		Draft:       d.Bool(f["draft"]),
		Language:    language(d, f["language"], path, &diags),
		Body:        doc.Body,
		BodyLine:    doc.BodyLine,
	}, diags
}

// ParseDossier reads content/<slug>/_index.md.
func ParseDossier(path string, data []byte) (*Dossier, diag.List) {
	var diags diag.List
	doc, d, ok := parse(path, data, "the file", &diags)
	if !ok {
		return nil, diags
	}
	f := d.Fields(doc.Front, "the dossier's front matter", dossierKeys...)
	return &Dossier{
		Path:             path,
		Headline:         line(d, f["headline"], MaxLine),
		Publisher:        line(d, f["publisher"], MaxLine),
		Author:           line(d, f["author"], MaxLine),
		URL:              d.URL(f["url"]),
		Published:        d.Date(f["published"]),
		Archive:          d.URL(f["archive"]),
		Retrieved:        d.Date(f["retrieved"]),
		Draft:            d.Bool(f["draft"]),
		DraftPos:         valuePos(f["draft"], doc.Front),
		Language:         language(d, f["language"], path, &diags),
		LanguagePos:      valuePos(f["language"], doc.Front),
		TranslationOf:    line(d, f["translationOf"], MaxLine),
		TranslationOfPos: valuePos(f["translationOf"], doc.Front),
		Body:             doc.Body,
		BodyLine:         doc.BodyLine,
	}, diags
}

// ParseNote reads one note. name is the note's page name.
func ParseNote(path, name string, data []byte) (*Note, diag.List) {
	var diags diag.List
	doc, d, ok := parse(path, data, "the note", &diags)
	if !ok {
		return nil, diags
	}
	if doc.Front == nil {
		diags.Errorf(path, 1, 1, "a note must start with front matter between \"---\" lines (title, quote, verdict, sources)")
		return nil, diags
	}
	f := d.Fields(doc.Front, "the note's front matter", noteKeys...)
	kind := d.String(f["kind"])
	if kind == "" {
		kind = KindCheck
	}
	switch kind {
	case KindCheck:
		d.Require(doc.Front, f, "the note", "title", "quote", "verdict")
	case KindRemark:
		d.Require(doc.Front, f, "the remark", "title", "quote")
		// What rates a claim has no place on a remark: said there, it
		// would look rated to the writer and be dropped from every count.
		for _, k := range remarkForbidden {
			if e := f[k]; e != nil {
				diags.Errorf(path, e.Line, e.Col, "a remark has no %s: remove it, or drop kind: remark to rate the claim", k)
				delete(f, k)
			}
		}
	default:
		// The rules of neither kind are applied: whichever was meant,
		// the kind is the mistake to fix first.
		e := f["kind"]
		msg := fmt.Sprintf("unknown kind %q: a note is one of %s (without a kind, a check)", kind, strings.Join(Kinds, ", "))
		if slices.Contains(SourceKinds, kind) {
			msg += "; a source's kind is given in its entry under \"sources\""
		}
		diags.Errorf(path, e.Value.Line, e.Value.Col, "%s", msg)
		d.Require(doc.Front, f, "the note", "title", "quote")
	}
	n := &Note{
		Path:          path,
		Name:          name,
		Kind:          kind,
		KindPos:       valuePos(f["kind"], doc.Front),
		Title:         line(d, f["title"], MaxLine),
		TitlePos:      valuePos(f["title"], doc.Front),
		Quote:         d.String(f["quote"]),
		QuotePos:      valuePos(f["quote"], doc.Front),
		Occurrence:    d.Int(f["occurrence"], 1),
		Prefix:        d.String(f["prefix"]),
		Suffix:        d.String(f["suffix"]),
		Verdict:       line(d, f["verdict"], MaxLine),
		VerdictPos:    valuePos(f["verdict"], doc.Front),
		Claim:         line(d, f["claim"], MaxText),
		Claimant:      line(d, f["claimant"], MaxLine),
		ClaimantType:  line(d, f["claimantType"], MaxLine),
		Author:        line(d, f["author"], MaxLine),
		Reviewers:     lines(d, f["reviewers"]),
		Date:          d.Date(f["date"]),
		DatePos:       valuePos(f["date"], doc.Front),
		Updated:       d.Date(f["updated"]),
		UpdatedPos:    valuePos(f["updated"], doc.Front),
		Tags:          lines(d, f["tags"]),
		SeedSHA256:    d.String(f["seedSHA256"]),
		SeedSHA256Pos: valuePos(f["seedSHA256"], doc.Front),
		Revision:      d.String(f["revision"]),
		RevisionPos:   valuePos(f["revision"], doc.Front),
		Draft:         d.Bool(f["draft"]),
		DraftPos:      valuePos(f["draft"], doc.Front),
		Body:          doc.Body,
		BodyLine:      doc.BodyLine,
	}
	// A quote that cannot be looked up as written is not looked up at all:
	// without its prefix or suffix it would be reported again, as
	// ambiguous.
	quote, prefix, suffix := checkLength("quote", n.Quote, n.QuotePos, path, &diags), checkLength("prefix", n.Prefix, valuePos(f["prefix"], doc.Front), path, &diags), checkLength("suffix", n.Suffix, valuePos(f["suffix"], doc.Front), path, &diags)
	if quote != n.Quote || prefix != n.Prefix || suffix != n.Suffix {
		n.Quote = ""
	}
	if e := f["claim"]; e != nil {
		n.ClaimPos = Pos{e.Value.Line, e.Value.Col}
	}
	if e := f["claim"]; e != nil && len([]rune(n.Claim)) >= 75 {
		diags.Warnf(path, e.Value.Line, e.Value.Col, "\"claim\" should be under 75 characters for structured data (it has %d)", len([]rune(n.Claim)))
	}
	if e := f["claimantType"]; e != nil && n.ClaimantType != "" {
		switch {
		case !slices.Contains(ClaimantTypes, n.ClaimantType):
			diags.Errorf(path, e.Value.Line, e.Value.Col, "unknown claimantType %q: a claimant is one of %s", n.ClaimantType, strings.Join(ClaimantTypes, ", "))
			n.ClaimantType = ""
		case n.Claimant == "":
			diags.Warnf(path, e.Value.Line, e.Value.Col, "\"claimantType\" says what the claimant is, but the note names no claimant: add claimant, or remove claimantType")
		}
	}
	for _, c := range d.Items(f["corrections"]) {
		cf := d.Fields(c, "a correction", correctionKeys...)
		d.Require(c, cf, "a correction", "date", "text")
		n.Corrections = append(n.Corrections, Correction{Date: d.Date(cf["date"]), Text: d.String(cf["text"])})
	}
	if e := f["retracted"]; e != nil {
		rf := d.Fields(e.Value, "the retraction", retractionKeys...)
		d.Require(e.Value, rf, "the retraction", retractionKeys...)
		n.Retracted = &Retraction{Date: d.Date(rf["date"]), Reason: d.String(rf["reason"])}
		n.RetractedPos = valuePos(e, doc.Front)
	}
	for _, s := range d.Items(f["sources"]) {
		sf := d.Fields(s, "a source", sourceKeys...)
		d.Require(s, sf, "a source", "title", "url")
		n.Sources = append(n.Sources, Source{
			Title:       line(d, sf["title"], MaxLine),
			URL:         d.URL(sf["url"]),
			Publisher:   line(d, sf["publisher"], MaxLine),
			Date:        d.PartialDate(sf["date"]),
			DatePos:     valuePos(sf["date"], s),
			Archive:     d.URL(sf["archive"]),
			Archived:    d.Date(sf["archived"]),
			ArchivedPos: valuePos(sf["archived"], s),
			Accessed:    d.Date(sf["accessed"]),
			Quote:       d.String(sf["quote"]),
			Kind:        sourceKind(d, sf["kind"], path, &diags),
			KindPos:     valuePos(sf["kind"], s),
			Pos:         Pos{s.Line, s.Col},
		})
		// A date of an archived copy with no copy is a copy lost, or
		// a date written in the wrong key.
		if e := sf["archived"]; e != nil && sf["archive"] == nil {
			diags.Errorf(path, e.Line, e.Col, "\"archived\" gives the date of an archived copy, but the source has no \"archive\": add its address, or remove \"archived\"")
		}
	}
	return n, diags
}

// sourceKind reads a source's kind: one of SourceKinds, or empty when it
// is absent or unknown (reported, with the kinds there are).
func sourceKind(d *frontmatter.Decoder, e *frontmatter.Entry, path string, diags *diag.List) string {
	k := line(d, e, MaxLine)
	if k == "" || slices.Contains(SourceKinds, k) {
		return k
	}
	msg := fmt.Sprintf("unknown source kind %q: a source is one of %s, or has no kind", k, strings.Join(SourceKinds, ", "))
	if hint, ok := sourceKindHints[strings.ToLower(k)]; ok {
		msg += " (" + hint + ")"
	} else if lk := strings.ToLower(k); slices.Contains(SourceKinds, lk) {
		msg += fmt.Sprintf(" (did you mean %q?)", lk)
	}
	diags.Errorf(path, e.Value.Line, e.Value.Col, "%s", msg)
	return ""
}

// valuePos is where e's value stands, or where the map starts when e is
// absent, so that a later check always has a place to point at.
func valuePos(e *frontmatter.Entry, m *frontmatter.Node) Pos {
	if e != nil {
		return Pos{e.Value.Line, e.Value.Col}
	}
	if m != nil && m.Line > 0 {
		return Pos{m.Line, m.Col}
	}
	return Pos{1, 1}
}
