package anchor

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzAnchor looks up quotes in random texts: quotes cut from the text, with
// their prefix and suffix and an occurrence, and random ones. A match must
// be an exact match once normalised, a quote cut from the text must be
// found, its prefix and suffix must surround the match, and Find must give
// the same answer twice.
func FuzzAnchor(f *testing.F) {
	f.Add(text, 0, 0, 0, 0, 0, "two strands")
	f.Add(text, 9, 14, 0, 0, 0, "")
	f.Add(text, 70, 8, 2, 0, 0, "")
	f.Add(text, 70, 8, 0, 9, 4, "")
	f.Add("a\u2026b", 0, 0, 0, 0, 0, "..")
	f.Add("a\u2026b", 1, 3, 0, 0, 0, "")
	f.Add("\uFEFFHello  world\u00a0\u00a0again", 3, 12, 0, 2, 3, "")
	f.Add("x x x x x", 2, 1, 3, 1, 1, "")
	f.Add("The plot\u200b had\r\n\r\ntwo\u2014strands", 0, 0, 0, 0, 0, "plot had two-strands")
	f.Add(strings.Repeat("ab ", 50), 0, 0, 0, 0, 0, "ab ab ba ab")
	f.Add("Il a dit\u202f: «\u00a0de\u0301ja\u0300 vu\u00a0» et ‹ non ›.", 12, 12, 0, 5, 3, "«déjà vu»")
	f.Add("وزیر گفت که این کار را می‌خواهم انجام دهم. خانۀ ما ۱۲۳۴ تومان بود.", 20, 30, 0, 4, 4, "ين كار را ميخواهم")
	f.Add("قالَ الرئيسُ إنّ الكتابة مهمة، وبلغ العجز ٣٫٥ مليار", 6, 25, 0, 3, 9, "الري\u0654يس 3.5")
	f.Add("Он сказал: «Это ложь», — и ушёл. Мʼясо.", 10, 20, 0, 6, 2, `"Это ложь", - и`)
	f.Add("e\u0301\u0301\u0323 a\u0308 \ufb01 \ufedf\ufe8e x \u200c y \" z \u2066\u0640", 1, 9, 0, 2, 2, "\u00e9 \"z")
	f.Fuzz(func(t *testing.T, text string, at, n, occurrence, prefixLen, suffixLen int, random string) {
		if !utf8.ValidString(text) || len(text) > 1<<16 || !utf8.ValidString(random) {
			return // a seed is valid UTF-8 (seed.Parse), and large texts only slow the search
		}
		skip := 0
		if strings.HasPrefix(text, bom) {
			skip = len(bom)
		}
		q := Query{Quote: random, Occurrence: min(max(occurrence, 0), 1000)}
		cut := n > 0 && len(text) > skip
		if cut {
			// A quote cut from the text at the edges of characters
			// with their combining marks (which Unicode normalisation
			// keeps together), with the text before and after it as
			// prefix and suffix.
			edge := edges(text, skip)
			start := skip + abs(at)%(len(text)-skip)
			end := min(start+n%(MaxQuote+1), len(text))
			for !edge[start] {
				start--
			}
			for end < len(text) && !edge[end] {
				end++
			}
			q.Quote = text[start:end]
			if prefixLen > 0 {
				p := max(start-prefixLen%MaxContext, skip)
				for p > skip && !edge[p] {
					p--
				}
				q.Prefix = text[p:start]
			}
			if suffixLen > 0 {
				s := min(end+suffixLen%MaxContext, len(text))
				for s < len(text) && !edge[s] {
					s++
				}
				q.Suffix = text[end:s]
			}
		}
		ix := NewIndex([]byte(text), skip)
		m, err := ix.Find(q)
		m2, err2 := ix.Find(q)
		if m != m2 || (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("Find is not deterministic: %v %v, then %v %v", m, err, m2, err2)
		}
		quote := normalizeTrim(q.Quote)
		if err != nil {
			var nf *NotFoundError
			var long *TooLongError
			switch {
			case errors.As(err, &long):
			case errors.As(err, &nf):
				if cut && quote != "" && strings.TrimSpace(Normalize(q.Prefix)) == "" && strings.TrimSpace(Normalize(q.Suffix)) == "" && q.Occurrence == 0 {
					t.Fatalf("quote %q, cut from the text, is not found", q.Quote)
				}
				if nf.Hint != nil && (nf.Hint.Start < skip || nf.Hint.End > len(text) || nf.Hint.Start >= nf.Hint.End) {
					t.Fatalf("hint %v outside the text", nf.Hint)
				}
			}
			return
		}
		if m.Start < skip || m.End > len(text) || m.Start >= m.End {
			t.Fatalf("match %v outside the text", m)
		}
		if got := normalizeTrim(text[m.Start:m.End]); got != quote {
			t.Fatalf("quote %q matched %q, which normalises to %q, not %q", q.Quote, text[m.Start:m.End], got, quote)
		}
		if p := normalizeTrim(q.Prefix); p != "" && !strings.HasSuffix(strings.TrimRight(Normalize(text[skip:m.Start]), " "), p) {
			t.Fatalf("match %v is not after the prefix %q", m, q.Prefix)
		}
		if s := normalizeTrim(q.Suffix); s != "" && !strings.HasPrefix(strings.TrimLeft(Normalize(text[m.End:]), " "), s) {
			t.Fatalf("match %v is not before the suffix %q", m, q.Suffix)
		}
	})
}

// edges returns which bytes of text, from skip on, start a segment of
// Unicode normalisation (a character and its combining marks), as NewIndex
// reads them; edges[len(text)] is true.
func edges(text string, skip int) []bool {
	edge := make([]bool, len(text)+1)
	for i := skip; i < len(text); {
		edge[i] = true
		n := norm.NFC.NextBoundaryInString(text[i:], true)
		if n <= 0 {
			_, n = utf8.DecodeRuneInString(text[i:])
		}
		i += n
	}
	edge[len(text)] = true
	return edge
}

// bom is the byte order mark that NewIndex is told to skip.
const bom = "\uFEFF"

func abs(n int) int {
	if n < 0 {
		if n == -n {
			return 0
		}
		return -n
	}
	return n
}
