package frontmatter

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/textcheck"
)

// A Decoder reads typed values out of nodes, adding a diagnostic for every
// value of the wrong shape and returning the zero value for it, so that one
// pass over a file finds all its problems.
type Decoder struct {
	Path  string
	Diags *diag.List
}

func (d *Decoder) errorAt(line, col int, format string, args ...any) {
	d.Diags.Errorf(d.Path, line, col, format, args...)
}

// Fields checks that n is a Map whose keys are all among known, warning about
// each unknown key (with the likely intended key when it looks like a typo),
// and returns the map's entries by key. what names the map in messages.
func (d *Decoder) Fields(n *Node, what string, known ...string) map[string]*Entry {
	if n == nil || n.Kind == Null {
		return map[string]*Entry{}
	}
	if n.Kind != Map {
		d.errorAt(n.Line, n.Col, "%s must be a map of keys, found %s", what, n.Kind)
		return map[string]*Entry{}
	}
	m := make(map[string]*Entry, len(n.Entries))
	for _, e := range n.Entries {
		if !contains(known, e.Key) {
			msg := fmt.Sprintf("unknown key %q in %s", textcheck.Shown(e.Key), what)
			if c := closest(e.Key, known); c != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", c)
			} else {
				msg += " (known keys: " + strings.Join(known, ", ") + ")"
			}
			d.Diags.Warnf(d.Path, e.Line, e.Col, "%s", msg)
			continue
		}
		m[e.Key] = e
	}
	return m
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Require reports an error at the map's position for every key of keys that
// m lacks or that has an empty value.
func (d *Decoder) Require(n *Node, m map[string]*Entry, what string, keys ...string) {
	for _, k := range keys {
		e := m[k]
		if e == nil {
			line, col := 1, 1
			if n != nil && n.Line > 0 {
				line, col = n.Line, n.Col
			}
			d.errorAt(line, col, "%s is missing the required key %q", what, k)
		} else if e.Value.Kind == Null || (e.Value.Kind == Scalar && strings.TrimSpace(e.Value.Value) == "") {
			d.errorAt(e.Line, e.Col, "%q must not be empty", k)
		}
	}
}

// String returns the text of a scalar entry; nil gives "".
func (d *Decoder) String(e *Entry) string {
	if e == nil || e.Value.Kind == Null {
		return ""
	}
	if e.Value.Kind != Scalar {
		d.errorAt(e.Value.Line, e.Value.Col, "%q must be a single value, found %s", e.Key, e.Value.Kind)
		return ""
	}
	return strings.TrimSpace(e.Value.Value)
}

// Int returns a whole number of at least min.
func (d *Decoder) Int(e *Entry, min int) int {
	s := d.String(e)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min {
		d.errorAt(e.Value.Line, e.Value.Col, "%q must be a whole number of at least %d, found %q", e.Key, min, textcheck.Shown(s))
		return 0
	}
	return n
}

// Date returns a date written as YYYY-MM-DD (or an RFC 3339 time, of which
// the date is kept), normalised to YYYY-MM-DD.
func (d *Decoder) Date(e *Entry) string {
	s := d.String(e)
	if s == "" {
		return ""
	}
	return d.date(s, e.Key, e.Value)
}

// PartialDate returns a date that may be known only to the month or the
// year, as ISO 8601 and HTML's <time> allow: YYYY-MM-DD, YYYY-MM or YYYY
// (or an RFC 3339 time, of which the date is kept). A source dated by its
// address alone (".../2012/01/...") is dated to the month, not to a day
// made up for it.
func (d *Decoder) PartialDate(e *Entry) string {
	s := d.String(e)
	if s == "" {
		return ""
	}
	for _, layout := range []string{"2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil && len(s) == len(layout) {
			return t.Format(layout)
		}
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			d.errorAt(e.Value.Line, e.Value.Col, "%q must be a date written YYYY-MM-DD, or YYYY-MM or YYYY when only the month or the year is known, found %q", e.Key, textcheck.Shown(s))
			return ""
		}
	}
	return d.date(s, e.Key, e.Value)
}

func (d *Decoder) date(s, key string, n *Node) string {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Format(time.DateOnly)
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Format(time.DateOnly)
	}
	d.errorAt(n.Line, n.Col, "%q must be a date written YYYY-MM-DD, found %q", key, textcheck.Shown(s))
	return ""
}

// Strings returns a list of single values; a lone value is taken as a list
// of one, which is how people write a single author or tag.
func (d *Decoder) Strings(e *Entry) []string {
	if e == nil || e.Value.Kind == Null {
		return nil
	}
	if e.Value.Kind == Scalar {
		if s := strings.TrimSpace(e.Value.Value); s != "" {
			return []string{s}
		}
		return nil
	}
	var out []string
	for _, it := range d.Items(e) {
		if it.Kind != Scalar {
			d.errorAt(it.Line, it.Col, "each item of %q must be a single value, found %s", e.Key, it.Kind)
			continue
		}
		if s := strings.TrimSpace(it.Value); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Items returns the items of a list entry.
func (d *Decoder) Items(e *Entry) []*Node {
	if e == nil || e.Value.Kind == Null {
		return nil
	}
	if e.Value.Kind != List {
		d.errorAt(e.Value.Line, e.Value.Col, "%q must be a list (lines starting with \"- \"), found %s", e.Key, e.Value.Kind)
		return nil
	}
	return e.Value.Items
}

// URL returns an absolute http or https URL. Notes come from contributors,
// so any other scheme (javascript:, data:, ...) is refused rather than
// escaped: a refused URL is an error the reviewer sees.
func (d *Decoder) URL(e *Entry) string {
	s := d.String(e)
	if s == "" {
		return ""
	}
	if err := CheckURL(s); err != nil {
		d.errorAt(e.Value.Line, e.Value.Col, "%q: %v", e.Key, err)
		return ""
	}
	return s
}

// CheckURL reports why s is not an acceptable absolute web address.
func CheckURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("malformed URL %q", textcheck.Shown(s))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("only http and https URLs are accepted, found %q", textcheck.Shown(s))
	}
	if u.Host == "" || strings.ContainsAny(s, " \t\n<>\"") {
		return fmt.Errorf("malformed URL %q", textcheck.Shown(s))
	}
	return nil
}

// Bool returns a yes-or-no value written true or false; nil gives false.
func (d *Decoder) Bool(e *Entry) bool {
	switch s := d.String(e); s {
	case "", "false":
		return false
	case "true":
		return true
	default:
		d.errorAt(e.Value.Line, e.Value.Col, "%q must be true or false, found %q", e.Key, textcheck.Shown(s))
		return false
	}
}
