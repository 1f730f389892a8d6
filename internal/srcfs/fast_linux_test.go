package srcfs

import (
	"strings"
	"testing"
)

// TestReadFast checks that ReadFile's short way reads the regular files of
// a tree within the limit and gives up on every other name of the hostile
// tree, for the long way to refuse it (TestReadFile).
func TestReadFast(t *testing.T) {
	fsys, _ := hostile(t)
	if noOpenat2.Load() {
		t.Skip("the system refuses openat2")
	}
	tests := []struct {
		name string
		data string // "" when readFast must give up
	}{
		{"seeds/a.txt", "seed"},
		{"content/a/n.md", "note"},
		{"content/100.md", strings.Repeat("x", 100)},
		{"content/big.md", ""},
		{"content/x.md", ""},
		{"content", ""},
		{"seeds/git.txt", ""},
		{"seeds/out.txt", ""},
		{"seeds/abs.txt", ""},
		{"seeds/zero.txt", ""},
		{"seeds/environ.txt", ""},
		{"seeds/dangling.txt", ""},
		{"seeds/fifo.txt", ""},
		{"content/methodology.md", ""},
		{"content/d/secret", ""},
		{"content/in/n.md", ""},
		{"content/a/link.md", ""},
		{"content/a/up.md", ""},
		{"content/loop.md", ""},
		{"templates/base.html", ""},
		{"templates/partials/x.ht", ""},
		{"seeds/missing.txt", ""},
	}
	for _, tt := range tests {
		var data []byte
		var ok bool
		guard(t, "readFast("+tt.name+")", func() { data, ok = fsys.readFast(tt.name) })
		if ok != (tt.data != "") || string(data) != tt.data {
			t.Errorf("readFast(%s) = %q, %v; want %q, %v", tt.name, data, ok, tt.data, tt.data != "")
		}
	}
}
