package render

import (
	"bytes"
	"encoding/json"
	"html"
	"net/url"
	"strconv"
	"strings"

	"github.com/dossier-org/dossier/internal/card"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/i18n"
	"github.com/dossier-org/dossier/internal/site"
)

// The files a site has for sharing its checks, in each dossier's folder:
//
//   - card.png, the dossier's share image, and card/<note>.png, each check's:
//     1200 × 630 PNG pictures that social networks show for a link
//     (og:image), drawn by package card;
//   - embed/<note>.html, each check as a small page of its own, for another
//     site to show in an <iframe>;
//   - oembed/<note>.json, each check's oEmbed description, which a
//     publisher's CMS finds from the link on the check's page; only with a
//     baseURL, since oEmbed wants absolute URLs.
//
// A remark, which rates nothing, and a withdrawn note have none of them.
const (
	cardDir   = "card"
	embedDir  = "embed"
	oembedDir = "oembed"
	// dossierCard is the dossier's card, in its folder.
	dossierCard = "card.png"
)

// EmbedWidth and EmbedHeight are the size, in CSS pixels, of the <iframe>
// that a check's embed snippet gives.
const (
	EmbedWidth  = 560
	EmbedHeight = 360
)

// Cards draws share cards. A build gives one that keeps them between
// builds by their Key (see internal/cardcache); Renderer.Cards nil draws
// each card afresh. The methods are called from several goroutines.
type Cards interface {
	Note(card.NoteCard) ([]byte, error)
	Dossier(card.DossierCard) ([]byte, error)
}

// drawCards draws every card afresh.
type drawCards struct{}

func (drawCards) Note(m card.NoteCard) ([]byte, error)       { return card.Note(m) }
func (drawCards) Dossier(m card.DossierCard) ([]byte, error) { return card.Dossier(m) }

// shared reports whether a note has the files of sharing: a check that is
// not withdrawn.
func shared(n *site.Note) bool {
	return !n.IsRemark() && n.Retracted == nil
}

// noteStem is a note's name in the folders of sharing: its page's file
// name without ".html".
func noteStem(file string) string { return strings.TrimSuffix(file, ".html") }

// shareFiles lists the files of sharing of dossier d, relative to its
// folder, in the order Files gives them.
func shareFiles(d *site.Dossier, hasBaseURL bool) []string {
	names := []string{dossierCard}
	for _, n := range d.Notes {
		if !shared(n) {
			continue
		}
		stem := noteStem(n.Name + ".html")
		names = append(names, cardDir+"/"+stem+".png", embedDir+"/"+stem+".html")
		if hasBaseURL {
			names = append(names, oembedDir+"/"+stem+".json")
		}
	}
	return names
}

// ShareView is what a page offers for sharing it: its share image, links
// to share it on other sites and, on a check's page, the snippet that
// embeds the check in another site.
type ShareView struct {
	// Image is the share image's file, relative to the site's root:
	// "<slug>/card/<note>.png" or "<slug>/card.png".
	Image string
	// ImageURL is the share image's absolute URL, for og:image; empty
	// without a baseURL, since og:image must be absolute (the image is
	// written all the same).
	ImageURL string
	// ImageAlt describes the image, for og:image:alt.
	ImageAlt string
	// Width and Height are the image's size in pixels.
	Width, Height int
	// URL is the page's absolute URL, which the links share and "copy
	// link" copies; empty without a baseURL (the script then copies the
	// browser's address).
	URL string
	// Links are the links that share the page on other sites, in the
	// order shown; none without a baseURL.
	Links []ShareLink
	// Mark is the verdict's mark as a character, the shape its card
	// draws beside the label ("✓", "✗", "!"); empty on a dossier's page.
	Mark string
	// Embed is the check's embed page, relative to the site's root
	// ("<slug>/embed/<note>.html"); empty on a dossier's page.
	Embed string
	// Snippet is the HTML that embeds the check in another page: an
	// <iframe> of its embed page. It is text, which a template escapes
	// where it shows it. Empty on a dossier's page and without a baseURL.
	Snippet string
	// OEmbed is the absolute URL of the check's oEmbed file; empty on a
	// dossier's page and without a baseURL.
	OEmbed string
}

