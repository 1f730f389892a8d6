package render

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"weak"

	"github.com/dossier-org/dossier/internal/site"
)

// The search index is split so that a reader's search downloads a small
// part of it, as Pagefind's is: a manifest, the word shards and the entry
// chunks. Each is a script that files its data under a global
// (window.dossierSearch[name]) rather than a JSON file, because browsers
// refuse fetch() over file://, where a site opened from disk is read, while
// a script element loads over file:// and HTTP alike: one way of loading,
// tested both ways. json.Marshal escapes <, > and &, so no data can close
// a script element.
//
//   - assets/search-index.js, the manifest: the numbers of entries, shards
//     and entries per chunk, the number of a word's leading runes that
//     choose its shard, and on a site of several languages the language of
//     each run of entries. The search page loads it with the page.
//   - assets/search/w<i>.js, a word shard: every folded word whose first
//     searchKeyRunes runes hash (FNV-1a, 32 bits, of their UTF-8) to i
//     modulo the number of shards, in byte order, each with its entries.
//     A query's word is looked for in its shard alone, as a prefix of the
//     words there; a word shorter than the key finds itself only.
//   - assets/search/e<i>.js, an entry chunk: the entries numbered
//     i×searchChunk and on, with what a result shows. Only the chunks of
//     the results shown are loaded.
//
// A word's entries are a list of numbers, 2×entry + 1 where the word is in
// the note's title or quote and 2×entry where it is only in the rest (its
// text, verdict or dossier), in increasing order, each written as its
// difference from the one before: the search ranks the notes whose titles
// have the words first.
//
// The numbers of shards and chunks follow from the number of entries, the
// notes that are not withdrawn, so that Files lists the search's files
// without making them.
const (
	searchManifest = AssetDir + "/search-index.js"
	searchDir      = AssetDir + "/search/"
	// searchChunk is the number of entries in a chunk: a result shown
	// costs its chunk, so a small one.
	searchChunk = 16
	// searchKeyRunes is how many leading runes of a word choose its shard.
	searchKeyRunes = 2
	// searchNotesPerShard sets the number of shards: the least power of
	// two with no more than this many entries for each, up to
	// searchMaxShards.
	searchNotesPerShard = 64
	searchMaxShards     = 4096
)

// searchShards is the number of word shards of an index of n entries.
func searchShards(n int) int {
	shards := 1
	for shards < searchMaxShards && shards*searchNotesPerShard < n {
		shards *= 2
	}
	return shards
}

// searchChunks is the number of entry chunks of an index of n entries.
func searchChunks(n int) int { return (n + searchChunk - 1) / searchChunk }

// searchEntryCount is the number of entries of s's search index: its
// notes that are not withdrawn.
func searchEntryCount(s *site.Site) int {
	n := 0
	for _, d := range s.Dossiers {
		for _, note := range d.Notes {
			if note.Retracted == nil {
				n++
			}
		}
	}
	return n
}

// searchFiles lists the search's shards and chunks for an index of n
// entries, besides the manifest, which siteFiles lists.
func searchFiles(n int) []string {
	shards, chunks := searchShards(n), searchChunks(n)
	names := make([]string, 0, shards+chunks)
	for i := range shards {
		names = append(names, searchDir+"w"+strconv.Itoa(i)+".js")
	}
	for i := range chunks {
		names = append(names, searchDir+"e"+strconv.Itoa(i)+".js")
	}
	return names
}

// searchShard is the shard of a folded word, among shards: the FNV-1a
// hash of its first searchKeyRunes runes. The search's script computes the
// same (its shardOf).
func searchShard(word string, shards int) int {
	key := word
	for i, n := 0, 0; i < len(word); n++ {
		if n == searchKeyRunes {
			key = word[:i]
			break
		}
		_, size := utf8.DecodeRuneInString(word[i:])
		i += size
	}
	h := uint32(2166136261)
	for i := 0; i < len(key); i++ {
		h ^= uint32(key[i])
		h *= 16777619
	}
	return int(h % uint32(shards))
}

