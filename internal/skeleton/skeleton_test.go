package skeleton

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/dossier-org/dossier/internal/report"
	"github.com/dossier-org/dossier/internal/version"
)

const workflowPath = ".github/workflows/dossier.yml"

func find(files []File, p string) []byte {
	for _, f := range files {
		if f.Path == p {
			return f.Data
		}
	}
	return nil
}

// workflow is the part of a GitHub workflow the tests look at.
type workflow struct {
	On struct {
		PullRequest any `yaml:"pull_request"`
		Push        struct {
			Branches []string `yaml:"branches"`
		} `yaml:"push"`
	} `yaml:"on"`
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		If          string            `yaml:"if"`
		Permissions map[string]string `yaml:"permissions"`
		Steps       []struct {
			ID   string            `yaml:"id"`
			If   string            `yaml:"if"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]any    `yaml:"with"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

var pinnedAction = regexp.MustCompile(`^[a-z-]+/[a-z-]+@v[0-9]+$`)

// TestWorkflow renders the workflow for several builds of dossier and
// checks that it is valid YAML that installs the pinned release from the
// right module, never builds dossier from the repository, pins every
// action, and passes no expression into a shell script.
func TestWorkflow(t *testing.T) {
	tests := []struct {
		name       string
		info       version.Info
		pin, goVer string
	}{
		{"release", version.Info{Module: "github.com/dossier-org/dossier", Version: "v1.2.3", Go: "go1.26.8"}, "v1.2.3", "1.26"},
		{"fork at a pseudo-version", version.Info{Module: "github.com/acme/dossier", Version: "v0.0.0-20261125130458-0a1b2c3d4e5f", Go: "go1.27rc2"}, "v0.0.0-20261125130458-0a1b2c3d4e5f", "1.27"},
		{"source build", version.Info{Module: version.Module, Version: version.Devel, Go: "devel go1.27-abcdef"}, "latest", "stable"},
		{"modified tree", version.Info{Module: version.Module, Version: "v1.2.4-0.20261125130458-0a1b2c3d4e5f+dirty", Go: "go1.26.8"}, "latest", "1.26"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := Files(Options{Version: tt.info})
			if err != nil {
				t.Fatal(err)
			}
			data := find(files, workflowPath)
			if data == nil {
				t.Fatalf("no %s", workflowPath)
			}
			var w workflow
			if err := yaml.Unmarshal(data, &w); err != nil {
				t.Fatalf("invalid YAML: %v", err)
			}
			if got := w.Env["DOSSIER_VERSION"]; got != tt.pin {
				t.Errorf("DOSSIER_VERSION = %q, want %q", got, tt.pin)
			}
			if len(w.On.Push.Branches) != 1 || w.On.Push.Branches[0] != "main" {
				t.Errorf("push branches %v", w.On.Push.Branches)
			}
			install := `go install "` + tt.info.Module + `/cmd/dossier@${DOSSIER_VERSION}"`
			for _, job := range []string{"review", "publish"} {
				j, ok := w.Jobs[job]
				if !ok {
					t.Fatalf("no job %q", job)
				}
				var installs, goSetups, caches int
				for _, s := range j.Steps {
					// What is kept between runs is the folder
					// DOSSIER_CACHE names, inside the workspace, and
					// the output that build's dossiers are taken from,
					// each job's own.
					if strings.HasPrefix(s.Uses, "actions/cache@") {
						caches++
						paths := strings.Fields(fmt.Sprint(s.With["path"]))
						if len(paths) != 2 || w.Env["DOSSIER_CACHE"] != "${{ github.workspace }}/"+paths[0] || paths[1] != "public" {
							t.Errorf("%s: actions/cache keeps %q, DOSSIER_CACHE is %q; want it and public", job, paths, w.Env["DOSSIER_CACHE"])
						}
						if key := fmt.Sprint(s.With["key"]); !strings.HasPrefix(key, "dossier-cache-${{ github.job }}-") {
							t.Errorf("%s: actions/cache's key %q is not the job's own", job, key)
						}
					}
					// The site attached to a review is the one its
					// build made, never the previous run's output that
					// the cache restored.
					if strings.HasPrefix(s.Uses, "actions/upload-artifact@") && !strings.Contains(s.If, "steps.build.outcome == 'success'") {
						t.Errorf("%s: the site is attached whatever the build did (if: %q)", job, s.If)
					}
					if s.Uses != "" && !pinnedAction.MatchString(s.Uses) {
						t.Errorf("%s: action %q is not pinned to a major version", job, s.Uses)
					}
					if strings.Contains(s.Run, "${{") {
						t.Errorf("%s: an expression is spliced into a script (pass it through env): %s", job, s.Run)
					}
					if strings.Contains(s.Run, install) {
						installs++
					}
					if strings.HasPrefix(s.Uses, "actions/setup-go@") {
						goSetups++
						if s.With["go-version"] != tt.goVer || s.With["cache"] != false {
							t.Errorf("%s: setup-go with %v, want go-version %q and no cache", job, s.With, tt.goVer)
						}
					}
				}
				if caches != 1 {
					t.Errorf("%s: %d actions/cache steps, want 1", job, caches)
				}
				if installs != 1 || goSetups != 1 {
					t.Errorf("%s: %d steps with %s, %d setup-go steps; want 1 of each", job, installs, install, goSetups)
				}
			}
			if w.Jobs["review"].Permissions["pull-requests"] != "write" || w.Jobs["publish"].Permissions["pages"] != "write" {
				t.Errorf("permissions: review %v, publish %v", w.Jobs["review"].Permissions, w.Jobs["publish"].Permissions)
			}
			actionlint(t, data)
			// The comment the review job updates is the one that starts
			// with the report's marker.
			if !bytes.Contains(data, []byte("const marker = '"+report.Marker+"';")) {
				t.Errorf("the workflow does not look for the report's marker %q", report.Marker)
			}
			for _, unwanted := range []string{"go run", "./cmd/dossier", "go test", "go-version-file", "[[", "]]", "<no value>"} {
				if bytes.Contains(data, []byte(unwanted)) {
					t.Errorf("the workflow contains %q", unwanted)
				}
			}
		})
	}
}

// TestFiles checks the set of files: the site's always, the example's
// only on request, every path a clean relative one, and the same bytes on
// every call.
func TestFiles(t *testing.T) {
	info := version.Info{Module: version.Module, Version: "v1.0.0", Go: "go1.26.8"}
	site := []string{".github/workflows/dossier.yml", ".gitignore", "content/_index.md", "content/about.md", "content/contact.md", "content/funding.md", "content/methodology.md", "content/team.md", "seeds/.gitkeep"}
	example := []string{
		"content/" + ExampleDossier + "/_index.md",
		"content/" + ExampleDossier + "/cost.md",
		"content/" + ExampleDossier + "/daily-crossings.md",
		"content/" + ExampleDossier + "/on-schedule-and-under-budget.md",
		"seeds/" + ExampleDossier + ".txt",
	}
	for _, withExample := range []bool{false, true} {
		files, err := Files(Options{Example: withExample, Version: info})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, p := range site {
			want[p] = true
		}
		if withExample {
			for _, p := range example {
				want[p] = true
			}
		}
		for i, f := range files {
			if !want[f.Path] {
				t.Errorf("example %v: unexpected file %s", withExample, f.Path)
			}
			delete(want, f.Path)
			if path.Clean(f.Path) != f.Path || path.IsAbs(f.Path) || strings.HasPrefix(f.Path, "..") {
				t.Errorf("unclean path %q", f.Path)
			}
			if i > 0 && files[i-1].Path >= f.Path {
				t.Errorf("not sorted: %s before %s", files[i-1].Path, f.Path)
			}
		}
		for p := range want {
			t.Errorf("example %v: missing %s", withExample, p)
		}
		again, _ := Files(Options{Example: withExample, Version: info})
		for i := range files {
			if !bytes.Equal(files[i].Data, again[i].Data) {
				t.Errorf("%s differs between calls", files[i].Path)
			}
		}
	}
}

func TestOutputPath(t *testing.T) {
	for in, want := range map[string]string{
		"dot-gitignore":                    ".gitignore",
		"dot-github/workflows/dossier.yml": ".github/workflows/dossier.yml",
		"content/_index.md":                "content/_index.md",
		"seeds/dot-gitkeep":                "seeds/.gitkeep",
		"content/a-dot-b.md":               "content/a-dot-b.md",
	} {
		if got := outputPath(in); got != want {
			t.Errorf("outputPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// actionlint runs actionlint (github.com/rhysd/actionlint, with shellcheck
// for the scripts when installed) on a workflow, when it is installed.
func actionlint(t *testing.T, data []byte) {
	t.Helper()
	bin, err := exec.LookPath("actionlint")
	if err != nil {
		t.Log("actionlint is not installed: the workflow is checked as YAML only")
		return
	}
	p := filepath.Join(t.TempDir(), "dossier.yml")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-no-color", p).CombinedOutput(); err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
}
