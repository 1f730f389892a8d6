// Package check holds the editorial rules a reviewer relies on, beyond
// what a build needs to succeed: every check cites a source, every source
// has an archived copy (a warning), no source is given two kinds in one
// dossier (a warning), dates are in order, a note reviewed against an older version of its seed is flagged,
// a note left as its skeleton is flagged, and links between the site's
// pages resolve; and, given the published state, no published note changes
// its verdict or quote without a correction, or disappears (Published). It
// reads the loaded models and reports; it never touches the network.
package check

import (
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/dossier-org/dossier/internal/archive"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/render"
	"github.com/dossier-org/dossier/internal/site"
)

// Site applies the editorial rules to s, rendered with theme.
func Site(s *site.Site, theme *render.Theme) diag.List {
	var diags diag.List
	pages := Pages(s, theme)
	for _, d := range s.Dossiers {
		for _, list := range [][]*site.Note{d.Notes, d.Unanchored, d.Drafts} {
			for _, n := range list {
				note(&diags, d, n, pages)
			}
		}
		sourceKinds(&diags, d)
	}
	// The drafts left out of the build are checked too, against the site
	// as built: a draft's problems are warnings, so that one unfinished
	// note never blocks the site (but "check --strict" still fails on it).
	for _, d := range s.Drafts {
		for _, list := range [][]*site.Note{d.Notes, d.Unanchored, d.Drafts} {
			for _, n := range list {
				note(&diags, d, n, pages)
			}
		}
		sourceKinds(&diags, d)
	}
	// A logo given as a path within the site is the publisher's to put
	// there, in static/: structured data would point at nothing.
	if logo := s.Settings.Logo; logo != "" && !strings.Contains(logo, ":") {
		if _, ok := pages[logo]; !ok {
			pos := s.Settings.LogoPos
			diags.Warnf(s.Settings.Path, pos.Line, pos.Col, "the logo %q is not a file of the site: put it in %s/%s, or give an https:// address", logo, site.StaticDir, logo)
		}
	}
	for _, list := range [][]*site.Page{s.Pages, s.DraftPages} {
		for _, p := range list {
			start := len(diags)
			links(&diags, p.Path, p.Name+".html", p.Links, pages)
			if p.Draft {
				asWarnings(diags[start:])
			}
		}
	}
	diags.Sort()
	return diags
}

func note(diags *diag.List, d *site.Dossier, n *site.Note, pages map[string]int) {
	if n.Draft || d.Draft {
		start := len(*diags)
		defer func() { asWarnings((*diags)[start:]) }()
	}
	// A verdict must rest on evidence; a remark (a typo, the page's
	// furniture) gives none, and may cite a source or not.
	if len(n.Sources) == 0 && !n.IsRemark() {
		diags.Errorf(n.Path, n.TitlePos.Line, n.TitlePos.Col, "the note cites no source: add at least one under \"sources\"")
	}
	for _, src := range n.Sources {
		if src.Date != "" && n.Date != "" && src.Date > n.Date {
			diags.Errorf(n.Path, src.DatePos.Line, src.DatePos.Col, "source %q is dated %s, after the note's date %s", src.Title, src.Date, n.Date)
		}
		// Pages change and vanish: the evidence a verdict rests on is
		// kept where a reader can still see it as it was. An invented
		// example's addresses (example.org, .example) have no page to
		// keep.
		// A copy made before the page was published is a copy of
		// something else (another version, a page since reused).
		if src.Archived != "" && src.Date != "" && src.Archived < src.Date {
			diags.Warnf(n.Path, src.ArchivedPos.Line, src.ArchivedPos.Col, "the archived copy of source %q is dated %s, before the source's own date %s: it cannot be a copy of it; check its address under \"archive\"", src.Title, src.Archived, src.Date)
		}
		if src.URL != "" && src.Archive == "" && archive.Archivable(src.URL) {
			diags.Warnf(n.Path, src.Pos.Line, src.Pos.Col, "source %q has no archived copy: run \"dossier archive\" to have the Internet Archive make one, or give the address of one under \"archive\"", src.Title)
		}
	}
	if r := n.Retracted; r != nil && r.Date != "" && n.Date != "" && r.Date < n.Date {
		diags.Errorf(n.Path, n.RetractedPos.Line, n.RetractedPos.Col, "the retraction's date (%s) is before the note's \"date\" (%s)", r.Date, n.Date)
	}
	if n.Updated != "" && n.Date != "" && n.Updated < n.Date {
		diags.Errorf(n.Path, n.UpdatedPos.Line, n.UpdatedPos.Col, "\"updated\" (%s) is before \"date\" (%s)", n.Updated, n.Date)
	}
	// A note is published as its author leaves it: the skeleton that
	// "dossier new" writes must not reach readers half filled in.
	if n.Unfinished != "" {
		diags.Warnf(n.Path, n.UnfinishedPos.Line, n.UnfinishedPos.Col, "the note is unfinished: it still holds the skeleton's %q with nothing written under it: write that part, or remove the line", n.Unfinished)
	}
	// An absent claim means the quote; an empty one is the skeleton's.
	if !n.IsRemark() && n.ClaimPos.Line > 0 && strings.TrimSpace(n.Claim) == "" {
		diags.Warnf(n.Path, n.ClaimPos.Line, n.ClaimPos.Col, "\"claim\" is empty: restate the claim checked in under 75 characters, or remove the line to let the quote stand for it")
	}
	if sd := d.CheckedSeed(n); n.SeedSHA256 != "" && !strings.EqualFold(n.SeedSHA256, sd.SHA256) {
		diags.Warnf(n.Path, n.SeedSHA256Pos.Line, n.SeedSHA256Pos.Col,
			"%q has changed since this note was reviewed (its SHA-256 is now %s): check that the quote still means what the note says, then update \"seedSHA256\"", sd.Path, sd.SHA256)
	}
	revised(diags, d, n)
	links(diags, n.Path, d.Slug+"/"+n.Name+".html", n.Links, pages)
}