// searchEntry is what a search result shows of a note. The keys are short
// because readers download the entries of the results they see. A remark
// has no verdict, and says so in R.
type searchEntry struct {
	URL      string `json:"u"`
	Title    string `json:"t"`
	Verdict  string `json:"v,omitempty"`
	Key      string `json:"k,omitempty"`
	Remark   bool   `json:"r,omitempty"`
	Quote    string `json:"q"`
	Dossier  string `json:"d"`
	Language string `json:"l,omitempty"` // on a multilingual site only
}

// searchEntries returns the dossier's part of the search index, as
// indexPart makes it of four lines for each note: its language on a
// multilingual site (else empty), the entry as JSON, the folded words of
// its title and quote, and the folded words of the rest that is searched
// (its verdict, its dossier's title and its text).
func (v *SiteView) searchEntries(d *DossierView) []byte {
	var b bytes.Buffer
	for _, n := range d.all {
		if n.Retracted != nil {
			continue // withdrawn: found at its address, not by search
		}
		e := searchEntry{d.Slug + "/" + n.File, n.Title, n.Rating.Label, n.Rating.Key, n.IsRemark(), n.Quote, d.Title, ""}
		if v.Multilingual() {
			e.Language = d.Language
		}
		data, _ := json.Marshal(e)
		b.WriteString(e.Language)
		b.WriteByte('\n')
		b.Write(data)
		b.WriteByte('\n')
		b.WriteString(searchText(n.Title, n.Quote))
		b.WriteByte('\n')
		b.WriteString(searchText(n.Rating.Label, d.Title))
		b.WriteByte(' ')
		// The view is made while the dossier's notes' HTML is held (see
		// Renderer.Site), so its html is the note's.
		b.WriteString(foldWords(searchWords(string(n.html))))
		b.WriteByte('\n')
	}
	return indexPart(b.Bytes())
}

// indexPart indexes the entries of one dossier, given as four lines each
// (see searchEntries), for searchIndex, which only has to put the
// dossiers' indexes together: so a build that takes a dossier's part from
// the previous one does not read its words again. The part holds, each as
// a uvarint and a length before bytes: the number of entries; for each,
// its language and its JSON; the number of words; for each word, in the
// order they first come, the word, the number of its postings and each
// posting, 2 × the entry's place in the dossier, plus 1 when the entry's
// title or quote has the word. A word has each entry once, as a title's
// when it is in the title.
func indexPart(lines []byte) []byte {
	var (
		entries  [][2][]byte
		index    = map[string]int{}
		words    []string
		postings [][]uint32
	)
	for p := lines; len(p) > 0; {
		var lang, meta, title, rest []byte
		lang, p, _ = bytes.Cut(p, []byte{'\n'})
		meta, p, _ = bytes.Cut(p, []byte{'\n'})
		title, p, _ = bytes.Cut(p, []byte{'\n'})
		rest, p, _ = bytes.Cut(p, []byte{'\n'})
		id := uint32(len(entries))
		entries = append(entries, [2][]byte{lang, meta})
		add := func(w string, inTitle uint32) {
			if !strings.ContainsFunc(w, isWordRune) {
				return // a dash or a mark alone is no word
			}
			i, ok := index[w]
			if !ok {
				i = len(words)
				index[w] = i
				words = append(words, w)
				postings = append(postings, nil)
			}
			if l := postings[i]; len(l) > 0 && l[len(l)-1]>>1 == id {
				return // in the title already, or said twice
			}
			postings[i] = append(postings[i], 2*id+inTitle)
		}
		text := func(text []byte, inTitle uint32) {
			for w := range strings.FieldsSeq(string(text)) {
				add(w, inTitle)
				for _, stem := range stems(w) {
					add(stem, inTitle)
				}
			}
		}
		text(title, 1)
		text(rest, 0)
	}
	b := make([]byte, 0, len(lines)/2)
	b = binary.AppendUvarint(b, uint64(len(entries)))
	for _, e := range entries {
		for _, part := range e {
			b = binary.AppendUvarint(b, uint64(len(part)))
			b = append(b, part...)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(words)))
	for i, w := range words {
		b = binary.AppendUvarint(b, uint64(len(w)))
		b = append(b, w...)
		b = binary.AppendUvarint(b, uint64(len(postings[i])))
		for _, x := range postings[i] {
			b = binary.AppendUvarint(b, uint64(x))
		}
	}
	return b
}

