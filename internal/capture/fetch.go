// Package capture takes an article from the web: it fetches a page over
// HTTP, safely (only http and https, public addresses only, a size limit,
// timeouts, redirects followed and recorded), extracts the article's text
// as a seed and its metadata from the page's own structured data, and
// keeps the raw exchange as a WARC file, the web-archiving standard.
//
// Fetching is I/O at the edge (a Fetcher around an http.Client that tests
// point at httptest); extraction and the WARC are pure functions of bytes.
package capture

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/dossier-org/dossier/internal/version"
)

// Limits of a fetch.
const (
	// MaxBody is the largest page accepted, in bytes: 16 MiB, some fifty
	// times a heavy news page's HTML.
	MaxBody = 16 << 20
	// MaxRedirects is the most redirects followed.
	MaxRedirects = 10
	// ConnectTimeout bounds each connection's set-up (TCP and TLS).
	ConnectTimeout = 10 * time.Second
	// Timeout bounds the whole capture, redirects included.
	Timeout = 60 * time.Second
	// maxRedirectBody is how much of a redirect's own body is kept.
	maxRedirectBody = 64 << 10
)

// UserAgent returns the User-Agent dossier sends:
// "dossier/<version> (+https://<module>)".
func UserAgent() string {
	info := version.Read()
	return fmt.Sprintf("dossier/%s (+https://%s)", info.Version, info.Module)
}

// Exchange is one HTTP request and its response, as recorded in the WARC.
type Exchange struct {
	// URL is the address requested.
	URL string
	// Time is when the request was sent.
	Time time.Time
	// Request is the request's head as sent: request line and headers.
	Request []byte
	// Response is the response as received: status line, headers (in
	// sorted order, as Go's client gives them as a map, with any chunked
	// transfer coding removed) and the body, still content-coded.
	Response []byte
	// Status is the response's status code.
	Status int
	// IP is the server's address, when known.
	IP string
}

// Page is a fetched page: the exchanges that led to it, the last one the
// page's own.
type Page struct {
	// Exchanges are the redirects followed, in order, then the page.
	Exchanges []Exchange
	// URL is the page's final address, after redirects.
	URL string
	// Body is the page's HTML, decoded from any content coding (not from
	// its character set: Extract does that).
	Body []byte
	// ContentType is the response's Content-Type header.
	ContentType string
}

// Fetcher fetches pages. The zero value is not usable: use NewFetcher.
type Fetcher struct {
	// Client sends the requests. It must not follow redirects itself
	// (the Fetcher does, to record each); NewClient makes one.
	Client *http.Client
	// UserAgent is sent with every request.
	UserAgent string
	// MaxBody is the largest body accepted, in bytes.
	MaxBody int64
	// Now is the clock, replaced in tests.
	Now func() time.Time
}

// NewFetcher returns a Fetcher with the package's limits and a client
// that refuses non-public addresses unless allowPrivate.
func NewFetcher(allowPrivate bool) *Fetcher {
	return &Fetcher{Client: NewClient(Dialer{AllowPrivate: allowPrivate}), UserAgent: UserAgent(), MaxBody: MaxBody, Now: time.Now}
}

// Dialer opens connections to public addresses only: it checks the address
// actually dialled, after name resolution, so that a name that resolves to
// a private address (DNS rebinding included) and a redirect to one are
// refused alike.
type Dialer struct {
	// AllowPrivate lets through loopback, private and other non-public
	// addresses (for a server on the desk's own network, and for tests).
	AllowPrivate bool
	// LookupIP resolves a host name; nil means net.DefaultResolver's.
	// Tests replace it, so that no test needs a name server.
	LookupIP func(ctx context.Context, host string) ([]netip.Addr, error)
	// also lets through this one address besides the public ones: tests
	// use it for a first server on loopback that redirects elsewhere.
	also netip.AddrPort
}

