// Package markdown turns the Markdown of notes and introductions into safe
// HTML. Notes arrive from contributors through pull requests, so raw HTML is
// never passed through and every link must be an http(s) address or a
// relative link within the site, and every image a file of the site with
// alt text (see RenderImages); what is refused is reported, with its
// place, for the author to fix.
package markdown

import (
	"bufio"
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
)

// Problem is something in a Markdown text that was not rendered as written.
type Problem struct {
	// Offset is the byte offset in the source where the problem is.
	Offset int
	// Warning is true when the text still renders acceptably.
	Warning bool
	Message string
}

// Link is a relative link found in the text, for checks that it resolves.
type Link struct {
	Offset int
	Dest   string
}

// Result is a rendered text.
type Result struct {
	HTML     []byte
	Problems []Problem
	Links    []Link
}

// Renderer converts Markdown. It is safe for concurrent use.
type Renderer struct {
	md    goldmark.Markdown
	store Store // nil: nothing is kept between renders
}

// New returns a Renderer with GitHub Flavored Markdown, footnotes,
// typographic punctuation, heading ids and syntax highlighting (with CSS
// classes, styled by the stylesheet from CSS).
func New() *Renderer {
	return &Renderer{md: goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.Typographer,
			highlighting.NewHighlighting(
				highlighting.WithFormatOptions(chromahtml.WithClasses(true), chromahtml.ClassPrefix(classPrefix)),
			),
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)}
}

// Image is what an ImageFunc gives for a local image: its size in pixels
// and, when smaller copies are made, the srcset and sizes attributes.
type Image struct {
	Width, Height int
	Srcset, Sizes string
}

// ImageFunc looks up the destination of a local image, as written (a
// relative address), and returns its attributes, or a message saying why
// it is refused.
type ImageFunc func(dest string) (img Image, refused string)

// Render converts src, refusing every image. A text whose lists and block quotes nest more than
// 100 deep, whose square brackets nest more than 100 deep, or that defines
// more than 1000 footnotes, is not rendered: its one problem says where.
func (r *Renderer) Render(src []byte) Result { return r.RenderImages(src, nil) }

// RenderImages converts src as Render does, but accepts an image whose
// destination is a relative address that resolve accepts and whose alt
// text is not empty. Remote images are refused: the site makes no outside
// requests.
func (r *Renderer) RenderImages(src []byte, resolve ImageFunc) Result {
	if r.store == nil {
		res, _ := r.render(src, resolve)
		return res
	}
	return r.cached(src, resolve)
}

// render converts src, and reports whether it holds an image, whose
// rendering depends on resolve.
func (r *Renderer) render(src []byte, resolve ImageFunc) (res Result, images bool) {
	if off, msg := tooComplex(src); off >= 0 {
		res.Problems = append(res.Problems, Problem{Offset: off, Message: msg})
		return res, false
	}
	doc := r.md.Parser().Parse(text.NewReader(src))
	// Replacing a node during the walk would end the walk of its siblings,
	// leaving whatever follows an e-mail address unchecked.
	var emails []*ast.AutoLink
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = res.checkLink(src, n, n.Destination, "link")
		case *ast.Image:
			images = true
			res.checkImage(src, n, resolve)
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				res.checkLink(src, n, n.URL(src), "link")
			} else {
				res.Problems = append(res.Problems, Problem{Offset: offsetOf(src, n, n.Label(src)), Warning: true,
					Message: "e-mail addresses are not turned into links"})
				emails = append(emails, n)
			}
		case *ast.HTMLBlock:
			res.Problems = append(res.Problems, Problem{Offset: blockStart(n), Warning: true,
				Message: "raw HTML is not rendered: use Markdown"})
		case *ast.RawHTML:
			off := 0
			if n.Segments.Len() > 0 {
				off = n.Segments.At(0).Start
			}
			res.Problems = append(res.Problems, Problem{Offset: off, Warning: true,
				Message: "raw HTML is not rendered: use Markdown"})
		}
		return ast.WalkContinue, nil
	})
	for _, n := range emails {
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(n.Label(src)))
	}
	var buf bytes.Buffer
	// goldmark writes through a bufio.Writer, and makes one for each
	// document unless it is given one.
	bw := bufWriters.Get().(*bufio.Writer)
	bw.Reset(&buf)
	if err := r.md.Renderer().Render(bw, src, doc); err != nil {
		res.Problems = append(res.Problems, Problem{Message: "cannot render Markdown: " + err.Error()})
	}
	bw.Reset(nil)
	bufWriters.Put(bw)
	res.HTML = buf.Bytes()
	return res, images
}

