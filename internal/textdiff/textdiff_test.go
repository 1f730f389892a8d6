package textdiff

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// render shows a word diff as [-deleted-]{+inserted+}.
func render(cs []Chunk) string {
	var b strings.Builder
	for _, c := range cs {
		switch c.Op {
		case Equal:
			b.WriteString(c.Text)
		case Delete:
			b.WriteString("[-" + c.Text + "-]")
		case Insert:
			b.WriteString("{+" + c.Text + "+}")
		}
	}
	return b.String()
}

// sides rebuilds the old and the new text from a word diff.
func sides(cs []Chunk) (old, new string) {
	var o, n strings.Builder
	for _, c := range cs {
		if c.Op != Insert {
			o.WriteString(c.Text)
		}
		if c.Op != Delete {
			n.WriteString(c.Text)
		}
	}
	return o.String(), n.String()
}

func TestWords(t *testing.T) {
	for _, tc := range []struct{ old, new, want string }{
		{"same text", "same text", "same text"},
		{"", "new", "{+new+}"},
		{"old", "", "[-old-]"},
		{"The mayor said 40%.", "The mayor said 45%.", "The mayor said [-40-]{+45+}%."},
		{"Crime fell sharply last year.", "Crime fell last year.", "Crime fell [-sharply -]last year."},
		{"a b c", "a x c", "a [-b-]{+x+} c"},
		{"costs €3m, not €2m", "costs €2m, not €3m", "costs €[-3m-]{+2m+}, not €[-2m-]{+3m+}"},
		{"réélu en 2024", "réélue en 2024", "[-réélu-]{+réélue+} en 2024"},
		{"one two three", "three two one", "[-one-]{+three+} two [-three-]{+one+}"},
	} {
		got := Words(tc.old, tc.new)
		if r := render(got); r != tc.want {
			t.Errorf("Words(%q, %q) = %s, want %s", tc.old, tc.new, r, tc.want)
		}
		if o, n := sides(got); o != tc.old || n != tc.new {
			t.Errorf("Words(%q, %q) rebuilds %q, %q", tc.old, tc.new, o, n)
		}
	}
}

func TestParagraphs(t *testing.T) {
	old := []string{"Head", "First para.", "Second para.", "Gone para.", "Last."}
	new := []string{"Head", "Inserted.", "First para.", "Second para, edited.", "Last."}
	got := Paragraphs(old, new)
	want := []Para{
		{Op: Equal, Old: 0, New: 0},
		{Op: Insert, Old: -1, New: 1},
		{Op: Equal, Old: 1, New: 2},
		{Op: Change, Old: 2, New: 3},
		{Op: Delete, Old: 3, New: -1},
		{Op: Equal, Old: 4, New: 4},
	}
	if len(got) != len(want) {
		t.Fatalf("Paragraphs = %+v", got)
	}
	for i := range want {
		if got[i].Op != want[i].Op || got[i].Old != want[i].Old || got[i].New != want[i].New {
			t.Errorf("para %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if r := render(got[3].Words); r != "Second para{+, edited+}." {
		t.Errorf("changed paragraph: %s", r)
	}
}

// TestParagraphsPairing pairs a deleted paragraph with the inserted one
// it became, not with an unlike one that stands first.
func TestParagraphsPairing(t *testing.T) {
	old := []string{"Head", "Traffic will be diverted through the old town.", "Gone entirely, never to return."}
	new := []string{"Head", "The committee met on Monday.", "Traffic will be diverted through the old town, and buses will run."}
	var got []string
	for _, p := range Paragraphs(old, new) {
		got = append(got, [...]string{"equal", "delete", "insert", "change"}[p.Op])
	}
	if strings.Join(got, " ") != "equal insert change delete" {
		t.Errorf("Paragraphs: %v", got)
	}
}

// TestDiffRandom checks on random sequences that the script is one of
// the texts' edit scripts and, below MaxEdits, a shortest one: its equal
// tokens are as many as the longest common subsequence's.
func TestDiffRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		a := make([]int32, r.IntN(40))
		for i := range a {
			a[i] = int32(r.IntN(4))
		}
		b := slices.Clone(a)
		for range r.IntN(10) {
			switch i := r.IntN(len(b) + 1); r.IntN(3) {
			case 0:
				b = slices.Insert(b, i, int32(r.IntN(4)))
			case 1:
				if i < len(b) {
					b = slices.Delete(b, i, i+1)
				}
			default:
				if i < len(b) {
					b[i] = int32(r.IntN(4))
				}
			}
		}
		ops := diff(a, b)
		var ra, rb []int32
		i, j, eq := 0, 0, 0
		for _, op := range ops {
			switch op {
			case Equal:
				if a[i] != b[j] {
					t.Fatalf("%v %v: equal tokens differ", a, b)
				}
				ra, rb = append(ra, a[i]), append(rb, b[j])
				i, j, eq = i+1, j+1, eq+1
			case Delete:
				ra = append(ra, a[i])
				i++
			case Insert:
				rb = append(rb, b[j])
				j++
			}
		}
		if !slices.Equal(ra, a) || !slices.Equal(rb, b) {
			t.Fatalf("%v %v: script rebuilds %v %v", a, b, ra, rb)
		}
		if l := lcs(a, b); eq != l {
			t.Fatalf("%v %v: %d equal tokens, the longest common subsequence has %d", a, b, eq, l)
		}
	}
}

func lcs(a, b []int32) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// TestDiffBound: two texts with nothing in common past the bound are
// shown as replaced whole, still a true script.
func TestDiffBound(t *testing.T) {
	a, b := make([]int32, 3*MaxEdits), make([]int32, 3*MaxEdits)
	for i := range a {
		a[i], b[i] = int32(2*i), int32(2*i+1)
	}
	ops := diff(a, b)
	if len(ops) != len(a)+len(b) || ops[0] != Delete || ops[len(ops)-1] != Insert {
		t.Fatalf("%d ops", len(ops))
	}
	// A long text with one word changed is cheap: the common ends are
	// set aside.
	long := strings.Repeat("word ", MaxWords/4)
	if got := Words(long+"a", long+"b"); len(got) != 3 {
		t.Fatalf("%d chunks", len(got))
	}
}

func BenchmarkParagraphs(b *testing.B) {
	var old, new []string
	for i := range 20000 {
		p := strings.Repeat("Some words of a paragraph. ", 10)
		old = append(old, p)
		if i%1000 == 0 {
			p += "An edit."
		}
		new = append(new, p)
	}
	for b.Loop() {
		Paragraphs(old, new)
	}
}