// NewClient returns an http.Client whose connections go through d, that
// uses no proxy (a proxy would dial for us, past the address check) and
// follows no redirect on its own.
func NewClient(d Dialer) *http.Client {
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   ConnectTimeout,
		ResponseHeaderTimeout: 30 * time.Second,
		MaxIdleConns:          4,
		IdleConnTimeout:       30 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Transport:     tr,
		Timeout:       Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// AddressError is a refused address.
type AddressError struct {
	Host string
	Addr netip.Addr
}

func (e *AddressError) Error() string {
	if e.Host == e.Addr.String() {
		return fmt.Sprintf("%s is not a public address: refused (use --allow-private to capture from a private network)", e.Host)
	}
	return fmt.Sprintf("%s is at %s, which is not a public address: refused (use --allow-private to capture from a private network)", e.Host, e.Addr)
}

// DialContext resolves address's host and connects to the first of its
// addresses that answers; every address is checked as it is dialled.
func (d Dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{a}
	} else {
		lookup := d.LookupIP
		if lookup == nil {
			lookup = func(ctx context.Context, host string) ([]netip.Addr, error) {
				return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
			}
		}
		if addrs, err = lookup(ctx, host); err != nil {
			return nil, err
		}
		if len(addrs) == 0 {
			return nil, fmt.Errorf("%s has no address", host)
		}
	}
	var firstErr error
	for _, a := range addrs {
		nd := net.Dialer{Timeout: ConnectTimeout, Control: d.control(host)}
		conn, err := nd.DialContext(ctx, network, net.JoinHostPort(a.Unmap().String(), port))
		if err == nil {
			return conn, nil
		}
		var ae *AddressError
		if errors.As(err, &ae) {
			return nil, ae
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// control is the net.Dialer's Control: it sees the address about to be
// connected to, whatever resolved it.
func (d Dialer) control(host string) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, c syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("cannot check the address %q: refused", address)
		}
		if !d.AllowPrivate && !Public(ap.Addr()) && !(d.also.IsValid() && ap == d.also) {
			return &AddressError{Host: host, Addr: ap.Addr()}
		}
		return nil
	}
}

// nonPublic are the ranges no capture reaches without AllowPrivate,
// besides those netip classifies (loopback, private, link-local,
// multicast, unspecified): IANA's special-purpose registries.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("2001::/23"),       // IETF protocol assignments (Teredo included)
	netip.MustParsePrefix("fc00::/7"),        // unique local
	netip.MustParsePrefix("fec0::/10"),       // site-local, deprecated
}

// embedding are IPv6 ranges that carry an IPv4 address, which is checked
// in turn: NAT64 and 6to4.
var embedding = []struct {
	prefix netip.Prefix
	at     int // byte offset of the IPv4 address
}{
	{netip.MustParsePrefix("64:ff9b::/96"), 12},
	{netip.MustParsePrefix("64:ff9b:1::/48"), 12},
	{netip.MustParsePrefix("2002::/16"), 2},
}

// Public reports whether a is a public unicast address: not loopback,
// private, link-local, multicast, unspecified, nor in a special-purpose
// range, IPv4 addresses mapped or embedded in IPv6 included.
func Public(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	if a.Is6() {
		b := a.As16()
		for _, e := range embedding {
			if e.prefix.Contains(a) {
				return Public(netip.AddrFrom4([4]byte(b[e.at : e.at+4])))
			}
		}
	}
	return true
}

// A FetchError is a fetch that failed for a reason the user can act on.
type FetchError struct {
	URL string
	Msg string
	Err error
}

func (e *FetchError) Error() string {
	if e.Msg == "" {
		return e.URL + ": " + e.Err.Error()
	}
	if e.Err != nil {
		return e.URL + ": " + e.Msg + ": " + e.Err.Error()
	}
	return e.URL + ": " + e.Msg
}

func (e *FetchError) Unwrap() error { return e.Err }

