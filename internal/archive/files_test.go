package archive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/srcfs"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestCollectSave: Collect lists each address once with every place that
// cites it, leaves out what is archived or invented, reports a source it
// could not edit and a note it may not read (a link) where they stand;
// Save writes into a note edited since it was read, and leaves no
// temporary file.
func TestCollectSave(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"content/_index.md":   "---\ntitle: S\n---\n",
		"content/page.md":     "---\ntitle: P\nsources: [{title: X, url: \"https://a.site/page\"}]\n---\n",
		"content/a/_index.md": "---\nheadline: H\nurl: https://a.site/article\n---\n",
		"content/a/one.md":    "---\ntitle: One\nsources:\n  - title: R\n    url: https://a.site/r\n  - {title: Done, url: https://a.site/done, archive: https://archive.ph/d}\n  - {title: Invented, url: https://council.example/x}\n---\n",
		"content/a/two.md":    "---\ntitle: Two\nsources:\n  - {title: R, url: https://a.site/r}\n  - title: Empty\n    url: https://a.site/e\n    archive: \"\"\n---\n",
		"content/outside.md":  "---\ntitle: secret\nsources: [{title: S, url: \"https://a.site/secret\"}]\n---\n",
	})
	if err := os.Symlink("../outside.md", filepath.Join(dir, "content/a/link.md")); err != nil {
		t.Skip(err)
	}
	fsys, err := srcfs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	ts, diags := Collect(fsys)
	if len(ts) != 1 || ts[0].URL != "https://a.site/r" || len(ts[0].Places) != 2 || ts[0].Places[0] != (Place{"content/a/one.md", 4, 5}) || ts[0].Places[1] != (Place{"content/a/two.md", 4, 5}) {
		t.Errorf("targets %+v", ts)
	}
	got := diags.String()
	for _, want := range []string{
		`content/a/link.md: a symbolic link (to "../outside.md"): refused`,
		`content/a/two.md:7:5: the source has an empty "archive"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	if len(diags) != 2 {
		t.Errorf("%d diagnostics:\n%s", len(diags), got)
	}

	// The note changes after Collect read it: a comment above.
	two := filepath.Join(dir, "content/a/two.md")
	data, _ := os.ReadFile(two)
	os.WriteFile(two, []byte(strings.Replace(string(data), "sources:\n", "# checked twice\nsources:\n", 1)), 0o644)
	c := Capture{Archive: "https://web.archive.org/web/20261125101500/https://a.site/r", Archived: "2026-11-25"}
	if err := Save(fsys, ts[0], c); err != nil {
		t.Fatal(err)
	}
	one, _ := os.ReadFile(filepath.Join(dir, "content/a/one.md"))
	if !strings.Contains(string(one), "    url: https://a.site/r\n    archive: \""+c.Archive+"\"\n    archived: 2026-11-25\n  - {title: Done") {
		t.Errorf("one.md:\n%s", one)
	}
	if text, _ := os.ReadFile(two); !strings.Contains(string(text), "# checked twice\nsources:\n  - {title: R, url: https://a.site/r, archive: \""+c.Archive+"\", archived: 2026-11-25}\n  - title: Empty\n    url: https://a.site/e\n    archive: \"\"\n") {
		t.Errorf("two.md:\n%s", text)
	}
	// Saved again (a job saved twice), nothing changes.
	if err := Save(fsys, ts[0], c); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "content/a/one.md")); string(again) != string(one) {
		t.Errorf("one.md was edited twice:\n%s", again)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "content/a"))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("a temporary file is left: %s", e.Name())
		}
	}
	if secret, _ := os.ReadFile(filepath.Join(dir, "content/outside.md")); strings.Contains(string(secret), "archive") {
		t.Error("the link's target was written")
	}
}
