package site

import (
	"slices"
	"testing"
	"testing/fstest"
)

// TestStatic: every regular file under static/ is kept at its path,
// subfolders and dotfiles included, but not git's files; a name no host
// can serve and a static/ over its limits are errors, and nothing of an
// oversized static/ is kept.
func TestStatic(t *testing.T) {
	bin := []byte{0, 0xff, 0xfe, '\n', 0x89, 'P', 'N', 'G'}
	tests := []struct {
		name   string
		files  map[string]*fstest.MapFile
		limits [2]int64 // files, bytes; zero for the defaults
		want   []string // kept, by name
		diags  []string
	}{
		{name: "none"},
		{
			name: "copied",
			files: map[string]*fstest.MapFile{
				"static/CNAME":                     file("facts.example.org\n"),
				"static/favicon.ico":               {Data: bin},
				"static/img/logo.png":              {Data: bin},
				"static/downloads/report 2024.pdf": {Data: bin},
				"static/.well-known/security.txt":  file("Contact: mailto:x@example.org\n"),
				"static/.nojekyll":                 file(""),
				"static/.git/config":               file("[core]\n"),
				"static/.gitignore":                file("*.tmp\n"),
				"static/img/.gitkeep":              file(""),
				"static/.DS_Store":                 {Data: bin},
			},
			want: []string{".nojekyll", ".well-known/security.txt", "CNAME", "downloads/report 2024.pdf", "favicon.ico", "img/logo.png"},
		},
		{
			name: "bad names",
			files: map[string]*fstest.MapFile{
				"static/a\\b.txt": file("x"),
				"static/a\x1bb":   file("x"),
				"static/ok.txt":   file("x"),
			},
			want: []string{"ok.txt"},
			diags: []string{
				`static/a\x1bb: the file name "a\x1bb" holds a backslash or a control character`,
				`static/a\b.txt: the file name "a\\b.txt" holds a backslash or a control character`,
			},
		},
		{
			name:   "too many files",
			files:  map[string]*fstest.MapFile{"static/a": file("x"), "static/b": file("x"), "static/c": file("x")},
			limits: [2]int64{2, 1 << 20},
			diags:  []string{"static: static/ holds more than 2 files or 1 MiB"},
		},
		{
			name:   "too large",
			files:  map[string]*fstest.MapFile{"static/a": {Data: make([]byte, 1<<19)}, "static/b": {Data: make([]byte, 1<<19+1)}},
			limits: [2]int64{10, 1 << 20},
			diags:  []string{"static: static/ holds more than 10 files or 1 MiB"},
		},
		{
			name:   "at the limits",
			files:  map[string]*fstest.MapFile{"static/a": {Data: make([]byte, 1<<19)}, "static/b": {Data: make([]byte, 1<<19)}},
			limits: [2]int64{2, 1 << 20},
			want:   []string{"a", "b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.limits[0] > 0 {
				old := staticLimits
				staticLimits.files, staticLimits.bytes = int(tt.limits[0]), tt.limits[1]
				defer func() { staticLimits = old }()
			}
			fsys := tree(tt.files)
			s, diags := NewLoader().Load(fsys)
			var names []string
			for _, f := range s.Static {
				names = append(names, f.Name)
				if f.Path != "static/"+f.Name || string(f.Data) != string(fsys[f.Path].Data) {
					t.Errorf("%s: path %q, %d bytes", f.Name, f.Path, len(f.Data))
				}
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("kept %q, want %q", names, tt.want)
			}
			matchDiags(t, diags, tt.diags)
		})
	}
}

// TestStaticIncremental: an incremental loader reads static/ again only
// after a change under it.
func TestStaticIncremental(t *testing.T) {
	fsys := tree(map[string]*fstest.MapFile{"static/CNAME": file("a.example\n")})
	l := NewLoader()
	l.Incremental()
	l.Load(fsys)
	fsys["static/CNAME"] = file("b.example\n")
	l.Invalidate("content/a/two.md")
	if s, _ := l.Load(fsys); string(s.Static[0].Data) != "a.example\n" {
		t.Errorf("static/ read again after a change elsewhere")
	}
	l.Invalidate("static/CNAME")
	if s, _ := l.Load(fsys); string(s.Static[0].Data) != "b.example\n" {
		t.Errorf("static/ not read again after its change: %q", s.Static[0].Data)
	}
}
