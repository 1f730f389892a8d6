package diag

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode"
)

func TestDiagnosticString(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{"content/a/n.md", 3, 7, Error, "bad verdict"}, "content/a/n.md:3:7: bad verdict"},
		{Diagnostic{"content/a/n.md", 3, 7, Warning, "no sources"}, "content/a/n.md:3:7: warning: no sources"},
		// A line without a column, and a whole file, leave out what is unknown
		// rather than print a misleading 0.
		{Diagnostic{"seeds/a.txt", 12, 0, Error, "x"}, "seeds/a.txt:12: x"},
		{Diagnostic{"seeds/a.txt", 0, 5, Error, "x"}, "seeds/a.txt: x"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("%#v: got %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestSummary(t *testing.T) {
	var one, many, mixed, warnOnly List
	one.Errorf("a", 1, 1, "e")
	for range 3 {
		many.Errorf("a", 1, 1, "e")
	}
	mixed.Errorf("a", 1, 1, "e")
	mixed.Errorf("a", 2, 1, "e")
	mixed.Warnf("a", 3, 1, "w")
	warnOnly.Warnf("a", 1, 1, "w")
	warnOnly.Warnf("a", 2, 1, "w")
	tests := []struct {
		l    List
		want string
	}{
		{nil, "0 errors"},
		{one, "1 error"},
		{many, "3 errors"},
		{mixed, "2 errors, 1 warning"},
		{warnOnly, "0 errors, 2 warnings"},
	}
	for _, tt := range tests {
		if got := tt.l.Summary(); got != tt.want {
			t.Errorf("%v: got %q, want %q", tt.l, got, tt.want)
		}
	}
	if mixed.Count(Error) != 2 || mixed.Count(Warning) != 1 || !mixed.HasErrors() || warnOnly.HasErrors() {
		t.Errorf("Count or HasErrors disagree with %v", mixed)
	}
}

// Parallel workers find problems in any order; Sort must give one order
// whatever the input order, and keep the messages at one place in the
// order they were found when they are equal.
func TestSort(t *testing.T) {
	var l List
	l.Errorf("b.md", 1, 1, "z")
	l.Errorf("a.md", 10, 1, "x")
	l.Errorf("a.md", 2, 9, "y")
	l.Errorf("a.md", 2, 3, "y")
	l.Warnf("a.md", 2, 3, "b")
	l.Errorf("a.md", 2, 3, "a")
	l.Sort()
	want := "a.md:2:3: a\na.md:2:3: warning: b\na.md:2:3: y\na.md:2:9: y\na.md:10:1: x\nb.md:1:1: z\n"
	if got := l.String(); got != want {
		t.Errorf("sorted:\n%s\nwant:\n%s", got, want)
	}
}

func TestWriters(t *testing.T) {
	var l List
	l.Errorf("content/a, b/n.md", 4, 2, "100%% wrong:\nsee line 5")
	l.Warnf("seeds/s.txt", 0, 0, "empty")
	tests := []struct {
		name  string
		write func(List, *bytes.Buffer) error
		want  string
	}{
		{"text", func(l List, b *bytes.Buffer) error { return l.WriteText(b) },
			"content/a, b/n.md:4:2: error: 100% wrong:\n\tsee line 5\nseeds/s.txt: warning: empty\n"},
		// GitHub's runner splits properties on ',' and ':' and a command on
		// newlines, so a path or message holding them must be escaped or
		// the annotation lands on the wrong file or is cut short.
		{"github", func(l List, b *bytes.Buffer) error { return l.WriteGitHub(b) },
			"::error file=content/a%2C b/n.md,line=4,col=2::100%25 wrong:%0Asee line 5\n" +
				"::warning file=seeds/s.txt::empty\n"},
		{"json", func(l List, b *bytes.Buffer) error { return l.WriteJSON(b) },
			`{"path":"content/a, b/n.md","line":4,"col":2,"severity":"error","message":"100% wrong:\nsee line 5"}` + "\n" +
				`{"path":"seeds/s.txt","line":0,"col":0,"severity":"warning","message":"empty"}` + "\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := tt.write(l, &b); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if b.String() != tt.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tt.name, b.String(), tt.want)
		}
	}
}

// hostile are paths and messages that try to act on a terminal or a CI
// runner: escape sequences, bell, carriage returns that overwrite a line,
// C1 controls, bidirectional overrides and zero-width characters that hide
// text, and GitHub workflow commands in both syntaxes.
var hostile = []string{
	"\x1b[31mred\x1b[0m",
	"\x1b]8;;http://evil/\x07link\x1b]8;;\x07",
	"bell\x07",
	"ok\rcontent/a.md:1:1: forged",
	"next\n::add-mask::secret",
	"next\n  ::warning file=x::forged",
	"next\r\n::error::forged",
	"\u0085next line (C1 NEL)",
	"\x9b31m C1 CSI",
	"abc\u202eevil\u202c",
	"\u2066isolate\u2069",
	"zero\u200bwidth\u200d\ufeff",
	"line\u2028separator\u2029",
	"del\x7f",
	"bad utf-8 \xff\xfe",
	"##[add-mask]secret",
	"x ##[warning]forged",
	"::add-mask::secret",
	" \t::stop-commands::token",
	"100% a:b,c",
}

// checkSafe fails if out holds a character that acts on a terminal, a
// line that the GitHub runner would read as a command other than the
// writer's own, or more lines than diagnostics (and their indented
// continuations).
func checkSafe(t *testing.T, format, in, out string, github bool) {
	t.Helper()
	for _, r := range out {
		if (unicode.IsControl(r) && r != '\n' && r != '\t') || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) || r == unicode.ReplacementChar {
			t.Errorf("%s, %q: output holds %U:\n%q", format, in, r, out)
		}
	}
	if strings.Contains(out, "##[") {
		t.Errorf("%s, %q: output holds \"##[\":\n%q", format, in, out)
	}
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		if github {
			if !strings.HasPrefix(line, "::error file=") && !strings.HasPrefix(line, "::warning file=") {
				t.Errorf("%s, %q: line %d is not one of the writer's commands: %q", format, in, i+1, line)
			}
			continue
		}
		if strings.HasPrefix(trimmed, "::") {
			t.Errorf("%s, %q: line %d is a workflow command: %q", format, in, i+1, line)
		}
	}
}

