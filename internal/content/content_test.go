package content

import (
	"strconv"
	"strings"
	"testing"
)

// TestNoteDiagnostics checks that each mistake is reported at its exact
// line and column, all of them in one pass.
func TestNoteDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "valid",
			src:  "---\ntitle: T\nquote: \"q\"\nverdict: accurate\n---\nBody\n",
		},
		{
			name: "unterminated front matter",
			src:  "---\ntitle: T\n",
			want: []string{`n.md:1:1: front matter is not closed: add a line "---" after it`},
		},
		{
			name: "no front matter",
			src:  "Just text\n",
			want: []string{`n.md:1:1: a note must start with front matter between "---" lines (title, quote, verdict, sources)`},
		},
		{
			name: "YAML syntax error points at its line",
			src:  "---\ntitle: T\nquote: \"unclosed\nverdict: accurate\n---\n",
			want: []string{"n.md:3:8: invalid YAML"},
		},
		{
			name: "an unclosed quote is named where the parser stops later",
			src:  "---\ntitle: \"open\nquote: \"x\"\nverdict: accurate\n---\n",
			want: []string{"n.md:3:9: invalid YAML"},
		},
		{
			name: "tab indentation",
			src:  "---\ntitle: T\nsources:\n\t- title: x\n---\n",
			want: []string{"n.md:4:1: tab used for indentation"},
		},
		{
			name: "an archived copy's date, valid and not",
			src:  "---\ntitle: T\nquote: q\nverdict: accurate\nsources:\n  - title: A\n    url: https://example.org/a\n    archive: https://web.archive.org/web/20260101000000/https://example.org/a\n    archived: 2026-01-01\n  - title: B\n    url: https://example.org/b\n    archived: 2026-01-02\n  - {title: C, url: \"https://example.org/c\", archive: \"https://web.archive.org/web/2026/https://example.org/c\", archived: soon}\n---\n",
			want: []string{
				`n.md:12:5: "archived" gives the date of an archived copy, but the source has no "archive": add its address, or remove "archived"`,
				`n.md:13:123: "archived" must be a date written YYYY-MM-DD, found "soon"`,
			},
		},
		{
			name: "each kind of source",
			src:  "---\ntitle: T\nquote: q\nverdict: accurate\nsources:\n  - {title: A, url: \"https://example.org/a\", kind: primary}\n  - {title: B, url: \"https://example.org/b\", kind: wire}\n  - {title: C, url: \"https://example.org/c\", kind: news}\n  - {title: D, url: \"https://example.org/d\", kind: analysis}\n  - {title: E, url: \"https://example.org/e\", kind: reference}\n  - {title: F, url: \"https://example.org/f\", kind: copy}\n  - {title: G, url: \"https://example.org/g\"}\n---\n",
		},
		{
			name: "an unknown source kind is blamed at its value, with the kinds and a hint",
			src:  "---\ntitle: T\nquote: q\nverdict: accurate\nsources:\n  - title: A\n    url: https://example.org/a\n    kind:  blog\n  - title: B\n    url: https://example.org/b\n    kind: Primary\n  - {title: C, url: \"https://example.org/c\", kind: tweet}\n  - {title: D, url: \"https://example.org/d\", kind: [primary]}\n---\n",
			want: []string{
				`n.md:8:12: unknown source kind "blog": a source is one of primary, wire, news, analysis, reference, copy, or has no kind (a blog that reproduces another source is copy; one that argues its own case is analysis)`,
				`n.md:11:11: unknown source kind "Primary": a source is one of primary, wire, news, analysis, reference, copy, or has no kind (did you mean "primary"?)`,
				`n.md:12:52: unknown source kind "tweet": a source is one of primary, wire, news, analysis, reference, copy, or has no kind`,
				`n.md:13:52: "kind" must be a single value, found a list`,
			},
		},
		{
			name: "duplicate key",
			src:  "---\ntitle: T\ntitle: U\n---\n",
			want: []string{`n.md:3:1: key "title" is given twice`},
		},
		{
			name: "missing required keys, typo, wrong types, bad dates and URLs",
			src: strings.Join([]string{
				"---",
				"title: [a, b]",
				"verdcit: accurate",
				"occurrence: zero",
				"date: 25/11/2026",
				"tags: [ok, {a: b}]",
				"sources:",
				"  - title: S",
				"    url: javascript:alert(1)",
				"    date: tomorrow",
				"  - url: \"https://example.org/\"",
				"    pubisher: X",
				"corrections: nope",
				"---",
				"",
			}, "\n"),
			want: []string{
				`n.md:2:1: the note is missing the required key "quote"`,
				`n.md:2:1: the note is missing the required key "verdict"`,
				`n.md:2:8: "title" must be a single value, found a list`,
				`n.md:3:1: warning: unknown key "verdcit" in the note's front matter (did you mean "verdict"?)`,
				`n.md:4:13: "occurrence" must be a whole number of at least 1, found "zero"`,
				`n.md:5:7: "date" must be a date written YYYY-MM-DD, found "25/11/2026"`,
				`n.md:6:12: each item of "tags" must be a single value, found a map of keys`,
				`n.md:9:10: "url": only http and https URLs are accepted, found "javascript:alert(1)"`,
				`n.md:10:11: "date" must be a date written YYYY-MM-DD, or YYYY-MM or YYYY when only the month or the year is known, found "tomorrow"`,
				`n.md:11:5: a source is missing the required key "title"`,
				`n.md:12:5: warning: unknown key "pubisher" in a source (did you mean "publisher"?)`,
				`n.md:13:14: "corrections" must be a list (lines starting with "- "), found a single value`,
			},
		},
		{
			name: "a remark needs no verdict",
			src:  "---\nkind: remark\ntitle: T\nquote: \"q\"\nauthor: A\ndate: 2026-11-25\ntags: [typo]\n---\nBody\n",
		},
		{
			name: "a remark's verdict, claim and claimant are each blamed at their key",
			src:  "---\nkind: remark\ntitle: T\nquote: \"q\"\nverdict: accurate\nclaim: \"c\"\n  # a comment\nclaimant:   Someone\n---\n",
			want: []string{
				`n.md:5:1: a remark has no verdict: remove it, or drop kind: remark to rate the claim`,
				`n.md:6:1: a remark has no claim: remove it, or drop kind: remark to rate the claim`,
				`n.md:8:1: a remark has no claimant: remove it, or drop kind: remark to rate the claim`,
			},
		},
		{
			name: "a claimant typed as a person or an organization",
			src:  "---\ntitle: T\nquote: \"q\"\nverdict: accurate\nclaimant: The mayor\nclaimantType: person\n---\n",
		},
		{
			name: "an unknown claimantType is blamed at its value, with the types",
			src:  "---\ntitle: T\nquote: \"q\"\nverdict: accurate\nclaimant: The mayor\nclaimantType:  Person\n---\n",
			want: []string{`n.md:6:16: unknown claimantType "Person": a claimant is one of organization, person`},
		},
		{
			name: "a claimantType without a claimant",
			src:  "---\ntitle: T\nquote: \"q\"\nverdict: accurate\nclaimantType: person\n---\n",
			want: []string{`n.md:5:15: warning: "claimantType" says what the claimant is, but the note names no claimant`},
		},
		{
			name: "a remark has no claimantType",
			src:  "---\nkind: remark\ntitle: T\nquote: \"q\"\nclaimantType: person\n---\n",
			want: []string{`n.md:5:1: a remark has no claimantType: remove it, or drop kind: remark to rate the claim`},
		},
		{
			name: "an empty verdict key on a remark",
			src:  "---\ntitle: T\nquote: \"q\"\nkind: remark\nverdict:\n---\n",
			want: []string{`n.md:5:1: a remark has no verdict: remove it, or drop kind: remark to rate the claim`},
		},
		{
			name: "a remark still needs a title and a quote",
			src:  "---\nkind: remark\n---\n",
			want: []string{
				`n.md:2:1: the remark is missing the required key "quote"`,
				`n.md:2:1: the remark is missing the required key "title"`,
			},
		},
		{
			name: "a check without a verdict is an error, kind given or not",
			src:  "---\ntitle: T\nquote: \"q\"\nkind: check\n---\n",
			want: []string{`n.md:2:1: the note is missing the required key "verdict"`},
		},
		{
			name: "an unknown kind is blamed at its value, with the kinds",
			src:  "---\ntitle: T\nquote: \"q\"\nkind:   Remark\n---\n",
			want: []string{`n.md:4:9: unknown kind "Remark": a note is one of check, remark (without a kind, a check)`},
		},
		{
			name: "a source's kind given to the note",
			src:  "---\ntitle: T\nquote: \"q\"\nverdict: accurate\nkind: primary\n---\n",
			want: []string{`n.md:5:7: unknown kind "primary": a note is one of check, remark (without a kind, a check); a source's kind is given in its entry under "sources"`},
		},
		{
			name: "a kind that is not a single value",
			src:  "---\ntitle: T\nquote: \"q\"\nverdict: accurate\nkind: [remark]\n---\n",
			want: []string{`n.md:5:7: "kind" must be a single value, found a list`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := ParseNote("n.md", "n", []byte(tt.src))
			diags.Sort()
			if len(diags) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(diags), len(tt.want), diags)
			}
			for i, d := range diags {
				if !strings.HasPrefix(d.String(), tt.want[i]) {
					t.Errorf("diagnostic %d:\n got %s\nwant %s", i, d, tt.want[i])
				}
				if strings.Contains(tt.name, "unclosed quote") && !strings.HasSuffix(d.String(), "(line 2 opens a double-quoted string that it does not close)") {
					t.Errorf("no hint at the open quote: %s", d)
				}
			}
		})
	}
}

