// Package anchor finds the exact place in a seed that a note's quote refers
// to. Matching forgives only what a copy-paste changes (white space, curly
// versus straight quotes, dashes) and never re-anchors fuzzily: a near miss
// is an error with the closest passage as a hint, because a quote silently
// attached to the wrong words misrepresents the article.
package anchor

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Index is a normalised copy of a text with a map back to byte offsets of
// the original, so that a match in the normalised text names original bytes.
type Index struct {
	norm string
	// start[i] and end[i] are the original byte range that produced norm[i]
	// (32 bits: half the memory, and no seed is 2 GB).
	start, end []int32
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

// Find locates q. Its errors list the places where the quote does occur, so
// that a message can name them.
func (ix *Index) Find(q Query) (m Match, err error) {
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
		out = append(out, i+j)
		_, size := utf8.DecodeRuneInString(ix.norm[i+j:])
		i += j + size
	}
	return out
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
// and are compared by the Dice coefficient of their character trigrams,
// ignoring case. It only runs when a quote is not found, so it favours a
// good answer over speed.
func (ix *Index) closest(quote string) *Match {
	q := []rune(strings.ToLower(quote))
	if len(q) < 3 {
		return nil
	}
	want := map[string]int{}
	for i := 0; i+3 <= len(q); i++ {
		want[string(q[i:i+3])]++
	}
	qn := len(q) - 2
	text := []rune(strings.ToLower(ix.norm))
	// byteAt maps a rune index of text to a byte index of ix.norm.
	byteAt := make([]int, len(text)+1)
	for i, b := 0, 0; i < len(text); i++ {
		byteAt[i] = b
		b += utf8.RuneLen(text[i])
	}
	byteAt[len(text)] = len(ix.norm)

	best, bestStart, bestEnd := 0.5, -1, -1
	have := map[string]int{}
	for s := 0; s < len(text); s++ {
		if text[s] == ' ' || (s > 0 && text[s-1] != ' ') {
			continue
		}
		clear(have)
		shared, total := 0, 0
		for i := s; i+3 <= len(text) && i+3-s <= len(q)*3/2; i++ {
			g := string(text[i : i+3])
			if have[g] < want[g] {
				shared++
			}
			have[g]++
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
	if bestStart < 0 {
		return nil
	}
	m := ix.match(byteAt[bestStart], byteAt[bestEnd]-byteAt[bestStart])
	return &m
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