func TestWritersEscapeControls(t *testing.T) {
	writers := []struct {
		name  string
		write func(List, *bytes.Buffer) error
	}{
		{"text", func(l List, b *bytes.Buffer) error { return l.WriteText(b) }},
		{"string", func(l List, b *bytes.Buffer) error { _, err := b.WriteString(l.String()); return err }},
		{"github", func(l List, b *bytes.Buffer) error { return l.WriteGitHub(b) }},
		{"json", func(l List, b *bytes.Buffer) error { return l.WriteJSON(b) }},
	}
	for _, in := range hostile {
		for _, w := range writers {
			var l List
			l.Errorf("content/a/n.md", 1, 2, "link %s is wrong", in)
			l.Warnf("content/a/"+in+".md", 3, 4, "ignored")
			l.Errorf(in, 0, 0, "x")
			var b bytes.Buffer
			if err := w.write(l, &b); err != nil {
				t.Fatal(err)
			}
			checkSafe(t, w.name, in, b.String(), w.name == "github")
			if w.name == "json" {
				dec := json.NewDecoder(&b)
				for dec.More() {
					var v map[string]any
					if err := dec.Decode(&v); err != nil {
						t.Errorf("json, %q: %v", in, err)
						break
					}
				}
			}
		}
	}
}

// A message that lists places on lines of their own keeps that layout in
// text, indented under the first line, and travels as one line in GitHub's
// format, its line feeds escaped as %0A.
func TestMultilineMessage(t *testing.T) {
	var l List
	l.Errorf("content/a/n.md", 3, 8, "quote occurs 2 times:\n\t1. line 1\n\t2. line 4")
	var text, gh bytes.Buffer
	if err := l.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := l.WriteGitHub(&gh); err != nil {
		t.Fatal(err)
	}
	if want := "content/a/n.md:3:8: error: quote occurs 2 times:\n\t1. line 1\n\t2. line 4\n"; text.String() != want {
		t.Errorf("text: got %q, want %q", text.String(), want)
	}
	if want := "::error file=content/a/n.md,line=3,col=8::quote occurs 2 times:%0A\t1. line 1%0A\t2. line 4\n"; gh.String() != want {
		t.Errorf("github: got %q, want %q", gh.String(), want)
	}
}

func TestEscapeControls(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain é 漢字 “quotes”", "plain é 漢字 “quotes”"},
		{"\x1b[31m", `\x1b[31m`},
		{"a\u202eb", `a\u202eb`},
		{"a\u200bb", `a\u200bb`},
		{"\xff", `\xff`},
		{"a\nb", `a\nb`},
		{"##[add-mask]x", `##\x5badd-mask]x`},
	}
	for _, tt := range tests {
		if got := escapeControls(tt.in, false); got != tt.want {
			t.Errorf("escapeControls(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Add places a PosError at its position, its text without the position,
// and any other error on the whole file.
func TestAdd(t *testing.T) {
	var l List
	l.Add("seeds/a.txt", &PosError{Line: 2, Col: 1, Msg: "not UTF-8"})
	l.Add("seeds/b.txt", fmt.Errorf("reading: %w", &PosError{Line: 5, Col: 3, Msg: "wrapped"}))
	l.Add("seeds/c.txt", errors.New("plain"))
	want := "seeds/a.txt:2:1: not UTF-8\nseeds/b.txt:5:3: wrapped\nseeds/c.txt: plain\n"
	if got := l.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
