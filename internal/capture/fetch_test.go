package capture

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"
)

var clock = time.Date(2026, 11, 25, 15, 30, 0, 0, time.UTC)

// testFetcher returns a Fetcher for httptest servers, which listen on
// loopback: it allows private addresses, as --allow-private does.
func testFetcher() *Fetcher {
	f := NewFetcher(true)
	f.UserAgent = "dossier/test (+https://github.com/dossier-org/dossier)"
	f.Now = func() time.Time { return clock }
	return f
}

func TestFetchPageAndRedirects(t *testing.T) {
	page := readFixture(t, "news")
	var gotUA string
	mux := http.NewServeMux()
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/moved", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/article?id=7", http.StatusFound)
	})
	mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
		gotUA = r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	p, err := testFetcher().Fetch(context.Background(), srv.URL+"/old#frag")
	if err != nil {
		t.Fatal(err)
	}
	if gotUA != "dossier/test (+https://github.com/dossier-org/dossier)" {
		t.Errorf("User-Agent %q", gotUA)
	}
	if len(p.Exchanges) != 3 {
		t.Fatalf("%d exchanges, want 3 (two redirects and the page)", len(p.Exchanges))
	}
	for i, want := range []struct {
		path   string
		status int
	}{{"/old", 301}, {"/moved", 302}, {"/article?id=7", 200}} {
		ex := p.Exchanges[i]
		if ex.URL != srv.URL+want.path || ex.Status != want.status {
			t.Errorf("exchange %d: %s %d, want %s %d", i, ex.URL, ex.Status, srv.URL+want.path, want.status)
		}
		if !bytes.HasPrefix(ex.Request, []byte("GET "+want.path+" HTTP/1.1\r\n")) {
			t.Errorf("exchange %d: request %q", i, ex.Request)
		}
		if ex.IP != "127.0.0.1" {
			t.Errorf("exchange %d: IP %q", i, ex.IP)
		}
	}
	if p.URL != srv.URL+"/article?id=7" || !bytes.Equal(p.Body, page) {
		t.Errorf("page %s, %d bytes", p.URL, len(p.Body))
	}
	if !bytes.HasSuffix(p.Exchanges[2].Response, page) || !bytes.HasPrefix(p.Exchanges[2].Response, []byte("HTTP/1.1 200 OK\r\n")) {
		t.Errorf("the recorded response is not the page's")
	}
}

func TestFetchGzip(t *testing.T) {
	page := readFixture(t, "blog")
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(page)
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(z.Bytes())
	}))
	defer srv.Close()
	p, err := testFetcher().Fetch(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(p.Body, page) {
		t.Errorf("body not decoded")
	}
	if !bytes.HasSuffix(p.Exchanges[0].Response, z.Bytes()) {
		t.Errorf("the WARC must keep the body as sent, gzipped")
	}
}

func TestFetchRefusals(t *testing.T) {
	big := bytes.Repeat([]byte("<p>word</p>"), 200)
	mux := http.NewServeMux()
	mux.HandleFunc("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7"))
	})
	mux.HandleFunc("/none", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil
		w.Write([]byte{0, 1, 2})
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(big)
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		zw.Write(bytes.Repeat([]byte(" "), 4096))
		zw.Close()
	})
	mux.HandleFunc("/br", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "br")
		w.Write([]byte("xx"))
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://files.example/a", http.StatusFound)
	})
	mux.HandleFunc("/file", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "file:///etc/passwd")
		w.WriteHeader(http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	f := testFetcher()
	f.MaxBody = 1000
	for _, tc := range []struct{ url, want string }{
		{srv.URL + "/pdf", `not an HTML page: the server sent "application/pdf"`},
		{srv.URL + "/none", `not an HTML page`},
		{srv.URL + "/big", "larger than"},
		{srv.URL + "/bomb", "unpacks to more than"},
		{srv.URL + "/br", `content coding "br" is not supported`},
		{srv.URL + "/gone", "410 Gone"},
		{srv.URL + "/loop", "more than 10 redirects"},
		{srv.URL + "/ftp", `only http and https addresses are fetched, not "ftp:"`},
		{srv.URL + "/file", `not "file:"`},
		{"file:///etc/passwd", `not "file:"`},
		{"javascript:alert(1)", `not "javascript:"`},
		{"https://user:pw@example.org/", "user name or password"},
		{"http:///nohost", "has no host"},
	} {
		_, err := f.Fetch(context.Background(), tc.url)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Fetch(%s): %v, want an error containing %q", tc.url, err, tc.want)
		}
	}
}

