package site

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// manyProblems is a note whose analysis has n raw HTML tags (a warning
// each) and n unsafe links (an error each), on one line or on n lines.
func manyProblems(n int, oneLine bool) *fstest.MapFile {
	sep := "\n"
	if oneLine {
		sep = " "
	}
	return &fstest.MapFile{Data: []byte("---\ntitle: T\nquote: two strands\nverdict: accurate\n---\n" + strings.Repeat("é <b>x</b> [a](javascript:x)"+sep, n))}
}

// TestProblemsListed checks that a file with thousands of Markdown problems
// lists the first hundred, in order and at their places, and counts the
// rest, as an error when an error is among them.
func TestProblemsListed(t *testing.T) {
	for _, oneLine := range []bool{false, true} {
		t.Run(fmt.Sprint("one line ", oneLine), func(t *testing.T) {
			_, diags := NewLoader().Load(tree(map[string]*fstest.MapFile{"content/a/two.md": manyProblems(1000, oneLine)}))
			if len(diags) != maxProblems+1 {
				t.Fatalf("%d diagnostics, want %d", len(diags), maxProblems+1)
			}
			last := diags[len(diags)-1]
			// Three problems a repetition: the 101st is the second of the
			// 34th, "</b>".
			wantLine, wantCol := 6+maxProblems/3, 7
			if oneLine {
				wantLine, wantCol = 6, 7+maxProblems/3*len([]rune("é <b>x</b> [a](javascript:x) "))
			}
			if last.Message != "2,900 more problems of the Markdown from here on are not listed" || last.Severity.String() != "error" || last.Line != wantLine || last.Col != wantCol {
				t.Errorf("last diagnostic %s, want 2,900 more at %d:%d", last, wantLine, wantCol)
			}
			if d := diags[3]; d.Line != 6+1-btoi(oneLine) || !strings.Contains(d.Message, "raw HTML") {
				t.Errorf("fourth diagnostic %s", d)
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// BenchmarkManyProblems times the loading of a note of a megabyte with a
// hundred thousand Markdown problems on one line, whose positions used to
// be found by counting from the start of the note each time.
func BenchmarkManyProblems(b *testing.B) {
	fsys := tree(map[string]*fstest.MapFile{"content/a/two.md": manyProblems(1<<20/40, true)})
	for b.Loop() {
		NewLoader().Load(fsys)
	}
}
