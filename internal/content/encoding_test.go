package content

import (
	"os"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/anchor"
)

// TestNoteEncoding checks that a note that is not UTF-8 text is refused at
// its first bad byte, with the encoding it is likely in named, instead of
// being published with U+FFFD in place of its characters.
func TestNoteEncoding(t *testing.T) {
	tests := []struct {
		file string
		want string // the diagnostic, or "" for none
	}{
		{"windows1252.md", `n.md:2:14: the note is not valid UTF-8 (byte 0xE9); the file looks like Windows-1252 or Latin-1, in which this byte is "é": save it as UTF-8`},
		{"utf16le.md", "n.md:1:1: the note is UTF-16 (little endian), not UTF-8: save it as UTF-8"},
		{"utf16be-nobom.md", "n.md:1:1: the note is UTF-16 (big endian), not UTF-8: save it as UTF-8"},
		{"nul.md", "n.md:6:4: the note contains a NUL byte: it is not a text file, or it was saved in a 16-bit encoding"},
		{"bom.md", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			n, diags := ParseNote("n.md", "n", data)
			got := strings.TrimSpace(diags.String())
			if got != tt.want {
				t.Fatalf("diagnostics:\n%s\nwant:\n%s", got, tt.want)
			}
			if tt.want != "" && n != nil {
				t.Errorf("a note that is not text was parsed: %+v", n)
			}
			if tt.want == "" && (n == nil || n.Title != "A café") {
				t.Errorf("note = %+v", n)
			}
		})
	}
}

// TestIndexEncoding checks the site settings and a dossier's _index.md the
// same way.
func TestIndexEncoding(t *testing.T) {
	data := []byte("---\ntitle: \"Caf\xe9\"\n---\n")
	if s, diags := ParseSite("content/_index.md", data); s != nil || !strings.Contains(diags.String(), "content/_index.md:2:12: the file is not valid UTF-8 (byte 0xE9)") {
		t.Errorf("site settings: %v\n%s", s, diags)
	}
	if d, diags := ParseDossier("content/x/_index.md", data); d != nil || !strings.Contains(diags.String(), "content/x/_index.md:2:12: the file is not valid UTF-8 (byte 0xE9)") {
		t.Errorf("dossier: %v\n%s", d, diags)
	}
}

// TestNoteLimits checks that a quote, prefix or suffix over its limit is
// reported at its value, with its length, and is not looked up.
func TestNoteLimits(t *testing.T) {
	long := strings.Repeat("é", anchor.MaxQuote+1)
	tests := []struct {
		name, front, want string
	}{
		{"quote", "quote: " + long, "n.md:3:8: the quote is 2,001 characters long; the most accepted is 2,000"},
		{"prefix", "quote: q\nprefix: " + long[:2*(anchor.MaxContext+1)], "n.md:4:9: the prefix is 501 characters long; the most accepted is 500"},
		{"suffix", "quote: q\nsuffix: \"" + long[:2*(anchor.MaxContext+1)] + "\"", "n.md:4:9: the suffix is 501 characters long; the most accepted is 500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, diags := ParseNote("n.md", "n", []byte("---\ntitle: T\n"+tt.front+"\nverdict: accurate\n---\n"))
			if got := strings.TrimSpace(diags.String()); got != tt.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tt.want)
			}
			if n == nil || n.Quote != "" {
				t.Errorf("note %+v: want its quote left out", n)
			}
		})
	}
	n, diags := ParseNote("n.md", "n", []byte("---\ntitle: T\nquote: "+long[:2*anchor.MaxQuote]+"\nverdict: accurate\n---\n"))
	if len(diags) > 0 || n == nil || n.Quote == "" {
		t.Errorf("a quote at the limit: %v", diags)
	}
}

// TestFileSize checks that a Markdown file over MaxFileSize is refused at
// the byte where it crosses the limit.
func TestFileSize(t *testing.T) {
	data := []byte("---\ntitle: T\nquote: q\nverdict: accurate\n---\n" + strings.Repeat("word ", MaxFileSize/5) + "\n")
	n, diags := ParseNote("n.md", "n", data)
	want := "n.md:6:1048533: the note is 1,048,620 bytes long; the most accepted is 1,048,576 (1 MiB)"
	if got := strings.TrimSpace(diags.String()); n != nil || got != want {
		t.Errorf("got %v\n%s\nwant\n%s", n, got, want)
	}
}

// TestTextLimits checks that the texts shown on many pages are bounded,
// each reported at its value: a site title of 60 KB would be on every page.
func TestTextLimits(t *testing.T) {
	long := strings.Repeat("ab ", 100) + "ab"
	_, diags := ParseSite("s.md", []byte("---\ntitle: "+long+"\ndescription: "+strings.Repeat("x", MaxText+1)+"\nratings:\n  - {key: a, label: "+long+"}\n---\n"))
	want := "s.md:2:8: \"title\" is 302 characters long; the most accepted is 300\n" +
		"s.md:3:14: \"description\" is 1,001 characters long; the most accepted is 1,000\n" +
		"s.md:5:21: \"label\" is 302 characters long; the most accepted is 300\n"
	if got := diags.String(); got != want {
		t.Errorf("site:\n%s\nwant:\n%s", got, want)
	}
	_, diags = ParseDossier("d.md", []byte("---\nheadline: "+long+"\n---\n"))
	if got := diags.String(); got != "d.md:2:11: \"headline\" is 302 characters long; the most accepted is 300\n" {
		t.Errorf("dossier: %s", got)
	}
	_, diags = ParseNote("n.md", "n", []byte("---\ntitle: "+long+"\nquote: q\nverdict: v\ntags: [a, "+long+"]\nsources:\n  - {title: "+long+", url: 'https://e.org'}\n---\n"))
	want = "n.md:2:8: \"title\" is 302 characters long; the most accepted is 300\n" +
		"n.md:5:11: each item of \"tags\" must be at most 300 characters long; this one has 302\n" +
		"n.md:7:13: \"title\" is 302 characters long; the most accepted is 300\n"
	if got := diags.String(); got != want {
		t.Errorf("note:\n%s\nwant:\n%s", got, want)
	}
}
