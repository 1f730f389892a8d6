package buildcache

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestExecutableSum checks that the digest of the executable is kept
// between runs under its stamp: taken from the folder while the
// executable's stamp is the same, taken again when the executable changed,
// when what is kept is damaged, and not kept when the executable's times
// are too recent to vouch for it.
func TestExecutableSum(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("stamps are read on Linux only")
	}
	dir := t.TempDir()
	exe := filepath.Join(t.TempDir(), "dossier")
	if err := os.WriteFile(exe, []byte("binary 1"), 0o755); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	kept := func() []string {
		m, _ := filepath.Glob(filepath.Join(dir, "*.exe"))
		return m
	}

	// Too recent: the digest is right, and nothing is kept.
	if sum, ok := executableSum(exe, dir, time.Now()); !ok || sum != sha256.Sum256([]byte("binary 1")) {
		t.Fatalf("executableSum = %x, %v", sum, ok)
	}
	if k := kept(); len(k) != 0 {
		t.Fatalf("a digest of a recent executable was kept: %v", k)
	}

	// Old enough: kept, and the kept digest is what a later run takes,
	// as a substituted digest shows.
	if sum, ok := executableSum(exe, dir, later); !ok || sum != sha256.Sum256([]byte("binary 1")) {
		t.Fatalf("executableSum = %x, %v", sum, ok)
	}
	k := kept()
	if len(k) != 1 {
		t.Fatalf("kept %v, want one file", k)
	}
	info, err := os.Stat(exe)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := stampOf(info, true)
	fake := sha256.Sum256([]byte("fake"))
	writeExecutableSum(k[0], st, fake)
	if sum, ok := executableSum(exe, dir, later); !ok || sum != fake {
		t.Fatalf("the kept digest was not taken: %x, %v", sum, ok)
	}

	// Damaged: read again.
	if err := os.WriteFile(k[0], []byte(exeMagic+"garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	if sum, ok := executableSum(exe, dir, later); !ok || sum != sha256.Sum256([]byte("binary 1")) {
		t.Fatalf("with a damaged file: %x, %v", sum, ok)
	}

	// Replaced by another of the same size and modification time, as a
	// build does: its inode tells (its change time may be in the same
	// tick of the clock).
	writeExecutableSum(k[0], st, fake)
	if err := os.WriteFile(exe+".new", []byte("binary 2"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(exe+".new", info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(exe+".new", exe); err != nil {
		t.Fatal(err)
	}
	if sum, ok := executableSum(exe, dir, later); !ok || sum != sha256.Sum256([]byte("binary 2")) {
		t.Fatalf("after a change: %x, %v, want the new digest", sum, ok)
	}

	// No folder: the digest all the same.
	if sum, ok := executableSum(exe, "", later); !ok || sum != sha256.Sum256([]byte("binary 2")) {
		t.Fatalf("without a folder: %x, %v", sum, ok)
	}
	if _, ok := executableSum(filepath.Join(dir, "missing"), dir, later); ok {
		t.Fatalf("a missing executable gave a digest")
	}
}
