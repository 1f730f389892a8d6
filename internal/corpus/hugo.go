package corpus

import (
	"os"
	"path/filepath"
	"strings"
)

// hugoFiles is a minimal Hugo site that renders each note's title, body
// and sources, with code highlighted by CSS classes as dossier does.
var hugoFiles = map[string]string{
	"hugo.toml": `baseURL = "https://bench.example.org/"
title = "Benchmark corpus"
disableKinds = ["taxonomy", "term"]
[markup.highlight]
noClasses = false
[markup.goldmark.renderer]
unsafe = false
`,
	"layouts/_default/single.html": `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1>
{{ .Content }}
<ol>{{ range .Params.sources }}<li><a href="{{ .url }}">{{ .title }}</a>, {{ .publisher }}</li>{{ end }}</ol>
</body></html>
`,
	"layouts/_default/list.html": `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
`,
}

// WriteHugo writes the Hugo twin of the corpus under dir: the same notes as
// Hugo pages, one section per dossier.
func (c Config) WriteHugo(dir string) error {
	for name, data := range hugoFiles {
		if err := writeFile(filepath.Join(dir, name), []byte(data)); err != nil {
			return err
		}
	}
	for _, f := range c.Files() {
		if !strings.HasPrefix(f.Path, "content/") || strings.HasSuffix(f.Path, "/_index.md") {
			continue
		}
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}
