package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/dossier-org/dossier/internal/archive"
	"github.com/dossier-org/dossier/internal/diag"
)

// The keys of an archive.org account, which Save Page Now requires. They
// are read from the environment only, so that they are in no file, no
// command line and no shell history, and are never printed.
const (
	envAccess = "DOSSIER_IA_ACCESS_KEY"
	envSecret = "DOSSIER_IA_SECRET_KEY"
)

// archiveBase and archiveAvailable are the addresses of Save Page Now and
// of the Wayback Machine's availability API; tests point them at a double.
var (
	archiveBase      = archive.DefaultBase
	archiveAvailable = archive.DefaultAvailable
)

// archiveClock is the archive's clock: nil, the real one, but in tests.
var archiveClock archive.Clock

func runArchive(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("archive", "", stderr)
	src := fs.String("s", ".", "the source tree: the folder holding seeds/ and content/")
	dry := fs.Bool("dry-run", false, "list the sources that would be archived, ask the Archive nothing and write nothing")
	existing := fs.Bool("existing", false, "when a page cannot be captured now (gone, moved elsewhere, captured too often today), use the Wayback Machine's existing capture closest to when the source was consulted, dated as that capture")
	if code, done := parse(fs, args); done {
		return code
	}
	srcFS, err := openSource(*src)
	if err != nil {
		fmt.Fprintf(stderr, "dossier archive: %v\n", err)
		return 1
	}
	defer srcFS.Close()
	targets, diags := archive.Collect(srcFS)
	// A source that cannot be edited is said first, where it stands.
	diags.WriteText(stdout)
	fail := 0
	if diags.HasErrors() {
		fail = 1
	}
	places := 0
	for _, t := range targets {
		places += len(t.Places)
	}
	if len(targets) == 0 {
		fmt.Fprintln(stderr, "dossier archive: no source left without an archived copy")
		return fail
	}
	if *dry {
		for _, t := range targets {
			for _, p := range t.Places {
				fmt.Fprintf(stdout, "%s:%d:%d: would archive %s\n", diag.EscapePath(p.Path), p.Line, p.Col, diag.EscapePath(t.URL))
			}
		}
		fmt.Fprintf(stderr, "dossier archive: %s to archive (%s); --dry-run: nothing asked, nothing written\n", plural(places, "source"), plural(len(targets), "URL"))
		return fail
	}
	access, secret := os.Getenv(envAccess), os.Getenv(envSecret)
	if access == "" || secret == "" {
		fmt.Fprintf(stderr, "dossier archive: Save Page Now takes captures only from an archive.org account: set %s and %s to the account's S3 keys (https://archive.org/account/s3.php); --dry-run lists the sources without them\n", envAccess, envSecret)
		return 1
	}
	if err := archive.CheckKeys(access, secret); err != nil {
		fmt.Fprintf(stderr, "dossier archive: %s, %s: %v\n", envAccess, envSecret, err)
		return 1
	}
	// The first interrupt stops the run between two requests, with every
	// file whole; a second one ends the program at once, and every file
	// is still whole, as each is replaced in one rename.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r := &archive.Runner{
		Client:   &archive.Client{Base: archiveBase, Available: archiveAvailable, Access: access, Secret: secret, UserAgent: "dossier (+https://github.com/dossier-org/dossier)"},
		Clock:    archiveClock,
		Progress: stderr,
		Existing: *existing,
		Save:     func(t archive.Target, c archive.Capture) error { return archive.Save(srcFS, t, c) },
	}
	fmt.Fprintf(stderr, "dossier archive: %s to archive (%s), one capture every %v at most; Ctrl-C stops cleanly, and a new run goes on where it stopped\n", plural(places, "source"), plural(len(targets), "URL"), archive.DefaultMinInterval)
	res := r.Run(ctx, targets)
	res.Diagnostics().WriteText(stdout)
	if len(res.Failed) > 0 && !*existing {
		fmt.Fprintln(stderr, "dossier archive: for a page that is gone or moved, --existing uses the Wayback Machine's closest existing capture")
	}
	fmt.Fprintf(stderr, "dossier archive: archived %d of %s", len(res.Archived), plural(len(targets), "URL"))
	if len(res.Failed) > 0 {
		fmt.Fprintf(stderr, ", %d failed", len(res.Failed))
	}
	if res.Stopped != nil {
		fmt.Fprintf(stderr, "; stopped, %d left: %s\n", len(res.Left), diag.EscapePath(res.Stopped.Error()))
		fmt.Fprintln(stderr, "Run dossier archive again to go on: what is written is done.")
		return 1
	}
	fmt.Fprintln(stderr)
	if len(res.Failed) > 0 {
		return 1
	}
	return fail
}
