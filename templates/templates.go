// Package templates embeds the default theme, so that an installed binary
// builds sites without any files of its own. A site overrides a file by
// putting one of the same name in its own templates/ folder.
package templates

import "embed"

// FS holds the theme: html/template files, the stylesheet and the script.
//
//go:embed *.html *.css *.js
var FS embed.FS
