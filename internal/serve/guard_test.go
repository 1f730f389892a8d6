package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dossier-org/dossier/internal/diag"
)

// built returns a server of the fixture site, built, not running.
func built(t *testing.T) *Server {
	t.Helper()
	srv := New(os.DirFS("../build/testdata/fixture"), io.Discard)
	if res := srv.Rebuild(nil); res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	return srv
}

// TestHostCheck sends requests addressed to other names, as a page using
// DNS rebinding does: only loopback names and those the server was given
// are answered, on every path.
func TestHostCheck(t *testing.T) {
	tests := []struct {
		allow []string // given to AllowHost
		host  string
		ok    bool
	}{
		{nil, "localhost", true},
		{nil, "LocalHost:1414", true},
		{nil, "127.0.0.1:1414", true},
		{nil, "127.0.0.1", true},
		{nil, "127.8.9.10:1414", true},
		{nil, "[::1]:1414", true},
		{nil, "[::1]", true},
		{nil, "[::ffff:127.0.0.1]:1414", true},
		{nil, "evil.example", false},
		{nil, "evil.example:1414", false},
		{nil, "localhost.evil.example:1414", false},
		{nil, "127.0.0.1.nip.io:1414", false},
		{nil, "localhost.", false},
		{nil, "", false},
		{nil, "192.168.1.5:1414", false},
		{nil, "0x7f000001:1414", false},
		{[]string{"192.168.1.5"}, "192.168.1.5:1414", true},
		{[]string{"192.168.1.5"}, "192.168.1.6:1414", false},
		{[]string{"192.168.1.5"}, "evil.example:1414", false},
		{[]string{"FE80::1"}, "[fe80::1]:1414", true},
		{[]string{"preview.lan"}, "Preview.LAN:1414", true},
		{[]string{"preview.lan"}, "evil.example", false},
		{[]string{"0.0.0.0"}, "10.1.2.3:1414", true},
		{[]string{"::"}, "[2001:db8::1]:1414", true},
		{[]string{"0.0.0.0"}, "evil.example:1414", false},
	}
	paths := []string{"/", "/sample/mayor.html", "/dossier.json", "/assets/search-index.js", ScriptPath, EventsPath}
	for _, tt := range tests {
		srv := built(t)
		for _, name := range tt.allow {
			srv.AllowHost(name)
		}
		for _, p := range paths {
			if tt.ok && p == EventsPath {
				continue // a stream that opens lasts: tested on a running server below
			}
			r := httptest.NewRequest("GET", p, nil)
			r.Host = tt.host
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, r)
			if got := w.Code != http.StatusForbidden; got != tt.ok {
				t.Errorf("allow %v, Host %q, %s: %d", tt.allow, tt.host, p, w.Code)
			}
		}
	}

	// The event stream, on a running server.
	h := start(t)
	for _, tt := range tests[:8] {
		if code := h.streamStatus(tt.host, nil); code != 200 {
			t.Errorf("event stream, Host %q: %d", tt.host, code)
		}
	}
	for _, host := range []string{"evil.example", "evil.example:1414", "192.168.1.5"} {
		if code := h.streamStatus(host, nil); code != http.StatusForbidden {
			t.Errorf("event stream, Host %q: %d", host, code)
		}
	}
}

