package dataset

import "time"

// The verdicts on a municipality's website: what `opendata sites check`
// says of it, and GET /api/v1/municipalities after each crawl.
const (
	SiteOK          = "ok"                // project records were found
	SiteNoProjects  = "no_projects"       // the site answers, but no page gave a project record
	SiteUnreachable = "unreachable"       // no page could be fetched (DNS, refused, timeout, 5xx …)
	SiteBlocked     = "blocked_by_robots" // robots.txt forbids the pages the crawl starts from
	SiteMoved       = "moved"             // the home page redirects to another domain (MovedTo)
	SiteNotCrawled  = "not_crawled"       // no crawl has reached the site yet
)

// ValidVerdict reports whether v is one of the verdicts a check records.
func ValidVerdict(v string) bool {
	switch v {
	case SiteOK, SiteNoProjects, SiteUnreachable, SiteBlocked, SiteMoved:
		return true
	}
	return false
}

// SiteStatus is what the last crawl learned of one municipality's website:
// whether it works, what was fetched and found, and where the projects
// live. The crawler keeps one per sites-file entry.
type SiteStatus struct {
	Ekatte       string `json:"ekatte,omitempty"`
	Municipality string `json:"municipality"`
	Province     string `json:"province,omitempty"`
	Home         string `json:"home,omitempty"`
	// Verdict is one of the Site… constants.
	Verdict string `json:"verdict"`
	// MovedTo is the host a moved home page redirects to.
	MovedTo string `json:"moved_to,omitempty"`
	// Detail says why a site is not ok, in words.
	Detail      string     `json:"detail,omitempty"`
	LastCrawled *time.Time `json:"last_crawled"`
	// HomeStatus is the HTTP status of the home page's last answer (0 when
	// none came); HomeFinal the URL that answered after HomeRedirects hops.
	HomeStatus    int    `json:"home_status,omitempty"`
	HomeFinal     string `json:"home_final,omitempty"`
	HomeRedirects int    `json:"home_redirects,omitempty"`
	// Robots is what robots.txt said: "allows", "forbids the start pages",
	// "none" (4xx: no rules) or why it could not be read.
	Robots string `json:"robots,omitempty"`
	// Sitemaps is the number of pages the site's sitemaps listed.
	Sitemaps     int `json:"sitemaps"`
	PagesFetched int `json:"pages_fetched"`
	// RecordPages is the number of pages that gave project records;
	// Records the records they gave (an unchanged page counts what it gave
	// last time).
	RecordPages int `json:"record_pages"`
	Records     int `json:"records"`
	// Sections are the pages found to lead to project records, best first.
	Sections []string `json:"sections,omitempty"`
	// Samples are up to three titles of the records found.
	Samples []string `json:"samples,omitempty"`
}
