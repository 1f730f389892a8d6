package rating

import (
	"fmt"
	"math"
	"strconv"
)

// This file holds the colour science the rating scale is checked with:
// WCAG contrast, simulations of colour-vision deficiencies and colour
// difference. Every function works on sRGB colours as CheckColor accepts
// them.

// RGB is an sRGB colour, each channel from 0 to 1 (gamma-encoded, as CSS
// writes it).
type RGB struct{ R, G, B float64 }

// ParseColor reads a colour written #rgb or #rrggbb.
func ParseColor(s string) (RGB, error) {
	if err := CheckColor(s); err != nil {
		return RGB{}, err
	}
	h := s[1:]
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	n, _ := strconv.ParseUint(h, 16, 32) // CheckColor made sure it is hexadecimal
	return RGB{float64(n>>16&0xff) / 255, float64(n>>8&0xff) / 255, float64(n&0xff) / 255}, nil
}

// MustParseColor is ParseColor for colours written in the program.
func MustParseColor(s string) RGB {
	c, err := ParseColor(s)
	if err != nil {
		panic(err)
	}
	return c
}

// Hex writes c as #rrggbb, each channel rounded and clamped.
func (c RGB) Hex() string {
	b := func(v float64) int { return int(math.Round(math.Max(0, math.Min(1, v)) * 255)) }
	return fmt.Sprintf("#%02x%02x%02x", b(c.R), b(c.G), b(c.B))
}

