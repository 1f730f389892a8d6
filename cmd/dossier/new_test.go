package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewName checks --name: a second note on the same quote gets the name
// given, a bad name is refused before anything is read or written, and a
// named note is never overwritten.
func TestNewName(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../internal/build/testdata/fixture", dir)
	today = func() string { return "2026-01-02" }
	quote := "Opponents — including three former librarians"
	if code, _, errs := dossier("new", "-s", dir, "sample", quote); code != 0 {
		t.Fatalf("first note: %d %s", code, errs)
	}
	first, _ := os.ReadFile(filepath.Join(dir, "content", "sample", "opponents-including-three-former-librarians.md"))
	code, out, errs := dossier("new", "-s", dir, "sample", quote)
	if code != 0 || out != "wrote content/sample/opponents-including-three-former-librarians-2.md: fill in the title, verdict and sources\n" {
		t.Errorf("second note without --name: %d %s%s", code, out, errs)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "content", "sample", "opponents-including-three-former-librarians.md")); string(again) != string(first) {
		t.Errorf("the first note changed:\n%s", again)
	}
	code, out, errs = dossier("new", "-s", dir, "sample", "--name", "librarians-2", quote)
	if code != 0 || out != "wrote content/sample/librarians-2.md: fill in the title, verdict and sources\n" {
		t.Fatalf("--name: %d %s%s", code, out, errs)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "content", "sample", "librarians-2.md")); err != nil || !strings.Contains(string(data), "quote: \"Opponents — including") {
		t.Errorf("named note: %v\n%s", err, data)
	}
	if code, _, errs := dossier("new", "-s", dir, "sample", "--name", "librarians-2.md", quote); code != 1 || !strings.Contains(errs, "content/sample/librarians-2.md already exists; not overwriting it") {
		t.Errorf("--name of an existing note: %d %s", code, errs)
	}
	for _, tc := range []struct{ name, want string }{
		{"Vote", `dossier new: --name "Vote" makes a poor web address: use lower-case letters, digits and hyphens` + "\n"},
		{"../escape", `dossier new: --name "../escape" makes a poor web address: use lower-case letters, digits and hyphens` + "\n"},
		{"a/b", `dossier new: --name "a/b" makes a poor web address: use lower-case letters, digits and hyphens` + "\n"},
		{"-x", `dossier new: --name "-x" makes a poor web address: use lower-case letters, digits and hyphens` + "\n"},
		{"bad\x1b[31m", `dossier new: --name "bad\x1b[31m" makes a poor web address: use lower-case letters, digits and hyphens` + "\n"},
		{"claims", `dossier new: --name "claims" is taken by a page of the dossier` + "\n"},
		{"index.md", `dossier new: --name "index.md" is taken by a page of the dossier` + "\n"},
	} {
		code, out, errs := dossier("new", "-s", dir, "sample", "--name", tc.name, quote)
		if code != 2 || out != "" || errs != tc.want {
			t.Errorf("--name %q: exit %d, stdout %q, stderr %q; want 2 and %q", tc.name, code, out, errs, tc.want)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "content", "sample"))
	if len(entries) != 11 { // _index.md, 7 notes of the fixture, 3 new
		t.Errorf("%d files in content/sample after the refusals, want 11", len(entries))
	}
}

// TestNewStartsDossierIndex checks that new writes the dossier's _index.md
// when it is missing, with the seed's headline and the article's details to
// fill, says so, and leaves one that exists alone.
func TestNewStartsDossierIndex(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../internal/build/testdata/fixture", dir)
	today = func() string { return "2026-01-02" }
	index := filepath.Join(dir, "content", "sample", "_index.md")
	before, _ := os.ReadFile(index)
	if code, out, errs := dossier("new", "-s", dir, "sample", "a mistake"); code != 0 || strings.Contains(out, "_index.md") {
		t.Fatalf("with an _index.md: %d %s%s", code, out, errs)
	}
	if after, _ := os.ReadFile(index); string(after) != string(before) {
		t.Errorf("the dossier's _index.md changed:\n%s", after)
	}

	os.MkdirAll(filepath.Join(dir, "seeds"), 0o755)
	os.WriteFile(filepath.Join(dir, "seeds", "fresh.txt"), []byte("© 2025 Example News\nA \"Fresh\" Headline\n\nThe bridge cost $4 million.\n"), 0o644)
	code, out, errs := dossier("new", "-s", dir, "fresh", "The bridge cost $4 million.")
	want := "wrote content/fresh/the-bridge-cost-4-million.md: fill in the title, verdict and sources\n" +
		"wrote content/fresh/_index.md: the dossier had none; fill in the article's publisher, url and published date\n"
	if code != 0 || out != want {
		t.Fatalf("new dossier: %d\n%s%s\nwant\n%s", code, out, errs, want)
	}
	data, err := os.ReadFile(filepath.Join(dir, "content", "fresh", "_index.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"---\nheadline: \"A \\\"Fresh\\\" Headline\"\n", "\npublisher: \"\"", "\nurl: \"\"", "\npublished: \"\""} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the new _index.md lacks %q:\n%s", want, data)
		}
	}
	// The tree builds with it: only the unfilled note stands in the way.
	_, out, errs = dossier("check", "-s", dir)
	if strings.Contains(out+errs, "content/fresh/_index.md") {
		t.Errorf("check complains of the new _index.md:\n%s%s", out, errs)
	}
}

// TestNewFreeName checks the names new makes from quotes: transliterated
// to ASCII letters, never over an existing file or a page of the dossier,
// the next free number instead; and a note named so from a Persian or a
// French quote passes check.
func TestNewFreeName(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../internal/build/testdata/fixture", dir)
	today = func() string { return "2026-01-02" }
	os.WriteFile(filepath.Join(dir, "seeds", "intl.txt"), []byte("Intl\nA headline\n\nوزیر نفت گفت که ذخایر کافی است.\n\nIl a dit « déjà vu ». Claims were made.\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "content", "intl"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "intl", "deja-vu-2.md"), []byte("taken"), 0o644)
	for _, tc := range []struct{ quote, want string }{
		{"وزير نفت گفت كه ذخاير كافي است", "vzyr-nft-gft-kh-zkhayr-kafy-ast.md"}, // typed with Arabic kaf and yeh
		{"وزیر نفت گفت", "vzyr-nft-gft.md"},
		{"déjà vu", "deja-vu.md"},
		{"déjà vu", "deja-vu-3.md"}, // deja-vu-2.md is there
		{"Claims", "claims-2.md"},   // claims is the dossier's table
	} {
		code, out, errs := dossier("new", "-s", dir, "intl", tc.quote)
		if want := "wrote content/intl/" + tc.want + ": fill in the title, verdict and sources\n"; code != 0 || !strings.HasPrefix(out, want) {
			t.Errorf("new %q: %d %q %s, want %q", tc.quote, code, out, errs, want)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "content", "intl", "deja-vu-2.md")); string(data) != "taken" {
		t.Errorf("deja-vu-2.md was overwritten: %q", data)
	}
	// check finds nothing wrong with the names, only the unfilled notes.
	_, out, errs := dossier("check", "-s", dir)
	if strings.Contains(out+errs, "poor web address") || strings.Contains(out+errs, "taken by a page") {
		t.Errorf("check complains of a name:\n%s%s", out, errs)
	}
}
