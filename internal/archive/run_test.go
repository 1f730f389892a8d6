package archive

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func targets(urls ...string) []Target {
	var out []Target
	for i, u := range urls {
		out = append(out, Target{URL: u, Places: []Place{{Path: "content/a/n.md", Line: 6 + 3*i, Col: 5}}})
	}
	return out
}

// saved records what a Runner saves.
type saved struct{ got map[string]Capture }

func (s *saved) save(t Target, c Capture) error {
	if s.got == nil {
		s.got = map[string]Capture{}
	}
	s.got[t.URL] = c
	return nil
}

func urls(ts []Target) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.URL)
	}
	slices.Sort(out)
	return out
}

// TestRun runs every kind of answer of the service through one run and
// checks what was archived, what failed and why, and that the run kept to
// the limits: submissions MinInterval apart, no more than MaxJobs
// captures at once, each wait the service asked for honoured.
func TestRun(t *testing.T) {
	clock := newClock()
	d := newDouble(t, clock)
	const (
		ok       = "https://news.example/ok"
		slow     = "https://news.example/slow"
		limited  = "https://news.example/limited"
		flaky    = "https://news.example/flaky"
		daily    = "https://news.example/daily"
		missing  = "https://news.example/missing"
		session  = "https://news.example/session"
		moved    = "https://news.example/moved"
		notJSON  = "https://news.example/html"
		expired  = "https://news.example/expired"
		statusUp = "https://news.example/status-503"
	)
	d.script(ok, nil, []string{"pending", "success"})
	d.script(slow, nil, []string{"pending", "pending", "pending", "pending", "pending", "pending", "success"})
	d.script(limited, []string{"429:7", "ok"}, nil)
	d.script(flaky, []string{"503", "503", "ok"}, nil)
	d.script(daily, []string{"error:too-many-daily-captures"}, nil)
	d.script(missing, nil, []string{"pending", "error:not-found"})
	d.script(session, nil, []string{"error:user-session-limit", "pending", "success"})
	d.script(moved, nil, []string{"redirect"})
	d.script(notJSON, []string{"html"}, nil)
	d.script(expired, nil, []string{"404"})
	d.script(statusUp, nil, []string{"503", "success"})
	var progress bytes.Buffer
	var s saved
	r := &Runner{Client: d.client(), Clock: clock, Progress: &progress, Save: s.save}
	res := r.Run(context.Background(), targets(ok, slow, limited, flaky, daily, missing, session, moved, notJSON, expired, statusUp))

	if res.Stopped != nil || len(res.Left) > 0 {
		t.Fatalf("stopped: %v, left %v", res.Stopped, urls(res.Left))
	}
	if got, want := urls(res.Archived), []string{flaky, limited, ok, session, slow, statusUp}; !slices.Equal(got, want) {
		t.Errorf("archived %v, want %v", got, want)
	}
	why := map[string]string{
		daily:   "error:too-many-daily-captures",
		missing: "error:not-found",
		moved:   `the Archive captured "https://news.example/", not the source's address`,
		notJSON: "not the JSON expected",
		expired: "no longer knows the capture's job",
	}
	if len(res.Failed) != len(why) {
		t.Errorf("%d failures, want %d: %v", len(res.Failed), len(why), res.Failed)
	}
	for _, f := range res.Failed {
		if w := why[f.Target.URL]; w == "" || !strings.Contains(f.Err.Error(), w) {
			t.Errorf("%s failed with %v, want %q", f.Target.URL, f.Err, w)
		}
	}
	for u, c := range s.got {
		if !strings.HasPrefix(c.Archive, "https://web.archive.org/web/2026112510") || !strings.HasSuffix(c.Archive, "/"+u) || c.Archived != "2026-11-25" {
			t.Errorf("%s saved as %+v", u, c)
		}
	}
	if len(s.got) != len(res.Archived) {
		t.Errorf("saved %d, archived %d", len(s.got), len(res.Archived))
	}
	// The limits.
	for i := 1; i < len(d.submits); i++ {
		if gap := d.submits[i].Sub(d.submits[i-1]); gap < DefaultMinInterval {
			t.Errorf("submissions %d and %d were %v apart, under %v", i, i+1, gap, DefaultMinInterval)
		}
	}
	if d.maxOpen > DefaultMaxJobs {
		t.Errorf("%d captures ran at once, over %d", d.maxOpen, DefaultMaxJobs)
	}
	// After the 429 with Retry-After: 7, the next request came 7 s later
	// or more; after each 503 without one, 15 s, then 30 s.
	if want := []string{"7s", "15s", "30s", "15s"}; !slices.Equal(d.waits, want) {
		t.Errorf("waits after the refusals %v, want %v", d.waits, want)
	}
	out := progress.String()
	for _, want := range []string{
		"[1/11] archived https://news.example/ok as https://web.archive.org/web/",
		"[11/11] ",
		"waiting 7s: the Archive answered HTTP 429 Too Many Requests",
		`error:not-found): \x1b[31m##\x5berror]spoofed\r\n::error::also`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("progress lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") || strings.Contains(out, testSecret) {
		t.Errorf("progress holds a control character or the secret:\n%q", out)
	}
	if l := res.Diagnostics(); len(l) != len(why) || !strings.Contains(l.String(), "content/a/n.md:") {
		t.Errorf("diagnostics:\n%s", l)
	}
}

// TestRunStops: the run stops, leaving what is not archived to the next
// run, when the keys are refused, when the service asks for too long a
// wait, when it will take no more captures from the account, and when it
// keeps refusing.
func TestRunStops(t *testing.T) {
	tests := []struct {
		name    string
		submit  []string
		status  []string
		keys    string
		stopped string
		failed  string
	}{
		{name: "keys refused", keys: "wrong", stopped: "HTTP 401 Unauthorized: You need to be logged in to use Save Page Now.: the Archive refused the keys"},
		{name: "a wait of an hour", submit: []string{"429:3600"}, stopped: "asks to wait 1h0m0s"},
		{name: "the account's bandwidth spent", submit: []string{"error:max-daily-bandwidth"}, stopped: "error:max-daily-bandwidth"},
		{name: "no answer", submit: []string{"drop"}, stopped: "cannot reach the Archive"},
		{name: "refused again and again", submit: []string{"503"}, failed: "refused 6 times in a row"},
		{name: "pending for ever", status: []string{"pending"}, failed: "still pending after 5m0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newClock()
			d := newDouble(t, clock)
			d.script("https://news.example/a", tt.submit, tt.status)
			c := d.client()
			if tt.keys != "" {
				c.Secret = tt.keys
			}
			var s saved
			var progress bytes.Buffer
			res := (&Runner{Client: c, Clock: clock, Save: s.save, Progress: &progress}).Run(context.Background(), targets("https://news.example/a", "https://news.example/b"))
			if tt.stopped != "" {
				if res.Stopped == nil || !strings.Contains(res.Stopped.Error(), tt.stopped) {
					t.Errorf("stopped: %v, want %q", res.Stopped, tt.stopped)
				}
				if got := urls(res.Left); !slices.Equal(got, []string{"https://news.example/a", "https://news.example/b"}) {
					t.Errorf("left %v", got)
				}
				if len(s.got) > 0 || len(res.Failed) > 0 {
					t.Errorf("saved %v, failed %v", s.got, res.Failed)
				}
			} else {
				if len(res.Failed) != 1 || !strings.Contains(res.Failed[0].Err.Error(), tt.failed) {
					t.Errorf("failed %v, want %q", res.Failed, tt.failed)
				}
				if len(s.got) != 1 {
					t.Errorf("saved %v", s.got)
				}
			}
			if strings.Contains(progress.String(), testSecret) || (res.Stopped != nil && strings.Contains(res.Stopped.Error(), testSecret)) {
				t.Error("the secret was shown")
			}
		})
	}
}

