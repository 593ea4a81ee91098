package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"log/slog"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

func TestETagNotModified(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, path := range []string{
		"/api/v1/projects?q=" + url.QueryEscape("проект") + "&facets=programme",
		"/api/v1/projects.csv?municipality=" + url.QueryEscape("Сливен"),
		"/api/v1/projects.ndjson",
		"/api/v1/projects/13-13-24",
		"/api/v1/projects/13-13-24/history",
		"/api/v1/municipalities",
		"/api/v1/stats",
		"/api/v1/crawls",
		"/api/v1/datapackage.json",
		"/api/v1/openapi.json",
	} {
		resp, body := ts.get(t, path)
		etag := resp.Header.Get("ETag")
		if resp.StatusCode != http.StatusOK || etag == "" || resp.Header.Get("Cache-Control") == "" {
			t.Errorf("%s: %d, ETag %q, Cache-Control %q", path, resp.StatusCode, etag, resp.Header.Get("Cache-Control"))
			continue
		}
		resp, body = ts.get(t, path, "If-None-Match", etag)
		if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("%s with If-None-Match %s: %d with %d bytes, want 304 and no body", path, etag, resp.StatusCode, len(body))
		}
		// gzip does not change the validator (weak): a 304 still.
		resp, _ = ts.get(t, path, "If-None-Match", `"other", `+etag, "Accept-Encoding", "gzip")
		if resp.StatusCode != http.StatusNotModified || resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s gzip If-None-Match: %d, encoding %q", path, resp.StatusCode, resp.Header.Get("Content-Encoding"))
		}
		resp, _ = ts.get(t, path, "If-None-Match", `W/"stale"`)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s with a stale ETag: %d, want 200", path, resp.StatusCode)
		}
	}
	// Another query is another answer: another ETag.
	r1, _ := ts.get(t, "/api/v1/projects?q=a")
	r2, _ := ts.get(t, "/api/v1/projects?q=b")
	if r1.Header.Get("ETag") == r2.Header.Get("ETag") {
		t.Errorf("q=a and q=b share the ETag %s", r1.Header.Get("ETag"))
	}
}

func TestGzip(t *testing.T) {
	ts := newTestServer(t, nil)
	_, plain := ts.get(t, "/api/v1/projects.csv")
	resp, zipped := ts.get(t, "/api/v1/projects.csv", "Accept-Encoding", "gzip, deflate")
	if resp.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("csv with Accept-Encoding gzip: Content-Encoding %q, Vary %q",
			resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(unzipped, plain) || len(zipped) >= len(plain)/2 {
		t.Errorf("gzip: %d bytes unzip to %d (equal: %v); plain is %d", len(zipped), len(unzipped), bytes.Equal(unzipped, plain), len(plain))
	}
	resp, body := ts.get(t, "/api/v1/projects?per_page=50", "Accept-Encoding", "gzip;q=0")
	if resp.Header.Get("Content-Encoding") != "" || !bytes.HasPrefix(body, []byte("{")) {
		t.Errorf("gzip;q=0: Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
	// A small answer is not worth compressing.
	resp, body = ts.get(t, "/healthz", "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "" || !bytes.Contains(body, []byte(`"ok"`)) {
		t.Errorf("healthz: Content-Encoding %q body %q", resp.Header.Get("Content-Encoding"), body)
	}
}

func TestCORS(t *testing.T) {
	ts := newTestServer(t, nil)
	resp, _ := ts.get(t, "/api/v1/projects", "Origin", "https://example.org")
	if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("GET: Access-Control-Allow-Origin %q", resp.Header.Get("Access-Control-Allow-Origin"))
	}
	resp, _ = ts.do(t, http.MethodOptions, "/api/v1/projects.csv", "Origin", "https://example.org",
		"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match")
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "If-None-Match") {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
	resp, _ = ts.do(t, http.MethodPost, "/api/v1/crawls", "Origin", "https://example.org")
	if resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("POST got Access-Control-Allow-Origin %q", resp.Header.Get("Access-Control-Allow-Origin"))
	}
}

func TestRateLimit(t *testing.T) {
	ts := newTestServer(t, func(c *Config) {
		c.RateLimit = 0.5 // one token every 2 s
		c.RateBurst = 6
		c.ClientIPHeader = "X-Real-IP"
	})
	// A search takes one token, a download four: 1 + 4 + 1 = the burst.
	for i, path := range []string{"/api/v1/projects", "/api/v1/projects.csv", "/api/v1/projects?q=x"} {
		if resp, body := ts.get(t, path, "X-Real-IP", "192.0.2.1"); resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d within the burst: %d %s", i, resp.StatusCode, body)
		}
	}
	for path, wait := range map[string]int{"/api/v1/projects": 2, "/api/v1/projects.ndjson": 8} {
		resp, body := ts.get(t, path, "X-Real-IP", "192.0.2.1")
		checkProblem(t, resp, body, http.StatusTooManyRequests)
		ra, err := strconv.Atoi(resp.Header.Get("Retry-After"))
		if err != nil || ra < wait-1 || ra > wait {
			t.Errorf("%s: Retry-After %q, want about %d seconds", path, resp.Header.Get("Retry-After"), wait)
		}
	}
	// Another client is not affected; records and metadata are not limited.
	if resp, _ := ts.get(t, "/api/v1/projects", "X-Real-IP", "192.0.2.2"); resp.StatusCode != http.StatusOK {
		t.Errorf("another client: %d", resp.StatusCode)
	}
	if resp, _ := ts.get(t, "/api/v1/stats", "X-Real-IP", "192.0.2.1"); resp.StatusCode != http.StatusOK {
		t.Errorf("stats of the limited client: %d", resp.StatusCode)
	}
	// A burst smaller than a download's cost still lets downloads through.
	small := newTestServer(t, func(c *Config) { c.RateLimit = 0.5; c.RateBurst = 2 })
	if resp, body := small.get(t, "/api/v1/projects.ndjson"); resp.StatusCode != http.StatusOK {
		t.Errorf("download with burst 2: %d %s", resp.StatusCode, body)
	}
}

