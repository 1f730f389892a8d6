package site

import (
	"strings"
	"testing"
	"testing/fstest"
)

const seedText = "Headline\n\nThe plot had two strands. The plot was old.\n\nOfficials  agreed.\n"

func note(quote, verdict string, extra ...string) *fstest.MapFile {
	fm := "---\ntitle: " + quote + " " + verdict + "\nquote: \"" + quote + "\"\nverdict: " + verdict + "\n" + strings.Join(extra, "\n")
	if len(extra) > 0 {
		fm += "\n"
	}
	return &fstest.MapFile{Data: []byte(fm + "---\nAnalysis.\n")}
}

func tree(files map[string]*fstest.MapFile) fstest.MapFS {
	fsys := fstest.MapFS{
		"seeds/a.txt":            {Data: []byte(seedText)},
		"content/a/_index.md":    {Data: []byte("---\nheadline: H\n---\n")},
		"content/_index.md":      {Data: []byte("---\ntitle: Site\n---\nIntro.\n")},
		"content/a/two.md":       note("two strands", "accurate"),
		"content/a/officials.md": note("Officials agreed", "opinion"),
	}
	for k, v := range files {
		if v == nil {
			delete(fsys, k)
		} else {
			fsys[k] = v
		}
	}
	return fsys
}

func TestLoadValid(t *testing.T) {
	s, diags := NewLoader().Load(tree(nil))
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	if len(s.Dossiers) != 1 || len(s.Dossiers[0].Notes) != 2 {
		t.Fatalf("dossiers %+v", s.Dossiers)
	}
	d := s.Dossiers[0]
	n := d.Notes[0]
	if n.Name != "two" || string(d.Seed.Data[n.Span.Start:n.Span.End]) != "two strands" || n.Line != 3 || n.Block != 1 {
		t.Errorf("first note %s at %v line %d block %d", n.Name, n.Span, n.Line, n.Block)
	}
	if got := string(d.Seed.Data[d.Notes[1].Span.Start:d.Notes[1].Span.End]); got != "Officials  agreed" {
		t.Errorf("second note matched %q", got)
	}
	if string(s.Intro) != "<p>Intro.</p>\n" || d.Title() != "H" {
		t.Errorf("intro %q title %q", s.Intro, d.Title())
	}
}

