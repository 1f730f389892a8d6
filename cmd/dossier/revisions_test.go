package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestRevisionsDesk is issue 17's story end to end: a desk captures an
// article from its URL, checks a passage of it and publishes; a week
// later it captures the article again after the publisher edited that
// passage. check then warns at the note's quote, the published dossier
// says which checked passage changed and the note's page shows it before
// and after; a note written now is checked against the new capture.
func TestRevisionsDesk(t *testing.T) {
	page, err := os.ReadFile("../../internal/capture/testdata/news.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := newPageServer(t, page)
	dir := emptySite(t)
	defer func() { captureNow = time.Now }()
	const slug = "harbour-bridge-repairs-to-cost-twice-the"

	captureNow = atTime("2026-11-25T15:30:00Z")
	if code, out, errs := dossier("capture", "-s", dir, "--allow-private", srv.URL+"/story"); code != 0 {
		t.Fatalf("capture: %d %s%s", code, out, errs)
	}
	today = func() string { return "2026-11-26" }
	if code, out, errs := dossier("new", "-s", dir, slug, "will cost about 14 million"); code != 0 {
		t.Fatalf("new: %d %s%s", code, out, errs)
	}
	notePath := filepath.Join(dir, "content", slug, "will-cost-about-14-million.md")
	written := readString(t, notePath)
	if strings.Contains(written, "revision:") {
		t.Errorf("a note on a seed of one file names a revision:\n%s", written)
	}
	note := strings.NewReplacer(
		`title: "" # the finding, in one line`, `title: "The estimate did double"`,
		"verdict:\n", "verdict: accurate\n",
		`sources: [] # each: {title, url, publisher, kind, date, archive, accessed, quote}; kind: one of primary, wire, news, analysis, reference, copy`, `sources: [{title: "Works committee report", url: "https://council.example/report"}]`,
		"**\n", "**\n\nWritten.\n",
	).Replace(written)
	if err := os.WriteFile(notePath, []byte(note), 0o644); err != nil {
		t.Fatal(err)
	}
	quoteLine := 1 + strings.Count(note[:strings.Index(note, "quote:")], "\n")
	if code, out, errs := dossier("build", "-s", dir, "-d", filepath.Join(t.TempDir(), "public")); code != 0 {
		t.Fatalf("build: %d %s%s", code, out, errs)
	}

	// A week later, the publisher has changed the checked passage.
	srv.set([]byte(strings.Replace(string(page), "about 14 million", "about 15 million", 1)))
	captureNow = atTime("2026-12-02T08:00:00Z")
	if code, out, errs := dossier("capture", "-s", dir, "--allow-private", srv.URL+"/story"); code != 0 || !strings.Contains(out, "changed:") {
		t.Fatalf("capture again: %d %s%s", code, out, errs)
	}
	code, out, errs := dossier("check", "-s", dir)
	want := "content/" + slug + "/will-cost-about-14-million.md:" + strconv.Itoa(quoteLine) + ":8: warning: the publisher changed the checked passage; it now reads "
	if code != 0 || !strings.Contains(out+errs, want) || !strings.Contains(out+errs, "capture of 2026-12-02") {
		t.Errorf("check: %d\n%s%s\nwant %s", code, out, errs, want)
	}
	if code, _, _ := dossier("check", "-s", dir, "--strict"); code != 1 {
		t.Errorf("check --strict passes over a changed passage: %d", code)
	}

	public := filepath.Join(t.TempDir(), "public")
	if code, out, errs := dossier("build", "-s", dir, "-d", public); code != 0 {
		t.Fatalf("build: %d %s%s", code, out, errs)
	}
	index := readString(t, filepath.Join(public, slug, "index.html"))
	for _, w := range []string{
		"The publisher changed this article after it was checked: 1 checked passage changed.",
		`href="revisions/20261202T080000Z.html"`,
		`href="revisions/20261125T153000Z.warc.gz"`,
		`href="revisions/20261202T080000Z.txt"`,
	} {
		if !strings.Contains(index, w) {
			t.Errorf("the dossier's page lacks %s", w)
		}
	}
	notePage := readString(t, filepath.Join(public, slug, "will-cost-about-14-million.html"))
	if !strings.Contains(notePage, "The publisher changed this sentence on") || !strings.Contains(notePage, "<del dir=\"auto\">will cost about 14 million</del>") ||
		!strings.Contains(notePage, "15 million") {
		t.Errorf("the note's page does not show the change:\n%s", notePage)
	}
	diff := readString(t, filepath.Join(public, slug, "revisions", "20261202T080000Z.html"))
	if !strings.Contains(diff, "<del>14</del><ins>15</ins>") || !strings.Contains(diff, "diff-checked") {
		t.Errorf("the revision's page does not show the change word by word:\n%s", diff)
	}
	for _, f := range []string{"20261125T153000Z.warc.gz", "20261202T080000Z.warc.gz", "20261125T153000Z.txt"} {
		if _, err := os.Stat(filepath.Join(public, slug, "revisions", f)); err != nil {
			t.Errorf("evidence not published: %v", err)
		}
	}

	// A note written now is checked against the latest capture, and says so.
	if code, out, errs := dossier("new", "-s", dir, "--remark", slug, "about 15 million"); code != 0 {
		t.Fatalf("new on the latest revision: %d %s%s", code, out, errs)
	}
	if got := readString(t, filepath.Join(dir, "content", slug, "about-15-million.md")); !strings.Contains(got, "\nrevision: 20261202T080000Z ") {
		t.Errorf("the new note does not name its revision:\n%s", got)
	}
}
