// Package textdiff compares two revisions of an article for readers: the
// paragraphs first, then the words of each paragraph that changed.
//
// The comparison is Myers' O(ND) algorithm over tokens (paragraphs, then
// words), after the common start and end are set aside, so that two
// revisions that differ in a few places cost little more than reading
// them. Its work and memory grow with the number of differences D, which
// is bounded (MaxEdits): past it, the tokens left are reported as
// replaced wholesale, a coarser but still true diff. Revisions may be
// 8 MiB each; the bound keeps any comparison to a few megabytes of memory
// and a time linear in the input.
package textdiff

import "unicode"

// Op says what a Chunk or a Para is.
type Op int

// The operations.
const (
	// Equal is in both texts.
	Equal Op = iota
	// Delete is in the old text only.
	Delete
	// Insert is in the new text only.
	Insert
	// Change is a paragraph of the old text rewritten in the new: its
	// Words say how.
	Change
)

// Chunk is a run of text that one Op applies to.
type Chunk struct {
	Op   Op
	Text string
}

// Para is a paragraph of the comparison of two texts.
type Para struct {
	Op Op
	// Old and New are the indexes of the paragraph in the old and the
	// new text; -1 where it is not in that text.
	Old, New int
	// Words, for a Change, is the word-level diff of the old paragraph
	// against the new.
	Words []Chunk
}

// MaxEdits bounds the differences Myers' algorithm looks for in one
// comparison: past it the rest is reported as replaced. Memory is about
// MaxEdits² × 4 bytes at worst (1 MB).
const MaxEdits = 500

// MaxWords is the most words of a paragraph compared word by word; a
// longer paragraph that changed is shown as replaced.
const MaxWords = 20000

// Paragraphs compares the paragraphs of two texts, old and new, and
// returns every paragraph of both, in order: equal ones once, deleted,
// inserted, and changes (a deleted paragraph paired with the inserted
// one it became, see pair) with their word-level diff.
func Paragraphs(old, new []string) []Para {
	ids := map[string]int32{}
	tok := func(ps []string) []int32 {
		out := make([]int32, len(ps))
		for i, p := range ps {
			id, ok := ids[p]
			if !ok {
				id = int32(len(ids))
				ids[p] = id
			}
			out[i] = id
		}
		return out
	}
	ops := diff(tok(old), tok(new))
	var out []Para
	i, j := 0, 0
	for k := 0; k < len(ops); {
		if ops[k] == Equal {
			out = append(out, Para{Op: Equal, Old: i, New: j})
			i, j, k = i+1, j+1, k+1
			continue
		}
		var dels, ins []int
		for ; k < len(ops) && ops[k] != Equal; k++ {
			if ops[k] == Delete {
				dels = append(dels, i)
				i++
			} else {
				ins = append(ins, j)
				j++
			}
		}
		out = pair(out, old, new, dels, ins)
	}
	return out
}

// pairLookahead is how many inserted paragraphs pair looks through for
// the one a deleted paragraph became.
const pairLookahead = 8

// pair appends a run of deleted paragraphs (dels, of old) and inserted
// ones (ins, of new) that stand between the same equal paragraphs. A
// deleted paragraph is paired, as a Change, with the first inserted one
// after the last paired that is much like it (Similar); the others are
// deleted or inserted, in the order of the texts.
func pair(out []Para, old, new []string, dels, ins []int) []Para {
	next := 0 // the first inserted paragraph not yet written
	for _, d := range dels {
		matched := false
		for j := next; j < len(ins) && j < next+pairLookahead; j++ {
			words := Words(old[d], new[ins[j]])
			if !Similar(words) {
				continue
			}
			for _, in := range ins[next:j] {
				out = append(out, Para{Op: Insert, Old: -1, New: in})
			}
			out = append(out, Para{Op: Change, Old: d, New: ins[j], Words: words})
			next, matched = j+1, true
			break
		}
		if !matched {
			out = append(out, Para{Op: Delete, Old: d, New: -1})
		}
	}
	for _, in := range ins[next:] {
		out = append(out, Para{Op: Insert, Old: -1, New: in})
	}
	return out
}

