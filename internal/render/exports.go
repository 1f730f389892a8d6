package render

import (
	"bytes"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"github.com/dossier-org/dossier/internal/anchor"
	"github.com/dossier-org/dossier/internal/content"
	"github.com/dossier-org/dossier/internal/rating"
	"github.com/dossier-org/dossier/internal/site"
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// claimReview is the schema.org ClaimReview of a check, as Google documents
// it for fact-checks, or nil. It needs absolute URLs, so without a baseURL
// there is none; a remark rates no claim and has none either.
//
// What was read to write it:
//   - "Fact check (ClaimReview) structured data", Google Search Central,
//     https://developers.google.com/search/docs/appearance/structured-data/factcheck
//     (Google Search is phasing the markup out; Fact Check Explorer still
//     reads it): claimReviewed, reviewRating and url are required;
//     author, datePublished and itemReviewed recommended; the author is
//     the publisher of the fact-check, not of the claim; the Rating needs
//     alternateName, and a number only with bestRating and worstRating;
//     the Claim's author (the claimant) is an Organization or a Person,
//     with its datePublished and appearance (URL or CreativeWork).
//   - Full Fact's table of those fields, "Basic Usage of Claim Review",
//     https://fullfact.github.io/markup-investigation/docs/notes/01-basic-usage/
//   - The Fact Check Tools API's ClaimReviewAuthor, "Resource:
//     ClaimReviewMarkupPage",
//     https://developers.google.com/fact-check/tools/api/reference/rest/v1alpha1/pages:
//     ClaimReview.author.name is "the organization that is publishing the
//     fact check", a single value.
//   - schema.org: https://schema.org/creator ("the creator/author of this
//     CreativeWork"), https://schema.org/contributor, archivedAt ("a page
//     or other link involved in archival of a CreativeWork"),
//     https://schema.org/firstAppearance, https://schema.org/Rating.
//
// So author is the site's publisher, an Organization with its url and
// logo, one value as the tools read it; the note's writer, a Person, is
// the review's creator, which schema.org allows beside it, unless the
// writer is the publisher. The article's
// archived copy is the appearance's archivedAt.
func (v *SiteView) claimReview(d *DossierView, n *NoteView) map[string]any {
	if v.BaseURL == "" || n.IsRemark() {
		return nil
	}
	claim := n.Claim
	if claim == "" {
		claim = shorten(n.Quote, 74)
	}
	best, worst := v.Scale.Bounds()
	reviewRating := map[string]any{
		"@type":         "Rating",
		"alternateName": n.Rating.Label,
	}
	// A rating outside the numeric scale (unsupported, opinion) is given by
	// its name alone rather than by a number that would place it on it.
	if n.Rating.Value > 0 {
		reviewRating["ratingValue"] = n.Rating.Value
		reviewRating["bestRating"] = best
		reviewRating["worstRating"] = worst
	}
	appearance := map[string]any{"@type": "CreativeWork", "headline": d.Title}
	if d.URL != "" {
		appearance["url"] = d.URL
	}
	if d.Archive != "" {
		appearance["archivedAt"] = d.Archive
		if d.URL == "" {
			// The copy is the only place left to read the claim.
			appearance["url"] = d.Archive
		}
	}
	if d.Published != "" {
		appearance["datePublished"] = d.Published
	}
	if d.Author != "" {
		appearance["author"] = map[string]any{"@type": "Person", "name": d.Author}
	}
	if d.Publisher != "" {
		appearance["publisher"] = map[string]any{"@type": "Organization", "name": d.Publisher}
	}
	item := map[string]any{"@type": "Claim", "appearance": appearance}
	if n.Claimant != "" {
		typ := "Organization"
		if n.ClaimantType == content.ClaimantPerson {
			typ = "Person"
		}
		item["author"] = map[string]any{"@type": typ, "name": n.Claimant}
	}
	if d.Published != "" {
		item["datePublished"] = d.Published
	}
	review := map[string]any{
		"@context":      "https://schema.org",
		"@type":         "ClaimReview",
		"url":           v.absURL(d.Slug + "/" + n.File),
		"claimReviewed": claim,
		"itemReviewed":  item,
		"author":        v.publisherLD(),
		"reviewRating":  reviewRating,
		"name":          n.Title,
		"inLanguage":    d.Language,
	}
	// A writer who is the publisher (a site whose notes are signed by
	// its desk) is the author already, and no person.
	if n.Author != "" && n.Author != cmp.Or(v.Publisher, v.Title) {
		review["creator"] = map[string]any{"@type": "Person", "name": n.Author}
	}
	if n.Date != "" {
		review["datePublished"] = n.Date
	}
	if n.Updated != "" {
		review["dateModified"] = n.Updated
	}
	return review
}

// publisherLD is the site's publisher as a schema.org Organization: the
// author of every ClaimReview.
func (v *SiteView) publisherLD() map[string]any {
	org := map[string]any{"@type": "Organization", "name": cmp.Or(v.Publisher, v.Title), "url": v.BaseURL}
	if logo := v.LogoURL(); logo != "" {
		org["logo"] = logo
	}
	return org
}

// LogoURL is the absolute URL of the publisher's logo, or "" when there is
// no logo or no baseURL to place a path within the site against.
func (v *SiteView) LogoURL() string {
	if v.Logo == "" || strings.Contains(v.Logo, ":") {
		return v.Logo
	}
	return v.absURL(v.Logo)
}

// claimReviewFeed is claimreview.json: a schema.org DataFeed of every
// ClaimReview of the site, for submitting them in bulk to those who
// gather fact-checks (https://schema.org/DataFeed, DataFeedItem). It is
// assembled from each dossier's part, in the order of the dossiers and of
// their notes, so that it is the same on every build; remarks have no
// ClaimReview and are not in it.
func (v *SiteView) claimReviewFeed(parts partList) ([]byte, error) {
	name, err := v.theme.translator(v.page(v.Language, "")).T("feed.claimreview.name", map[string]any{"Site": v.Title})
	if err != nil {
		return nil, err
	}
	feed := map[string]any{
		"@context":   "https://schema.org",
		"@type":      "DataFeed",
		"name":       name,
		"url":        v.BaseURL + "claimreview.json",
		"inLanguage": v.Language,
		"publisher":  v.publisherLD(),
	}
	// The feed changed when its newest item did: a date from the notes,
	// never from the clock, so that builds stay reproducible.
	modified := ""
	for _, d := range v.Dossiers {
		for _, n := range d.Notes {
			modified = max(modified, cmp.Or(n.Updated, n.Date))
		}
	}
	if modified != "" {
		feed["dateModified"] = modified
	}
	head, err := json.Marshal(feed)
	if err != nil {
		return nil, err
	}
	b := bytes.NewBuffer(make([]byte, 0, len(head)+32+parts.size+parts.n))
	b.Write(head[:len(head)-1]) // reopen the object to add the items
	b.WriteString(`,"dataFeedElement":[`)
	first := true
	err = parts.each(func(_ int, p []byte) {
		if len(p) == 0 {
			return
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.Write(p)
	})
	if err != nil {
		return nil, err
	}
	b.WriteString("]}\n")
	return b.Bytes(), nil
}

// claimReviewItems returns the dossier's part of claimreview.json: a
// DataFeedItem for each check, as JSON array elements separated by commas.
func (v *SiteView) claimReviewItems(d *DossierView) []byte {
	if v.BaseURL == "" {
		return nil
	}
	var b bytes.Buffer
	for _, n := range d.Notes {
		review := v.claimReview(d, n)
		delete(review, "@context") // the feed's
		item := map[string]any{"@type": "DataFeedItem", "item": review}
		if n.Date != "" {
			item["dateCreated"] = n.Date
		}
		if date := cmp.Or(n.Updated, n.Date); date != "" {
			item["dateModified"] = date
		}
		data, _ := json.Marshal(item)
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.Write(data)
	}
	return b.Bytes()
}

// shorten cuts s at a word boundary to at most n characters, adding "…".
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// searchWords reduces rendered HTML to the distinct words of its text, in
// lower case and in order of first use. Search matches words, so repeats and
// markup would only make the index, which readers download whole, larger.
// It runs once per note on every build, so it scans the bytes once and
// decodes entities only where there are some.
func searchWords(h string) string {
	seen := make(map[string]struct{}, 256)
	out := make([]byte, 0, len(h)/3)
	word := make([]byte, 0, 32)
	flush := func() {
		if len(word) == 0 {
			return
		}
		if _, dup := seen[string(word)]; !dup {
			seen[string(word)] = struct{}{}
			if len(out) > 0 {
				out = append(out, ' ')
			}
			out = append(out, word...)
		}
		word = word[:0]
	}
	for i := 0; i < len(h); {
		c := h[i]
		switch {
		case c == '<':
			flush()
			if j := strings.IndexByte(h[i:], '>'); j >= 0 {
				i += j + 1
				continue
			}
			i = len(h)
			continue
		case c == '&':
			end := strings.IndexByte(h[i:], ';')
			if end > 0 && end < 12 {
				for _, r := range html.UnescapeString(h[i : i+end+1]) {
					word = appendTextRune(word, r, flush)
				}
				i += end + 1
				continue
			}
		case c < utf8.RuneSelf:
			// appendTextRune's ASCII cases, spared a call for each byte.
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '\'':
				word = append(word, c)
			case 'A' <= c && c <= 'Z':
				word = append(word, c+'a'-'A')
			default:
				flush()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(h[i:])
		word = appendTextRune(word, r, flush)
		i += size
	}
	flush()
	return string(out)
}

// appendTextRune is appendWordRune for the words of a note's text before
// they are folded: an invisible joiner or bidi mark (Unicode's format
// characters), which the folding drops, is kept inside its word, so that
// the Persian "نقطه‌به‌نقطه" stays one word, as a query gives it.
func appendTextRune(word []byte, r rune, flush func()) []byte {
	if r >= utf8.RuneSelf && unicode.Is(unicode.Cf, r) {
		return utf8.AppendRune(word, r)
	}
	return appendWordRune(word, r, flush)
}

// appendWordRune adds r to the word being read, in lower case, or ends the
// word when r is not part of one.
func appendWordRune(word []byte, r rune, flush func()) []byte {
	switch {
	case 'a' <= r && r <= 'z', '0' <= r && r <= '9', r == '-', r == '\'':
		return append(word, byte(r))
	case r == '’', r == 'ʼ': // apostrophes, which the folding makes '
		return utf8.AppendRune(word, r)
	case 'A' <= r && r <= 'Z':
		return append(word, byte(r)+'a'-'A')
	case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)):
		return utf8.AppendRune(word, unicode.ToLower(r))
	}
	flush()
	return word[:0]
}

// searchText is the distinct words of the texts, folded by searchFold, in
// order of first use: what a query is looked for in.
func searchText(texts ...string) string {
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	seen := make(map[string]struct{}, size/8)
	out, word := make([]byte, 0, size), make([]byte, 0, 32)
	flush := func() {
		if len(word) == 0 {
			return
		}
		if _, dup := seen[string(word)]; !dup {
			seen[string(word)] = struct{}{}
			if len(out) > 0 {
				out = append(out, ' ')
			}
			out = append(out, word...)
		}
		word = word[:0]
	}
	for _, t := range texts {
		// Each run of text between spaces alone: the anchoring's folding
		// drops the space beside a quotation mark, which would join two
		// words that a query has apart.
		for f := range strings.FieldsSeq(t) {
			if foldedWord(f) {
				// What the folding and appendWordRune leave as it is,
				// as most of searchWords' words are.
				word = append(word, f...)
				flush()
				continue
			}
			for _, r := range searchFold(f) {
				word = appendWordRune(word, r, flush)
			}
			flush()
		}
	}
	return string(out)
}

// searchFold folds text for the search as the anchoring folds a quote
// (anchor.Normalize: the Arabic and Persian letters keyboards swap, digits
// of every script as ASCII digits, harakat, tatweel, joiners and bidi
// marks dropped, the many quotation marks and dashes as one), then drops
// accents and the hamza above or below a letter, writes it in lower case,
// and a final sigma as any other. The search's script, templates/site.js, folds a query the same way
// (its fold; TestSearchFoldAgrees in internal/browsertest checks that both
// agree), so that a reader finds a note however the keyboard typed it.
func searchFold(s string) string {
	if asciiWord(s) {
		return strings.ToLower(s) // what the folding leaves of it: the common case
	}
	s = norm.NFD.String(strings.ToLower(anchor.Normalize(s)))
	s = strings.Map(func(r rune) rune {
		switch {
		case '\u0300' <= r && r <= '\u036f' || r == '\u0654' || r == '\u0655':
			return -1
		case r == 'ς': // as a script's toLowerCase writes a final sigma
			return 'σ'
		}
		return r
	}, s)
	return norm.NFC.String(s)
}

// foldedWord reports whether s is lower-case ASCII letters, digits, '-'
// and apostrophes alone: a word as searchText writes it.
func foldedWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '\'') {
			return false
		}
	}
	return true
}

