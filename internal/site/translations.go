package site

import (
	"cmp"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/dossier-org/dossier/internal/diag"
)

// PageLanguage is the language page p is written in: the language its front
// matter gives, or else the site's.
func (s *Site) PageLanguage(p *Page) string {
	return cmp.Or(p.Language, s.Settings.Language)
}

// SameLanguage reports whether two language tags name the same language:
// tags are compared without regard to case, as BCP 47 says.
func SameLanguage(a, b string) bool { return strings.EqualFold(a, b) }

// translations checks each dossier's translationOf and fills in the site's
// Translations and Languages.
//
// The model: a translation group is an original, a dossier whose _index.md
// has no translationOf, and every dossier whose translationOf names it. A
// translation names the original itself, never another translation, so a
// group has no chains and no cycles; and each dossier of a group is in a
// language of its own. Drafts are checked too (their problems are
// warnings), and a group's drafts left out of the build are left out of
// it.
func (s *Site) translations(diags *diag.List) {
	all := map[string]*Dossier{}
	for _, list := range [][]*Dossier{s.Dossiers, s.Drafts} {
		for _, d := range list {
			all[d.Slug] = d
		}
	}
	of := func(d *Dossier) string {
		if d.Meta == nil {
			return ""
		}
		return d.Meta.TranslationOf
	}
	groups := map[string][]*Dossier{} // by the original's slug, the original first
	for _, slug := range slices.Sorted(maps.Keys(all)) {
		d := all[slug]
		target := of(d)
		if target == "" {
			groups[slug] = append([]*Dossier{d}, groups[slug]...)
			continue
		}
		report := func(format string, args ...any) {
			pos := d.Meta.TranslationOfPos
			ds := diag.List{}
			ds.Errorf(d.Meta.Path, pos.Line, pos.Col, format, args...)
			if d.Draft {
				ds = asWarnings(ds)
			}
			*diags = append(*diags, ds...)
		}
		o := all[target]
		switch {
		case !nameRE.MatchString(target):
			report("\"translationOf\" must be the slug of a dossier, the name of its folder in content/, found %q", target)
		case target == slug:
			report("\"translationOf\" names this dossier itself: it names the dossier this one translates")
		case o == nil:
			report("\"translationOf\" names %q, which is not a dossier: expected %q", target, path.Join(ContentDir, target, indexName))
		case of(o) != "":
			report("\"translationOf\" names %q, which is itself a translation (of %q): a translation names the original, the dossier that translates none", target, of(o))
		default:
			groups[target] = append(groups[target], d)
		}
	}
	published := map[*Dossier]bool{}
	for _, d := range s.Dossiers {
		published[d] = true
	}
	s.Translations = map[string][]*Dossier{}
	for _, original := range slices.Sorted(maps.Keys(groups)) {
		group := groups[original]
		if group[0].Slug != original {
			continue // translations of an original with problems of its own, reported above
		}
		var kept []*Dossier
		for _, d := range group {
			lang := d.Language
			if i := slices.IndexFunc(kept, func(k *Dossier) bool { return SameLanguage(k.Language, lang) }); i >= 0 {
				pos := d.Meta.LanguagePos
				if d.Meta.Language == "" {
					pos = d.Meta.TranslationOfPos
				}
				ds := diag.List{}
				ds.Errorf(d.Meta.Path, pos.Line, pos.Col, "%q is in %q, as %q is: each dossier of a translation group is in a language of its own (set \"language\" in its _index.md)", d.Slug, lang, kept[i].Slug)
				if d.Draft {
					ds = asWarnings(ds)
				}
				*diags = append(*diags, ds...)
				continue
			}
			kept = append(kept, d)
		}
		kept = slices.DeleteFunc(kept, func(d *Dossier) bool { return !published[d] })
		if len(kept) < 2 {
			continue
		}
		for _, d := range kept {
			s.Translations[d.Slug] = kept
		}
	}
	s.Languages = []string{s.Settings.Language}
	var others []string
	add := func(lang string) {
		if !slices.ContainsFunc(s.Languages, func(l string) bool { return SameLanguage(l, lang) }) &&
			!slices.ContainsFunc(others, func(l string) bool { return SameLanguage(l, lang) }) {
			others = append(others, lang)
		}
	}
	for _, d := range s.Dossiers {
		add(d.Language)
	}
	for _, p := range s.Pages {
		add(s.PageLanguage(p))
	}
	slices.SortFunc(others, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	s.Languages = append(s.Languages, others...)
}
