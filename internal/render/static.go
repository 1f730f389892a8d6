package render

import (
	"path"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// CheckStatic reports each file of static/ that would take the place of a
// file the site generates with theme t (a page, an export, a theme's
// asset, the output's marker), or whose path would need a generated
// file's path as a folder, or the reverse: static/about.html beside the
// page content/about.md, or static/assets/style.css. A static file never
// silently replaces a generated one, nor the reverse.
func CheckStatic(s *site.Site, t *Theme) diag.List {
	var diags diag.List
	if len(s.Static) == 0 || t == nil {
		return diags
	}
	generated := map[string]bool{output.Marker: true}
	dirs := map[string]string{} // a folder of a generated file: that file
	for _, name := range generatedFiles(s, t) {
		generated[name] = true
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			if _, ok := dirs[d]; !ok {
				dirs[d] = name
			}
		}
	}
	for _, f := range s.Static {
		switch {
		case generated[f.Name]:
			diags.Errorf(f.Path, 0, 0, "the site generates %q itself: rename or remove this static file", f.Name)
		case dirs[f.Name] != "":
			diags.Errorf(f.Path, 0, 0, "the site generates %q, which needs %q as a folder: rename or remove this static file", dirs[f.Name], f.Name)
		default:
			for d := path.Dir(f.Name); d != "."; d = path.Dir(d) {
				if generated[d] {
					diags.Errorf(f.Path, 0, 0, "the site generates the file %q, which this static file needs as a folder: rename its folder", d)
					break
				}
			}
		}
	}
	return diags
}

// generatedFiles is Files without the static files.
func generatedFiles(s *site.Site, t *Theme) []string {
	names := Files(s, t)
	return names[:len(names)-len(s.Static)]
}

// staticNames lists the static files' paths in the output.
func staticNames(s *site.Site) []string {
	names := make([]string, len(s.Static))
	for i, f := range s.Static {
		names[i] = f.Name
	}
	return names
}