// bufWriters are the writers that documents are rendered through.
var bufWriters = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

// checkLink records a problem for a link with a refused scheme and returns
// the destination to render: nil, which renders no address, when refused.
func (res *Result) checkLink(src []byte, n ast.Node, dest []byte, what string) []byte {
	// goldmark keeps backslash escapes and character references in a
	// destination and resolves them, in this order, only when it writes the
	// attribute: judge, and report, what the browser gets.
	d := string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest))))
	u, err := url.Parse(strings.TrimSpace(d))
	switch {
	case err != nil:
		res.Problems = append(res.Problems, Problem{Offset: offsetOf(src, n, dest), Message: "malformed " + what + " address " + quote(d)})
		return nil
	case u.Scheme == "http" || u.Scheme == "https":
		if u.Host == "" {
			res.Problems = append(res.Problems, Problem{Offset: offsetOf(src, n, dest), Message: "malformed " + what + " address " + quote(d)})
			return nil
		}
		return dest
	case u.Scheme != "" || strings.HasPrefix(d, "//"):
		res.Problems = append(res.Problems, Problem{Offset: offsetOf(src, n, dest),
			Message: "only http and https links are accepted, found " + quote(d)})
		return nil
	}
	if d != "" && !strings.HasPrefix(d, "#") {
		res.Links = append(res.Links, Link{Offset: offsetOf(src, n, dest), Dest: d})
	}
	return dest
}

// checkImage checks image n and sets the attributes it is rendered with,
// or records a problem and clears its destination.
func (res *Result) checkImage(src []byte, n *ast.Image, resolve ImageFunc) {
	refuse := func(msg string) {
		res.Problems = append(res.Problems, Problem{Offset: offsetOf(src, n, n.Destination), Message: msg})
		n.Destination = nil
	}
	if resolve == nil {
		refuse("images are not supported in notes (the site makes no outside requests): link to the image instead")
		return
	}
	d := strings.TrimSpace(string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(n.Destination)))))
	u, err := url.Parse(d)
	switch {
	case err != nil:
		refuse("malformed image address " + quote(d))
		return
	case u.Scheme != "" || strings.HasPrefix(d, "//"):
		refuse("images must be files of the site under static/ (the site makes no outside requests), found " + quote(d))
		return
	case d == "" || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(d, "#") || strings.HasSuffix(d, "?"):
		refuse("an image's address must be the path of a file under static/, found " + quote(d))
		return
	}
	if strings.TrimSpace(altText(src, n)) == "" {
		refuse("alt text required: describe the image for readers who cannot see it")
		return
	}
	img, msg := resolve(d)
	if msg != "" {
		refuse(msg)
		return
	}
	n.SetAttributeString("width", strconv.Itoa(img.Width))
	n.SetAttributeString("height", strconv.Itoa(img.Height))
	n.SetAttributeString("loading", "lazy")
	n.SetAttributeString("decoding", "async")
	if img.Srcset != "" {
		n.SetAttributeString("srcset", img.Srcset)
		if img.Sizes != "" {
			n.SetAttributeString("sizes", img.Sizes)
		}
	}
}

// altText is the text an image's alt attribute is written from.
func altText(src []byte, n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// quote writes an address for a message: cut after 80 characters and
// quoted as Go quotes strings, so that control characters in it (a line
// feed or ESC written as an entity) show as escapes rather than act on the
// terminal or CI log that prints the message.
func quote(s string) string {
	if r := []rune(s); len(r) > 80 {
		return strconv.Quote(string(r[:80]) + "...")
	}
	return strconv.Quote(s)
}

// offsetOf finds where needle stands in the source of inline node n. Inline
// nodes carry no position of their own, so the search starts after the
// last text known to come before the needle: n's own label, else the text
// before n, else the enclosing block's first line. Starting at the block
// would find an earlier mention of the same address instead.
func offsetOf(src []byte, n ast.Node, needle []byte) int {
	start, ok := textEnd(n)
	for p := n; !ok && p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock {
			if p.Lines().Len() > 0 {
				start, ok = p.Lines().At(0).Start, true
			}
			continue
		}
		for s := p.PreviousSibling(); !ok && s != nil; s = s.PreviousSibling() {
			start, ok = textEnd(s)
		}
	}
	if len(needle) > 0 {
		if i := bytes.Index(src[start:], needle); i >= 0 {
			return start + i
		}
	}
	return start
}