// asWarnings turns a draft's errors into warnings.
func asWarnings(l diag.List) {
	for i := range l {
		l[i].Severity = diag.Warning
	}
}

// links checks the relative links of the file at file, whose page is self,
// against the site's pages.
func links(diags *diag.List, file, self string, links []site.Link, pages map[string]int) {
	for _, l := range links {
		target, fragment, ok := resolve(self, l.Dest)
		line, col := l.Line, l.Col
		blocks, exists := pages[target]
		switch {
		case !ok:
			diags.Errorf(file, line, col, "link %q leaves the site: use an absolute https:// address for outside pages", l.Dest)
		case !exists:
			diags.Errorf(file, line, col, "link %q points to %q, which the site does not have", l.Dest, target)
		case fragment != "" && blocks > 0 && !paragraphExists(fragment, blocks):
			diags.Errorf(file, line, col, "link %q points to paragraph %q, but the article has %d paragraphs", l.Dest, "#"+fragment, blocks)
		}
	}
}

// Pages returns the path of every file the site will have with theme, as render.Files
// lists them; a dossier's article page maps to its number of paragraphs, so
// that links to #pN can be checked.
func Pages(s *site.Site, theme *render.Theme) map[string]int {
	pages := map[string]int{}
	for _, name := range render.Files(s, theme) {
		pages[name] = 0
	}
	for _, d := range s.Dossiers {
		pages[d.Slug+"/index.html"] = len(d.Seed.Blocks)
	}
	return pages
}

// resolve turns a relative link on the page at from into a site path; ok
// is false when it climbs above the site's root.
func resolve(from, dest string) (target, fragment string, ok bool) {
	u, err := url.Parse(dest)
	if err != nil {
		return "", "", false
	}
	p := u.Path
	if strings.HasPrefix(p, "/") {
		return "", "", false // root-relative links break in subfolders and over file://
	}
	target = path.Join(path.Dir(from), p)
	if target == ".." || strings.HasPrefix(target, "../") {
		return "", "", false
	}
	// A path ending in "/", "." or ".." names a folder, which the browser
	// opens at its index page.
	if last := path.Base(p); p == "" || strings.HasSuffix(p, "/") || last == "." || last == ".." {
		target = path.Join(target, "index.html")
	}
	return target, u.Fragment, true
}

func paragraphExists(fragment string, blocks int) bool {
	n, err := strconv.Atoi(strings.TrimPrefix(fragment, "p"))
	if !strings.HasPrefix(fragment, "p") || err != nil {
		return true // not a paragraph anchor: other ids are not checked
	}
	return n >= 1 && n <= blocks
}
