package serve

import (
	"bytes"
	"image/png"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCardsOnRequest checks that the preview draws a share image only
// when a browser asks for it, never on a rebuild, and keeps it for the
// build: a card costs milliseconds, and a save must not pay for every
// check's.
func TestCardsOnRequest(t *testing.T) {
	srv, dir := builtCopy(t)
	note := filepath.Join(dir, "content", "sample", "vote.md")
	data, _ := os.ReadFile(note)
	os.WriteFile(note, bytes.Replace(data, []byte("title: "), []byte("title: Edited "), 1), 0o644)
	if res := srv.Rebuild([]string{"content/sample/vote.md"}); res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	if n := srv.assemblies.Load(); n != 0 {
		t.Fatalf("%d files made by two rebuilds, want 0", n)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for range 3 {
		resp, err := ts.Client().Get(ts.URL + "/sample/card/vote.png")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		cfg, err := png.DecodeConfig(bytes.NewReader(body))
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || err != nil || cfg.Width != 1200 || cfg.Height != 630 {
			t.Fatalf("%d %s: %v, %d × %d", resp.StatusCode, resp.Header.Get("Content-Type"), err, cfg.Width, cfg.Height)
		}
	}
	if n := srv.assemblies.Load(); n != 1 {
		t.Errorf("%d cards drawn for one asked three times, want 1", n)
	}
	resp, err := ts.Client().Get(ts.URL + "/sample/embed/vote.html")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Edited ") {
		t.Errorf("embed page: %d, without the edited title", resp.StatusCode)
	}
}