// markText are the marks of package card as characters.
var markText = map[card.Mark]string{
	card.MarkDisc: "●", card.MarkCheck: "✓", card.MarkCross: "✗", card.MarkExclaim: "!",
	card.MarkQuestion: "?", card.MarkDots: "…", card.MarkQuote: "“",
}

// ShareLink is a link that shares a page on another site.
type ShareLink struct {
	// Network is the key of the site: "x", "facebook", "linkedin",
	// "whatsapp", "telegram", "bluesky" or "email".
	Network string
	// Name is the site's name as shown ("X", "Facebook"); the email
	// link's is the words of the key share.email.
	Name string
	// URL is the link, its parameters URL-encoded.
	URL string
}

// shareLinks returns the links that share the page at pageURL, titled
// title, on the common networks: plain links, no script, nothing that
// tracks.
func shareLinks(pageURL, title, email string) []ShareLink {
	if pageURL == "" {
		return nil
	}
	u, t := url.QueryEscape(pageURL), url.QueryEscape(title)
	both := url.QueryEscape(title + " " + pageURL)
	return []ShareLink{
		{"x", "X", "https://twitter.com/intent/tweet?url=" + u + "&text=" + t},
		{"facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + u},
		{"linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + u},
		{"whatsapp", "WhatsApp", "https://wa.me/?text=" + both},
		{"telegram", "Telegram", "https://t.me/share/url?url=" + u + "&text=" + t},
		{"bluesky", "Bluesky", "https://bsky.app/intent/compose?text=" + both},
		// mailto: takes RFC 3986 encoding, in which a space is %20, not "+".
		{"email", email, "mailto:?subject=" + url.PathEscape(title) + "&body=" + url.PathEscape(pageURL)},
	}
}

// cardSite is what the cards show of the site.
func (v *SiteView) cardSite() card.Site {
	return card.Site{Name: v.Title, Logo: v.logo}
}

// verdict is a rating as a card shows it.
func cardVerdict(label, color, key string) card.Verdict {
	return card.Verdict{Label: label, Color: cssColor(color), Mark: card.DefaultMark(key)}
}

// noteCard is the model of check n's card, in the words of tr.
func (v *SiteView) noteCard(tr *i18n.Translator, d *DossierView, n *NoteView) (card.NoteCard, error) {
	m := card.NoteCard{
		Site:     v.cardSite(),
		Language: d.Language,
		Dir:      card.Direction(d.Dir),
		Quote:    n.Quote,
		Verdict:  cardVerdict(n.Rating.Label, n.Rating.Color, n.Rating.Key),
	}
	var err error
	if m.Kicker, err = tr.T("share.card.kicker"); err != nil {
		return m, err
	}
	var by []string
	if n.Claimant != "" {
		by = append(by, n.Claimant)
	}
	if n.Date != "" {
		date, err := tr.Date(n.Date)
		if err != nil {
			return m, err
		}
		by = append(by, date)
	}
	sep, err := tr.T("share.card.sep")
	if err != nil {
		return m, err
	}
	m.Byline = strings.Join(by, sep)
	return m, nil
}

// dossierCard is the model of dossier d's card, in the words of tr.
func (v *SiteView) dossierCard(tr *i18n.Translator, d *DossierView) (card.DossierCard, error) {
	m := card.DossierCard{
		Site:     v.cardSite(),
		Language: d.Language,
		Dir:      card.Direction(d.Dir),
		Headline: d.Title,
	}
	var err error
	if m.Kicker, err = tr.T("dossier.kicker"); err != nil {
		return m, err
	}
	if m.Summary, err = tr.T("summary.checked", len(d.Notes)); err != nil {
		return m, err
	}
	for _, c := range d.Counts {
		m.Counts = append(m.Counts, card.Count{Verdict: cardVerdict(c.Rating.Label, c.Rating.Color, c.Rating.Key), N: c.Count, Text: tr.Num(c.Count)})
	}
	return m, nil
}

// noteAlt and dossierAlt are the alt texts of the cards, in the words of
// tr: the tables' texts with placeholders that package card fills in.
func noteAlt(tr *i18n.Translator, m card.NoteCard) (string, error) {
	format, err := tr.T("share.card.alt", map[string]any{"Verdict": "{verdict}", "Quote": "{quote}", "Byline": "{byline}", "Site": "{site}"})
	if err != nil {
		return "", err
	}
	return m.Alt(format), nil
}

func dossierAlt(tr *i18n.Translator, m card.DossierCard) (string, error) {
	format, err := tr.T("share.dossier.alt", map[string]any{"Headline": "{headline}", "Summary": "{summary}", "Counts": "{counts}", "Site": "{site}"})
	if err != nil {
		return "", err
	}
	count, err := tr.T("share.dossier.count", map[string]any{"N": "{n}", "Label": "{verdict}"})
	if err != nil {
		return "", err
	}
	sep, err := tr.T("list.sep")
	if err != nil {
		return "", err
	}
	return m.Alt(format, count, sep), nil
}

// share gives the page p of dossier d (its article, or the page of its
// check n when n is not nil) its ShareView.
func (v *SiteView) share(p *Page, d *DossierView, n *NoteView) error {
	tr := v.theme.translator(p)
	email, err := tr.T("share.email")
	if err != nil {
		return err
	}
	s := &ShareView{Width: card.Width, Height: card.Height, URL: p.Canonical}
	if n == nil {
		m, err := v.dossierCard(tr, d)
		if err != nil {
			return err
		}
		if s.ImageAlt, err = dossierAlt(tr, m); err != nil {
			return err
		}
		s.Image = d.Slug + "/" + dossierCard
	} else {
		m, err := v.noteCard(tr, d, n)
		if err != nil {
			return err
		}
		if s.ImageAlt, err = noteAlt(tr, m); err != nil {
			return err
		}
		s.Mark = markText[m.Verdict.Mark]
		stem := noteStem(n.File)
		s.Image = d.Slug + "/" + cardDir + "/" + stem + ".png"
		s.Embed = d.Slug + "/" + embedDir + "/" + stem + ".html"
		if v.BaseURL != "" {
			s.Snippet = embedSnippet(v.absURL(s.Embed), n.Title)
			s.OEmbed = v.absURL(d.Slug + "/" + oembedDir + "/" + stem + ".json")
		}
	}
	s.ImageURL = v.absURL(s.Image)
	s.Links = shareLinks(p.Canonical, p.Title, email)
	p.Share = s
	return nil
}

// embedSnippet is the HTML that puts the embed page at src, of the check
// titled title, in another page. Both are escaped for an attribute.
func embedSnippet(src, title string) string {
	return `<iframe src="` + html.EscapeString(src) + `" title="` + html.EscapeString(title) +
		`" width="` + strconv.Itoa(EmbedWidth) + `" height="` + strconv.Itoa(EmbedHeight) +
		`" style="border:0;max-width:100%" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>`
}

// oembed is the oEmbed description (https://oembed.com, type "rich") of
// check n of dossier d: its title, its embed page's snippet and its card,
// as its page's ShareView gives them (share).
func (v *SiteView) oembed(d *DossierView, n *NoteView) ([]byte, error) {
	stem := noteStem(n.File)
	snippet := embedSnippet(v.absURL(d.Slug+"/"+embedDir+"/"+stem+".html"), n.Title)
	image := v.absURL(d.Slug + "/" + cardDir + "/" + stem + ".png")
	author := v.Publisher
	if author == "" {
		author = v.Title
	}
	doc := struct {
		Version      string `json:"version"`
		Type         string `json:"type"`
		Title        string `json:"title"`
		AuthorName   string `json:"author_name"`
		AuthorURL    string `json:"author_url"`
		ProviderName string `json:"provider_name"`
		ProviderURL  string `json:"provider_url"`
		HTML         string `json:"html"`
		Width        int    `json:"width"`
		Height       int    `json:"height"`
		ThumbnailURL string `json:"thumbnail_url"`
		ThumbWidth   int    `json:"thumbnail_width"`
		ThumbHeight  int    `json:"thumbnail_height"`
	}{"1.0", "rich", n.Title, author, v.BaseURL, v.Title, v.BaseURL, snippet, EmbedWidth, EmbedHeight,
		image, card.Width, card.Height}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// logo decodes the site's logo for its cards: the file of static/ that
// the settings' "logo" names, or nil when the logo is an address, is not
// a file of the site (check says so) or is not set.
func siteLogo(s *site.Site) (*card.Logo, diag.List) {
	var diags diag.List
	if s.Settings == nil || s.Settings.Logo == "" || strings.Contains(s.Settings.Logo, ":") {
		return nil, nil
	}
	for _, f := range s.Static {
		if f.Name != s.Settings.Logo {
			continue
		}
		logo, err := card.NewLogo(f.Data)
		if err != nil {
			pos := s.Settings.LogoPos
			diags.Warnf(s.Settings.Path, pos.Line, pos.Col, "the share images go without the logo %s/%s: %s", site.StaticDir, f.Name, strings.TrimPrefix(err.Error(), "card: logo: "))
			return nil, diags
		}
		return logo, nil
	}
	return nil, nil
}

// logoSum is the digest of the file of static/ that the settings' "logo"
// names, or 0 when there is none.
func logoSum(s *site.Site) uint64 {
	if s.Settings == nil || s.Settings.Logo == "" {
		return 0
	}
	for _, f := range s.Static {
		if f.Name == s.Settings.Logo {
			return Digest(f.Data)
		}
	}
	return 0
}

// CheckLogo warns of a logo of the site's settings that its share images
// cannot show (see card.NewLogo), at the setting: the images are made
// without it.
func CheckLogo(s *site.Site) diag.List {
	_, diags := siteLogo(s)
	return diags
}

// shareJobs returns the jobs of the files of sharing of the dossiers of
// outs, in their summary views. The cards
// are drawn by cards, or afresh when it is nil. Their models are in the
// words of each dossier's language.
func (v *SiteView) shareJobs(theme *Theme, cards Cards, live *liveView, o *dossierOutput) []job {
	if cards == nil {
		cards = drawCards{}
	}
	// The models are made when a file is, so that a dev server, which
	// lists every file on each save, pays only for the names; from the
	// latest view (see liveView), which is v during a build.
	var jobs []job
	d := o.view
	tr := func(v *SiteView) *i18n.Translator { return theme.translator(v.page(d.Language, "../")) }
	jobs = append(jobs, job{d.Slug + "/" + dossierCard, func() ([]byte, error) {
		v := live.Load()
		m, err := v.dossierCard(tr(v), d)
		if err != nil {
			return nil, err
		}
		return cards.Dossier(m)
	}})
	for _, n := range d.Notes {
		stem := noteStem(n.File)
		jobs = append(jobs, job{d.Slug + "/" + cardDir + "/" + stem + ".png", func() ([]byte, error) {
			v := live.Load()
			m, err := v.noteCard(tr(v), d, n)
			if err != nil {
				return nil, err
			}
			return cards.Note(m)
		}})
		jobs = append(jobs, job{d.Slug + "/" + embedDir + "/" + stem + ".html", func() ([]byte, error) {
			v := live.Load()
			p, err := theme.embedPage(v, d, n)
			if err != nil {
				return nil, err
			}
			return theme.page(p.Kind, p)
		}})
		if v.BaseURL != "" {
			jobs = append(jobs, job{d.Slug + "/" + oembedDir + "/" + stem + ".json", func() ([]byte, error) {
				return live.Load().oembed(d, n)
			}})
		}
	}
	return jobs
}

// embedPage is the embed page of check n of dossier d, from the page of
// the check: its Canonical stays the check's.
func (t *Theme) embedPage(v *SiteView, d *DossierView, n *NoteView) (*Page, error) {
	_, p, err := t.dossierPage(v, d, n.File)
	if err != nil {
		return nil, err
	}
	p.Kind, p.Path, p.Root, p.JSONLD = embedKind, p.Share.Embed, "../../", nil
	return p, nil
}

// embedKind is the page template of a check's embed page, whose template
// is "embed" rather than "base": a page of its own, with no header, menu
// or footer, and its style inline.
const embedKind = "embed"

// entry is the template that renders a page of the template kind.
func entry(kind string) string {
	if kind == embedKind {
		return embedKind
	}
	return "base"
}