// asciiWord reports whether s is printable ASCII without white space,
// which the folding only writes in lower case.
func asciiWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// foldWords folds words, searchWords' distinct words of a note's text, for
// the index (searchText); words of ASCII alone, as most are in many
// languages, are already as the folding writes them.
func foldWords(words string) string {
	for i := 0; i < len(words); i++ {
		if c := words[i]; c < ' ' || c >= 0x7f {
			return searchText(words)
		}
	}
	return words
}

// SearchWords is the distinct words of text, folded as the search folds
// an entry and a query, in order of first use: what the search script's
// fold gives for the same text, which the browser tests check.
func SearchWords(text string) string { return searchText(text) }

// verdictCSS gives each rating of the scale its colour and underline style,
// and the claim index its script-free filter: following a link to
// #only-<key> hides every other row through :target.
func (v *SiteView) verdictCSS() ([]byte, error) {
	styles := []string{"solid", "solid", "dashed", "dashed", "double", "dotted", "dotted"}
	var b bytes.Buffer
	b.WriteString("/* Generated by dossier build from the rating scale and the site's brand. */\n")
	if brand := v.brandCSS(); brand != "" {
		fmt.Fprintf(&b, ":root { %s}\n", brand)
	}
	for i, r := range v.Scale {
		style := styles[min(i, len(styles)-1)]
		if r.Value == 0 {
			style = "dotted"
		}
		fmt.Fprintf(&b, ".v-%s { --v: %s; --u: %s; }\n", cssIdent(r.Key), cssColor(r.Color), style)
	}
	for _, r := range v.Scale {
		k := cssIdent(r.Key)
		fmt.Fprintf(&b, "#only-%s:target ~ .claims tbody tr:not(.v-%s) { display: none; }\n", k, k)
		fmt.Fprintf(&b, "#only-%s:target ~ .filters a[href=\"#only-%s\"] { font-weight: 700; text-decoration: none; }\n", k, k)
	}
	return b.Bytes(), nil
}

