package seed

import (
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"
	"time"
)

func TestRevisionName(t *testing.T) {
	at := time.Date(2026, 11, 25, 15, 30, 7, 999, time.FixedZone("CET", 3600))
	name := RevisionName(at)
	if name != "20261125T143007Z" {
		t.Fatalf("RevisionName = %q", name)
	}
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"20261125T143007Z.txt", true},
		{"20261125T143007Z.warc.gz", true},
		{"20261125T143007Z", true},
		{"20261125T143007.txt", false},
		{"20261325T143007Z.txt", false}, // month 13
		{"2026-11-25T14:30:07Z.txt", false},
		{"20261125T143007Z.md", false},
		{"x20261125T143007Z.txt", false},
	} {
		got, ok := ParseRevisionName(tc.name)
		if ok != tc.ok || ok && !got.Equal(at.Truncate(time.Second)) {
			t.Errorf("ParseRevisionName(%q) = %v, %v", tc.name, got, ok)
		}
	}
}

func TestFind(t *testing.T) {
	fsys := fstest.MapFS{
		"seeds/single.txt":                        {Data: []byte("a\n")},
		"seeds/single.warc.gz":                    {Data: []byte("x")},
		"seeds/many/20261201T090000Z.txt":         {Data: []byte("c\n")},
		"seeds/many/20261125T153000Z.txt":         {Data: []byte("b\n")},
		"seeds/many/20261125T153000Z.warc.gz":     {Data: []byte("x")},
		"seeds/many/notes.md":                     {Data: []byte("x")},
		"seeds/many/.DS_Store":                    {Data: []byte("x")},
		"seeds/both.txt":                          {Data: []byte("a\n")},
		"seeds/both/20261125T153000Z.txt":         {Data: []byte("a\n")},
		"seeds/empty/readme":                      {Data: []byte("x")},
		"seeds/onlywarc/20261125T153000Z.warc.gz": {Data: []byte("x")},
	}
	p, revs, err := Find(fsys, "seeds", "single")
	if err != nil || p != "seeds/single.txt" || revs != nil {
		t.Errorf("single: %q %v %v", p, revs, err)
	}
	p, revs, err = Find(fsys, "seeds", "many")
	if err != nil || p != "seeds/many/20261125T153000Z.txt" || len(revs) != 2 || revs[1].Path != "seeds/many/20261201T090000Z.txt" {
		t.Errorf("many: %q %v %v", p, revs, err)
	}
	if _, ignored, _ := Revisions(fsys, "seeds/many"); len(ignored) != 1 || ignored[0] != "seeds/many/notes.md" {
		t.Errorf("ignored %v", ignored)
	}
	if _, _, err := Find(fsys, "seeds", "both"); !errors.Is(err, ErrBothForms) {
		t.Errorf("both: %v", err)
	}
	for _, slug := range []string{"empty", "onlywarc"} {
		if _, _, err := Find(fsys, "seeds", slug); !errors.Is(err, ErrNoRevision) {
			t.Errorf("%s: %v", slug, err)
		}
	}
	if _, _, err := Find(fsys, "seeds", "none"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("none: %v", err)
	}
}
