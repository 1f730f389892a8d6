package buildcache

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func mustOpen(t *testing.T, dir, bin string) *Cache {
	t.Helper()
	c, err := Open(dir, "site.pack", bin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	c := mustOpen(t, dir, "bin 1")
	if _, ok := c.Get("k", []byte("a")); ok {
		t.Fatal("hit in an empty cache")
	}
	c.Put("k", []byte("a"), []byte("value a"))
	c.Put("k", []byte("b"), []byte("value b"))
	c.Put("other", []byte("a"), []byte("other a"))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	c = mustOpen(t, dir, "bin 1")
	tests := []struct {
		kind, input, want string
		ok                bool
	}{
		{"k", "a", "value a", true},
		{"k", "b", "value b", true},
		{"other", "a", "other a", true},
		{"k", "c", "", false},
		{"kk", "", "", false}, // the kind and the input do not run together
	}
	for _, tt := range tests {
		got, ok := c.Get(tt.kind, []byte(tt.input))
		if ok != tt.ok || string(got) != tt.want {
			t.Errorf("Get(%q, %q) = %q, %v; want %q, %v", tt.kind, tt.input, got, ok, tt.want, tt.ok)
		}
	}
	if s := c.Stats(); s.Hits != 3 || s.Misses != 2 {
		t.Errorf("Stats() = %+v, want 3 hits and 2 misses", s)
	}
	// The next pack holds what the last build used: "k"/"b" is gone.
	c = mustOpen(t, dir, "bin 1")
	c.Get("k", []byte("a"))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c = mustOpen(t, dir, "bin 1")
	if _, ok := c.Get("k", []byte("b")); ok {
		t.Error("an entry the last build did not use was kept")
	}
	if v, ok := c.Get("k", []byte("a")); !ok || string(v) != "value a" {
		t.Errorf("an entry the last build used was lost: %q, %v", v, ok)
	}
}

// TestOtherBinaryMisses checks that a pack written by another binary is
// not read: a new dossier may render any byte differently.
func TestOtherBinaryMisses(t *testing.T) {
	dir := t.TempDir()
	c := mustOpen(t, dir, "v1.0.0")
	c.Put("k", []byte("a"), []byte("old rendering"))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if _, ok := mustOpen(t, dir, "v1.0.1").Get("k", []byte("a")); ok {
		t.Error("another binary's entry was used")
	}
	if _, ok := mustOpen(t, dir, "v1.0.0").Get("k", []byte("a")); !ok {
		t.Error("the same binary's entry was not found")
	}
	if a, b := mustOpen(t, dir, "v1").Key("k", nil), mustOpen(t, dir, "v2").Key("k", nil); a == b {
		t.Error("two binaries give the same key")
	}
}

// TestDamagedPack checks that a pack that is not whole, or not a file, is
// ignored whole.
func TestDamagedPack(t *testing.T) {
	dir := t.TempDir()
	c := mustOpen(t, dir, "bin")
	c.Put("k", []byte("a"), bytes.Repeat([]byte("value "), 100))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	pack := filepath.Join(dir, "site.pack")
	good, err := os.ReadFile(pack)
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 1
	tests := []struct {
		name  string
		plant func(t *testing.T)
	}{
		{"truncated", func(t *testing.T) { os.WriteFile(pack, good[:len(good)-10], 0o644) }},
		{"one bit changed", func(t *testing.T) { os.WriteFile(pack, flipped, 0o644) }},
		{"empty", func(t *testing.T) { os.WriteFile(pack, nil, 0o644) }},
		{"a link", func(t *testing.T) {
			other := filepath.Join(t.TempDir(), "other.pack")
			os.WriteFile(other, good, 0o644)
			os.Remove(pack)
			if err := os.Symlink(other, pack); err != nil {
				t.Skip(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.plant(t)
			if _, ok := mustOpen(t, dir, "bin").Get("k", []byte("a")); ok {
				t.Error("an entry of a damaged pack was used")
			}
			os.Remove(pack)
		})
	}
}

func TestOpenRefuses(t *testing.T) {
	tests := []struct{ dir, name, bin string }{
		{"", "site.pack", "bin"},
		{t.TempDir(), "site.pack", ""},
		{t.TempDir(), "../site.pack", "bin"},
		{t.TempDir(), ".tmp-1.pack", "bin"},
	}
	for _, tt := range tests {
		if _, err := Open(tt.dir, tt.name, tt.bin); err == nil {
			t.Errorf("Open(%q, %q, %q) succeeded", tt.dir, tt.name, tt.bin)
		}
	}
}

func TestDirs(t *testing.T) {
	t.Setenv(EnvDir, "/some/where")
	if got := Dir(); got != filepath.Join("/some/where", "build") {
		t.Errorf("Dir() = %q", got)
	}
	t.Setenv(EnvDir, "off")
	if got := Dir(); got != "" {
		t.Errorf("Dir() with the cache off = %q", got)
	}
	if PackName("a") == PackName("b") || PackName("a") != PackName("./a") {
		t.Error("PackName does not name one pack per folder")
	}
}
