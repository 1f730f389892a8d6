// Package seed models the article under examination. The seed is evidence:
// its bytes are kept exactly as given and every position (block offsets,
// anchored quotes) refers to those bytes.
package seed

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dossier-org/dossier/internal/textcheck"
)

// Seed is one article.
type Seed struct {
	// Slug names the dossier, from the file name seeds/<slug>.txt.
	Slug string
	// Path is the file's path in the source tree, for messages.
	Path string
	// Data is the file's bytes, unchanged.
	Data []byte
	// SHA256 is the hex digest of Data.
	SHA256 string
	// Blocks are the paragraphs: runs of lines separated by blank lines.
	Blocks []Block
	// lineStarts holds the byte offset at which each line starts.
	lineStarts []int
}

// Block is one paragraph of the seed.
type Block struct {
	// ID is the paragraph's stable anchor, "p1" for the first.
	ID string
	// Start and End are byte offsets into Data; End excludes the line break.
	Start, End int
	// Line is the 1-based line on which the block starts.
	Line int
}

// BOM is the UTF-8 byte order mark, which some editors put at the start of
// a file; it is kept in Data but is not part of any block.
const BOM = textcheck.BOM

// MaxSize is the largest seed accepted, in bytes: 8 MiB, some eighty times
// the longest news article and enough for a book-length report. Anchoring
// holds about ten bytes per byte of the seed while it runs.
const MaxSize = 8 << 20

// Parse builds a Seed from a file's bytes. The text must be UTF-8 with no
// control characters but tab and line breaks, and at most MaxSize bytes; the
// error is then a *textcheck.Error, which says where.
func Parse(slug, path string, data []byte) (*Seed, error) {
	if len(data) > MaxSize {
		line, col := textcheck.Position(data, MaxSize)
		return nil, &textcheck.Error{Line: line, Col: col,
			Msg: fmt.Sprintf("the seed is %s bytes long; the most accepted is %s (8 MiB)", textcheck.Count(len(data)), textcheck.Count(MaxSize))}
	}
	if err := textcheck.Check(data, "the seed"); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	s := &Seed{Slug: slug, Path: path, Data: data, SHA256: hex.EncodeToString(sum[:]), lineStarts: lineStarts(data)}
	s.Blocks = s.splitBlocks()
	return s, nil
}

func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// splitBlocks cuts the text at blank lines (lines of only white space,
// non-breaking spaces included, so that an NBSP-indented "empty" line still
// separates paragraphs as it does on screen).
func (s *Seed) splitBlocks() []Block {
	var blocks []Block
	start := -1
	for i, ls := range s.lineStarts {
		end := len(s.Data)
		if i+1 < len(s.lineStarts) {
			end = s.lineStarts[i+1]
		}
		if ls == len(s.Data) {
			break
		}
		lineStart := ls
		if ls == 0 {
			lineStart = len(s.prefixBOM())
		}
		blank := len(bytes.TrimSpace(bytes.ReplaceAll(s.Data[lineStart:end], []byte("\u00a0"), nil))) == 0
		switch {
		case blank && start >= 0:
			blocks = s.appendBlock(blocks, start, ls)
			start = -1
		case !blank && start < 0:
			start = lineStart
		}
	}
	if start >= 0 {
		blocks = s.appendBlock(blocks, start, len(s.Data))
	}
	return blocks
}

func (s *Seed) prefixBOM() []byte {
	if bytes.HasPrefix(s.Data, []byte(BOM)) {
		return []byte(BOM)
	}
	return nil
}

func (s *Seed) appendBlock(blocks []Block, start, end int) []Block {
	for end > start && (s.Data[end-1] == '\n' || s.Data[end-1] == '\r') {
		end--
	}
	line, _ := s.Position(start)
	return append(blocks, Block{ID: fmt.Sprintf("p%d", len(blocks)+1), Start: start, End: end, Line: line})
}

// Position returns the 1-based line and column (counted in characters) of
// byte offset off.
func (s *Seed) Position(off int) (line, col int) {
	off = min(max(off, 0), len(s.Data))
	i := sort.Search(len(s.lineStarts), func(i int) bool { return s.lineStarts[i] > off }) - 1
	start := s.lineStarts[i]
	if i == 0 {
		start += len(s.prefixBOM())
	}
	return i + 1, utf8.RuneCount(s.Data[start:max(off, start)]) + 1
}

// TextStart is the offset at which the text starts: after the byte order
// mark, if there is one.
func (s *Seed) TextStart() int { return len(s.prefixBOM()) }

// BlockIndex returns the index of the block containing byte offset off, or
// of the first block after it when off falls between blocks.
func (s *Seed) BlockIndex(off int) int {
	return sort.Search(len(s.Blocks), func(i int) bool { return s.Blocks[i].End > off })
}

// Text returns the text of block b.
func (s *Seed) Text(b Block) string { return string(s.Data[b.Start:b.End]) }

// Title returns the article's first line that is not a copyright notice:
// scraped articles often begin with the site's footer line, which names the
// publisher, not the article. A line over textcheck.MaxLine characters is
// cut there, marked with "…": the title is shown on every page of the
// dossier.
func (s *Seed) Title() string {
	for _, b := range s.Blocks {
		for rest := s.Data[b.Start:b.End]; len(rest) > 0; {
			var line []byte
			line, rest, _ = bytes.Cut(rest, []byte("\n"))
			t := string(bytes.TrimSpace(line[:min(len(line), 4*textcheck.MaxLine+8)]))
			if t == "" || isCopyright(t) {
				continue
			}
			if i := runeOffset(t, textcheck.MaxLine); i < len(t) {
				t = strings.TrimSpace(t[:i]) + "…"
			}
			return t
		}
	}
	return s.Slug
}

// runeOffset returns the byte offset of the n-th character of s, or len(s).
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

func isCopyright(line string) bool {
	lower := bytes.ToLower([]byte(line))
	return bytes.HasPrefix(lower, []byte("©")) || bytes.HasPrefix(lower, []byte("copyright")) || bytes.HasPrefix(lower, []byte("(c) "))
}

// GobEncode encodes s as what it is parsed from: its slug, path and bytes,
// each as a uvarint length and the bytes.
func (s *Seed) GobEncode() ([]byte, error) {
	var b []byte
	for _, part := range []string{s.Slug, s.Path} {
		b = binary.AppendUvarint(b, uint64(len(part)))
		b = append(b, part...)
	}
	b = binary.AppendUvarint(b, uint64(len(s.Data)))
	return append(b, s.Data...), nil
}

// GobDecode parses again the seed that GobEncode encoded.
func (s *Seed) GobDecode(b []byte) error {
	var parts [3][]byte
	for i := range parts {
		n, size := binary.Uvarint(b)
		if size <= 0 || n > uint64(len(b)-size) {
			return errors.New("seed: a damaged encoding")
		}
		parts[i], b = b[size:size+int(n)], b[size+int(n):]
	}
	if len(b) != 0 {
		return errors.New("seed: a damaged encoding")
	}
	p, err := Parse(string(parts[0]), string(parts[1]), bytes.Clone(parts[2]))
	if err != nil {
		return err
	}
	*s = *p
	return nil
}
