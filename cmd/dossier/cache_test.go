package main

import (
	"os"
	"testing"

	"github.com/dossier-org/dossier/internal/cardcache"
)

// TestMain keeps the share images the tests' builds draw out of the user's
// cache folder.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dossier-test-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv(cardcache.EnvDir, dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
