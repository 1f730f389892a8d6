package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/dossier-org/dossier/internal/site"
	"github.com/dossier-org/dossier/internal/srcfs"
)

// openSource opens the source tree in the folder dir, read by srcfs's
// rules (no symbolic link followed, no special file read). A folder that
// does not exist, or holds neither content/ nor seeds/, is an error that
// says what was looked for: a mistyped -s must not build an empty site in
// place of the real one.
func openSource(dir string) (*srcfs.FS, error) {
	// The folder named may itself be a link: whoever runs the command
	// chose it.
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("no folder %s: name the site's folder with -s", dir)
	case err == nil && !info.IsDir():
		return nil, fmt.Errorf("%s is not a folder: name the site's folder with -s", dir)
	}
	fsys, err := srcfs.Open(dir)
	if err != nil {
		return nil, err
	}
	for _, d := range []string{site.ContentDir, site.SeedDir} {
		// Lstat, not Stat: a content/ that is a link is a site, whose
		// link the build reports.
		if _, err := fsys.Lstat(d); err == nil {
			return fsys, nil
		}
	}
	fsys.Close()
	return nil, fmt.Errorf("no site in %s: expected %s/ and %s/ (start one with dossier init, or run in a site's folder, or name it with -s)", dir, site.ContentDir, site.SeedDir)
}
