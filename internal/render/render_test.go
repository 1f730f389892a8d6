package render

import (
	"maps"
	"os"
	"path"
	"slices"
	"sync"
	"testing"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// pageStore is a PageWriter that keeps everything it is given.
type pageStore struct {
	mu    sync.Mutex
	bytes map[string][]byte
	pages map[string]uint64
	make  map[string]func() ([]byte, error)
	// groups are the dossiers' groups, by slug.
	groups map[string]*Group
}

func newPageStore() *pageStore {
	return &pageStore{bytes: map[string][]byte{}, pages: map[string]uint64{}, make: map[string]func() ([]byte, error){}, groups: map[string]*Group{}}
}

func (p *pageStore) Write(name string, data []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bytes[name] = data
	return nil
}

func (p *pageStore) WriteLazy(name string, make func() ([]byte, error)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.make[name] = make
}

func (p *pageStore) WriteSitePage(name string, make func() ([]byte, error)) {
	p.WriteLazy(name, make)
}

func (p *pageStore) WriteGroup(g *Group) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.groups[g.Slug] = g
	for _, f := range g.Files {
		if !f.Lazy {
			p.pages[f.Name] = f.Sum
		}
		p.make[f.Name] = f.Render
	}
}

func loadFixture(t *testing.T, l *site.Loader) *site.Site {
	t.Helper()
	s, diags := l.Load(os.DirFS("../build/testdata/fixture"))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return s
}

// TestReuseGivesTheBuildsBytes renders the fixture twice with a reusing
// Renderer, as the dev server does, and checks that every file, made at
// once, on request or from a page's digest, is the very bytes of a build,
// and that the second render renders no dossier again.
func TestReuseGivesTheBuildsBytes(t *testing.T) {
	theme, diags := LoadTheme(nil, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	// The multilingual site's dossiers have their verdicts in their own
	// languages, on the pages made from the view cache too.
	for _, dir := range []string{"../build/testdata/fixture", "../build/testdata/multilingual"} {
		t.Run(path.Base(dir), func(t *testing.T) { testReuse(t, theme, dir) })
	}
}

func testReuse(t *testing.T, theme *Theme, dir string) {
	load := func(l *site.Loader) *site.Site {
		t.Helper()
		s, diags := l.Load(os.DirFS(dir))
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		return s
	}
	l := site.NewLoader()
	l.Incremental()
	s := load(l)
	built := &output.Memory{}
	if _, err := theme.Site(s, built); err != nil {
		t.Fatal(err)
	}

	buildFiles := built.Files()
	r := &Renderer{Theme: theme, Reuse: true}
	var prev *pageStore
	for round := range 2 {
		if round == 1 {
			s = load(l) // unchanged files: the same dossiers
		}
		store := newPageStore()
		stats, err := r.Site(s, store)
		if err != nil {
			t.Fatal(err)
		}
		if want := round * len(s.Dossiers); stats.Reused != want {
			t.Errorf("round %d: %d dossiers reused, want %d", round, stats.Reused, want)
		}
		names := slices.Sorted(maps.Keys(store.bytes))
		names = append(names, slices.Sorted(maps.Keys(store.make))...)
		if len(names) != len(buildFiles) {
			t.Errorf("round %d: %d files, a build writes %d", round, len(names), len(buildFiles))
		}
		if len(store.pages) == 0 {
			t.Fatalf("round %d: no page was kept as a digest", round)
		}
		for _, name := range names {
			data, ok := store.bytes[name]
			if !ok {
				if data, err = store.make[name](); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			}
			if sum, isPage := store.pages[name]; isPage && sum != Digest(data) {
				t.Errorf("round %d: %s renders with another digest than it was given", round, name)
			}
			if string(data) != string(buildFiles[name]) {
				t.Errorf("round %d: %s differs from the build", round, name)
			}
		}
		if round == 0 {
			prev = store
			continue
		}
		// An unchanged dossier's files are handed over as the very same
		// group, and what the render before handed out still gives its
		// files as they were.
		for slug, g := range store.groups {
			if prev.groups[slug] != g {
				t.Errorf("round %d: %s has a new group", round, slug)
			}
		}
		for name, make := range prev.make {
			if data, err := make(); err != nil || string(data) != string(buildFiles[name]) {
				t.Errorf("round %d: %s, made from the render before, differs from the build (%v)", round, name, err)
			}
		}
	}
}

// TestReleaseGivesTheSameBytes renders the fixture as a build does, releasing
// each note's HTML once its dossier is done, and checks that nothing that
// shows a note (its page, the feed, the search index, dossier.json) was
// rendered after its HTML was gone.
func TestReleaseGivesTheSameBytes(t *testing.T) {
	theme, diags := LoadTheme(nil, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	kept := &output.Memory{}
	if _, err := theme.Site(loadFixture(t, site.NewLoader()), kept); err != nil {
		t.Fatal(err)
	}
	s := loadFixture(t, site.NewLoader())
	released := &output.Memory{}
	stats, err := (&Renderer{Theme: theme, Release: true}).Site(s, released)
	if err != nil {
		t.Fatal(err)
	}
	keptFiles, releasedFiles := kept.Files(), released.Files()
	if len(releasedFiles) != len(keptFiles) || stats.Files != len(keptFiles) {
		t.Errorf("%d files written, %d counted; without releasing, %d", len(releasedFiles), stats.Files, len(keptFiles))
	}
	if _, ok := keptFiles["feed.xml"]; !ok {
		t.Fatal("the fixture has no feed: give it a baseURL")
	}
	for name, data := range keptFiles {
		if string(releasedFiles[name]) != string(data) {
			t.Errorf("%s differs when the notes' HTML is released", name)
		}
	}
	for _, d := range s.Dossiers {
		for _, n := range d.Notes {
			if n.HTML != "" {
				t.Errorf("%s/%s: HTML kept after the build", d.Slug, n.Name)
			}
		}
	}
}
