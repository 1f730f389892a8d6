// Package archive asks the Internet Archive's Save Page Now service to
// archive the sources that notes cite, and writes each archived copy's
// address and date into the notes' front matter ("dossier archive").
//
// The service is Save Page Now 2 (SPN2), as its public API document
// describes it ("Save Page Now 2 Public API Docs Draft", Vangelis Banos,
// linked from https://web.archive.org/save): a capture is asked for with
// POST /save (form field url, header "Accept: application/json", header
// "Authorization: LOW <access key>:<secret key>" with the S3 keys of an
// archive.org account), which answers {"url", "job_id"}; GET
// /save/status/<job_id> then answers "pending", "success" (with the
// capture's "timestamp", YYYYMMDDhhmmss, and its "original_url") or
// "error" (with "status_ext", such as "error:too-many-daily-captures", and
// a "message"). The archived copy is at
// https://web.archive.org/web/<timestamp>/<original_url>. An error may also
// come with HTTP 200 in answer to the POST itself, without a job.
//
// The service limits how fast one account may capture (a few captures a
// minute, fewer without an account; the figures have changed over the
// years), how many captures run at once, and how often one URL is captured
// a day; it answers HTTP 429 when asked too fast. So the package is slow
// on purpose: one submission at a time, MinInterval apart, at most MaxJobs
// captures running, every wait the service asks for (Retry-After) honoured
// and a growing one after a 429 or 5xx answer that gives none.
//
// When a page cannot be captured any more (it is gone, or now redirects
// elsewhere), Runner.Existing falls back on the Wayback Machine's existing
// capture closest to when the source was consulted, found with its
// availability API (https://archive.org/help/wayback_api.php), to which
// the keys are never sent.
//
// Nothing here is tested against the real service: the tests run against
// an httptest double of the API, and no test reaches the network.
package archive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-org/dossier/internal/frontmatter"
	"github.com/dossier-org/dossier/internal/textcheck"
)

// DefaultBase is the address of the Save Page Now service.
const DefaultBase = "https://web.archive.org"

// ReplayBase is where the Wayback Machine shows a capture:
// ReplayBase + timestamp + "/" + original URL.
const ReplayBase = "https://web.archive.org/web/"

// maxAnswer is the largest answer of the service read, in bytes.
const maxAnswer = 1 << 20

// A Client speaks to the Save Page Now service.
type Client struct {
	// Base is the service's address, DefaultBase when empty; tests give
	// an httptest server's.
	Base string
	// Access and Secret are the S3 keys of an archive.org account. They
	// are sent in the Authorization header, to Base only, and never
	// written anywhere else.
	Access, Secret string
	// HTTP is the client used; nil means one with a timeout of a minute
	// that follows no redirect (so the keys go nowhere else).
	HTTP *http.Client
	// UserAgent names the program to the service.
	UserAgent string
	// Available is the address of the Wayback Machine's availability
	// API, DefaultAvailable when empty; the keys are never sent there.
	Available string
}

// DefaultAvailable is the address of the Wayback Machine's availability
// API (https://archive.org/help/wayback_api.php): GET
// /wayback/available?url=U&timestamp=YYYYMMDD answers the capture of U
// closest to the time, {"archived_snapshots": {"closest": {"available":
// true, "url", "timestamp", "status"}}}, or {"archived_snapshots": {}}.
const DefaultAvailable = "https://archive.org"

// Closest returns the Wayback Machine's existing capture of target closest
// to near (YYYYMMDD, or empty for the latest), made with HTTP status 200;
// ok is false when there is none, or none of target's own address.
func (c *Client) Closest(ctx context.Context, target, near string) (capt Capture, ok bool, err error) {
	base := c.Available
	if base == "" {
		base = DefaultAvailable
	}
	q := url.Values{"url": {target}}
	if near != "" {
		q.Set("timestamp", near)
	}
	var answer struct {
		Snapshots struct {
			Closest *struct {
				Available bool   `json:"available"`
				URL       string `json:"url"`
				Timestamp string `json:"timestamp"`
				Status    string `json:"status"`
			} `json:"closest"`
		} `json:"archived_snapshots"`
	}
	if err := c.request(ctx, http.MethodGet, base, "/wayback/available?"+q.Encode(), nil, false, &answer); err != nil {
		return Capture{}, false, err
	}
	cl := answer.Snapshots.Closest
	if cl == nil || !cl.Available || cl.Status != "200" {
		return Capture{}, false, nil
	}
	// The snapshot's address is .../web/<timestamp>/<original>.
	_, orig, found := strings.Cut(cl.URL, "/web/"+cl.Timestamp+"/")
	if !found {
		return Capture{}, false, nil
	}
	capt, err = capture(target, &Status{Timestamp: cl.Timestamp, OriginalURL: orig})
	if err != nil {
		return Capture{}, false, nil
	}
	return capt, true, nil
}

