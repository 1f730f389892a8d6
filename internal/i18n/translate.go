package i18n

import (
	"errors"
	"fmt"
	"html"
	htmltemplate "html/template"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Fallback is the language every chain of tables ends with: the theme's
// tables are written in it first, and have every key.
const Fallback = "en"

// DigitsKey is the key of a table that names the digits its language
// writes numbers with: "latn" (0-9), "arab" (٠-٩), "arabext" (۰-۹) or any
// of digitSystems. Without it a language writes CLDR's default digits for
// it (Arabic-Indic for "ar", Persian for "fa", Latin for "ar-MA").
const DigitsKey = "_digits"

// digitSystems are the numbering systems a table may name in DigitsKey,
// by their zero.
var digitSystems = map[string]rune{
	"latn": '0', "arab": '٠', "arabext": '۰', "deva": '०', "beng": '০',
	"thai": '๐', "mymr": '၀', "tamldec": '௦', "khmr": '០', "laoo": '໐',
}

// A Catalog is the translation tables of a site, by language: the theme's,
// with the site's over them key by key. It makes each language's
// Translator once, when it is first asked for.
type Catalog struct {
	tables map[string]*Table
	// site is the site's language, which a language without a table falls
	// back to before Fallback.
	site string

	mu          sync.Mutex
	translators map[string]*Translator
}

// NewCatalog makes a catalog of the layers of tables, each layer's keys
// over the earlier layers' key by key (the theme's tables, then the
// site's), for a site written in siteLang.
func NewCatalog(siteLang string, layers ...[]*Table) *Catalog {
	c := &Catalog{tables: map[string]*Table{}, site: canonical(siteLang), translators: map[string]*Translator{}}
	for _, layer := range layers {
		for _, t := range layer {
			if t == nil {
				continue
			}
			merged := c.tables[t.Lang]
			if merged == nil {
				merged = &Table{Lang: t.Lang, Path: t.Path, tag: t.tag, Messages: map[string]*Message{}}
				c.tables[t.Lang] = merged
			}
			maps.Copy(merged.Messages, t.Messages)
		}
	}
	return c
}

// Table returns the merged table of the language lang, or nil.
func (c *Catalog) Table(lang string) *Table { return c.tables[canonical(lang)] }

// Canonical is the canonical form of a language tag ("pt-br" is
// "pt-BR"), or the tag as given when it does not parse.
func Canonical(lang string) string { return canonical(lang) }

// Missing lists, sorted, the keys of the Fallback table that lang's
// tables, its own and its parents', lack.
func (c *Catalog) Missing(lang string) []string {
	en := c.tables[Fallback]
	if en == nil {
		return nil
	}
	var missing []string
	for key := range en.Messages {
		found := false
		for l := canonical(lang); l != "" && !found; {
			if tb := c.tables[l]; tb != nil && tb.Messages[key] != nil {
				found = true
			}
			i := strings.LastIndexByte(l, '-')
			if i < 0 {
				break
			}
			l = l[:i]
		}
		if !found {
			missing = append(missing, key)
		}
	}
	slices.Sort(missing)
	return missing
}

// canonical is the canonical form of a language tag, or the tag as given
// when it does not parse.
func canonical(lang string) string {
	if t, err := language.Parse(lang); err == nil {
		return t.String()
	}
	return lang
}

// chain lists the languages whose tables a text of lang is looked up in:
// lang, then each tag made by dropping its last subtag ("pt-BR", "pt"),
// then the site's language likewise, then Fallback.
func (c *Catalog) chain(lang string) []string {
	var langs []string
	add := func(l string) {
		for l != "" {
			if !contains(langs, l) {
				langs = append(langs, l)
			}
			i := strings.LastIndexByte(l, '-')
			if i < 0 {
				break
			}
			l = l[:i]
		}
	}
	add(canonical(lang))
	add(c.site)
	add(Fallback)
	return langs
}

func contains(list []string, s string) bool { return indexOf(list, s) >= 0 }

// For returns the translator of the language lang, a BCP 47 tag.
func (c *Catalog) For(lang string) *Translator {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t := c.translators[lang]; t != nil {
		return t
	}
	t := newTranslator(c, lang)
	c.translators[lang] = t
	return t
}

// Covered reports whether lang, or a language it falls back to before the
// site's ("pt" for "pt-BR"), has a table.
func (c *Catalog) Covered(lang string) bool {
	for l := canonical(lang); l != ""; {
		if c.tables[l] != nil {
			return true
		}
		i := strings.LastIndexByte(l, '-')
		if i < 0 {
			break
		}
		l = l[:i]
	}
	return false
}

// A Translator writes the interface's texts, numbers and dates in one
// language. It is safe for concurrent use.
type Translator struct {
	// Lang is the translator's language, a BCP 47 tag.
	Lang   string
	tables []*Table
	// zero is the digit zero of the language's digits.
	zero rune
	// group separates groups of three digits, from the fourth digit on,
	// or from the fifth when minGroup is 2 ("1234" but "12 345" in
	// Spanish and Polish); empty when the language does not group.
	group    string
	minGroup int

	// dates keeps the dates written so far, at most maxDates: a site
	// shows the same few hundred dates on many pages.
	dates     sync.Map
	datesKept atomic.Int64
}

// maxDates is the most dates a Translator keeps written.
const maxDates = 1 << 14

func newTranslator(c *Catalog, lang string) *Translator {
	t := &Translator{Lang: lang}
	for _, l := range c.chain(lang) {
		if tb := c.tables[l]; tb != nil {
			t.tables = append(t.tables, tb)
		}
	}
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	// The digits: the language's own table, or its parents', may name
	// them; else CLDR's default for the language, as x/text has it.
	t.zero = '0'
	if d, ok := c.digits(lang); ok {
		t.zero = d
	} else if r, _ := utf8.DecodeRuneInString(message.NewPrinter(tag).Sprint(number.Decimal(0))); r != utf8.RuneError {
		t.zero = r
	}
	// The grouping, read from how the language writes two numbers: in
	// its own digits, or in Latin digits when its table asks for them.
	ptag := tag
	if t.zero == '0' {
		if latn, err := language.Parse(tag.String() + "-u-nu-latn"); err == nil {
			ptag = latn
		}
	}
	p := message.NewPrinter(ptag)
	nonDigits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return -1
			}
			return r
		}, s)
	}
	if seps := nonDigits(p.Sprint(number.Decimal(1234567))); len(seps) > 0 && len(seps)%2 == 0 && seps[:len(seps)/2] == seps[len(seps)/2:] {
		t.group = seps[:len(seps)/2]
	}
	t.minGroup = 1
	if t.group != "" && (nonDigits(p.Sprint(number.Decimal(1234))) == "" || minGroupTwo(tag)) {
		t.minGroup = 2
	}
	return t
}

