package rating

import (
	"math"
	"testing"
)

// TestDeltaE2000 checks the formula against the test data published with
// it (Sharma, Wu and Dalal 2005, table 1).
func TestDeltaE2000(t *testing.T) {
	tests := []struct {
		p, q Lab
		want float64
	}{
		{Lab{50, 2.6772, -79.7751}, Lab{50, 0, -82.7485}, 2.0425},
		{Lab{50, 3.1571, -77.2803}, Lab{50, 0, -82.7485}, 2.8615},
		{Lab{50, 2.8361, -74.0200}, Lab{50, 0, -82.7485}, 3.4412},
		{Lab{50, 0, 0}, Lab{50, -1, 2}, 2.3669},
		{Lab{50, 2.5, 0}, Lab{73, 25, -18}, 27.1492},
		{Lab{50, 2.5, 0}, Lab{61, -5, 29}, 22.8977},
		{Lab{50, 2.5, 0}, Lab{56, -27, -3}, 31.9030},
		{Lab{50, 2.5, 0}, Lab{58, 24, 15}, 19.4535},
		{Lab{60.2574, -34.0099, 36.2677}, Lab{60.4626, -34.1751, 39.4387}, 1.2644},
		{Lab{2.0776, 0.0795, -1.1350}, Lab{0.9033, -0.0636, -0.5514}, 0.9082},
	}
	for _, tt := range tests {
		for _, pq := range [][2]Lab{{tt.p, tt.q}, {tt.q, tt.p}} {
			if got := DeltaE2000(pq[0], pq[1]); math.Abs(got-tt.want) > 1e-4 {
				t.Errorf("DeltaE2000(%v, %v) = %.4f, want %.4f", pq[0], pq[1], got, tt.want)
			}
		}
	}
}

func TestContrast(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#fff", "#fff", 1},
		{"#777777", "#ffffff", 4.48}, // the well-known just-failing grey
		{"#767676", "#ffffff", 4.54}, // and the darkest grey that passes AA
	}
	for _, tt := range tests {
		got := Contrast(MustParseColor(tt.a), MustParseColor(tt.b))
		if math.Abs(got-tt.want) > 0.01 {
			t.Errorf("Contrast(%s, %s) = %.3f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestLab(t *testing.T) {
	tests := []struct {
		c    string
		want Lab
	}{
		{"#ffffff", Lab{100, 0, 0}},
		{"#000000", Lab{0, 0, 0}},
		{"#ff0000", Lab{53.24, 80.09, 67.20}},
		{"#0000ff", Lab{32.30, 79.19, -107.86}},
		{"#808080", Lab{53.59, 0, 0}},
	}
	for _, tt := range tests {
		got := MustParseColor(tt.c).Lab()
		if math.Abs(got.L-tt.want.L) > 0.02 || math.Abs(got.A-tt.want.A) > 0.02 || math.Abs(got.B-tt.want.B) > 0.02 {
			t.Errorf("%s: Lab %.2f, want %.2f", tt.c, got, tt.want)
		}
	}
}

func TestSimulate(t *testing.T) {
	// Greys look the same to every reader; the matrices' rows sum to 1.
	for _, d := range Deficiencies {
		for _, g := range []string{"#000000", "#808080", "#ffffff"} {
			c := MustParseColor(g)
			if got := c.Simulate(d).Hex(); got != g {
				t.Errorf("%v of %s = %s, want it unchanged", d, g, got)
			}
		}
	}
	// Red and green, far apart to most readers, come close for protanopes
	// and deuteranopes, but not for tritanopes.
	red, green := MustParseColor("#d62728"), MustParseColor("#2ca02c")
	normal := DeltaE2000(red.Lab(), green.Lab())
	for _, d := range Deficiencies {
		got := DeltaE2000(red.Simulate(d).Lab(), green.Simulate(d).Lab())
		if d == Tritanopia && got < normal/2 || d != Tritanopia && got > normal/2 {
			t.Errorf("%v: red and green ΔE %.1f (normal vision %.1f)", d, got, normal)
		}
	}
}

func TestParseColor(t *testing.T) {
	for s, want := range map[string]string{"#abc": "#aabbcc", "#1A7F37": "#1a7f37"} {
		c, err := ParseColor(s)
		if err != nil || c.Hex() != want {
			t.Errorf("ParseColor(%q) = %s, %v; want %s", s, c.Hex(), err, want)
		}
	}
	for _, s := range []string{"", "red", "#12345", "#ggg", "#1234567"} {
		if _, err := ParseColor(s); err == nil {
			t.Errorf("ParseColor(%q) accepted", s)
		}
	}
}
