package cardcache

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dossier-org/dossier/internal/card"
)

func model() card.NoteCard {
	return card.NoteCard{
		Site:     card.Site{Name: "The Fact Desk"},
		Language: "en",
		Kicker:   "Fact check",
		Quote:    "Crime has doubled since 2020.",
		Byline:   "Jane Doe · 3 March 2026",
		Verdict:  card.Verdict{Label: "Inaccurate", Color: "#cf222e", Mark: card.MarkCross},
	}
}

func open(t *testing.T) (*Cache, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "cards")
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c, dir
}

// TestHitAndMiss checks that a card is drawn once, kept under its key,
// and read back the same bytes, which are what package card draws.
func TestHitAndMiss(t *testing.T) {
	c, dir := open(t)
	m := model()
	first, err := c.Note(m)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.Note(m)
	if err != nil {
		t.Fatal(err)
	}
	drawn, _ := card.Note(m)
	if !bytes.Equal(first, drawn) || !bytes.Equal(second, drawn) {
		t.Error("the cache gives other bytes than card.Note")
	}
	if s := c.Stats(); s != (Stats{Hits: 1, Misses: 1}) {
		t.Errorf("stats %+v, want 1 hit, 1 miss", s)
	}
	if _, err := os.Stat(filepath.Join(dir, m.Key()+".png")); err != nil {
		t.Error(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files in the cache, want 1 (no temporary file left)", len(entries))
	}
}

// TestInvalidation checks that changing any one field of the model gives
// a new key and a new card, and the old entry is not used for it.
func TestInvalidation(t *testing.T) {
	c, _ := open(t)
	base := model()
	old, err := c.Note(base)
	if err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(*card.NoteCard){
		"quote":   func(m *card.NoteCard) { m.Quote += "!" },
		"label":   func(m *card.NoteCard) { m.Verdict.Label = "False" },
		"colour":  func(m *card.NoteCard) { m.Verdict.Color = "#000" },
		"mark":    func(m *card.NoteCard) { m.Verdict.Mark = card.MarkDisc },
		"byline":  func(m *card.NoteCard) { m.Byline = "" },
		"site":    func(m *card.NoteCard) { m.Site.Name = "Other" },
		"dir":     func(m *card.NoteCard) { m.Dir = card.RTL },
		"kicker":  func(m *card.NoteCard) { m.Kicker = "Check" },
		"lang":    func(m *card.NoteCard) { m.Language = "fa" },
		"nothing": nil,
	} {
		m := base
		if change != nil {
			change(&m)
		}
		got, err := c.Note(m)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := card.Note(m)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the cache gives a card other than the model's", name)
		}
		if (m.Key() == base.Key()) != (change == nil) {
			t.Errorf("%s: key unchanged", name)
		}
		if change != nil && name != "lang" && bytes.Equal(got, old) {
			t.Errorf("%s: the old card", name)
		}
	}
}

// TestDeletedAndDamaged checks that the cache is only a cache: a deleted
// folder, or an entry truncated, emptied, of another size or a link, gives
// the same bytes as drawing, and a damaged entry is replaced.
func TestDeletedAndDamaged(t *testing.T) {
	c, dir := open(t)
	m := model()
	want, err := c.Note(m)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, m.Key()+".png")
	other, _ := card.Note(card.NoteCard{Verdict: card.Verdict{Label: "x", Color: "#fff"}})
	small := []byte("\x89PNG\r\n\x1a\n") // a signature alone
	for what, damage := range map[string]func() error{
		"folder deleted": func() error {
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
			c, err = Open(dir)
			return err
		},
		"truncated":   func() error { return os.WriteFile(name, want[:len(want)/2], 0o644) },
		"empty":       func() error { return os.WriteFile(name, nil, 0o644) },
		"not a card":  func() error { return os.WriteFile(name, small, 0o644) },
		"tail cut":    func() error { return os.WriteFile(name, want[:len(want)-1], 0o644) },
		"another png": func() error { return os.WriteFile(name, append(append([]byte{}, other...), 0), 0o644) },
		"a link": func() error {
			target := filepath.Join(t.TempDir(), "elsewhere.png")
			os.WriteFile(target, other, 0o644)
			os.Remove(name)
			return os.Symlink(target, name)
		},
	} {
		if err := damage(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		got, err := c.Note(m)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: other bytes than drawn", what)
		}
		kept, _ := os.ReadFile(name)
		if info, err := os.Lstat(name); err != nil || !info.Mode().IsRegular() || !bytes.Equal(kept, want) {
			t.Errorf("%s: the entry is not replaced", what)
		}
	}
}

// TestValid checks what the cache takes for a whole card.
func TestValid(t *testing.T) {
	drawn, err := card.Dossier(card.DossierCard{Headline: "H"})
	if err != nil {
		t.Fatal(err)
	}
	if !Valid(drawn) {
		t.Error("a card is not valid")
	}
	for _, bad := range [][]byte{nil, drawn[:100], drawn[:len(drawn)-12], append(append([]byte{}, drawn...), 'x')} {
		if Valid(bad) {
			t.Errorf("%d bytes taken for a card", len(bad))
		}
	}
}

// TestDir checks where the cache is, and that DOSSIER_CACHE=off turns it
// off.
func TestDir(t *testing.T) {
	t.Setenv(EnvDir, "off")
	if d := Dir(); d != "" {
		t.Errorf("off: %q", d)
	}
	t.Setenv(EnvDir, "/tmp/x")
	if d := Dir(); d != filepath.Join("/tmp/x", "cards") {
		t.Errorf("set: %q", d)
	}
	t.Setenv(EnvDir, "")
	t.Setenv("XDG_CACHE_HOME", "/tmp/y")
	if d := Dir(); d != filepath.Join("/tmp/y", "dossier", "cards") {
		t.Errorf("default: %q", d)
	}
}
