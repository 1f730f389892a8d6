// Package anchor finds the exact place in a seed that a note's quote refers
// to. Matching forgives only what a copy-paste changes (white space, curly
// versus straight quotes, dashes) and never re-anchors fuzzily: a near miss
// is an error with the closest passage as a hint, because a quote silently
// attached to the wrong words misrepresents the article.
package anchor

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-org/dossier/internal/textcheck"
)

// Index is a normalised copy of a text with a map back to byte offsets of
// the original, so that a match in the normalised text names original bytes.
type Index struct {
	norm string
	// start[i] and end[i] are the original byte range that produced norm[i]
	// (32 bits: half the memory, and no seed is 2 GB).
	start, end []int32

	lowerOnce sync.Once
	lower     []byte // norm in lower case, for closest
}

// NewIndex indexes text, whose first skip bytes (a byte order mark) are left
// out.
func NewIndex(text []byte, skip int) *Index {
	ix := &Index{start: make([]int32, 0, len(text)), end: make([]int32, 0, len(text))}
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for off := skip; off < len(text); {
		r, size := utf8.DecodeRune(text[off:])
		if r < utf8.RuneSelf && r != ' ' && (r < '\t' || r > '\r') {
			// Plain ASCII, the bulk of most texts, folds to itself.
			space = false
			b.WriteByte(byte(r))
			ix.start = append(ix.start, int32(off))
			ix.end = append(ix.end, int32(off+1))
			off++
			continue
		}
		rep, isSpace := fold(r)
		switch {
		case isSpace:
			if !space {
				b.WriteByte(' ')
				ix.start = append(ix.start, int32(off))
				ix.end = append(ix.end, int32(off+size))
			} else {
				ix.end[len(ix.end)-1] = int32(off + size)
			}
			space = true
		default:
			space = false
			b.WriteString(rep)
			for range len(rep) {
				ix.start = append(ix.start, int32(off))
				ix.end = append(ix.end, int32(off+size))
			}
		}
		off += size
	}
	ix.norm = b.String()
	return ix
}

// fold maps one character to its normal form. isSpace reports white space,
// which collapses with its neighbours into a single space.
func fold(r rune) (rep string, isSpace bool) {
	switch r {
	case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033':
		return `"`, false
	case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032':
		return "'", false
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return "-", false
	case '\u2026':
		return "...", false
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return "", false
	}
	if unicode.IsSpace(r) {
		return " ", true
	}
	return string(r), false
}

// Normalize returns s folded as NewIndex folds a text, trimmed of white
// space at both ends.
func Normalize(s string) string {
	return NewIndex([]byte(s), 0).norm
}

func normalizeTrim(s string) string { return strings.TrimSpace(Normalize(s)) }

// Match is a byte range of the original text.
type Match struct{ Start, End int }

// Query says what to look for. Occurrence (1-based) or Prefix and Suffix
// (text just before and after the quote) choose among identical spans.
type Query struct {
	Quote      string
	Occurrence int
	Prefix     string
	Suffix     string
}

// Limits on a Query. A quote that is not found costs time in proportion to
// the seed's length plus the square of its own (see closest), and every
// occurrence is compared with the prefix and suffix; the limits keep both
// small, and are far above what a quote needs: a long paragraph is about
// 1,000 characters.
const (
	// MaxQuote is the longest quote accepted, in characters.
	MaxQuote = 2000
	// MaxContext is the longest prefix or suffix accepted, in characters.
	MaxContext = 500
)

// A TooLongError says that a quote, prefix or suffix is over its limit.
type TooLongError struct {
	What     string // "quote", "prefix" or "suffix"
	Len, Max int    // in characters
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("the %s is %s characters long; the most accepted is %s", e.What, textcheck.Count(e.Len), textcheck.Count(e.Max))
}

// CheckLength returns a TooLongError when s, the named part of a Query,
// is over its limit (MaxQuote for the quote, MaxContext for the others).
func CheckLength(what, s string) error {
	limit := MaxContext
	if what == "quote" {
		limit = MaxQuote
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(s)); n > limit {
		return &TooLongError{What: what, Len: n, Max: limit}
	}
	return nil
}

