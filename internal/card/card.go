// Package card draws share images: the 1200 × 630 PNG pictures that social
// networks and chat programs show for a link (og:image, twitter:image).
//
// A note's card shows the verdict large, in its colour, beside the quote
// and who said it; a dossier's card shows the headline and a bar of its
// verdict counts. Both carry the site's name and logo.
//
// Text is shaped with HarfBuzz (github.com/go-text/typesetting) in the
// embedded Noto Sans and Noto Naskh Arabic fonts, so Latin, Greek,
// Cyrillic, Arabic and Persian are set properly, right-to-left and mixed
// runs included (a quote, byline or headline takes the direction of its
// first strong character, as HTML's dir="auto"); glyph outlines are
// rasterised with golang.org/x/image/vector. Characters the fonts lack
// (Chinese, Japanese, Korean, emoji and other scripts) are drawn as the
// empty box of a missing glyph.
//
// The words on a card (the verdict's label, the claimant line, the
// dossier's summary, the alt text's wording) are the caller's: they come
// from the site's translation tables, never from this package.
//
// Drawing is deterministic: the same model gives the same bytes, so a
// caller can cache cards by [NoteCard.Key] or [DossierCard.Key]. Note and
// Dossier are safe for concurrent use.
package card

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/language"
)

// Width and Height are the size of every card in pixels, the size the
// common social networks show large.
const (
	Width  = 1200
	Height = 630
)

// Version changes whenever a change to this package changes the bytes a
// model gives (its pixels, or only how they are encoded); it is part of
// every Key, so cached cards are made again.
const Version = 3

// Direction is the direction of a card's language: "ltr" or "rtl", as
// internal/i18n.Direction returns it. A right-to-left card is mirrored: the
// verdict stands on the right and text is aligned to the right.
type Direction string

// The directions.
const (
	LTR Direction = "ltr"
	RTL Direction = "rtl"
)

// A Mark is the shape drawn in a verdict's colour beside its label, a
// second cue for readers who do not tell the colours apart.
type Mark int

// The marks.
const (
	MarkDisc     Mark = iota // a plain disc
	MarkCheck                // a tick: the statement holds
	MarkCross                // a cross: the statement is false
	MarkExclaim              // an exclamation mark: a warning
	MarkQuestion             // a question mark: not settled
	MarkDots                 // three dots: more to it
	MarkQuote                // a quotation mark: an opinion
)

// DefaultMark returns the mark of a rating of the default scale
// (internal/rating.Default), MarkDisc for any other key.
func DefaultMark(key string) Mark {
	switch key {
	case "accurate", "mostly-accurate":
		return MarkCheck
	case "missing-context":
		return MarkDots
	case "misleading":
		return MarkExclaim
	case "inaccurate":
		return MarkCross
	case "unsupported":
		return MarkQuestion
	case "opinion":
		return MarkQuote
	}
	return MarkDisc
}

// Site is what a card shows of the site that publishes it.
type Site struct {
	// Name is the site's name, set small on every card.
	Name string
	// Logo is the site's logo, made once by NewLogo; nil for none.
	Logo *Logo
	// Accent is the site's brand colour ("#rgb" or "#rrggbb"), the
	// background of the band that carries the site's name on a dossier's
	// card; "" means a near-black. The text on it is white or black,
	// whichever contrasts more.
	Accent string
}

// maxCount bounds a verdict's count and maxVerdicts the number of counts,
// so that the bar's arithmetic cannot overflow.
const (
	maxCount    = 1 << 30
	maxVerdicts = 64
)

// Limits on a logo, checked before it is decoded.
const (
	MaxLogoBytes = 4 << 20
	MaxLogoSide  = 2048
)

// NoteCard is the model of a note's card.
type NoteCard struct {
	Site Site
	// Language is the BCP 47 tag of the card's text, used to choose
	// language-specific glyph forms (Persian digits, for example).
	Language string
	// Dir is the direction of the card's language; "" means LTR.
	Dir Direction
	// Kicker is a short line above the verdict, such as "Fact check";
	// "" for none.
	Kicker string
	// Quote is the claim checked, in any script. It is wrapped to at most
	// six lines and ends with an ellipsis when cut.
	Quote string
	// Byline says who made the claim and when ("Jane Doe · 3 March
	// 2026"), as the caller formats it; "" for none.
	Byline string
	// Verdict is the note's rating.
	Verdict Verdict
}

