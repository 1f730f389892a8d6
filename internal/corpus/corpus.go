// Package corpus generates synthetic source trees for benchmarks: N
// dossiers of M notes each, with article-sized seeds and notes shaped like
// real ones (about 400 words of analysis, a table, a footnote, two sources,
// and in one note of five a fenced code block). The same parameters always
// give the same bytes, so figures from different runs and machines compare.
//
// Every note's text differs from every other's, code blocks included, so
// that no cache can share work between notes: a benchmark measures the
// work a real site of that size would cost.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing/fstest"
)

// Config sizes a corpus.
type Config struct {
	Dossiers int
	Notes    int // notes per dossier
	// SeedWords is the approximate length of each article.
	SeedWords int
	// NoteWords is the approximate length of each analysis.
	NoteWords int
}

// Default is the corpus shape the benchmarks use, scaled by the number of
// dossiers and notes.
func Default(dossiers, notes int) Config {
	return Config{Dossiers: dossiers, Notes: notes, SeedWords: 1500, NoteWords: 400}
}

// words is a vocabulary of plain news English.
var words = strings.Fields(`the council government officials report said according to minister
agency investigators evidence public budget million percent year month week city region country
national election vote court judge law policy security police military border trade market economy
company workers union hospital school teachers students health water energy oil gas climate
weather flood drought farmers prices inflation tax spending debt bank loan interest rate
growth data survey study researchers university scientists program project plan proposal
statement spokesman press conference interview documents records emails messages phone calls
travel meeting talks negotiations agreement deal sanctions embassy diplomats allies partners
opposition party leader president prime minister parliament committee hearing testimony
witness suspect arrest charges trial sentence appeal prison release protest march crowd
rally speech campaign donors advertising media newspaper television radio website online
social network platform users accounts posts video images claims rumours analysis experts`)

// File is one generated file.
type File struct {
	Path string
	Data []byte
}

// Files returns every file of the corpus in a fixed order.
func (c Config) Files() []File {
	files := []File{{"content/_index.md", []byte("---\ntitle: \"Benchmark corpus\"\nbaseURL: \"https://bench.example.org/\"\n---\nA generated corpus.\n")}}
	for d := range c.Dossiers {
		g := &gen{r: rand.New(rand.NewPCG(uint64(d), 0x5eed))}
		slug := fmt.Sprintf("d%04d", d)
		seed, quotes := g.seed(d, c.SeedWords, c.Notes)
		files = append(files,
			File{"seeds/" + slug + ".txt", []byte(seed)},
			File{"content/" + slug + "/_index.md", []byte(fmt.Sprintf(
				"---\nheadline: \"Generated article %d\"\npublisher: \"Example Daily\"\nurl: \"https://news.example.com/%s\"\npublished: 2024-%02d-%02d\n---\nAn introduction to dossier %d.\n",
				d, slug, 1+d%12, 1+d%28, d))})
		for n := range c.Notes {
			files = append(files, File{fmt.Sprintf("content/%s/n%03d.md", slug, n), []byte(g.note(d, n, quotes[n], c.NoteWords))})
		}
	}
	return files
}

// FS returns the corpus as an in-memory file system.
func (c Config) FS() fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, f := range c.Files() {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return fsys
}

// Write writes the corpus under dir.
func (c Config) Write(dir string) error {
	for _, f := range c.Files() {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data); err != nil {
			return err
		}
	}
	return nil
}

type gen struct{ r *rand.Rand }

func (g *gen) word() string { return words[g.r.IntN(len(words))] }

func (g *gen) sentence(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = g.word()
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ") + "."
}

// seed writes an article of about n words in paragraphs, and returns one
// quotable sentence per note. Each quoted sentence carries a reference
// number, which makes it unique in the article.
func (g *gen) seed(d, n, notes int) (string, []string) {
	var b strings.Builder
	fmt.Fprintf(&b, "© 2024 Example Daily. All rights reserved.\nGenerated article %d\n\n", d)
	sentences := max(n/15, notes)
	every := sentences / max(notes, 1)
	var quotes []string
	for i := range sentences {
		s := g.sentence(12 + g.r.IntN(6))
		if i%every == 0 && len(quotes) < notes {
			s = strings.TrimSuffix(s, ".") + fmt.Sprintf(", officials said in statement %d-%d.", d, len(quotes))
			quotes = append(quotes, s)
		}
		b.WriteString(s)
		if i%5 == 4 {
			b.WriteString("\n\n")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String(), quotes
}

var verdicts = []string{"accurate", "mostly-accurate", "missing-context", "misleading", "inaccurate", "unsupported", "opinion"}

func (g *gen) note(d, n int, quote string, words int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: \"Finding %d of dossier %d: %s\"\nquote: %q\nverdict: %s\nclaimant: \"Example Daily\"\nauthor: \"Benchmark Desk\"\ndate: 2024-%02d-%02d\n",
		n, d, strings.TrimSuffix(g.sentence(6), "."), quote, verdicts[g.r.IntN(len(verdicts))], 1+n%12, 1+d%28)
	b.WriteString("sources:\n")
	for s := range 2 {
		fmt.Fprintf(&b, "  - title: \"Source %d for note %d-%d\"\n    url: \"https://records.example.org/%d/%d/%d\"\n    publisher: \"Records Office\"\n    date: 2024-01-%02d\n    quote: \"%s\"\n",
			s, d, n, d, n, s, 1+s, strings.TrimSuffix(g.sentence(5), "."))
	}
	b.WriteString("---\n")
	per := words / 4
	for p := range 4 {
		for b.Len() > 0 && per > 0 {
			b.WriteString(g.sentence(10 + g.r.IntN(8)))
			b.WriteByte(' ')
			per -= 14
		}
		per = words / 4
		if p == 0 {
			b.WriteString("This is what the record shows.[^1]")
		}
		b.WriteString("\n\n")
		if p == 1 {
			fmt.Fprintf(&b, "| Year | Figure | Change |\n|---|---:|---:|\n| 2022 | %d | — |\n| 2023 | %d | %+d |\n\n", 100+n, 110+d%50, 10+d%50-n)
		}
		if p == 2 && n%5 == 0 {
			fmt.Fprintf(&b, "```python\ndef check_%d_%d(records):\n    total = sum(r.value for r in records if r.year == %d)\n    return total / %d  # dossier %d note %d\n```\n\n", d, n, 2000+n, n+1, d, n)
		}
	}
	fmt.Fprintf(&b, "[^1]: Records office, file %d-%d.\n", d, n)
	return b.String()
}
