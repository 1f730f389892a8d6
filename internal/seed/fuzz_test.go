package seed

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dossier-org/dossier/internal/textcheck"
)

// FuzzSeedParse parses any bytes as a seed. A refusal must be a
// textcheck.Error inside the file, and only of bytes that are not text; an
// accepted seed's blocks must be in order, apart, inside the text, without
// blank lines at their edges, and placed on the right lines.
func FuzzSeedParse(f *testing.F) {
	for _, s := range []string{
		"Headline\n\nFirst para.\nSame para.\n\nSecond.",
		"\uFEFFTitle\r\n\r\nBody.\r\n",
		"One\u00a0two.\n\u00a0\nThree.",
		"\n\n\n",
		"© 2024 Example\nHeadline\n\n",
		"ok\nbad \xff here",
		"caf\xe9",
		"\xff\xfeH\x00i\x00",
		"a\x00b",
		"\uFEFF",
		"\t \n \t\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("slug", "seeds/slug.txt", data)
		if err != nil {
			var te *textcheck.Error
			if !errors.As(err, &te) {
				t.Fatalf("error %v is not a textcheck.Error", err)
			}
			if te.Line < 1 || te.Line > bytes.Count(data, []byte("\n"))+1 || te.Col < 1 {
				t.Fatalf("error at %d:%d, outside the %d bytes", te.Line, te.Col, len(data))
			}
			if utf8.Valid(data) && !bytes.ContainsFunc(data, func(r rune) bool {
				return r < ' ' && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f || r&0xFFFE == 0xFFFE || r >= 0xFDD0 && r <= 0xFDEF
			}) && !bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\r")) && len(data) <= MaxSize {
				t.Fatalf("text refused: %v", err)
			}
			return
		}
		if textcheck.Check(data, "the seed") != nil {
			t.Fatal("a seed that is not text was accepted")
		}
		prev := s.TextStart()
		for i, b := range s.Blocks {
			if b.Start < prev || b.End <= b.Start || b.End > len(data) {
				t.Fatalf("block %d at [%d, %d) after %d in %d bytes", i, b.Start, b.End, prev, len(data))
			}
			if b.Start > s.TextStart() && b.Start != prev && data[b.Start-1] != '\n' {
				t.Fatalf("block %d starts inside a line", i)
			}
			text := s.Text(b)
			if strings.TrimSpace(text) == "" || text[len(text)-1] == '\n' || text[len(text)-1] == '\r' {
				t.Fatalf("block %d is %q", i, text)
			}
			if line, col := s.Position(b.Start); line != b.Line || col != 1 {
				t.Fatalf("block %d on line %d, but starts at %d:%d", i, b.Line, line, col)
			}
			if i > 0 && !bytes.Contains(data[s.Blocks[i-1].End:b.Start], []byte("\n")) {
				t.Fatalf("blocks %d and %d are not separated by a line break", i-1, i)
			}
			prev = b.End
		}
		s.Title()
		for _, off := range []int{0, len(data) / 2, len(data)} {
			line, col := s.Position(off)
			if tl, tc := textcheck.Position(data, off); (tl != line || tc != col) && (off == len(data) || utf8.RuneStart(data[off])) {
				t.Fatalf("Position(%d) = %d:%d, textcheck says %d:%d", off, line, col, tl, tc)
			}
		}
	})
}