// errSearchPart is the error of a dossier's part of the search index that
// is not as indexPart makes it: a bug.
var errSearchPart = errors.New("a dossier's part of the search index is damaged")

// searchIndex makes every file of the search index from the dossiers'
// parts (searchEntries), by name. entries is the number of entries Files
// counted; parts that hold another number are a bug, reported as an error.
func searchIndex(parts partList, entries int) (map[string][]byte, error) {
	var (
		metas    [][]byte
		index    = map[string]int{} // by word, its place in words
		words    []string
		postings [][]uint32 // by word's place
		langs    []byte
		lastLang = "\x00"
	)
	bad := false
	err := parts.each(func(_ int, p []byte) {
		uvarint := func() uint64 {
			n, size := binary.Uvarint(p)
			if size <= 0 {
				bad, p = true, nil
				return 0
			}
			p = p[size:]
			return n
		}
		field := func() []byte {
			n := uvarint()
			if n > uint64(len(p)) {
				bad, p = true, nil
				return nil
			}
			f := p[:n:n]
			p = p[n:]
			return f
		}
		if bad {
			return
		}
		base := uint32(len(metas))
		for n := uvarint(); n > 0 && !bad; n-- {
			lang, meta := field(), field()
			id := uint32(len(metas))
			metas = append(metas, bytes.Clone(meta)) // not the whole part
			if string(lang) != lastLang && len(lang) > 0 {
				if langs != nil {
					langs = append(langs, ',')
				}
				langs = fmt.Appendf(langs, "[%d,", id)
				langs, _ = appendJSON(langs, string(lang))
				langs = append(langs, ']')
				lastLang = string(lang)
			}
		}
		end := uint32(len(metas))
		for n := uvarint(); n > 0 && !bad; n-- {
			w := field()
			i, ok := index[string(w)]
			if !ok {
				i = len(words)
				index[string(w)] = i
				words = append(words, string(w))
				postings = append(postings, nil)
			}
			l := postings[i]
			for n := uvarint(); n > 0 && !bad; n-- {
				x := uvarint()
				if x >= 2*uint64(end-base) {
					bad = true
				}
				l = append(l, 2*base+uint32(x))
			}
			postings[i] = l
		}
		if len(p) > 0 {
			bad = true
		}
	})
	if err != nil {
		return nil, err
	}
	if bad {
		return nil, errSearchPart
	}
	if len(metas) != entries {
		return nil, fmt.Errorf("%s: %d entries, where %d were counted", searchManifest, len(metas), entries)
	}
	shards := searchShards(entries)
	files := make(map[string][]byte, shards+searchChunks(entries)+1)

	// The manifest.
	m := fmt.Appendf(nil, "// Generated by dossier build: the search index's manifest (see assets/search/).\n"+
		"(self.dossierSearch||(self.dossierSearch={})).index={\"n\":%d,\"s\":%d,\"c\":%d,\"k\":%d", entries, shards, searchChunk, searchKeyRunes)
	if langs != nil {
		m = append(m, `,"l":[`...)
		m = append(m, langs...)
		m = append(m, ']')
	}
	files[searchManifest] = append(m, "};\n"...)

	// The word shards.
	buckets := make([][]string, shards)
	for _, w := range words {
		i := searchShard(w, shards)
		buckets[i] = append(buckets[i], w)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, words := range buckets {
		wg.Go(func() {
			slices.Sort(words)
			name := "w" + strconv.Itoa(i)
			b := make([]byte, 0, 64+16*len(words))
			b = fmt.Appendf(b, "(self.dossierSearch||(self.dossierSearch={})).%s={\"w\":[", name)
			for j, w := range words {
				if j > 0 {
					b = append(b, ',')
				}
				b, _ = appendJSON(b, w)
			}
			b = append(b, `],"p":[`...)
			for j, w := range words {
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, '[')
				last := uint32(0)
				for k, x := range postings[index[w]] {
					if k > 0 {
						b = append(b, ',')
					}
					b = strconv.AppendUint(b, uint64(x-last), 10)
					last = x
				}
				b = append(b, ']')
			}
			b = append(b, "]};\n"...)
			mu.Lock()
			files[searchDir+name+".js"] = b
			mu.Unlock()
		})
	}
	wg.Wait()

	// The entry chunks.
	for i := 0; i*searchChunk < len(metas); i++ {
		name := "e" + strconv.Itoa(i)
		b := fmt.Appendf(nil, "(self.dossierSearch||(self.dossierSearch={})).%s=[", name)
		for j, meta := range metas[i*searchChunk : min(len(metas), (i+1)*searchChunk)] {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, meta...)
		}
		files[searchDir+name+".js"] = append(b, "];\n"...)
	}
	return files, nil
}

