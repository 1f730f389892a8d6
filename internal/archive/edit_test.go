package archive

import (
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/content"
)

// TestAddArchive checks the edit on notes written in every way YAML
// allows: the new keys go where they belong, and every other byte is
// kept.
func TestAddArchive(t *testing.T) {
	const arch = "https://web.archive.org/web/20261125101500/https://x.org/a"
	edit := Edit{URL: "https://x.org/a", Archive: arch, Archived: "2026-11-25"}
	note := func(front ...string) string {
		return "---\ntitle: T\nquote: q\nverdict: accurate\n" + strings.Join(front, "\n") + "\n---\nBody cites url: https://x.org/a\n"
	}
	tests := []struct {
		name string
		in   string
		e    Edit
		want string // "" means unchanged
		n    int
		err  string
	}{
		{
			name: "block map, quoted url in the middle",
			in:   note("sources:", `  - title: "Report"`, `    url: "https://x.org/a"`, `    date: "2026-01-02"`),
			want: note("sources:", `  - title: "Report"`, `    url: "https://x.org/a"`, `    archive: "`+arch+`"`, `    archived: "2026-11-25"`, `    date: "2026-01-02"`),
			n:    1,
		},
		{
			name: "block map, plain url first, on the dash's line",
			in:   note("sources:", `- url: https://x.org/a`, `  title: Report`),
			want: note("sources:", `- url: https://x.org/a`, `  archive: "`+arch+`"`, `  archived: 2026-11-25`, `  title: Report`),
			n:    1,
		},
		{
			name: "block map, url last, comments around",
			in:   note("sources: # the evidence", `  # first the report`, `  - title: Report # its own title`, `    url: https://x.org/a # as published`, `  # then the other`, `  - title: Other`, `    url: https://x.org/b`),
			want: note("sources: # the evidence", `  # first the report`, `  - title: Report # its own title`, `    url: https://x.org/a # as published`, `    archive: "`+arch+`"`, `    archived: 2026-11-25`, `  # then the other`, `  - title: Other`, `    url: https://x.org/b`),
			n:    1,
		},
		{
			name: "flow map in a block list",
			in:   note("sources:", `  - {title: Report, url: "https://x.org/a", date: 2026-01-02}`),
			want: note("sources:", `  - {title: Report, url: "https://x.org/a", archive: "`+arch+`", archived: "2026-11-25", date: 2026-01-02}`),
			n:    1,
		},
		{
			name: "flow list of flow maps, plain and single-quoted urls",
			in:   note(`sources: [{title: A, url: https://x.org/a}, {url: 'https://x.org/b', title: B}]`),
			e:    Edit{URL: "https://x.org/b", Archive: "https://web.archive.org/web/20261125101500/https://x.org/b", Archived: "2026-11-25"},
			want: note(`sources: [{title: A, url: https://x.org/a}, {url: 'https://x.org/b', archive: "https://web.archive.org/web/20261125101500/https://x.org/b", archived: "2026-11-25", title: B}]`),
			n:    1,
		},
		{
			// The sources after the edited one move along their line;
			// their kinds, given or not, are kept.
			name: "flow list of flow maps with kinds, the first edited",
			in:   note(`sources: [{title: A, url: https://x.org/a, kind: wire}, {url: 'https://x.org/b', title: B}, {title: C, url: https://x.org/c, kind: copy}]`),
			want: note(`sources: [{title: A, url: https://x.org/a, archive: "` + arch + `", archived: 2026-11-25, kind: wire}, {url: 'https://x.org/b', title: B}, {title: C, url: https://x.org/c, kind: copy}]`),
			n:    1,
		},
		{
			name: "flow list, plain url followed by the closing brace",
			in:   note(`sources: [{title: A, url: https://x.org/a}]`),
			want: note(`sources: [{title: A, url: https://x.org/a, archive: "` + arch + `", archived: 2026-11-25}]`),
			n:    1,
		},
		{
			name: "the same url cited twice, once archived",
			in:   note("sources:", `  - title: A`, `    url: https://x.org/a`, `  - {title: B, url: https://x.org/a, archive: "https://archive.ph/abc"}`, `  - title: C`, `    url: "https://x.org/a"`),
			want: note("sources:", `  - title: A`, `    url: https://x.org/a`, `    archive: "`+arch+`"`, `    archived: 2026-11-25`, `  - {title: B, url: https://x.org/a, archive: "https://archive.ph/abc"}`, `  - title: C`, `    url: "https://x.org/a"`, `    archive: "`+arch+`"`, `    archived: "2026-11-25"`),
			n:    2,
		},
		{
			name: "already archived",
			in:   note("sources:", `  - title: A`, `    archive: https://archive.ph/abc`, `    url: https://x.org/a`),
			n:    0,
		},
		{
			name: "another url",
			in:   note("sources:", `  - title: A`, `    url: https://x.org/ab`),
			n:    0,
		},
		{
			name: "no sources",
			in:   note("tags: [a]"),
			n:    0,
		},
		{
			name: "the url's value on the next line",
			in:   note("sources:", `  - title: A`, `    url:`, `      "https://x.org/a"`, `    date: 2026`),
			want: note("sources:", `  - title: A`, `    url:`, `      "https://x.org/a"`, `    archive: "`+arch+`"`, `    archived: "2026-11-25"`, `    date: 2026`),
			n:    1,
		},
		{
			name: "unicode before the url on its line",
			in:   note("sources:", `  - {title: "ایران و «آذربایجان» — ✓", url: "https://x.org/a"}`),
			want: note("sources:", `  - {title: "ایران و «آذربایجان» — ✓", url: "https://x.org/a", archive: "`+arch+`", archived: "2026-11-25"}`),
			n:    1,
		},
		{
			name: "a url with letters beyond ASCII",
			in:   note("sources:", `  - title: "ویکی"`, `    url: "https://fa.wikipedia.org/wiki/ایران"`),
			e:    Edit{URL: "https://fa.wikipedia.org/wiki/ایران", Archive: "https://web.archive.org/web/20261125101500/https://fa.wikipedia.org/wiki/%D8%A7%DB%8C%D8%B1%D8%A7%D9%86", Archived: "2026-11-25"},
			want: note("sources:", `  - title: "ویکی"`, `    url: "https://fa.wikipedia.org/wiki/ایران"`, `    archive: "https://web.archive.org/web/20261125101500/https://fa.wikipedia.org/wiki/%D8%A7%DB%8C%D8%B1%D8%A7%D9%86"`, `    archived: "2026-11-25"`),
			n:    1,
		},
		{
			name: "a plain url going on over the next line",
			in:   note("sources:", `  - title: A`, `    url: https://x.org/a`, `      continued`),
			e:    Edit{URL: "https://x.org/a continued", Archive: arch, Archived: "2026-11-25"},
			err:  "7:10: the url's value goes on over the next line",
		},
		{
			name: "a double-quoted url over two lines",
			in:   note("sources:", `  - title: A`, `    url: "https://x.org/a`, `      "`),
			e:    Edit{URL: "https://x.org/a", Archive: arch, Archived: "2026-11-25"},
			err:  "7:10: the url's value is not closed on its line",
		},
		{
			name: "a url as a block scalar",
			in:   note("sources:", `  - title: A`, `    url: >-`, `      https://x.org/a`),
			err:  "7:10: the url's value is not closed on its line",
		},
		{
			name: "an empty archive key",
			in:   note("sources:", `  - title: A`, `    url: https://x.org/a`, `    archive: ""`),
			err:  `8:5: the source has an empty "archive"`,
		},
		{
			name: "an archived date without archive",
			in:   note("sources:", `  - title: A`, `    url: https://x.org/a`, `    archived: 2026-01-01`),
			err:  `8:5: the source gives "archived" without "archive"`,
		},
		{
			name: "an archive address that is not printable ASCII",
			in:   note("sources:", `  - {title: A, url: https://x.org/a}`),
			e:    Edit{URL: "https://x.org/a", Archive: "https://web.archive.org/web/1/https://x.org/a\u202e", Archived: "2026-11-25"},
			err:  "not printable ASCII",
		},
		{
			name: "an archive address with a quote",
			in:   note("sources:", `  - {title: A, url: https://x.org/a}`),
			e:    Edit{URL: "https://x.org/a", Archive: `https://web.archive.org/web/1/https://x.org/a"b`, Archived: "2026-11-25"},
			err:  "malformed URL",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.e
			if e.URL == "" {
				e = edit
			}
			out, n, err := AddArchive([]byte(tt.in), e)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want == "" {
				want = tt.in
			}
			if n != tt.n || string(out) != want {
				t.Errorf("%d edits, want %d; got\n%s\nwant\n%s", n, tt.n, out, want)
			}
			if n == 0 {
				return
			}
			// The edited note reads as the same note with the copies.
			got, diags := content.ParseNote("n.md", "n", out)
			if diags.HasErrors() {
				t.Fatalf("the edited note has errors:\n%s", diags)
			}
			k := 0
			for _, s := range got.Sources {
				if s.URL == e.URL && s.Archive == e.Archive && s.Archived == e.Archived {
					k++
				}
			}
			if k != n {
				t.Errorf("%d sources read back with the archived copy, want %d", k, n)
			}
		})
	}
}

// TestAddArchiveCRLF: a file with Windows line ends keeps them, the new
// lines included, and a byte order mark stays.
func TestAddArchiveCRLF(t *testing.T) {
	lf := "\uFEFF---\ntitle: T\nquote: q\nverdict: accurate\nsources:\n  - title: A # first\n    url: \"https://x.org/a\"\n    date: 2026-01-02\n---\nBody\n"
	crlf := strings.ReplaceAll(lf, "\n", "\r\n")
	out, n, err := AddArchive([]byte(crlf), Edit{URL: "https://x.org/a", Archive: "https://web.archive.org/web/20261125101500/https://x.org/a", Archived: "2026-11-25"})
	if err != nil || n != 1 {
		t.Fatalf("%d edits, %v", n, err)
	}
	want := strings.ReplaceAll(strings.Replace(lf, "    date:", "    archive: \"https://web.archive.org/web/20261125101500/https://x.org/a\"\n    archived: \"2026-11-25\"\n    date:", 1), "\n", "\r\n")
	if string(out) != want {
		t.Errorf("got\n%q\nwant\n%q", out, want)
	}
}
