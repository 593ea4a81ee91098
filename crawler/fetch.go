package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gocolly/colly/v2"
)

// shared is what every site of a run shares: the connection pool, one
// politeness gate per host, each host's robots.txt, and the bounds on
// requests in flight and on CPU-bound work.
type shared struct {
	base     *http.Transport
	client   *http.Client // plain requests (robots.txt, sitemaps); no redirects
	gates    *gates
	robots   robotsCache
	requests *slots // requests in flight, and fetched pages not yet with the committer
	cpu      *slots // decoding and extracting
}

func newShared(cfg *Config) *shared {
	base := http.DefaultTransport.(*http.Transport).Clone()
	// One idle connection per host is all a polite crawl reuses, but every
	// host keeps its own: no global cap evicting them.
	base.MaxIdleConns = 0
	base.MaxIdleConnsPerHost = 2
	return &shared{
		base: base,
		client: &http.Client{Transport: base, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}},
		gates:    newGates(),
		requests: newSlots(cfg.MaxInFlight),
		cpu:      newSlots(cfg.CPU),
	}
}

func (sh *shared) close() { sh.base.CloseIdleConnections() }

// activity is what a site is doing, for the progress line.
type activity int32

const (
	actWaiting  activity = iota // for its host's delay or backoff, or a free request slot
	actFetching                 // a request on the wire, or a page being processed
	actDone
)

// fetchHooks are how a fetcher tells its site what happens.
type fetchHooks struct {
	event        func(kind string) // a problem, counted in the site's errors
	robotsFailed func(cause string)
	request      func() // a request is sent
	state        func(activity)
	// priority is how much work the site has left: who goes first when
	// sites wait for a run-wide slot.
	priority func() int64
}

// fetcher makes one site's requests: pages through the site's colly
// collector, robots.txt and sitemaps as plain requests, all through the
// host's gate and a request slot. A site's requests are strictly
// sequential, so the collector's callbacks write into plain fields.
type fetcher struct {
	sh      *shared
	c       *colly.Collector
	tr      *transport
	hooks   fetchHooks
	delay   time.Duration // the site's
	agent   string
	timeout time.Duration
	limit   int64 // body size limit
	retries int
	backoff time.Duration
	maxWait time.Duration // cap on one backoff or Retry-After wait

	robotsSeen map[string]bool // hosts whose robots.txt problems the site has counted

	// set by OnResponseHeaders and OnResponse for the current request
	status   int
	header   http.Header
	body     []byte
	answered time.Time
}

// fetchResult is the outcome of one page request, after retries and redirects.
type fetchResult struct {
	final     *url.URL // the URL that answered, as requested, after redirects
	status    int
	header    http.Header
	body      []byte // raw, at most the size limit
	truncated bool
	kind      string // failure kind for the site's errors; "" on success
	err       error
	// slot is the request slot of the answer, held until the page is
	// processed; release it (nil is fine) when done.
	slot *held
}

func newFetcher(ctx context.Context, cfg *Config, sh *shared, site *Site, hooks fetchHooks) *fetcher {
	tr := &transport{base: sh.base}
	f := &fetcher{sh: sh, tr: tr, hooks: hooks, delay: site.Delay, agent: cfg.userAgent(), timeout: cfg.Timeout,
		limit: cfg.MaxBodySize, retries: cfg.Retries, backoff: cfg.Backoff, maxWait: cfg.MaxBackoff,
		robotsSeen: map[string]bool{}}
	c := colly.NewCollector(
		colly.UserAgent(f.agent),
		colly.AllowURLRevisit(), // the crawler keeps its own visited set, on disk
		colly.ParseHTTPErrorResponse(),
		colly.StdlibContext(ctx),
	)
	// Read one byte past the limit: colly cuts the body silently at
	// MaxBodySize, so a body of limit+1 bytes is how truncation shows.
	c.MaxBodySize = int(cfg.MaxBodySize) + 1
	// robots.txt is read by the crawler (robotsFor): once per host for the
	// whole run, through the host's gate, with RFC 9309's failure rules.
	c.IgnoreRobotsTxt = true
	c.DetectCharset = false
	c.SetRequestTimeout(cfg.Timeout)
	c.WithTransport(tr)
	c.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		// Redirects are followed by the crawler itself, hop by hop, so that
		// each hop is checked against the site and robots.txt and waits
		// for the host's delay.
		return http.ErrUseLastResponse
	})
	c.OnResponseHeaders(func(r *colly.Response) {
		f.answered = time.Now()
		f.status = r.StatusCode
		f.header = r.Headers.Clone()
	})
	c.OnResponse(func(r *colly.Response) { f.body = r.Body })
	f.c = c
	return f
}

