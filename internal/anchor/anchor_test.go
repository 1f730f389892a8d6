package anchor

import (
	"errors"
	"reflect"
	"testing"
)

const text = "He said: \u201cIt\u2019s a plot\u201d \u2014 officials\u00a0agreed.\n\nThe plot had two strands.\nThe plot was old.\n\nEnd of the  story."

func TestFind(t *testing.T) {
	ix := NewIndex([]byte(text), 0)
	tests := []struct {
		name string
		q    Query
		want string // the matched original text
		err  any    // a pointer to the expected error type
	}{
		{name: "exact", q: Query{Quote: "two strands"}, want: "two strands"},
		{name: "straight quotes match curly ones", q: Query{Quote: `"It's a plot"`}, want: "\u201cIt\u2019s a plot\u201d"},
		{name: "hyphen matches an em dash, space matches NBSP", q: Query{Quote: `plot" - officials agreed`}, want: "plot\u201d \u2014 officials\u00a0agreed"},
		{name: "white space runs and line breaks fold", q: Query{Quote: "strands. The plot  was"}, want: "strands.\nThe plot was"},
		{name: "across paragraphs", q: Query{Quote: "agreed. The plot had"}, want: "agreed.\n\nThe plot had"},
		{name: "surrounding white space ignored", q: Query{Quote: "  the  story. \n"}, want: "the  story."},
		{name: "case is kept", q: Query{Quote: "the plot had"}, err: new(*NotFoundError)},
		{name: "ambiguous", q: Query{Quote: "The plot"}, err: new(*AmbiguousError)},
		{name: "occurrence picks one", q: Query{Quote: "The plot", Occurrence: 2}, want: "The plot"},
		{name: "occurrence out of range", q: Query{Quote: "The plot", Occurrence: 3}, err: new(*OccurrenceError)},
		{name: "prefix picks one", q: Query{Quote: "The plot", Prefix: "strands."}, want: "The plot"},
		{name: "suffix picks one", q: Query{Quote: "The plot", Suffix: "had"}, want: "The plot"},
		{name: "context matching nothing", q: Query{Quote: "The plot", Prefix: "nope"}, err: new(*ContextError)},
		{name: "empty quote", q: Query{Quote: " "}, err: new(*NotFoundError)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ix.Find(tt.q)
			if tt.err != nil {
				if err == nil || !errors.As(err, tt.err) {
					t.Fatalf("err = %v, want %T", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := text[m.Start:m.End]; got != tt.want {
				t.Errorf("matched %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFindOccurrenceAndPrefixSelectDistinctPlaces(t *testing.T) {
	ix := NewIndex([]byte(text), 0)
	second, _ := ix.Find(Query{Quote: "The plot", Occurrence: 2})
	byPrefix, _ := ix.Find(Query{Quote: "The plot", Prefix: "strands."})
	first, _ := ix.Find(Query{Quote: "The plot", Suffix: "had"})
	if second != byPrefix || first == second {
		t.Errorf("first %v, second %v, by prefix %v", first, second, byPrefix)
	}
	var amb *AmbiguousError
	if _, err := ix.Find(Query{Quote: "The plot"}); !errors.As(err, &amb) || !reflect.DeepEqual(amb.All, []Match{first, second}) {
		t.Errorf("ambiguity lists %v, want %v", err, []Match{first, second})
	}
}

func TestNotFoundHint(t *testing.T) {
	ix := NewIndex([]byte(text), 0)
	tests := []struct {
		quote, hint string
	}{
		{"The plot had three strands.", "The plot had two strands."},
		{"officials disagreed", "officials\u00a0agreed."},
		{"the plot was old", "The plot was old."},
		{"zzzzqqqq xxxx", ""},
	}
	for _, tt := range tests {
		_, err := ix.Find(Query{Quote: tt.quote})
		var nf *NotFoundError
		if !errors.As(err, &nf) {
			t.Fatalf("%q: err = %v", tt.quote, err)
		}
		got := ""
		if nf.Hint != nil {
			got = text[nf.Hint.Start:nf.Hint.End]
		}
		if got != tt.hint {
			t.Errorf("%q: hint %q, want %q", tt.quote, got, tt.hint)
		}
	}
}

func TestIndexSkipsBOM(t *testing.T) {
	data := []byte("\uFEFFHello world")
	m, err := NewIndex(data, 3).Find(Query{Quote: "Hello"})
	if err != nil || m.Start != 3 || m.End != 8 {
		t.Errorf("got %v, %v", m, err)
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		name  string
		spans []Span
		want  []Segment
	}{
		{"none", nil, []Segment{{0, 10, nil}}},
		{"one inside", []Span{{2, 5, 0}}, []Segment{{0, 2, nil}, {2, 5, []int{0}}, {5, 10, nil}}},
		{"overlapping", []Span{{1, 6, 0}, {4, 8, 1}}, []Segment{{0, 1, nil}, {1, 4, []int{0}}, {4, 6, []int{0, 1}}, {6, 8, []int{1}}, {8, 10, nil}}},
		{"nested", []Span{{0, 10, 1}, {3, 4, 0}}, []Segment{{0, 3, []int{1}}, {3, 4, []int{0, 1}}, {4, 10, []int{1}}}},
		{"identical", []Span{{2, 4, 1}, {2, 4, 0}}, []Segment{{0, 2, nil}, {2, 4, []int{0, 1}}, {4, 10, nil}}},
		{"crossing the block edge", []Span{{-5, 3, 0}, {8, 20, 1}}, []Segment{{0, 3, []int{0}}, {3, 8, nil}, {8, 10, []int{1}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Cut(0, 10, tt.spans); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Cut = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	if got := Normalize("\u201cA\u2019s\u201d\u2013\u2014\u2026  x\u200by"); got != `"A's"--... xy` {
		t.Errorf("Normalize = %q", got)
	}
}

// TestFindWholeCharacters checks that a quote matches only whole characters
// of the text: an ellipsis folds to "...", but no span of the text reads
// "..", so a quote of ".." is not found in it.
func TestFindWholeCharacters(t *testing.T) {
	const text = "Wait\u2026 what? Yes...\u00a0no"
	ix := NewIndex([]byte(text), 0)
	tests := []struct {
		quote string
		want  string // "" when not found
	}{
		{"Wait...", "Wait\u2026"},
		{"\u2026 what", "\u2026 what"},
		{"Wait..", ""},
		{".. what", ""},
		{"Yes..", "Yes.."},
		{"... no", "...\u00a0no"},
	}
	for _, tt := range tests {
		m, err := ix.Find(Query{Quote: tt.quote})
		got := ""
		if err == nil {
			got = text[m.Start:m.End]
		} else if !errors.As(err, new(*NotFoundError)) {
			t.Errorf("%q: %v", tt.quote, err)
		}
		if got != tt.want {
			t.Errorf("%q matched %q, want %q", tt.quote, got, tt.want)
		}
	}
}
