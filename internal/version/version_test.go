package version

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func settings(kv ...string) []debug.BuildSetting {
	var s []debug.BuildSetting
	for i := 0; i < len(kv); i += 2 {
		s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
	}
	return s
}

func TestFromBuildInfo(t *testing.T) {
	tests := []struct {
		name   string
		bi     *debug.BuildInfo
		want   Info
		pin    string
		pinned bool
	}{
		{
			name: "go install of a release",
			bi: &debug.BuildInfo{
				GoVersion: "go1.26.8",
				Path:      "github.com/acme/dossier/cmd/dossier",
				Main:      debug.Module{Path: "github.com/acme/dossier", Version: "v1.2.3"},
				Settings:  settings("GOOS", "darwin", "GOARCH", "arm64"),
			},
			want: Info{Module: "github.com/acme/dossier", Version: "v1.2.3", Go: "go1.26.8", OS: "darwin", Arch: "arm64"},
			pin:  "v1.2.3", pinned: true,
		},
		{
			name: "build from a clean checkout past a tag",
			bi: &debug.BuildInfo{
				GoVersion: "go1.26.8",
				Main:      debug.Module{Path: "github.com/dossier-org/dossier", Version: "v1.2.4-0.20261125130458-0a1b2c3d4e5f"},
				Settings: settings("GOOS", "linux", "GOARCH", "amd64",
					"vcs", "git", "vcs.revision", "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567", "vcs.time", "2026-11-25T13:04:58Z", "vcs.modified", "false"),
			},
			want: Info{Module: "github.com/dossier-org/dossier", Version: "v1.2.4-0.20261125130458-0a1b2c3d4e5f", Commit: "0a1b2c3d4e5f", Date: "2026-11-25T13:04:58Z", Go: "go1.26.8", OS: "linux", Arch: "amd64"},
			pin:  "v1.2.4-0.20261125130458-0a1b2c3d4e5f", pinned: true,
		},
		{
			name: "build from a modified tree",
			bi: &debug.BuildInfo{
				GoVersion: "go1.26.8",
				Main:      debug.Module{Path: "github.com/dossier-org/dossier", Version: "v1.2.4-0.20261125130458-0a1b2c3d4e5f+dirty"},
				Settings:  settings("GOOS", "linux", "GOARCH", "amd64", "vcs.revision", "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567", "vcs.time", "2026-11-25T13:04:58Z", "vcs.modified", "true"),
			},
			want: Info{Module: "github.com/dossier-org/dossier", Version: "v1.2.4-0.20261125130458-0a1b2c3d4e5f+dirty", Commit: "0a1b2c3d4e5f+dirty", Date: "2026-11-25T13:04:58Z", Go: "go1.26.8", OS: "linux", Arch: "amd64"},
			pin:  "latest", pinned: false,
		},
		{
			name: "source build without version control information",
			bi: &debug.BuildInfo{
				GoVersion: "go1.26.8",
				Main:      debug.Module{Path: "github.com/dossier-org/dossier", Version: "(devel)"},
				Settings:  settings("GOOS", "windows", "GOARCH", "amd64"),
			},
			want: Info{Module: "github.com/dossier-org/dossier", Version: Devel, Go: "go1.26.8", OS: "windows", Arch: "amd64"},
			pin:  "latest", pinned: false,
		},
		{
			name: "a local module name falls back to Module",
			bi: &debug.BuildInfo{
				GoVersion: "go1.26.8",
				Main:      debug.Module{Path: "dossier", Version: "(devel)"},
				Settings:  settings("GOOS", "linux", "GOARCH", "amd64"),
			},
			want: Info{Module: Module, Version: Devel, Go: "go1.26.8", OS: "linux", Arch: "amd64"},
			pin:  "latest", pinned: false,
		},
		{
			name: "a module path that would need quoting falls back to Module",
			bi: &debug.BuildInfo{
				GoVersion: "go1.26.8",
				Main:      debug.Module{Path: "evil.example/x\"; rm -rf ~", Version: "v1.0.0\n"},
				Settings:  settings("GOOS", "linux", "GOARCH", "amd64"),
			},
			want: Info{Module: Module, Version: "v1.0.0\n", Go: "go1.26.8", OS: "linux", Arch: "amd64"},
			pin:  "latest", pinned: false,
		},
		{
			name: "no build information (a test binary, or a stripped one)",
			bi:   nil,
			want: Info{Module: Module, Version: Devel, Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH},
			pin:  "latest", pinned: false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FromBuildInfo(tt.bi)
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			if pin, ok := got.Pin(); pin != tt.pin || ok != tt.pinned {
				t.Errorf("Pin() = %q, %v; want %q, %v", pin, ok, tt.pin, tt.pinned)
			}
			if c := got.Command(); c != got.Module+"/cmd/dossier" {
				t.Errorf("Command() = %q", c)
			}
		})
	}
}

func TestWriteTo(t *testing.T) {
	tests := []struct {
		info Info
		want string
	}{
		{
			Info{Module: "github.com/dossier-org/dossier", Version: "v1.2.3", Commit: "0a1b2c3d4e5f+dirty", Date: "2026-11-25T13:04:58Z", Go: "go1.26.8", OS: "linux", Arch: "amd64"},
			"dossier v1.2.3\nmodule  github.com/dossier-org/dossier\ncommit  0a1b2c3d4e5f+dirty\ndate    2026-11-25T13:04:58Z\ngo      go1.26.8 linux/amd64\n",
		},
		{
			Info{Module: Module, Version: Devel, Go: "go1.26.8", OS: "linux", Arch: "amd64"},
			"dossier (devel)\nmodule  github.com/dossier-org/dossier\ncommit  unknown\ndate    unknown\ngo      go1.26.8 linux/amd64\n",
		},
		{
			// Nothing recorded in a binary reaches the terminal raw.
			Info{Module: Module, Version: "v1\x1b[2J", Go: "go1.26.8", OS: "linux", Arch: "amd64"},
			"dossier \"v1\\x1b[2J\"\nmodule  github.com/dossier-org/dossier\ncommit  unknown\ndate    unknown\ngo      go1.26.8 linux/amd64\n",
		},
	}
	for _, tt := range tests {
		var b strings.Builder
		n, err := tt.info.WriteTo(&b)
		if err != nil || b.String() != tt.want || n != int64(b.Len()) {
			t.Errorf("WriteTo = %d, %v:\n%s\nwant:\n%s", n, err, b.String(), tt.want)
		}
	}
}

func TestGoMinor(t *testing.T) {
	for in, want := range map[string]string{
		"go1.26.8":            "1.26",
		"go1.27rc1":           "1.27",
		"go1.26":              "1.26",
		"devel go1.27-abcdef": "",
		"":                    "",
	} {
		if got := (Info{Go: in}).GoMinor(); got != want {
			t.Errorf("GoMinor(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRead checks that the running binary's information is read: a test
// binary has the test's module (a local name today, so Module stands in).
func TestRead(t *testing.T) {
	got := Read()
	if got.Module == "" || got.Version == "" || got.Go != runtime.Version() {
		t.Errorf("Read() = %+v", got)
	}
}
