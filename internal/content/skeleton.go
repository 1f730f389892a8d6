package content

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dossier-org/dossier/internal/rating"
)

// Skeleton is what a new note starts with.
type Skeleton struct {
	Quote      string
	Occurrence int // 0 when the quote is unique
	Date       string
	SeedSHA256 string
	// Revision is the seed's latest revision, the text the note is
	// checked against, or empty for a seed of a single file.
	Revision string
	Scale    rating.Scale
	// Remark starts an unrated remark instead of a check: no verdict,
	// claim, claimant or sources to fill in.
	Remark bool
}

// Bytes returns the new note's file: front matter with the quote filled in
// and the verdict left for the author, with the scale's keys listed beside
// it; or, for a remark, the front matter of a remark.
func (s Skeleton) Bytes() []byte {
	var b strings.Builder
	b.WriteString("---\n")
	if s.Remark {
		b.WriteString("kind: remark # an unrated annotation, left out of the counts\n")
		b.WriteString("title: \"\" # the remark, in one line\n")
		fmt.Fprintf(&b, "quote: %s\n", yamlString(s.Quote))
		if s.Occurrence > 0 {
			fmt.Fprintf(&b, "occurrence: %d\n", s.Occurrence)
		}
		b.WriteString("author: \"\"\n")
		fmt.Fprintf(&b, "date: %s\n", s.Date)
		fmt.Fprintf(&b, "seedSHA256: %s # the seed as it was when this remark was written\n", s.SeedSHA256)
		s.revision(&b)
		b.WriteString("sources: [] # optional; each: {title, url, publisher, kind, date, archive, accessed, quote}\n")
		b.WriteString("---\n")
		b.WriteString(RemarkPlaceholder + "\n")
		return []byte(b.String())
	}
	b.WriteString("title: \"\" # the finding, in one line\n")
	fmt.Fprintf(&b, "quote: %s\n", yamlString(s.Quote))
	if s.Occurrence > 0 {
		fmt.Fprintf(&b, "occurrence: %d\n", s.Occurrence)
	}
	b.WriteString("# verdict: one of\n")
	width := 0
	for _, r := range s.Scale {
		width = max(width, len(r.Key))
	}
	for _, r := range s.Scale {
		fmt.Fprintf(&b, "#   %-*s  %s\n", width, r.Key, r.Meaning)
	}
	b.WriteString("verdict:\n")
	b.WriteString("claim: \"\" # the claim restated in under 75 characters, for structured data\n")
	b.WriteString("claimant: \"\"\n")
	b.WriteString("# claimantType: person # when the claimant is a person, not an organization\n")
	b.WriteString("author: \"\"\n")
	fmt.Fprintf(&b, "date: %s\n", s.Date)
	fmt.Fprintf(&b, "seedSHA256: %s # the seed as it was when this note was written\n", s.SeedSHA256)
	s.revision(&b)
	fmt.Fprintf(&b, "sources: [] # each: {title, url, publisher, kind, date, archive, accessed, quote}; kind: one of %s\n", strings.Join(SourceKinds, ", "))
	b.WriteString("---\n")
	for i, h := range AnalysisHeadings {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(heading(h) + "\n")
	}
	return []byte(b.String())
}

// revision writes the revision key, when the seed has revisions.
func (s Skeleton) revision(b *strings.Builder) {
	if s.Revision != "" {
		fmt.Fprintf(b, "revision: %s # the capture of the article this note was checked against\n", s.Revision)
	}
}

// DossierSkeleton is what a new dossier's _index.md starts with.
type DossierSkeleton struct {
	// Headline is the article's headline as the seed gives it.
	Headline string
	// The article's other details, when known (dossier capture reads
	// them from the page); an empty one is left for the author to fill.
	Publisher, Author, URL string
	// Published and Retrieved are dates, YYYY-MM-DD.
	Published, Retrieved string
	// Modified is the page's own date of its last change (RFC 3339 or
	// YYYY-MM-DD), kept as a comment: no key holds it yet.
	Modified string
}

// Bytes returns the new _index.md: the details known filled in, the
// others as empty fields to fill. Every value is quoted (yamlString), so
// that text read from a web page is only ever a YAML string.
func (s DossierSkeleton) Bytes() []byte {
	var b strings.Builder
	field := func(key, value, comment string) {
		if value != "" {
			fmt.Fprintf(&b, "%s: %s\n", key, yamlString(value))
		} else {
			fmt.Fprintf(&b, "%s: \"\" # %s\n", key, comment)
		}
	}
	b.WriteString("---\n")
	fmt.Fprintf(&b, "headline: %s\n", yamlString(s.Headline))
	field("publisher", s.Publisher, "who published the article")
	field("author", s.Author, "the article's byline")
	field("url", s.URL, "the original's address")
	field("published", s.Published, "the article's own date, YYYY-MM-DD")
	if s.Modified != "" {
		fmt.Fprintf(&b, "# modified: %s (the page's own date of its last change)\n", yamlString(s.Modified))
	}
	b.WriteString("archive: \"\" # an archived copy's address\n")
	field("retrieved", s.Retrieved, "when the seed was captured, YYYY-MM-DD")
	b.WriteString("---\n")
	return []byte(b.String())
}

// AnalysisHeadings are the headings a new check's analysis starts with,
// in order, written in bold on lines of their own.
var AnalysisHeadings = []string{"What the article says.", "What the record shows.", "Verdict."}

// RemarkPlaceholder is the line a new remark's text starts as.
const RemarkPlaceholder = "What the passage is, and why it is not rated."

func heading(h string) string { return "**" + h + "**" }

// Unfinished finds what a note's body still holds of the skeleton
// unwritten: a heading of AnalysisHeadings with nothing under it before
// the next heading or the end, or a remark's RemarkPlaceholder. body starts
// on line firstLine of its file; ok is false when the body is finished.
// The skeleton is defined above: what it writes is what this detects.
func Unfinished(body []byte, firstLine int) (pos Pos, what string, ok bool) {
	lines := strings.Split(string(body), "\n")
	isHeading := func(line string) (string, bool) {
		line = strings.TrimSpace(line)
		for _, h := range AnalysisHeadings {
			if line == heading(h) {
				return h, true
			}
		}
		return "", false
	}
	for i, line := range lines {
		if strings.TrimSpace(line) == RemarkPlaceholder {
			return Pos{firstLine + i, 1 + len(line) - len(strings.TrimLeft(line, " \t"))}, RemarkPlaceholder, true
		}
		h, isH := isHeading(line)
		if !isH {
			continue
		}
		empty := true
		for _, next := range lines[i+1:] {
			if _, nextH := isHeading(next); nextH {
				break
			}
			if strings.TrimSpace(next) != "" {
				empty = false
				break
			}
		}
		if empty {
			return Pos{firstLine + i, 1 + len(line) - len(strings.TrimLeft(line, " \t"))}, heading(h), true
		}
	}
	return Pos{}, "", false
}

// yamlString writes s as a double-quoted YAML scalar. Go's quoting is a
// subset of YAML's escapes for valid UTF-8 text.
func yamlString(s string) string { return strconv.Quote(s) }