func TestParseNoteFields(t *testing.T) {
	src := `---
title: "Finding"
quote: |
  a "quoted" span
occurrence: 2
verdict: misleading
reviewers: Ann
tags: [a, b]
date: 2026-11-25
updated: 2026-11-26T10:00:00Z
corrections:
  - date: 2026-11-26
    text: Fixed a date.
sources:
  - title: Report
    url: https://example.org/r
    quote: the passage
---
Analysis.
`
	n, diags := ParseNote("x/n.md", "n", []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if n.Quote != `a "quoted" span` || n.QuotePos != (Pos{3, 8}) {
		t.Errorf("quote %q at %v", n.Quote, n.QuotePos)
	}
	if n.Occurrence != 2 || n.Verdict != "misleading" || n.VerdictPos != (Pos{6, 10}) {
		t.Errorf("occurrence %d verdict %q at %v", n.Occurrence, n.Verdict, n.VerdictPos)
	}
	if len(n.Reviewers) != 1 || n.Reviewers[0] != "Ann" || len(n.Tags) != 2 {
		t.Errorf("reviewers %v tags %v", n.Reviewers, n.Tags)
	}
	if n.Date != "2026-11-25" || n.Updated != "2026-11-26" {
		t.Errorf("dates %q %q", n.Date, n.Updated)
	}
	if len(n.Corrections) != 1 || n.Corrections[0].Text != "Fixed a date." {
		t.Errorf("corrections %+v", n.Corrections)
	}
	if len(n.Sources) != 1 || n.Sources[0].URL != "https://example.org/r" || n.Sources[0].Pos != (Pos{15, 5}) {
		t.Errorf("sources %+v", n.Sources)
	}
	if string(n.Body) != "Analysis.\n" || n.BodyLine != 19 {
		t.Errorf("body %q at line %d", n.Body, n.BodyLine)
	}
}

func TestParseSite(t *testing.T) {
	s, diags := ParseSite("content/_index.md", []byte("---\ntitle: T\nbaseURL: https://example.org/facts\nratings:\n  - key: true\n    label: True\n    value: 2\n  - label: Nope\n---\nHello"))
	if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), `content/_index.md:8:5: a rating is missing the required key "key"`) {
		t.Fatalf("diags: %s", diags)
	}
	if s.BaseURL != "https://example.org/facts/" || s.Language != "en" || len(s.Ratings) != 2 || s.Ratings[0].Value != 2 {
		t.Errorf("site %+v", s)
	}
}

