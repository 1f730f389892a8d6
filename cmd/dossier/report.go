package main

import (
	"fmt"
	"io"

	"github.com/dossier-org/dossier/internal/build"
	"github.com/dossier-org/dossier/internal/check"
	"github.com/dossier-org/dossier/internal/gitfs"
	"github.com/dossier-org/dossier/internal/report"
	"github.com/dossier-org/dossier/internal/site"
)

func runReport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("report", "", stderr)
	src := fs.String("s", ".", "the source tree: the folder holding seeds/ and content/, in a git repository")
	base := fs.String("base", "", "the git revision to compare the working tree with (required), e.g. origin/main")
	if code, done := parse(fs, args); done {
		return code
	}
	if *base == "" {
		fmt.Fprintln(stderr, "dossier report: -base is required, e.g. -base origin/main")
		return 2
	}
	head, err := openSource(*src)
	if err != nil {
		fmt.Fprintf(stderr, "dossier report: %v\n", err)
		return 1
	}
	defer head.Close()
	old, err := gitfs.Open(*src, *base, build.SourceDirs...)
	if err != nil {
		fmt.Fprintf(stderr, "dossier report: %v\n", err)
		return 1
	}
	baseSite, baseDiags := site.NewLoader().Load(old)
	headSite, headDiags := site.NewLoader().Load(head)
	// A silent correction is an error of the change, as check --base says.
	headDiags = append(headDiags, check.Published(baseSite, headSite, head)...)
	md := report.Markdown(
		report.Version{Name: *base, Site: baseSite, Diags: baseDiags},
		report.Version{Name: "working tree", Site: headSite, Diags: headDiags},
	)
	io.WriteString(stdout, md)
	return 0
}
