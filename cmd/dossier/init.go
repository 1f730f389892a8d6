package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/dossier-org/dossier/internal/skeleton"
	"github.com/dossier-org/dossier/internal/version"
)

func runInit(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("init", " [DIR]", stderr)
	example := fset.Bool("example", false, "add a small invented example dossier, to see how one is made")
	positional, err := parseInterspersed(fset, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		return 2
	}
	if len(positional) > 1 {
		fmt.Fprintf(stderr, "dossier init: one folder at most, found %d\n", len(positional))
		fset.Usage()
		return 2
	}
	dir := "."
	if len(positional) == 1 {
		dir = positional[0]
	}
	info := version.Read()
	files, err := skeleton.Files(skeleton.Options{Example: *example, Version: info})
	if err != nil {
		fmt.Fprintf(stderr, "dossier init: %v\n", err)
		return 1
	}
	if err := checkEmpty(dir); err != nil {
		fmt.Fprintf(stderr, "dossier init: %v\n", err)
		return 1
	}
	if err := writeSite(dir, files); err != nil {
		fmt.Fprintf(stderr, "dossier init: %v\n", err)
		return 1
	}

	fmt.Fprintf(stdout, "Created a dossier site in %s:\n", folderName(dir))
	for _, f := range files {
		fmt.Fprintf(stdout, "  %s\n", f.Path)
	}
	fmt.Fprintln(stdout, "\nNext steps:")
	if filepath.Clean(dir) != "." {
		fmt.Fprintf(stdout, "  cd %s\n", shellQuote(dir))
	}
	fmt.Fprintln(stdout, `  dossier serve                   preview the site as you edit (it prints the address)`)
	fmt.Fprintln(stdout, `  edit content/_index.md, methodology.md and the pages about.md, team.md,`)
	fmt.Fprintln(stdout, `    funding.md and contact.md beside them: fill in every "TODO:"`)
	if *example {
		fmt.Fprintf(stdout, "  read content/%s/, an invented example dossier; delete it and\n", skeleton.ExampleDossier)
		fmt.Fprintf(stdout, "    seeds/%s.txt when you start your own\n", skeleton.ExampleDossier)
	}
	fmt.Fprintln(stdout, `  add an article as seeds/<slug>.txt, and its details in content/<slug>/_index.md`)
	fmt.Fprintln(stdout, `  dossier new <slug> "<quote>"    start a note on a quote of the article`)
	fmt.Fprintln(stdout, `  dossier build                   write the site into public/`)
	fmt.Fprintln(stdout, "\nPush it to GitHub and enable Pages with \"GitHub Actions\" as the source: the workflow")
	fmt.Fprintln(stdout, "checks every pull request, comments with a summary of the change, and publishes main.")
	if v, pinned := info.Pin(); pinned {
		fmt.Fprintf(stdout, "It installs dossier %s; to upgrade, change DOSSIER_VERSION in .github/workflows/dossier.yml.\n", v)
	} else {
		fmt.Fprintln(stdout, "This dossier is a development build, which names no release, so the workflow installs")
		fmt.Fprintln(stdout, "the latest: set DOSSIER_VERSION in .github/workflows/dossier.yml to a release to pin it.")
	}
	return 0
}

// checkEmpty returns an error unless dir is a folder that holds nothing
// but perhaps a .git, or does not exist yet. A repository just made by
// "git init", or a clone of a new empty repository, holds only .git; a site
// started there is what the user means, and nothing of git's is touched.
func checkEmpty(dir string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a folder", folderName(dir))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		if e.Name() != ".git" {
			names = append(names, displayPath(e.Name()))
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	held := strings.Join(names, ", ")
	if len(names) > 5 {
		held = fmt.Sprintf("%s and %d more", strings.Join(names[:5], ", "), len(names)-5)
	}
	return fmt.Errorf("%s is not empty (it holds %s): start a site in a new or empty folder", folderName(dir), held)
}

// writeSite writes files into dir, creating the folders they need. It
// never replaces a file. On an error it removes what it wrote, so that
// nothing is left half-written; if that fails too, the error names what is
// left.
func writeSite(dir string, files []skeleton.File) (err error) {
	var created []string // files and folders, in the order made
	defer func() {
		if err == nil {
			return
		}
		var left []string
		for i := len(created) - 1; i >= 0; i-- {
			if rerr := os.Remove(created[i]); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
				left = append(left, displayPath(created[i]))
			}
		}
		if len(left) > 0 {
			sort.Strings(left)
			err = fmt.Errorf("%w; these could not be removed: %s", err, strings.Join(left, ", "))
		} else {
			err = fmt.Errorf("%w; nothing was written", err)
		}
	}()
	mkdir := func(p string) error {
		var missing []string
		for q := p; ; q = filepath.Dir(q) {
			fi, err := os.Lstat(q)
			if err == nil {
				if !fi.IsDir() {
					return fmt.Errorf("%s is not a folder", displayPath(q))
				}
				break
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			missing = append(missing, q)
			if filepath.Dir(q) == q {
				break
			}
		}
		for i := len(missing) - 1; i >= 0; i-- {
			if err := os.Mkdir(missing[i], 0o755); err != nil {
				return err
			}
			created = append(created, missing[i])
		}
		return nil
	}
	if err := mkdir(dir); err != nil {
		return err
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := mkdir(filepath.Dir(p)); err != nil {
			return err
		}
		out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		created = append(created, p)
		_, err = out.Write(f.Data)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// folderName names the folder dir for a message.
func folderName(dir string) string {
	if filepath.Clean(dir) == "." {
		return "the current folder"
	}
	return displayPath(dir)
}

// displayPath returns p for a terminal: quoted when it holds a character
// that is not printable.
func displayPath(p string) string {
	if strings.IndexFunc(p, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return strconv.Quote(p)
	}
	return p
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./+-]+$`)

// shellQuote returns p as a POSIX shell word, for a command to copy.
func shellQuote(p string) string {
	if shellSafe.MatchString(p) && !strings.HasPrefix(p, "-") {
		return p
	}
	return displayPath("'" + strings.ReplaceAll(p, "'", `'\''`) + "'")
}
