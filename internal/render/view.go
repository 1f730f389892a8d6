package render

import (
	"html/template"
	"net/url"
	"strings"

	"dossier/internal/content"
	"dossier/internal/rating"
	"dossier/internal/site"
)

// Page is what a page template receives.
type Page struct {
	Kind        string
	Title       string
	Description string
	// Root is the relative path from the page to the site's root ("" or
	// "../"), so that every link works at a domain root, in a subfolder and
	// over file://.
	Root     string
	Site     *SiteView
	Dossiers []*DossierView
	Dossier  *DossierView
	Note     *NoteView
}

// SiteView is the site as templates see it.
type SiteView struct {
	Title, Description, Language, BaseURL, Publisher string
	Intro                                            template.HTML
	Scale                                            rating.Scale
	dossiers                                         []*DossierView
}

// DossierView is a dossier as templates see it.
type DossierView struct {
	Slug, Title, Publisher, Author, URL, Published, Archive, Retrieved string
	// Link is the dossier page's path from the site root.
	Link             string
	Intro            template.HTML
	Article          template.HTML
	Notes            []*NoteView
	Counts           []Count
	SeedPath, SHA256 string
	SeedSize         int
}

// Count is how many notes of a dossier have one rating.
type Count struct {
	Rating rating.Rating
	Count  int
}

// NoteView is a note as templates see it.
type NoteView struct {
	// N numbers the note within its dossier, from 1, in article order.
	N                                                          int
	Name, Title, Quote, Claim, Claimant, Author, Date, Updated string
	Reviewers, Tags                                            []string
	Rating                                                     rating.Rating
	Corrections                                                []content.Correction
	Sources                                                    []SourceView
	HTML                                                       template.HTML
	// Context is the quote's paragraph with the quote marked.
	Context template.HTML
	// File is the note page's file name within its dossier's folder.
	File       string
	Line       int
	BlockID    string
	Prev, Next *NoteView
}

// SourceView is a source as templates see it.
type SourceView struct {
	content.Source
	// Link goes to the source, straight to the quoted passage when there is
	// one.
	Link string
}

func newSiteView(s *site.Site) *SiteView {
	v := &SiteView{
		Title:       s.Settings.Title,
		Description: s.Settings.Description,
		Language:    s.Settings.Language,
		BaseURL:     s.Settings.BaseURL,
		Publisher:   s.Settings.Publisher,
		Intro:       trusted(s.Intro),
		Scale:       s.Scale,
	}
	for _, d := range s.Dossiers {
		v.dossiers = append(v.dossiers, newDossierView(s, d))
	}
	return v
}

func (v *SiteView) page(kind, root, title, description string) *Page {
	return &Page{Kind: kind, Title: title, Description: description, Root: root, Site: v, Dossiers: v.dossiers}
}

func newDossierView(s *site.Site, d *site.Dossier) *DossierView {
	dv := &DossierView{
		Slug:     d.Slug,
		Title:    d.Title(),
		Link:     d.Slug + "/index.html",
		Intro:    trusted(d.Intro),
		SeedPath: d.Seed.Path,
		SHA256:   d.Seed.SHA256,
		SeedSize: len(d.Seed.Data),
	}
	if m := d.Meta; m != nil {
		dv.Publisher, dv.Author, dv.URL, dv.Published, dv.Archive, dv.Retrieved = m.Publisher, m.Author, m.URL, m.Published, m.Archive, m.Retrieved
	}
	counts := map[string]int{}
	for i, n := range d.Notes {
		r, _ := s.Scale.Get(n.Verdict)
		nv := &NoteView{
			N: i + 1, Name: n.Name, Title: n.Title, Quote: n.Quote, Claim: n.Claim, Claimant: n.Claimant,
			Author: n.Author, Date: n.Date, Updated: n.Updated, Reviewers: n.Reviewers, Tags: n.Tags,
			Rating: r, Corrections: n.Corrections, HTML: trusted(n.HTML),
			File: n.Name + ".html", Line: n.Line, BlockID: d.Seed.Blocks[n.Block].ID,
		}
		for _, src := range n.Sources {
			nv.Sources = append(nv.Sources, SourceView{Source: src, Link: fragmentLink(src.URL, src.Quote)})
		}
		counts[n.Verdict]++
		dv.Notes = append(dv.Notes, nv)
	}
	for i, nv := range dv.Notes {
		if i > 0 {
			nv.Prev = dv.Notes[i-1]
		}
		if i+1 < len(dv.Notes) {
			nv.Next = dv.Notes[i+1]
		}
	}
	for _, r := range s.Scale {
		if c := counts[r.Key]; c > 0 {
			dv.Counts = append(dv.Counts, Count{Rating: r, Count: c})
		}
	}
	a := &annotator{seed: d.Seed, notes: d.Notes, views: dv.Notes}
	dv.Article = a.article()
	for i, n := range d.Notes {
		dv.Notes[i].Context = a.context(n, i)
	}
	return dv
}

// trusted marks HTML produced by the markdown package, which escapes all
// text and drops raw HTML, as safe to insert.
func trusted(b []byte) template.HTML { return template.HTML(b) }

// fragmentLink adds a text fragment (#:~:text=) to u so that a browser
// scrolls to and highlights the quoted passage of the source.
func fragmentLink(u, quote string) string {
	quote = strings.Join(strings.Fields(quote), " ")
	if u == "" || quote == "" {
		return u
	}
	enc := url.PathEscape(quote)
	// The fragment directive gives '-', ',' and '&' meanings of their own.
	enc = strings.NewReplacer("-", "%2D", ",", "%2C", "&", "%26").Replace(enc)
	if strings.Contains(u, "#") {
		return u + ":~:text=" + enc
	}
	return u + "#:~:text=" + enc
}