// CheckKeys reports why access and secret cannot be S3 keys: empty, or
// holding anything but printable ASCII without spaces (a colon in the
// access key would be read as the end of it). The message never shows the
// keys.
func CheckKeys(access, secret string) error {
	for _, k := range []struct{ name, v string }{{"access key", access}, {"secret key", secret}} {
		if k.v == "" {
			return fmt.Errorf("the %s is empty", k.name)
		}
		for i := 0; i < len(k.v); i++ {
			if c := k.v[i]; c <= ' ' || c >= 0x7f || k.name == "access key" && c == ':' {
				return fmt.Errorf("the %s holds a character that cannot be in one (a space, a control character, a non-ASCII letter%s)", k.name, map[bool]string{true: " or a colon", false: ""}[k.name == "access key"])
			}
		}
	}
	return nil
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{
		Timeout:       time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// An HTTPError is an answer of the service with a status other than 200.
type HTTPError struct {
	// Code is the HTTP status code.
	Code int
	// RetryAfter is the wait the answer's Retry-After header asks for, or
	// -1 without one.
	RetryAfter time.Duration
	// Message is what the answer says, cut short.
	Message string
}

func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("the Archive answered HTTP %d %s", e.Code, http.StatusText(e.Code))
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// A CaptureError is a capture the service refused or could not make.
type CaptureError struct {
	// Ext is the service's code, such as "error:too-many-daily-captures".
	Ext string
	// Message is the service's explanation, cut short.
	Message string
}

func (e *CaptureError) Error() string {
	msg := "the Archive could not capture it (" + e.Ext + ")"
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// Status is the state of a capture job.
type Status struct {
	// Status is "pending", "success" or "error".
	Status string `json:"status"`
	// Timestamp is the capture's time, YYYYMMDDhhmmss (success).
	Timestamp string `json:"timestamp"`
	// OriginalURL is the address captured (success).
	OriginalURL string `json:"original_url"`
	// StatusExt is the error's code (error).
	StatusExt string `json:"status_ext"`
	// Message explains an error.
	Message string `json:"message"`
}

// Submit asks for a capture of target and returns the job's id.
func (c *Client) Submit(ctx context.Context, target string) (string, error) {
	form := url.Values{"url": {target}}
	var answer struct {
		JobID     string `json:"job_id"`
		Status    string `json:"status"`
		StatusExt string `json:"status_ext"`
		Message   string `json:"message"`
	}
	if err := c.do(ctx, http.MethodPost, "/save", strings.NewReader(form.Encode()), &answer); err != nil {
		return "", err
	}
	if answer.Status == "error" {
		return "", &CaptureError{Ext: shown(answer.StatusExt), Message: shown(answer.Message)}
	}
	if !jobIDRE.MatchString(answer.JobID) {
		return "", fmt.Errorf("the Archive answered without a job id (%q)", shown(answer.JobID))
	}
	return answer.JobID, nil
}

// jobIDRE is the shape of a job id accepted: it is written into the
// status request's path. The service's are "spn2-" and 40 hexadecimal
// digits; no more is assumed than a short token.
var jobIDRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,128}$`)

// Status asks for the state of the job id.
func (c *Client) Status(ctx context.Context, id string) (*Status, error) {
	if !jobIDRE.MatchString(id) {
		return nil, fmt.Errorf("malformed job id %q", shown(id))
	}
	var st Status
	if err := c.do(ctx, http.MethodGet, "/save/status/"+id, nil, &st); err != nil {
		return nil, err
	}
	st.StatusExt, st.Message = shown(st.StatusExt), shown(st.Message)
	return &st, nil
}

// do sends a request to the service and decodes its JSON answer into v.
func (c *Client) do(ctx context.Context, method, path string, body io.Reader, v any) error {
	base := c.Base
	if base == "" {
		base = DefaultBase
	}
	return c.request(ctx, method, base, path, body, true, v)
}

// request sends a request to base+path, with the keys when auth is set,
// and decodes its JSON answer into v.
func (c *Client) request(ctx context.Context, method, base, path string, body io.Reader, auth bool, v any) error {
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(base, "/")+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	if auth && (c.Access != "" || c.Secret != "") {
		if err := CheckKeys(c.Access, c.Secret); err != nil {
			return err
		}
		req.Header.Set("Authorization", "LOW "+c.Access+":"+c.Secret)
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return fmt.Errorf("reading the Archive's answer: %w", err)
	}
	if len(data) > maxAnswer {
		return fmt.Errorf("the Archive's answer is over %s bytes", textcheck.Count(maxAnswer))
	}
	if resp.StatusCode != http.StatusOK {
		e := &HTTPError{Code: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"), time.Now())}
		var m struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(data, &m) == nil {
			e.Message = shown(m.Message)
		}
		return e
	}
	if err := json.Unmarshal(data, v); err != nil {
		return errors.New("the Archive's answer is not the JSON expected (is the service's address right?)")
	}
	return nil
}

// retryAfter reads a Retry-After header: a number of seconds or an HTTP
// date. It returns -1 when there is none or it cannot be read.
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return -1
	}
	if n, err := strconv.Atoi(h); err == nil {
		if n < 0 {
			return -1
		}
		return time.Duration(min(n, 1<<20)) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(t.Sub(now), 0)
	}
	return -1
}

// shown makes a text of the service fit for a message: valid UTF-8, at
// most 200 characters. The writers of messages escape the rest.
func shown(s string) string {
	s = strings.ToValidUTF8(strings.TrimSpace(s), "\uFFFD")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:199]) + "…"
	}
	return s
}

var (
	timestampRE = regexp.MustCompile(`^[0-9]{14}$`)
	dateRE      = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

// CheckArchiveURL reports why s cannot be written as a source's archive:
// it must be an http or https URL of printable ASCII characters, so that
// nothing the service answers can hide in a note.
func CheckArchiveURL(s string) error {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			return fmt.Errorf("the archived copy's address %q holds a character that is not printable ASCII", shown(s))
		}
	}
	return frontmatter.CheckURL(s)
}

// Capture is an archived copy.
type Capture struct {
	// Archive is the copy's address.
	Archive string
	// Archived is the date of the capture, YYYY-MM-DD (UTC).
	Archived string
	// Original is the address the service says it captured.
	Original string
}

// capture turns a successful job's status into the archived copy of
// target, checking what the service answered: a timestamp of 14 digits,
// and an original address that is target's (the same but for http and
// https, the host's case or a final slash). A page that now redirects
// elsewhere (a home page, a login) is captured under another address:
// that is not a copy of the source, and is refused.
func capture(target string, st *Status) (Capture, error) {
	if !timestampRE.MatchString(st.Timestamp) {
		return Capture{}, fmt.Errorf("the Archive reported a capture without a valid timestamp (%q)", shown(st.Timestamp))
	}
	if _, err := time.Parse("20060102150405", st.Timestamp); err != nil {
		return Capture{}, fmt.Errorf("the Archive reported a capture without a valid timestamp (%q)", shown(st.Timestamp))
	}
	orig := strings.TrimSpace(st.OriginalURL)
	if orig == "" {
		orig = target
	}
	u, err := url.Parse(orig)
	if err != nil || frontmatter.CheckURL(orig) != nil {
		return Capture{}, fmt.Errorf("the Archive reported a capture of a malformed address %q", shown(orig))
	}
	// Non-ASCII letters are written percent-encoded, as the Wayback
	// Machine's addresses have them.
	orig = u.String()
	if !sameAddress(target, orig) {
		return Capture{}, fmt.Errorf("the Archive captured %q, not the source's address: the page may now redirect elsewhere; check it, and add an archived copy by hand", shown(orig))
	}
	c := Capture{
		Archive:  ReplayBase + st.Timestamp + "/" + orig,
		Archived: st.Timestamp[:4] + "-" + st.Timestamp[4:6] + "-" + st.Timestamp[6:8],
		Original: orig,
	}
	if err := CheckArchiveURL(c.Archive); err != nil {
		return Capture{}, err
	}
	return c, nil
}

// sameAddress reports whether a and b name the same page but for the
// scheme (http or https), the host's case, a default port, percent-encoding
// and a final slash.
func sameAddress(a, b string) bool {
	norm := func(s string) string {
		u, err := url.Parse(s)
		if err != nil {
			return s
		}
		host := strings.ToLower(u.Hostname())
		if p := u.Port(); p != "" && p != "80" && p != "443" {
			host += ":" + p
		}
		return host + strings.TrimSuffix(u.EscapedPath(), "/") + "?" + u.RawQuery
	}
	return norm(a) == norm(b)
}

// Archivable reports whether the page at u could be archived: false for
// an address under a name reserved for examples and tests, which no page
// on the web has (RFC 2606 and RFC 6761: example.com, example.net,
// example.org and the top-level names .example, .test, .invalid and
// .localhost). An invented example cites such addresses on purpose, and
// has nothing to archive.
func Archivable(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(p.Hostname()), ".")
	for _, name := range []string{"example.com", "example.net", "example.org", "example", "test", "invalid", "localhost"} {
		if host == name || strings.HasSuffix(host, "."+name) {
			return false
		}
	}
	return true
}