// TestParseRemark checks what a remark holds: its kind, no verdict, and the
// keys it shares with a check.
func TestParseRemark(t *testing.T) {
	src := "---\nkind: remark\ntitle: \"A typo\"\nquote: county\nauthor: Ed\ndate: 2026-11-25\ntags: [typo]\ncorrections:\n  - {date: 2026-11-26, text: Reworded.}\nsources:\n  - {title: S, url: \"https://example.org/\"}\n---\nThe article means \"country\".\n"
	n, diags := ParseNote("n.md", "n", []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if !n.IsRemark() || n.Kind != KindRemark || n.KindPos != (Pos{2, 7}) {
		t.Errorf("kind %q at %v, remark %v", n.Kind, n.KindPos, n.IsRemark())
	}
	if n.Verdict != "" || n.Claim != "" || n.Title != "A typo" || n.Quote != "county" || n.Author != "Ed" || len(n.Tags) != 1 || len(n.Corrections) != 1 || len(n.Sources) != 1 {
		t.Errorf("remark %+v", n)
	}
	// A verdict written on a remark is reported, and not kept: nothing
	// downstream may count it.
	r, diags := ParseNote("r.md", "r", []byte("---\nkind: remark\ntitle: T\nquote: q\nverdict: nonsense\nclaim: c\n---\n"))
	if len(diags) != 2 || r.Verdict != "" || r.Claim != "" {
		t.Errorf("a remark kept verdict %q and claim %q; %s", r.Verdict, r.Claim, diags)
	}
	c, diags := ParseNote("c.md", "c", []byte("---\ntitle: T\nquote: q\nverdict: accurate\n---\n"))
	if len(diags) > 0 || c.Kind != KindCheck || c.IsRemark() {
		t.Errorf("a note without a kind: kind %q, %s", c.Kind, diags)
	}
}

// TestRatingKeysAndColors checks that a rating's key and colour, which
// become class names, ids, selectors and CSS, are refused at their own
// position unless they are a slug and a hexadecimal colour.
func TestRatingKeysAndColors(t *testing.T) {
	tests := []struct {
		rating string
		want   string // the diagnostic, or "" for none
	}{
		{`{key: true, label: "True", color: "#1a7f37"}`, ""},
		{`{key: 4-stars, label: "Four", color: "#ABC"}`, ""},
		{`{key: half-true, label: "Half"}`, ""},
		{`{key: 'x" onmouseover="alert(1)', label: L}`, `content/_index.md:3:11: rating key "x\" onmouseover=\"alert(1)" is not a slug`},
		{`{key: invérifiable, label: L}`, `content/_index.md:3:11: rating key "invérifiable" is not a slug: use lower-case letters a-z, digits and single hyphens between them (such as "inverifiable")`},
		{`{key: Accurate, label: L}`, `content/_index.md:3:11: rating key "Accurate" is not a slug`},
		{`{key: half--true, label: L}`, `content/_index.md:3:11: rating key "half--true" is not a slug`},
		{`{key: -x, label: L}`, `content/_index.md:3:11: rating key "-x" is not a slug`},
		{`{key: a_b, label: L}`, `content/_index.md:3:11: rating key "a_b" is not a slug`},
		{`{key: "a b", label: L}`, `content/_index.md:3:11: rating key "a b" is not a slug`},
		{`{key: ` + strings.Repeat("a", 65) + `, label: L}`, `content/_index.md:3:11: rating key "` + strings.Repeat("a", 65) + `" is longer than 64 characters`},
		{`{key: k, label: L, color: "red;} body{display:none"}`, `content/_index.md:3:31: rating color "red;} body{display:none" is not a hexadecimal colour`},
		{`{key: k, label: L, color: "</style><script>"}`, `content/_index.md:3:31: rating color "</style><script>" is not a hexadecimal colour`},
		{`{key: k, label: L, color: red}`, `content/_index.md:3:31: rating color "red" is not a hexadecimal colour`},
		{`{key: k, label: L, color: "#12345"}`, `content/_index.md:3:31: rating color "#12345" is not a hexadecimal colour`},
	}
	for _, tt := range tests {
		_, diags := ParseSite("content/_index.md", []byte("---\nratings:\n  - "+tt.rating+"\n---\n"))
		switch {
		case tt.want == "" && len(diags) > 0:
			t.Errorf("%s: %s", tt.rating, diags)
		case tt.want != "" && (len(diags) != 1 || !strings.HasPrefix(diags[0].String(), tt.want)):
			t.Errorf("%s:\n got %s\nwant %s", tt.rating, diags, tt.want)
		}
	}
}

// TestSiteLanguage checks that the language, written into every page's
// lang attribute, is a language tag, refused at its position
// otherwise.
func TestSiteLanguage(t *testing.T) {
	tests := []struct{ lang, want string }{
		{"en", ""},
		{"pt-BR", ""},
		{"zh-Hant-TW", ""},
		{"de-CH-1996", ""},
		{`en" onload="alert(1)`, `content/_index.md:2:11: "language" must be a language tag such as "en" or "pt-BR", found "en\" onload=\"alert(1)"`},
		{"english", `content/_index.md:2:11: "language" must be a language tag such as "en" or "pt-BR", found "english"`},
		{"en_US", `content/_index.md:2:11: "language" must be a language tag such as "en" or "pt-BR", found "en_US"`},
		{"fr-", `content/_index.md:2:11: "language" must be a language tag such as "en" or "pt-BR", found "fr-"`},
	}
	for _, tt := range tests {
		s, diags := ParseSite("content/_index.md", []byte("---\nlanguage: "+strconv.Quote(tt.lang)+"\n---\n"))
		switch {
		case tt.want == "" && (len(diags) > 0 || s.Language != tt.lang):
			t.Errorf("%s: %s, language %q", tt.lang, diags, s.Language)
		case tt.want != "" && (len(diags) != 1 || diags[0].String() != tt.want):
			t.Errorf("%s:\n got %s\nwant %s", tt.lang, diags, tt.want)
		}
	}
}

// TestClaimantType checks that the claimant's type is kept as written,
// and that a bad one is dropped, so that no unknown type reaches the
// structured data.
func TestClaimantType(t *testing.T) {
	for _, tt := range []struct{ value, want string }{
		{"person", ClaimantPerson},
		{"organization", ClaimantOrganization},
		{"robot", ""},
		{"", ""},
	} {
		n, _ := ParseNote("n.md", "n", []byte("---\ntitle: T\nquote: q\nverdict: accurate\nclaimant: C\nclaimantType: \""+tt.value+"\"\n---\n"))
		if n.ClaimantType != tt.want {
			t.Errorf("claimantType %q: kept %q, want %q", tt.value, n.ClaimantType, tt.want)
		}
	}
}

// TestSiteLogo checks the logo setting: an absolute http or https URL or
// a path within the site, anything else an error at the value, and
// dropped.
func TestSiteLogo(t *testing.T) {
	tests := []struct{ logo, want string }{
		{"https://example.org/logo.png", ""},
		{"assets/logo.png", ""},
		{"logo.svg", ""},
		{"javascript:alert(1)", `content/_index.md:2:7: "logo": only http and https URLs are accepted, found "javascript:alert(1)"`},
		{"/logo.png", `content/_index.md:2:7: "logo": must be an http or https URL or a path within the site such as "assets/logo.png", found "/logo.png"`},
		{"//evil.example/logo.png", `content/_index.md:2:7: "logo": must be an http or https URL or a path within the site such as "assets/logo.png", found "//evil.example/logo.png"`},
		{"../logo.png", `content/_index.md:2:7: "logo": a path within the site may not have "." or ".." segments, found "../logo.png"`},
		{"a/./b.png", `content/_index.md:2:7: "logo": a path within the site may not have "." or ".." segments, found "a/./b.png"`},
		{"logo.png?x=1", `content/_index.md:2:7: "logo": must be an http or https URL or a path within the site such as "assets/logo.png", found "logo.png?x=1"`},
		{`a"b.png`, `content/_index.md:2:7: "logo": must be an http or https URL or a path within the site such as "assets/logo.png", found "a\"b.png"`},
		{"a\\b.png", `content/_index.md:2:7: "logo": must be an http or https URL or a path within the site such as "assets/logo.png", found "a\\b.png"`},
	}
	for _, tt := range tests {
		s, diags := ParseSite("content/_index.md", []byte("---\nlogo: "+strconv.Quote(tt.logo)+"\n---\n"))
		switch {
		case tt.want == "" && (len(diags) > 0 || s.Logo != tt.logo):
			t.Errorf("%s: %s, logo %q", tt.logo, diags, s.Logo)
		case tt.want != "" && (len(diags) != 1 || diags[0].String() != tt.want || s.Logo != ""):
			t.Errorf("%s:\n got %s (logo kept: %q)\nwant %s", tt.logo, diags, s.Logo, tt.want)
		}
	}
}

// TestDossierLanguage checks that a dossier's and a page's language are
// checked as the site's is, at their positions, and that translationOf is
// read with its position.
func TestDossierLanguage(t *testing.T) {
	tests := []struct{ front, lang, of, want string }{
		{"language: fr\ntranslationOf: bridge", "fr", "bridge", ""},
		{"language: pt-BR", "pt-BR", "", ""},
		{"headline: H\nlanguage: french", "", "", `content/x/_index.md:3:11: "language" must be a language tag such as "en" or "pt-BR", found "french"`},
		{"language: \"fr\\\" onload=\\\"x\"", "", "", `content/x/_index.md:2:11: "language" must be a language tag such as "en" or "pt-BR", found "fr\" onload=\"x"`},
	}
	for _, tt := range tests {
		d, diags := ParseDossier("content/x/_index.md", []byte("---\n"+tt.front+"\n---\n"))
		if got := strings.TrimSpace(diags.String()); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.front, got, tt.want)
		}
		if d.Language != tt.lang || d.TranslationOf != tt.of {
			t.Errorf("%q: language %q, translationOf %q; want %q, %q", tt.front, d.Language, d.TranslationOf, tt.lang, tt.of)
		}
		if tt.of != "" && d.TranslationOfPos != (Pos{3, 16}) {
			t.Errorf("%q: translationOf at %v", tt.front, d.TranslationOfPos)
		}
	}
	p, diags := ParsePage("content/about.md", "about", []byte("---\ntitle: À propos\nlanguage: fr_FR\n---\n"))
	if want := `content/about.md:3:11: "language" must be a language tag such as "en" or "pt-BR", found "fr_FR"`; strings.TrimSpace(diags.String()) != want || p.Language != "" {
		t.Errorf("page: %s, language %q", diags, p.Language)
	}
	p, diags = ParsePage("content/about.md", "about", []byte("---\ntitle: À propos\nlanguage: fr\n---\n"))
	if len(diags) != 0 || p.Language != "fr" {
		t.Errorf("page: %s, language %q", diags, p.Language)
	}
}

