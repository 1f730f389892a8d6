// Command dossier builds fact-check dossier websites from a seed article
// and Markdown notes. Run "dossier help" for the commands.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dossier-org/dossier/internal/version"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands []command

func init() {
	commands = []command{
		{"init", "start a new site in a folder (default .), with a GitHub workflow", runInit},
		{"build", "build the site into a directory (default public/)", runBuild},
		{"serve", "preview the site on localhost, rebuilding as files change", runServe},
		{"check", "check every note against the build's and the editors' rules", runCheck},
		{"new", "start a note for a quote of a seed", runNew},
		{"capture", "take an article from the web (or a saved page) into a seed, with its details and a WARC", runCapture},
		{"theme", "copy the built-in theme into a folder, to edit (theme export templates)", runTheme},
		{"archive", "ask the Internet Archive to archive every source not archived yet, and note each copy", runArchive},
		{"report", "summarise in Markdown what the changes since a git ref do to the dossiers", runReport},
		{"version", "print the version, commit and toolchain of this dossier", runVersion},
		{"help", "show this help", runHelp},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	name := args[0]
	if name == "-h" || name == "-help" || name == "--help" {
		name = "help"
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "dossier: unknown command %q\n\n", name)
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "dossier turns a news article and fact-check notes into a static dossier website.")
	fmt.Fprintln(w, "\nUsage:\n\n\tdossier <command> [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun \"dossier <command> -h\" for a command's flags.")
}

func runHelp(args []string, stdout, stderr io.Writer) int {
	usage(stdout)
	return 0
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", "", stderr)
	if code, done := parse(fs, args); done {
		return code
	}
	version.Read().WriteTo(stdout)
	return 0
}

// newFlags makes a subcommand's flag set whose -h prints its usage.
func newFlags(name, argsUsage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dossier %s [flags]%s\n", name, argsUsage)
		if hasFlags(fs) {
			fmt.Fprintln(stderr, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parse parses args; done is true when the command should stop with code
// (after -h, or a bad flag).
func parse(fs *flag.FlagSet, args []string) (code int, done bool) {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0, true
	case err != nil:
		return 2, true
	case fs.NArg() > 0 && !strings.Contains(fs.Name(), " "):
		fmt.Fprintf(fs.Output(), "dossier %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return 2, true
	}
	return 0, false
}

// parseInterspersed parses flags that may stand before, between or after
// the positional arguments, as people type them, and returns the
// positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
