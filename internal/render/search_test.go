package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strings"
	"testing"
)

// decodedSearch is a search index read back as the search's script reads it.
type decodedSearch struct {
	manifest struct {
		N, S, C, K int
		L          [][2]any
	}
	// words maps each word to its entries, 2×entry+1 when in the title.
	words   map[string][]int
	entries []searchEntry
}

// searchData returns the data a file of the search index files, the JSON
// after its assignment.
func searchData(t *testing.T, name string, file []byte) []byte {
	t.Helper()
	_, data, ok := bytes.Cut(file, []byte(")).")) // after (self.dossierSearch||(...))
	if ok {
		_, data, ok = bytes.Cut(data, []byte("="))
	}
	data, found := bytes.CutSuffix(data, []byte(";\n"))
	if !ok || !found {
		t.Fatalf("%s is not one assignment:\n%s", name, file)
	}
	return data
}

// decodeSearch reads the search index in files, checking its form.
func decodeSearch(t *testing.T, files map[string][]byte) *decodedSearch {
	t.Helper()
	d := &decodedSearch{words: map[string][]int{}}
	manifest, ok := files[searchManifest]
	if !ok {
		t.Fatalf("no %s", searchManifest)
	}
	if err := json.Unmarshal(searchData(t, searchManifest, manifest), &d.manifest); err != nil {
		t.Fatalf("%s: %v", searchManifest, err)
	}
	m := d.manifest
	if m.S != searchShards(m.N) || m.C != searchChunk || m.K != searchKeyRunes {
		t.Fatalf("manifest %+v", m)
	}
	for i := range m.S {
		name := fmt.Sprintf("%sw%d.js", searchDir, i)
		var shard struct {
			W []string
			P [][]int
		}
		if err := json.Unmarshal(searchData(t, name, files[name]), &shard); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(shard.W) != len(shard.P) || !slices.IsSorted(shard.W) {
			t.Errorf("%s: %d words, %d lists, or out of order", name, len(shard.W), len(shard.P))
		}
		for j, w := range shard.W {
			if got := searchShard(w, m.S); got != i {
				t.Errorf("%s has %q, of shard %d", name, w, got)
			}
			v, last := 0, -1
			for k, delta := range shard.P[j] {
				if v += delta; delta < 0 || k > 0 && (delta == 0 || v>>1 <= last) {
					t.Errorf("%s: %q: entries out of order: %v", name, w, shard.P[j])
				}
				last = v >> 1
				if v>>1 >= m.N {
					t.Errorf("%s: %q: entry %d of %d", name, w, v>>1, m.N)
				}
				d.words[w] = append(d.words[w], v)
			}
		}
	}
	for i := range searchChunks(m.N) {
		name := fmt.Sprintf("%se%d.js", searchDir, i)
		var chunk []searchEntry
		if err := json.Unmarshal(searchData(t, name, files[name]), &chunk); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want := min(searchChunk, m.N-i*searchChunk); len(chunk) != want {
			t.Errorf("%s: %d entries, want %d", name, len(chunk), want)
		}
		d.entries = append(d.entries, chunk...)
	}
	return d
}

// find returns the URLs of the entries that have the folded word, and of
// those that have it in the title.
func (d *decodedSearch) find(word string) (all, title []string) {
	for _, v := range d.words[word] {
		all = append(all, d.entries[v>>1].URL)
		if v&1 == 1 {
			title = append(title, d.entries[v>>1].URL)
		}
	}
	return all, title
}

// TestSearchShard checks that a word's shard is the FNV-1a hash of its
// first searchKeyRunes runes, as the script computes it.
func TestSearchShard(t *testing.T) {
	for _, c := range []struct{ word, key string }{
		{"budget", "bu"},
		{"a", "a"},
		{"ميليارد", "مي"},
		{"été", "ét"},
		{"𝟎x", "𝟎x"},
		{"日本語", "日本"},
	} {
		h := fnv.New32a()
		h.Write([]byte(c.key))
		for _, shards := range []int{1, 2, 256, 4096} {
			if got, want := searchShard(c.word, shards), int(h.Sum32()%uint32(shards)); got != want {
				t.Errorf("searchShard(%q, %d) = %d, want %d (the hash of %q)", c.word, shards, got, want, c.key)
			}
		}
	}
}