// TestSiteBrand checks the brand's settings, which are written into a
// stylesheet: the accent colour must be a colour that passes contrast, the
// font a plain list of family names; anything else is an error at the
// value, and dropped.
func TestSiteBrand(t *testing.T) {
	tests := []struct{ key, value, want string }{
		{"accent", "#0550ae", ""},
		{"accent", "#A31515", ""},
		{"accent", "#fc0", `content/_index.md:2:9: "accent": colour #fc0 has contrast 1.51:1 against the page's white, and links in it need 4.5:1: choose a darker colour`},
		{"accent", "red", `content/_index.md:2:9: "accent": rating color "red" is not a hexadecimal colour: write #rgb or #rrggbb, such as "#1a7f37"`},
		{"accent", "#000; } body { display: none", `content/_index.md:2:9: "accent": rating color "#000; } body { display: none" is not a hexadecimal colour: write #rgb or #rrggbb, such as "#1a7f37"`},
		{"font", `Inter, "Source Sans 3", 'Noto Sans', sans-serif`, ""},
		{"font", "Vazirmatn", ""},
		{"font", "Times New Roman, serif", ""},
		{"font", `x; } body { background: url(https://evil.example/) }`, `content/_index.md:2:7: "font": family "x; } body { background: url(https://evil.example/) }" has ';': a family is a name of letters, digits, spaces, hyphens and underscores, such as "Source Sans 3"`},
		{"font", `url(https://evil.example/f.woff)`, `content/_index.md:2:7: "font": family "url(https://evil.example/f.woff)" has '(': a family is a name of letters, digits, spaces, hyphens and underscores, such as "Source Sans 3"`},
		{"font", `"Inter", sans-serif }`, `content/_index.md:2:7: "font": family "sans-serif }" has '}': a family is a name of letters, digits, spaces, hyphens and underscores, such as "Source Sans 3"`},
		{"font", `"Inter\", serif`, `content/_index.md:2:7: "font": family "\"Inter\\\"" has '\\': a family is a name of letters, digits, spaces, hyphens and underscores, such as "Source Sans 3"`},
		{"font", `Inter, inherit`, `content/_index.md:2:7: "font": family "inherit" is a keyword of CSS, not a font's name`},
		{"font", `Inter,, serif`, `content/_index.md:2:7: "font": has an empty family name in ""; write names separated by commas, such as "Inter, sans-serif"`},
		{"font", `a /* b */`, `content/_index.md:2:7: "font": family "a /* b */" has '/': a family is a name of letters, digits, spaces, hyphens and underscores, such as "Source Sans 3"`},
		{"font", strings.Repeat("a,", MaxFonts) + "b", `content/_index.md:2:7: "font": lists 17 families; at most 16 are allowed`},
	}
	for _, tt := range tests {
		s, diags := ParseSite("content/_index.md", []byte("---\n"+tt.key+": "+strconv.Quote(tt.value)+"\n---\n"))
		got := s.Accent
		if tt.key == "font" {
			got = s.Font
		}
		switch {
		case tt.want == "" && (len(diags) > 0 || got != tt.value):
			t.Errorf("%s %s: %s, kept %q", tt.key, tt.value, diags, got)
		case tt.want != "" && (len(diags) != 1 || diags[0].String() != tt.want || got != ""):
			t.Errorf("%s %s:\n got %s (kept: %q)\nwant %s", tt.key, tt.value, diags, got, tt.want)
		}
	}
}