func TestLimiterEvictsLeastRecent(t *testing.T) {
	l := newLimiter(1, 1, 2)
	now := time.Now()
	for _, c := range []string{"a", "b"} {
		if ok, _ := l.allow(c, now); !ok {
			t.Fatalf("first request of %s refused", c)
		}
	}
	if ok, wait := l.allow("a", now); ok || wait <= 0 {
		t.Fatalf("a's second request: ok %v wait %v, want refused", ok, wait)
	}
	l.allow("c", now) // evicts b, the least recently seen
	if l.size() != 2 {
		t.Fatalf("size %d, want 2", l.size())
	}
	if ok, _ := l.allow("a", now); ok {
		t.Errorf("a was evicted, yet it was seen more recently than b")
	}
	if ok, _ := l.allow("b", now); !ok {
		t.Errorf("b, evicted, should start with a full bucket")
	}
}

func TestPanicIsA500Problem(t *testing.T) {
	ts := newTestServer(t, nil)
	ts.srv.router.HandleFunc("/api/v1/test-panic", func(http.ResponseWriter, *http.Request) {
		panic("secret internal detail")
	})
	resp, body := ts.get(t, "/api/v1/test-panic")
	p := checkProblem(t, resp, body, http.StatusInternalServerError)
	if strings.Contains(string(body), "secret") {
		t.Errorf("500 leaks the panic: %s", body)
	}
	if !strings.Contains(ts.logbuf.String(), "secret internal detail") {
		t.Errorf("the panic was not logged")
	}
	_ = p
	// The server goes on.
	if resp, _ := ts.get(t, "/healthz"); resp.StatusCode != http.StatusOK {
		t.Errorf("after a panic: healthz %d", resp.StatusCode)
	}
}

