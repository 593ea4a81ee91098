package crawler

import (
	"context"
	"errors"
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

// fetcher makes one site's requests through its own colly collector. A
// site's requests are strictly sequential (one worker per site), so the
// collector's callbacks write into plain fields.
type fetcher struct {
	c       *colly.Collector
	tr      *transport
	limit   int64 // body size limit
	retries int
	backoff time.Duration
	maxWait time.Duration // cap on one backoff or Retry-After wait

	// set by OnResponseHeaders and OnResponse for the current request
	status int
	header http.Header
	body   []byte
}

// fetchResult is the outcome of one page request, after retries and redirects.
type fetchResult struct {
	final     *url.URL // the URL that answered, after redirects
	status    int
	header    http.Header
	body      []byte // raw, at most the size limit
	truncated bool
	kind      string // failure kind for the site's errors; "" on success
	err       error
}

func newFetcher(ctx context.Context, cfg *Config, tr *transport) *fetcher {
	f := &fetcher{tr: tr, limit: cfg.MaxBodySize, retries: cfg.Retries, backoff: cfg.Backoff, maxWait: cfg.MaxBackoff}
	c := colly.NewCollector(
		colly.UserAgent(cfg.userAgent()),
		colly.AllowURLRevisit(), // the crawler keeps its own visited set, on disk
		colly.ParseHTTPErrorResponse(),
		colly.StdlibContext(ctx),
	)
	// Read one byte past the limit: colly cuts the body silently at
	// MaxBodySize, so a body of limit+1 bytes is how truncation shows.
	c.MaxBodySize = int(cfg.MaxBodySize) + 1
	c.IgnoreRobotsTxt = false
	c.DetectCharset = false
	c.SetRequestTimeout(cfg.Timeout)
	c.WithTransport(tr)
	c.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		// Redirects are followed by the crawler itself, hop by hop, so that
		// each hop is checked against the site and robots.txt.
		return http.ErrUseLastResponse
	})
	c.OnResponseHeaders(func(r *colly.Response) {
		f.status = r.StatusCode
		f.header = r.Headers.Clone()
	})
	c.OnResponse(func(r *colly.Response) { f.body = r.Body })
	f.c = c
	return f
}

// once makes one request, without retries or redirects.
func (f *fetcher) once(u *url.URL, hdr http.Header) fetchResult {
	f.status, f.header, f.body = 0, nil, nil
	f.tr.take()
	err := f.c.Request(http.MethodGet, u.String(), nil, nil, hdr.Clone())
	capt := f.tr.take()
	// The answer is the requested URL's: redirects are not followed by the
	// client (colly's view of the URL may be re-encoded; ours is canonical).
	r := fetchResult{final: u, status: f.status, header: f.header}
	r.body = f.body
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

// fetch requests u, retrying timeouts, cut connections and 5xx answers with
// exponential backoff, and following redirects that stay on the site.
// headers gives the request headers for each URL (conditional ones for a
// page fetched before); follow decides whether a redirect target may be fetched (on the site, not
// yet visited); it returns a failure kind, "" to go on.
func (f *fetcher) fetch(ctx context.Context, u *url.URL, headers func(*url.URL) (http.Header, error), follow func(from, to *url.URL) string) fetchResult {
	chain := map[string]bool{u.String(): true}
	cur := u
	for hop := 0; ; hop++ {
		hdr, err := headers(cur)
		if err != nil {
			return fetchResult{final: cur, kind: "state_error", err: err}
		}
		r := f.withRetries(ctx, cur, hdr)
		if r.kind != "" || r.status < 300 || r.status >= 400 || r.status == http.StatusNotModified {
			return r
		}
		loc := r.header.Get("Location")
		if loc == "" {
			r.kind = "http_" + strconv.Itoa(r.status)
			return r
		}
		next, err := Canonicalize(cur, loc)
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

// withRetries makes the request, again after a growing wait while it fails
// in a way that may pass (timeouts, cut connections, 429 and 5xx).
func (f *fetcher) withRetries(ctx context.Context, u *url.URL, hdr http.Header) fetchResult {
	var r fetchResult
	for attempt := 0; ; attempt++ {
		r = f.once(u, hdr)
		if ctx.Err() != nil {
			r.kind, r.err = "cancelled", ctx.Err()
			return r
		}
		if !retryable(r) || attempt >= f.retries {
			break
		}
		wait := f.backoff << attempt
		if ra := retryAfter(r.header); ra > wait {
			wait = ra
		}
		if wait > f.maxWait {
			wait = f.maxWait
		}
		if err := sleep(ctx, wait); err != nil {
			r.kind, r.err = "cancelled", err
			return r
		}
	}
	if r.kind == "" && r.status >= 500 {
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

// retryAfter reads a Retry-After header in seconds (dates are ignored).
func retryAfter(h http.Header) time.Duration {
	if h == nil {
		return 0
	}
	secs, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After")))
	if err != nil || secs <= 0 {
		return 0
	}
	return time.Duration(secs) * time.Second
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
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		return "robots"
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
