package crawler

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// gate is the politeness limit of one host: one request at a time, and at
// least delay between the end of one request and the start of the next.
type gate struct {
	slot  chan struct{}
	mu    sync.Mutex
	last  time.Time // when the previous request to the host ended
	delay time.Duration
}

// acquire waits for the host's slot and for its delay to pass.
func (g *gate) acquire(ctx context.Context) error {
	select {
	case g.slot <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	g.mu.Lock()
	wait := time.Until(g.last.Add(g.delay))
	g.mu.Unlock()
	if wait <= 0 {
		return nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		<-g.slot
		return ctx.Err()
	}
}

// release frees the slot; the next request waits delay from now.
func (g *gate) release() {
	g.mu.Lock()
	g.last = time.Now()
	g.mu.Unlock()
	<-g.slot
}

// raise lengthens the delay (a robots.txt Crawl-delay), never shortens it.
func (g *gate) raise(d time.Duration) {
	g.mu.Lock()
	g.delay = max(g.delay, d)
	g.mu.Unlock()
}

// gates holds one gate per host (www. and bare share one), for one run:
// two entries of the sites file on the same host share its limit.
type gates struct {
	mu sync.Mutex
	m  map[string]*gate
}

func newGates() *gates { return &gates{m: map[string]*gate{}} }

// get returns the gate of the URL's host, creating it with delay; an
// existing gate keeps the longest delay asked of it.
func (gs *gates) get(u *url.URL, delay time.Duration) *gate {
	key := siteHost(u)
	gs.mu.Lock()
	defer gs.mu.Unlock()
	g, ok := gs.m[key]
	if !ok {
		g = &gate{slot: make(chan struct{}, 1), delay: delay}
		gs.m[key] = g
		return g
	}
	g.raise(delay)
	return g
}

// capture is the raw body of the current response as it came off the
// wire (colly converts the copy it hands to callbacks to UTF-8 when the
// header names a charset; the archive and the hash need the original).
type capture struct {
	buf bytes.Buffer
}

// transport is the http.RoundTripper of one site's collector: it applies
// the politeness gate to every request (robots.txt included), keeps the raw
// body of the current response, and makes robots.txt safe to hand to
// colly: unreachable or 5xx means "disallow all" for this run, 4xx "allow
// all", redirects are followed (up to five), a broken file is cleaned.
type transport struct {
	base    http.RoundTripper
	gates   *gates
	delay   time.Duration
	ctx     context.Context // the run's context, for robots.txt requests colly makes without one
	agent   string
	timeout time.Duration     // per robots.txt request
	event   func(kind string) // counts robots problems in the site's errors
	// robotsFailed hears why a robots.txt could not be read (the site is
	// then not crawled in this run).
	robotsFailed func(cause string)

	mu  sync.Mutex
	cur *capture
}

// take returns and forgets the raw body captured for the last response.
func (t *transport) take() *capture {
	t.mu.Lock()
	defer t.mu.Unlock()
	c := t.cur
	t.cur = nil
	return c
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Path == "/robots.txt" && req.Method == http.MethodGet {
		return t.robots(req)
	}
	g := t.gates.get(req.URL, t.delay)
	if err := g.acquire(req.Context()); err != nil {
		return nil, err
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		g.release()
		return nil, err
	}
	var c *capture
	if convertsCharset(resp.Header.Get("Content-Type")) {
		// colly will hand callbacks a UTF-8 copy: keep the original bytes.
		c = &capture{}
		if resp.ContentLength > 0 && resp.ContentLength < 16<<20 {
			c.buf.Grow(int(resp.ContentLength))
		}
	}
	t.mu.Lock()
	t.cur = c
	t.mu.Unlock()
	resp.Body = &capturingBody{rc: resp.Body, c: c, release: g.release}
	return resp, nil
}

// convertsCharset reports whether colly converts a body with this
// Content-Type to UTF-8 (it does when the header names another charset).
func convertsCharset(contentType string) bool {
	ct := strings.ToLower(contentType)
	return strings.Contains(ct, "charset") && !strings.Contains(ct, "utf-8") && !strings.Contains(ct, "utf8")
}

// capturingBody copies what is read into a capture (when there is one) and
// releases the host's gate when closed.
type capturingBody struct {
	rc      io.ReadCloser
	c       *capture
	release func()
	once    sync.Once
}

// Read implements io.Reader.
func (b *capturingBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if b.c != nil {
		b.c.buf.Write(p[:n])
	}
	return n, err
}

// Close implements io.Closer; it frees the host for the next request.
func (b *capturingBody) Close() error {
	err := b.rc.Close()
	b.once.Do(b.release)
	return err
}

// robots fetches a robots.txt through the gate and returns a response
// colly's parser can always read.
func (t *transport) robots(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(t.ctx, t.timeout)
	defer cancel()
	cur := req.WithContext(ctx)
	for hop := 0; hop <= 5; hop++ {
		status, header, body, err := t.fetchRobots(cur)
		switch {
		case err != nil:
			if t.ctx.Err() != nil {
				return nil, t.ctx.Err()
			}
			// RFC 9309 2.3.1.4: unreachable means complete disallow.
			t.event("robots_unreachable")
			t.robotsFailed(fmt.Sprintf("%s: %v", errorKind(err), err))
			return disallowAll(req), nil
		case status >= 300 && status < 400 && header.Get("Location") != "":
			loc, perr := cur.URL.Parse(header.Get("Location"))
			if perr != nil {
				t.event("robots_invalid")
				return synthetic(req, http.StatusNotFound, nil), nil
			}
			cur = cur.Clone(ctx)
			cur.URL, cur.Host = loc, ""
			continue
		case status >= 500:
			t.event("robots_5xx")
			t.robotsFailed(fmt.Sprintf("HTTP %d", status))
			return disallowAll(req), nil
		case status == http.StatusTooManyRequests:
			t.event("robots_429")
			t.robotsFailed("HTTP 429")
			return disallowAll(req), nil
		case status >= 400:
			return synthetic(req, http.StatusNotFound, nil), nil
		case status >= 200 && status < 300:
			clean, dropped := cleanRobots(body)
			if dropped > 0 {
				t.event("robots_invalid")
			}
			if d := robotsCrawlDelay(clean, t.agent); d > 0 {
				t.gates.get(req.URL, t.delay).raise(d)
			}
			return synthetic(req, http.StatusOK, clean), nil
		default:
			return synthetic(req, http.StatusNotFound, nil), nil
		}
	}
	// More than five redirects: RFC 9309 allows treating it as unavailable.
	return synthetic(req, http.StatusNotFound, nil), nil
}

// fetchRobots makes one robots.txt request through the host's gate.
func (t *transport) fetchRobots(req *http.Request) (int, http.Header, []byte, error) {
	g := t.gates.get(req.URL, t.delay)
	if err := g.acquire(req.Context()); err != nil {
		return 0, nil, nil, err
	}
	defer g.release()
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, robotsMaxBytes))
	if err != nil && resp.StatusCode < 300 {
		return 0, nil, nil, fmt.Errorf("read robots.txt: %w", err)
	}
	return resp.StatusCode, resp.Header, body, nil
}

// disallowAll is a robots.txt that forbids everything. (colly tests paths
// against the group it finds for its agent, so the "disallow all" state its
// parser gives a 5xx answer would let everything through: an explicit file
// is what works.)
func disallowAll(req *http.Request) *http.Response {
	return synthetic(req, http.StatusOK, []byte("User-agent: *\nDisallow: /\n"))
}

func synthetic(req *http.Request, status int, body []byte) *http.Response {
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", status, http.StatusText(status)),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"text/plain"}},
		Body:          io.NopCloser(strings.NewReader(string(body))),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}
