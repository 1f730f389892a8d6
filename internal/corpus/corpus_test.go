package corpus

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/site"
)

// TestCorpusBuildsCleanly checks that a generated corpus is a valid site:
// every quote anchors exactly once, and nothing warns.
func TestCorpusBuildsCleanly(t *testing.T) {
	c := Default(3, 20)
	s, diags := site.NewLoader().Load(c.FS())
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	if len(s.Dossiers) != 3 || len(s.Dossiers[2].Notes) != 20 {
		t.Fatalf("%d dossiers", len(s.Dossiers))
	}
	seedWords := len(strings.Fields(string(s.Dossiers[0].Seed.Data)))
	note, err := fs.ReadFile(c.FS(), s.Dossiers[0].Notes[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := strings.Cut(strings.TrimPrefix(string(note), "---\n"), "\n---\n")
	noteWords := len(strings.Fields(body))
	if seedWords < 1300 || seedWords > 1800 || noteWords < 350 || noteWords > 550 {
		t.Errorf("seed of %d words, note of %d words", seedWords, noteWords)
	}
	code := 0
	for _, n := range s.Dossiers[1].Notes {
		if strings.Contains(n.HTML, `<pre class="hl-chroma">`) {
			code++
		}
	}
	if code != 4 {
		t.Errorf("%d of 20 notes have highlighted code, want 4", code)
	}
}

func TestCorpusDeterministic(t *testing.T) {
	a, b := Default(2, 5).Files(), Default(2, 5).Files()
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("%s differs", a[i].Path)
		}
	}
}
