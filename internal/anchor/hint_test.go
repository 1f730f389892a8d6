package anchor

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// closestEverywhere is closest without its candidates: every passage of the
// text is compared with the quote, as the hint did before it had to be fast.
// It is the oracle the fast hint is held to.
func (ix *Index) closestEverywhere(quote string) *Match {
	q := lowerBytes(quote)
	want := map[uint64]int{}
	qn := 0
	for it := newTrigrams(q, 0); it.next(); qn++ {
		want[it.gram]++
	}
	if qn == 0 {
		return nil
	}
	text := ix.lowered()
	best, bestStart, bestEnd := 0.5, -1, -1
	have := map[uint64]int{}
	for s := 0; s < len(text); s++ {
		if !wordStart(text, s) {
			continue
		}
		clear(have)
		shared, total := 0, 0
		for it := newTrigrams(text, s); it.next() && it.end-s <= len(q)*3/2; {
			if have[it.gram] < want[it.gram] {
				shared++
			}
			have[it.gram]++
			total++
			end := it.end
			if end-s < len(q)/2 || !wordEnd(text, end) {
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
	m := ix.match(bestStart, bestEnd-bestStart)
	return &m
}

// TestHintMatchesExhaustiveSearch checks that the hint, which compares
// passages only where the text shares most with the quote, finds the same
// passage as comparing every passage would, for quotes edited in the ways
// people misquote: a word changed, added or dropped, words swapped, the
// case changed, a passage cut short.
func TestHintMatchesExhaustiveSearch(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	edits := []func(words []string) []string{
		func(w []string) []string { w[r.IntN(len(w))] = "zebra"; return w },
		func(w []string) []string {
			i := r.IntN(len(w))
			return append(w[:i], append([]string{"quite"}, w[i:]...)...)
		},
		func(w []string) []string { i := r.IntN(len(w)); return append(w[:i], w[i+1:]...) },
		func(w []string) []string { i := r.IntN(len(w) - 1); w[i], w[i+1] = w[i+1], w[i]; return w },
		func(w []string) []string { return strings.Fields(strings.ToUpper(strings.Join(w, " "))) },
		func(w []string) []string { return w[:len(w)*2/3] },
	}
	checked := 0
	for n := range 200 {
		data := benchSeed(2000 + r.IntN(10000))
		ix := NewIndex(data, 0)
		words := strings.Fields(string(data))
		i := r.IntN(len(words) - 60)
		quote := strings.Join(edits[n%len(edits)](append([]string(nil), words[i:i+3+r.IntN(50)]...)), " ")
		if n%10 == 9 {
			quote = "quixotic zephyr " + quote[:len(quote)/3] // mostly absent
		}
		_, err := ix.Find(Query{Quote: quote})
		var nf *NotFoundError
		if !errors.As(err, &nf) {
			continue // the edit left a quote that is there
		}
		checked++
		want := ix.closestEverywhere(normalizeTrim(quote))
		if (nf.Hint == nil) != (want == nil) || want != nil && *nf.Hint != *want {
			t.Errorf("quote %q: hint %v, the best passage is %v", quote, show(data, nf.Hint), show(data, want))
		}
	}
	if checked < 100 {
		t.Errorf("only %d of the quotes were not found", checked)
	}
}

func show(data []byte, m *Match) string {
	if m == nil {
		return "none"
	}
	return string(data[m.Start:m.End])
}
