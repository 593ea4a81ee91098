// Package crawler harvests municipal websites politely, completely and
// incrementally: robots.txt obeyed, one request at a time per host with the
// site's delay, conditional requests, every body archived, extracted and
// merged into the store, and the index kept up to date. It owns colly.
//
// How a run is scheduled:
//
//   - Every site of the sites file is in flight at once, each working
//     through its own queue (on disk) one page at a time. A host (www. and
//     bare alike) has one politeness slot: one request at a time, and at
//     least the entry's delay (or its robots.txt Crawl-delay, up to 30s)
//     from the moment it answered one request to the start of the next,
//     redirect hops, robots.txt and sitemaps included. A site waiting for
//     its delay, a backoff or a slow answer holds nothing the others need.
//   - Two run-wide bounds keep the machine busy but not overloaded:
//     Config.MaxInFlight requests in flight (a page's slot is held until
//     the page is processed, so the bodies in memory are bounded whatever
//     the number of sites) and Config.CPU pages decoded and extracted at
//     once; commits are grouped by one committer.
//   - 429, 503 and other failures that may pass back the whole host off:
//     Retry-After is honoured in both forms (seconds, HTTP-date) up to
//     MaxBackoff, else the wait doubles from Backoff; the page is retried
//     up to Retries times.
//   - robots.txt is read once per host per run. 4xx means allow all; 5xx,
//     429 or no answer mean disallow all for this run (RFC 9309), and the
//     site's error says why; lines the parser cannot read are dropped.
//     A link robots.txt forbids is not requested and is counted skipped
//     (robots), not failed.
//   - A link is followed when it is on an allowed domain (host:port exact
//     when a port is given), not an attachment (PDF, DOC, XLS …), within
//     max_depth, and a follow pattern matches it as written in the page
//     (absolute, percent-encoded) or in its canonical form. It is requested
//     exactly as linked (see RequestURL); its canonical form (see
//     Canonicalize) is only the key of the visited set. Redirects are
//     followed hop by hop, each hop checked against the allowed domains and
//     robots.txt and requested exactly as its Location names it.
//   - Sitemaps seed the queue: the Sitemap: lines of robots.txt, else
//     /sitemap.xml, index files one level down, gzipped or not; the URLs
//     that the follow patterns match are queued, and one whose <lastmod> is
//     older than its last fetch is not requested (its links are followed
//     from the archive).
//   - The same page is fetched once per pass: a body seen under another
//     URL or a <link rel=canonical> naming a visited page is a duplicate,
//     not extracted again.
//   - Each page's crawl state (visited set, queue), archived body and merged
//     records are committed together (store Commit, grouped across sites):
//     a killed crawl resumes its queues on the next run without fetching
//     again what it finished.
//   - Pages fetched before are asked for with If-None-Match /
//     If-Modified-Since; a 304 or an identical body is not extracted again,
//     but its links are followed from the archive.
//   - Failures are counted per site by kind in dataset.SiteRun.Errors:
//     timeout, connection_reset, dns, http_NNN (429 and 5xx after retries
//     with backoff), redirect_loop, redirect_offsite, truncated (over
//     MaxBodySize: archived, never extracted), not_html, error_page (a
//     firewall's block page), empty_page, robots_5xx, robots_429,
//     robots_unreachable, robots_invalid, sitemap_error, extract_error.
//     Links not requested are counted in SiteRun.Skipped by reason:
//     robots, lastmod, page_limit.
//   - The order of each site's queue and its page budget come from a
//     Policy (breadth first by default).
package crawler

import (
	"errors"
	"io"
	"log/slog"
	"runtime"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/extract"
)

// Store is what the crawler needs of the store of record.
type Store interface {
	Page(url string) (dataset.Page, bool, error)
	Body(url string) ([]byte, error)
	// Commit applies several pages' writes (state, archive, merge) in one
	// transaction, setting each one's merge Result.
	Commit(ws []*dataset.PageWrite) error
	Record(id string) (dataset.Record, error)
	PutCrawl(run dataset.CrawlRun) error
	Crawls(limit int) ([]dataset.CrawlRun, error)
}