// TestSourceKind checks that a source's kind is kept with where it is
// given, and that a source without one has none.
func TestSourceKind(t *testing.T) {
	src := "---\ntitle: T\nquote: q\nverdict: accurate\nsources:\n  - title: A\n    url: https://example.org/a\n    kind: wire\n  - {title: B, url: \"https://example.org/b\"}\n---\n"
	n, diags := ParseNote("n.md", "n", []byte(src))
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if got := n.Sources[0]; got.Kind != SourceWire || got.KindPos != (Pos{8, 11}) {
		t.Errorf("first source: kind %q at %v, want %q at 8:11", got.Kind, got.KindPos, SourceWire)
	}
	if got := n.Sources[1].Kind; got != "" {
		t.Errorf("second source: kind %q, want none", got)
	}
}

// TestSourceRank checks the order a note's sources are shown in: primary
// records, then wires, then the rest as listed, then copies.
func TestSourceRank(t *testing.T) {
	order := [][]string{{SourcePrimary}, {SourceWire}, {SourceNews, SourceAnalysis, SourceReference, ""}, {SourceCopy}}
	for i, group := range order {
		for _, k := range group {
			if got := SourceRank(k); got != i {
				t.Errorf("SourceRank(%q) = %d, want %d", k, got, i)
			}
		}
	}
	// Every kind is placed by this test: a new kind needs its place.
	covered := 0
	for _, group := range order {
		covered += len(group)
	}
	if covered != len(SourceKinds)+1 {
		t.Errorf("the test orders %d kinds and none, but there are %d kinds", covered-1, len(SourceKinds))
	}
}

