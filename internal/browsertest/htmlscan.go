package browsertest

import (
	"html"
	"strings"
)

// The link check reads the built pages in Go rather than in the browser, so
// that it runs even where Chromium is missing and names the line of each
// broken link. golang.org/x/net/html is not in the module graph, and one
// tokenizer for the regular markup of html/template is less than a new
// dependency: this is it.

// tag is a start tag of an HTML document.
type tag struct {
	name  string            // in lower case
	attrs map[string]string // names in lower case, values with character references decoded
	line  int               // 1-based
}

// startTags returns the start tags of an HTML document, in order. It is a
// tokenizer, not an HTML5 parser: it builds no tree and repairs nothing, but
// it knows what would otherwise make it see tags that are not there or miss
// ones that are: comments, doctypes and CDATA sections, end tags, quoted,
// unquoted and missing attribute values, and that the text of script,
// style, title and textarea elements holds no tags (a script may well
// contain "<a href=").
func startTags(doc string) []tag {
	var tags []tag
	line, i := 1, 0
	moveTo := func(j int) {
		line += strings.Count(doc[i:j], "\n")
		i = j
	}
	// skipPast moves past the first marker at or after from, or to the end.
	skipPast := func(from int, marker string) {
		if k := strings.Index(doc[from:], marker); k >= 0 {
			moveTo(from + k + len(marker))
		} else {
			moveTo(len(doc))
		}
	}
	for {
		lt := strings.IndexByte(doc[i:], '<')
		if lt < 0 {
			return tags
		}
		moveTo(i + lt)
		rest := doc[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			skipPast(i+4, "-->")
		case strings.HasPrefix(rest, "<![CDATA["):
			skipPast(i, "]]>")
		case strings.HasPrefix(rest, "<!"), strings.HasPrefix(rest, "<?"), strings.HasPrefix(rest, "</"):
			// A doctype, a bogus comment or an end tag: nothing to take.
			skipPast(i, ">")
		case len(rest) > 1 && isLetter(rest[1]):
			t, n := parseStartTag(rest)
			t.line = line
			tags = append(tags, t)
			moveTo(i + n)
			switch t.name {
			case "script", "style", "title", "textarea":
				if end := indexEndTag(doc[i:], t.name); end >= 0 {
					moveTo(i + end)
				} else {
					moveTo(len(doc))
				}
			}
		default:
			moveTo(i + 1) // a "<" in text
		}
	}
}

// parseStartTag parses the start tag at the start of s, which begins with
// "<" and a letter, and returns it with the number of bytes it spans. It
// follows the attribute states of the HTML tokenizer; as there, the first
// of two attributes of the same name wins.
func parseStartTag(s string) (tag, int) {
	i := 1
	for i < len(s) && !isSpace(s[i]) && s[i] != '/' && s[i] != '>' {
		i++
	}
	t := tag{name: strings.ToLower(s[1:i]), attrs: map[string]string{}}
	for {
		for i < len(s) && (isSpace(s[i]) || s[i] == '/') {
			i++
		}
		if i >= len(s) {
			return t, i
		}
		if s[i] == '>' {
			return t, i + 1
		}
		// An attribute name may start with "=", and ends at white space,
		// "/", ">" or "=".
		start := i
		for i++; i < len(s) && !isSpace(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '='; i++ {
		}
		name := strings.ToLower(s[start:i])
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		value := ""
		if i < len(s) && s[i] == '=' {
			i++
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				end := strings.IndexByte(s[i+1:], s[i])
				if end < 0 {
					return t, len(s) // an unclosed quote runs to the end
				}
				value = s[i+1 : i+1+end]
				i += end + 2
			} else {
				start := i
				for i < len(s) && !isSpace(s[i]) && s[i] != '>' {
					i++
				}
				value = s[start:i]
			}
		}
		if _, dup := t.attrs[name]; !dup {
			t.attrs[name] = html.UnescapeString(value)
		}
	}
}

// indexEndTag finds the end tag "</name" (any case) that closes a raw text
// element, or returns -1.
func indexEndTag(s, name string) int {
	for i := 0; ; i += 2 {
		j := strings.Index(s[i:], "</")
		if j < 0 {
			return -1
		}
		i += j
		k := i + 2 + len(name)
		if k <= len(s) && strings.EqualFold(s[i+2:k], name) && (k == len(s) || isSpace(s[k]) || s[k] == '/' || s[k] == '>') {
			return i
		}
	}
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// isSpace is HTML's ASCII white space.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
