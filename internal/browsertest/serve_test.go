package browsertest

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/dossier-org/dossier/internal/serve"
)

// TestLivePreview edits a note under a running dev server with the page
// open: the page reloads at its scroll position, a broken note shows the
// error overlay over the last good page, and the fix removes it.
func TestLivePreview(t *testing.T) {
	preview, dir := runPreview(t)

	ctx := browser(t)
	note := filepath.Join(dir, "content", "sample", "vote.md")
	original, _ := os.ReadFile(note)
	write := func(data string) {
		if err := os.WriteFile(note, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// waitFor polls a JavaScript condition in the page, which may reload
	// meanwhile.
	waitFor := func(what, cond string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			var ok bool
			if err := chromedp.Run(ctx, chromedp.Evaluate(cond, &ok)); err == nil && ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	err := chromedp.Run(ctx,
		emulation.SetDeviceMetricsOverride(390, 400, 1, false),
		chromedp.Navigate(preview+"/sample/vote.html"),
		chromedp.WaitVisible("article.note h1", chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	waitFor("the event stream", `document.documentElement.getAttribute('data-dossier-live') === 'connected'`)
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.scrollTo(0, 300); window.__marker = 1`, nil)); err != nil {
		t.Fatal(err)
	}

	write(strings.Replace(string(original), "The vote was 7–2, as the minutes record", "Edited while the page was open", 1))
	waitFor("the reload with the new title", `!window.__marker && document.querySelector('h1') && document.querySelector('h1').textContent.includes('Edited while the page was open')`)
	waitFor("the scroll position to be restored", `Math.abs(window.scrollY - 300) < 5`)

	write("---\ntitle: \"unclosed\nverdict: accurate\n---\n")
	waitFor("the error overlay", `(document.getElementById('dossier-error-overlay') || {textContent: ''}).textContent.includes('content/sample/vote.md:2:8')`)
	var title string
	if err := chromedp.Run(ctx, chromedp.Text("h1", &title, chromedp.ByQuery)); err != nil || !strings.Contains(title, "Edited while the page was open") {
		t.Errorf("under the overlay the last good page should stay: %q %v", title, err)
	}

	write(string(original))
	waitFor("the fixed page without the overlay", `!document.getElementById('dossier-error-overlay') && document.querySelector('h1').textContent.includes('The vote was 7–2')`)
}

// runPreview runs the dev server on a copy of the fixture site, in dir,
// until the test ends, and returns its address ("http://127.0.0.1:port").
func runPreview(t *testing.T) (preview, dir string) {
	t.Helper()
	dir = t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../build/testdata/fixture")); err != nil {
		t.Fatal(err)
	}
	srv := serve.New(os.DirFS(dir), io.Discard)
	if res := srv.Rebuild(nil); res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(runCtx, ln, dir) }()
	t.Cleanup(func() { stop(); <-done })
	return "http://" + ln.Addr().String(), dir
}
