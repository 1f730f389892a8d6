package archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/dossier-org/dossier/internal/diag"
)

// A Clock tells the time and waits; tests give one whose waits take no
// time, so that a run of an hour is tested in a millisecond.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or until ctx is done, whose error it returns.
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The defaults of a Runner, chosen below every limit the service has
// documented (see the package's documentation).
const (
	// DefaultMinInterval is the least time between two submissions: six
	// captures a minute, under the fewest (seven) documented for an
	// account.
	DefaultMinInterval = 10 * time.Second
	// DefaultMaxJobs is how many captures may run at once.
	DefaultMaxJobs = 2
	// DefaultPollInterval is the time between two questions about a job.
	DefaultPollInterval = 5 * time.Second
	// DefaultJobTimeout is how long a job may stay pending: the service
	// gives a capture two minutes at most.
	DefaultJobTimeout = 5 * time.Minute
	// DefaultMaxRetries is how many times a request refused with HTTP 429
	// or 5xx, or a capture the service could not start for want of
	// capacity, is tried again.
	DefaultMaxRetries = 5
	// DefaultMaxWait is the longest wait asked for (Retry-After) that is
	// honoured: past it the run stops, to be run again later.
	DefaultMaxWait = 10 * time.Minute
	// backoffBase is the first wait after a refusal that names none; it
	// doubles with each refusal in a row, up to backoffMax.
	backoffBase = 15 * time.Second
	backoffMax  = 5 * time.Minute
)

// A Runner archives targets through the service, one submission at a
// time, and saves each archived copy as soon as it is made.
type Runner struct {
	Client *Client
	// Clock is the real one when nil.
	Clock Clock
	// MinInterval, MaxJobs, PollInterval, JobTimeout, MaxRetries and
	// MaxWait are the defaults of the same names when zero.
	MinInterval  time.Duration
	MaxJobs      int
	PollInterval time.Duration
	JobTimeout   time.Duration
	MaxRetries   int
	MaxWait      time.Duration
	// Progress, when not nil, receives a line for each source done and
	// each wait the service asks for: "[3/12] archived URL …". Every
	// text from a note or the service is escaped for a terminal.
	Progress io.Writer
	// Existing, when set, falls back on the Wayback Machine's existing
	// capture closest to a target's Near date when a new one cannot be
	// made (the page is gone, or now redirects elsewhere, or was captured
	// too often today): the copy saved is then dated by that capture.
	Existing bool
	// Save writes the archived copy of t into the notes; an error is t's
	// failure.
	Save func(t Target, c Capture) error
}

// A Failure is a target that was not archived, and why.
type Failure struct {
	Target Target
	Err    error
}

// A Result is what a run did.
type Result struct {
	// Archived are the targets whose archived copies were saved.
	Archived []Target
	// Failed are the targets that were tried and not archived.
	Failed []Failure
	// Left are the targets not tried (or whose jobs were abandoned)
	// because the run stopped early.
	Left []Target
	// Stopped says why the run stopped before its end (the context was
	// cancelled, the service refused the keys, or asked for a wait
	// longer than MaxWait), or is nil.
	Stopped error
}

// Diagnostics returns the failures, one at each place that cites the
// source, as errors.
func (r *Result) Diagnostics() diag.List {
	var l diag.List
	for _, f := range r.Failed {
		for _, p := range f.Target.Places {
			l.Errorf(p.Path, p.Line, p.Col, "%s: not archived: %v", f.Target.URL, f.Err)
		}
	}
	l.Sort()
	return l
}

// job is a target being archived.
type job struct {
	t         Target
	id        string    // the service's job id, once submitted
	submitted time.Time // when it was
	next      time.Time // when to ask about it next
	tries     int       // requests refused in a row (429, 5xx)
	captures  int       // captures the service could not make for want of capacity
}

// run is the state of one Run.
type run struct {
	*Runner
	ctx       context.Context
	clock     Clock
	total     int
	done      int
	queue     []*job
	running   []*job
	notBefore time.Time // no request before this: the service asked to wait
	lastSub   time.Time
	res       Result
}

// Run archives targets in order and returns what it did. It stops early,
// with Result.Stopped set, when ctx is cancelled (what is saved is saved;
// every file is whole), or when the service refuses the keys or asks for a
// longer wait than MaxWait: targets not archived are then in Left, to be
// archived by the next run, since a saved archived copy is what marks a
// source as done.
func (r *Runner) Run(ctx context.Context, targets []Target) *Result {
	s := &run{Runner: r, ctx: ctx, clock: r.Clock, total: len(targets)}
	if s.clock == nil {
		s.clock = realClock{}
	}
	for _, t := range targets {
		s.queue = append(s.queue, &job{t: t})
	}
	for len(s.queue) > 0 || len(s.running) > 0 {
		if err := ctx.Err(); err != nil {
			s.stop(err)
			break
		}
		next, poll := s.nextEvent()
		if wait := next.Sub(s.clock.Now()); wait > 0 {
			if err := s.clock.Sleep(ctx, wait); err != nil {
				s.stop(err)
				break
			}
		}
		if poll != nil {
			s.poll(poll)
		} else {
			s.submit()
		}
	}
	return &s.res
}