// Find locates q. Its errors list the places where the quote does occur, so
// that a message can name them.
func (ix *Index) Find(q Query) (m Match, err error) {
	for _, part := range []struct{ what, s string }{{"quote", q.Quote}, {"prefix", q.Prefix}, {"suffix", q.Suffix}} {
		if err := CheckLength(part.what, part.s); err != nil {
			return Match{}, err
		}
	}
	quote := normalizeTrim(q.Quote)
	if quote == "" {
		return Match{}, &NotFoundError{}
	}
	all := ix.all(quote)
	if len(all) == 0 {
		return Match{}, &NotFoundError{Hint: ix.closest(quote)}
	}
	cands := all
	if q.Prefix != "" || q.Suffix != "" {
		prefix, suffix := normalizeTrim(q.Prefix), normalizeTrim(q.Suffix)
		cands = nil
		for _, i := range all {
			before := strings.TrimRight(ix.norm[:i], " ")
			after := strings.TrimLeft(ix.norm[i+len(quote):], " ")
			if strings.HasSuffix(before, prefix) && strings.HasPrefix(after, suffix) {
				cands = append(cands, i)
			}
		}
		if len(cands) == 0 {
			return Match{}, &ContextError{All: ix.matches(all, len(quote))}
		}
	}
	switch {
	case q.Occurrence > 0:
		if q.Occurrence > len(cands) {
			return Match{}, &OccurrenceError{Occurrence: q.Occurrence, All: ix.matches(cands, len(quote))}
		}
		return ix.match(cands[q.Occurrence-1], len(quote)), nil
	case len(cands) > 1:
		return Match{}, &AmbiguousError{All: ix.matches(cands, len(quote))}
	}
	return ix.match(cands[0], len(quote)), nil
}

// all returns the start of every occurrence of quote in the normalised text,
// overlapping ones included.
func (ix *Index) all(quote string) []int {
	var out []int
	for i := 0; i <= len(ix.norm)-len(quote); {
		j := strings.Index(ix.norm[i:], quote)
		if j < 0 {
			break
		}
		if ix.whole(i+j, len(quote)) {
			out = append(out, i+j)
		}
		_, size := utf8.DecodeRuneInString(ix.norm[i+j:])
		i += j + size
	}
	return out
}

// whole reports whether norm[i:i+n] starts and ends at the edges of
// characters of the original text, rather than inside what one character
// folds to: ".." is not in "\u2026", which folds to "...", because no span
// of the original reads "..".
func (ix *Index) whole(i, n int) bool {
	return (i == 0 || ix.start[i] != ix.start[i-1]) && (i+n == len(ix.norm) || ix.end[i+n] != ix.end[i+n-1])
}

func (ix *Index) match(i, n int) Match {
	return Match{Start: int(ix.start[i]), End: int(ix.end[i+n-1])}
}

func (ix *Index) matches(starts []int, n int) []Match {
	out := make([]Match, len(starts))
	for k, i := range starts {
		out[k] = ix.match(i, n)
	}
	return out
}

// NotFoundError says that a quote is not in the text. Hint, when not nil, is
// the passage most like the quote.
type NotFoundError struct{ Hint *Match }

func (e *NotFoundError) Error() string { return "quote not found in the seed" }

// AmbiguousError says that a quote occurs several times and nothing says
// which one is meant.
type AmbiguousError struct{ All []Match }

func (e *AmbiguousError) Error() string { return "quote occurs more than once" }

// OccurrenceError says that the occurrence asked for does not exist.
type OccurrenceError struct {
	Occurrence int
	All        []Match
}

func (e *OccurrenceError) Error() string { return "occurrence out of range" }

// ContextError says that no occurrence has the given prefix and suffix.
type ContextError struct{ All []Match }

func (e *ContextError) Error() string { return "no occurrence has that prefix and suffix" }

