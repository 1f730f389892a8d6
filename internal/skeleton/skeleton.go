// Package skeleton holds the files "dossier init" writes to start a site:
// the settings, a methodology page for the desk to complete, the folders,
// a .gitignore and a GitHub workflow that checks, reviews and publishes
// the site with a pinned release of dossier; and, on request, a small
// invented example dossier.
//
// The files are embedded under site/ and example/. A path element
// "dot-x" is written as ".x", so that the skeleton's own .gitignore and
// workflow do not act on this repository; a file whose name ends in
// ".tmpl" is a text/template, with "[[" and "]]" as delimiters so that a
// workflow's "${{ }}" expressions stay as written, and is written without
// that suffix.
package skeleton

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"text/template"

	"github.com/dossier-org/dossier/internal/version"
)

//go:embed all:site all:example
var files embed.FS

// ExampleDossier is the slug of the example dossier: its seed is
// seeds/<ExampleDossier>.txt and its notes are in content/<ExampleDossier>/.
const ExampleDossier = "example-footbridge"

// File is one file of a new site.
type File struct {
	// Path is slash-separated and relative to the site's folder.
	Path string
	Data []byte
}

// Options says what to write.
type Options struct {
	// Example adds the invented example dossier.
	Example bool
	// Version is the dossier the workflow installs: its module path and
	// the release to pin.
	Version version.Info
}

// templateData is what the templates see.
type templateData struct {
	// Module is dossier's module path; Command the import path of the
	// dossier command, for go install.
	Module, Command string
	// Version is the release the workflow installs, or "latest" when
	// Pinned is false.
	Version string
	Pinned  bool
	// Go is the Go release the workflow sets up, such as "1.26", or
	// "stable".
	Go string
}

// Files returns the files of a new site, sorted by path.
func Files(opt Options) ([]File, error) {
	data := templateData{Module: opt.Version.Module, Command: opt.Version.Command(), Go: opt.Version.GoMinor()}
	data.Version, data.Pinned = opt.Version.Pin()
	if data.Go == "" {
		data.Go = "stable"
	}
	trees := []string{"site"}
	if opt.Example {
		trees = append(trees, "example")
	}
	var out []File
	seen := map[string]string{}
	for _, tree := range trees {
		err := fs.WalkDir(files, tree, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			content, err := files.ReadFile(p)
			if err != nil {
				return err
			}
			rel := outputPath(strings.TrimPrefix(p, tree+"/"))
			if name, ok := strings.CutSuffix(rel, ".tmpl"); ok {
				rel = name
				if content, err = render(p, content, data); err != nil {
					return err
				}
			}
			if other, dup := seen[rel]; dup {
				return fmt.Errorf("skeleton: %s and %s both write %s", other, p, rel)
			}
			seen[rel] = p
			out = append(out, File{Path: rel, Data: content})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// outputPath turns the embedded "dot-" names into dot files.
func outputPath(p string) string {
	parts := strings.Split(p, "/")
	for i, part := range parts {
		if rest, ok := strings.CutPrefix(part, "dot-"); ok {
			parts[i] = "." + rest
		}
	}
	return path.Join(parts...)
}

func render(name string, text []byte, data templateData) ([]byte, error) {
	t, err := template.New(name).Delims("[[", "]]").Option("missingkey=error").Parse(string(text))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
