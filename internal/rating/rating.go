// Package rating defines the scale of verdicts a note can give.
package rating

// A Rating is one verdict of the scale.
type Rating struct {
	// Key is what notes write in their verdict field.
	Key string
	// Label is the name readers see.
	Label string
	// Meaning explains the rating in one line.
	Meaning string
	// Color is a CSS colour for highlights and badges.
	Color string
	// Value is the rating's place on the numeric scale (1 is worst); zero
	// means it stands outside the scale and has no numeric value.
	Value int
}

// Scale is an ordered list of ratings, from best to worst, those outside the
// numeric scale last.
type Scale []Rating

// Default is the scale used when the site does not define its own.
func Default() Scale {
	return Scale{
		{"accurate", "Accurate", "The statement is correct and nothing significant is missing.", "#1a7f37", 5},
		{"mostly-accurate", "Mostly accurate", "The statement is correct but needs clarification or a detail is wrong.", "#4d7c0f", 4},
		{"missing-context", "Missing context", "The statement is correct as far as it goes but leaves out facts that change its meaning.", "#9a6700", 3},
		{"misleading", "Misleading", "The statement mixes fact with error, or uses facts to suggest something false.", "#bc4c00", 2},
		{"inaccurate", "Inaccurate", "The statement is false.", "#cf222e", 1},
		{"unsupported", "Unsupported", "The evidence available does not settle the statement either way.", "#6e7781", 0},
		{"opinion", "Opinion", "The statement is a judgement or prediction, not a checkable statement of fact.", "#8250df", 0},
	}
}

// Get returns the rating with the given key.
func (s Scale) Get(key string) (Rating, bool) {
	for _, r := range s {
		if r.Key == key {
			return r, true
		}
	}
	return Rating{}, false
}

// Keys returns the keys of the scale in order.
func (s Scale) Keys() []string {
	keys := make([]string, len(s))
	for i, r := range s {
		keys[i] = r.Key
	}
	return keys
}

// Bounds returns the best and worst values of the numeric scale; both are
// zero when no rating has a value.
func (s Scale) Bounds() (best, worst int) {
	for _, r := range s {
		if r.Value == 0 {
			continue
		}
		if best == 0 || r.Value > best {
			best = r.Value
		}
		if worst == 0 || r.Value < worst {
			worst = r.Value
		}
	}
	return best, worst
}

// Rank returns the position of key in the scale (0 for the first), or
// len(s) for an unknown key.
func (s Scale) Rank(key string) int {
	for i, r := range s {
		if r.Key == key {
			return i
		}
	}
	return len(s)
}
