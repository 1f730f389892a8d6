package seed

import (
	"errors"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/textcheck"
)

func TestParseBlocks(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		want  []string // block texts
		lines []int
		title string
	}{
		{
			name:  "copyright line then headline",
			data:  "© 2024 Example Media. All rights reserved.\nHeadline here\n\nFirst para.\n",
			want:  []string{"© 2024 Example Media. All rights reserved.\nHeadline here", "First para."},
			lines: []int{1, 4},
			title: "Headline here",
		},
		{
			name:  "NBSP-only line separates paragraphs and NBSP inside is kept",
			data:  "One\u00a0two.\n\u00a0\nThree.",
			want:  []string{"One\u00a0two.", "Three."},
			lines: []int{1, 3},
			title: "One\u00a0two.",
		},
		{
			name:  "CRLF line endings",
			data:  "First line.\r\nSame para.\r\n\r\nSecond.\r\n",
			want:  []string{"First line.\r\nSame para.", "Second."},
			lines: []int{1, 4},
			title: "First line.",
		},
		{
			name:  "byte order mark is not part of the first block",
			data:  "\uFEFFTitle\n\nBody.",
			want:  []string{"Title", "Body."},
			lines: []int{1, 3},
			title: "Title",
		},
		{
			name:  "no trailing newline and extra blank lines",
			data:  "\n\nA\n\n\n\nB",
			want:  []string{"A", "B"},
			lines: []int{3, 7},
			title: "A",
		},
		{
			name:  "empty",
			data:  "",
			title: "slug",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("slug", "seeds/slug.txt", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if string(s.Data) != tt.data {
				t.Errorf("Data changed: %q", s.Data)
			}
			if len(s.Blocks) != len(tt.want) {
				t.Fatalf("got %d blocks %+v, want %d", len(s.Blocks), s.Blocks, len(tt.want))
			}
			for i, b := range s.Blocks {
				if got := s.Text(b); got != tt.want[i] {
					t.Errorf("block %d = %q, want %q", i, got, tt.want[i])
				}
				if b.Line != tt.lines[i] {
					t.Errorf("block %d line = %d, want %d", i, b.Line, tt.lines[i])
				}
				if want := "p" + string(rune('1'+i)); b.ID != want {
					t.Errorf("block %d id = %q, want %q", i, b.ID, want)
				}
			}
			if got := s.Title(); got != tt.title {
				t.Errorf("Title() = %q, want %q", got, tt.title)
			}
		})
	}
}

func TestPosition(t *testing.T) {
	s, err := Parse("x", "x.txt", []byte("\uFEFFab\n“cd” e"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		off, line, col int
	}{
		{3, 1, 1},  // after the BOM
		{4, 1, 2},  // b
		{6, 2, 1},  // the curly quote
		{9, 2, 2},  // c, after a 3-byte quote
		{15, 2, 6}, // e
	}
	for _, tt := range tests {
		line, col := s.Position(tt.off)
		if line != tt.line || col != tt.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.off, line, col, tt.line, tt.col)
		}
	}
}

// TestParseRefuses checks that a seed that is not UTF-8 text, or too large,
// is refused with the place of the first bad byte as data.
func TestParseRefuses(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		line, col int
		msg       string
	}{
		{"invalid UTF-8", "ok\nbad \xff here", 2, 5, `the seed is not valid UTF-8 (byte 0xFF); the file looks like Windows-1252 or Latin-1, in which this byte is "ÿ": save it as UTF-8`},
		{"a BOM is not a column", "\uFEFFab\x93quoted\x94", 1, 3, `the seed is not valid UTF-8 (byte 0x93); the file looks like Windows-1252 or Latin-1, in which this byte is "“": save it as UTF-8`},
		{"NUL", "a\x00b", 1, 2, "the seed contains a NUL byte: it is not a text file, or it was saved in a 16-bit encoding"},
		{"UTF-16", "\xff\xfeT\x00i\x00", 1, 1, "the seed is UTF-16 (little endian), not UTF-8: save it as UTF-8"},
		{"too large", strings.Repeat("word ", MaxSize/5) + "\nlast line", 2, 3, "the seed is 8,388,615 bytes long; the most accepted is 8,388,608 (8 MiB)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("x", "x.txt", []byte(tt.data))
			var te *textcheck.Error
			if !errors.As(err, &te) {
				t.Fatalf("Parse = %v, %v; want a *textcheck.Error", s, err)
			}
			if te.Line != tt.line || te.Col != tt.col || te.Msg != tt.msg {
				t.Errorf("got %d:%d: %s\nwant %d:%d: %s", te.Line, te.Col, te.Msg, tt.line, tt.col, tt.msg)
			}
		})
	}
	if _, err := Parse("x", "x.txt", []byte(strings.Repeat("x", MaxSize))); err != nil {
		t.Errorf("a seed of MaxSize bytes: %v", err)
	}
}

func TestSHA256(t *testing.T) {
	s, _ := Parse("x", "x.txt", []byte("abc"))
	if s.SHA256 != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("SHA256 = %s", s.SHA256)
	}
}

// TestTitleCut checks that a seed's first line, shown as the title on every
// page of its dossier, is cut at textcheck.MaxLine characters.
func TestTitleCut(t *testing.T) {
	s, err := Parse("x", "x.txt", []byte(strings.Repeat("é ", 1<<20)+"\n\nBody."))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.Title(), strings.TrimSpace(strings.Repeat("é ", textcheck.MaxLine/2))+"…"; got != want {
		t.Errorf("Title = %q (%d bytes), want %q", got, len(got), want)
	}
	s, _ = Parse("x", "x.txt", []byte("© 2024 Example\nHeadline"))
	if got := s.Title(); got != "Headline" {
		t.Errorf("Title = %q", got)
	}
}