func TestLoadDiagnostics(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]*fstest.MapFile
		want  []string
	}{
		{
			name:  "dossier without seed and seed without dossier",
			files: map[string]*fstest.MapFile{"content/b/_index.md": {Data: []byte("x")}, "seeds/c.txt": {Data: []byte("c")}},
			want: []string{
				"content/b/: dossier has no seed: expected the article at \"seeds/b.txt\"",
				`seeds/c.txt: seed has no dossier: expected "content/c/_index.md"`,
			},
		},
		{
			name:  "unknown verdict with the scale",
			files: map[string]*fstest.MapFile{"content/a/two.md": note("two strands", "true")},
			want:  []string{`content/a/two.md:4:10: unknown verdict "true": the scale is "accurate", "mostly-accurate", "missing-context", "misleading", "inaccurate", "unsupported", "opinion"`},
		},
		{
			name:  "quote not found, with the closest passage",
			files: map[string]*fstest.MapFile{"content/a/two.md": note("The plot had three strands.", "accurate")},
			want:  []string{`content/a/two.md:3:8: quote not found in "seeds/a.txt"; the closest passage, at line 3, column 1, is "The plot had two strands."`},
		},
		{
			name:  "ambiguous quote lists every place",
			files: map[string]*fstest.MapFile{"content/a/two.md": note("The plot", "accurate")},
			want: []string{"content/a/two.md:3:8: quote occurs 2 times in \"seeds/a.txt\"; add \"occurrence: N\" (or \"prefix\"/\"suffix\") to choose one:" +
				"\n\t1. line 3, column 1: \"The plot had two strands. The plot…\"" +
				"\n\t2. line 3, column 27: \"The plot had two strands. The plot was old.\""},
		},
		{
			name:  "occurrence resolves the ambiguity",
			files: map[string]*fstest.MapFile{"content/a/two.md": note("The plot", "accurate", "occurrence: 2")},
		},
		{
			name: "duplicate titles, reserved and badly formed names",
			files: map[string]*fstest.MapFile{
				"content/a/index.md":     note("two strands", "accurate"),
				"content/a/Bad Name.md":  note("The plot was old", "accurate"),
				"content/a/notes.txt":    {Data: []byte("x")},
				"content/a/officials.md": nil,
			},
			want: []string{
				`content/a/Bad Name.md: note file name "Bad Name.md" makes a poor web address: use lower-case letters, digits and hyphens`,
				`content/a/index.md: the name "index" is taken by a page of the dossier: rename the file`,
				`content/a/notes.txt: warning: ignored: a dossier folder holds _index.md and one .md file per note`,
				`content/a/two.md:2:8: title "two strands accurate" is also the title of "content/a/index.md": each finding needs its own`,
			},
		},
		{
			name: "dossier slugs the site's own folders take",
			files: map[string]*fstest.MapFile{
				"seeds/tags.txt": {Data: []byte("Tags\n")}, "content/tags/_index.md": {Data: []byte("---\nheadline: T\n---\n")},
				"seeds/assets.txt": {Data: []byte("Assets\n")}, "content/assets/_index.md": {Data: []byte("---\nheadline: A\n---\n")},
			},
			want: []string{
				`content/assets/: the name "assets" is taken by the site's own files: rename the dossier's folder and its seed`,
				`content/tags/: the name "tags" is taken by the site's own files: rename the dossier's folder and its seed`,
			},
		},
		{
			name:  "missing dossier index",
			files: map[string]*fstest.MapFile{"content/a/_index.md": nil},
			want:  []string{"content/a/_index.md: missing: each dossier needs an _index.md with the article's metadata (headline, publisher, url, published)"},
		},
		{
			name:  "unsafe link in an analysis",
			files: map[string]*fstest.MapFile{"content/a/two.md": {Data: []byte("---\ntitle: T\nquote: two strands\nverdict: accurate\n---\nSee\n[this](javascript:alert(1)).\n")}},
			want:  []string{`content/a/two.md:7:8: only http and https links are accepted, found "javascript:alert(1)"`},
		},
		{
			name:  "invalid seed encoding",
			files: map[string]*fstest.MapFile{"seeds/a.txt": {Data: []byte("ok\n\xfe")}},
			want:  []string{`seeds/a.txt:2:1: the seed is not valid UTF-8 (byte 0xFE); the file looks like Windows-1252 or Latin-1, in which this byte is "þ": save it as UTF-8`},
		},
		{
			name:  "a methodology page in Windows-1252",
			files: map[string]*fstest.MapFile{"content/methodology.md": {Data: []byte("# How\n\nWe check every caf\xe9.\n")}},
			want:  []string{`content/methodology.md:3:19: the file is not valid UTF-8 (byte 0xE9); the file looks like Windows-1252 or Latin-1, in which this byte is "é": save it as UTF-8`},
		},
		{
			name:  "a note with a NUL byte",
			files: map[string]*fstest.MapFile{"content/a/two.md": {Data: []byte("---\ntitle: T\nquote: two strands\nverdict: accurate\n---\nSee\x00.\n")}},
			want:  []string{"content/a/two.md:6:4: the note contains a NUL byte: it is not a text file, or it was saved in a 16-bit encoding"},
		},
		{
			name: "an ambiguous quote lists its first ten places",
			files: map[string]*fstest.MapFile{
				"seeds/a.txt":            {Data: []byte(strings.Repeat("The plot. ", 1000) + "\n\nOfficials agreed. two strands")},
				"content/a/two.md":       note("plot", "accurate"),
				"content/a/officials.md": nil,
			},
			want: []string{"content/a/two.md:3:8: quote occurs 1,000 times in \"seeds/a.txt\"; add \"occurrence: N\" (or \"prefix\"/\"suffix\") to choose one:" +
				"\n\t1. line 1, column 5: \"The plot. The plot. The plot. The…\"" +
				"\n\t2. line 1, column 15: \"The plot. The plot. The plot. The plot. The…\"" +
				"\n\t3. line 1, column 25: \"The plot. The plot. The plot. The plot. The plot. The…\"" +
				"\n\t4. line 1, column 35: \"…The plot. The plot. The plot. The plot. The plot. The…\"" +
				"\n\t5. line 1, column 45: \"…The plot. The plot. The plot. The plot. The plot. The…\"" +
				"\n\t6. line 1, column 55: \"…The plot. The plot. The plot. The plot. The plot. The…\"" +
				"\n\t7. line 1, column 65: \"…The plot. The plot. The plot. The plot. The plot. The…\"" +
				"\n\t8. line 1, column 75: \"…The plot. The plot. The plot. The plot. The plot. The…\"" +
				"\n\t9. line 1, column 85: \"…The plot. The plot. The plot. The plot. The plot. The…\"" +
				"\n\t10. line 1, column 95: \"…The plot. The plot. The plot. The plot. The plot. The…\"" +
				"\n\t… and 990 more"},
		},
		{
			name: "a long closest passage is cut short",
			files: map[string]*fstest.MapFile{
				"seeds/a.txt":      {Data: []byte("Officials agreed. two strands\n\n" + strings.Repeat("word ", 100) + "end.\n")},
				"content/a/two.md": {Data: []byte("---\ntitle: T\nquote: " + strings.Repeat("word ", 90) + "ending\nverdict: accurate\n---\n")},
			},
			want: []string{`content/a/two.md:3:8: quote not found in "seeds/a.txt"; the closest passage, at line 3, column 51, is "` + strings.Repeat("word ", 40) + `…"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := NewLoader().Load(tree(tt.files))
			got := strings.TrimSuffix(diags.String(), "\n")
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