// appendJSON appends s as a JSON string.
func appendJSON(b []byte, s string) ([]byte, error) {
	data, err := json.Marshal(s)
	return append(b, data...), err
}

// searchOutput makes the search's files once for all of them: they are
// asked for one by one, as the site's files are, but made together.
// Once set, each file is handed out once and dropped, as a build asks for
// each once; otherwise the files are kept only as long as the garbage
// collector leaves them, as a dev server asks for a few at a time, any
// number of times, and rebuilds them when they are gone.
type searchOutput struct {
	make func() (map[string][]byte, error)
	once bool

	mu    sync.Mutex
	files map[string][]byte          // when once
	weak  weak.Pointer[searchResult] // otherwise
}

type searchResult struct{ files map[string][]byte }

// file returns the search's file name.
func (s *searchOutput) file(name string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.once {
		if s.files == nil {
			files, err := s.make()
			if err != nil {
				return nil, err
			}
			s.files = files
		}
		data, ok := s.files[name]
		if !ok {
			return nil, fmt.Errorf("%s: not made, or made already", name)
		}
		delete(s.files, name)
		return data, nil
	}
	r := s.weak.Value()
	if r == nil {
		files, err := s.make()
		if err != nil {
			return nil, err
		}
		r = &searchResult{files}
		s.weak = weak.Make(r)
	}
	data, ok := r.files[name]
	if !ok {
		return nil, fmt.Errorf("%s: not made", name)
	}
	return data, nil
}

// isWordRune reports whether r makes a run of text a word: a letter or a
// digit.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// stems returns the other forms a folded word is found by, as the search
// matches the beginnings of words: the word after an elided article or
// pronoun ("l'assemblee" → "assemblee", "d'etat" → "etat"), and an Arabic
// word without its article (arabicStem).
func stems(w string) []string {
	var out []string
	if i := strings.LastIndexByte(w, '\''); i >= 0 {
		if rest := w[i+1:]; utf8.RuneCountInString(rest) >= 2 {
			out = append(out, rest)
		}
	}
	if stem, ok := arabicStem(w); ok {
		out = append(out, stem)
	}
	return out
}

// arabicPrefixes are the definite article and the article after the
// conjunctions and prepositions written joined to it (wa-, bi-, fa-, ka-,
// li-), longest first, as the folding writes them.
var arabicPrefixes = []string{"وال", "بال", "فال", "كال", "لل", "ال"}

// arabicStem returns w, a folded word, without the article joined to its
// front ("المحضر" → "محضر"), when what is left has two letters or more:
// the index holds both, so that a reader who types the word without the
// article, as a search box invites, finds the notes that have it with one,
// as the search's matching of a word's beginning could not.
func arabicStem(w string) (string, bool) {
	for _, p := range arabicPrefixes {
		if rest, ok := strings.CutPrefix(w, p); ok && utf8.RuneCountInString(rest) >= 2 {
			return rest, true
		}
	}
	return "", false
}
