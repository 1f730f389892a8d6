package frontmatter

import (
	"errors"
	"strings"
	"testing"

	"dossier/internal/diag"
)

func TestParseSplits(t *testing.T) {
	tests := []struct {
		name, src string
		front     bool
		body      string
		bodyLine  int
	}{
		{"none", "# Title\n\ntext\n", false, "# Title\n\ntext\n", 1},
		{"plain", "---\nverdict: false\n---\nBody\n", true, "Body\n", 4},
		{"yaml end marker", "---\nverdict: false\n...\nBody\n", true, "Body\n", 4},
		{"empty", "---\n---\nBody\n", true, "Body\n", 3},
		{"crlf", "---\r\nverdict: false\r\n---\r\nBody\r\n", true, "Body\r\n", 4},
		// Windows editors write a byte-order mark; it must not hide the
		// opening line.
		{"bom", "\uFEFF---\nverdict: false\n---\nBody\n", true, "Body\n", 4},
		{"trailing spaces", "--- \nverdict: false\n---\t\nBody\n", true, "Body\n", 4},
		{"no body", "---\nverdict: false\n---", true, "", 4},
		// A rule later in the body is Markdown, not front matter.
		{"rule in body", "text\n---\nmore\n", false, "text\n---\nmore\n", 1},
	}
	for _, tt := range tests {
		doc, err := Parse([]byte(tt.src))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if (doc.Front != nil) != tt.front || string(doc.Body) != tt.body || doc.BodyLine != tt.bodyLine {
			t.Errorf("%s: front %v, body %q at line %d; want front %v, body %q at line %d",
				tt.name, doc.Front != nil, doc.Body, doc.BodyLine, tt.front, tt.body, tt.bodyLine)
		}
	}
}

// Positions are of the whole file, not of the YAML alone, so that an editor
// jumps to the right place.
func TestParsePositions(t *testing.T) {
	src := "---\nquote: \"Exports fell\"\nverdict: false\nsources:\n  - url: https://e.org/a\n    title: A\ntags: [trade, grain]\n---\nBody\n"
	doc, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	f := doc.Front
	if f.Kind != Map || len(f.Entries) != 4 {
		t.Fatalf("front matter %+v", f)
	}
	tests := []struct {
		key       string
		line, col int // of the key
		kind      Kind
		vline     int
		vcol      int
	}{
		{"quote", 2, 1, Scalar, 2, 8},
		{"verdict", 3, 1, Scalar, 3, 10},
		{"sources", 4, 1, List, 5, 3},
		{"tags", 7, 1, List, 7, 7},
	}
	for i, tt := range tests {
		e := f.Entries[i]
		if e.Key != tt.key || e.Line != tt.line || e.Col != tt.col || e.Value.Kind != tt.kind {
			t.Errorf("entry %d: %q at %d:%d, %s; want %q at %d:%d, %s", i, e.Key, e.Line, e.Col, e.Value.Kind, tt.key, tt.line, tt.col, tt.kind)
		}
		if e.Value.Line != tt.vline || e.Value.Col != tt.vcol {
			t.Errorf("%s: value at %d:%d, want %d:%d", tt.key, e.Value.Line, e.Value.Col, tt.vline, tt.vcol)
		}
	}
	if v := f.Get("quote").Value.Value; v != "Exports fell" {
		t.Errorf("quote %q", v)
	}
	src0 := f.Get("sources").Value.Items[0]
	if title := src0.Get("title"); title == nil || title.Line != 6 || title.Col != 5 || title.Value.Value != "A" {
		t.Errorf("sources[0].title: %+v", title)
	}
	if f.Get("missing") != nil {
		t.Error("Get of a missing key is not nil")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		col       int // 0: any column
		message   string
	}{
		{"unclosed", "---\nverdict: false\nBody\n", 1, 1, "not closed"},
		{"unclosed flow list", "---\nquote: x\nverdict: [oops\n---\n", 3, 0, ""},
		{"tab indent", "---\nsources:\n\t- url: x\n---\n", 3, 0, "tab"},
		// The indented "b: c" continues the value begun on line 2, where
		// go-yaml points: the scalar that cannot hold a mapping.
		{"bad mapping", "---\nquote: a\n  b: c\n---\n", 2, 8, "mapping value is not allowed"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.src))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: error %v, want a SyntaxError", tt.name, err)
			continue
		}
		if se.Line != tt.line || (tt.col != 0 && se.Col != tt.col) || se.Col < 1 || !strings.Contains(se.Msg, tt.message) {
			t.Errorf("%s: %d:%d %q; want line %d, col %d, message with %q", tt.name, se.Line, se.Col, se.Msg, tt.line, tt.col, tt.message)
		}
	}
}

