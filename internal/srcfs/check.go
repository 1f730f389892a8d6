package srcfs

import (
	"errors"
	"io/fs"

	"github.com/dossier-org/dossier/internal/diag"
)

// Check walks the folders dirs of fsys and reports as errors everything in
// them that the rules of the package refuse to read: symbolic links,
// wherever they point, and files that are not regular files. A build fails
// on them even where nothing would read the file, so that a reviewer sees
// every such file in a pull request. A folder of dirs that does not exist
// is no error. Read through an FS, fsys gives the package's reasons; read
// through another fs.FS, only what that refuses.
func Check(fsys fs.FS, dirs ...string) diag.List {
	var diags diag.List
	for _, dir := range dirs {
		fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if p != dir || !errors.Is(err, fs.ErrNotExist) {
					diags.Errorf(p, 0, 0, "%s", Reason(err))
				}
				return nil
			}
			switch t := e.Type(); {
			case t&fs.ModeSymlink != 0:
				info, err := fs.Stat(fsys, p)
				switch {
				case err != nil:
					diags.Errorf(p, 0, 0, "%s", Reason(err))
				case !info.IsDir() && !info.Mode().IsRegular():
					diags.Errorf(p, 0, 0, "a symbolic link to %s: refused", kind(info.Mode().Type()))
				}
			case !t.IsDir() && !t.IsRegular():
				diags.Errorf(p, 0, 0, "%s", Reason(&RefusedError{Err: ErrNotRegular, Mode: t}))
			}
			return nil
		})
	}
	return diags
}
