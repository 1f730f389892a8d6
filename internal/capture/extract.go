package capture

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/dossier-org/dossier/internal/seed"
	"github.com/dossier-org/dossier/internal/textcheck"
)

// Limits of extraction: a page is untrusted input.
const (
	// MaxDepth is the deepest nesting of elements accepted.
	MaxDepth = 512
	// MaxJSONLD is the most bytes of JSON-LD read, all scripts together.
	MaxJSONLD = 1 << 20
	// MaxJSONDepth is the deepest nesting of JSON-LD accepted.
	MaxJSONDepth = 32
)

// Metadata is what a page says of itself: in its schema.org JSON-LD, its
// Open Graph and other <meta> tags, its canonical link and its <title>.
// Every value is one line of text, cleaned of control characters and cut
// to textcheck.MaxLine characters.
type Metadata struct {
	Headline  string
	Authors   []string
	Publisher string
	// Published and Modified are the page's dates as it gives them,
	// normalised to RFC 3339 (or YYYY-MM-DD when only the date is given);
	// empty when absent or unreadable.
	Published, Modified string
	// Canonical is the page's canonical address, absolute http or https.
	Canonical string
	// Language is the page's language tag, as its <html lang> says.
	Language string
}

// Article is a page's article: its text, as a seed, and its metadata.
type Article struct {
	// Text is the seed: the headline, then the article's paragraphs,
	// separated by blank lines, ending with a line break.
	Text []byte
	Meta Metadata
}

// Extract takes the article out of an HTML page. contentType is the
// page's Content-Type header (for its character set; may be empty) and
// pageURL its address, against which relative addresses resolve (nil for
// a saved page: its canonical address, if any, stands for it).
// Extract is a pure function of its arguments.
func Extract(page []byte, contentType string, pageURL *url.URL) (*Article, error) {
	r, err := charset.NewReader(bytes.NewReader(page), contentType)
	if err != nil {
		return nil, fmt.Errorf("cannot read the page's character set: %v", err)
	}
	doc, err := html.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("cannot parse the page: %v", err)
	}
	if d := depth(doc); d > MaxDepth {
		return nil, fmt.Errorf("the page nests elements %d deep; the most accepted is %d", d, MaxDepth)
	}
	meta := metadata(doc, pageURL)
	dropChrome(doc)
	if pageURL == nil {
		// A saved page: its own address, if it gives one, or none.
		pageURL = &url.URL{}
		if u, err := url.Parse(meta.Canonical); err == nil && meta.Canonical != "" {
			pageURL = u
		}
	}
	art, err := readability.FromDocument(doc, pageURL)
	if err != nil {
		return nil, fmt.Errorf("found no article in the page: %v", err)
	}
	if art.Node == nil {
		return nil, errors.New("found no article text in the page")
	}
	if meta.Headline == "" {
		meta.Headline = cleanLine(art.Title())
	}
	if len(meta.Authors) == 0 && art.Byline() != "" {
		meta.Authors = []string{cleanLine(art.Byline())}
	}
	text := Normalize(render.InnerText(art.Node))
	if text == "" {
		return nil, errors.New("found no article text in the page")
	}
	if h := meta.Headline; h != "" && !strings.HasPrefix(text, h+"\n") {
		text = h + "\n\n" + text
	}
	if len(text) > seed.MaxSize {
		return nil, fmt.Errorf("the article's text is %s bytes long; the most a seed holds is %s", textcheck.Count(len(text)), textcheck.Count(seed.MaxSize))
	}
	return &Article{Text: []byte(text), Meta: meta}, nil
}

// chromeWords are the parts of a class or id (split at '-', '_' and
// spaces) that mark the furniture readability's own list misses: a cookie
// banner, a newsletter box inside the article, a subscription prompt.
var chromeWords = map[string]bool{
	"cookie": true, "cookies": true, "consent": true, "gdpr": true,
	"newsletter": true, "signup": true, "subscribe": true, "subscription": true,
	"paywall": true, "promo": true, "advert": true, "advertisement": true,
}

// chromeTags are elements that hold no article text.
var chromeTags = map[atom.Atom]bool{atom.Form: true, atom.Button: true, atom.Dialog: true, atom.Template: true, atom.Nav: true}

// dropChrome removes from the page the furniture that readability keeps
// when it stands inside the article: forms, dialogs and elements marked
// by chromeWords or hidden.
func dropChrome(doc *html.Node) {
	var drop []*html.Node
	walk(doc, func(n *html.Node) {
		if chromeTags[n.DataAtom] || isChrome(n) {
			drop = append(drop, n)
		}
	})
	for _, n := range drop {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

func isChrome(n *html.Node) bool {
	if n.DataAtom == atom.Body || n.DataAtom == atom.Html {
		return false
	}
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(a.Val, "true") {
				return true
			}
		case "role":
			if r := strings.ToLower(a.Val); r == "dialog" || r == "alertdialog" {
				return true
			}
		case "class", "id":
			for _, w := range strings.FieldsFunc(strings.ToLower(a.Val), func(r rune) bool { return r == '-' || r == '_' || unicode.IsSpace(r) }) {
				if chromeWords[w] {
					return true
				}
			}
		}
	}
	return false
}

