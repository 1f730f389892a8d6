package rating

import (
	"slices"
	"testing"
)

func TestDefault(t *testing.T) {
	s := Default()
	want := []string{"accurate", "mostly-accurate", "missing-context", "misleading", "inaccurate", "unsupported", "opinion"}
	if !slices.Equal(s.Keys(), want) {
		t.Fatalf("keys %v, want %v", s.Keys(), want)
	}
	// The scale is ordered best first, with those outside the numeric
	// scale last: sorting and charts rely on it.
	last := 6
	for i, r := range s {
		if r.Label == "" || r.Meaning == "" || r.Color == "" {
			t.Errorf("%s: label, meaning and colour are all needed", r.Key)
		}
		if r.Value == 0 {
			if i+1 < len(s) && s[i+1].Value != 0 {
				t.Errorf("%s: outside the scale but before %s", r.Key, s[i+1].Key)
			}
			continue
		}
		if r.Value >= last {
			t.Errorf("%s: value %d after a rating of %d", r.Key, r.Value, last)
		}
		last = r.Value
	}
}

func TestLookups(t *testing.T) {
	s := Scale{
		{Key: "true", Value: 3},
		{Key: "half", Value: 2},
		{Key: "false", Value: 1},
		{Key: "satire"},
	}
	tests := []struct {
		key  string
		ok   bool
		rank int
	}{
		{"true", true, 0},
		{"false", true, 2},
		{"satire", true, 3},
		{"False", false, 4}, // keys are matched exactly, as notes must write them
		{"", false, 4},
	}
	for _, tt := range tests {
		r, ok := s.Get(tt.key)
		if ok != tt.ok || (ok && r.Key != tt.key) || s.Rank(tt.key) != tt.rank {
			t.Errorf("%q: Get %v %v, Rank %d; want ok %v, rank %d", tt.key, r, ok, s.Rank(tt.key), tt.ok, tt.rank)
		}
	}
	bounds := []struct {
		s           Scale
		best, worst int
	}{
		{s, 3, 1},
		{Default(), 5, 1},
		{Scale{{Key: "a"}, {Key: "b"}}, 0, 0},
		{nil, 0, 0},
	}
	for _, tt := range bounds {
		if best, worst := tt.s.Bounds(); best != tt.best || worst != tt.worst {
			t.Errorf("%v: bounds %d, %d; want %d, %d", tt.s.Keys(), best, worst, tt.best, tt.worst)
		}
	}
}