// TestRunCancel: a run interrupted (SIGINT cancels the context) while a
// capture is pending keeps what it saved, saves nothing more, and leaves
// the rest for the next run.
func TestRunCancel(t *testing.T) {
	clock := newClock()
	d := newDouble(t, clock)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d.script("https://news.example/b", nil, []string{"pending"})
	d.onStatus = func(u string) {
		if u == "https://news.example/b" {
			cancel()
		}
	}
	var s saved
	res := (&Runner{Client: d.client(), Clock: clock, Save: s.save}).Run(ctx, targets("https://news.example/a", "https://news.example/b", "https://news.example/c"))
	if !errors.Is(res.Stopped, context.Canceled) {
		t.Errorf("stopped: %v", res.Stopped)
	}
	if got := urls(res.Archived); !slices.Equal(got, []string{"https://news.example/a"}) {
		t.Errorf("archived %v", got)
	}
	if got := urls(res.Left); !slices.Equal(got, []string{"https://news.example/b", "https://news.example/c"}) {
		t.Errorf("left %v", got)
	}
	if len(s.got) != 1 || len(res.Failed) != 0 {
		t.Errorf("saved %v, failed %v", s.got, res.Failed)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for h, want := range map[string]time.Duration{
		"":                              -1,
		"7":                             7 * time.Second,
		" 0 ":                           0,
		"-3":                            -1,
		"soon":                          -1,
		"Wed, 25 Nov 2026 10:01:30 GMT": 90 * time.Second,
		"Wed, 25 Nov 2026 09:00:00 GMT": 0,
	} {
		if got := retryAfter(h, now); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", h, got, want)
		}
	}
}

func TestCheckKeys(t *testing.T) {
	for _, k := range [][2]string{{"", "SEKRIT"}, {"a", ""}, {"a:b", "SEKRIT"}, {"a", "SEKRIT\r\nX-Evil: 1"}, {"a b", "SEKRIT"}, {"a", "SEKRITé"}} {
		err := CheckKeys(k[0], k[1])
		if err == nil {
			t.Errorf("CheckKeys(%q, %q) accepted", k[0], k[1])
		} else if k[1] != "" && strings.Contains(err.Error(), "SEKRIT") {
			t.Errorf("the error shows the secret: %v", err)
		}
	}
	if err := CheckKeys("AKtest", "s3cr3t"); err != nil {
		t.Error(err)
	}
}

