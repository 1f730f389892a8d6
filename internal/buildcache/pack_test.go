package buildcache

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// savePut opens the pack in dir, gets the entries of gets, puts those of
// puts (each value its key repeated n times), saves, and returns the
// pack's file info after.
func savePut(t *testing.T, dir string, gets []string, puts map[string]int) os.FileInfo {
	t.Helper()
	c := mustOpen(t, dir, "bin")
	for _, k := range gets {
		if _, ok := c.Get("k", []byte(k)); !ok {
			t.Fatalf("entry %q missing", k)
		}
	}
	for k, n := range puts {
		c.Put("k", []byte(k), bytes.Repeat([]byte(k), n))
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c.Close()
	info, err := os.Stat(filepath.Join(dir, "site.pack"))
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// has reports which of keys the pack in dir holds, with their values.
func has(t *testing.T, dir string, keys map[string]int) map[string]bool {
	t.Helper()
	c := mustOpen(t, dir, "bin")
	got := map[string]bool{}
	for k, n := range keys {
		v, ok := c.Get("k", []byte(k))
		if ok && !bytes.Equal(v, bytes.Repeat([]byte(k), n)) {
			t.Errorf("entry %q = %q", k, v)
		}
		got[k] = ok
	}
	return got
}

// TestPackAppends checks that a build that makes few entries beside those
// it used appends them to the pack, and that one that leaves most of the
// pack unused writes it anew without them.
func TestPackAppends(t *testing.T) {
	dir := t.TempDir()
	first := savePut(t, dir, nil, map[string]int{"a": 1000, "b": 1000})
	second := savePut(t, dir, []string{"a", "b"}, map[string]int{"c": 10})
	if !os.SameFile(first, second) || second.Size() <= first.Size() {
		t.Errorf("a small change did not append: same file %v, size %d then %d", os.SameFile(first, second), first.Size(), second.Size())
	}
	if got := has(t, dir, map[string]int{"a": 1000, "b": 1000, "c": 10}); !got["a"] || !got["b"] || !got["c"] {
		t.Errorf("after an append: %v", got)
	}
	third := savePut(t, dir, []string{"c"}, map[string]int{"d": 10})
	if os.SameFile(second, third) || third.Size() >= second.Size() {
		t.Errorf("a pack mostly unused was not written anew: same file %v, size %d then %d", os.SameFile(second, third), second.Size(), third.Size())
	}
	if got := has(t, dir, map[string]int{"a": 1000, "c": 10, "d": 10}); got["a"] || !got["c"] || !got["d"] {
		t.Errorf("after a new pack: %v", got)
	}
}

// TestPackTornTail checks that a pack whose append was cut short, or that
// has bytes after its footer, is ignored whole.
func TestPackTornTail(t *testing.T) {
	for _, tt := range []struct {
		name string
		cut  func(data []byte) []byte
	}{
		{"cut in the footer", func(data []byte) []byte { return data[:len(data)-5] }},
		{"cut in the index", func(data []byte) []byte { return data[:len(data)-footerSize-5] }},
		{"cut in the values", func(data []byte) []byte { return data[:len(data)-footerSize-200] }},
		{"bytes after", func(data []byte) []byte { return append(data, "more"...) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			savePut(t, dir, nil, map[string]int{"a": 1000, "b": 1000})
			savePut(t, dir, []string{"a", "b"}, map[string]int{"c": 100})
			pack := filepath.Join(dir, "site.pack")
			data, err := os.ReadFile(pack)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(pack, tt.cut(data), 0o600); err != nil {
				t.Fatal(err)
			}
			if got := has(t, dir, map[string]int{"a": 1000, "b": 1000, "c": 100}); got["a"] || got["b"] || got["c"] {
				t.Errorf("an entry of a torn pack was used: %v", got)
			}
		})
	}
}

// TestDamagedEntry checks that a value whose bytes changed in the pack is
// refused, and left out of the next pack, while the others are used.
func TestDamagedEntry(t *testing.T) {
	dir := t.TempDir()
	savePut(t, dir, nil, map[string]int{"a": 1000, "b": 1000})
	pack := filepath.Join(dir, "site.pack")
	data, err := os.ReadFile(pack)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, bytes.Repeat([]byte("a"), 1000))
	if i < 0 {
		t.Fatal("value not found in the pack")
	}
	data[i+500] = 'x'
	if err := os.WriteFile(pack, data, 0o600); err != nil {
		t.Fatal(err)
	}
	c := mustOpen(t, dir, "bin")
	if _, ok := c.Get("k", []byte("a")); ok {
		t.Error("a damaged value was used")
	}
	if _, ok := c.Get("k", []byte("b")); !ok {
		t.Error("the value beside a damaged one was refused")
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if got := has(t, dir, map[string]int{"a": 1000, "b": 1000}); got["a"] || !got["b"] {
		t.Errorf("after the next save: %v", got)
	}
}

// TestSpill checks that the values a build makes are written aside rather
// than held (none is in memory), are read back by Get, reach the pack by
// Save whether it appends or writes anew, and leave no file behind; and
// that a value whose copy aside was damaged is a miss, left out of the
// pack.
func TestSpill(t *testing.T) {
	for _, tt := range []struct {
		name string
		old  int // values in the pack before: many make Save append
	}{{"new pack", 0}, {"appended", 40}} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.old > 0 {
				puts := map[string]int{}
				for i := range tt.old {
					puts[fmt.Sprint("old", i)] = 100
				}
				savePut(t, dir, nil, puts)
			}
			c := mustOpen(t, dir, "bin")
			for i := range tt.old { // used, so that Save appends
				if _, ok := c.Get("k", []byte(fmt.Sprint("old", i))); !ok {
					t.Fatalf("entry old%d missing", i)
				}
			}
			before, _ := os.Stat(c.path)
			for _, k := range []string{"a", "b", "damaged"} {
				c.Put("k", []byte(k), bytes.Repeat([]byte(k), 1000))
			}
			for k, e := range c.used {
				if e.made && !e.ref.InFile() || e.made != (c.index[k] == span{}) {
					t.Fatalf("entry %x: made %v, written aside %v, in the pack read %v", k[:4], e.made, e.ref.InFile(), c.index[k] != span{})
				}
			}
			if v, ok := c.Get("k", []byte("a")); !ok || !bytes.Equal(v, bytes.Repeat([]byte("a"), 1000)) {
				t.Fatalf("Get of a value written aside: %v, %d bytes", ok, len(v))
			}
			// Its copy aside no longer matches its digest.
			e := c.used[c.Key("k", []byte("damaged"))]
			e.span.sum[0] ^= 1
			if err := c.Save(); err != nil {
				t.Fatal(err)
			}
			c.Close()
			if after, err := os.Stat(c.path); err != nil || tt.old > 0 && !os.SameFile(before, after) {
				t.Fatalf("the pack was not appended to: %v", err)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if filepath.Ext(e.Name()) == ".spill" {
					t.Errorf("%s left in the cache's folder", e.Name())
				}
			}
			got := has(t, dir, map[string]int{"a": 1000, "b": 1000, "damaged": 1000})
			if !got["a"] || !got["b"] || got["damaged"] {
				t.Errorf("after Save the pack has %v; want a and b, not the damaged value", got)
			}
		})
	}
}