// TestRestsOnCopies checks which notes rest on copies alone: a check whose
// every source is a copy, and no other.
func TestRestsOnCopies(t *testing.T) {
	const head = "---\ntitle: T\nquote: q\n"
	tests := []struct {
		name, front string
		want        bool
	}{
		{"copies alone", "verdict: accurate\nsources:\n  - {title: A, url: \"https://e.org/a\", kind: copy}\n  - {title: B, url: \"https://e.org/b\", kind: copy}\n", true},
		{"a copy beside a wire", "verdict: accurate\nsources:\n  - {title: A, url: \"https://e.org/a\", kind: copy}\n  - {title: B, url: \"https://e.org/b\", kind: wire}\n", false},
		{"a copy beside a source of no kind", "verdict: accurate\nsources:\n  - {title: A, url: \"https://e.org/a\", kind: copy}\n  - {title: B, url: \"https://e.org/b\"}\n", false},
		{"no source", "verdict: accurate\n", false},
		{"a remark", "kind: remark\nsources:\n  - {title: A, url: \"https://e.org/a\", kind: copy}\n", false},
		{"a withdrawn check", "verdict: accurate\nretracted: {date: 2026-01-01, reason: R}\nsources:\n  - {title: A, url: \"https://e.org/a\", kind: copy}\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, diags := ParseNote("n.md", "n", []byte(head+tt.front+"---\n"))
			if len(diags) != 0 {
				t.Fatal(diags)
			}
			if got := n.RestsOnCopies(); got != tt.want {
				t.Errorf("RestsOnCopies() = %v, want %v", got, tt.want)
			}
		})
	}
}
