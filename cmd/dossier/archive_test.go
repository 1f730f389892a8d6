package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// instantClock is an archive.Clock whose waits take no time.
type instantClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *instantClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *instantClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return nil
}

// spn is a double of Save Page Now 2 (the archive package's tests have a
// fuller one): every capture is pending once, then made. It counts the
// captures asked for.
func spn(t *testing.T) (captures func() []string) {
	t.Helper()
	clock := &instantClock{now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}
	var mu sync.Mutex
	var asked []string
	polled := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Authorization") != "LOW AK:SEKRIT" {
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"message": "You need to be logged in to use Save Page Now."})
			return
		}
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/save":
			r.ParseForm()
			asked = append(asked, r.PostForm.Get("url"))
			json.NewEncoder(w).Encode(map[string]string{"url": r.PostForm.Get("url"), "job_id": "spn2-" + strings.Repeat("0", 39) + string(rune('a'+len(asked)))})
		case strings.HasPrefix(r.URL.Path, "/save/status/spn2-"):
			id := strings.TrimPrefix(r.URL.Path, "/save/status/")
			u := asked[id[len(id)-1]-'a'-1]
			if !polled[id] {
				polled[id] = true
				json.NewEncoder(w).Encode(map[string]string{"status": "pending"})
				return
			}
			json.NewEncoder(w).Encode(map[string]string{"status": "success", "timestamp": clock.Now().Format("20060102150405"), "original_url": u})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	oldBase, oldAvailable, oldClock := archiveBase, archiveAvailable, archiveClock
	archiveBase, archiveAvailable, archiveClock = srv.URL, srv.URL, clock
	t.Cleanup(func() { archiveBase, archiveAvailable, archiveClock = oldBase, oldAvailable, oldClock })
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), asked...)
	}
}

// archiveSite writes a site whose notes cite sources in several styles,
// one archived already, and returns its folder.
func archiveSite(t *testing.T) string {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"seeds/a.txt":         "Headline\n\nThe plot had two strands.\n",
		"content/_index.md":   "---\ntitle: Site\n---\n",
		"content/a/_index.md": "---\nheadline: H\n---\n",
		"content/a/one.md":    "---\r\ntitle: \"One\" # the first\r\nquote: \"two strands\"\r\nverdict: accurate\r\ndate: 2026-11-25\r\nsources:\r\n  - title: \"Report\"\r\n    url: \"https://news.site/report\"\r\n    date: \"2026-11-20\"\r\n  - {title: Already, url: https://news.site/old, archive: \"https://archive.ph/x\"}\r\n---\r\nText.\r\n",
		"content/a/two.md":    "---\ntitle: Two\nquote: The plot\nverdict: accurate\ndate: 2026-11-25\nsources: [{title: \"Rapport — ایران\", url: 'https://news.site/report'}, {url: https://news.site/other, title: Other}]\n---\nText.\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	return out
}

