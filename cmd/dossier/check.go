package main

import (
	"fmt"
	"io"

	"github.com/dossier-org/dossier/internal/build"
	"github.com/dossier-org/dossier/internal/check"
	"github.com/dossier-org/dossier/internal/diag"
	"github.com/dossier-org/dossier/internal/gitfs"
	"github.com/dossier-org/dossier/internal/site"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "", stderr)
	src := fs.String("s", ".", "the source tree: the folder holding seeds/ and content/")
	format := fs.String("format", "text", "output format: text, github (workflow commands that annotate a pull request) or json (one object per line)")
	strict := fs.Bool("strict", false, "fail on warnings too")
	base := fs.String("base", "", "the git revision holding the published notes, e.g. origin/main: a published note's verdict or quote changed without a new corrections entry, or a note deleted, is an error")
	if code, done := parse(fs, args); done {
		return code
	}
	write := map[string]func(diag.List, io.Writer) error{
		"text":   diag.List.WriteText,
		"github": diag.List.WriteGitHub,
		"json":   diag.List.WriteJSON,
	}[*format]
	if write == nil {
		fmt.Fprintf(stderr, "dossier check: unknown format %q: use text, github or json\n", *format)
		return 2
	}
	srcFS, err := openSource(*src)
	if err != nil {
		fmt.Fprintf(stderr, "dossier check: %v\n", err)
		return 1
	}
	defer srcFS.Close()
	s, theme, diags := build.Check(site.NewLoader(), srcFS)
	diags = append(diags, check.Site(s, theme)...)
	if *base != "" {
		published, err := loadBase(*src, *base)
		if err != nil {
			fmt.Fprintf(stderr, "dossier check: %v\n", err)
			return 1
		}
		diags = append(diags, check.Published(published, s, srcFS)...)
	}
	diags.Sort()
	if err := write(diags, stdout); err != nil {
		fmt.Fprintf(stderr, "dossier check: %v\n", err)
		return 1
	}
	errs, warns := diags.Count(diag.Error), diags.Count(diag.Warning)
	if *format == "text" {
		// The drafts left out of the site are checked, and counted, too.
		notes, drafts := 0, 0
		for _, d := range s.Dossiers {
			notes += len(d.Notes) + len(d.Unanchored) + len(d.Drafts)
			drafts += len(d.Drafts)
		}
		for _, d := range s.Drafts {
			notes += len(d.Notes) + len(d.Unanchored) + len(d.Drafts)
			drafts += len(d.Notes) + len(d.Unanchored) + len(d.Drafts)
		}
		of := ""
		if drafts > 0 {
			of = fmt.Sprintf(" (%d of them drafts)", drafts)
		}
		fmt.Fprintf(stderr, "checked %s and %s%s: %s, %s\n", plural(len(s.Dossiers)+len(s.Drafts), "dossier"), plural(notes, "note"), of, plural(errs, "error"), plural(warns, "warning"))
	}
	if errs > 0 || (*strict && warns > 0) {
		return 1
	}
	return 0
}

// loadBase loads the source tree at dir as it was at the git revision rev:
// the published state a change is compared with. Its own problems are not
// the change's, and are not returned.
func loadBase(dir, rev string) (*site.Site, error) {
	old, err := gitfs.Open(dir, rev, build.SourceDirs...)
	if err != nil {
		return nil, err
	}
	s, _ := site.NewLoader().Load(old)
	return s, nil
}
