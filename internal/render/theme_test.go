package render

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/diag"
)

// TestDiagnose turns the forms of text/template's and html/template's
// errors into diagnostics: the file named in the message, its line, and
// its column counted from 1 where the message counts from 0.
func TestDiagnose(t *testing.T) {
	theme, diags := LoadTheme(fstest.MapFS{
		"note.html":          {Data: []byte(`{{define "main"}}{{end}}`)},
		"sub/card.html":      {Data: []byte(`{{define "card"}}{{end}}`)},
		"sub/card.html.html": {Data: []byte(`{{define "card2"}}{{end}}`)},
	}, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, tt := range []struct {
		err  string
		file string
		want diag.Diagnostic
	}{
		{`template: note.html:12:0: executing "main" at <.X>: nope`, "note.html",
			diag.Diagnostic{Path: "templates/note.html", Line: 12, Col: 1, Message: `template: executing "main" at <.X>: nope`}},
		{`html/template:base.html:51:11: no such template "main"`, "note.html",
			diag.Diagnostic{Path: "(theme)/base.html", Line: 51, Col: 12, Message: `template: no such template "main"`}},
		{`template: note.html:3: unexpected "}" in operand`, "note.html",
			diag.Diagnostic{Path: "templates/note.html", Line: 3, Message: `template: unexpected "}" in operand`}},
		{`template: sub/card.html:4:2: executing "card" at <.X>: nope`, "note.html",
			diag.Diagnostic{Path: "templates/sub/card.html", Line: 4, Col: 3, Message: `template: executing "card" at <.X>: nope`}},
		{`template: sub/card.html.html:1:0: x`, "note.html",
			diag.Diagnostic{Path: "templates/sub/card.html.html", Line: 1, Col: 1, Message: `template: x`}},
		{`html/template: "note.html" is an incomplete or empty template`, "note.html",
			diag.Diagnostic{Path: "templates/note.html", Message: `template: "note.html" is an incomplete or empty template`}},
		{`template: other:1:2: x`, "home.html",
			diag.Diagnostic{Path: "(theme)/home.html", Message: `template: other:1:2: x`}},
		{`write: broken pipe`, "home.html",
			diag.Diagnostic{Path: "(theme)/home.html", Message: `template: write: broken pipe`}},
	} {
		if got := theme.diagnose(errors.New(tt.err), tt.file); got != tt.want {
			t.Errorf("%s:\ngot  %+v\nwant %+v", tt.err, got, tt.want)
		}
	}
}

// TestThemeFileLimit gives a theme one file more than it may hold: the
// file past the limit is an error, and nothing after it is used.
func TestThemeFileLimit(t *testing.T) {
	override := fstest.MapFS{}
	for i := range MaxThemeFiles + 1 {
		override[fmt.Sprintf("a/%04d.css", i)] = &fstest.MapFile{Data: []byte("p{}")}
	}
	theme, diags := LoadTheme(override, nil)
	want := fmt.Sprintf("templates/a/%04d.css", MaxThemeFiles)
	if len(diags) != 1 || diags[0].Path != want || !strings.Contains(diags[0].Message, "more than 1000 files") {
		t.Errorf("diagnostics %v, want one error at %s", diags, want)
	}
	if _, ok := theme.assets[AssetDir+"/"+want[len("templates/"):]]; ok {
		t.Errorf("the file past the limit is used")
	}
}

// BenchmarkLoadTheme measures loading the embedded theme, which the dev
// server does again after every save in templates/.
func BenchmarkLoadTheme(b *testing.B) {
	for b.Loop() {
		if _, diags := LoadTheme(nil, nil); len(diags) > 0 {
			b.Fatal(diags)
		}
	}
}