// cssIdent escapes s for a CSS identifier or string: every character but
// ASCII letters, digits, '-' and '_' becomes a hexadecimal escape, so that
// the selector names exactly the class the HTML has, and nothing can end
// the rule. Keys are slugs (rating.CheckKey), for which it changes nothing.
func cssIdent(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "\\%x ", r)
		}
	}
	return b.String()
}

// brandCSS returns the declarations of the site's brand, the custom
// properties templates/style.css reads: --brand-accent and
// --brand-accent-dark (the accent made light enough for links on the dark
// scheme's background), --brand-font. The settings refuse any accent or
// font that is not plainly safe (content.CheckAccent, content.CheckFont);
// what is written here is checked and escaped again all the same.
func (v *SiteView) brandCSS() string {
	var b strings.Builder
	if c, err := rating.ParseColor(v.Accent); err == nil && content.CheckAccent(v.Accent) == nil {
		fmt.Fprintf(&b, "--brand-accent: %s; --brand-accent-dark: %s; ", c.Hex(), darkAccent(c).Hex())
	}
	if v.Font != "" && content.CheckFont(v.Font) == nil {
		var families []string
		for f := range strings.SplitSeq(v.Font, ",") {
			name, _ := content.FontFamily(f)
			if !content.IsGenericFont(name) {
				name = cssFamily(name)
			}
			families = append(families, name)
		}
		fmt.Fprintf(&b, "--brand-font: %s; ", strings.Join(families, ", "))
	}
	return b.String()
}