// pageGoner is the optional store method for a page that answers 404/410:
// its records are withdrawn.
type pageGoner interface {
	PageGone(url string, at time.Time) (dataset.MergeResult, error)
}

// Indexer is what the crawler needs of the search index.
type Indexer interface {
	Put(recs []dataset.Record) error
	Delete(ids []string) error
}

// Extractor turns a page into records and decodes its text.
type Extractor interface {
	Extract(body []byte, pageURL, contentType string) (extract.Result, error)
	Decode(body []byte, contentType string) (text []byte, charset string, err error)
}

// PackageExtractor is the Extractor of the extract package.
type PackageExtractor struct{}

// Extract calls extract.Extract.
func (PackageExtractor) Extract(body []byte, pageURL, contentType string) (extract.Result, error) {
	return extract.Extract(body, pageURL, contentType)
}

// Decode calls extract.Decode.
func (PackageExtractor) Decode(body []byte, contentType string) ([]byte, string, error) {
	return extract.Decode(body, contentType)
}

// Config is what a Runner needs. Sites, Store, State and Index are
// required; the rest have defaults.
type Config struct {
	Sites []Site
	// ReloadSites, when set, is called at the start of every run for the
	// sites to crawl (a long-running server picks up an edited sites file);
	// its error stops the run from starting.
	ReloadSites func() ([]Site, error)
	Store       Store
	// State opens a named persistent bucket (the store's State).
	State     func(name string) Bucket
	Index     Indexer
	Extractor Extractor // nil: PackageExtractor
	Logger    *slog.Logger

	// Progress receives a live status line per run when it is a terminal
	// (Terminal true); otherwise progress goes to Logger.
	Progress io.Writer
	Terminal bool

	// Policy orders each site's queue and gives its page budget; nil:
	// BreadthFirst with MaxPages.
	Policy Policy

	Version     string        // in the User-Agent; default "dev"
	MaxInFlight int           // requests in flight at once over all sites (every site is crawled at once); default 64
	CPU         int           // pages decoded and extracted at once; default GOMAXPROCS
	Timeout     time.Duration // per request; default 30s
	MaxBodySize int64         // bytes; a longer body is truncated and not extracted; default 5 MiB
	Retries     int           // extra attempts after a timeout, cut connection or 5xx; default 3, negative: none
	Backoff     time.Duration // first wait before a retry, doubled each time; default 2s
	MaxBackoff  time.Duration // cap on one wait (and on Retry-After); default 1m
	MaxPages    int           // pages per site per run (the default Policy's budget); default 20000
	MinText     int           // visible characters below which a 200 page is an error page; default 40
	IndexBatch  int           // records per index batch; default 200
	Checkpoint  time.Duration // how often a running crawl is saved; default 10s
}

// UserAgentContact is the URL named in the User-Agent, where a webmaster
// learns who crawls and why.
const UserAgentContact = "https://github.com/opendata-bg/opendata"

func (c *Config) userAgent() string {
	return "opendata/" + c.Version + " (+" + UserAgentContact + "; open data on municipal EU projects)"
}

func (c *Config) setDefaults() error {
	if c.Store == nil || c.State == nil || c.Index == nil {
		return errors.New("crawler: Store, State and Index are required")
	}
	if c.Extractor == nil {
		c.Extractor = PackageExtractor{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	setDefault(&c.Version, "dev")
	setDefault(&c.MaxInFlight, 64)
	setDefault(&c.CPU, runtime.GOMAXPROCS(0))
	setDefault(&c.Timeout, 30*time.Second)
	setDefault(&c.MaxBodySize, 5<<20)
	setDefault(&c.Retries, 3)
	setDefault(&c.Backoff, 2*time.Second)
	setDefault(&c.MaxBackoff, time.Minute)
	setDefault(&c.MaxPages, 20000)
	setDefault(&c.MinText, 40)
	setDefault(&c.IndexBatch, 200)
	setDefault(&c.Checkpoint, 10*time.Second)
	if c.Policy == nil {
		c.Policy = BreadthFirst{MaxPages: c.MaxPages}
	}
	if c.Retries < 0 {
		c.Retries = 0
	}
	return nil
}

func setDefault[T comparable](p *T, v T) {
	var zero T
	if *p == zero {
		*p = v
	}
}
