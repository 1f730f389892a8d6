// Package anchor finds the exact place in a seed that a note's quote refers
// to. Matching forgives only what a copy-paste or a keyboard changes
// without changing the words (white space, the many quotation marks,
// dashes, composed or decomposed accents, the Arabic and Persian letters
// keyboards swap, digits of other scripts, optional vowel marks and
// invisible joiners; see writer.fold) and never re-anchors fuzzily: a near
// miss is an error with the closest passage as a hint, because a quote
// silently attached to the wrong words misrepresents the article. Every
// command looks quotes up through an Index, so that new, check and build
// agree.
package anchor

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/dossier-org/dossier/internal/textcheck"
	"golang.org/x/text/unicode/norm"
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
//
// The text is read in the segments of Unicode normalisation (a character
// and the combining marks that follow it), each put in normalisation form
// C and folded (see fold). Everything a segment folds to maps back to the
// whole segment, so that a match never splits a letter from its accent.
func NewIndex(text []byte, skip int) *Index {
	w := &writer{ix: &Index{start: make([]int32, 0, len(text)), end: make([]int32, 0, len(text))}}
	w.buf = make([]byte, 0, len(text))
	var scratch []byte
	for off := skip; off < len(text); {
		// The fast paths: a character that is a segment by itself and
		// in form C already, which is most of every text.
		if c := text[off]; c < utf8.RuneSelf {
			if next := off + 1; next == len(text) || text[next] < utf8.RuneSelf || boundaryAt(text, next) {
				switch {
				case plain[c]:
					// Plain ASCII folds to itself.
					if w.pending {
						w.flush()
					}
					w.quoted = false
					w.buf = append(w.buf, c)
					w.ix.start = append(w.ix.start, int32(off))
					w.ix.end = append(w.ix.end, int32(off+1))
				case c == ' ':
					w.space(int32(off), int32(next))
				default:
					w.fold(rune(c), int32(off), int32(next))
				}
				off = next
				continue
			}
		} else if r, size := utf8.DecodeRune(text[off:]); r < 0x10000 && size > 1 {
			if p := charProps(r); p&alone != 0 && boundaryAt(text, off+size) {
				if p&same != 0 {
					w.text(text[off:off+size], int32(off), int32(off+size))
				} else {
					w.fold(r, int32(off), int32(off+size))
				}
				off += size
				continue
			}
		}
		end := off + norm.NFC.NextBoundary(text[off:], true)
		if end <= off {
			_, size := utf8.DecodeRune(text[off:])
			end = off + size
		}
		seg := text[off:end]
		if !norm.NFC.IsNormal(seg) {
			scratch = norm.NFC.Append(scratch[:0], seg...)
			seg = scratch
		}
		for i := 0; i < len(seg); {
			r, size := utf8.DecodeRune(seg[i:])
			w.fold(r, int32(off), int32(end))
			i += size
		}
		off = end
	}
	if w.pending {
		w.flush()
	}
	w.ix.norm = unsafe.String(unsafe.SliceData(w.buf), len(w.buf)) // w.buf is not written again
	return w.ix
}

// boundaryAt reports whether a segment of Unicode normalisation starts at
// byte i of text, as norm.NFC.NextBoundary sees it, when it can tell
// quickly; false when it cannot.
func boundaryAt(text []byte, i int) bool {
	if i == len(text) || text[i] < utf8.RuneSelf {
		return true
	}
	r, size := utf8.DecodeRune(text[i:])
	return r < 0x10000 && size > 1 && charProps(r)&boundary != 0
}

// The properties of a character that NewIndex's fast path asks about.
const (
	// boundary: a segment starts at the character.
	boundary = 1 << iota
	// alone: the character alone is in form C.
	alone
	// same: the character folds to itself and takes no part in the
	// rules for white space.
	same
)

// props holds the properties of the characters of the Basic Multilingual
// Plane, a block of 256 at a time, worked out when first asked for.
var props [256]struct {
	once sync.Once
	p    [256]uint8
}

// charProps returns the properties of r, which is below U+10000.
func charProps(r rune) uint8 {
	blk := &props[r>>8]
	blk.once.Do(func() {
		for i := range 256 {
			c := r&^0xFF | rune(i)
			if !utf8.ValidRune(c) {
				continue
			}
			s := string(c)
			var p uint8
			if norm.NFC.NextBoundaryInString("a"+s, true) == 1 {
				p |= boundary
			}
			if norm.NFC.IsNormalString(s) {
				p |= alone
			}
			w := writer{ix: &Index{}}
			w.fold(c, 0, 1)
			if string(w.buf) == s && !w.pending && !w.quoted {
				p |= same
			}
			blk.p[i] = p
		}
	})
	return blk.p[r&0xFF]
}

