package dataset

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// CrawlRun is one crawl of the sites file, as GET /api/v1/crawls serves it.
type CrawlRun struct {
	ID       string     `json:"id"`
	Started  time.Time  `json:"started"`
	Finished *time.Time `json:"finished"` // nil while running
	Trigger  string     `json:"trigger"`  // "cli", "schedule", "api", "demo"
	Status   string     `json:"status"`   // "running", "done", "interrupted", "failed"
	Sites    []SiteRun  `json:"sites"`
	Totals   SiteRun    `json:"totals"`
	// Resumes is the ID of the interrupted run whose queues this run took up ("" when it started afresh).
	Resumes string `json:"resumes,omitempty"`
}

// SiteRun holds one site's figures in a crawl run. Every link the crawl
// queued ends as fetched, skipped, failed or duplicate (or stays queued
// when the run is interrupted); unchanged counts the pages found as they
// were at the last run, whether asked for (304, the same body) or known
// from a sitemap's lastmod without a request (also counted skipped).
type SiteRun struct {
	Municipality   string         `json:"municipality,omitempty"`
	Ekatte         string         `json:"ekatte,omitempty"` // the site's ЕКАТТЕ code, when its entry gives one
	PagesFetched   int            `json:"pages_fetched"`
	PagesUnchanged int            `json:"pages_unchanged"`
	PagesSkipped   int            `json:"pages_skipped"` // not requested; why in Skipped
	PagesFailed    int            `json:"pages_failed"`
	PagesDuplicate int            `json:"pages_duplicate"` // the same page under another URL, skipped
	PagesQueued    int            `json:"pages_queued"`    // still to fetch (while running, or left by an interrupted run)
	RecordsAdded   int            `json:"records_added"`
	RecordsChanged int            `json:"records_changed"`
	Requests       int            `json:"requests"`               // HTTP requests sent: pages, redirect hops, retries, robots.txt, sitemaps
	SitemapURLs    int            `json:"sitemap_urls,omitempty"` // pages queued from the site's sitemaps
	Skipped        map[string]int `json:"skipped,omitempty"`      // reason ("robots", "lastmod", "page_limit") → count
	Errors         map[string]int `json:"errors,omitempty"`       // kind ("timeout", "http_500", "robots_5xx", "truncated" …) → count
	Error          string         `json:"error,omitempty"`        // why the whole site failed, if it did
	// State is where the site is in the run: "waiting" (for its host's
	// delay or backoff, or a free request slot), "fetching" (a request on
	// the wire or a page being processed), "done", or "interrupted".
	State string `json:"state,omitempty"`
}

// Page is the fetch metadata of one archived page.
type Page struct {
	URL          string `json:"url"`          // canonical URL
	FinalURL     string `json:"final_url"`    // after redirects, as fetched
	Municipality string `json:"municipality"` // the site it belongs to
	// MunicipalityCode is the ЕКАТТЕ code of that site's entry in the sites
	// file ("" when the entry gives none, and in pages archived before the
	// field: opendata reextract finds the site again by name and host).
	MunicipalityCode string              `json:"municipality_code,omitempty"`
	FetchedAt        time.Time           `json:"fetched_at"`
	Status           int                 `json:"status"`
	Header           map[string][]string `json:"header"`
	SHA256           string              `json:"sha256"` // of the raw body
	Size             int64               `json:"size"`
	ETag             string              `json:"etag,omitempty"`
	LastModified     string              `json:"last_modified,omitempty"`
	Truncated        bool                `json:"truncated,omitempty"`
	RecordIDs        []string            `json:"record_ids,omitempty"` // records extracted from it last time
	// Gone is when the site last answered 404/410 for the page (nil while it
	// exists); its records are withdrawn and reextract skips it.
	Gone *time.Time `json:"gone,omitempty"`
}

// Version is one change of a record, like an OCDS release beside the compiled record.
type Version struct {
	At      time.Time `json:"at"`
	Source  string    `json:"source"` // the page URL whose crawl made the change
	SHA256  string    `json:"sha256,omitempty"`
	Kind    string    `json:"kind"` // "created", "changed", "withdrawn", "restored"
	Changes []Change  `json:"changes"`
}

// Change is one field's change in a Version.
type Change struct {
	Field string `json:"field"`
	From  any    `json:"from"`
	To    any    `json:"to"`
}

// PageWrite is what crawling one page writes to the store: changes of the
// crawler's state buckets, the archived page and the merge of its records.
// The store commits several in one transaction (one disk sync), so that a
// crawl of many small pages is not bound by the disk.
type PageWrite struct {
	State   []StateOp
	Page    *Page  // the fetched page; archived with Body when Archive
	Body    []byte // raw body
	Archive bool
	Merge   bool     // merge Records as what Page says now
	Records []Record // the records extracted from Page
	Result  MergeResult
}

// StateOp is one change of a named state bucket (the store's State).
type StateOp struct {
	Bucket string
	Key    string
	Value  []byte
	Delete bool
}

// ErrorSummary lists the site's error kinds, most frequent first:
// "timeout 3, http_500 1".
func (s SiteRun) ErrorSummary() string { return countSummary(s.Errors) }

// SkippedSummary lists why links were not requested, most frequent first:
// "robots 3, lastmod 1".
func (s SiteRun) SkippedSummary() string { return countSummary(s.Skipped) }

func countSummary(m map[string]int) string {
	kinds := make([]string, 0, len(m))
	for k := range m {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool {
		if m[kinds[i]] != m[kinds[j]] {
			return m[kinds[i]] > m[kinds[j]]
		}
		return kinds[i] < kinds[j]
	})
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

// ArchiveStats is the size of the page archive.
type ArchiveStats struct {
	Versions    int   `json:"versions"`     // fetches kept (each differing from the URL's fetch before it)
	Bodies      int   `json:"bodies"`       // distinct bodies
	StoredBytes int64 `json:"stored_bytes"` // the bodies as stored (gzip)
	RawBytes    int64 `json:"raw_bytes"`    // the bodies as fetched
}

// DiffLine is one line of the difference between two versions of a page's
// visible text: Op is "=" (in both), "-" (only in the older) or "+" (only
// in the newer).
type DiffLine struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}
