package diag

import (
	"bytes"
	"testing"
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
			"content/a, b/n.md:4:2: error: 100% wrong:\nsee line 5\nseeds/s.txt: warning: empty\n"},
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