// depth returns the deepest nesting of n's tree, walking it without
// recursion.
func depth(n *html.Node) int {
	type item struct {
		n *html.Node
		d int
	}
	deepest := 0
	stack := []item{{n, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		deepest = max(deepest, it.d)
		if it.d > MaxDepth {
			return it.d
		}
		for c := it.n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, item{c, it.d + 1})
		}
	}
	return deepest
}

// Normalize makes text a seed's: lines of text with runs of white space
// made one space (no-break spaces kept inside a line, as they bind what
// they join), no control character, no white space at either end of a
// line, paragraphs separated by one blank line, and a final line break.
// It returns "" for text with no words.
func Normalize(text string) string {
	var b strings.Builder
	blank := false
	for line := range strings.SplitSeq(text, "\n") {
		l := cleanText(line)
		if l == "" {
			blank = b.Len() > 0
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
			if blank {
				b.WriteString("\n")
			}
		}
		blank = false
		b.WriteString(l)
	}
	if b.Len() == 0 {
		return ""
	}
	b.WriteString("\n")
	return b.String()
}

// cleanText cleans one line: control characters and noncharacters gone,
// white space runs made one space (a no-break space kept as it is), both
// ends trimmed.
func cleanText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError || r < ' ' && r != '\t' || r >= 0x7f && r <= 0x9f || r&0xFFFE == 0xFFFE || r >= 0xFDD0 && r <= 0xFDEF:
			continue
		case r == '\u00a0' || r == '\u202f':
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		case unicode.IsSpace(r):
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return strings.TrimFunc(b.String(), unicode.IsSpace)
}

// cleanLine makes s one line of at most textcheck.MaxLine characters.
func cleanLine(s string) string {
	s = strings.Join(strings.FieldsFunc(cleanText(strings.ReplaceAll(s, "\n", " ")), unicode.IsSpace), " ")
	return textcheck.Shorten(s, textcheck.MaxLine-1) // with its "…", MaxLine
}

// metadata reads what the page says of itself. Sources in order of trust:
// JSON-LD, then Open Graph and <meta>, then <link rel=canonical> and
// <title>.
func metadata(doc *html.Node, pageURL *url.URL) Metadata {
	var (
		title, canonical, lang string
		metas                  = map[string]string{}
		scripts                []string
		jsonBytes              int
	)
	walk(doc, func(n *html.Node) {
		switch n.DataAtom {
		case atom.Html:
			if lang == "" {
				lang = attr(n, "lang")
			}
		case atom.Title:
			if title == "" {
				title = textOf(n)
			}
		case atom.Meta:
			key := strings.ToLower(attr(n, "property"))
			if key == "" {
				key = strings.ToLower(attr(n, "name"))
			}
			if _, seen := metas[key]; key != "" && !seen {
				metas[key] = attr(n, "content")
			}
		case atom.Link:
			if canonical == "" && hasToken(attr(n, "rel"), "canonical") {
				canonical = attr(n, "href")
			}
		case atom.Script:
			if t, _, _ := strings.Cut(strings.ToLower(attr(n, "type")), ";"); strings.TrimSpace(t) == "application/ld+json" {
				s := textOf(n)
				if jsonBytes+len(s) <= MaxJSONLD {
					jsonBytes += len(s)
					scripts = append(scripts, s)
				}
			}
		}
	})

	var m Metadata
	if ld := findArticle(scripts); ld != nil {
		m.Headline = cleanLine(ld.str("headline"))
		if m.Headline == "" {
			m.Headline = cleanLine(ld.str("name"))
		}
		m.Authors = ld.names("author")
		if p := ld.names("publisher"); len(p) > 0 {
			m.Publisher = p[0]
		}
		m.Published = date(ld.str("datePublished"))
		m.Modified = date(ld.str("dateModified"))
		if u := ld.str("url"); u != "" {
			canonical = first(absolute(pageURL, u), canonical)
		} else if u := ld.id("mainEntityOfPage"); u != "" {
			canonical = first(absolute(pageURL, u), canonical)
		}
	}
	m.Headline = first(m.Headline, cleanLine(metas["og:title"]), cleanLine(metas["twitter:title"]), cleanLine(title))
	m.Publisher = first(m.Publisher, cleanLine(metas["og:site_name"]), cleanLine(metas["application-name"]))
	if len(m.Authors) == 0 {
		for _, k := range []string{"author", "article:author", "parsely-author", "dc.creator"} {
			if a := cleanLine(metas[k]); a != "" && !strings.Contains(a, "://") {
				m.Authors = []string{a}
				break
			}
		}
	}
	m.Published = first(m.Published, date(metas["article:published_time"]), date(metas["date"]), date(metas["dc.date"]))
	m.Modified = first(m.Modified, date(metas["article:modified_time"]), date(metas["og:updated_time"]))
	m.Canonical = first(absolute(pageURL, canonical), absolute(pageURL, metas["og:url"]))
	m.Language = cleanLine(lang)
	return m
}