// textEnd returns the end in the source of the last text in n's subtree.
func textEnd(n ast.Node) (end int, ok bool) {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, isText := c.(*ast.Text); entering && isText {
			end, ok = max(end, t.Segment.Stop), true
		}
		return ast.WalkContinue, nil
	})
	return end, ok
}

func blockStart(n ast.Node) int {
	if n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	return 0
}

// maxDepth is how deep lists and block quotes may nest.
const maxDepth = 100

// tooComplex returns the offset of the first line of src that crosses a
// limit, and a message saying which, or -1. goldmark's time grows with the
// square of the nesting or faster, and with the number of footnote
// definitions times that of references, and with the square of the
// nesting of square brackets, so the text is measured before it
// is parsed.
//
// A line's depth is counted generously: the container markers (">", "-",
// "*", "+", "1." or "1)") it starts with, plus half the columns it is
// indented by before the first of them, since a list nests by indentation
// too; a line that starts with no marker opens nothing. A footnote
// definition is a line that reads "[^label]:" after those markers.
// goldmark walks everything inside an opening square bracket at each
// closing one, so brackets are limited too.
func tooComplex(src []byte) (int, string) {
	footnotes, brackets := 0, 0
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		line := src[start:end]
		depth, rest := lineDepth(line)
		if depth > maxDepth {
			return start, "lists and block quotes are nested more than " + strconv.Itoa(maxDepth) + " deep here: the text is not rendered"
		}
		if brackets = bracketDepth(line, brackets); brackets > maxBrackets {
			return start, "square brackets are nested more than " + strconv.Itoa(maxBrackets) + " deep here: the text is not rendered"
		}
		if isFootnoteDef(line[rest:]) {
			if footnotes++; footnotes > maxFootnotes {
				return start, "more than " + strconv.Itoa(maxFootnotes) + " footnotes: the text is not rendered"
			}
		}
		start = end + 1
	}
	return -1, ""
}

// bracketDepth returns how deep square brackets are open at the end of
// line, given depth at its start, or maxBrackets+1 as soon as they open
// deeper. A blank line ends the paragraph, and with it every bracket; a
// bracket escaped with a backslash opens or closes nothing.
func bracketDepth(line []byte, depth int) int {
	if len(bytes.TrimSpace(line)) == 0 {
		return 0
	}
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '[':
			if depth++; depth > maxBrackets {
				return depth
			}
		case ']':
			depth = max(depth-1, 0)
		}
	}
	return depth
}

// isFootnoteDef reports whether s starts like a footnote definition.
func isFootnoteDef(s []byte) bool {
	if !bytes.HasPrefix(s, []byte("[^")) {
		return false
	}
	i := bytes.IndexByte(s, ']')
	return i > 2 && i+1 < len(s) && s[i+1] == ':'
}

// lineDepth is the depth tooComplex counts for one line, and the offset in
// it of what follows the markers and the white space around them.
func lineDepth(line []byte) (depth, rest int) {
	indent, markers := 0, 0
	blank := func(i int) bool { return i >= len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\r' }
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == ' ' || c == '\t':
			if markers == 0 {
				if c == '\t' {
					indent += 4 - indent%4
				} else {
					indent++
				}
			}
		case c == '>':
			markers++
		case (c == '-' || c == '*' || c == '+') && blank(i+1):
			markers++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 10 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j >= len(line) || line[j] != '.' && line[j] != ')' || !blank(j+1) {
				return depthOf(indent, markers), i
			}
			markers++
			i = j
		default:
			return depthOf(indent, markers), i
		}
	}
	return depthOf(indent, markers), len(line)
}

func depthOf(indent, markers int) int {
	if markers == 0 {
		return 0
	}
	return indent/2 + markers
}

// maxFootnotes is how many footnotes a text may define.
const maxFootnotes = 1000

// maxBrackets is how deep square brackets may nest within a paragraph.
const maxBrackets = 100