// enter waits for u's host gate (its delay, its backoff) and then for a
// request slot; the caller sends one request and calls g.done.
func (f *fetcher) enter(ctx context.Context, u *url.URL) (*gate, *held, error) {
	g := f.sh.gates.get(u, f.delay)
	f.hooks.state(actWaiting)
	if err := g.acquire(ctx); err != nil {
		return nil, nil, err
	}
	if err := f.sh.requests.acquire(ctx, f.hooks.priority()); err != nil {
		g.done(time.Time{})
		return nil, nil, err
	}
	f.hooks.state(actFetching)
	f.hooks.request()
	return g, &held{s: f.sh.requests}, nil
}

// once makes one page request, without retries or redirects.
func (f *fetcher) once(ctx context.Context, u *url.URL, hdr http.Header) fetchResult {
	g, slot, err := f.enter(ctx, u)
	if err != nil {
		return fetchResult{final: u, kind: "cancelled", err: err}
	}
	f.status, f.header, f.body, f.answered = 0, nil, nil, time.Time{}
	f.tr.take()
	err = f.c.Request(http.MethodGet, u.String(), nil, nil, hdr.Clone())
	answered := f.answered
	if answered.IsZero() {
		answered = time.Now()
	}
	g.done(answered)
	capt := f.tr.take()
	r := fetchResult{final: u, status: f.status, header: f.header, body: f.body, slot: slot}
	if capt != nil {
		r.body = capt.buf.Bytes()
	}
	if int64(len(r.body)) > f.limit {
		r.body, r.truncated = r.body[:f.limit], true
	}
	if err != nil {
		r.err = err
		r.kind = errorKind(err)
		return r
	}
	if r.status == 0 {
		r.kind, r.err = "no_response", errors.New("no response")
	}
	return r
}