// minGroupTwo reports whether CLDR's minimumGroupingDigits is 2 for tag
// ("1234" but "12 345"), which x/text's printer does not apply: Polish,
// and the Spanish of Spain, not Latin America's, whose locales CLDR moved
// to 1 (unicode-org/cldr#1009).
func minGroupTwo(tag language.Tag) bool {
	base, _ := tag.Base()
	region, conf := tag.Region()
	switch base.String() {
	case "pl":
		return true
	case "es":
		return conf == language.No || conf == language.Low || region.String() == "ES"
	}
	return false
}

// NameKey is the key of a table that names its language, in that language
// and as it is written at the start of a sentence: "English", "Français",
// "العربية".
const NameKey = "language.name"

// Name returns the name of the language lang in that language: the text of
// NameKey in lang's table, or a parent's ("pt" for "pt-BR"), never in a
// language it falls back to; the tag itself when none has it.
func (c *Catalog) Name(lang string) string {
	for l := canonical(lang); l != ""; {
		if tb := c.tables[l]; tb != nil {
			if m := tb.Messages[NameKey]; m != nil && !m.plural && m.forms[plural.Other].tmpl == nil {
				return m.forms[plural.Other].raw
			}
		}
		i := strings.LastIndexByte(l, '-')
		if i < 0 {
			break
		}
		l = l[:i]
	}
	return lang
}

// digits returns the zero of the digits lang's table, or a parent's,
// names, if one does.
func (c *Catalog) digits(lang string) (rune, bool) {
	l := canonical(lang)
	for l != "" {
		if tb := c.tables[l]; tb != nil {
			if m := tb.Messages[DigitsKey]; m != nil {
				if z, ok := digitSystems[m.forms[plural.Other].raw]; ok {
					return z, true
				}
			}
		}
		i := strings.LastIndexByte(l, '-')
		if i < 0 {
			break
		}
		l = l[:i]
	}
	return 0, false
}

