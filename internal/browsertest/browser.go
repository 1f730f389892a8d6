package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's Chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// stepTimeout bounds one step in a tab (a navigation, a wait, an
// evaluation), so that a selector that never matches fails its check in
// seconds rather than hanging the test binary until go test kills it.
const stepTimeout = 20 * time.Second

var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserErr  error
	stopBrowser = func() {} // replaced once Chromium runs; called by TestMain
)

// browser returns a new tab of the one Chromium that the test binary
// shares, closed when t ends. Starting Chromium is the slowest step of these
// tests, and on two cores one browser with a tab per test is plenty.
func browser(t testing.TB) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		missing(t, "Chromium is not installed at %s (Debian: apt-get install chromium)", chromiumPath)
	}
	browserOnce.Do(startBrowser)
	if browserErr != nil {
		t.Fatalf("starting Chromium: %v", browserErr)
	}
	tab, cancel := chromedp.NewContext(browserCtx)
	t.Cleanup(cancel)
	// The first Run opens the tab, and binds its event loop to the context
	// it is given: that must be the tab's own, not a step's, which ends
	// with the step.
	if err := chromedp.Run(tab); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return tab
}

func startBrowser() {
	// A fresh profile, so that no state (cache, storage, permissions) of
	// an earlier run or of the machine's user leaks into the checks.
	profile, err := os.MkdirTemp("", "dossier-chromium-")
	if err != nil {
		browserErr = err
		return
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		// CI runs as root, and Chromium's sandbox refuses to start as root.
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// The machines have no network beyond the test servers: no
		// background requests, updates or sync that could stall or log.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Containers often have a tiny /dev/shm, where Chromium crashes
		// on large pages.
		chromedp.Flag("disable-dev-shm-usage", true),
		// Every test works in a tab of its own, which Chromium treats as
		// a background tab and slows down: timers would fire once a
		// second at best.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.UserDataDir(profile),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	stopBrowser = func() {
		cancelCtx()
		cancelAlloc() // waits for Chromium to exit, so the profile can go
		// A helper process of Chromium may still write a file into the
		// profile as the browser exits, failing one removal.
		for i := 0; os.RemoveAll(profile) != nil && i < 20; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if err := chromedp.Run(ctx); err != nil {
		browserErr = err
		return
	}
	browserCtx = ctx
}

// step runs actions in a tab under stepTimeout.
func step(tab context.Context, actions ...chromedp.Action) error {
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	return chromedp.Run(ctx, actions...)
}

// awaitPromise makes an evaluation wait for the promise it returns.
func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams {
	return p.WithAwaitPromise(true)
}

// settle lets a loaded page run what it scheduled during load (timers,
// promise callbacks) before it is judged. A tab's events reach the
// listeners in order and ahead of the reply to this evaluation, so every
// message logged until then has been collected when it returns.
var settle = chromedp.Evaluate(`new Promise(r => setTimeout(r, 50))`, nil, awaitPromise)

// problem is something that a page reported as going wrong.
type problem struct {
	msg string
	url string // the resource or script concerned, when known
}

func (p problem) String() string {
	if p.url == "" {
		return p.msg
	}
	return p.msg + " (" + p.url + ")"
}

// problems collects what the pages of a tab report as going wrong: console
// errors, uncaught exceptions, and the browser's own error log, where
// failed loads of subresources (a 404 stylesheet, a blocked script) appear.
type problems struct {
	mu   sync.Mutex
	list []problem
}

// listen starts collecting the problems of tab.
func listen(tab context.Context) *problems {
	p := &problems{}
	chromedp.ListenTarget(tab, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			// A failed console.assert is logged as an error too.
			if ev.Type != runtime.APITypeError && ev.Type != runtime.APITypeAssert {
				return
			}
			var args []string
			for _, a := range ev.Args {
				args = append(args, describe(a))
			}
			p.add(problem{"console." + string(ev.Type) + ": " + strings.Join(args, " "), topFrame(ev.StackTrace)})
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + describe(d.Exception)
			}
			where := topFrame(d.StackTrace)
			if where == "" && d.URL != "" {
				where = fmt.Sprintf("%s:%d", d.URL, d.LineNumber+1)
			}
			p.add(problem{"uncaught exception: " + msg, where})
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.LevelError {
				p.add(problem{string(ev.Entry.Source) + " error: " + ev.Entry.Text, ev.Entry.URL})
			}
		}
	})
	return p
}

func (p *problems) add(pr problem) {
	p.mu.Lock()
	p.list = append(p.list, pr)
	p.mu.Unlock()
}

// take returns the problems collected since the last take.
func (p *problems) take() []problem {
	p.mu.Lock()
	defer p.mu.Unlock()
	list := p.list
	p.list = nil
	return list
}

// describe renders a JavaScript value of a console call or exception.
func describe(o *runtime.RemoteObject) string {
	if o.Description != "" {
		// An Error's description is its stack; the first line says it.
		first, _, _ := strings.Cut(o.Description, "\n")
		return first
	}
	var s string
	if json.Unmarshal(o.Value, &s) == nil {
		return s
	}
	if len(o.Value) > 0 {
		return string(o.Value)
	}
	return string(o.Type)
}

// topFrame is the script position where a stack trace starts, if any.
func topFrame(st *runtime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 {
		return ""
	}
	f := st.CallFrames[0]
	return fmt.Sprintf("%s:%d:%d", f.URL, f.LineNumber+1, f.ColumnNumber+1)
}