// TestSearchSizes checks the numbers of shards and chunks, which Files
// computes from the number of notes alone.
func TestSearchSizes(t *testing.T) {
	for _, c := range []struct{ entries, shards, chunks int }{
		{0, 1, 0},
		{1, 1, 1},
		{64, 1, 4},
		{65, 2, 5},
		{10000, 256, 625},
		{40000, 1024, 2500},
		{1 << 30, searchMaxShards, 1 << 26},
	} {
		if s, ch := searchShards(c.entries), searchChunks(c.entries); s != c.shards || ch != c.chunks {
			t.Errorf("%d entries: %d shards, %d chunks; want %d, %d", c.entries, s, ch, c.shards, c.chunks)
		}
		if c.entries < 100000 {
			if n := len(searchFiles(c.entries)); n != c.shards+c.chunks {
				t.Errorf("%d entries: %d files", c.entries, n)
			}
		}
	}
}

// TestSearchIndex builds an index from parts and reads it back: every
// word of each entry finds it, in its title or not, each entry once, and
// the manifest has the runs of languages.
func TestSearchIndex(t *testing.T) {
	var parts [][]byte
	var want []string
	for d := range 3 {
		var b bytes.Buffer
		for n := range 30 {
			url := fmt.Sprintf("d%d/n%d.html", d, n)
			want = append(want, url)
			e, _ := json.Marshal(searchEntry{URL: url, Title: "T", Quote: "Q", Dossier: "D", Language: []string{"en", "fr", "fr"}[d]})
			fmt.Fprintf(&b, "%s\n%s\ntitre%d commun budget\ncommun texte%d budget verdict\n", []string{"en", "fr", "fr"}[d], e, n, n%7)
		}
		parts = append(parts, indexPart(b.Bytes()))
	}
	files, err := searchIndex(partsOf(parts), len(want))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1+len(searchFiles(len(want))) {
		t.Errorf("%d files, want %d", len(files), 1+len(searchFiles(len(want))))
	}
	for _, name := range searchFiles(len(want)) {
		if files[name] == nil {
			t.Errorf("no %s", name)
		}
	}
	d := decodeSearch(t, files)
	if got := d.manifest.L; fmt.Sprint(got) != "[[0 en] [30 fr]]" {
		t.Errorf("the manifest's languages: %v", got)
	}
	var urls []string
	for _, e := range d.entries {
		urls = append(urls, e.URL)
	}
	if !slices.Equal(urls, want) {
		t.Errorf("entries %v, want %v", urls, want)
	}
	for _, c := range []struct {
		word         string
		all, inTitle int
	}{
		{"commun", 90, 90}, // in the title and the text: once, as a title's
		{"budget", 90, 90},
		{"verdict", 90, 0},
		{"titre3", 3, 3},
		{"texte3", 12, 0}, // n%7 == 3: n = 3, 10, 17, 24 in each dossier
		{"absent", 0, 0},
	} {
		all, title := d.find(c.word)
		if len(all) != c.all || len(title) != c.inTitle {
			t.Errorf("%q: %d entries, %d by title; want %d, %d", c.word, len(all), len(title), c.all, c.inTitle)
		}
	}

	if _, err := searchIndex(partsOf(parts), len(want)+1); err == nil || !strings.Contains(err.Error(), "counted") {
		t.Errorf("a miscount: %v", err)
	}
	again, _ := searchIndex(partsOf(parts), len(want))
	for name, data := range files {
		if !bytes.Equal(again[name], data) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// searchBundle is every file of the search index in files, in one text,
// for tests that look for what a search could find.
func searchBundle(files map[string]string) string {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if name == searchManifest || strings.HasPrefix(name, searchDir) {
			b.WriteString(files[name])
		}
	}
	return b.String()
}

// BenchmarkSearchIndex assembles the index of 10,000 notes shaped as the
// benchmark corpus's (internal/corpus): some 230 words of a shared
// vocabulary and a few of their own each, in 500 dossiers, from the
// dossiers' parts already indexed (indexPart), as a build does.
func BenchmarkSearchIndex(b *testing.B) {
	var vocab []string
	for i := range 230 {
		vocab = append(vocab, fmt.Sprintf("word%d", i))
	}
	var parts [][]byte
	for d := range 500 {
		var p bytes.Buffer
		for n := range 20 {
			e, _ := json.Marshal(searchEntry{URL: fmt.Sprintf("d%04d/n%03d.html", d, n), Title: "A title", Quote: "A quote", Dossier: "A dossier"})
			fmt.Fprintf(&p, "\n%s\n%s %s\n%s own%d-%d other%d-%d\n", e, vocab[n], vocab[d%230], strings.Join(vocab[(d+n)%20:], " "), d, n, d, n)
		}
		parts = append(parts, indexPart(p.Bytes()))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := searchIndex(partsOf(parts), 10000); err != nil {
			b.Fatal(err)
		}
	}
}

// wordCase is a folded word and whether an index of one note has it, and
// has it by the note's title.
type wordCase struct {
	word           string
	found, inTitle bool
}

// checkOneNote indexes one note of the folded words of title and text and
// checks each case against it.
func checkOneNote(t *testing.T, title, text string, cases []wordCase) {
	t.Helper()
	e, _ := json.Marshal(searchEntry{URL: "a/n.html", Title: "T", Quote: "Q", Dossier: "D"})
	files, err := searchIndex(partsOf([][]byte{indexPart(fmt.Appendf(nil, "\n%s\n%s\n%s\n", e, title, text))}), 1)
	if err != nil {
		t.Fatal(err)
	}
	d := decodeSearch(t, files)
	for _, c := range cases {
		all, inTitle := d.find(c.word)
		if (len(all) > 0) != c.found || (len(inTitle) > 0) != c.inTitle {
			t.Errorf("%q: found %v, by title %v; want %v, %v", c.word, all, inTitle, c.found, c.inTitle)
		}
	}
}

// TestSearchArabicArticle checks that an Arabic word written with the
// article, alone or joined to a conjunction or preposition, is found by
// the word without it, and still by the word as written.
func TestSearchArabicArticle(t *testing.T) {
	checkOneNote(t, "المحضر", "والمجلس بالميزانية للبلدية ال في", []wordCase{
		{"المحضر", true, true},
		{"محضر", true, true}, // the title's stem is the title's
		{"مجلس", true, false},
		{"والمجلس", true, false},
		{"ميزانية", true, false},
		{"بلدية", true, false},
		{"في", true, false},
		{"ال", true, false}, // the article alone is a word, not a prefix
	})
	if stem, ok := arabicStem("الم"); ok {
		t.Errorf("a stem of one letter: %q", stem)
	}
}

// TestSearchElision checks that a word after an elided article or pronoun
// is found by itself, in a title and in a note's text, whichever
// apostrophe it was typed with, and that a dash or a mark alone is no word.
func TestSearchElision(t *testing.T) {
	checkOneNote(t, searchText("Qu’en dit l'Élysée"), foldWords(searchWords("<p>Le vote de l’Assemblée — don’t d'État \ufe0e -</p>")), []wordCase{
		{"elysee", true, true},
		{"l'elysee", true, true},
		{"qu'en", true, true},
		{"en", true, true},
		{"assemblee", true, false},
		{"l'assemblee", true, false},
		{"don't", true, false}, // one word, as a query folds it
		{"etat", true, false},
		{"t", false, false}, // a letter after an apostrophe is no word of its own
		{"-", false, false},
		{"\ufe0e", false, false},
	})
}

// TestSearchIndexDamagedPart checks that a part that is not as indexPart
// makes it is refused, not read as some other index.
func TestSearchIndexDamagedPart(t *testing.T) {
	e, _ := json.Marshal(searchEntry{URL: "a/n.html", Title: "T", Quote: "Q", Dossier: "D"})
	part := indexPart(fmt.Appendf(nil, "\n%s\nbudget titre\ntexte\n\n%s\ncommun\nautre\n", e, e))
	if _, err := searchIndex(partsOf([][]byte{part}), 2); err != nil {
		t.Fatal(err)
	}
	// The last posting is that of "autre", by the second entry: 2 × 1.
	if part[len(part)-1] != 2 {
		t.Fatalf("the part ends with %d, want the posting 2", part[len(part)-1])
	}
	beyond := slices.Clone(part)
	beyond[len(beyond)-1] = 4 // the third entry of a dossier of two
	for _, tt := range []struct {
		name string
		part []byte
	}{
		{"truncated", part[:len(part)-1]},
		{"a byte too many", append(slices.Clone(part), 0)},
		{"a posting beyond the dossier", beyond},
		{"a length past the end", []byte{1, 0, 9, 'x'}},
	} {
		if _, err := searchIndex(partsOf([][]byte{tt.part}), 2); !errors.Is(err, errSearchPart) {
			t.Errorf("%s: %v, want %v", tt.name, err, errSearchPart)
		}
	}
}
