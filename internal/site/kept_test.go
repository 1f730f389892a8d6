package site

import (
	"bytes"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// keptStore is a Store in memory that can forget the values of a kind.
type keptStore struct {
	values map[string][]byte
	forget string
}

func (m *keptStore) Get(kind string, input []byte) ([]byte, bool) {
	if kind == m.forget {
		return nil, false
	}
	v, ok := m.values[kind+"\x00"+string(input)]
	return v, ok
}

func (m *keptStore) Put(kind string, input, value []byte) {
	m.values[kind+"\x00"+string(input)] = value
}

// notesHTML returns the HTML of every note of every dossier of s, by
// dossier and note.
func notesHTML(s *Site) map[string]string {
	html := map[string]string{}
	for _, d := range s.Dossiers {
		for _, n := range d.allNotes() {
			html[d.Slug+"/"+n.Name] = n.HTML
		}
	}
	return html
}

// TestKeptHTML checks that a dossier taken from the store has its notes'
// HTML only once LoadHTML is called, and then the very HTML loading it
// from its files gives: from the store, or, when the store has lost it,
// from its files again.
func TestKeptHTML(t *testing.T) {
	fsys := os.DirFS("../build/testdata/fixture")
	cold, diags := NewLoader().Load(fsys)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want := notesHTML(cold)
	if len(want) == 0 || want["sample/mayor"] == "" {
		t.Fatalf("the fixture's notes have no HTML: %v", want)
	}
	for _, forget := range []string{"", keptHTMLKind} {
		t.Run("forget "+forget, func(t *testing.T) {
			store := &keptStore{values: map[string][]byte{}}
			l := NewLoader()
			l.Kept, l.KeptKey = store, []byte("key")
			if _, diags := l.Load(fsys); diags.HasErrors() {
				t.Fatal(diags)
			}
			store.forget = forget
			s, _ := l.Load(fsys)
			for name, html := range notesHTML(s) {
				if html != "" {
					t.Errorf("%s: HTML %q before LoadHTML", name, html)
				}
			}
			for _, d := range s.Dossiers {
				if d.held == nil {
					t.Errorf("%s was not taken from the store", d.Slug)
				}
				if err := d.LoadHTML(); err != nil {
					t.Fatal(err)
				}
			}
			if got := notesHTML(s); !reflect.DeepEqual(got, want) {
				t.Errorf("HTML after LoadHTML:\n%v\nwant\n%v", got, want)
			}
		})
	}
}

func TestDecodeHTML(t *testing.T) {
	notes := []*Note{{HTML: "<p>a</p>"}, {HTML: ""}, {HTML: strings.Repeat("é", 200)}}
	b := encodeHTML(notes)
	html, ok := decodeHTML(b, len(notes))
	if !ok || len(html) != 3 || html[0] != notes[0].HTML || html[1] != "" || html[2] != notes[2].HTML {
		t.Fatalf("decodeHTML(encodeHTML) = %q, %t", html, ok)
	}
	for _, tt := range []struct {
		name string
		b    []byte
		n    int
	}{
		{"another number of notes", b, 2},
		{"truncated", b[:len(b)-1], 3},
		{"a byte too many", append(b[:len(b):len(b)], 0), 3},
		{"empty", nil, 0},
		{"a length past the end", []byte{1, 9, 'a'}, 1},
	} {
		if _, ok := decodeHTML(tt.b, tt.n); ok {
			t.Errorf("%s: decoded", tt.name)
		}
	}
}

// TestKeptGob checks that a kept dossier decodes as it was encoded, by
// decoders that read others before it, and that a damaged one is refused.
func TestKeptGob(t *testing.T) {
	s, diags := NewLoader().Load(os.DirFS("../build/testdata/fixture"))
	if diags.HasErrors() || len(s.Dossiers) == 0 {
		t.Fatal(diags)
	}
	var values [][]byte
	for _, d := range s.Dossiers {
		b, ok := encodeKept(keptDossier{d, diags})
		if !ok {
			t.Fatalf("%s: not encoded", d.Slug)
		}
		values = append(values, b)
	}
	for range 3 {
		for i, b := range values {
			k, ok := decodeKept(b)
			if !ok {
				t.Fatalf("%s: not decoded", s.Dossiers[i].Slug)
			}
			again, _ := encodeKept(k)
			if !bytes.Equal(again, b) {
				t.Errorf("%s: decoded and encoded again, it differs", s.Dossiers[i].Slug)
			}
		}
	}
	b := values[0]
	for _, damaged := range [][]byte{b[:len(b)/2], append(slices.Clone(b), 0), nil, append([]byte{0xff}, b...)} {
		if _, ok := decodeKept(damaged); ok {
			t.Errorf("a damaged value of %d bytes was decoded", len(damaged))
		}
	}
	if _, ok := decodeKept(b); !ok {
		t.Errorf("not decoded after damaged values")
	}
}