// darkBackground is the background of the default theme's dark scheme.
var darkBackground = rating.MustParseColor("#0d1117")

// darkAccent returns c mixed with white, in steps of 1/20, until links in
// it pass WCAG AA (4.5:1) on the dark scheme's background.
func darkAccent(c rating.RGB) rating.RGB {
	white := rating.RGB{R: 1, G: 1, B: 1}
	for i := range 21 {
		d := rating.MustParseColor(c.Mix(white, float64(i)/20).Hex())
		if rating.Contrast(d, darkBackground) >= 4.5 {
			return d
		}
	}
	return white
}

// cssFamily writes a font family's name as one CSS identifier: cssIdent's
// escapes, with a leading digit, or a hyphen before a digit, escaped too,
// since an identifier cannot start so.
func cssFamily(name string) string {
	id := cssIdent(name)
	switch {
	case id != "" && '0' <= id[0] && id[0] <= '9':
		return fmt.Sprintf("\\%x ", id[0]) + id[1:]
	case len(id) > 1 && id[0] == '-' && ('0' <= id[1] && id[1] <= '9' || id[1] == '-'):
		return "\\-" + id[1:]
	}
	return id
}

// cssColor lets only colour values through, since they come from a site's
// settings and are written into a stylesheet; the settings refuse any other
// (rating.CheckColor), so the fallback is never reached from a loaded site.
func cssColor(s string) string {
	if rating.CheckColor(s) == nil {
		return s
	}
	return "#6e7781"
}

