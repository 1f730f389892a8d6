package site

import (
	"io/fs"
	"strings"
	"unicode"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/srcfs"
	"github.com/dossier-org/dossier/internal/textcheck"
)

// StaticDir is the folder of a site whose files are copied to the output
// as they are, at the same paths: a logo, a favicon, CNAME, downloads.
const StaticDir = "static"

// Limits on static/, whose files are held in memory until they are written.
const (
	// MaxStaticBytes is the most bytes all of static/'s files may hold
	// together: 256 MiB.
	MaxStaticBytes = 256 << 20
	// MaxStaticFiles is the most files static/ may hold.
	MaxStaticFiles = 10_000
)

// staticLimits are the limits in force; tests lower them.
var staticLimits = struct {
	files int
	bytes int64
}{MaxStaticFiles, MaxStaticBytes}

// StaticFile is a file of static/, copied byte for byte.
type StaticFile struct {
	// Name is the file's path in the output, and below static/.
	Name string
	// Path is the file's path in the source tree: "static/CNAME".
	Path string
	// Data is the file's content.
	Data []byte
}

// skipStatic reports whether the file or folder name in static/ is left
// out of the site: git's own files (.git, .gitignore, .gitkeep,
// .gitattributes) and the Finder's .DS_Store. Other dotfiles, such as
// .well-known/ and .nojekyll, are copied.
func skipStatic(name string) bool {
	return strings.HasPrefix(name, ".git") || name == ".DS_Store"
}

// loadStatic reads every regular file under static/, through the same
// fs.FS as the rest of the tree: a link or a special file is refused (see
// srcfs), and the files' count and total size are capped before any is
// read.
func loadStatic(fsys fs.FS) ([]StaticFile, diag.List) {
	// Links and special files are refused with srcfs's own reasons, the
	// same a build gives for them in seeds/ and content/; the walk below
	// skips them.
	diags := srcfs.Check(fsys, StaticDir)
	var files []StaticFile
	var total int64
	over := false
	err := fs.WalkDir(fsys, StaticDir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || p == StaticDir {
			return nil
		}
		if skipStatic(e.Name()) {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			return nil
		}
		if !e.Type().IsRegular() {
			return nil
		}
		name := strings.TrimPrefix(p, StaticDir+"/")
		if i := strings.IndexFunc(name, func(r rune) bool { return r == '\\' || unicode.IsControl(r) }); i >= 0 {
			diags.Errorf(p, 0, 0, "the file name %q holds a backslash or a control character, which not every host can serve: rename it", textcheck.Shown(name))
			return nil
		}
		info, err := e.Info()
		if err != nil {
			diags.Errorf(p, 0, 0, "%s", srcfs.Reason(err))
			return nil
		}
		total += info.Size()
		if len(files) >= staticLimits.files || total > staticLimits.bytes {
			over = true
			return fs.SkipAll
		}
		files = append(files, StaticFile{Name: name, Path: p})
		return nil
	})
	if err != nil {
		diags.Errorf(StaticDir, 0, 0, "%s", srcfs.Reason(err))
	}
	if over {
		diags.Errorf(StaticDir, 0, 0, "static/ holds more than %s files or %d MiB: the site's static files are held in memory until written; publish large downloads elsewhere", textcheck.Count(staticLimits.files), staticLimits.bytes>>20)
		return nil, diags
	}
	for i := range files {
		data, err := fs.ReadFile(fsys, files[i].Path)
		if err != nil {
			diags.Errorf(files[i].Path, 0, 0, "%s", srcfs.Reason(err))
			continue
		}
		files[i].Data = data
	}
	// A file may grow between its listing and its reading.
	total = 0
	for _, f := range files {
		total += int64(len(f.Data))
	}
	if total > staticLimits.bytes {
		diags.Errorf(StaticDir, 0, 0, "static/ holds more than %d MiB: the site's static files are held in memory until written; publish large downloads elsewhere", staticLimits.bytes>>20)
		return nil, diags
	}
	kept := files[:0]
	for _, f := range files {
		if f.Data != nil {
			kept = append(kept, f)
		}
	}
	return kept, diags
}
