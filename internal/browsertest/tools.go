package browsertest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// required reports whether CI asked for the browser checks to run whatever
// it takes: there, a missing tool must fail the build rather than let it
// pass having checked nothing.
func required() bool { return os.Getenv("DOSSIER_BROWSER_TESTS") == "require" }

// missing skips t, or fails it when the checks are required, saying what is
// missing and how to get it.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if required() {
		t.Fatalf("%s; DOSSIER_BROWSER_TESTS=require makes this a failure", msg)
	}
	t.Skipf("%s; run `bash .ci/run`, which installs it, or set DOSSIER_BROWSER_TESTS=require to make this a failure", msg)
}

// toolsDir is where .ci/run installs the npm packages, and so where the
// tests look when DOSSIER_AXE or DOSSIER_VNU is unset.
func toolsDir() string {
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache")
	}
	return filepath.Join(cache, "dossier-ci")
}

// tool returns the file named by the environment variable env, or else the
// one at rel under node_modules in toolsDir; it skips or fails t when there
// is no such file.
func tool(t testing.TB, env, rel string) string {
	t.Helper()
	p, err := toolPath(env, rel)
	if err != nil {
		missing(t, "%v", err)
	}
	return p
}

// toolPath is tool's look-up, which says what is missing rather than
// skipping a test.
func toolPath(env, rel string) (string, error) {
	p := os.Getenv(env)
	where := env
	if p == "" {
		p = filepath.Join(toolsDir(), "node_modules", filepath.FromSlash(rel))
		where = env + " is unset and the default"
	}
	if info, err := os.Stat(p); err != nil || info.IsDir() {
		return "", fmt.Errorf("%s %s is not a file", where, p)
	}
	return p, nil
}

// java returns the path of the java command, or skips or fails t.
func java(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("java")
	if err != nil {
		missing(t, "java is not on PATH (Debian: apt-get install default-jre-headless)")
	}
	return p
}