// CheckURL reports why raw cannot be fetched: only absolute http and
// https addresses with a host can.
func CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("malformed address %q", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("only http and https addresses are fetched, not %q", u.Scheme+":")
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("the address %q has no host", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("the address %q holds a user name or password: remove it", raw)
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// Fetch gets the page at raw, following redirects, and returns it with
// every exchange. The page must be HTML.
func (f *Fetcher) Fetch(ctx context.Context, raw string) (*Page, error) {
	u, err := CheckURL(raw)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	p := &Page{}
	for hop := 0; ; hop++ {
		ex, resp, body, err := f.exchange(ctx, u)
		if err != nil {
			return nil, err
		}
		p.Exchanges = append(p.Exchanges, ex)
		if resp.StatusCode >= 300 && resp.StatusCode < 400 && resp.Header.Get("Location") != "" {
			if hop == MaxRedirects {
				return nil, &FetchError{URL: u.String(), Msg: fmt.Sprintf("more than %d redirects", MaxRedirects)}
			}
			next, err := u.Parse(resp.Header.Get("Location"))
			if err != nil {
				return nil, &FetchError{URL: u.String(), Msg: "redirected to a malformed address", Err: err}
			}
			if u, err = CheckURL(next.String()); err != nil {
				return nil, &FetchError{URL: ex.URL, Msg: "redirected", Err: err}
			}
			continue
		}
		if resp.StatusCode != http.StatusOK {
			return nil, &FetchError{URL: u.String(), Msg: fmt.Sprintf("the server answered %s", resp.Status)}
		}
		ct := resp.Header.Get("Content-Type")
		mt, _, _ := mime.ParseMediaType(ct)
		if mt != "text/html" && mt != "application/xhtml+xml" {
			got := ct
			if got == "" {
				got = "no Content-Type"
			}
			return nil, &FetchError{URL: u.String(), Msg: fmt.Sprintf("not an HTML page: the server sent %q", got)}
		}
		decoded, err := decode(resp.Header.Get("Content-Encoding"), body, f.MaxBody)
		if err != nil {
			return nil, &FetchError{URL: u.String(), Msg: "cannot decode the body", Err: err}
		}
		p.URL, p.Body, p.ContentType = u.String(), decoded, ct
		return p, nil
	}
}

// exchange sends one GET and reads its response, within the size limit.
func (f *Fetcher) exchange(ctx context.Context, u *url.URL) (Exchange, *http.Response, []byte, error) {
	ex := Exchange{URL: u.String(), Time: f.Now().UTC()}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return ex, nil, nil, &FetchError{URL: ex.URL, Msg: "cannot make the request", Err: err}
	}
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
	// Asked for explicitly, so that the transport neither adds gzip nor
	// decodes it behind our back: the WARC keeps what was sent.
	req.Header.Set("Accept-Encoding", "gzip, identity")
	var remote string
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		if ap, err := netip.ParseAddrPort(info.Conn.RemoteAddr().String()); err == nil {
			remote = ap.Addr().Unmap().String()
		}
	}}
	req = req.WithContext(httptrace.WithClientTrace(ctx, trace))
	resp, err := f.Client.Do(req)
	if err != nil {
		var ae *AddressError
		if errors.As(err, &ae) {
			return ex, nil, nil, &FetchError{URL: ex.URL, Err: ae}
		}
		return ex, nil, nil, &FetchError{URL: ex.URL, Msg: "cannot fetch", Err: unwrapURLError(err)}
	}
	defer resp.Body.Close()
	limit := f.MaxBody
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		limit = maxRedirectBody
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return ex, nil, nil, &FetchError{URL: ex.URL, Msg: "cannot read the page", Err: unwrapURLError(err)}
	}
	if int64(len(body)) > limit {
		if limit == maxRedirectBody {
			body = body[:limit]
		} else {
			return ex, nil, nil, &FetchError{URL: ex.URL, Msg: fmt.Sprintf("the page is larger than %d MiB, the most captured", f.MaxBody>>20)}
		}
	}
	ex.Request = requestHead(req)
	ex.Response = responseBytes(resp, body)
	ex.Status = resp.StatusCode
	ex.IP = remote
	return ex, resp, body, nil
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// requestHead writes the request's line and headers as HTTP/1.1 sends
// them, headers in sorted order.
func requestHead(req *http.Request) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\n", req.Method, req.URL.RequestURI())
	fmt.Fprintf(&b, "Host: %s\r\n", req.URL.Host)
	writeHeaders(&b, req.Header)
	b.WriteString("\r\n")
	return b.Bytes()
}

// responseBytes writes the response as received: status line, headers
// and body. The chunked transfer coding, which Go's client removes, is
// not written back, and Content-Length is then the body's.
func responseBytes(resp *http.Response, body []byte) []byte {
	var b bytes.Buffer
	proto := resp.Proto
	if proto == "" || strings.HasPrefix(proto, "HTTP/2") || strings.HasPrefix(proto, "HTTP/3") {
		// WARC records HTTP/1.x messages; the status line says what was
		// received, the framing does not matter.
		proto = "HTTP/1.1"
	}
	status := resp.Status
	if status == "" {
		status = fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	fmt.Fprintf(&b, "%s %s\r\n", proto, status)
	h := resp.Header.Clone()
	if len(resp.TransferEncoding) > 0 || h.Get("Content-Length") == "" {
		h.Set("Content-Length", fmt.Sprint(len(body)))
	}
	writeHeaders(&b, h)
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

func writeHeaders(b *bytes.Buffer, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			// Go's client refuses headers with line breaks; be safe anyway.
			v = strings.NewReplacer("\r", " ", "\n", " ").Replace(v)
			fmt.Fprintf(b, "%s: %s\r\n", k, v)
		}
	}
}

// decode undoes the response's content coding, within the size limit (a
// small gzip body may unpack to gigabytes).
func decode(coding string, body []byte, limit int64) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(coding)) {
	case "", "identity":
		return body, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		out, err := io.ReadAll(io.LimitReader(zr, limit+1))
		if err != nil {
			return nil, err
		}
		if int64(len(out)) > limit {
			return nil, fmt.Errorf("the page unpacks to more than %d MiB, the most captured", limit>>20)
		}
		return out, nil
	default:
		return nil, fmt.Errorf("the content coding %q is not supported", coding)
	}
}