// plain[c] reports whether the ASCII byte c folds to itself and takes no
// part in the rules for white space: all but white space and quotation
// marks.
var plain = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = c != ' ' && (c < '\t' || c > '\r') && c != '"' && c != '\''
	}
	return t
}()

// A writer builds an Index.
type writer struct {
	ix  *Index
	buf []byte
	// pending is white space not written yet, from original bytes
	// [pendFrom, pendTo): it is written before the next character unless
	// that is a quotation mark.
	pending          bool
	pendFrom, pendTo int32
	// quoted reports that the last character written is a quotation mark,
	// after which white space is dropped.
	quoted bool
}

// flush writes the pending white space as one space.
func (w *writer) flush() {
	w.pending = false
	w.buf = append(w.buf, ' ')
	w.ix.start = append(w.ix.start, w.pendFrom)
	w.ix.end = append(w.ix.end, w.pendTo)
}

// write writes s, which original bytes [from, to) fold to.
func (w *writer) write(s []byte, from, to int32) {
	for range len(s) {
		w.ix.start = append(w.ix.start, from)
		w.ix.end = append(w.ix.end, to)
	}
	w.buf = append(w.buf, s...)
}

// fold writes what r, a character of a segment in form C that spans
// original bytes [from, to), folds to.
//
// What is folded, and why (the normalisation stays exact: a folded text
// reads the same words in the same letters):
//   - White space runs become one space, and white space next to a
//     quotation mark is dropped: French writes « déjà » with (narrow)
//     no-break spaces inside the guillemets where English writes "déjà",
//     and a writer types either.
//   - Every double quotation mark (“ ” „ ‟ « » ″ ＂ and the CJK ones) is ",
//     every single one and the apostrophe (‘ ’ ‚ ‛ ‹ › ′ ʼ ＇) is ', as a
//     keyboard types them.
//   - Dashes are -, the ellipsis is "...".
//   - Characters that change how text is drawn but not what it says are
//     dropped: zero-width space, joiner and non-joiner (Persian spells
//     می‌خواهم with a non-joiner that writers often leave out; a space
//     typed instead of it is not folded, as a space separates words), word
//     joiner, soft hyphen, byte order mark, the bidirectional marks and
//     controls, the combining grapheme joiner, tatweel (ـ, which only
//     stretches a word), and the optional Arabic vowel marks (harakat
//     U+064B–U+0652, U+0656, U+0657, and the superscript alef U+0670).
//     The marks that make letters (madda and hamza, U+0653–U+0655: أ is
//     not ا) are kept.
//   - Letters that keyboards swap: Persian keheh ک is Arabic kaf ك;
//     Persian yeh ی and alef maksura ى are Arabic yeh ي. Persian keyboards
//     type ک and ی where Arabic ones type ك and ي, the two look alike, and
//     Egyptian and Sudanese writers write a final ي as ى; the few words
//     told apart only by ى and ي (على, علي) are rarely both in one
//     passage, and the text shown is always the seed's own. Yeh and heh
//     with hamza above (ئ, ۀ) fold to the letter and the hamza written
//     apart, as Persian keyboards type them. Teh marbuta ة is not heh ه:
//     they tell different words apart (كتابة "writing", كتابه "his book").
//   - Digits of every script are ASCII digits (٣, ۳ and 3 are the same
//     number), the Arabic decimal and thousands separators are "." and ",".
//   - Presentation forms (the Latin ligature ﬁ, Arabic contextual shapes
//     from old PDFs) are the letters they draw.
func (w *writer) fold(r rune, from, to int32) {
	var b [utf8.UTFMax]byte
	switch r {
	case '"', '\u201c', '\u201d', '\u201e', '\u201f', '\u2033', '\u00ab', '\u00bb', '\u2e42',
		'\u301d', '\u301e', '\u301f', '\uff02', '\u300c', '\u300d', '\ufe41', '\ufe42', '\uff62', '\uff63':
		w.quote('"', from, to)
		return
	case '\'', '\u2018', '\u2019', '\u201a', '\u201b', '\u2032', '\u2039', '\u203a', '\u02bc', '\uff07',
		'\u300e', '\u300f', '\ufe43', '\ufe44':
		w.quote('\'', from, to)
		return
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		r = '-'
	case '\u2026':
		w.text([]byte("..."), from, to)
		return
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u034f',
		'\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e',
		'\u2066', '\u2067', '\u2068', '\u2069',
		'\u0640', '\u0656', '\u0657', '\u0670':
		return
	case '\u06a9':
		r = '\u0643'
	case '\u06cc', '\u0649':
		r = '\u064a'
	case '\u0626':
		w.text([]byte("\u064a\u0654"), from, to)
		return
	case '\u06c0':
		w.text([]byte("\u0647\u0654"), from, to)
		return
	case '\u066b':
		r = '.'
	case '\u066c':
		r = ','
	}
	switch {
	case r < utf8.RuneSelf:
		if r == ' ' || '\t' <= r && r <= '\r' {
			w.space(from, to)
			return
		}
	case '\u064b' <= r && r <= '\u0652':
		return // harakat
	case unicode.IsSpace(r):
		w.space(from, to)
		return
	case '\ufb00' <= r && r <= '\ufdff' || '\ufe70' <= r && r <= '\ufefc':
		if s := norm.NFKC.String(string(r)); s != string(r) {
			for _, r := range s {
				w.fold(r, from, to)
			}
			return
		}
	case unicode.Is(unicode.Nd, r):
		r = '0' + digit(r)
	}
	w.text(utf8.AppendRune(b[:0], r), from, to)
}

