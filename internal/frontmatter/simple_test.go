package frontmatter

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/corpus"
)

// simpleCases are front matter that parseSimple reads (the first ones) or
// leaves to the parser (simple false), each of which both must read alike.
var simpleCases = []struct {
	yaml   string
	simple bool
}{
	{"title: T\n", true},
	{"title: \"Quoted: with a colon, 'quotes' and #\"\nverdict: mostly-false\n", true},
	{"date: 2024-01-01\nnum: 12\nf: 1.5e3\nh: 0x1F\nb: true\nx: .inf\nneg: -1\noct: 0o14\nbin: 0b101\nbad: 2024-02-30\ntime: 2024-01-01T10:00:00Z\nver: 1.2.3\nyn: yes\nurl: https://e.org/a?b=c&d#frag\nj: javascript:alert(1)\n", true},
	{"quote: It's a \"plain\" scalar, with commas – and dashes\n", true},
	{"quote: Ünïcödé ✓ العربية\nk2: \"Ünïcödé\"\n", true},
	{"on: x\nyes: y\nnull_x: z\n", false},
	{"sources:\n  - title: \"A\"\n    url: https://e.org\n    date: 2024-01-02\n  - title: B\n", true},
	{"tags:\n  - one\n  - \"two\"\n  - three four\nreviewers:\n   - A\n   - B\n", true},
	{"a:\n  b:\n    c: d\n    e: f\n  g: h\ni: j\n", true},
	{"a:\n  - b:\n      - c\n      - d\n    e: f\n", true},
	{"retracted:\n  date: 2024-01-01\n  reason: \"Wrong\"\n", true},
	{"a: b\n", true},
	{"a: <<\nb: =\nc: x!\nd: .5\ne: +1\nf: <x>\ng: x|\nh: --\ni: ---\nj: ...\nk: x y  z\nl: null x\nm: \"\"\nn2: \" \"\n", true},
	{"a:\n  - <<\n", true},
	{"a: !x\n", false},
	{"a: ?x\n", false},
	{"a: :x\n", false},
	{"a: ~x\n", false},
	{"a: -\n", false},
	{"k.x: y\n", false},
	{"a:\n- b\n", false},
	{"a:\n", false},
	{"a: ~\n", false},
	{"a: null\n", false},
	{"a: b # comment\n", false},
	{"# comment\na: b\n", false},
	{"a: b\n\nc: d\n", false},
	{"a: 'single'\n", false},
	{"a: \"esc\\n\"\n", false},
	{"a: \"open\n", false},
	{"a: [x, y]\n", false},
	{"a: {b: c}\n", false},
	{"a: |\n  block\n", false},
	{"a: >\n  folded\n", false},
	{"a: &x b\nc: *x\n", false},
	{"a: !!str b\n", false},
	{"a: b\n  c\n", false},
	{"a: b:\n", false},
	{"a: b: c\n", false},
	{"a: b\na: c\n", false},
	{"a: b \n", false},
	{"a:  b\n", false},
	{"\"a\": b\n", false},
	{"? a\n: b\n", false},
	{"- a\n- b\n", false},
	{"a: b\r\nc: d\r\n", false},
	{"a:\tb\n", false},
	{"  a: b\n", false},
	{"a: -b\n", true},
	{"a: - b\n", false},
	{"a:b\n", false},
	{"a:\n  - b\n - c\n", false},
	{"a:\n  -  b\n", false},
	{"a:\n  -\n", false},
	{"a: @x\n", false},
	{"a: `x`\n", false},
	{"a: %x\n", false},
	{"a: x\n...\n", false},
}

// TestParseSimple checks that parseSimple reads what it reads as the YAML
// parser does, and leaves to the parser what it should.
func TestParseSimple(t *testing.T) {
	for _, tt := range simpleCases {
		got, ok := parseSimple([]byte(tt.yaml), 2)
		if ok != tt.simple {
			t.Errorf("parseSimple(%q): read %v, want %v", tt.yaml, ok, tt.simple)
		}
		if ok {
			compareSimple(t, tt.yaml, got)
		}
	}
}

// TestParseSimpleFiles compares parseSimple with the parser on the front
// matter of the benchmark corpus and of the project's test files.
func TestParseSimpleFiles(t *testing.T) {
	var srcs []string
	fsys := corpus.Default(2, 20).FS()
	fs.WalkDir(fsys, ".", func(name string, e fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(name, ".md") {
			data, _ := fs.ReadFile(fsys, name)
			srcs = append(srcs, string(data))
		}
		return nil
	})
	filepath.WalkDir("../..", func(name string, e fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(name, ".md") && strings.Contains(name, "testdata") {
			data, _ := os.ReadFile(name)
			srcs = append(srcs, string(data))
		}
		return nil
	})
	read := 0
	for _, src := range srcs {
		front, _, ok := strings.Cut(strings.TrimPrefix(src, "---\n"), "\n---\n")
		if !ok || !strings.HasPrefix(src, "---\n") {
			continue
		}
		if got, ok := parseSimple([]byte(front+"\n"), 2); ok {
			read++
			compareSimple(t, front+"\n", got)
		}
	}
	if read < 40 {
		t.Errorf("parseSimple read %d of %d files, want most", read, len(srcs))
	}
}

func compareSimple(t *testing.T, yaml string, got *Node) {
	t.Helper()
	want, err := parseFull([]byte(yaml), 2)
	if err != nil {
		t.Errorf("parseSimple read %q, which the parser refuses: %v", yaml, err)
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseSimple(%q) =\n%s\nwant\n%s", yaml, dump(got), dump(want))
	}
}

func dump(n *Node) string {
	var b strings.Builder
	var walk func(n *Node, indent string)
	walk = func(n *Node, indent string) {
		b.WriteString(indent)
		b.WriteString(n.Kind.String())
		b.WriteString(" " + strconv.Itoa(n.Line) + ":" + strconv.Itoa(n.Col) + " " + n.Value + "\n")
		for _, e := range n.Entries {
			b.WriteString(indent + "  key " + e.Key + " " + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + "\n")
			walk(e.Value, indent+"    ")
		}
		for _, it := range n.Items {
			walk(it, indent+"  ")
		}
	}
	walk(n, "")
	return b.String()
}

// FuzzParseSimple checks that whatever parseSimple reads, the YAML parser
// reads alike.
func FuzzParseSimple(f *testing.F) {
	for _, tt := range simpleCases {
		f.Add(tt.yaml)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if got, ok := parseSimple([]byte(src), 2); ok {
			compareSimple(t, src, got)
		}
	})
}
