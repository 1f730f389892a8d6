package browsertest

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPreviewFromAnotherSite opens, in the writer's browser, a page of
// another site that tries to read the running preview's drafts: including
// its search index as a script (which sets a global), fetching its export,
// and opening its event stream. None of it may reach the page.
func TestPreviewFromAnotherSite(t *testing.T) {
	preview, _ := runPreview(t)

	hostile := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>elsewhere</title>
<script>window.included = ""; window.fetched = ""; window.streamed = "";</script>
<script src="%[1]s/assets/search-index.js" onload="included = 'loaded'" onerror="included = 'refused'"></script>
<script>
fetch("%[1]s/dossier.json").then(function (r) { return r.text(); }).then(function (t) { fetched = t; }, function () { fetched = "refused"; });
var es = new EventSource("%[1]s/__dossier/events");
es.addEventListener("state", function (e) { streamed = e.data; });
es.onerror = function () { if (!streamed) streamed = "refused"; es.close(); };
</script>`, preview)
	}))
	defer hostile.Close()
	// localhost is another site than 127.0.0.1 for the browser.
	_, port, _ := net.SplitHostPort(hostile.Listener.Addr().String())

	ctx := browser(t)
	if err := chromedp.Run(ctx, chromedp.Navigate("http://localhost:"+port+"/")); err != nil {
		t.Fatal(err)
	}
	var state struct {
		Included, Fetched, Streamed string
		Leaked                      bool
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		err := chromedp.Run(ctx, chromedp.Evaluate(`({Included: included, Fetched: fetched, Streamed: streamed, Leaked: window.dossierSearch !== undefined})`, &state))
		if err == nil && state.Included != "" && state.Fetched != "" && state.Streamed != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page's attempts did not end: %+v %v", state, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if state.Leaked || state.Included != "refused" || state.Fetched != "refused" || state.Streamed != "refused" {
		t.Errorf("another site's page read the preview: %+v", state)
	}
}
