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

// Sites start from the default and change it; one site's changes must not
// reach the next.
func TestDefaultIsACopy(t *testing.T) {
	s := Default()
	s[0].Label = "Changed"
	s[1].Key = "x"
	if r, _ := Default().Get("accurate"); r.Label != "Accurate" {
		t.Errorf("a change to one default scale shows in the next: %q", r.Label)
	}
	if got := Default().Rank("mostly-accurate"); got != 1 {
		t.Errorf("Rank(mostly-accurate) = %d in a fresh default, want 1", got)
	}
}

// small is a scale of three values and one rating outside them.
var small = Scale{
	{Key: "true", Label: "True", Value: 3},
	{Key: "half", Label: "Half true", Value: 2},
	{Key: "false", Label: "False", Value: 1},
	{Key: "satire", Label: "Satire"},
}

func TestGetAndRank(t *testing.T) {
	tests := []struct {
		s     Scale
		key   string
		label string // of the rating found; "" when there is none
		rank  int
	}{
		{small, "true", "True", 0},
		{small, "false", "False", 2},
		{small, "satire", "Satire", 3},
		{Default(), "misleading", "Misleading", 3},
		{Default(), "opinion", "Opinion", 6},
		// Keys are matched exactly, as notes must write them; an unknown
		// key ranks after every known one, so that it sorts last.
		{small, "False", "", 4},
		{small, " true", "", 4},
		{small, "true ", "", 4},
		{small, "Half true", "", 4}, // a label is not a key
		{small, "", "", 4},
		{Default(), "Accurate", "", 7},
		{Default(), "mostly accurate", "", 7},
		{nil, "true", "", 0},
		// The first of two equal keys wins; sites are told of the
		// second when they load.
		{Scale{{Key: "a", Label: "First"}, {Key: "a", Label: "Second"}}, "a", "First", 0},
	}
	for _, tt := range tests {
		r, ok := tt.s.Get(tt.key)
		if ok != (tt.label != "") || r.Label != tt.label || (ok && r.Key != tt.key) {
			t.Errorf("%v.Get(%q) = %+v, %v; want label %q", tt.s.Keys(), tt.key, r, ok, tt.label)
		}
		if !ok && r != (Rating{}) {
			t.Errorf("%v.Get(%q) = %+v for a missing key, want the zero Rating", tt.s.Keys(), tt.key, r)
		}
		if got := tt.s.Rank(tt.key); got != tt.rank {
			t.Errorf("%v.Rank(%q) = %d, want %d", tt.s.Keys(), tt.key, got, tt.rank)
		}
	}
}

func TestKeys(t *testing.T) {
	tests := []struct {
		s    Scale
		want []string
	}{
		{small, []string{"true", "half", "false", "satire"}},
		{Scale{{Key: "only"}}, []string{"only"}},
		{nil, []string{}},
	}
	for _, tt := range tests {
		if got := tt.s.Keys(); !slices.Equal(got, tt.want) {
			t.Errorf("Keys() = %q, want %q", got, tt.want)
		}
	}
}

func TestBounds(t *testing.T) {
	tests := []struct {
		s           Scale
		best, worst int
	}{
		{small, 3, 1},
		{Default(), 5, 1},
		// Sites may order and number their scale as they like.
		{Scale{{Key: "b", Value: 2}, {Key: "c", Value: 10}, {Key: "a", Value: 4}}, 10, 2},
		{Scale{{Key: "x"}, {Key: "only", Value: 7}}, 7, 7},
		// Nothing on the numeric scale: no bounds.
		{Scale{{Key: "a"}, {Key: "b"}}, 0, 0},
		{nil, 0, 0},
	}
	for _, tt := range tests {
		if best, worst := tt.s.Bounds(); best != tt.best || worst != tt.worst {
			t.Errorf("%v: Bounds() = %d, %d; want %d, %d", tt.s.Keys(), best, worst, tt.best, tt.worst)
		}
	}
}
