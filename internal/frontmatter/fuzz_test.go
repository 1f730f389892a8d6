package frontmatter

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/textcheck"
)

// FuzzFrontmatter splits and decodes any file: it must never panic, every
// position it gives (of an error, a node or a diagnostic) must be inside the
// file, no message may be much longer than the file, the same file must give
// the same result twice, and no input may take long: the limits keep the
// YAML parser's work bounded.
func FuzzFrontmatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\nquote: \"q\"\nverdict: accurate\n---\nBody\n",
		"\uFEFF---\r\nsources:\r\n  - {title: A, url: 'https://e.org'}\r\n---\r\n",
		"---\nquote: |\n  [[[{\n\tindented\nverdict: x\n---\n",
		"---\na: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n---\n",
		"---\na: &a [x, x]\nb: [*a, *a]\nc: {<<: *a}\n---\n",
		"---\n- a\n- b\n---\n",
		"---\ntitle: \"open\nquote: x\n---\n",
		"---\na:\n  - - - - - - - x\n---\n",
		"---\na: !!binary aGVsbG8=\nb: ? c\n---\n",
		"---\ndate: 2024-02-30\nurl: javascript:alert(1)\nrank: -1\ntags: [a, {b: c}]\n---\n",
		"---\nkey: 'it''s # not a comment' # a comment [\n---\n",
		"---\n" + strings.Repeat("k: v\n", 3) + "k: w\n---\n",
		"---\n...\n",
		"---",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		began := time.Now()
		lines := strings.Count(src, "\n") + 1
		// The files given to Parse are text (content checks them with
		// textcheck first); on anything else it must only not fail.
		text := textcheck.Check([]byte(src), "the file") == nil
		inside := func(what string, line, col int) {
			if text && (line < 1 || line > lines || col < 1) {
				t.Fatalf("%s at %d:%d, outside the file of %d lines:\n%q", what, line, col, lines, src)
			}
		}
		// No message grows out of proportion to the file: at most a
		// value of it, quoted, and a sentence.
		short := func(msg string) {
			if len(msg) > 2*len(src)+400 {
				t.Fatalf("a message of %d bytes for a file of %d: %.200q", len(msg), len(src), msg)
			}
		}
		doc, err := Parse([]byte(src))
		doc2, err2 := Parse([]byte(src))
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a SyntaxError", err)
			}
			inside("error "+se.Msg, se.Line, se.Col)
			short(se.Msg)
			if err2 == nil || err2.Error() != err.Error() {
				t.Fatalf("second parse: %v, first: %v", err2, err)
			}
			return
		}
		if err2 != nil {
			t.Fatalf("second parse: %v", err2)
		}
		if !strings.HasSuffix(src, string(doc.Body)) || doc.BodyLine < 1 || doc.BodyLine > lines+1 {
			t.Fatalf("body %q at line %d", doc.Body, doc.BodyLine)
		}
		if doc.Front == nil {
			return
		}
		if doc.Front.Kind != Map {
			t.Fatalf("front matter is %s", doc.Front.Kind)
		}
		if describe(doc.Front) != describe(doc2.Front) {
			t.Fatalf("two parses differ:\n%s\n%s", describe(doc.Front), describe(doc2.Front))
		}
		var walk func(n *Node)
		walk = func(n *Node) {
			inside("node", n.Line, n.Col)
			for _, e := range n.Entries {
				inside("key "+e.Key, e.Line, e.Col)
				walk(e.Value)
			}
			for _, it := range n.Items {
				walk(it)
			}
		}
		walk(doc.Front)
		// Decode every key every way.
		var diags diag.List
		d := &Decoder{Path: "n.md", Diags: &diags}
		fields := d.Fields(doc.Front, "the note", "title", "quote", "occurrence", "date", "url", "tags", "sources")
		d.Require(doc.Front, fields, "the note", "title", "quote")
		for _, e := range fields {
			d.String(e)
			d.Strings(e)
			d.Int(e, 1)
			d.Date(e)
			d.URL(e)
			for _, it := range d.Items(e) {
				d.Fields(it, "an item", "title", "url")
			}
		}
		for _, dg := range diags {
			inside("diagnostic "+dg.Message, dg.Line, dg.Col)
			short(dg.Message)
		}
		// A failure guard against runaway parsing, not a measure of speed:
		// the slowest input within the limits takes a small fraction of it.
		if took := time.Since(began); took > 10*time.Second {
			t.Fatalf("took %v for %d bytes", took, len(src))
		}
	})
}