// streamStatus opens the event stream with the given Host and headers and
// returns the status.
func (h *harness) streamStatus(host string, header map[string]string) int {
	h.t.Helper()
	req, _ := http.NewRequest("GET", h.url+EventsPath, nil)
	req.Host = host
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestOtherSites makes the requests another site's page can make of the
// preview in the writer's browser: it may link to it (a navigation), but
// not include its files as scripts or images nor open its event stream;
// and no response lets another origin read it or sniff its type, or tells
// a linked site the draft's address.
func TestOtherSites(t *testing.T) {
	srv := built(t)
	tests := []struct {
		path   string
		header map[string]string
		ok     bool
	}{
		{"/assets/search-index.js", nil, true},
		{"/assets/search-index.js", map[string]string{"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "script"}, true},
		{"/assets/search-index.js", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "script"}, false},
		{"/assets/search-index.js", map[string]string{"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "script"}, false},
		{"/dossier.json", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors", "Origin": "https://evil.example"}, false},
		{"/dossier.json", map[string]string{"Origin": "https://evil.example"}, false},
		{"/dossier.json", map[string]string{"Origin": "null"}, false},
		{"/dossier.json", map[string]string{"Origin": "http://127.0.0.1:1414"}, true},
		{"/sample/mayor.html", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, true},
		{"/sample/mayor.html", map[string]string{"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate"}, true},
		{"/sample/mayor.html", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"}, false},
		{EventsPath, map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors", "Origin": "https://evil.example"}, false},
		{EventsPath, map[string]string{"Origin": "https://evil.example"}, false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", tt.path, nil)
		r.Host = "127.0.0.1:1414"
		for k, v := range tt.header {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if got := w.Code == 200; got != tt.ok {
			t.Errorf("%s %v: %d", tt.path, tt.header, w.Code)
		}
		for k, want := range map[string]string{
			"X-Content-Type-Options":       "nosniff",
			"Referrer-Policy":              "no-referrer",
			"Cross-Origin-Resource-Policy": "same-origin",
			"Access-Control-Allow-Origin":  "",
		} {
			if got := w.Header().Get(k); got != want {
				t.Errorf("%s %v: %s: %q, want %q", tt.path, tt.header, k, got, want)
			}
		}
	}
	// The page's own event stream, opened by reload.js, is answered.
	h := start(t)
	same := map[string]string{"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}
	if code := h.streamStatus(strings.TrimPrefix(h.url, "http://"), same); code != 200 {
		t.Errorf("own event stream: %d", code)
	}
}

// TestMethodsAndBodies sends what a page may send besides GET and HEAD.
func TestMethodsAndBodies(t *testing.T) {
	srv := built(t)
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"} {
		for _, p := range []string{"/", "/dossier.json", EventsPath} {
			r := httptest.NewRequest(method, p, nil)
			r.Host = "localhost"
			r.Header.Set("Origin", "http://localhost")
			r.Header.Set("Access-Control-Request-Method", "GET")
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, r)
			if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" || w.Header().Get("Access-Control-Allow-Origin") != "" {
				t.Errorf("%s %s: %d, Allow %q", method, p, w.Code, w.Header().Get("Allow"))
			}
		}
	}
	r := httptest.NewRequest("GET", "/", strings.NewReader("a body"))
	r.Host = "localhost"
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	if w.Code != http.StatusBadRequest {
		t.Errorf("GET with a body: %d", w.Code)
	}
}

// rawStatus sends request on a connection of its own and returns the
// status line of the answer, or "" when the server closed the connection.
func rawStatus(t *testing.T, addr, request string) string {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	go io.WriteString(conn, request)
	line, _ := bufio.NewReader(conn).ReadString('\n')
	return strings.TrimSpace(line)
}

// TestConnectionLimits attacks a running server over raw connections: a
// request line or headers too large are refused, and the event streams
// are bounded in number.
func TestConnectionLimits(t *testing.T) {
	h := startWith(t, func(s *Server, dir string) {
		s.events.max = 3 // the harness holds one
	})
	addr := strings.TrimPrefix(h.url, "http://")
	if s := rawStatus(t, addr, "GET /"+strings.Repeat("a", 1<<20)+" HTTP/1.1\r\nHost: localhost\r\n\r\n"); !strings.Contains(s, " 431 ") {
		t.Errorf("a 1 MB URL: %q", s)
	}
	many := "GET / HTTP/1.1\r\nHost: localhost\r\n" + strings.Repeat("X-A: "+strings.Repeat("b", 50)+"\r\n", 1000) + "\r\n"
	if s := rawStatus(t, addr, many); !strings.Contains(s, " 431 ") {
		t.Errorf("1,000 headers: %q", s)
	}
	for _, req := range []string{
		"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n",
		"GET http://evil.example/ HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"GET / HTTP/1.0\r\n\r\n",
	} {
		if s := rawStatus(t, addr, req); !strings.Contains(s, " 403 ") && !strings.Contains(s, " 400 ") {
			t.Errorf("%q: %q", req, s)
		}
	}

	// Two more streams may open, the next is refused.
	var open []*http.Response
	defer func() {
		for _, resp := range open {
			resp.Body.Close()
		}
	}()
	for i := range 3 {
		resp, err := http.Get(h.url + EventsPath)
		if err != nil {
			t.Fatal(err)
		}
		open = append(open, resp)
		if want := map[bool]int{true: 200, false: 503}[i < 2]; resp.StatusCode != want {
			t.Errorf("stream %d: %d, want %d", i+2, resp.StatusCode, want)
		}
	}
}

// TestTimeouts runs a server with short timeouts: a client that sends its
// headers too slowly (slowloris) is cut off, and the event streams outlive
// the deadlines of ordinary responses.
func TestTimeouts(t *testing.T) {
	// Long enough for a loaded machine to read a request's headers.
	short := time.Second
	h := startWith(t, func(s *Server, dir string) {
		s.timeouts = timeouts{ReadHeader: short, Read: short, Write: short, Idle: short}
	})
	// Slowloris: half a request, then nothing. The server closes the
	// connection once the header timeout has passed; the test's own
	// deadline only guards against a server that never does.
	conn, err := net.Dial("tcp", strings.TrimPrefix(h.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	io.WriteString(conn, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	if _, err := io.ReadAll(conn); err != nil {
		t.Errorf("a slow client's connection was not closed: %v", err)
	}

	// The harness's stream has outlived the deadlines: a rebuild after
	// them still reaches it. (The wait makes sure they passed; it
	// synchronises nothing.)
	time.Sleep(2*short - time.Since(start))
	h.write("content/sample/mayor.md", mayor("After the deadlines"))
	h.awaitReload()
}

// TestFolderRedirect asks for folders without their slash, in the forms a
// hostile link may give: the redirect stays on the preview, never
// "//name/", which a browser reads as another host.
func TestFolderRedirect(t *testing.T) {
	srv := built(t)
	for _, p := range []string{"/sample", "//sample", "///sample", "/./sample", "/x/../sample", "/.//sample"} {
		r := httptest.NewRequest("GET", "/", nil)
		r.URL.Path = p
		r.Host = "localhost"
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if loc := w.Header().Get("Location"); w.Code != http.StatusMovedPermanently || loc != "/sample/" {
			t.Errorf("%s: %d, Location %q", p, w.Code, loc)
		}
	}
}

// TestStreamInjection reports errors whose text holds line breaks and SSE
// fields, as a diagnostic quoting a hostile note may: the page gets them as
// one state event, its text intact, and no event they spell.
func TestStreamInjection(t *testing.T) {
	h := start(t)
	hostile := "x\n\nevent: reload\ndata: {}\r\n\rid: 1\u2028</script><script>alert(1)</script>"
	d := diag.Diagnostic{Path: "content/sample/mayor.md", Line: 1, Col: 1, Severity: diag.Error, Message: hostile}
	h.srv.reportErrors(diag.List{d})
	e := h.next()
	// The page gets the diagnostic as the terminal shows it (control
	// characters escaped, continuation lines indented), in one event.
	if e.name != "state" || len(e.data.Errors) != 1 || e.data.Errors[0] != d.String() || !strings.Contains(e.data.Errors[0], "event: reload") {
		t.Fatalf("event %q, errors %q", e.name, e.data.Errors)
	}
	h.srv.reportErrors(nil)
	if e := h.next(); e.name != "state" || len(e.data.Errors) != 0 {
		t.Fatalf("event %q, errors %q, want the state without errors", e.name, e.data.Errors)
	}
}