func TestInternalErrorsDoNotLeak(t *testing.T) {
	f := getFixture(t)
	dir := t.TempDir()
	closed, err := store.Open(filepath.Join(dir, "store.db"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	closed.Close() // every read now fails inside bbolt
	ts := newTestServer(t, func(c *Config) { c.Store = closed; c.Index = f.index })
	for _, path := range []string{"/api/v1/projects/13-13-24", "/api/v1/municipalities", "/api/v1/stats", "/api/v1/projects.csv", "/healthz"} {
		resp, body := ts.get(t, path)
		if resp.StatusCode < 500 {
			t.Errorf("%s over a closed store: %d", path, resp.StatusCode)
			continue
		}
		p := checkProblem(t, resp, body, resp.StatusCode)
		if strings.Contains(strings.ToLower(p.Detail), "database") || strings.Contains(p.Detail, dir) {
			t.Errorf("%s: detail leaks internals: %q", path, p.Detail)
		}
	}
	if !strings.Contains(ts.logbuf.String(), `"level":"ERROR"`) {
		t.Errorf("internal errors were not logged")
	}
	// A closed index: the search and the health check fail, saying nothing inside.
	closedIx, err := index.Open(filepath.Join(dir, "index.bleve"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	closedIx.Close()
	ts = newTestServer(t, func(c *Config) { c.Index = closedIx })
	for _, path := range []string{"/api/v1/projects?q=x", "/api/v1/projects.csv?q=x", "/healthz"} {
		resp, body := ts.get(t, path)
		p := checkProblem(t, resp, body, resp.StatusCode)
		if resp.StatusCode < 500 || strings.Contains(p.Detail, dir) || strings.Contains(strings.ToLower(p.Detail), "bleve") {
			t.Errorf("%s over a closed index: %d %q", path, resp.StatusCode, p.Detail)
		}
	}
}

func TestSearchDeadline(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.SearchTimeout = time.Nanosecond })
	resp, body := ts.get(t, "/api/v1/projects?q="+url.QueryEscape("проект"))
	checkProblem(t, resp, body, http.StatusServiceUnavailable)
	if resp.Header.Get("Retry-After") == "" {
		t.Errorf("503 without Retry-After")
	}
}

// recordingCrawler stands in for the crawler's runner: the test is about the
// HTTP side (auth, statuses), not about crawling.
type recordingCrawler struct {
	mu      sync.Mutex
	running bool
	started []string
	ctx     context.Context
}

func (c *recordingCrawler) StartCrawl(ctx context.Context, trigger string) (dataset.CrawlRun, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		return dataset.CrawlRun{}, dataset.Errorf(dataset.ECONFLICT, "a crawl is already running")
	}
	c.running = true
	c.started = append(c.started, trigger)
	c.ctx = ctx
	return dataset.CrawlRun{ID: "run-1", Started: time.Now().UTC(), Trigger: trigger, Status: "running"}, nil
}

func TestStartCrawl(t *testing.T) {
	off := newTestServer(t, func(c *Config) { c.Crawler = &recordingCrawler{} })
	resp, body := off.do(t, http.MethodPost, "/api/v1/crawls", "Authorization", "Bearer anything")
	checkProblem(t, resp, body, http.StatusNotFound)

	cr := &recordingCrawler{}
	base, cancel := context.WithCancel(context.Background())
	defer cancel()
	ts := newTestServer(t, func(c *Config) { c.Crawler = cr; c.Token = "s3cret"; c.BaseContext = base })
	for _, auth := range []string{"", "Basic czNjcmV0", "Bearer wrong", "Bearer s3cre"} {
		resp, body := ts.do(t, http.MethodPost, "/api/v1/crawls", "Authorization", auth)
		checkProblem(t, resp, body, http.StatusUnauthorized)
		if !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("Authorization %q: WWW-Authenticate %q", auth, resp.Header.Get("WWW-Authenticate"))
		}
	}
	if len(cr.started) != 0 {
		t.Fatalf("a crawl started without the token: %v", cr.started)
	}
	resp, body = ts.do(t, http.MethodPost, "/api/v1/crawls", "Authorization", "Bearer s3cret")
	if resp.StatusCode != http.StatusAccepted || !strings.Contains(string(body), `"status":"running"`) {
		t.Fatalf("POST with the token: %d %s", resp.StatusCode, body)
	}
	if len(cr.started) != 1 || cr.started[0] != "api" {
		t.Errorf("started %v, want one api run", cr.started)
	}
	// The run outlives the request: its context is the server's.
	if cr.ctx.Err() != nil {
		t.Errorf("the crawl's context ended with the request")
	}
	cancel()
	if cr.ctx.Err() == nil {
		t.Errorf("the crawl's context does not end with the server's")
	}
	resp, body = ts.do(t, http.MethodPost, "/api/v1/crawls", "Authorization", "bearer s3cret")
	checkProblem(t, resp, body, http.StatusConflict)
}

// TestAbortCutsTheAnswer: a download that fails after its first bytes must
// reach the client as a cut answer (an error), never as a complete-looking
// file, with or without gzip.
func TestAbortCutsTheAnswer(t *testing.T) {
	ts := newTestServer(t, nil)
	ts.srv.router.HandleFunc("/api/v1/test-abort", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		for i := 0; i < 2000; i++ {
			io.WriteString(w, "row,of,a,download,that,fails,half,way\n")
		}
		panic(http.ErrAbortHandler)
	})
	for _, enc := range []string{"", "gzip"} {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/v1/test-abort", nil)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		resp, err := ts.client.Do(req)
		if err != nil {
			continue // cut before the headers: fine
		}
		var r io.Reader = resp.Body
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				resp.Body.Close()
				continue
			}
			r = zr
		}
		_, err = io.ReadAll(r)
		resp.Body.Close()
		if err == nil {
			t.Errorf("Accept-Encoding %q: the aborted answer read as complete", enc)
		}
	}
	if !strings.Contains(ts.logbuf.String(), `"status":"aborted"`) {
		t.Errorf("the aborted request was not logged as aborted")
	}
}
