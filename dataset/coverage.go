package dataset

import (
	"math"
	"sort"
	"time"
)

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
	// none came); HomeFinal where its HomeRedirects redirects lead (the
	// last one is not followed off the site).
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

// SiteCoverage is what GET /api/v1/municipalities says of a
// municipality's website.
type SiteCoverage struct {
	Home string `json:"home,omitempty"`
	// Status is the verdict of the last crawl (one of the Site… constants,
	// not_crawled before the first).
	Status       string     `json:"status"`
	MovedTo      string     `json:"moved_to,omitempty"`
	Detail       string     `json:"detail,omitempty"`
	LastCrawled  *time.Time `json:"last_crawled"`
	PagesFetched int        `json:"pages_fetched"`
	// RecordsFound is how many project records its pages gave in the last crawl.
	RecordsFound int      `json:"records_found"`
	Sections     []string `json:"sections,omitempty"`
}

// WithCoverage joins the municipalities the records name (rows of
// MunicipalityStats: one per municipality_code, one per name for records
// without a code) with every site's status: one row per sites-file entry,
// with the records of its code, and those without a code that name it when
// no other entry has its name (a store from before codes); then one row
// per code or name the records use that no entry takes; by name, then code.
// The two Бяла thus show their own records, each by its code.
func WithCoverage(stats []MunicipalityStat, cov []SiteStatus) []MunicipalityStat {
	byCode := map[string]MunicipalityStat{}
	byName := map[string]MunicipalityStat{}
	for _, m := range stats {
		if m.Ekatte != "" {
			byCode[m.Ekatte] = m
		} else {
			byName[m.Municipality] = m
		}
	}
	entries := map[string]int{}
	for _, c := range cov {
		entries[c.Municipality]++
	}
	out := make([]MunicipalityStat, 0, len(cov)+len(stats))
	usedCode, usedName := map[string]bool{}, map[string]bool{}
	for _, c := range cov {
		m := MunicipalityStat{Municipality: c.Municipality}
		if s, ok := byCode[c.Ekatte]; ok && c.Ekatte != "" && !usedCode[c.Ekatte] {
			usedCode[c.Ekatte] = true
			m.Projects, m.BudgetEUR = s.Projects, s.BudgetEUR
		}
		if s, ok := byName[c.Municipality]; ok && entries[c.Municipality] == 1 {
			usedName[c.Municipality] = true
			m.Projects += s.Projects
			m.BudgetEUR = math.Round((m.BudgetEUR+s.BudgetEUR)*100) / 100
		}
		m.Ekatte, m.Province = c.Ekatte, c.Province
		m.Site = &SiteCoverage{Home: c.Home, Status: c.Verdict, MovedTo: c.MovedTo, Detail: c.Detail,
			LastCrawled: c.LastCrawled, PagesFetched: c.PagesFetched, RecordsFound: c.Records, Sections: c.Sections}
		out = append(out, m)
	}
	for _, m := range stats {
		if m.Ekatte != "" && !usedCode[m.Ekatte] || m.Ekatte == "" && !usedName[m.Municipality] {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Municipality != out[j].Municipality {
			return out[i].Municipality < out[j].Municipality
		}
		return out[i].Ekatte < out[j].Ekatte
	})
	return out
}

// CoverageCounts counts the rows by their site's status ("" for a name
// no sites-file entry has).
func CoverageCounts(rows []MunicipalityStat) map[string]int {
	out := map[string]int{}
	for _, m := range rows {
		if m.Site != nil {
			out[m.Site.Status]++
		}
	}
	return out
}
