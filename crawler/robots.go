package crawler

import (
	"bytes"
	"strconv"
	"strings"
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

// robotsCrawlDelay returns the Crawl-delay the file asks of agent (0 when none).
func robotsCrawlDelay(body []byte, agent string) time.Duration {
	r, err := robotstxt.FromBytes(body)
	if err != nil || r == nil {
		return 0
	}
	g := r.FindGroup(agent)
	if g == nil {
		return 0
	}
	return min(g.CrawlDelay, maxCrawlDelay)
}
