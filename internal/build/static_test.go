package build

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/srcfs"
)

// TestStaticCopied: the files of static/ reach the output byte for byte
// at their paths, binary data included, and a link or a special file among
// them is refused, read through srcfs as every command reads.
func TestStaticCopied(t *testing.T) {
	bin := string([]byte{0, 0xff, '\r', '\n', 0x89, 'P', 'N', 'G'})
	src := withFiles(t, map[string]string{
		"static/CNAME":                    "facts.example.org\n",
		"static/assets/logo.png":          bin,
		"static/.well-known/security.txt": "Contact: mailto:x@example.org\n",
		"static/.git/HEAD":                "ref: refs/heads/main\n",
	})
	var mem output.Memory
	res, err := Run(site.NewLoader(), srcfs.New(src), &mem)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Diags)
	}
	files := mem.Files()
	for name, want := range map[string]string{"CNAME": "facts.example.org\n", "assets/logo.png": bin, ".well-known/security.txt": "Contact: mailto:x@example.org\n"} {
		if got, ok := files[name]; !ok || string(got) != want {
			t.Errorf("%s: %q (written: %v)", name, got, ok)
		}
	}
	if _, ok := files[".git/HEAD"]; ok {
		t.Errorf("static/.git was copied")
	}

	refused := withFiles(t, map[string]string{"static/ok.txt": "ok"})
	refused["static/passwd"] = &fstest.MapFile{Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink}
	refused["static/fifo"] = &fstest.MapFile{Mode: fs.ModeNamedPipe}
	res, err = Run(site.NewLoader(), srcfs.New(refused), &output.Memory{})
	if err != ErrInvalid {
		t.Fatalf("built with a link in static/: %v", err)
	}
	got := res.Diags.String()
	for _, want := range []string{"static/fifo: ", "static/passwd: "} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if n := strings.Count(got, "static/passwd"); n != 1 {
		t.Errorf("the link is reported %d times:\n%s", n, got)
	}
}

// TestStaticCollisions: a static file never takes the place of a file the
// site generates, nor needs one's path as a folder, nor the reverse; each
// is an error naming both.
func TestStaticCollisions(t *testing.T) {
	src := withFiles(t, map[string]string{
		"content/about.md":        "---\ntitle: About\n---\n",
		"static/index.html":       "<p>mine</p>",
		"static/about.html":       "x",
		"static/assets/style.css": "x",
		"static/sample":           "a file where the dossier's folder is",
		"static/robots.txt/x":     "x",
		"static/.dossier-output":  "x",
		"static/assets/ok.css":    "fine",
		"static/sample2/ok.txt":   "fine",
	})
	res, err := Run(site.NewLoader(), src, &output.Memory{})
	if err != ErrInvalid {
		t.Fatalf("built: %v", err)
	}
	want := []string{
		`static/.dossier-output: the site generates ".dossier-output" itself: rename or remove this static file`,
		`static/about.html: the site generates "about.html" itself: rename or remove this static file`,
		`static/assets/style.css: the site generates "assets/style.css" itself: rename or remove this static file`,
		`static/index.html: the site generates "index.html" itself: rename or remove this static file`,
		`static/robots.txt/x: the site generates the file "robots.txt", which this static file needs as a folder: rename its folder`,
		`static/sample: the site generates "sample/index.html", which needs "sample" as a folder: rename or remove this static file`,
	}
	var lines []string
	for _, d := range res.Diags {
		if strings.HasPrefix(d.Path, "static/") {
			lines = append(lines, d.String())
		}
	}
	if got := strings.Join(lines, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
}