// CheckDigits reports whether the table's DigitsKey, if it has one, names
// a known numbering system.
func CheckDigits(t *Table) error {
	m := t.Messages[DigitsKey]
	if m == nil {
		return nil
	}
	if _, ok := digitSystems[m.forms[plural.Other].raw]; !ok || m.plural {
		var names []string
		for n := range digitSystems {
			names = append(names, n)
		}
		return fmt.Errorf("%s names a numbering system: one of %s", DigitsKey, strings.Join(slices.Sorted(slices.Values(names)), ", "))
	}
	return nil
}

// Has reports whether key has a text in the translator's language or one
// it falls back to.
func (t *Translator) Has(key string) bool {
	m, _ := t.lookup(key)
	return m != nil
}

func (t *Translator) lookup(key string) (*Message, *Table) {
	for _, tb := range t.tables {
		if m := tb.Messages[key]; m != nil {
			return m, tb
		}
	}
	return nil, nil
}

// ErrMissing is the error of a key that no table has.
var ErrMissing = errors.New("no translation table has the key")

// T returns the text of key. args is nothing; or a number, which chooses
// the plural form and is .Count; or a map of the text's data, whose
// "Count", if a number, chooses the plural form. A .Count is written in
// the language's digits.
func (t *Translator) T(key string, args ...any) (string, error) {
	return t.format(key, args, false)
}

// HTML returns the text of key as T does, as HTML: each literal part of
// the text and each value of its data is escaped, a table's text never
// being trusted as markup, and an Isolated value is written in a <bdi>
// element, so that a name or a title written in another direction does
// not reorder the sentence around it. A value of type template.HTML is
// written as it is, as html/template would.
func (t *Translator) HTML(key string, args ...any) (string, error) {
	return t.format(key, args, true)
}

// Isolated is a value of a text's data that HTML sets apart from the words
// around it, for the Unicode bidirectional algorithm: a name, a title.
// T writes its Value as it would write the Value itself.
type Isolated struct{ Value any }

// String is the Value as T writes it.
func (v Isolated) String() string { return fmt.Sprint(v.Value) }

// Isolating reports whether args, T's arguments, hold an Isolated value.
func Isolating(args []any) bool {
	if len(args) != 1 {
		return false
	}
	m, _ := args[0].(map[string]any)
	for _, v := range m {
		if _, ok := v.(Isolated); ok {
			return true
		}
	}
	return false
}

// escapeValue is a value of a text's data as HTML.
func escapeValue(v any) string {
	switch v := v.(type) {
	case Isolated:
		return "<bdi>" + escapeValue(v.Value) + "</bdi>"
	case htmltemplate.HTML:
		return string(v)
	case string:
		return html.EscapeString(v)
	default:
		return html.EscapeString(fmt.Sprint(v))
	}
}

func (t *Translator) format(key string, args []any, asHTML bool) (string, error) {
	m, tb := t.lookup(key)
	if m == nil {
		return "", fmt.Errorf("%w %q", ErrMissing, key)
	}
	var data map[string]any
	count, counted := 0, false
	switch len(args) {
	case 0:
	case 1:
		switch a := args[0].(type) {
		case int:
			count, counted = a, true
			data = map[string]any{"Count": t.Num(a)}
		case map[string]any:
			data = a
			if n, ok := a["Count"].(int); ok {
				count, counted = n, true
				data = maps.Clone(a)
				data["Count"] = t.Num(n)
			}
		default:
			return "", fmt.Errorf("T %q: the argument is a number or a dict, not %T", key, a)
		}
	default:
		return "", fmt.Errorf("T %q: one argument at most (a number, or a dict), not %d", key, len(args))
	}
	form := m.forms[plural.Other]
	if m.plural && counted {
		// The rules of the table's language: a text in the fallback
		// language has that language's forms.
		abs := count
		if abs < 0 {
			abs = -abs
		}
		if f := m.forms[plural.Cardinal.MatchPlural(tb.tag, abs, 0, 0, 0, 0)]; f != nil {
			form = f
		}
	}
	if asHTML {
		if form.tmpl == nil {
			return html.EscapeString(form.raw), nil
		}
		escaped := make(map[string]any, len(data))
		for k, v := range data {
			escaped[k] = escapeValue(v)
		}
		var b strings.Builder
		if err := form.writeHTML(&b, escaped); err != nil {
			return "", fmt.Errorf("T %q: %v", key, err)
		}
		return b.String(), nil
	}
	if form.tmpl == nil {
		return form.raw, nil
	}
	var b strings.Builder
	if err := form.write(&b, data); err != nil {
		return "", fmt.Errorf("T %q: %v", key, err)
	}
	return b.String(), nil
}

