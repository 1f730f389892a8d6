// Package content reads the Markdown files of a source tree: the site's
// settings, each dossier's article metadata and each fact-check note. It
// checks each file on its own; what needs several files (a note's quote
// against its seed, a verdict against the site's scale) is the site
// package's work.
package content

import (
	"regexp"
	"strings"

	"dossier/internal/diag"
	"dossier/internal/frontmatter"
	"dossier/internal/rating"
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
	// Ratings replaces the default rating scale when not empty.
	Ratings  []Rating
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
	Body      []byte
	BodyLine  int
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
	Claim      string
	Claimant   string
	Author     string
	Reviewers  []string
	Date       string
	DatePos    Pos
	Updated    string
	UpdatedPos Pos
	Tags       []string
	// SeedSHA256 records the seed's digest when the note was reviewed.
	SeedSHA256    string
	SeedSHA256Pos Pos
	Corrections   []Correction
	Sources       []Source
	Body          []byte
	BodyLine      int
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

// Source is one piece of evidence a note relies on.
type Source struct {
	// Title is the source's title.
	Title string
	// URL is the source's address.
	URL string
	// Publisher is who published the source, or empty.
	Publisher string
	// Date is the date the source was published (YYYY-MM-DD), or empty.
	Date string
	// DatePos is where the note gives Date.
	DatePos Pos
	// Archive is the address of an archived copy, or empty.
	Archive string
	// Accessed is the date the source was consulted, or empty.
	Accessed string
	// Quote is the passage of the source relied on.
	Quote string
	// Pos is where the note lists the source.
	Pos Pos
}

var (
	siteKeys    = []string{"title", "description", "baseURL", "language", "publisher", "ratings"}
	ratingKeys  = []string{"key", "label", "meaning", "color", "value"}
	dossierKeys = []string{"headline", "publisher", "author", "url", "published", "archive", "retrieved"}
	noteKeys    = []string{"kind", "title", "quote", "occurrence", "prefix", "suffix", "verdict", "claim", "claimant", "author", "reviewers", "date", "updated", "tags", "seedSHA256", "corrections", "sources"}
	// remarkForbidden are the keys that rate a claim, which a remark does
	// not.
	remarkForbidden = []string{"verdict", "claim", "claimant"}
	correctionKeys  = []string{"date", "text"}
	sourceKeys      = []string{"title", "url", "publisher", "date", "archive", "accessed", "quote"}
)

// parse splits a file and returns a decoder for its front matter; ok is
// false when the file cannot be read any further.
func parse(path string, data []byte, diags *diag.List) (doc *frontmatter.Document, d *frontmatter.Decoder, ok bool) {
	doc, err := frontmatter.Parse(data)
	if err != nil {
		if se, isSyntax := err.(*frontmatter.SyntaxError); isSyntax {
			diags.Errorf(path, se.Line, se.Col, "%s", se.Msg)
		} else {
			diags.Errorf(path, 1, 1, "%v", err)
		}
		return nil, nil, false
	}
	return doc, &frontmatter.Decoder{Path: path, Diags: diags}, true
}

// languageRE matches the shape of a BCP 47 language tag: a primary
// language of two or three letters, then subtags (script, region, variant)
// of up to eight letters or digits. It is written into every page's lang
// attribute.
var languageRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// ParseSite reads content/_index.md.
func ParseSite(path string, data []byte) (*Site, diag.List) {
	var diags diag.List
	doc, d, ok := parse(path, data, &diags)
	if !ok {
		return nil, diags
	}
	f := d.Fields(doc.Front, "the site settings", siteKeys...)
	s := &Site{
		Path:        path,
		Title:       d.String(f["title"]),
		Description: d.String(f["description"]),
		BaseURL:     d.URL(f["baseURL"]),
		Language:    d.String(f["language"]),
		Publisher:   d.String(f["publisher"]),
		Body:        doc.Body,
		BodyLine:    doc.BodyLine,
	}
	if s.BaseURL != "" && s.BaseURL[len(s.BaseURL)-1] != '/' {
		s.BaseURL += "/"
	}
	if s.Language == "" {
		s.Language = "en"
	} else if !languageRE.MatchString(s.Language) {
		e := f["language"]
		diags.Errorf(path, e.Value.Line, e.Value.Col, "\"language\" must be a language tag such as \"en\" or \"pt-BR\", found %q", s.Language)
	}
	for _, n := range d.Items(f["ratings"]) {
		rf := d.Fields(n, "a rating", ratingKeys...)
		d.Require(n, rf, "a rating", "key", "label")
		r := Rating{
			Key:     d.String(rf["key"]),
			Label:   d.String(rf["label"]),
			Meaning: d.String(rf["meaning"]),
			Color:   d.String(rf["color"]),
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
	return s, diags
}

// ParseDossier reads content/<slug>/_index.md.
func ParseDossier(path string, data []byte) (*Dossier, diag.List) {
	var diags diag.List
	doc, d, ok := parse(path, data, &diags)
	if !ok {
		return nil, diags
	}
	f := d.Fields(doc.Front, "the dossier's front matter", dossierKeys...)
	return &Dossier{
		Path:      path,
		Headline:  d.String(f["headline"]),
		Publisher: d.String(f["publisher"]),
		Author:    d.String(f["author"]),
		URL:       d.URL(f["url"]),
		Published: d.Date(f["published"]),
		Archive:   d.URL(f["archive"]),
		Retrieved: d.Date(f["retrieved"]),
		Body:      doc.Body,
		BodyLine:  doc.BodyLine,
	}, diags
}

// ParseNote reads one note. name is the note's page name.
func ParseNote(path, name string, data []byte) (*Note, diag.List) {
	var diags diag.List
	doc, d, ok := parse(path, data, &diags)
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
		diags.Errorf(path, e.Value.Line, e.Value.Col, "unknown kind %q: a note is one of %s (without a kind, a check)", kind, strings.Join(Kinds, ", "))
		d.Require(doc.Front, f, "the note", "title", "quote")
	}
	n := &Note{
		Path:          path,
		Name:          name,
		Kind:          kind,
		KindPos:       valuePos(f["kind"], doc.Front),
		Title:         d.String(f["title"]),
		TitlePos:      valuePos(f["title"], doc.Front),
		Quote:         d.String(f["quote"]),
		QuotePos:      valuePos(f["quote"], doc.Front),
		Occurrence:    d.Int(f["occurrence"], 1),
		Prefix:        d.String(f["prefix"]),
		Suffix:        d.String(f["suffix"]),
		Verdict:       d.String(f["verdict"]),
		VerdictPos:    valuePos(f["verdict"], doc.Front),
		Claim:         d.String(f["claim"]),
		Claimant:      d.String(f["claimant"]),
		Author:        d.String(f["author"]),
		Reviewers:     d.Strings(f["reviewers"]),
		Date:          d.Date(f["date"]),
		DatePos:       valuePos(f["date"], doc.Front),
		Updated:       d.Date(f["updated"]),
		UpdatedPos:    valuePos(f["updated"], doc.Front),
		Tags:          d.Strings(f["tags"]),
		SeedSHA256:    d.String(f["seedSHA256"]),
		SeedSHA256Pos: valuePos(f["seedSHA256"], doc.Front),
		Body:          doc.Body,
		BodyLine:      doc.BodyLine,
	}
	if e := f["claim"]; e != nil && len([]rune(n.Claim)) >= 75 {
		diags.Warnf(path, e.Value.Line, e.Value.Col, "\"claim\" should be under 75 characters for structured data (it has %d)", len([]rune(n.Claim)))
	}
	for _, c := range d.Items(f["corrections"]) {
		cf := d.Fields(c, "a correction", correctionKeys...)
		d.Require(c, cf, "a correction", "date", "text")
		n.Corrections = append(n.Corrections, Correction{Date: d.Date(cf["date"]), Text: d.String(cf["text"])})
	}
	for _, s := range d.Items(f["sources"]) {
		sf := d.Fields(s, "a source", sourceKeys...)
		d.Require(s, sf, "a source", "title", "url")
		n.Sources = append(n.Sources, Source{
			Title:     d.String(sf["title"]),
			URL:       d.URL(sf["url"]),
			Publisher: d.String(sf["publisher"]),
			Date:      d.Date(sf["date"]),
			DatePos:   valuePos(sf["date"], s),
			Archive:   d.URL(sf["archive"]),
			Accessed:  d.Date(sf["accessed"]),
			Quote:     d.String(sf["quote"]),
			Pos:       Pos{s.Line, s.Col},
		})
	}
	return n, diags
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