// closest finds the passage of the text most like quote, or nil when
// nothing is alike enough to be a useful hint. Passages run from a word's
// start to a word's end, half to one and a half times the quote's length,
// and are compared by the Dice coefficient of their byte trigrams, ignoring
// case.
//
// Comparing every passage with the quote would cost the text's length times
// the quote's (minutes for a long seed), so it is done in two steps. One
// pass over the text slides a window of the quote's length along it,
// keeping the number of trigrams it shares with the quote up to date at
// each step; the best window of each stretch of half the quote's length,
// and of those the hintCandidates best, are where the passage can be. Only
// passages starting near those are compared. The cost is the text's length
// plus the quote's length squared times hintCandidates: 0.3 s for a
// 2,000-character quote in a 10 MB seed, where comparing every passage took
// minutes. On 200 misquotations of generated texts it finds the passage
// that comparing every one finds (hint_test.go).
func (ix *Index) closest(quote string) *Match {
	q := lowerBytes(quote)
	if len(q) < 3 {
		return nil
	}
	grams := newGramTable(q)
	want := make([]int32, grams.n) // how often each trigram is in the quote
	for i := 0; i+3 <= len(q); i++ {
		want[grams.id(gram(q, i))]++
	}
	qn := len(q) - 2 // the quote's trigrams
	text := ix.lowered()
	cands := ix.candidates(text, grams, want, qn)

	have := make([]int32, grams.n)
	best, bestStart, bestEnd := 0.5, -1, -1
	for _, r := range cands {
		for s := r.from; s < r.to; s++ {
			if text[s] == ' ' || (s > 0 && text[s-1] != ' ') {
				continue // not a word's start
			}
			clear(have)
			shared, total := 0, 0
			for i := s; i+3 <= len(text) && i+3-s <= len(q)*3/2; i++ {
				if id := grams.id(gram(text, i)); id >= 0 {
					if have[id] < want[id] {
						shared++
					}
					have[id]++
				}
				total++
				end := i + 3
				if end-s < len(q)/2 || (end < len(text) && text[end] != ' ') {
					continue
				}
				if dice := 2 * float64(shared) / float64(qn+total); dice > best {
					best, bestStart, bestEnd = dice, s, end
				}
			}
		}
	}
	if bestStart < 0 {
		return nil
	}
	m := ix.match(bestStart, bestEnd-bestStart)
	return &m
}

// hintCandidates is how many places of the text closest compares passages
// around.
const hintCandidates = 8

// candidates returns the ranges of the text in which the passage most like
// the quote can start: around the starts of the windows of qn trigrams that
// share the most trigrams with the quote, the best of each stretch of qn/2
// bytes, at most hintCandidates of them. The ranges are in ascending order
// and do not overlap, so that no passage is compared twice.
func (ix *Index) candidates(text []byte, grams *gramTable, want []int32, qn int) []span {
	if len(text) < 3 {
		return nil
	}
	// The best window in each bucket of the text, then the best buckets.
	width := max(qn/2, 16)
	type window struct{ start, shared int }
	buckets := make([]window, len(text)/width+1)
	have := make([]int32, grams.n)
	ring := make([]int32, qn) // the ids of the window's trigrams
	shared := 0
	g := uint32(text[0])<<8 | uint32(text[1])
	for i := 0; i+3 <= len(text); i++ {
		g = (g<<8 | uint32(text[i+2])) & 0xFFFFFF
		slot := i % qn
		if i >= qn {
			if id := ring[slot]; id >= 0 {
				have[id]--
				if have[id] < want[id] {
					shared--
				}
			}
		}
		id := grams.id(g)
		ring[slot] = id
		if id >= 0 {
			if have[id] < want[id] {
				shared++
			}
			have[id]++
		}
		start := max(i-qn+1, 0)
		if b := &buckets[start/width]; shared > b.shared {
			*b = window{start, shared}
		}
	}
	var top []window // the best, in descending order of shared
	for _, b := range buckets {
		if b.shared == 0 || len(top) == hintCandidates && b.shared <= top[len(top)-1].shared {
			continue
		}
		i := len(top)
		for i > 0 && top[i-1].shared < b.shared {
			i--
		}
		top = slices.Insert(top, i, b)
		if len(top) > hintCandidates {
			top = top[:hintCandidates]
		}
	}
	slices.SortFunc(top, func(a, b window) int { return a.start - b.start })
	var out []span
	for _, w := range top {
		from, to := max(w.start-qn/2, 0), min(w.start+qn/2+1, len(text))
		if n := len(out); n > 0 && from <= out[n-1].to {
			out[n-1].to = max(out[n-1].to, to)
			continue
		}
		out = append(out, span{from, to})
	}
	return out
}

