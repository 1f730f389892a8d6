package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/skeleton"
	"github.com/dossier-org/dossier/templates"
)

// runTheme runs the subcommands of "dossier theme".
func runTheme(args []string, stdout, stderr io.Writer) int {
	usage := func(w io.Writer) {
		fmt.Fprintln(w, "Usage: dossier theme export DIR\n\n\texport  copy the built-in theme into DIR (typically templates), to edit")
	}
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "export":
		return runThemeExport(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "dossier theme: unknown subcommand %q\n\n", args[0])
	usage(stderr)
	return 2
}

// runThemeExport writes the embedded theme's files into a folder, making
// it, and refuses to overwrite any file: it writes all of them or none.
func runThemeExport(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("theme export", " DIR", stderr)
	positional, err := parseInterspersed(fset, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		return 2
	}
	if len(positional) != 1 {
		fset.Usage()
		return 2
	}
	dir := positional[0]
	// A checkout's templates/ can be a link a pull request committed, to
	// any folder of this machine: the build refuses it, and so does export.
	if info, err := os.Lstat(filepath.Clean(dir)); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		fmt.Fprintf(stderr, "dossier theme export: %s is a symbolic link: a site's templates/ may not be one; nothing was written\n", diag.EscapePath(dir))
		return 1
	}
	// The theme's files, its translation tables in i18n/ among them.
	var names []string
	fs.WalkDir(templates.FS, ".", func(name string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			names = append(names, name)
		}
		return err
	})
	var exist []string
	for _, name := range names {
		p := filepath.Join(dir, name)
		if _, err := os.Lstat(p); err == nil {
			exist = append(exist, p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stderr, "dossier theme export: %v\n", err)
			return 1
		}
	}
	if len(exist) > 0 {
		for _, p := range exist {
			fmt.Fprintf(stderr, "dossier theme export: %s already exists\n", p)
		}
		fmt.Fprintln(stderr, "dossier theme export: nothing was written: move those files away, or export into another folder and compare")
		return 1
	}
	files := make([]skeleton.File, len(names))
	for i, name := range names {
		data, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			panic(err) // a file Glob just listed
		}
		files[i] = skeleton.File{Path: name, Data: data}
	}
	// All or nothing, as init writes a site.
	if err := writeSite(dir, files); err != nil {
		fmt.Fprintf(stderr, "dossier theme export: %v\n", err)
		return 1
	}
	for _, name := range names {
		fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(dir, name))
	}
	fmt.Fprintf(stderr, "dossier theme export: wrote the built-in theme's %d files into %s. A site's build uses each file of its templates/ folder in place of the built-in one of the same name; README.md says what data each template receives.\n", len(names), dir)
	return 0
}