// TestArchive runs dossier archive against a double of Save Page Now:
// --dry-run lists and writes nothing, no keys is a clear error, a run
// writes each archived copy beside its url and nothing else, and a second
// run finds nothing left to do.
func TestArchive(t *testing.T) {
	captures := spn(t)
	dir := archiveSite(t)
	before := readTree(t, dir)

	t.Setenv(envAccess, "")
	t.Setenv(envSecret, "")
	code, out, errs := dossier("archive", "-s", dir, "--dry-run")
	want := "content/a/one.md:7:5: would archive https://news.site/report\ncontent/a/two.md:6:11: would archive https://news.site/report\ncontent/a/two.md:6:72: would archive https://news.site/other\n"
	if code != 0 || out != want || !strings.Contains(errs, "3 sources to archive (2 URLs); --dry-run") {
		t.Errorf("dry run: exit %d\n%s\nwant\n%s%s", code, out, want, errs)
	}
	if code, _, errs := dossier("archive", "-s", dir); code != 1 || !strings.Contains(errs, "set DOSSIER_IA_ACCESS_KEY and DOSSIER_IA_SECRET_KEY") {
		t.Errorf("without keys: exit %d %s", code, errs)
	}
	t.Setenv(envAccess, "AK")
	t.Setenv(envSecret, "WRONG-SECRET")
	if code, _, errs := dossier("archive", "-s", dir); code != 1 || !strings.Contains(errs, "refused the keys") || !strings.Contains(errs, "2 left") || strings.Contains(errs, "WRONG-SECRET") {
		t.Errorf("wrong keys: exit %d %s", code, errs)
	}
	if after := readTree(t, dir); len(after) != len(before) {
		t.Fatalf("files changed before a capture was made: %v", after)
	}
	for p, text := range readTree(t, dir) {
		if text != before[p] {
			t.Errorf("%s changed before a capture was made", p)
		}
	}

	t.Setenv(envSecret, "SEKRIT")
	code, out, errs = dossier("archive", "-s", dir)
	if code != 0 || out != "" || !strings.Contains(errs, "[2/2] archived https://news.site/other as https://web.archive.org/web/2026112510") || !strings.Contains(errs, "archived 2 of 2 URLs") || strings.Contains(errs, "SEKRIT") {
		t.Errorf("archive: exit %d\n%s%s", code, out, errs)
	}
	after := readTree(t, dir)
	if len(after) != len(before) {
		t.Errorf("files added or removed: %d before, %d after", len(before), len(after))
	}
	report := "https://web.archive.org/web/20261125100010/https://news.site/report"
	other := "https://web.archive.org/web/20261125100020/https://news.site/other"
	wantOne := strings.Replace(before["content/a/one.md"], "    date: \"2026-11-20\"", "    archive: \""+report+"\"\r\n    archived: \"2026-11-25\"\r\n    date: \"2026-11-20\"", 1)
	wantTwo := strings.Replace(strings.Replace(before["content/a/two.md"], "url: 'https://news.site/report'", "url: 'https://news.site/report', archive: \""+report+"\", archived: \"2026-11-25\"", 1), "url: https://news.site/other", "url: https://news.site/other, archive: \""+other+"\", archived: 2026-11-25", 1)
	if after["content/a/one.md"] != wantOne {
		t.Errorf("one.md:\n%q\nwant\n%q", after["content/a/one.md"], wantOne)
	}
	if after["content/a/two.md"] != wantTwo {
		t.Errorf("two.md:\n%s\nwant\n%s", after["content/a/two.md"], wantTwo)
	}
	if got := captures(); len(got) != 2 {
		t.Errorf("captures asked for %v, want one per URL", got)
	}

	// What is written is done: a second run asks for nothing.
	if code, _, errs := dossier("archive", "-s", dir); code != 0 || !strings.Contains(errs, "no source left without an archived copy") || len(captures()) != 2 {
		t.Errorf("second run: exit %d %s, %d captures", code, errs, len(captures()))
	}
	if code, out, errs := dossier("check", "-s", dir, "--strict"); code != 0 {
		t.Errorf("check --strict on the archived site: exit %d\n%s%s", code, out, errs)
	}
}

// TestArchiveDryRunEscapes: what a note says reaches the terminal escaped
// (an address with a bidirectional override or "##[", a file name with an
// escape sequence), as in every other output of dossier.
func TestArchiveDryRunEscapes(t *testing.T) {
	dir := archiveSite(t)
	hostile := "---\ntitle: H\nsources:\n  - {title: A, url: \"https://news.site/\u202egpj.exe##[error]x\"}\n---\n"
	if err := os.WriteFile(filepath.Join(dir, "content", "a", "\x1b[31mred.md"), []byte(hostile), 0o644); err != nil {
		t.Skip(err)
	}
	code, out, errs := dossier("archive", "-s", dir, "--dry-run")
	if code != 0 || strings.ContainsAny(out+errs, "\x1b\u202e") || strings.Contains(out, "##[") {
		t.Errorf("exit %d, output not escaped:\n%q\n%q", code, out, errs)
	}
	if !strings.Contains(out, `content/a/\x1b[31mred.md:4:5: would archive https://news.site/\u202egpj.exe##\x5berror]x`) {
		t.Errorf("output:\n%s", out)
	}
}
