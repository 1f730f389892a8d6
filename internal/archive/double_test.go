package archive

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a Clock whose waits take no time: each moves the clock on.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *fakeClock { return &fakeClock{now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return nil
}

const (
	testAccess = "AKtest"
	testSecret = "s3cr3t-never-shown"
)

// double is an httptest double of the Save Page Now 2 API, as its public
// API document and the answers others recorded describe it: POST /save
// with a form's url answers {"url", "job_id"} (or, with HTTP 200, a
// {"status": "error", "status_ext", "message"} without a job); GET
// /save/status/<job_id> answers {"status": "pending"}, then "success"
// with "timestamp" and "original_url", or "error". Requests without the
// keys get 401, as the service gives them. Each URL follows a script:
// the answers to its submissions and to the questions about its jobs,
// each list used in order, its last answer repeated.
//
// Submission answers: "ok", "429" or "429:N" (HTTP 429, with Retry-After
// N seconds), "503", "html" (a page, not JSON), "drop" (the connection
// cut without an answer), or an "error:…" code.
// Status answers: "pending", "success", "redirect" (success, captured
// under another address), "404", "503", or an "error:…" code.
type double struct {
	t     *testing.T
	clock *fakeClock
	srv   *httptest.Server

	mu       sync.Mutex
	submit   map[string][]string
	status   map[string][]string
	jobs     map[string]string // job id → url
	open     map[string]bool   // jobs not finished
	maxOpen  int
	submits  []time.Time // when each submission was answered
	requests []time.Time // when each request was answered
	waits    []string    // "after 429: 7s", the request following each 429/503
	onStatus func(url string)
	// available holds, by URL, the timestamp of the Wayback Machine's
	// existing capture (the availability API's answer), and near what
	// each question asked for.
	available map[string]string
	near      map[string]string
	lastBusy  time.Time // when the last 429 or 503 was answered
	busyWait  time.Duration
}

func newDouble(t *testing.T, clock *fakeClock) *double {
	d := &double{t: t, clock: clock, submit: map[string][]string{}, status: map[string][]string{}, jobs: map[string]string{}, open: map[string]bool{}, available: map[string]string{}, near: map[string]string{}}
	d.srv = httptest.NewServer(http.HandlerFunc(d.serve))
	t.Cleanup(d.srv.Close)
	return d
}

// script sets the answers for u.
func (d *double) script(u string, submit, status []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.submit[u], d.status[u] = submit, status
}

func next(list map[string][]string, u, def string) string {
	l := list[u]
	if len(l) == 0 {
		return def
	}
	a := l[0]
	if len(l) > 1 {
		list[u] = l[1:]
	}
	return a
}

func (d *double) client() *Client {
	return &Client{Base: d.srv.URL, Available: d.srv.URL, Access: testAccess, Secret: testSecret, UserAgent: "dossier-test"}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func (d *double) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/wayback/available" {
		d.serveAvailable(w, r)
		return
	}
	if r.Header.Get("Authorization") != "LOW "+testAccess+":"+testSecret {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "You need to be logged in to use Save Page Now."})
		return
	}
	if r.Header.Get("Accept") != "application/json" {
		w.Write([]byte("<html>Saving page now…</html>"))
		return
	}
	now := d.clock.Now()
	d.mu.Lock()
	d.requests = append(d.requests, now)
	if !d.lastBusy.IsZero() {
		d.waits = append(d.waits, now.Sub(d.lastBusy).String())
		d.lastBusy = time.Time{}
	}
	busy := func(code int, retry string) {
		d.lastBusy = now
		if retry != "" {
			w.Header().Set("Retry-After", retry)
		}
		writeJSON(w, code, map[string]string{"message": "Too many requests"})
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/save":
		if err := r.ParseForm(); err != nil || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			d.mu.Unlock()
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		u := r.PostForm.Get("url")
		a := next(d.submit, u, "ok")
		switch {
		case a == "ok":
			d.submits = append(d.submits, now)
			sum := sha1.Sum([]byte(u + strconv.Itoa(len(d.submits))))
			id := "spn2-" + hex.EncodeToString(sum[:])
			d.jobs[id], d.open[id] = u, true
			d.maxOpen = max(d.maxOpen, len(d.open))
			writeJSON(w, http.StatusOK, map[string]string{"url": u, "job_id": id})
		case strings.HasPrefix(a, "429"):
			busy(http.StatusTooManyRequests, strings.TrimPrefix(strings.TrimPrefix(a, "429"), ":"))
		case a == "503":
			busy(http.StatusServiceUnavailable, "")
		case a == "drop":
			// The connection is cut: no answer at all.
			d.mu.Unlock()
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		case a == "html":
			w.Write([]byte("<html>Saving page now…</html>"))
		default:
			d.submits = append(d.submits, now)
			writeJSON(w, http.StatusOK, map[string]string{"status": "error", "status_ext": a, "message": "This URL has been already captured 10 times today."})
		}
		d.mu.Unlock()
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/save/status/"):
		id := strings.TrimPrefix(r.URL.Path, "/save/status/")
		u, ok := d.jobs[id]
		if !ok {
			d.mu.Unlock()
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "job not found"})
			return
		}
		a := next(d.status, u, "success")
		hook := d.onStatus
		ts := now.UTC().Format("20060102150405")
		switch {
		case a == "pending":
			writeJSON(w, http.StatusOK, map[string]any{"status": "pending", "job_id": id, "resources": []string{}})
		case a == "success":
			delete(d.open, id)
			writeJSON(w, http.StatusOK, map[string]any{"status": "success", "job_id": id, "timestamp": ts, "original_url": u, "duration_sec": 6.2, "http_status": 200})
		case a == "redirect":
			delete(d.open, id)
			writeJSON(w, http.StatusOK, map[string]any{"status": "success", "job_id": id, "timestamp": ts, "original_url": "https://news.example/", "http_status": 200})
		case a == "404":
			delete(d.open, id)
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "job not found"})
		case a == "503":
			busy(http.StatusServiceUnavailable, "")
		default:
			delete(d.open, id)
			writeJSON(w, http.StatusOK, map[string]any{"status": "error", "job_id": id, "status_ext": a, "message": "\x1b[31m##[error]spoofed\r\n::error::also"})
		}
		d.mu.Unlock()
		if hook != nil {
			hook(u)
		}
	default:
		d.mu.Unlock()
		http.Error(w, fmt.Sprintf("no %s %s", r.Method, r.URL.Path), http.StatusNotFound)
	}
}

// serveAvailable answers as the Wayback Machine's availability API does
// (https://archive.org/help/wayback_api.php). It is another service, on
// another host: the keys must not come to it.
func (d *double) serveAvailable(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "" {
		d.t.Errorf("the keys were sent to the availability API")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	u := r.URL.Query().Get("url")
	d.near[u] = r.URL.Query().Get("timestamp")
	ts, ok := d.available[u]
	if !ok {
		writeJSON(w, http.StatusOK, map[string]any{"archived_snapshots": map[string]any{}})
		return
	}
	// The service gives the address with http and the port, as it has
	// them.
	orig := strings.Replace(u, "https://news.example/", "http://news.example:80/", 1)
	writeJSON(w, http.StatusOK, map[string]any{"archived_snapshots": map[string]any{"closest": map[string]any{
		"available": true, "url": "http://web.archive.org/web/" + ts + "/" + orig, "timestamp": ts, "status": "200",
	}}})
}
