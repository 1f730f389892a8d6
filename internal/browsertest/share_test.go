package browsertest

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// TestEmbedOnAnotherOrigin puts each check's embed card of the fixture in
// an <iframe> of a page served from another origin, as a newsroom would,
// and fails on any problem the browser reports (a console error, a
// refused frame or resource) or a card that does not show its verdict.
func TestEmbedOnAnotherOrigin(t *testing.T) {
	s := siteNamed(t, "fixture")
	var embeds []string
	for _, p := range s.pages {
		if pageKind(p) == "embed" {
			embeds = append(embeds, p)
		}
	}
	if len(embeds) == 0 {
		t.Fatal("the fixture has no embed page")
	}
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A newsroom</title><link rel="icon" href="data:,"></head>
<body><p>Our story.</p><iframe src="%s" title="A fact check" width="560" height="360" style="border:0;max-width:100%%"></iframe></body></html>`,
			html.EscapeString(s.url(strings.TrimPrefix(r.URL.Path, "/"))))
	}))
	defer host.Close()
	tab := browser(t)
	p := listen(tab)
	for _, page := range embeds {
		p.take()
		var frames []*cdp.Node
		var verdict, link string
		err := step(tab,
			chromedp.Navigate(host.URL+"/"+page),
			chromedp.Nodes("iframe", &frames, chromedp.ByQuery),
		)
		if err == nil {
			err = step(tab,
				chromedp.WaitVisible(".verdict", chromedp.ByQuery, chromedp.FromNode(frames[0])),
				chromedp.Text(".verdict", &verdict, chromedp.ByQuery, chromedp.FromNode(frames[0])),
				chromedp.AttributeValue(".foot a", "href", &link, nil, chromedp.ByQuery, chromedp.FromNode(frames[0])),
				settle,
			)
		}
		if err != nil {
			t.Errorf("%s in an iframe of %s: %v", page, host.URL, err)
			continue
		}
		// The link is relative to the card's own address, on the site.
		if strings.TrimSpace(verdict) == "" || link != "../"+path.Base(page) {
			t.Errorf("%s: verdict %q, link back %q", page, verdict, link)
		}
		for _, pr := range p.take() {
			t.Errorf("%s in an iframe of another origin: %s", page, pr)
		}
	}
}

// TestCopyLink presses the share section's "copy link" button and the
// embed snippet's copy button of a check's page. A headless browser may
// refuse the clipboard: either way the button must say what happened, in
// the page's words, and never throw.
func TestCopyLink(t *testing.T) {
	s := siteNamed(t, "fixture")
	tab := browser(t)
	p := listen(tab)
	var hidden bool
	if err := step(tab, chromedp.Navigate(s.url("sample/vote.html")), settle,
		chromedp.Evaluate(`document.querySelector(".share-copy").hidden`, &hidden)); err != nil {
		t.Fatal(err)
	}
	if hidden {
		t.Fatal("the copy button is still hidden with the script")
	}
	for _, c := range []struct{ button, status, details string }{
		{".share-links .share-copy", ".share-links .share-status", ""},
		{".share-embed .share-copy", ".share-embed .share-status", ".share-embed summary"},
	} {
		var said, done, failed string
		actions := []chromedp.Action{}
		if c.details != "" {
			actions = append(actions, chromedp.Click(c.details, chromedp.ByQuery))
		}
		actions = append(actions,
			chromedp.Click(c.button, chromedp.ByQuery),
			chromedp.Poll(`document.querySelector(`+jsString(c.status)+`).textContent`, &said, chromedp.WithPollingTimeout(10*time.Second)),
			chromedp.AttributeValue(c.button, "data-done", &done, nil, chromedp.ByQuery),
			chromedp.AttributeValue(c.button, "data-failed", &failed, nil, chromedp.ByQuery),
		)
		if err := step(tab, actions...); err != nil {
			t.Errorf("%s: %v", c.button, err)
			continue
		}
		if said != done && said != failed || said == "" {
			t.Errorf("%s: says %q, want %q or %q", c.button, said, done, failed)
		}
	}
	for _, pr := range p.take() {
		t.Errorf("sample/vote.html: %s", pr)
	}
}

// jsString quotes s for JavaScript.
func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

// siteNamed returns the built site of that name.
func siteNamed(t *testing.T, name string) *builtSite {
	t.Helper()
	for _, s := range sites(t) {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no site %q", name)
	return nil
}