// walk calls fn on every node of the tree in document order, without
// recursion.
func walk(n *html.Node, fn func(*html.Node)) {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode {
			fn(n)
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

func hasToken(list, token string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, token) {
			return true
		}
	}
	return false
}

func first(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// absolute resolves ref against base and returns it when it is an http or
// https address, or "".
func absolute(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.ContainsAny(ref, " \t\r\n<>\"") {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return ""
	}
	u.Fragment, u.RawFragment = "", ""
	s := u.String()
	if utf8.RuneCountInString(s) > 2048 {
		return ""
	}
	return s
}

// date normalises a page's date to RFC 3339, or YYYY-MM-DD when it gives
// only a date, keeping the page's own time zone; an unreadable one is "".
func date(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.RFC3339)
		}
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Format(time.DateOnly)
	}
	return ""
}

// ldObject is a JSON-LD node.
type ldObject struct {
	m   map[string]any
	ids map[string]map[string]any
}

// articleTypes are the schema.org types of an article.
var articleTypes = map[string]bool{
	"Article": true, "NewsArticle": true, "ReportageNewsArticle": true, "AnalysisNewsArticle": true,
	"OpinionNewsArticle": true, "BackgroundNewsArticle": true, "ReviewNewsArticle": true,
	"AskPublicNewsArticle": true, "SatiricalArticle": true, "BlogPosting": true, "LiveBlogPosting": true,
	"Report": true, "ScholarlyArticle": true, "TechArticle": true, "SocialMediaPosting": true,
}

// findArticle returns the first article node of the JSON-LD scripts in
// document order, looking into arrays, @graph and nested objects; a script
// that is malformed or nested deeper than MaxJSONDepth is skipped.
func findArticle(scripts []string) *ldObject {
	var roots []any
	for _, s := range scripts {
		if jsonDepth(s) > MaxJSONDepth {
			continue
		}
		var v any
		d := json.NewDecoder(strings.NewReader(s))
		if err := d.Decode(&v); err != nil {
			continue
		}
		roots = append(roots, v)
	}
	ids := map[string]map[string]any{}
	var found map[string]any
	var visit func(v any)
	visit = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, x := range v {
				visit(x)
			}
		case map[string]any:
			if id, ok := v["@id"].(string); ok && len(v) > 1 {
				if _, seen := ids[id]; !seen {
					ids[id] = v
				}
			}
			if found == nil && isArticle(v["@type"]) {
				found = v
			}
			// In a fixed order, for determinism: map order is random.
			for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage", "hasPart", "itemListElement", "item"} {
				if x, ok := v[k]; ok {
					visit(x)
				}
			}
		}
	}
	for _, r := range roots {
		visit(r)
	}
	if found == nil {
		return nil
	}
	return &ldObject{m: found, ids: ids}
}

func isArticle(t any) bool {
	switch t := t.(type) {
	case string:
		t = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(t, "https://schema.org/"), "http://schema.org/"), "schema:")
		return articleTypes[t]
	case []any:
		for _, x := range t {
			if isArticle(x) {
				return true
			}
		}
	}
	return false
}

// jsonDepth returns the deepest nesting of brackets in s outside strings.
func jsonDepth(s string) int {
	d, deepest := 0, 0
	inString, escaped := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			d++
			deepest = max(deepest, d)
		case c == '}' || c == ']':
			d--
		}
	}
	return deepest
}

// ldString is a JSON-LD value as one line of text: strings are
// HTML-unescaped once (pages often write entities in their JSON-LD).
func ldString(v any) string {
	switch v := v.(type) {
	case string:
		return cleanLine(html.UnescapeString(v))
	case []any:
		if len(v) > 0 {
			return ldString(v[0])
		}
	case map[string]any:
		if s, ok := v["@value"]; ok {
			return ldString(s)
		}
	}
	return ""
}

func (o *ldObject) str(key string) string { return ldString(o.m[key]) }

// id returns key's address: a string, or an object's @id or url.
func (o *ldObject) id(key string) string {
	switch v := o.m[key].(type) {
	case string:
		return v
	case map[string]any:
		if s, ok := v["@id"].(string); ok {
			return s
		}
		if s, ok := v["url"].(string); ok {
			return s
		}
	}
	return ""
}

// names returns the names key gives: a string, an object's name (an @id
// reference looked up in the graph), or a list of them; at most ten.
func (o *ldObject) names(key string) []string {
	var out []string
	add := func(s string) {
		if s != "" && !strings.Contains(s, "://") && len(out) < 10 {
			for _, x := range out {
				if x == s {
					return
				}
			}
			out = append(out, s)
		}
	}
	var one func(v any)
	one = func(v any) {
		switch v := v.(type) {
		case string:
			add(ldString(v))
		case map[string]any:
			if n := ldString(v["name"]); n != "" {
				add(n)
			} else if id, ok := v["@id"].(string); ok {
				if ref, ok := o.ids[id]; ok {
					add(ldString(ref["name"]))
				}
			}
		case []any:
			for _, x := range v {
				if _, nested := x.([]any); !nested {
					one(x)
				}
			}
		}
	}
	one(o.m[key])
	return out
}