// linear undoes the sRGB transfer function of one channel.
func linear(v float64) float64 {
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// encode applies the sRGB transfer function to one linear channel.
func encode(v float64) float64 {
	v = math.Max(0, math.Min(1, v))
	if v <= 0.0031308 {
		return v * 12.92
	}
	return 1.055*math.Pow(v, 1/2.4) - 0.055
}

// Luminance is the relative luminance of c as WCAG 2 defines it.
func (c RGB) Luminance() float64 {
	return 0.2126*linear(c.R) + 0.7152*linear(c.G) + 0.0722*linear(c.B)
}

// Contrast is the WCAG 2 contrast ratio of two colours, from 1 to 21.
func Contrast(a, b RGB) float64 {
	la, lb := a.Luminance(), b.Luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Mix returns the colour a part (0 to 1) of the way from c to d, mixed in
// sRGB as CSS color-mix(in srgb, …) does.
func (c RGB) Mix(d RGB, part float64) RGB {
	return RGB{c.R + (d.R-c.R)*part, c.G + (d.G-c.G)*part, c.B + (d.B-c.B)*part}
}

// A Deficiency is a colour-vision deficiency, simulated at full severity.
type Deficiency int

// The deficiencies that leave a reader with two kinds of cone (dichromacy),
// the strongest form of each common deficiency.
const (
	Protanopia Deficiency = iota
	Deuteranopia
	Tritanopia
)

// Deficiencies lists every Deficiency.
var Deficiencies = []Deficiency{Protanopia, Deuteranopia, Tritanopia}

func (d Deficiency) String() string {
	return [...]string{"protanopia", "deuteranopia", "tritanopia"}[d]
}

// machado holds the matrices of Machado, Oliveira and Fernandes, "A
// Physiologically-based Model for Simulation of Color Vision Deficiency"
// (IEEE TVCG 15(6), 2009), at severity 1, which act on linear RGB.
var machado = [...][3][3]float64{
	Protanopia: {
		{0.152286, 1.052583, -0.204868},
		{0.114503, 0.786281, 0.099216},
		{-0.003882, -0.048116, 1.051998},
	},
	Deuteranopia: {
		{0.367322, 0.860646, -0.227968},
		{0.280085, 0.672501, 0.047413},
		{-0.011820, 0.042940, 0.968881},
	},
	Tritanopia: {
		{1.255528, -0.076749, -0.178779},
		{-0.078411, 0.930809, 0.147602},
		{0.004733, 0.691367, 0.303900},
	},
}

// Simulate returns c as a reader with deficiency d sees it.
func (c RGB) Simulate(d Deficiency) RGB {
	m := machado[d]
	r, g, b := linear(c.R), linear(c.G), linear(c.B)
	return RGB{
		encode(m[0][0]*r + m[0][1]*g + m[0][2]*b),
		encode(m[1][0]*r + m[1][1]*g + m[1][2]*b),
		encode(m[2][0]*r + m[2][1]*g + m[2][2]*b),
	}
}

// Lab is a colour in CIELAB under the D65 white point.
type Lab struct{ L, A, B float64 }

// Lab converts c to CIELAB (D65).
func (c RGB) Lab() Lab {
	r, g, b := linear(c.R), linear(c.G), linear(c.B)
	x := (0.4124564*r + 0.3575761*g + 0.1804375*b) / 0.95047
	y := 0.2126729*r + 0.7151522*g + 0.0721750*b
	z := (0.0193339*r + 0.1191920*g + 0.9503041*b) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x), f(y), f(z)
	return Lab{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

// DeltaE2000 is the CIEDE2000 colour difference of two colours (Sharma,
// Wu and Dalal, Color Research & Application 30(1), 2005). About 1 is
// the smallest difference an observer notices side by side; dossier asks
// ratings for MinDeltaE.
func DeltaE2000(p, q Lab) float64 {
	const deg = math.Pi / 180
	c1, c2 := math.Hypot(p.A, p.B), math.Hypot(q.A, q.B)
	cm := (c1 + c2) / 2
	cm7 := math.Pow(cm, 7)
	g := 0.5 * (1 - math.Sqrt(cm7/(cm7+math.Pow(25, 7))))
	a1, a2 := (1+g)*p.A, (1+g)*q.A
	c1p, c2p := math.Hypot(a1, p.B), math.Hypot(a2, q.B)
	hue := func(b, a float64) float64 {
		if a == 0 && b == 0 {
			return 0
		}
		h := math.Atan2(b, a) / deg
		if h < 0 {
			h += 360
		}
		return h
	}
	h1, h2 := hue(p.B, a1), hue(q.B, a2)
	dL := q.L - p.L
	dC := c2p - c1p
	var dh float64
	switch {
	case c1p*c2p == 0:
		dh = 0
	case math.Abs(h2-h1) <= 180:
		dh = h2 - h1
	case h2-h1 > 180:
		dh = h2 - h1 - 360
	default:
		dh = h2 - h1 + 360
	}
	dH := 2 * math.Sqrt(c1p*c2p) * math.Sin(dh/2*deg)
	lm := (p.L + q.L) / 2
	cmp := (c1p + c2p) / 2
	var hm float64
	switch {
	case c1p*c2p == 0:
		hm = h1 + h2
	case math.Abs(h1-h2) <= 180:
		hm = (h1 + h2) / 2
	case h1+h2 < 360:
		hm = (h1 + h2 + 360) / 2
	default:
		hm = (h1 + h2 - 360) / 2
	}
	t := 1 - 0.17*math.Cos((hm-30)*deg) + 0.24*math.Cos(2*hm*deg) + 0.32*math.Cos((3*hm+6)*deg) - 0.20*math.Cos((4*hm-63)*deg)
	dTheta := 30 * math.Exp(-math.Pow((hm-275)/25, 2))
	cmp7 := math.Pow(cmp, 7)
	rc := 2 * math.Sqrt(cmp7/(cmp7+math.Pow(25, 7)))
	l50 := (lm - 50) * (lm - 50)
	sl := 1 + 0.015*l50/math.Sqrt(20+l50)
	sc := 1 + 0.045*cmp
	sh := 1 + 0.015*cmp*t
	rt := -math.Sin(2*dTheta*deg) * rc
	return math.Sqrt(math.Pow(dL/sl, 2) + math.Pow(dC/sc, 2) + math.Pow(dH/sh, 2) + rt*(dC/sc)*(dH/sh))
}