type exportSource struct {
	Title     string `json:"title"`
	URL       string `json:"url"`
	Publisher string `json:"publisher,omitempty"`
	// Kind is what the source is (content.SourceKinds), when the note
	// says.
	Kind     string `json:"kind,omitempty"`
	Date     string `json:"date,omitempty"`
	Archive  string `json:"archive,omitempty"`
	Accessed string `json:"accessed,omitempty"`
	Quote    string `json:"quote,omitempty"`
}

type exportNote struct {
	ID           string               `json:"id"`
	Page         string               `json:"page"`
	Title        string               `json:"title"`
	Verdict      string               `json:"verdict"`
	Label        string               `json:"verdictLabel"`
	Quote        string               `json:"quote"`
	Start        int                  `json:"start"`
	End          int                  `json:"end"`
	Line         int                  `json:"line"`
	Claim        string               `json:"claim,omitempty"`
	Claimant     string               `json:"claimant,omitempty"`
	ClaimantType string               `json:"claimantType,omitempty"`
	Author       string               `json:"author,omitempty"`
	Reviewers    []string             `json:"reviewers,omitempty"`
	Date         string               `json:"date,omitempty"`
	Updated      string               `json:"updated,omitempty"`
	Tags         []string             `json:"tags,omitempty"`
	Corrections  []content.Correction `json:"corrections,omitempty"`
	Sources      []exportSource       `json:"sources"`
}

// exportRemark is an unrated remark: a note without verdict, claim or
// claimant.
type exportRemark struct {
	ID          string               `json:"id"`
	Page        string               `json:"page"`
	Title       string               `json:"title"`
	Quote       string               `json:"quote"`
	Start       int                  `json:"start"`
	End         int                  `json:"end"`
	Line        int                  `json:"line"`
	Author      string               `json:"author,omitempty"`
	Reviewers   []string             `json:"reviewers,omitempty"`
	Date        string               `json:"date,omitempty"`
	Updated     string               `json:"updated,omitempty"`
	Tags        []string             `json:"tags,omitempty"`
	Corrections []content.Correction `json:"corrections,omitempty"`
	Sources     []exportSource       `json:"sources"`
}