func decoderFor(t *testing.T, yaml string) (*Decoder, *Node, *diag.List) {
	t.Helper()
	doc, err := Parse([]byte("---\n" + yaml + "---\n"))
	if err != nil {
		t.Fatal(err)
	}
	diags := &diag.List{}
	return &Decoder{Path: "n.md", Diags: diags}, doc.Front, diags
}

// One pass reports every problem of a file, each at its value.
func TestDecoder(t *testing.T) {
	d, front, diags := decoderFor(t, strings.Join([]string{
		"quote: [a, b]",       // 2: not a single value
		"date: 12 March 2024", // 3: not a date
		"updated: 2024-03-12T10:00:00+01:00",
		"rank: -2",                    // 5: below the minimum
		"url: javascript:alert(1)",    // 6: refused scheme
		"tags: trade",                 // a lone value is a list of one
		"authors: [Ana, {x: 1}, ' ']", // 8: an item that is a map
		"sources: nope",               // 9: not a list
		"verdit: false",               // 10: a typo, warned
		"claim: ''",                   // 11: required but empty
		"",
	}, "\n"))
	m := d.Fields(front, "a note", "quote", "date", "updated", "rank", "url", "tags", "authors", "sources", "claim", "verdict")
	d.Require(front, m, "a note", "claim", "verdict")
	got := []any{
		d.String(m["quote"]), d.Date(m["date"]), d.Date(m["updated"]), d.Int(m["rank"], 0), d.URL(m["url"]),
		strings.Join(d.Strings(m["tags"]), "|"), strings.Join(d.Strings(m["authors"]), "|"), len(d.Items(m["sources"])),
	}
	want := []any{"", "", "2024-03-12", 0, "", "trade", "Ana", 0}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("value %d: %v, want %v", i, got[i], want[i])
		}
	}
	diags.Sort()
	wantDiags := []string{
		"n.md:2:1: a note is missing the required key \"verdict\"",
		"n.md:2:8: \"quote\" must be a single value, found a list",
		"n.md:3:7: \"date\" must be a date written YYYY-MM-DD, found \"12 March 2024\"",
		"n.md:5:7: \"rank\" must be a whole number of at least 0, found \"-2\"",
		"n.md:6:6: \"url\": only http and https URLs are accepted, found \"javascript:alert(1)\"",
		"n.md:8:16: each item of \"authors\" must be a single value, found a map of keys",
		"n.md:9:10: \"sources\" must be a list (lines starting with \"- \"), found a single value",
		"n.md:10:1: warning: unknown key \"verdit\" in a note (did you mean \"verdict\"?)",
		"n.md:11:1: \"claim\" must not be empty",
	}
	if got := strings.TrimSpace(diags.String()); got != strings.Join(wantDiags, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, strings.Join(wantDiags, "\n"))
	}
}

func TestCheckURL(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://e.org/a?b=c#d", true},
		{"http://e.org", true},
		{"HTTPS://E.ORG/", true},
		{"javascript:alert(1)", false},
		{"data:text/html,x", false},
		{"//e.org/a", false},
		{"https:///a", false},
		{"https://e.org/a b", false},
		{"https://e.org/\"onmouseover=x", false},
		{"e.org/a", false},
		{"", false},
	}
	for _, tt := range tests {
		if err := CheckURL(tt.url); (err == nil) != tt.ok {
			t.Errorf("CheckURL(%q) = %v, want ok %v", tt.url, err, tt.ok)
		}
	}
}
