// Package cardcache keeps share cards (package card) on disk between
// builds, so that a build draws only the cards whose content changed: a
// card costs milliseconds of CPU, and a site of 10,000 checks would spend
// most of a cold build drawing them.
//
// The cache's rules:
//   - A card is filed under its model's Key, a SHA-256 digest of
//     everything that affects its pixels and of card.Version, as
//     <dir>/<key>.png. Equal keys give equal cards, so an entry never goes
//     stale: a changed quote, label, colour, language, logo or drawing
//     code gives a new key, and the old entry is merely unused.
//   - An entry is written whole or not at all: to a temporary file in the
//     same folder, then renamed over its name. Two builds writing the same
//     key write the same bytes.
//   - An entry is not trusted blindly: it is read only if it is a regular
//     file (not a link) of at most MaxBytes, and used only if it is a PNG
//     of card.Width × card.Height whose stream ends with its IEND chunk. A
//     damaged or truncated entry is drawn again and replaced. The cache
//     does not defend against someone who can write to its folder: that
//     person can change the build's output anyway.
//   - The cache is only a cache: deleting any entry, or the folder, costs
//     drawing the card again, never a different byte in the output. A
//     failure to read or write it is not an error of the build.
//   - Nothing removes entries: a site's cards take about 30 KB each. The
//     folder may be deleted at any time; CI keeps it between runs with
//     actions/cache, keyed by the sources, restoring the latest.
package cardcache

import (
	"bytes"
	"errors"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/dossier-org/dossier/internal/buildcache"
	"github.com/dossier-org/dossier/internal/card"
)

// MaxBytes is the largest file the cache reads as a card: a card is a few
// tens of kilobytes.
const MaxBytes = 4 << 20

// EnvDir is the environment variable that sets the cache's folder; "off"
// turns the cache off.
const EnvDir = buildcache.EnvDir

// Dir returns the cache's folder: cards in the folder of dossier's caches
// (buildcache.Root: $DOSSIER_CACHE/cards if set, else
// ~/.cache/dossier/cards on Linux). It returns "" when the cache is off
// or there is no such folder.
func Dir() string {
	if r := buildcache.Root(); r != "" {
		return filepath.Join(r, "cards")
	}
	return ""
}

// Cache is a folder of cards. It is safe for concurrent use, by several
// goroutines and several processes.
type Cache struct {
	dir string
	// Hits, Misses and Failed count the cards found, drawn, and not
	// written to the cache.
	hits, misses, failed atomic.Int64
}

// Open returns the cache in dir, making the folder if need be.
func Open(dir string) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("cardcache: no folder")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &Cache{dir: dir}, nil
}

// Stats are what a Cache counted.
type Stats struct {
	// Hits counts the cards read from the cache, Misses those drawn, and
	// Failed those drawn that could not be kept.
	Hits, Misses, Failed int64
}

// Stats returns what c counted so far.
func (c *Cache) Stats() Stats {
	return Stats{c.hits.Load(), c.misses.Load(), c.failed.Load()}
}

// Note returns m's card, from the cache or drawn and kept.
func (c *Cache) Note(m card.NoteCard) ([]byte, error) {
	return c.get(m.Key(), func() ([]byte, error) { return card.Note(m) })
}

// Dossier returns m's card, from the cache or drawn and kept.
func (c *Cache) Dossier(m card.DossierCard) ([]byte, error) {
	return c.get(m.Key(), func() ([]byte, error) { return card.Dossier(m) })
}

func (c *Cache) get(key string, draw func() ([]byte, error)) ([]byte, error) {
	name := filepath.Join(c.dir, key+".png")
	if data := read(name); data != nil {
		c.hits.Add(1)
		return data, nil
	}
	c.misses.Add(1)
	data, err := draw()
	if err != nil {
		return nil, err
	}
	if write(c.dir, name, data) != nil {
		c.failed.Add(1)
	}
	return data, nil
}

// read returns the card in the file name, or nil when there is none that
// passes the checks of the cache's rules.
func read(name string) []byte {
	info, err := os.Lstat(name)
	if err != nil || !info.Mode().IsRegular() || info.Size() > MaxBytes {
		return nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxBytes+1))
	if err != nil || len(data) > MaxBytes || !Valid(data) {
		return nil
	}
	return data
}

// iend is the end of every whole PNG stream: the IEND chunk, its empty
// length, its type and its CRC.
var iend = []byte{0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82}

// Valid reports whether data looks like a whole card: a PNG of
// card.Width × card.Height that ends with its IEND chunk.
func Valid(data []byte) bool {
	if !bytes.HasSuffix(data, iend) {
		return false
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	return err == nil && cfg.Width == card.Width && cfg.Height == card.Height
}

// write puts data in the file name of dir atomically.
func write(dir, name string, data []byte) error {
	f, err := os.CreateTemp(dir, ".tmp-*.png")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