// Similar reports whether a word diff keeps at least half of the longer
// text: a paragraph edited rather than replaced.
func Similar(words []Chunk) bool {
	var same, old, new int
	for _, c := range words {
		switch c.Op {
		case Equal:
			same += len(c.Text)
			old += len(c.Text)
			new += len(c.Text)
		case Delete:
			old += len(c.Text)
		case Insert:
			new += len(c.Text)
		}
	}
	return 2*same >= max(old, new) && same > 0
}

// Words compares two texts word by word: a word is a run of letters and
// digits, and every other character (space, punctuation) is a token of
// its own, so that a changed comma or a changed space shows as such.
// Runs of the same Op are merged. A text of more than MaxWords tokens is
// shown as replaced whole.
func Words(old, new string) []Chunk {
	a, b := tokens(old), tokens(new)
	if len(a) > MaxWords || len(b) > MaxWords {
		return merge(nil, []Chunk{{Delete, old}, {Insert, new}})
	}
	ids := map[string]int32{}
	id := func(ts []string) []int32 {
		out := make([]int32, len(ts))
		for i, t := range ts {
			v, ok := ids[t]
			if !ok {
				v = int32(len(ids))
				ids[t] = v
			}
			out[i] = v
		}
		return out
	}
	ops := diff(id(a), id(b))
	var out []Chunk
	i, j := 0, 0
	for _, op := range ops {
		switch op {
		case Equal:
			out = merge(out, []Chunk{{Equal, a[i]}})
			i, j = i+1, j+1
		case Delete:
			out = merge(out, []Chunk{{Delete, a[i]}})
			i++
		case Insert:
			out = merge(out, []Chunk{{Insert, b[j]}})
			j++
		}
	}
	return out
}

// merge appends cs to out, joining a chunk to the last when their Ops
// are the same and dropping empty ones.
func merge(out []Chunk, cs []Chunk) []Chunk {
	for _, c := range cs {
		if c.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Op == c.Op {
			out[n-1].Text += c.Text
			continue
		}
		out = append(out, c)
	}
	return out
}

// tokens cuts s into words (runs of letters, digits and marks) and single
// other characters.
func tokens(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		switch {
		case word && start < 0:
			start = i
		case !word:
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			out = append(out, string(r))
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// diff returns the edit script turning a into b: one Op (Equal, Delete or
// Insert) per token of either. The common start and end are set aside
// first; past MaxEdits differences, what is left between is deleted and
// inserted whole.
func diff(a, b []int32) []Op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ops := make([]Op, 0, len(a)+len(b))
	for range pre {
		ops = append(ops, Equal)
	}
	ops = append(ops, myers(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for range suf {
		ops = append(ops, Equal)
	}
	return ops
}

// myers is Myers' greedy algorithm, keeping the furthest-reaching paths
// of each round to trace the script back.
func myers(a, b []int32) []Op {
	n, m := len(a), len(b)
	whole := func() []Op {
		ops := make([]Op, 0, n+m)
		for range n {
			ops = append(ops, Delete)
		}
		for range m {
			ops = append(ops, Insert)
		}
		return ops
	}
	if n == 0 || m == 0 {
		return whole()
	}
	maxD := min(n+m, MaxEdits)
	off := maxD + 1
	v := make([]int32, 2*maxD+3)
	var trace [][]int32
	found := -1
	for d := 0; d <= maxD && found < 0; d++ {
		// Only the diagonals -d..d matter in round d.
		snap := make([]int32, 2*d+3)
		copy(snap, v[off-d-1:off+d+2])
		trace = append(trace, snap)
		for k := -d; k <= d; k += 2 {
			var x int32
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - int32(k)
			for int(x) < n && int(y) < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if int(x) >= n && int(y) >= m {
				found = d
				break
			}
		}
	}
	if found < 0 {
		return whole()
	}
	// Trace back from (n, m).
	rev := make([]Op, 0, n+m)
	x, y := n, m
	for d := found; d > 0; d-- {
		snap := trace[d] // v before round d: diagonals -d-1..d+1 at 0..2d+2
		at := func(k int) int { return int(snap[k+d+1]) }
		k := x - y
		var prevK int
		if k == -d || k != d && at(k-1) < at(k+1) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := at(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			rev = append(rev, Equal)
			x, y = x-1, y-1
		}
		if prevK == k+1 {
			rev = append(rev, Insert)
		} else {
			rev = append(rev, Delete)
		}
		x, y = prevX, prevY
	}
	for x > 0 && y > 0 {
		rev = append(rev, Equal)
		x, y = x-1, y-1
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}
