package build

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/internal/output"
	"dossier/internal/site"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the current output")

const fixture = "testdata/fixture"

func buildFixture(t *testing.T) map[string][]byte {
	t.Helper()
	var mem output.Memory
	res, err := Run(site.NewLoader(), os.DirFS(fixture), &mem)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Diags)
	}
	return mem.Files()
}

// TestGolden compares every page of the fixture site with the reviewed copy
// in testdata/golden. After an intended change, run
// go test ./internal/build -run Golden -update and review the diff.
func TestGolden(t *testing.T) {
	files := buildFixture(t)
	golden := filepath.Join("testdata", "golden")
	if *update {
		os.RemoveAll(golden)
		for name, data := range files {
			if !strings.HasSuffix(name, ".html") {
				continue // the theme's assets change with the design, not the engine
			}
			p := filepath.Join(golden, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	seen := 0
	err := filepath.WalkDir(golden, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(golden, p)
		want, _ := os.ReadFile(p)
		got, ok := files[filepath.ToSlash(rel)]
		if !ok {
			t.Errorf("%s: in golden but not built", rel)
		} else if !bytes.Equal(got, want) {
			t.Errorf("%s differs from golden (run with -update and review the diff)\n%s", rel, firstDiff(got, want))
		}
		seen++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	html := 0
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			html++
		}
	}
	if seen != html {
		t.Errorf("built %d pages, golden has %d", html, seen)
	}
}

func firstDiff(got, want []byte) string {
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range min(len(gl), len(wl)) {
		if gl[i] != wl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl[i] + "\nwant: " + wl[i]
		}
	}
	return "lengths differ"
}

func TestDeterministic(t *testing.T) {
	a, b := buildFixture(t), buildFixture(t)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// TestHostileTextIsEscaped checks that markup in notes written by
// contributors reaches readers as text, never as elements.
func TestHostileTextIsEscaped(t *testing.T) {
	files := buildFixture(t)
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		s := string(data)
		for _, bad := range []string{"<script>alert", "<img", "<b>bold", "<em>moving"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
	savings := string(files["sample/savings.html"])
	for _, want := range []string{
		"Savings figure &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
		"Budget &#34;&gt;&lt;img src=x onerror=alert(1)&gt;",
		"&lt;b&gt;bold&lt;/b&gt;",
		`href="https://city.example.gov/budget?a=1&amp;b=2#:~:text=saves%20$1.9%20million"`,
	} {
		if !strings.Contains(savings, want) {
			t.Errorf("savings.html lacks %s", want)
		}
	}
}

func TestTemplateOverrideErrors(t *testing.T) {
	src := fstest.MapFS{}
	for _, p := range []string{"seeds/sample.txt", "content/_index.md", "content/sample/_index.md", "content/sample/vote.md"} {
		data, err := os.ReadFile(filepath.Join(fixture, p))
		if err != nil {
			t.Fatal(err)
		}
		src[p] = &fstest.MapFile{Data: data}
	}
	src["templates/note.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}\n{{.Note.Title}\n{{end}}")}
	var mem output.Memory
	res, err := Run(site.NewLoader(), src, &mem)
	if err != ErrInvalid || len(mem.Names()) != 0 {
		t.Fatalf("err = %v, wrote %v", err, mem.Names())
	}
	if got := res.Diags.String(); !strings.HasPrefix(got, "templates/note.html:2: template: ") {
		t.Errorf("diagnostics: %s", got)
	}

	src["templates/note.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}<p class=custom>{{.Note.Title}}</p>{{end}}")}
	mem = output.Memory{}
	if _, err := Run(site.NewLoader(), src, &mem); err != nil {
		t.Fatal(err)
	}
	if page := string(mem.Files()["sample/vote.html"]); !strings.Contains(page, "<p class=custom>The vote was 7–2") {
		t.Errorf("override not used:\n%s", page)
	}
}
