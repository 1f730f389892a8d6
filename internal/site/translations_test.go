package site

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// translated is a source tree of dossiers a, b, c and d sharing one seed's
// text, whose _index.md files have the front matter given (a's is the
// tree's own when not given).
func translated(fronts map[string]string) fstest.MapFS {
	files := map[string]*fstest.MapFile{}
	for slug, front := range fronts {
		files["seeds/"+slug+".txt"] = &fstest.MapFile{Data: []byte(seedText)}
		files["content/"+slug+"/_index.md"] = &fstest.MapFile{Data: []byte("---\nheadline: H " + slug + "\n" + front + "---\n")}
	}
	return tree(files)
}

// TestTranslations checks the translation groups: each problem of
// translationOf and language is reported at its place, all at once, and
// the groups and languages of a good site.
func TestTranslations(t *testing.T) {
	tests := []struct {
		name   string
		fronts map[string]string
		want   []string
		groups map[string][]string // slug → group
		langs  []string
	}{
		{
			name:   "one language",
			fronts: map[string]string{"b": ""},
			langs:  []string{"en"},
			groups: map[string][]string{},
		},
		{
			name:   "an original and two translations",
			fronts: map[string]string{"b": "language: fr\ntranslationOf: a\n", "c": "language: ar\ntranslationOf: a\n", "d": "language: fr\n"},
			langs:  []string{"en", "ar", "fr"},
			groups: map[string][]string{"a": {"a", "b", "c"}, "b": {"a", "b", "c"}, "c": {"a", "b", "c"}},
		},
		{
			name:   "unknown slug",
			fronts: map[string]string{"b": "language: fr\ntranslationOf: nowhere\n"},
			want:   []string{`content/b/_index.md:4:16: "translationOf" names "nowhere", which is not a dossier: expected "content/nowhere/_index.md"`},
			langs:  []string{"en", "fr"},
			groups: map[string][]string{},
		},
		{
			name:   "a hostile slug is quoted, control characters escaped",
			fronts: map[string]string{"b": "language: fr\ntranslationOf: \"\\e[2J<b>\"\n"},
			want:   []string{`content/b/_index.md:4:16: "translationOf" must be the slug of a dossier, the name of its folder in content/, found "\x1b[2J<b>"`},
			langs:  []string{"en", "fr"},
			groups: map[string][]string{},
		},
		{
			name:   "a path is not a slug",
			fronts: map[string]string{"b": "language: fr\ntranslationOf: ../a\n"},
			want:   []string{`content/b/_index.md:4:16: "translationOf" must be the slug of a dossier, the name of its folder in content/, found "../a"`},
			langs:  []string{"en", "fr"},
			groups: map[string][]string{},
		},
		{
			name:   "itself",
			fronts: map[string]string{"b": "translationOf: b\nlanguage: fr\n"},
			want:   []string{`content/b/_index.md:3:16: "translationOf" names this dossier itself: it names the dossier this one translates`},
			langs:  []string{"en", "fr"},
			groups: map[string][]string{},
		},
		{
			name:   "chain",
			fronts: map[string]string{"b": "language: fr\ntranslationOf: a\n", "c": "language: de\ntranslationOf: b\n"},
			want:   []string{`content/c/_index.md:4:16: "translationOf" names "b", which is itself a translation (of "a"): a translation names the original, the dossier that translates none`},
			langs:  []string{"en", "de", "fr"},
			groups: map[string][]string{"a": {"a", "b"}, "b": {"a", "b"}},
		},
		{
			name:   "cycle",
			fronts: map[string]string{"b": "language: fr\ntranslationOf: c\n", "c": "language: de\ntranslationOf: b\n"},
			want: []string{
				`content/b/_index.md:4:16: "translationOf" names "c", which is itself a translation (of "b"): a translation names the original, the dossier that translates none`,
				`content/c/_index.md:4:16: "translationOf" names "b", which is itself a translation (of "c"): a translation names the original, the dossier that translates none`,
			},
			langs:  []string{"en", "de", "fr"},
			groups: map[string][]string{},
		},
		{
			name:   "same language twice, by case too, and by default",
			fronts: map[string]string{"b": "language: FR\ntranslationOf: a\n", "c": "language: fr\ntranslationOf: a\n", "d": "translationOf: a\n"},
			want: []string{
				`content/c/_index.md:3:11: "c" is in "fr", as "b" is: each dossier of a translation group is in a language of its own (set "language" in its _index.md)`,
				`content/d/_index.md:3:16: "d" is in "en", as "a" is: each dossier of a translation group is in a language of its own (set "language" in its _index.md)`,
			},
			langs:  []string{"en", "FR"},
			groups: map[string][]string{"a": {"a", "b"}, "b": {"a", "b"}},
		},
		{
			name:   "bad tag",
			fronts: map[string]string{"b": "language: fr_FR\ntranslationOf: a\n"},
			want: []string{
				`content/b/_index.md:3:11: "language" must be a language tag such as "en" or "pt-BR", found "fr_FR"`,
				`content/b/_index.md:4:16: "b" is in "en", as "a" is: each dossier of a translation group is in a language of its own (set "language" in its _index.md)`,
			},
			langs:  []string{"en"},
			groups: map[string][]string{},
		},
		{
			name:   "translations of a draft left out",
			fronts: map[string]string{"a": "draft: true\n", "b": "language: fr\ntranslationOf: a\n", "c": "language: de\ntranslationOf: a\n"},
			langs:  []string{"en", "de", "fr"},
			groups: map[string][]string{"b": {"b", "c"}, "c": {"b", "c"}},
		},
		{
			name:   "a draft's problem is a warning",
			fronts: map[string]string{"b": "draft: true\ntranslationOf: zz\n"},
			want:   []string{`content/b/_index.md:4:16: warning: "translationOf" names "zz", which is not a dossier: expected "content/zz/_index.md"`},
			langs:  []string{"en"},
			groups: map[string][]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, diags := NewLoader().Load(translated(tt.fronts))
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if !slices.Equal(s.Languages, tt.langs) {
				t.Errorf("languages %q, want %q", s.Languages, tt.langs)
			}
			groups := map[string][]string{}
			for slug, g := range s.Translations {
				for _, d := range g {
					groups[slug] = append(groups[slug], d.Slug)
				}
			}
			if len(groups) != len(tt.groups) {
				t.Errorf("groups %q, want %q", groups, tt.groups)
			}
			for slug, g := range tt.groups {
				if !slices.Equal(groups[slug], g) {
					t.Errorf("group of %s: %q, want %q", slug, groups[slug], g)
				}
			}
		})
	}
}