// Verdict is a rating as a card shows it.
type Verdict struct {
	// Label is the rating's name in the card's language ("Misleading").
	Label string
	// Color is the rating's colour, "#rgb" or "#rrggbb".
	Color string
	// Mark is the shape drawn beside the label.
	Mark Mark
}

// DossierCard is the model of a dossier's card.
type DossierCard struct {
	Site Site
	// Language and Dir are as in NoteCard.
	Language string
	Dir      Direction
	// Kicker is a short line above the headline, such as "Fact-check
	// dossier"; "" for none.
	Kicker string
	// Headline is the dossier's title, wrapped to at most three lines.
	Headline string
	// Summary is a line above the bar, such as "12 claims checked"; ""
	// for none.
	Summary string
	// Counts are the verdicts' counts in the order of the scale. Counts
	// of zero are left out of the bar and its legend.
	Counts []Count
}

// Count is the number of notes of one verdict.
type Count struct {
	Verdict Verdict
	N       int
	// Text is N as the card's language writes it ("۱۲" in Persian);
	// "" means N in ASCII digits.
	Text string
}

func (c Count) text() string {
	if c.Text != "" {
		return c.Text
	}
	return strconv.Itoa(c.N)
}

// Key returns a digest of everything in m that affects the card's pixels,
// and Version: equal keys give equal cards. It costs a hash of the model,
// nothing more.
func (m NoteCard) Key() string {
	h := newHasher("note")
	h.site(m.Site)
	h.str(m.Language, string(m.Dir), m.Kicker, m.Quote, m.Byline)
	h.verdict(m.Verdict)
	return h.sum()
}

// Key returns a digest of everything in m that affects the card's pixels,
// and Version: equal keys give equal cards.
func (m DossierCard) Key() string {
	h := newHasher("dossier")
	h.site(m.Site)
	h.str(m.Language, string(m.Dir), m.Kicker, m.Headline, m.Summary)
	h.int(len(m.Counts))
	for _, c := range m.Counts {
		h.verdict(c.Verdict)
		h.int(c.N)
		h.str(c.Text)
	}
	return h.sum()
}

// hasher writes every field length-first, so that no two models share an
// encoding.
type hasher struct{ b []byte }

func newHasher(kind string) *hasher {
	h := &hasher{}
	h.int(Version)
	h.str(kind)
	return h
}

func (h *hasher) int(n int) { h.b = binary.AppendVarint(h.b, int64(n)) }

func (h *hasher) str(ss ...string) {
	for _, s := range ss {
		h.int(len(s))
		h.b = append(h.b, s...)
	}
}

func (h *hasher) site(s Site) {
	h.str(s.Name, s.Accent)
	if s.Logo == nil {
		h.int(0)
		return
	}
	h.int(1)
	h.b = append(h.b, s.Logo.sum[:]...)
}

func (h *hasher) verdict(v Verdict) {
	h.str(v.Label, v.Color)
	h.int(int(v.Mark))
}

func (h *hasher) sum() string {
	s := sha256.Sum256(h.b)
	return hex.EncodeToString(s[:])
}

// Alt returns the alt text for m's card (og:image:alt), from format, the
// wording in the card's language. In format, {verdict}, {quote},
// {byline} and {site} stand for the verdict's label, the quote (cut to
// about 200 characters at a word, with "…"), the byline and the site's
// name; for example "Verdict: {verdict}. “{quote}” — {site}". Each is
// replaced once: the values are not read as a format.
func (m NoteCard) Alt(format string) string {
	return substitute(format,
		"{verdict}", clean(m.Verdict.Label),
		"{quote}", shorten(clean(m.Quote), 200),
		"{byline}", clean(m.Byline),
		"{site}", clean(m.Site.Name),
	)
}

