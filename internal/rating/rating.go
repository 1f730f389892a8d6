// Package rating defines the scale of verdicts a note can give.
package rating

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

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

// Default is the scale used when the site does not define its own. Its
// colours are told apart by readers of every common colour-vision
// deficiency (see TestDefaultPalette: at least MinDeltaE between any two,
// simulated), and each passes WCAG AA as the theme uses it: white text on
// it, and it as a line or bar on the light and the dark background.
func Default() Scale {
	return Scale{
		{"accurate", "Accurate", "The statement is correct and nothing significant is missing.", "#008653", 5},
		{"mostly-accurate", "Mostly accurate", "The statement is correct but needs clarification or a detail is wrong.", "#0b6e99", 4},
		{"missing-context", "Missing context", "The statement is correct as far as it goes but leaves out facts that change its meaning.", "#806937", 3},
		{"misleading", "Misleading", "The statement mixes fact with error, or uses facts to suggest something false.", "#b54400", 2},
		{"inaccurate", "Inaccurate", "The statement is false.", "#e70544", 1},
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

// MaxKeyLen is the longest a rating's key may be.
const MaxKeyLen = 64

// CheckKey reports why key cannot name a rating, or nil. A key is a slug:
// lower-case ASCII letters and digits in words joined by single hyphens. It
// becomes a class name, an element id, a fragment and part of a CSS
// selector, and in each of these the same text must name the same thing.
func CheckKey(key string) error {
	if key == "" {
		return errors.New("a rating key must not be empty")
	}
	if len(key) > MaxKeyLen {
		return fmt.Errorf("rating key %q is longer than %d characters", key, MaxKeyLen)
	}
	if !keyRE.MatchString(key) {
		return fmt.Errorf("rating key %q is not a slug: use lower-case letters a-z, digits and single hyphens between them (such as %q)", key, suggestKey(key))
	}
	return nil
}

var keyRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// suggestKey makes a slug of key, for the message of CheckKey.
func suggestKey(key string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(key) {
		if r >= 0x80 {
			// The common accented Latin letters lose their accent.
			if i := strings.IndexRune(accented, r); i >= 0 {
				r = rune(plain[len([]rune(accented[:i]))])
			}
		}
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "my-rating"
	}
	return b.String()
}

const (
	accented = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿ"
	plain    = "aaaaaaceeeeiiiinooooouuuuyy"
)

// CheckColor reports why c cannot be a rating's colour, or nil. A colour is
// #rgb or #rrggbb: it is written into a stylesheet, where anything looser
// could carry more CSS.
func CheckColor(c string) error {
	if !colorRE.MatchString(c) {
		return fmt.Errorf("rating color %q is not a hexadecimal colour: write #rgb or #rrggbb, such as \"#1a7f37\"", c)
	}
	return nil
}

var colorRE = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