// A span is the byte range [from, to).
type span struct{ from, to int }

// lowered returns the normalised text with its letters in lower case, each
// keeping its length in bytes so that offsets stay valid; it is made once.
func (ix *Index) lowered() []byte {
	ix.lowerOnce.Do(func() { ix.lower = lowerBytes(ix.norm) })
	return ix.lower
}

// lowerBytes returns s in lower case, except for the letters whose lower
// case takes a different number of bytes, which are kept.
func lowerBytes(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == size {
			out = utf8.AppendRune(out, l)
		} else {
			out = append(out, s[i:i+size]...)
		}
		i += size
	}
	return out
}

// gram returns the trigram of b at i as a number.
func gram(b []byte, i int) uint32 {
	return uint32(b[i])<<16 | uint32(b[i+1])<<8 | uint32(b[i+2])
}

// A gramTable numbers the distinct trigrams of a quote from 0 to n-1: an
// open-addressing hash table, because it is asked about every trigram of
// the text.
type gramTable struct {
	keys []uint32 // a trigram plus one; 0 is an empty slot
	ids  []int32
	mask uint32
	n    int
}

func newGramTable(q []byte) *gramTable {
	size := 16
	for size < 2*len(q) {
		size *= 2
	}
	t := &gramTable{keys: make([]uint32, size), ids: make([]int32, size), mask: uint32(size - 1)}
	for i := 0; i+3 <= len(q); i++ {
		g := gram(q, i)
		slot := t.slot(g)
		if t.keys[slot] == 0 {
			t.keys[slot], t.ids[slot] = g+1, int32(t.n)
			t.n++
		}
	}
	return t
}

// slot returns the slot that holds g, or the empty slot where it would go.
func (t *gramTable) slot(g uint32) uint32 {
	for i := (g * 0x9E3779B1) >> 8 & t.mask; ; i = (i + 1) & t.mask {
		if k := t.keys[i]; k == 0 || k == g+1 {
			return i
		}
	}
}

// id returns the number of trigram g, or -1 when the quote does not have it.
func (t *gramTable) id(g uint32) int32 {
	if s := t.slot(g); t.keys[s] != 0 {
		return t.ids[s]
	}
	return -1
}

// A Span is the range of the text that one note quotes.
type Span struct {
	Start, End int
	Note       int
}

// A Segment is a piece of text covered by the same notes throughout. Notes
// holds the covering spans' Note values in ascending order; empty means
// the segment is unchecked text.
type Segment struct {
	Start, End int
	Notes      []int
}

// Cut divides [start, end) into segments at every span boundary inside it,
// so that overlapping and nested quotes each keep their exact extent.
func Cut(start, end int, spans []Span) []Segment {
	cuts := []int{start, end}
	for _, s := range spans {
		if s.Start > start && s.Start < end {
			cuts = append(cuts, s.Start)
		}
		if s.End > start && s.End < end {
			cuts = append(cuts, s.End)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	segs := make([]Segment, 0, len(cuts)-1)
	for i := 0; i+1 < len(cuts); i++ {
		seg := Segment{Start: cuts[i], End: cuts[i+1]}
		for _, s := range spans {
			if s.Start <= seg.Start && seg.End <= s.End {
				seg.Notes = append(seg.Notes, s.Note)
			}
		}
		slices.Sort(seg.Notes)
		segs = append(segs, seg)
	}
	return segs
}
