package build

import (
	"bytes"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/check"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// fuzzFiles are the files a fuzzer's input is cut into, in order: the
// input's parts are separated by NUL bytes, and a part that is missing
// leaves its file out.
var fuzzFiles = []string{
	"seeds/a.txt",
	"content/_index.md",
	"content/a/_index.md",
	"content/a/n1.md",
	"content/a/n2.md",
	"content/a/n3.md",
}

// fuzzTree builds the source tree that data stands for.
func fuzzTree(data []byte) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i, part := range bytes.SplitN(data, []byte{0}, len(fuzzFiles)) {
		fsys[fuzzFiles[i]] = &fstest.MapFile{Data: part}
	}
	return fsys
}

// fuzzInput joins files, read from dir, into one input for FuzzBuild.
func fuzzInput(t interface{ Fatal(...any) }, dir string, files ...string) []byte {
	var parts [][]byte
	for _, f := range files {
		b, err := os.ReadFile(path.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, b)
	}
	return bytes.Join(parts, []byte{0})
}

// quoted matches the strings a message quotes with %q, which hold what
// users wrote and so may hold anything.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// positionInText matches a position written into a message, which belongs
// in the diagnostic's Line and Col
// (":3:5:", or "[3:5]" as the YAML parser writes it).
var positionInText = regexp.MustCompile(`:\d+:\d+:|:\d+: |\[\d+:\d+\]`)

// FuzzBuild builds a small random source tree twice: nothing may panic,
// every problem, the editorial rules' included, must be placed (a path, a
// position within the file, no position written into the message) and the
// two builds must agree byte for byte.
func FuzzBuild(f *testing.F) {
	f.Add(fuzzInput(f, "testdata/fixture", "seeds/sample.txt", "content/_index.md", "content/sample/_index.md",
		"content/sample/mayor.md", "content/sample/across.md", "content/sample/opponents.md"))
	f.Add(fuzzInput(f, "testdata/fixture", "seeds/sample.txt", "content/_index.md", "content/sample/_index.md",
		"content/sample/savings.md", "content/sample/vote.md", "content/methodology.md"))
	f.Add(fuzzInput(f, "../../cmd/dossier/testdata/problems", "seeds/a.txt", "content/_index.md", "content/a/_index.md",
		"content/a/ambiguous.md", "content/a/dup.md", "content/a/good.md"))
	f.Add(fuzzInput(f, "../..", "seeds/iran-azerbaijan-plot.txt", "content/_index.md", "content/iran-azerbaijan-plot/_index.md",
		"content/iran-azerbaijan-plot/two-strands.md", "content/iran-azerbaijan-plot/obama.md", "content/iran-azerbaijan-plot/county-typo.md"))
	f.Add([]byte("Headline\n\nThe plot \xfe had two strands.\x00---\ntitle: S\n---\n\x00---\nheadline: H\n---\n\x00---\ntitle: T\nquote: two\nverdict: nope\n---\n[x](y&#10;::add-mask::z)"))
	f.Add([]byte("a\x00---\nratings:\n  - {key: k, label: \"L\\n<!--\"}\n---\n\x00---\n\tbad: [\n---\n\x00---\ntitle: \"\x1b[31m\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fuzzTree(data)
		var first, second output.Memory
		res1, err1 := Run(site.NewLoader(), fsys, &first)
		res2, err2 := Run(site.NewLoader(), fsys, &second)
		if (err1 == nil) != (err2 == nil) || res1.Diags.String() != res2.Diags.String() {
			t.Fatalf("two builds disagree:\n%v\n%s\n%v\n%s", err1, res1.Diags, err2, res2.Diags)
		}
		if err1 != nil && err1 != ErrInvalid {
			t.Fatalf("build failed: %v", err1)
		}
		a, b := first.Files(), second.Files()
		if len(a) != len(b) {
			t.Fatalf("%d files, then %d", len(a), len(b))
		}
		for name, data := range a {
			if !bytes.Equal(data, b[name]) {
				t.Fatalf("%s differs between two builds", name)
			}
		}
		// The editorial rules of dossier check too: their messages carry
		// link addresses, dates and file names.
		if res1.Site != nil {
			theme, _ := Theme(fsys)
			res1.Diags = append(res1.Diags, check.Site(res1.Site, theme)...)
		}
		for _, d := range res1.Diags {
			checkPlaced(t, fsys, d)
		}
	})
}

// checkPlaced fails unless d names a file or folder of fsys (or the theme),
// places its problem within the file, and writes no position into its text.
func checkPlaced(t *testing.T, fsys fstest.MapFS, d diag.Diagnostic) {
	t.Helper()
	if d.Path == "" {
		t.Errorf("no path: %#v", d)
	}
	if positionInText.MatchString(quoted.ReplaceAllString(d.Message, `""`)) {
		t.Errorf("a position in the message: %#v", d)
	}
	if d.Line < 0 || d.Col < 0 || (d.Col > 0 && d.Line == 0) {
		t.Errorf("impossible position: %#v", d)
	}
	if f, ok := fsys[d.Path]; ok {
		if lines := bytes.Count(f.Data, []byte("\n")) + 1; d.Line > lines {
			t.Errorf("line %d of a file of %d lines: %#v", d.Line, lines, d)
		}
		if d.Line > 0 {
			line := strings.Split(string(f.Data), "\n")[d.Line-1]
			if n := len([]rune(line)) + 1; d.Col > n {
				t.Errorf("column %d of a line of %d characters: %#v", d.Col, n-1, d)
			}
		}
	}
}
