package crawler

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
)

// capture is the raw body of the current response as it came off the
// wire (colly converts the copy it hands to callbacks to UTF-8 when the
// header names a charset; the archive and the hash need the original).
type capture struct {
	buf bytes.Buffer
}

// transport is the http.RoundTripper of one site's collector, over the
// run's shared connection pool: it keeps the raw body of the current
// response. (Politeness, robots.txt and the bounds on requests in flight
// are applied by the fetcher around each request.)
type transport struct {
	base http.RoundTripper

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
	resp, err := t.base.RoundTrip(req)
	if err != nil {
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
	if c != nil {
		resp.Body = &capturingBody{rc: resp.Body, c: c}
	}
	return resp, nil
}

// convertsCharset reports whether colly converts a body with this
// Content-Type to UTF-8 (it does when the header names another charset).
func convertsCharset(contentType string) bool {
	ct := strings.ToLower(contentType)
	return strings.Contains(ct, "charset") && !strings.Contains(ct, "utf-8") && !strings.Contains(ct, "utf8")
}

// capturingBody copies what is read into a capture.
type capturingBody struct {
	rc io.ReadCloser
	c  *capture
}

// Read implements io.Reader.
func (b *capturingBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.c.buf.Write(p[:n])
	return n, err
}

// Close implements io.Closer.
func (b *capturingBody) Close() error { return b.rc.Close() }
