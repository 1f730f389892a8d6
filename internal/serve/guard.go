package serve

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"
)

// The preview serves drafts that are not yet published, to the writer's
// own browser. That browser also runs other sites' pages, which may try to
// read the preview:
//
//   - by DNS rebinding: a page of evil.example has its name resolve to
//     127.0.0.1 and then reads the preview as its own origin. Its requests
//     carry Host: evil.example, so the server answers only requests whose
//     Host is a name it knows (see allowedHost);
//   - by including a file as a script or an image, which a browser allows
//     across origins (the search index is a script that sets a global), or
//     by opening the event stream from their own origin: requests a browser
//     marks as coming from another site (Sec-Fetch-Site, or an Origin that
//     is not the preview's) are refused, except a navigation (a link
//     followed to the preview, which shows the page to the writer and not
//     to the page that linked), and every response says
//     Cross-Origin-Resource-Policy: same-origin for browsers that do not
//     send Sec-Fetch-Site;
//   - through the Referer header, which would tell a source's site the
//     preview's address and a draft's name when the writer follows a link:
//     every response says Referrer-Policy: no-referrer.
//
// There is no Access-Control-Allow-Origin header: no other origin may read
// anything.

// timeouts bounds the time a connection may take; the event streams are
// exempt from the write and read deadlines, since they stay open while the
// page does.
type timeouts struct {
	// ReadHeader bounds the reading of a request's headers (a client
	// sending them a byte at a time holds a connection no longer), and
	// Read of the whole request: requests have no body.
	ReadHeader, Read time.Duration
	// Write bounds a response, from the end of its request's headers.
	Write time.Duration
	// Idle bounds the wait for the next request on a kept-alive
	// connection.
	Idle time.Duration
}

// defaultTimeouts are generous for a browser on the same machine: the
// largest response, a 10,000-note site's export, takes a few seconds to
// make, once per build.
var defaultTimeouts = timeouts{ReadHeader: 5 * time.Second, Read: 10 * time.Second, Write: time.Minute, Idle: time.Minute}

// maxHeaderBytes bounds a request's line and headers. A browser sends a
// few hundred bytes to the preview, which sets no cookies.
const maxHeaderBytes = 16 << 10

// AllowHost makes the server answer requests addressed to name (a host
// name or an IP address, without port), beyond those it always answers:
// localhost and the loopback addresses. An unspecified address (0.0.0.0 or
// ::, listening on every interface) allows every IP address, since a
// client may reach the machine by any of its addresses, and an address
// cannot be rebound as a name can. Call it before serving.
func (s *Server) AllowHost(name string) {
	name, ip := hostName(name)
	if ip.IsUnspecified() {
		s.anyIP = true
		return
	}
	if s.hosts == nil {
		s.hosts = map[string]bool{}
	}
	s.hosts[name] = true
}

// allowedHost reports whether a request's Host header names this server.
func (s *Server) allowedHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host, ip := hostName(host)
	if host == "localhost" || ip.IsValid() && (ip.Unmap().IsLoopback() || s.anyIP) {
		return true
	}
	return s.hosts[host]
}

// hostName returns a host, as AllowHost is given it or a Host header
// names it, in the one spelling that AllowHost and allowedHost compare:
// lower-case, an IPv6 address without its brackets, and an address as
// netip writes it, which it also returns (the zero Addr for a name).
func hostName(host string) (string, netip.Addr) {
	host = strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip.String(), ip
	}
	return host, netip.Addr{}
}

// refuse says why a request is refused, or "" when it may be answered.
func (s *Server) refuse(r *http.Request) (status int, why string) {
	if !s.allowedHost(r.Host) {
		return http.StatusForbidden, "this preview answers only requests addressed to localhost, a loopback address or a name given to dossier serve --host"
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return http.StatusMethodNotAllowed, "method not allowed"
	}
	if r.ContentLength != 0 {
		return http.StatusBadRequest, "requests to this preview take no body"
	}
	site := r.Header.Get("Sec-Fetch-Site")
	if (site == "cross-site" || site == "same-site") && r.Header.Get("Sec-Fetch-Mode") != "navigate" {
		return http.StatusForbidden, "this preview is not for other sites' pages"
	}
	if origin := r.Header.Get("Origin"); origin != "" && !strings.EqualFold(origin, "http://"+r.Host) {
		return http.StatusForbidden, "this preview is not for other sites' pages"
	}
	return 0, ""
}