type exportSeed struct {
	Path   string `json:"path"`
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

type exportDossier struct {
	Slug string `json:"slug"`
	Page string `json:"page"`
	// Language is the language of the dossier and its notes.
	Language string `json:"language"`
	// TranslationOf is the slug of the dossier this one translates, the
	// original of its translation group, or empty.
	TranslationOf string       `json:"translationOf,omitempty"`
	Headline      string       `json:"headline"`
	Publisher     string       `json:"publisher,omitempty"`
	Author        string       `json:"author,omitempty"`
	URL           string       `json:"url,omitempty"`
	Published     string       `json:"published,omitempty"`
	Archive       string       `json:"archive,omitempty"`
	Retrieved     string       `json:"retrieved,omitempty"`
	Seed          exportSeed   `json:"seed"`
	Notes         []exportNote `json:"notes"`
	// Remarks are kept apart from the notes, so that every note has a
	// verdict for the tools that count them.
	Remarks []exportRemark `json:"remarks"`
}

// exportDossier returns the dossier's object in dossier.json.
func (v *SiteView) exportDossier(d *DossierView) []byte {
	dj := exportDossier{Slug: d.Slug, Page: d.Slug + "/index.html", Language: d.Language, TranslationOf: v.original(d), Headline: d.Title, Publisher: d.Publisher, Author: d.Author,
		URL: d.URL, Published: d.Published, Archive: d.Archive, Retrieved: d.Retrieved,
		Seed: exportSeed{d.SeedPath, d.SeedSize, d.SHA256}, Notes: []exportNote{}, Remarks: []exportRemark{}}
	for _, n := range d.Notes {
		nj := exportNote{ID: n.Name, Page: d.Slug + "/" + n.File, Title: n.Title, Verdict: n.Rating.Key, Label: n.Rating.Label,
			Quote: n.Quote, Start: n.Start, End: n.End, Line: n.Line, Claim: n.Claim, Claimant: n.Claimant, ClaimantType: n.ClaimantType, Author: n.Author,
			Reviewers: n.Reviewers, Date: n.Date, Updated: n.Updated, Tags: n.Tags, Corrections: n.Corrections, Sources: exportSources(n)}
		dj.Notes = append(dj.Notes, nj)
	}
	for _, n := range d.Remarks {
		rj := exportRemark{ID: n.Name, Page: d.Slug + "/" + n.File, Title: n.Title, Quote: n.Quote, Start: n.Start, End: n.End, Line: n.Line,
			Author: n.Author, Reviewers: n.Reviewers, Date: n.Date, Updated: n.Updated, Tags: n.Tags, Corrections: n.Corrections, Sources: exportSources(n)}
		dj.Remarks = append(dj.Remarks, rj)
	}
	data, _ := json.Marshal(dj)
	return data
}

func exportSources(n *NoteView) []exportSource {
	out := []exportSource{}
	for _, s := range n.Sources {
		out = append(out, exportSource{s.Title, s.URL, s.Publisher, s.Kind, s.Date, s.Archive, s.Accessed, s.Quote})
	}
	return out
}

// export is dossier.json: everything a tool needs to reuse the checks. It is
// compact JSON, assembled from each dossier's part.
func (v *SiteView) export(parts partList) ([]byte, error) {
	type rating struct {
		Key     string `json:"key"`
		Label   string `json:"label"`
		Meaning string `json:"meaning"`
		Value   *int   `json:"value"`
	}
	head := struct {
		Title   string   `json:"title"`
		BaseURL string   `json:"baseURL,omitempty"`
		Offsets string   `json:"offsets"`
		Scale   []rating `json:"scale"`
	}{Title: v.Title, BaseURL: v.BaseURL, Offsets: "start and end are byte offsets into the seed file; line is 1-based"}
	for _, r := range v.Scale {
		rt := rating{Key: r.Key, Label: r.Label, Meaning: r.Meaning}
		if r.Value > 0 {
			rt.Value = &r.Value
		}
		head.Scale = append(head.Scale, rt)
	}
	data, err := json.Marshal(head)
	if err != nil {
		return nil, err
	}
	b := bytes.NewBuffer(make([]byte, 0, len(data)+16+parts.size+parts.n))
	b.Write(data[:len(data)-1]) // reopen the object to add the dossiers
	b.WriteString(`,"dossiers":[`)
	err = parts.each(func(i int, p []byte) {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(p)
	})
	if err != nil {
		return nil, err
	}
	b.WriteString("]}\n")
	return b.Bytes(), nil
}

func (v *SiteView) robots() ([]byte, error) {
	s := "User-agent: *\nAllow: /\n"
	if v.BaseURL != "" {
		s += "Sitemap: " + v.BaseURL + "sitemap.xml\n"
	}
	return []byte(s), nil
}

// sitemapEntries returns the <url> elements of a dossier's pages.
func (v *SiteView) sitemapEntries(d *DossierView) []byte {
	if v.BaseURL == "" {
		return nil
	}
	var b bytes.Buffer
	loc := func(path string) {
		b.WriteString("  <url><loc>")
		xml.EscapeText(&b, []byte(v.absURL(path)))
		b.WriteString("</loc></url>\n")
	}
	for _, name := range dossierOwnPages {
		alternates := v.translations(d, name)
		if alternates == nil {
			loc(d.Slug + "/" + name)
			continue
		}
		// Google's form of hreflang in a sitemap: each page lists every
		// version, itself included, as the pages' links do.
		b.WriteString("  <url><loc>")
		xml.EscapeText(&b, []byte(v.absURL(d.Slug+"/"+name)))
		b.WriteString("</loc>\n")
		for _, t := range alternates {
			for _, lang := range []string{t.Language, "x-default"} {
				if lang == "x-default" && !t.Original {
					continue
				}
				b.WriteString(`    <xhtml:link rel="alternate" hreflang="`)
				xml.EscapeText(&b, []byte(lang))
				b.WriteString(`" href="`)
				xml.EscapeText(&b, []byte(t.URL))
				b.WriteString("\"/>\n")
			}
		}
		b.WriteString("  </url>\n")
	}
	for _, n := range d.all {
		loc(d.Slug + "/" + n.File)
	}
	for _, r := range d.Revisions {
		if r.DiffFile != "" {
			loc(d.Slug + "/" + r.DiffFile)
		}
	}
	return b.Bytes()
}

func (v *SiteView) sitemap(parts partList) ([]byte, error) {
	b := bytes.NewBuffer(make([]byte, 0, 1024+parts.size))
	b.WriteString(xml.Header)
	if len(v.groups) > 0 {
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	} else {
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	}
	pages := siteFiles(true, nil)
	for _, pv := range v.Pages {
		pages = append(pages, pv.Name+".html")
	}
	for _, p := range pages {
		// The search page and the 404 page are not for search engines.
		if !strings.HasSuffix(p, ".html") || p == "search.html" || p == "404.html" {
			continue
		}
		b.WriteString("  <url><loc>")
		xml.EscapeText(b, []byte(v.absURL(p)))
		b.WriteString("</loc></url>\n")
	}
	if err := parts.each(func(_ int, p []byte) { b.Write(p) }); err != nil {
		return nil, err
	}
	for _, t := range []*TaxonomyView{v.Tags, v.Claimants} {
		for _, p := range t.Files() {
			b.WriteString("  <url><loc>")
			xml.EscapeText(b, []byte(v.absURL(p)))
			b.WriteString("</loc></url>\n")
		}
	}
	b.WriteString("</urlset>\n")
	return b.Bytes(), nil
}

// feedEntries is how many notes the feed carries: feed readers poll it
// often, and years of notes would make it megabytes.
const feedEntries = 50

// feed is the Atom feed of the newest checks in lang: on a site of one
// language, of every check. Remarks are left out: they find nothing about
// the article, and a reader who follows the findings wants no entry for a
// typo. Dates come from the notes, never from the clock, so that builds
// stay reproducible.
func (v *SiteView) feed(lang string) ([]byte, error) {
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
	}
	type text struct {
		Type string `xml:"type,attr,omitempty"`
		Body string `xml:",chardata"`
	}
	type entry struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Link    link   `xml:"link"`
		Updated string `xml:"updated"`
		Pub     string `xml:"published,omitempty"`
		Author  *struct {
			Name string `xml:"name"`
		} `xml:"author,omitempty"`
		Summary text `xml:"summary"`
		Content text `xml:"content"`
	}
	type dated struct {
		date, path string
		d          *DossierView
		n          *NoteView
	}
	// Keep the newest feedEntries notes, newest first; the path breaks ties,
	// so the order is total and the output the same on every build. A
	// bounded insertion keeps this linear in the number of notes.
	newer := func(a, b dated) bool {
		if a.date != b.date {
			return a.date > b.date
		}
		return a.path < b.path
	}
	top := make([]dated, 0, feedEntries+1)
	for _, d := range v.Dossiers {
		if v.Multilingual() && !site.SameLanguage(d.Language, lang) {
			continue
		}
		for _, n := range d.Notes {
			c := dated{date: cmp.Or(n.Updated, cmp.Or(n.Date, cmp.Or(d.Retrieved, "1970-01-01"))), d: d, n: n}
			if len(top) == feedEntries && c.date < top[len(top)-1].date {
				continue // older than everything kept: the common case
			}
			c.path = d.Slug + "/" + n.File
			i, _ := slices.BinarySearchFunc(top, c, func(x, y dated) int {
				if newer(x, y) {
					return -1
				}
				return 1
			})
			top = slices.Insert(top, i, c)
			if len(top) > feedEntries {
				top = top[:feedEntries]
			}
		}
	}
	all := top
	var entries []entry
	// The entries' words are the feed's language's, as its pages', the
	// verdicts' labels too.
	tr := v.theme.translator(v.page(lang, ""))
	scale := v.scale(lang)
	for _, x := range all[:min(len(all), feedEntries)] {
		{
			d, n, date := x.d, x.n, x.date
			u := v.absURL(d.Slug + "/" + n.File)
			label := n.Rating.Label
			if r, ok := scale.Get(n.Rating.Key); ok {
				label = r.Label
			}
			title, err := tr.T("page.note.description", map[string]any{"Rating": label, "Title": n.Title, "Site": v.Title})
			if err != nil {
				return nil, err
			}
			summary, err := tr.T("feed.summary", map[string]any{"Quote": n.Quote, "Title": d.Title})
			if err != nil {
				return nil, err
			}
			h, err := n.HTML()
			if err != nil {
				return nil, err
			}
			e := entry{
				Title: title, ID: u, Link: link{Href: u}, Updated: date + "T00:00:00Z",
				Summary: text{Body: summary},
				Content: text{Type: "html", Body: string(h)},
			}
			if n.Date != "" {
				e.Pub = n.Date + "T00:00:00Z"
			}
			if n.Author != "" {
				e.Author = &struct {
					Name string `xml:"name"`
				}{n.Author}
			}
			entries = append(entries, e)
		}
	}
	updated := "1970-01-01T00:00:00Z"
	for _, e := range entries {
		updated = max(updated, e.Updated)
	}
	out := struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Lang    string   `xml:"xml:lang,attr"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Links   []link   `xml:"link"`
		Updated string   `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []entry `xml:"entry"`
	}{Lang: lang, Title: v.Title, ID: v.BaseURL, Links: []link{{Href: v.BaseURL}, {Href: v.BaseURL + v.FeedFile(lang), Rel: "self"}}, Updated: updated, Entries: entries}
	if v.FeedFile(lang) != "feed.xml" {
		// Each feed has an id of its own, and says its language in its
		// title, in that language.
		out.ID = v.BaseURL + v.FeedFile(lang)
		out.Title += " (" + v.languageName(lang) + ")"
	}
	out.Author.Name = cmp.Or(v.Publisher, v.Title)
	data, err := xml.MarshalIndent(out, "", "  ")
	return append([]byte(xml.Header), append(data, '\n')...), err
}