// nextEvent returns when the next request is due and, when it is a
// question about a job rather than a submission, which job.
func (s *run) nextEvent() (time.Time, *job) {
	var at time.Time
	var which *job
	for _, j := range s.running {
		if which == nil || j.next.Before(at) {
			at, which = j.next, j
		}
	}
	if len(s.queue) > 0 && len(s.running) < s.maxJobs() {
		sub := s.lastSub.Add(s.minInterval())
		if s.lastSub.IsZero() {
			sub = s.clock.Now()
		}
		if which == nil || sub.Before(at) {
			at, which = sub, nil
		}
	}
	if at.Before(s.notBefore) {
		at = s.notBefore
	}
	return at, which
}

func (s *run) submit() {
	j := s.queue[0]
	s.queue = s.queue[1:]
	s.lastSub = s.clock.Now()
	id, err := s.Client.Submit(s.ctx, j.t.URL)
	if err != nil {
		s.refused(j, err, true)
		return
	}
	j.id, j.submitted, j.tries = id, s.clock.Now(), 0
	j.next = j.submitted.Add(s.pollInterval())
	s.running = append(s.running, j)
}

func (s *run) poll(j *job) {
	st, err := s.Client.Status(s.ctx, j.id)
	if err != nil {
		var he *HTTPError
		if errors.As(err, &he) && he.Code == http.StatusNotFound {
			s.finish(j, errors.New("the Archive no longer knows the capture's job; run dossier archive again"))
			return
		}
		s.refused(j, err, false)
		return
	}
	j.tries = 0
	switch st.Status {
	case "success":
		c, err := capture(j.t.URL, st)
		if err != nil {
			s.fail(j, err)
			return
		}
		s.save(j, c)
	case "error":
		s.refused(j, &CaptureError{Ext: st.StatusExt, Message: st.Message}, false)
	default: // "pending", and what else the service may say
		if s.clock.Now().Sub(j.submitted) >= s.jobTimeout() {
			s.finish(j, fmt.Errorf("the capture was still pending after %v; run dossier archive again later", s.jobTimeout()))
			return
		}
		j.next = s.clock.Now().Add(s.pollInterval())
	}
}

// capacityErrors are the service's codes for a capture it could not start
// for want of capacity, its own or the account's: worth trying again
// after a wait (SPN2 API document, "Error codes").
var capacityErrors = []string{
	"error:user-session-limit",       // too many captures at once for the account
	"error:no-browsers-available",    // the service is busy
	"error:celery",                   // it could not start the task
	"error:cannot-fetch",             // system overload
	"error:too-many-requests",        // the target's host asks the service to slow down
	"error:capture-location-error",   // a system error
	"error:internal-server-error",    // a system error
	"error:service-unavailable",      // the target's host answered 503
	"error:soft-time-limit-exceeded", // the capture took too long
}

// stopErrors are the codes that stop the run: the account, or this
// machine, may capture no more for now.
var stopErrors = []string{
	"error:unauthorized",
	"error:blocked-client-ip",
	"error:max-daily-bandwidth",
	"error:max-daily-bandwidth-from-ip",
}

// refused handles a request the service refused: a 429 or 5xx answer, or
// a capture it could not start for want of capacity, is tried again after
// a wait (the one it asks for, or a growing one); keys refused, a wait too
// long, or a request that got no answer at all, stop the run; anything
// else is the target's failure.
func (s *run) refused(j *job, err error, submitting bool) {
	var he *HTTPError
	var ce *CaptureError
	var ue *url.Error
	n, wait := 0, time.Duration(-1)
	switch {
	case s.ctx.Err() != nil:
		s.requeue(j, submitting)
		s.stop(s.ctx.Err())
		return
	case errors.As(err, &ue):
		// The network, not this source: every other would fail the same.
		s.requeue(j, submitting)
		s.stop(fmt.Errorf("cannot reach the Archive: %w", err))
		return
	case errors.As(err, &he) && (he.Code == http.StatusUnauthorized || he.Code == http.StatusForbidden):
		s.requeue(j, submitting)
		s.stop(fmt.Errorf("%w: the Archive refused the keys (check DOSSIER_IA_ACCESS_KEY and DOSSIER_IA_SECRET_KEY)", err))
		return
	case errors.As(err, &he) && (he.Code == http.StatusTooManyRequests || he.Code >= 500):
		j.tries++
		n, wait = j.tries, he.RetryAfter
	case errors.As(err, &ce) && slices.Contains(stopErrors, ce.Ext):
		s.requeue(j, submitting)
		s.stop(err)
		return
	case errors.As(err, &ce) && slices.Contains(capacityErrors, ce.Ext):
		// The job is over: the capture is asked for again, a limited
		// number of times however it ends.
		j.captures++
		n, submitting, j.id = j.captures, true, ""
	default:
		s.fail(j, err)
		return
	}
	if n > s.maxRetries() {
		s.finish(j, fmt.Errorf("%w (refused %d times in a row)", err, n))
		return
	}
	if wait < 0 {
		wait = min(backoffBase<<(n-1), backoffMax)
	}
	if wait > s.maxWait() {
		s.requeue(j, submitting)
		s.stop(fmt.Errorf("%w; the Archive asks to wait %v: run dossier archive again later", err, wait))
		return
	}
	// A refusal for speed holds every request back, not only this one.
	s.notBefore = s.clock.Now().Add(wait)
	s.progress("waiting %v: %s", wait, err)
	if submitting {
		s.requeue(j, true)
	} else {
		j.next = s.notBefore
	}
}