// TestRunMaxJobs: slow captures fill the MaxJobs places, and the next
// submission waits for one to end.
func TestRunMaxJobs(t *testing.T) {
	clock := newClock()
	d := newDouble(t, clock)
	var ts []Target
	for _, u := range []string{"https://a.example/1", "https://a.example/2", "https://a.example/3", "https://a.example/4", "https://a.example/5"} {
		d.script(u, nil, []string{"pending", "pending", "pending", "pending", "pending", "pending", "pending", "pending", "success"})
		ts = append(ts, targets(u)...)
	}
	var s saved
	res := (&Runner{Client: d.client(), Clock: clock, Save: s.save, MaxJobs: 2}).Run(context.Background(), ts)
	if len(res.Archived) != 5 || res.Stopped != nil {
		t.Fatalf("archived %d, stopped %v, failed %v", len(res.Archived), res.Stopped, res.Failed)
	}
	if d.maxOpen != 2 {
		t.Errorf("%d captures ran at once, want 2", d.maxOpen)
	}
}

func TestArchivable(t *testing.T) {
	for u, want := range map[string]bool{
		"https://www.theatlantic.com/x":       true,
		"https://example.com.evil.org/x":      true,
		"https://notexample.org/":             true,
		"https://example.org/s":               false,
		"https://www.Example.COM/":            false,
		"https://brackenford.example/doc":     false,
		"http://site.test/":                   false,
		"https://a.invalid./":                 false,
		"http://localhost:8080/":              false,
		"https://fa.wikipedia.org/wiki/ایران": true,
	} {
		if got := Archivable(u); got != want {
			t.Errorf("Archivable(%q) = %v, want %v", u, got, want)
		}
	}
}

// TestRunExisting: with Existing, a source the service cannot capture
// (gone, moved elsewhere, captured too often today) gets the closest
// existing capture to when it was consulted, dated by that capture;
// without it, or without such a capture, it fails.
func TestRunExisting(t *testing.T) {
	const (
		gone  = "https://news.example/gone"
		moved = "https://news.example/moved"
		daily = "https://news.example/daily"
		never = "https://news.example/never"
		live  = "https://news.example/live"
	)
	for _, existing := range []bool{false, true} {
		clock := newClock()
		d := newDouble(t, clock)
		d.script(gone, nil, []string{"pending", "error:not-found"})
		d.script(moved, nil, []string{"redirect"})
		d.script(daily, []string{"error:too-many-daily-captures"}, nil)
		d.script(never, nil, []string{"error:invalid-host-resolution"})
		d.available[gone] = "20120115083000"
		d.available[moved] = "20120301000000"
		d.available[daily] = "20261125093000"
		d.available[live] = "20000101000000"
		var s saved
		ts := targets(gone, moved, daily, never, live)
		ts[0].Near, ts[1].Near = "20120114", "201203"
		res := (&Runner{Client: d.client(), Clock: clock, Save: s.save, Existing: existing}).Run(context.Background(), ts)
		if !existing {
			if len(res.Failed) != 4 || len(res.Archived) != 1 || len(d.near) != 0 {
				t.Errorf("without Existing: archived %v, failed %v, asked %v", urls(res.Archived), res.Failed, d.near)
			}
			continue
		}
		want := map[string]Capture{
			gone:  {Archive: "https://web.archive.org/web/20120115083000/http://news.example:80/gone", Archived: "2012-01-15", Original: "http://news.example:80/gone"},
			moved: {Archive: "https://web.archive.org/web/20120301000000/http://news.example:80/moved", Archived: "2012-03-01", Original: "http://news.example:80/moved"},
			daily: {Archive: "https://web.archive.org/web/20261125093000/http://news.example:80/daily", Archived: "2026-11-25", Original: "http://news.example:80/daily"},
		}
		for u, c := range want {
			if s.got[u] != c {
				t.Errorf("%s saved as %+v, want %+v", u, s.got[u], c)
			}
		}
		if !strings.HasPrefix(s.got[live].Archive, "https://web.archive.org/web/2026") {
			t.Errorf("a live page got %+v, not a new capture", s.got[live])
		}
		if len(res.Failed) != 1 || res.Failed[0].Target.URL != never || !strings.Contains(res.Failed[0].Err.Error(), "(error:invalid-host-resolution)") || !strings.Contains(res.Failed[0].Err.Error(), "; the Wayback Machine has no earlier capture of it either") {
			t.Errorf("failed %v", res.Failed)
		}
		if d.near[gone] != "20120114" || d.near[moved] != "201203" || d.near[daily] != "" {
			t.Errorf("asked near %v", d.near)
		}
	}
}