// get makes one plain GET of u (robots.txt, a sitemap) through the host's
// gate and a request slot. The caller reads the body and calls done.
func (f *fetcher) get(ctx context.Context, u *url.URL) (resp *http.Response, done func(), err error) {
	g, slot, err := f.enter(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	rctx, cancel := context.WithTimeout(ctx, f.timeout)
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err == nil {
		req.Header.Set("User-Agent", f.agent)
		resp, err = f.sh.client.Do(req)
	}
	answered := time.Now()
	if err != nil {
		cancel()
		g.done(answered)
		slot.release()
		return nil, nil, err
	}
	return resp, func() {
		resp.Body.Close()
		cancel()
		g.done(answered)
		slot.release()
	}, nil
}

// fetch requests u, retrying timeouts, cut connections, 429 and 5xx
// answers with per-host backoff, and following redirects that stay on the
// site, each hop requested exactly as the Location names it. headers gives
// the request headers for each URL (conditional ones for a page fetched
// before); follow decides whether a redirect target may be fetched (on the
// site, not yet visited); it returns a failure kind, "" to go on. A URL
// robots.txt forbids is not requested: its kind is "robots".
func (f *fetcher) fetch(ctx context.Context, u *url.URL, headers func(*url.URL) (http.Header, error), follow func(from, to *url.URL) string) fetchResult {
	chain := map[string]bool{u.String(): true}
	cur := u
	for hop := 0; ; hop++ {
		rules, err := f.robotsFor(ctx, cur)
		if err != nil {
			return fetchResult{final: cur, kind: "cancelled", err: err}
		}
		if !rules.allows(cur) {
			return fetchResult{final: cur, kind: "robots", err: errors.New("robots.txt forbids " + cur.String())}
		}
		hdr, err := headers(cur)
		if err != nil {
			return fetchResult{final: cur, kind: "state_error", err: err}
		}
		r := f.withRetries(ctx, cur, hdr)
		if r.kind != "" || r.status < 300 || r.status >= 400 || r.status == http.StatusNotModified {
			return r
		}
		r.slot.release() // a redirect: nothing to process
		loc := r.header.Get("Location")
		if loc == "" {
			r.kind = "http_" + strconv.Itoa(r.status)
			return r
		}
		next, err := RequestURL(cur, loc)
		if err != nil {
			r.kind, r.err = "redirect_invalid", err
			return r
		}
		if chain[next.String()] || hop >= 10 {
			r.kind, r.err = "redirect_loop", errors.New("redirect loop at "+next.String())
			return r
		}
		if kind := follow(cur, next); kind != "" {
			r.kind, r.err = kind, errors.New("redirect to "+next.String())
			return r
		}
		chain[next.String()] = true
		cur = next
	}
}

// withRetries makes the request, again while it fails in a way that may
// pass (timeouts, cut connections, 429 and 5xx). Each such failure backs
// the whole host off (every site on it waits): Retry-After when the
// server sends one, in seconds or as a date, else an exponential backoff.
// A Retry-After longer than maxWait is not retried in this run (the page
// is counted failed), and the host still waits maxWait.
func (f *fetcher) withRetries(ctx context.Context, u *url.URL, hdr http.Header) fetchResult {
	var r fetchResult
	for attempt := 0; ; attempt++ {
		r = f.once(ctx, u, hdr)
		if ctx.Err() != nil {
			r.slot.release()
			r.kind, r.err, r.slot = "cancelled", ctx.Err(), nil
			return r
		}
		if !retryable(r) {
			break
		}
		wait := f.backoff << min(attempt, 16)
		ra, asked := retryAfter(r.header.Get("Retry-After"), time.Now())
		if asked {
			wait = max(wait, ra)
		}
		tooLong := wait > f.maxWait
		wait = min(wait, f.maxWait)
		f.sh.gates.get(u, f.delay).backoff(wait)
		if tooLong && asked {
			r.err = fmt.Errorf("the server asked to retry after %v, longer than the longest wait (%v)", ra.Round(time.Second), f.maxWait)
			break
		}
		if attempt >= f.retries {
			break
		}
		r.slot.release()
	}
	if r.kind == "" && (r.status >= 500 || r.status == http.StatusTooManyRequests) {
		r.kind = "http_" + strconv.Itoa(r.status)
	}
	return r
}

func retryable(r fetchResult) bool {
	switch r.kind {
	case "timeout", "connection_reset":
		return true
	case "":
		return r.status >= 500 || r.status == http.StatusTooManyRequests
	}
	return false
}

// retryAfter reads a Retry-After value (RFC 9110 10.2.3): a number of
// seconds or an HTTP-date, as a wait from now (0 for a date past). ok is
// false when there is none or it cannot be read.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if v[0] >= '0' && v[0] <= '9' {
		secs, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return time.Duration(1<<63 - 1), true
			}
			return 0, false
		}
		if secs > uint64((1<<63-1)/time.Second) {
			return time.Duration(1<<63 - 1), true
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// errorKind names a request failure for the site's error counts.
func errorKind(err error) string {
	var ne net.Error
	var dns *net.DNSError
	switch {
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.As(err, &dns):
		return "dns"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection_refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.EPIPE), errors.Is(err, io.EOF),
		strings.Contains(err.Error(), "connection reset"):
		return "connection_reset"
	case strings.Contains(err.Error(), "tls:"), strings.Contains(err.Error(), "x509:"):
		return "tls"
	}
	return "fetch_error"
}
