package buildcache

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestStamps checks the stamp index's rules: a file whose stamp is that
// recorded is not read again only when its entry is trusted, that is when
// its times were older than its recording by stampMargin; any change of
// size, time or inode has it read; a damaged index is ignored.
func TestStamps(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the index vouches for nothing here: every file is read")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "note.md")
	write := func(data string, mtime time.Time) fs.FileInfo {
		t.Helper()
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		info, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	open := func() *Cache {
		t.Helper()
		c, err := Open(dir, "site.pack", "bin")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// digest returns what the cache's output Digests gives for p, which
	// has no change time in its stamp, and whether it read the file.
	digest := func(c *Cache, info fs.FileInfo) ([sha256.Size]byte, bool) {
		t.Helper()
		read := false
		sum, err := c.Output(dir).Digest("note.md", info, func() ([]byte, error) {
			read = true
			return os.ReadFile(p)
		})
		if err != nil {
			t.Fatal(err)
		}
		return sum, read
	}
	save := func(c *Cache) {
		t.Helper()
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	old := time.Now().Add(-time.Hour)

	// An old file is read once, and then trusted.
	info := write("first", old)
	c := open()
	if sum, read := digest(c, info); !read || sum != sha256.Sum256([]byte("first")) {
		t.Fatalf("first digest: read %v, sum %x", read, sum)
	}
	save(c)
	c = open()
	if sum, read := digest(c, info); read || sum != sha256.Sum256([]byte("first")) {
		t.Fatalf("an old file with its stamp unchanged: read %v, sum %x; want it trusted", read, sum)
	}
	save(c)

	// Changed, with another time, it is read again.
	info = write("other", old.Add(time.Second))
	c = open()
	if sum, read := digest(c, info); !read || sum != sha256.Sum256([]byte("other")) {
		t.Fatalf("a file changed: read %v, sum %x; want it read", read, sum)
	}
	save(c)

	// A file as recent as its recording is racy: it might change again
	// within the same tick, and keep its stamp. It is read again, and
	// a change that kept its stamp is seen.
	now := time.Now()
	info = write("racy1", now)
	c = open()
	if _, read := digest(c, info); !read {
		t.Fatal("a new file was not read")
	}
	save(c)
	info = write("racy2", now) // the same size and time
	c = open()
	if sum, read := digest(c, info); !read || sum != sha256.Sum256([]byte("racy2")) {
		t.Fatalf("a racy file: read %v, sum %x; want it read again", read, sum)
	}
	save(c)

	// A damaged index is ignored whole.
	info = write("first", old)
	c = open()
	digest(c, info)
	save(c)
	stamps := filepath.Join(dir, "site.stamps")
	data, err := os.ReadFile(stamps)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 1
	if err := os.WriteFile(stamps, data, 0o600); err != nil {
		t.Fatal(err)
	}
	c = open()
	if _, read := digest(c, info); !read {
		t.Fatal("a damaged index was trusted")
	}
	// A file that cannot be read gives its error, and no entry.
	_, err = c.Output(dir).Digest("gone.md", info, func() ([]byte, error) { return nil, fs.ErrNotExist })
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a file that cannot be read: %v", err)
	}
	save(c)
}