// text writes s, which is not white space or a quotation mark.
func (w *writer) text(s []byte, from, to int32) {
	if w.pending {
		w.flush()
	}
	w.quoted = false
	w.write(s, from, to)
}

// quote writes the quotation mark q, dropping the white space before it.
func (w *writer) quote(q byte, from, to int32) {
	w.pending = false
	w.quoted = true
	w.write([]byte{q}, from, to)
}

// space notes white space, which is written before the next character,
// unless a quotation mark is on either side of it.
func (w *writer) space(from, to int32) {
	switch {
	case w.quoted:
	case w.pending:
		w.pendTo = to
	default:
		w.pending, w.pendFrom, w.pendTo = true, from, to
	}
}

// digit returns the value of the decimal digit r (Unicode category Nd),
// whose every script has its digits 0 to 9 in a row.
func digit(r rune) rune {
	switch {
	case '\u0660' <= r && r <= '\u0669':
		return r - '\u0660'
	case '\u06f0' <= r && r <= '\u06f9':
		return r - '\u06f0'
	}
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return (r - rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return (r - rune(rg.Lo)) % 10
		}
	}
	return 0
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
// and are compared by the Dice coefficient of their trigrams of characters
// (not bytes: a Persian or Russian letter is two bytes, and a byte
// trigram would be a letter and a half), ignoring case.
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
	grams := newGramTable(q)
	want := make([]int32, grams.n) // how often each trigram is in the quote
	qn := 0                        // the quote's trigrams
	for it := newTrigrams(q, 0); it.next(); qn++ {
		want[grams.id(it.gram)]++
	}
	if qn == 0 {
		return nil
	}
	text := ix.lowered()
	cands := ix.candidates(text, grams, want, qn, len(q))

	have := make([]int32, grams.n)
	best, bestStart, bestEnd := 0.5, -1, -1
	for _, r := range cands {
		for s := r.from; s < r.to; s++ {
			if !wordStart(text, s) {
				continue
			}
			clear(have)
			shared, total := 0, 0
			// The trigrams as trigrams.next makes them, inlined.
			var g uint64
			n := 0 // characters read
			for end := s; end < len(text); {
				r, size := rune(text[end]), 1
				if r >= utf8.RuneSelf {
					r, size = utf8.DecodeRune(text[end:])
				}
				g = (g<<21 | uint64(r)) & (1<<63 - 1)
				if end += size; end-s > len(q)*3/2 {
					break
				}
				if n++; n < 3 {
					continue
				}
				if id := grams.id(g); id >= 0 {
					if have[id] < want[id] {
						shared++
					}
					have[id]++
				}
				total++
				if end-s < len(q)/2 || !wordEnd(text, end) {
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

// wordStart reports whether a passage can start at byte s of text: at a
// word's start, after a space, or at any character of a script written
// without spaces between words (Chinese, Japanese, Thai...).
func wordStart(text []byte, s int) bool {
	switch {
	case text[s] == ' ' || !utf8.RuneStart(text[s]):
		return false
	case s == 0 || text[s-1] == ' ':
		return true
	case text[s-1] < utf8.RuneSelf && text[s] < utf8.RuneSelf:
		return false
	}
	return unspaced(text, s)
}

// wordEnd reports whether a passage can end at byte end of text: at a
// word's end, before a space, or between characters of a script written
// without spaces.
func wordEnd(text []byte, end int) bool {
	return end == len(text) || text[end] == ' ' ||
		(text[end-1] >= utf8.RuneSelf || text[end] >= utf8.RuneSelf) && unspaced(text, end)
}

// unspaced reports whether the character before or at byte i of text, an
// edge between characters, is of a script written without spaces between
// words.
func unspaced(text []byte, i int) bool {
	before, _ := utf8.DecodeLastRune(text[:i])
	at, _ := utf8.DecodeRune(text[i:])
	return isUnspaced(before) || isUnspaced(at)
}

// isUnspaced reports whether r is of a script written without spaces
// between words.
func isUnspaced(r rune) bool {
	return r >= 0x0E00 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Tibetan)
}

// trigrams walks the trigrams of characters of a text.
type trigrams struct {
	b    []byte
	i    int     // the byte after the last character read
	r    [3]rune // the last three characters
	off  [3]int  // where each starts
	n    int     // how many characters have been read, up to 3
	gram uint64  // the trigram, three characters of 21 bits each
	// start and end are the byte range of the trigram.
	start, end int
}

func newTrigrams(b []byte, from int) trigrams { return trigrams{b: b, i: from} }

// next moves to the next trigram and reports whether there is one.
func (t *trigrams) next() bool {
	for t.i < len(t.b) {
		r, size := rune(t.b[t.i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(t.b[t.i:])
		}
		t.r[0], t.r[1], t.r[2] = t.r[1], t.r[2], r
		t.off[0], t.off[1], t.off[2] = t.off[1], t.off[2], t.i
		t.i += size
		if t.n < 3 {
			t.n++
		}
		if t.n == 3 {
			t.gram = uint64(t.r[0])<<42 | uint64(t.r[1])<<21 | uint64(t.r[2])
			t.start, t.end = t.off[0], t.i
			return true
		}
	}
	return false
}

// hintCandidates is how many places of the text closest compares passages
// around.
const hintCandidates = 8

// candidates returns the ranges of the text in which the passage most like
// the quote can start: around the starts of the windows of qn trigrams that
// share the most trigrams with the quote, the best of each stretch of half
// the quote's length (qlen bytes), at most hintCandidates of them. The
// ranges are in ascending order and do not overlap, so that no passage is
// compared twice.
func (ix *Index) candidates(text []byte, grams *gramTable, want []int32, qn, qlen int) []span {
	if len(text) < 3 {
		return nil
	}
	// The best window in each bucket of the text, then the best buckets.
	width := max(qlen/2, 16)
	type window struct{ start, shared int }
	buckets := make([]window, len(text)/width+1)
	have := make([]int32, grams.n)
	ids := make([]int32, qn)  // the ids of the window's trigrams
	offs := make([]int32, qn) // and where they start
	shared := 0
	// The trigrams as trigrams.next makes them, inlined: this loop runs
	// over every character of the text.
	var g uint64
	p1, p2 := 0, 0 // where the last two characters start
	k := -3        // the trigram's number
	slot := 0      // k % qn
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(text[i:])
		}
		g = (g<<21 | uint64(r)) & (1<<63 - 1)
		gramStart := p2
		p2, p1 = p1, i
		i += size
		if k++; k < 0 {
			continue // not three characters yet
		}
		if k >= qn {
			if id := ids[slot]; id >= 0 {
				have[id]--
				if have[id] < want[id] {
					shared--
				}
			}
		}
		id := grams.id(g)
		ids[slot], offs[slot] = id, int32(gramStart)
		if id >= 0 {
			if have[id] < want[id] {
				shared++
			}
			have[id]++
		}
		if slot++; slot == qn {
			slot = 0
		}
		start := int(offs[0]) // the window's first trigram
		if k >= qn {
			start = int(offs[slot])
		}
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
		from, to := max(w.start-qlen/2, 0), min(w.start+qlen/2+1, len(text))
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

// A gramTable numbers the distinct trigrams of a quote from 0 to n-1: an
// open-addressing hash table, because it is asked about every trigram of
// the text.
type gramTable struct {
	keys  []uint64 // a trigram plus one; 0 is an empty slot
	ids   []int32
	shift uint
	n     int
}

func newGramTable(q []byte) *gramTable {
	size, bits := 16, uint(4)
	for size < 2*len(q) {
		size *= 2
		bits++
	}
	t := &gramTable{keys: make([]uint64, size), ids: make([]int32, size), shift: 64 - bits}
	for it := newTrigrams(q, 0); it.next(); {
		slot := t.slot(it.gram)
		if t.keys[slot] == 0 {
			t.keys[slot], t.ids[slot] = it.gram+1, int32(t.n)
			t.n++
		}
	}
	return t
}

// slot returns the slot that holds g, or the empty slot where it would go.
func (t *gramTable) slot(g uint64) uint64 {
	mask := uint64(len(t.keys) - 1)
	for i := (g * 0x9E3779B97F4A7C15) >> t.shift; ; i = (i + 1) & mask {
		if k := t.keys[i]; k == 0 || k == g+1 {
			return i
		}
	}
}

// id returns the number of trigram g, or -1 when the quote does not have it.
func (t *gramTable) id(g uint64) int32 {
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