// TestDefaultDialerRefuses checks the default client (no --allow-private)
// against addresses that are not public. Each refusal happens in the
// dialer's Control, before any packet is sent, so the private ranges are
// never reached; a live server on loopback shows that a refusal is the
// check's and not a failed connection.
func TestDefaultDialerRefuses(t *testing.T) {
	page := readFixture(t, "news")
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(page)
	}))
	defer target.Close()
	tu, _ := url.Parse(target.URL)
	port := tu.Port()

	resolver := func(ctx context.Context, host string) ([]netip.Addr, error) {
		switch host {
		case "rebind.example":
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		case "mapped.example":
			return []netip.Addr{netip.MustParseAddr("::ffff:127.0.0.1")}, nil
		}
		return nil, fmt.Errorf("no such host %s (the test resolves no other name)", host)
	}
	fetcher := func() *Fetcher {
		f := NewFetcher(false)
		f.Client = NewClient(Dialer{LookupIP: resolver})
		return f
	}

	for _, raw := range []string{
		target.URL,
		"http://[::1]:" + port + "/",
		"http://10.1.2.3:" + port + "/",
		"http://169.254.169.254/latest/meta-data/",
		"http://192.168.0.1/",
		"http://[fe80::1]/",
		"http://[fd00::1]/",
		"http://0.0.0.0:" + port + "/",
		"http://rebind.example:" + port + "/",
		"http://mapped.example:" + port + "/",
	} {
		_, err := fetcher().Fetch(context.Background(), raw)
		var ae *AddressError
		if !errors.As(err, &ae) {
			t.Errorf("Fetch(%s): %v, want an address refused", raw, err)
		}
	}

	// A public first hop that redirects to loopback: the first server is
	// let through by address (as if it were public), the redirect's target
	// is refused at dial time.
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/secret", http.StatusFound)
	}))
	defer redirector.Close()
	ru, _ := url.Parse(redirector.URL)
	f := NewFetcher(false)
	f.Client = NewClient(Dialer{LookupIP: resolver, also: netip.MustParseAddrPort(ru.Host)})
	_, err := f.Fetch(context.Background(), redirector.URL)
	var ae *AddressError
	if !errors.As(err, &ae) || ae.Addr != netip.MustParseAddr("127.0.0.1") {
		t.Errorf("redirect to loopback: %v, want the address refused", err)
	}

	// And with --allow-private, the same page is fetched.
	allow := NewFetcher(true)
	allow.Client = NewClient(Dialer{AllowPrivate: true, LookupIP: resolver})
	if _, err := allow.Fetch(context.Background(), "http://rebind.example:"+port+"/"); err != nil {
		t.Errorf("with AllowPrivate: %v", err)
	}
}

func TestPublic(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want bool
	}{
		{"93.184.215.14", true},
		{"2606:2800:21f:cb07:6820:80da:af6b:8b2c", true},
		{"8.8.8.8", true},
		{"127.0.0.1", false},
		{"127.8.9.10", false},
		{"::1", false},
		{"10.0.0.1", false},
		{"172.16.5.4", false},
		{"172.32.0.1", true},
		{"192.168.1.1", false},
		{"169.254.169.254", false},
		{"100.64.0.1", false},
		{"0.0.0.0", false},
		{"0.1.2.3", false},
		{"::", false},
		{"224.0.0.1", false},
		{"255.255.255.255", false},
		{"240.0.0.1", false},
		{"198.18.0.1", false},
		{"192.0.2.5", false},
		{"fe80::1", false},
		{"fc00::1", false},
		{"fd12::1", false},
		{"ff02::1", false},
		{"::ffff:10.0.0.1", false},
		{"::ffff:8.8.8.8", true},
		{"64:ff9b::7f00:1", false},     // NAT64 of 127.0.0.1
		{"64:ff9b::808:808", true},     // NAT64 of 8.8.8.8
		{"2002:7f00:1::", false},       // 6to4 of 127.0.0.1
		{"2002:0808:0808::1", true},    // 6to4 of 8.8.8.8
		{"2001:db8::1", false},         // documentation
		{"2001:0:4136:e378::1", false}, // Teredo
	} {
		if got := Public(netip.MustParseAddr(tc.addr)); got != tc.want {
			t.Errorf("Public(%s) = %v, want %v", tc.addr, got, tc.want)
		}
	}
}

func TestUserAgent(t *testing.T) {
	ua := UserAgent()
	if !strings.HasPrefix(ua, "dossier/") || !strings.HasSuffix(ua, " (+https://github.com/dossier-org/dossier)") || strings.ContainsAny(ua, "\r\n") {
		t.Errorf("User-Agent %q", ua)
	}
	if f := NewFetcher(false); f.UserAgent != ua || f.MaxBody != MaxBody || f.Client.Timeout != Timeout {
		t.Errorf("NewFetcher: %q %d %v", f.UserAgent, f.MaxBody, f.Client.Timeout)
	}
	if tr := NewFetcher(false).Client.Transport.(*http.Transport); tr.Proxy != nil || tr.TLSHandshakeTimeout != ConnectTimeout {
		t.Errorf("the transport uses a proxy or has no handshake timeout")
	}
}