// Alt returns the alt text for m's card, from format and countFormat,
// the wording in the card's language. In format, {headline}, {summary},
// {counts} and {site} stand for the headline, the summary, the counts
// and the site's name, e.g. "{headline}: {counts} — {site}". Each count
// is countFormat with {n} and {verdict} replaced (e.g. "{verdict}: {n}"),
// and the counts are joined with sep (e.g. ", "); counts of zero are
// left out as on the card.
func (m DossierCard) Alt(format, countFormat, sep string) string {
	var counts []string
	for _, c := range m.Counts {
		if c.N <= 0 {
			continue
		}
		counts = append(counts, substitute(countFormat,
			"{n}", clean(c.text()), "{verdict}", clean(c.Verdict.Label),
		))
	}
	return substitute(format,
		"{headline}", clean(m.Headline),
		"{summary}", clean(m.Summary),
		"{counts}", strings.Join(counts, sep),
		"{site}", clean(m.Site.Name),
	)
}

// substitute replaces each of the placeholders in format, given as pairs
// of a placeholder and its value, in one pass from the left, as a
// strings.Replacer would, without building one for each card: the values
// are not searched again.
func substitute(format string, pairs ...string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(format, '{')
		if i < 0 {
			b.WriteString(format)
			return b.String()
		}
		b.WriteString(format[:i])
		format = format[i:]
		n := 1
		for j := 0; j+1 < len(pairs); j += 2 {
			if strings.HasPrefix(format, pairs[j]) {
				b.WriteString(pairs[j+1])
				n = len(pairs[j])
				break
			}
		}
		if n == 1 {
			b.WriteByte('{')
		}
		format = format[n:]
	}
}

// shorten cuts s to at most n runes, at a space when there is one in the
// last third, and adds "…" when it cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n
	for i := n; i > n*2/3; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ") + "…"
}

// Note draws m's card as a PNG.
func Note(m NoteCard) ([]byte, error) {
	dir, lang, err := direction(m.Dir, m.Language)
	if err != nil {
		return nil, err
	}
	vc, err := parseColor(m.Verdict.Color)
	if err != nil {
		return nil, fmt.Errorf("card: verdict %q: %w", m.Verdict.Label, err)
	}
	r, err := getRenderer()
	if err != nil {
		return nil, err
	}
	defer putRenderer(r)
	cv := newCanvas(paper)
	defer putCanvas(cv)
	r.note(cv, m, dir, lang, vc)
	return cv.encode()
}

// Dossier draws m's card as a PNG.
func Dossier(m DossierCard) ([]byte, error) {
	dir, lang, err := direction(m.Dir, m.Language)
	if err != nil {
		return nil, err
	}
	if len(m.Counts) > maxVerdicts {
		return nil, fmt.Errorf("card: %d verdicts, more than the limit of %d", len(m.Counts), maxVerdicts)
	}
	colors := make([]color.RGBA, len(m.Counts))
	for i, c := range m.Counts {
		if colors[i], err = parseColor(c.Verdict.Color); err != nil {
			return nil, fmt.Errorf("card: verdict %q: %w", c.Verdict.Label, err)
		}
		if c.N < 0 || c.N > maxCount {
			return nil, fmt.Errorf("card: verdict %q: count %d out of range 0 to %d", c.Verdict.Label, c.N, maxCount)
		}
	}
	accent := ink
	if m.Site.Accent != "" {
		if accent, err = parseColor(m.Site.Accent); err != nil {
			return nil, fmt.Errorf("card: site accent: %w", err)
		}
	}
	r, err := getRenderer()
	if err != nil {
		return nil, err
	}
	defer putRenderer(r)
	cv := newCanvas(paper)
	defer putCanvas(cv)
	r.dossier(cv, m, dir, lang, colors, accent)
	return cv.encode()
}

func direction(d Direction, tag string) (di.Direction, language.Language, error) {
	lang := language.NewLanguage(tag)
	switch d {
	case "", LTR:
		return di.DirectionLTR, lang, nil
	case RTL:
		return di.DirectionRTL, lang, nil
	}
	return 0, lang, fmt.Errorf("card: direction %q: want %q or %q", string(d), LTR, RTL)
}

var errColor = errors.New(`colour: want "#rgb" or "#rrggbb"`)

// parseColor reads a CSS hex colour, "#rgb" or "#rrggbb".
func parseColor(s string) (color.RGBA, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "#") {
		return color.RGBA{}, fmt.Errorf("%q: %w", s, errColor)
	}
	h := s[1:]
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 {
		return color.RGBA{}, fmt.Errorf("%q: %w", s, errColor)
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return color.RGBA{}, fmt.Errorf("%q: %w", s, errColor)
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, nil
}
