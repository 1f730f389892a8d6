package render

import (
	"errors"
	"sync"
	"testing"

	"github.com/dossier-org/dossier/internal/corpus"
	"github.com/dossier-org/dossier/internal/site"
)

// discard is a Writer that keeps nothing.
type discard struct{}

func (discard) Write(string, []byte) error { return nil }

var benchSite = sync.OnceValues(func() (*site.Site, error) {
	s, diags := site.NewLoader().Load(corpus.Default(10, 20).FS())
	if diags.HasErrors() {
		return nil, errors.New(diags.String())
	}
	return s, nil
})

func loadBenchSite(b *testing.B) (*site.Site, *Theme) {
	b.Helper()
	s, err := benchSite()
	if err != nil {
		b.Fatal(err)
	}
	theme, diags := LoadTheme(nil, nil)
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	return s, theme
}

// BenchmarkAnnotate measures making the annotated view of a dossier of 20
// notes, the model of its article and of its notes' passages.
func BenchmarkAnnotate(b *testing.B) {
	s, _ := loadBenchSite(b)
	d := s.Dossiers[0]
	b.ReportAllocs()
	for b.Loop() {
		newDossierView(s.Scale, d, annotated)
	}
}

// BenchmarkDossierPage measures rendering the annotated article's page of
// a dossier of 20 notes from its view, the build's hot path.
func BenchmarkDossierPage(b *testing.B) {
	s, theme := loadBenchSite(b)
	v := newSiteView(s, nil)
	v.theme = theme
	dv := newDossierView(s.Scale, s.Dossiers[0], annotated)
	kind, p, err := v.dossierPage(dv, "index.html")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := theme.page(kind, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNotePage measures rendering a check's page, with its passage.
func BenchmarkNotePage(b *testing.B) {
	s, theme := loadBenchSite(b)
	v := newSiteView(s, nil)
	v.theme = theme
	dv := newDossierView(s.Scale, s.Dossiers[0], annotated)
	kind, p, err := v.dossierPage(dv, dv.Notes[0].File)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := theme.page(kind, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderSite measures rendering every file of a site of 10
// dossiers of 20 notes, without writing them.
func BenchmarkRenderSite(b *testing.B) {
	s, theme := loadBenchSite(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := theme.Site(s, discard{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPages measures rendering each page of a dossier of 20 notes,
// the embed pages too, from its views.
func BenchmarkPages(b *testing.B) {
	s, theme := loadBenchSite(b)
	v := newSiteView(s, nil)
	v.theme = theme
	d := s.Dossiers[0]
	dv := newDossierView(s.Scale, d, annotated)
	for _, name := range []string{"index.html", "claims.html", "sources.html", dv.Notes[0].File, "embed"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var kind string
				var p *Page
				var err error
				if name == "embed" {
					p, err = theme.embedPage(v, dv, dv.Notes[0])
					if p != nil {
						kind = p.Kind
					}
				} else {
					kind, p, err = theme.dossierPage(v, dv, name)
				}
				if err != nil {
					b.Fatal(err)
				}
				if _, err := theme.page(kind, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