// requeue puts back a job the run stops on, so that it is counted as left.
func (s *run) requeue(j *job, submitting bool) {
	if submitting {
		s.drop(j)
		s.queue = slices.Insert(s.queue, 0, j)
	}
}

// stop ends the run: what is queued or running is left for the next run.
func (s *run) stop(err error) {
	if s.res.Stopped == nil {
		s.res.Stopped = err
	}
	for _, j := range s.running {
		s.res.Left = append(s.res.Left, j.t)
	}
	for _, j := range s.queue {
		s.res.Left = append(s.res.Left, j.t)
	}
	s.running, s.queue = nil, nil
}

// drop removes j from the running jobs.
func (s *run) drop(j *job) {
	s.running = slices.DeleteFunc(s.running, func(x *job) bool { return x == j })
}

// save writes c, the archived copy of j's target.
func (s *run) save(j *job, c Capture) {
	if err := s.Save(j.t, c); err != nil {
		s.finish(j, err)
		return
	}
	s.res.Archived = append(s.res.Archived, j.t)
	s.finishOK(j, c)
}

// fail ends j, whose target the service could not capture: with
// Existing, the closest existing capture is saved instead, if there is
// one.
func (s *run) fail(j *job, err error) {
	if !s.Existing {
		s.finish(j, err)
		return
	}
	c, ok, cerr := s.Client.Closest(s.ctx, j.t.URL, j.t.Near)
	switch {
	case s.ctx.Err() != nil:
		s.drop(j)
		s.queue = slices.Insert(s.queue, 0, j)
		s.stop(s.ctx.Err())
	case cerr != nil:
		s.finish(j, fmt.Errorf("%w; looking for an existing capture: %v", err, cerr))
	case !ok:
		s.finish(j, fmt.Errorf("%w; the Wayback Machine has no earlier capture of it either", err))
	default:
		s.progress("%s: %v; the closest existing capture is used", j.t.URL, err)
		s.save(j, c)
	}
}

func (s *run) finish(j *job, err error) {
	s.drop(j)
	s.res.Failed = append(s.res.Failed, Failure{Target: j.t, Err: err})
	s.done++
	s.progress("[%d/%d] not archived %s: %v", s.done, s.total, j.t.URL, err)
}

func (s *run) finishOK(j *job, c Capture) {
	s.drop(j)
	s.done++
	s.progress("[%d/%d] archived %s as %s (%s)", s.done, s.total, j.t.URL, c.Archive, j.t.where())
}

// progress writes a line of progress, escaped for a terminal.
func (s *run) progress(format string, args ...any) {
	if s.Progress == nil {
		return
	}
	fmt.Fprintln(s.Progress, diag.EscapePath(fmt.Sprintf(format, args...)))
}

// where names the files that cite t.
func (t Target) where() string {
	var paths []string
	for _, p := range t.Places {
		if !slices.Contains(paths, p.Path) {
			paths = append(paths, p.Path)
		}
	}
	return strings.Join(paths, ", ")
}

func (r *Runner) minInterval() time.Duration  { return or(r.MinInterval, DefaultMinInterval) }
func (r *Runner) pollInterval() time.Duration { return or(r.PollInterval, DefaultPollInterval) }
func (r *Runner) jobTimeout() time.Duration   { return or(r.JobTimeout, DefaultJobTimeout) }
func (r *Runner) maxWait() time.Duration      { return or(r.MaxWait, DefaultMaxWait) }
func (r *Runner) maxJobs() int                { return or(r.MaxJobs, DefaultMaxJobs) }
func (r *Runner) maxRetries() int             { return or(r.MaxRetries, DefaultMaxRetries) }

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
