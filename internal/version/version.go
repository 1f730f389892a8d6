// Package version describes the running dossier binary from the build
// information the Go toolchain records in it: the module it was built
// from, its version, the commit and its date, and the toolchain. It is the
// one place that knows dossier's module path, for the commands that tell a
// reader how to install dossier.
package version

import (
	"fmt"
	"io"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"unicode"
)

// Module is dossier's module path, used when the build information names
// none that "go install" could fetch (in tests, or a build from a copy
// whose go.mod has a local name). It is the one place to change it.
const Module = "github.com/dossier-org/dossier"

// CommandDir is the folder of the dossier command inside the module.
const CommandDir = "cmd/dossier"

// Devel is the version of a build from source, as the Go toolchain
// records it.
const Devel = "(devel)"

// Info describes a build of dossier.
type Info struct {
	// Module is the module path the binary was built from, or Module.
	Module string
	// Version is the module's version, such as "v1.2.0" or a
	// pseudo-version, or Devel for a build from a source tree.
	Version string
	// Commit is the abbreviated revision of the source, with "+dirty"
	// when the tree had uncommitted changes; empty when not recorded.
	Commit string
	// Date is the commit's time as recorded (RFC 3339); empty when not
	// recorded.
	Date string
	// Go is the toolchain's version, such as "go1.26.8".
	Go string
	// OS and Arch are the target system, such as "linux" and "amd64".
	OS, Arch string
}

// Read returns the running binary's Info.
func Read() Info {
	bi, _ := debug.ReadBuildInfo()
	return FromBuildInfo(bi)
}

// shortCommit is how many hex digits of a revision are shown, as in Go's
// pseudo-versions.
const shortCommit = 12

// FromBuildInfo returns the Info that bi records; bi may be nil.
func FromBuildInfo(bi *debug.BuildInfo) Info {
	info := Info{Module: Module, Version: Devel, Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if bi == nil {
		return info
	}
	if installable(bi.Main.Path) {
		info.Module = bi.Main.Path
	}
	if v := bi.Main.Version; v != "" {
		info.Version = v
	}
	if bi.GoVersion != "" {
		info.Go = bi.GoVersion
	}
	var modified bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Commit = s.Value
			if len(info.Commit) > shortCommit {
				info.Commit = info.Commit[:shortCommit]
			}
		case "vcs.time":
			info.Date = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		case "GOOS":
			info.OS = s.Value
		case "GOARCH":
			info.Arch = s.Value
		}
	}
	if modified && info.Commit != "" {
		info.Commit += "+dirty"
	}
	return info
}

// modulePathRE matches a module path "go install" can fetch: a first
// element that is a domain name, then path elements. Anything else (a
// local name such as "dossier", or a character that would need quoting
// in the shell or YAML the path is written into) is not used.
var modulePathRE = regexp.MustCompile(`^[a-z0-9-]+(\.[a-z0-9-]+)+(/[A-Za-z0-9_.~-]+)*$`)

func installable(path string) bool { return modulePathRE.MatchString(path) }

// releaseRE matches a version "go install" can fetch and that names one
// fixed source: a semantic version (a pseudo-version included) without
// build metadata, which the toolchain adds as "+dirty" to a build from a
// modified tree.
var releaseRE = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)

// Command returns the import path of the dossier command, for
// "go install <Command>@<version>".
func (i Info) Command() string { return i.Module + "/" + CommandDir }

// Pin returns the version to install this same dossier with, and true; or
// "latest" and false when the binary has no version that names fixed
// source, as with a build from a source tree.
func (i Info) Pin() (string, bool) {
	if releaseRE.MatchString(i.Version) {
		return i.Version, true
	}
	return "latest", false
}

// GoMinor returns the toolchain's release as "1.26", or "" when the
// version is not a release's (a development toolchain).
func (i Info) GoMinor() string {
	m := goRE.FindStringSubmatch(i.Go)
	if m == nil {
		return ""
	}
	return m[1]
}

var goRE = regexp.MustCompile(`^go([0-9]+\.[0-9]+)(\.[0-9]+|rc[0-9]+)?$`)

// WriteTo writes the description "dossier version" prints.
func (i Info) WriteTo(w io.Writer) (int64, error) {
	orUnknown := func(s string) string {
		if s == "" {
			return "unknown"
		}
		return printable(s)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "dossier %s\n", orUnknown(i.Version))
	fmt.Fprintf(&b, "module  %s\n", orUnknown(i.Module))
	fmt.Fprintf(&b, "commit  %s\n", orUnknown(i.Commit))
	fmt.Fprintf(&b, "date    %s\n", orUnknown(i.Date))
	fmt.Fprintf(&b, "go      %s %s/%s\n", orUnknown(i.Go), orUnknown(i.OS), orUnknown(i.Arch))
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// printable returns s, quoted when it holds a character that is not
// printable, so that nothing recorded in a binary can drive the terminal.
func printable(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return strconv.Quote(s)
	}
	return s
}
