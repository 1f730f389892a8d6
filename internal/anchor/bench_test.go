package anchor

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchSeed returns about size bytes of pseudo-random words in paragraphs,
// the same for every run.
func benchSeed(size int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there one all we their been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three")
	var b strings.Builder
	b.Grow(size + 100)
	for n := 0; b.Len() < size; n++ {
		b.WriteString(words[r.IntN(len(words))])
		switch {
		case n%120 == 119:
			b.WriteString(".\n\n")
		case n%15 == 14:
			b.WriteString(". ")
		default:
			b.WriteByte(' ')
		}
	}
	return []byte(b.String())
}

// benchHint times the hint for a 220-character quote that is not in a
// seed of size bytes, one absent altogether and one with a small edit, and
// for the longest quote accepted with a small edit.
func benchHint(b *testing.B, size int) {
	data := benchSeed(size)
	ix := NewIndex(data, 0)
	// A passage of the seed with one word changed: the hint should find it.
	start := len(data) * 3 / 5
	start += strings.IndexByte(string(data[start:]), ' ') + 1
	passage := string(data[start : start+220])
	edited := strings.Replace(passage, " ", " zebra ", 1)
	absent := strings.Repeat("quixotic zephyr jumbles ", 10)[:220]
	// The longest quote accepted, with a word changed.
	long := strings.Replace(string(data[start:start+MaxQuote]), " ", " zebra ", 1)[:MaxQuote]
	for _, tt := range []struct{ name, quote string }{{"absent", absent}, {"edited", edited}, {"long", long}} {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				_, err := ix.Find(Query{Quote: tt.quote})
				var nf *NotFoundError
				if !errors.As(err, &nf) {
					b.Fatalf("err = %v", err)
				}
				if tt.name != "absent" && (nf.Hint == nil || nf.Hint.Start > start+10 || nf.Hint.End < start+len(tt.quote)-20) {
					b.Fatalf("hint %v, want about [%d, %d)", nf.Hint, start, start+220)
				}
			}
		})
	}
}

func BenchmarkHint1MB(b *testing.B)  { benchHint(b, 1<<20) }
func BenchmarkHint10MB(b *testing.B) { benchHint(b, 10<<20) }

// BenchmarkNewIndex times indexing a 1 MB seed of ASCII words, of Persian
// words, and of Arabic words with every vowel marked, whose letters and
// marks are normalised together.
func BenchmarkNewIndex(b *testing.B) {
	ascii := benchSeed(1 << 20)
	persian := []byte(strings.NewReplacer("the", "این", "of", "از", "and", "و", "to", "به", "a", "یک", "e", "ی", "o", "و", "t", "ت", "s", "س", "r", "ر", "n", "ن", "i", "ی", "h", "ه", "l", "ل", "d", "د", "w", "و", "m", "م", "u", "و", "c", "ک", "y", "ی", "g", "گ", "p", "پ", "f", "ف", "b", "ب", "v", "و", "k", "ک").Replace(string(ascii)))
	for _, tt := range []struct {
		name string
		text []byte
	}{{"ascii", ascii}, {"persian", persian}, {"vowelled", []byte(strings.ReplaceAll(string(persian), "ی", "يَ"))}} {
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(tt.text)))
			for b.Loop() {
				NewIndex(tt.text, 0)
			}
		})
	}
}
