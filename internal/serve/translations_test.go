package serve

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRebuildTranslations checks that a rebuild that only touches a
// translation renders again the pages of the dossier it translates, which
// did not change but link it: each state is the same bytes as a full build,
// and the original's pages are among the changed ones.
func TestRebuildTranslations(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../build/testdata/fixture")); err != nil {
		t.Fatal(err)
	}
	write := func(rel, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := New(os.DirFS(dir), io.Discard)
	// A page whose digest stays the same is neither announced to the
	// open pages nor sent again to a browser that has it (its ETag).
	var lastChanged []string
	rebuild := func(changed ...string) map[string][]byte {
		t.Helper()
		res := srv.Rebuild(changed)
		if res.Diags.HasErrors() {
			t.Fatal(res.Diags)
		}
		got, want := srv.Files(), fullBuild(t, dir)
		if len(got) != len(want) {
			t.Errorf("server has %d files, full build %d", len(got), len(want))
		}
		for name, data := range want {
			if string(got[name]) != string(data) {
				t.Errorf("%s differs from a full build", name)
			}
		}
		lastChanged = res.Changed
		return got
	}
	rebuild()
	write("seeds/bibliotheque.txt", "La bibliothèque ferme\n\nLe conseil a voté la fermeture.\n")
	index := "---\nheadline: \"La bibliothèque ferme\"\nlanguage: fr\n%s---\n"
	write("content/bibliotheque/_index.md", strings.Replace(index, "%s", "translationOf: sample\n", 1))
	files := rebuild("seeds/bibliotheque.txt", "content/bibliotheque/_index.md")
	if !strings.Contains(string(files["sample/claims.html"]), `hreflang="fr"`) {
		t.Error("sample/claims.html does not link its new translation")
	}
	if !slices.Contains(lastChanged, "sample/claims.html") {
		t.Errorf("sample/claims.html is not among the changed pages %q", lastChanged)
	}
	// The translation is a translation no more: the original's pages
	// lose their links.
	write("content/bibliotheque/_index.md", strings.Replace(index, "%s", "", 1))
	files = rebuild("content/bibliotheque/_index.md")
	if strings.Contains(string(files["sample/claims.html"]), `hreflang="fr"`) {
		t.Error("sample/claims.html still links a dossier that translates it no more")
	}
	if !slices.Contains(lastChanged, "sample/claims.html") {
		t.Errorf("sample/claims.html is not among the changed pages %q", lastChanged)
	}
}
