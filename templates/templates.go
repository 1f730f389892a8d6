// Package templates embeds the default theme, so that an installed binary
// builds sites without any files of its own. A site overrides a file by
// putting one of the same name in its own templates/ folder, and adds its
// own; README.md, generated from the types of package render, says how, and
// what data each template receives.
package templates

//go:generate go test github.com/dossier-org/dossier/internal/render -run ^TestThemeDoc$ -update

import "embed"

// FS holds the theme: html/template files, the stylesheet and the script,
// the translation tables of its interface (i18n/<lang>.yaml), and
// README.md, its documentation, which "dossier theme export" writes with
// them.
//
//go:embed *.html *.css *.js README.md i18n/*.yaml
var FS embed.FS
