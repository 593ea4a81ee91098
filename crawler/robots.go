package crawler

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsMaxBytes is how much of a robots.txt is read: RFC 9309 asks
// crawlers to parse at least 500 KiB and allows ignoring the rest.
const robotsMaxBytes = 512 << 10

// maxCrawlDelay caps a robots.txt Crawl-delay: a site asking for more is
// honoured up to this, so one entry cannot stall its worker for hours.
const maxCrawlDelay = 30 * time.Second

// cleanRobots keeps the lines of a robots.txt that the parser colly uses
// understands and drops the rest, so that one broken line (a rule before
// any User-agent, a Crawl-delay of "fast", an HTML error page served as
// robots.txt) does not make the whole file unreadable: "parse what can be
// parsed". It returns the cleaned file and how many lines it dropped.
func cleanRobots(body []byte) ([]byte, int) {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if _, err := robotstxt.FromBytes(body); err == nil {
		return body, 0
	}
	var out bytes.Buffer
	dropped := 0
	inGroup := false
	for _, line := range bytes.Split(body, []byte("\n")) {
		s := string(line)
		if i := strings.IndexByte(s, '#'); i >= 0 {
			s = s[:i]
		}
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		key, val, ok := strings.Cut(s, ":")
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		if !ok {
			dropped++
			continue
		}
		switch key {
		case "user-agent":
			inGroup = true
		case "allow", "disallow":
			if !inGroup {
				dropped++
				continue
			}
		case "crawl-delay":
			if _, err := strconv.ParseFloat(val, 64); err != nil || !inGroup {
				dropped++
				continue
			}
		case "sitemap", "host":
		default:
			dropped++
			continue
		}
		out.WriteString(key + ": " + val + "\n")
	}
	if _, err := robotstxt.FromBytes(out.Bytes()); err != nil {
		// Nothing usable is left: an empty file allows everything, as a
		// missing one does.
		return nil, dropped
	}
	return out.Bytes(), dropped
}

// robotsRules is what one host's robots.txt says to the crawler, for one
// run. A robots.txt that could not be read (5xx, 429, no answer) disallows
// everything (RFC 9309 2.3.1.4); one that answers 4xx allows everything.
type robotsRules struct {
	group    *robotstxt.Group // the group for our agent; nil: everything allowed
	sitemaps []string         // its Sitemap: lines
	delay    time.Duration    // its Crawl-delay for our agent, capped
	problem  string           // robots_5xx, robots_429, robots_unreachable; "" when read
	cause    string           // why it could not be read
	invalid  bool             // lines were dropped (robots_invalid)
}

// allows reports whether the rules let u be fetched (its path and query as sent).
func (r *robotsRules) allows(u *url.URL) bool {
	if r.problem != "" {
		return false
	}
	if r.group == nil {
		return true
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return r.group.Test(p)
}

// readRobots turns a robots.txt answer into rules for agent.
func readRobots(status int, body []byte, agent string) *robotsRules {
	switch {
	case status >= 500:
		return &robotsRules{problem: "robots_5xx", cause: "HTTP " + strconv.Itoa(status)}
	case status == http.StatusTooManyRequests:
		return &robotsRules{problem: "robots_429", cause: "HTTP 429"}
	case status < 200 || status >= 300:
		return &robotsRules{} // 4xx (and anything else): no rules
	}
	clean, dropped := cleanRobots(body)
	r := &robotsRules{invalid: dropped > 0}
	data, err := robotstxt.FromBytes(clean)
	if err != nil || data == nil {
		return r
	}
	r.group = data.FindGroup(agent)
	if r.group != nil {
		r.delay = min(r.group.CrawlDelay, maxCrawlDelay)
	}
	r.sitemaps = data.Sitemaps
	return r
}

// robotsCache holds each host's rules for one run, fetched once (the first
// site that needs them fetches; others on the same host wait for it).
type robotsCache struct {
	mu sync.Mutex
	m  map[string]*robotsEntry
}

type robotsEntry struct {
	ready chan struct{}
	rules *robotsRules // nil when the fetch was cut by the run's end
}

// get returns the rules of u's scheme and host, calling fetch when no site
// asked for them yet in this run. It returns ctx's error when the run ends
// first.
func (c *robotsCache) get(ctx context.Context, u *url.URL, fetch func() *robotsRules) (*robotsRules, error) {
	key := u.Scheme + "://" + strings.ToLower(u.Host)
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]*robotsEntry{}
	}
	e, ok := c.m[key]
	if !ok {
		e = &robotsEntry{ready: make(chan struct{})}
		c.m[key] = e
	}
	c.mu.Unlock()
	if !ok {
		e.rules = fetch()
		if e.rules == nil { // the run ended meanwhile: nothing to keep
			c.mu.Lock()
			delete(c.m, key)
			c.mu.Unlock()
		}
		close(e.ready)
	}
	select {
	case <-e.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if e.rules == nil {
		return nil, ctx.Err()
	}
	return e.rules, nil
}

// robotsFor returns the robots.txt rules of u's host, fetched once per run.
// The first time the site meets a host's rules it counts their problems
// and takes their Crawl-delay.
func (f *fetcher) robotsFor(ctx context.Context, u *url.URL) (*robotsRules, error) {
	rules, err := f.sh.robots.get(ctx, u, func() *robotsRules { return f.fetchRobots(ctx, u) })
	if err != nil {
		return nil, err
	}
	key := u.Scheme + "://" + strings.ToLower(u.Host)
	if !f.robotsSeen[key] {
		f.robotsSeen[key] = true
		if rules.problem != "" {
			f.hooks.event(rules.problem)
			f.hooks.robotsFailed(rules.cause)
		}
		if rules.invalid {
			f.hooks.event("robots_invalid")
		}
		if rules.delay > 0 {
			f.sh.gates.get(u, f.delay).raise(rules.delay)
		}
	}
	return rules, nil
}

// fetchRobots reads the robots.txt of u's host, following up to five
// redirects (RFC 9309 2.3.1.2); nil when the run ended meanwhile.
func (f *fetcher) fetchRobots(ctx context.Context, u *url.URL) *robotsRules {
	cur := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	for range 6 {
		status, loc, body, err := f.getRobots(ctx, cur)
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return nil
			}
			return &robotsRules{problem: "robots_unreachable", cause: fmt.Sprintf("%s: %v", errorKind(err), err)}
		case status >= 300 && status < 400 && loc != "":
			next, err := cur.Parse(loc)
			if err != nil || (next.Scheme != "http" && next.Scheme != "https") {
				return &robotsRules{invalid: true} // an unreadable answer: like a 4xx, no rules
			}
			cur = next
			continue
		}
		return readRobots(status, body, f.agent)
	}
	// More than five redirects: RFC 9309 allows treating it as unavailable (4xx).
	return &robotsRules{}
}

// getRobots makes one robots.txt request.
func (f *fetcher) getRobots(ctx context.Context, u *url.URL) (status int, location string, body []byte, err error) {
	resp, done, err := f.get(ctx, u)
	if err != nil {
		return 0, "", nil, err
	}
	defer done()
	body, err = io.ReadAll(io.LimitReader(resp.Body, robotsMaxBytes))
	if err != nil && resp.StatusCode < 300 {
		return 0, "", nil, fmt.Errorf("read robots.txt: %w", err)
	}
	return resp.StatusCode, resp.Header.Get("Location"), body, nil
}