// Forms returns the texts of a plural key by CLDR category, each with its
// count written "{n}", for a script to choose among with the browser's
// Intl.PluralRules.
func (t *Translator) Forms(key string) (map[string]string, error) {
	m, _ := t.lookup(key)
	if m == nil {
		return nil, fmt.Errorf("%w %q", ErrMissing, key)
	}
	out := map[string]string{}
	for i, f := range m.forms {
		if f == nil {
			continue
		}
		s := f.raw
		if f.tmpl != nil {
			var b strings.Builder
			if err := f.tmpl.Execute(&b, map[string]any{"Count": "{n}"}); err != nil {
				return nil, fmt.Errorf("T %q: %v", key, err)
			}
			s = b.String()
		}
		out[Categories[i]] = s
	}
	return out, nil
}

// Num writes n in the language's digits, its groups of three digits
// separated as the language does.
func (t *Translator) Num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if t.group != "" && len(s) > 3 && (t.minGroup == 1 || len(s) > 4) {
		var b strings.Builder
		for i := range len(s) {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteString(t.group)
			}
			b.WriteByte(s[i])
		}
		s = b.String()
	}
	if neg {
		s = "-" + s
	}
	return t.Digits(s)
}

// Digits writes the ASCII digits of s in the language's digits, leaving
// all else as it is.
func (t *Translator) Digits(s string) string {
	if t.zero == '0' {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return t.zero + (r - '0')
		}
		return r
	}, s)
}

// counterStyles are the CSS counter styles (CSS Counter Styles Level 3's
// predefined ones) that number lists in each of digitSystems, by zero.
var counterStyles = map[rune]string{
	'0': "decimal", '٠': "arabic-indic", '۰': "persian", '०': "devanagari", '০': "bengali",
	'๐': "thai", '၀': "myanmar", '௦': "tamil", '០': "khmer", '໐': "lao",
}

// CounterStyle is the CSS counter style that numbers a list in the
// language's digits: "decimal" for Latin digits, "persian" for Persian.
func (t *Translator) CounterStyle() string {
	if s, ok := counterStyles[t.zero]; ok {
		return s
	}
	return "decimal"
}

// Date writes a date of the model, YYYY-MM-DD, YYYY-MM or YYYY, or the
// date part of an RFC 3339 time, in the language: with the texts of the
// keys "date.day", "date.month" and "date.year", whose data are .Day,
// .Month (the name, from "month.1" to "month.12") and .Year, and .MM and
// .DD, the month's and the day's numbers in two digits (for numeric dates,
// "{{ .Year }}-{{ .MM }}-{{ .DD }}"), all in the language's digits. The calendar is the Gregorian one in every language.
func (t *Translator) Date(s string) (string, error) {
	if v, ok := t.dates.Load(s); ok {
		return v.(string), nil
	}
	out, err := t.date(s)
	if err == nil && t.datesKept.Add(1) <= maxDates {
		t.dates.Store(s, out)
	}
	return out, err
}

func (t *Translator) date(s string) (string, error) {
	d := s
	if len(d) > 10 && d[10] == 'T' {
		d = d[:10]
	}
	var parts []int
	for i, p := range strings.Split(d, "-") {
		n, err := strconv.Atoi(p)
		if err != nil || len(p) != [...]int{4, 2, 2}[min(i, 2)] || i > 2 {
			return "", fmt.Errorf("date %q is not YYYY-MM-DD, YYYY-MM or YYYY", s)
		}
		parts = append(parts, n)
	}
	if len(parts) > 1 && (parts[1] < 1 || parts[1] > 12) || len(parts) > 2 && (parts[2] < 1 || parts[2] > 31) {
		return "", fmt.Errorf("date %q is not a date", s)
	}
	data := map[string]any{"Year": t.Digits(strconv.Itoa(parts[0]))}
	key := "date.year"
	if len(parts) > 1 {
		month, err := t.T("month." + strconv.Itoa(parts[1]))
		if err != nil {
			return "", err
		}
		data["Month"], data["MM"], key = month, t.Digits(d[5:7]), "date.month"
	}
	if len(parts) > 2 {
		data["Day"], data["DD"], key = t.Digits(strconv.Itoa(parts[2])), t.Digits(d[8:10]), "date.day"
	}
	return t.T(key, data)
}
