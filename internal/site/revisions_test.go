package site

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestSeedRevisions loads a seed kept as a folder of revisions: the
// earliest revision is the article the notes anchor in, the later ones
// (which no longer hold the quotes) and the WARC files change nothing.
func TestSeedRevisions(t *testing.T) {
	s, diags := NewLoader().Load(tree(map[string]*fstest.MapFile{
		"seeds/a.txt":                      nil,
		"seeds/a/20261125T153000Z.txt":     {Data: []byte(seedText)},
		"seeds/a/20261125T153000Z.warc.gz": {Data: []byte("warc")},
		"seeds/a/20261202T080000Z.txt":     {Data: []byte("Headline\n\nRewritten.\n")},
		"seeds/a/20261202T080000Z.warc.gz": {Data: []byte("warc")},
	}))
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	if len(s.Dossiers) != 1 || s.Dossiers[0].Seed.Path != "seeds/a/20261125T153000Z.txt" || len(s.Dossiers[0].Notes) != 2 {
		t.Fatalf("dossiers %+v", s.Dossiers)
	}

	// A WARC file beside a single-file seed is no stray file.
	if _, diags := NewLoader().Load(tree(map[string]*fstest.MapFile{"seeds/a.warc.gz": {Data: []byte("warc")}})); len(diags) > 0 {
		t.Errorf("WARC beside the seed: %s", diags)
	}

	for _, tc := range []struct {
		name  string
		files map[string]*fstest.MapFile
		want  string
	}{
		{"both forms", map[string]*fstest.MapFile{"seeds/a/20261125T153000Z.txt": {Data: []byte(seedText)}}, "seeds/a: the seed is kept both as a file and as a folder"},
		{"no revision", map[string]*fstest.MapFile{"seeds/a.txt": nil, "seeds/a/notes.txt": {Data: []byte(seedText)}}, "seeds/a: the folder holds no revision"},
		{"stray", map[string]*fstest.MapFile{"seeds/a.txt": nil, "seeds/a/20261125T153000Z.txt": {Data: []byte(seedText)}, "seeds/a/x.txt": {Data: []byte("x")}}, "seeds/a/x.txt: warning: ignored: a seed's folder holds its revisions"},
	} {
		_, diags := NewLoader().Load(tree(tc.files))
		if !strings.Contains(diags.String(), tc.want) {
			t.Errorf("%s: diagnostics\n%s\nwant %q", tc.name, diags, tc.want)
		}
	}
}

// TestSeedRevisionsIncremental: a change to a revision makes an
// incremental loader read its dossier again (the slug is the folder's
// name, not the revision's).
func TestSeedRevisionsIncremental(t *testing.T) {
	fsys := tree(map[string]*fstest.MapFile{
		"seeds/a.txt":                  nil,
		"seeds/a/20261125T153000Z.txt": {Data: []byte(seedText)},
	})
	l := NewLoader()
	l.Incremental()
	l.Load(fsys)
	fsys["seeds/a/20261125T153000Z.txt"] = &fstest.MapFile{Data: []byte(seedText + "\nAdded.\n")}
	l.Invalidate("seeds/a/20261125T153000Z.txt")
	s, _ := l.Load(fsys)
	if len(s.Dossiers) != 1 || !strings.HasSuffix(string(s.Dossiers[0].Seed.Data), "Added.\n") {
		t.Errorf("the dossier was not read again after its revision changed")
	}
}
