package dataset

import "time"

// MunicipalityStat is one row of GET /api/v1/municipalities.
type MunicipalityStat struct {
	Municipality string  `json:"municipality"`
	Projects     int     `json:"projects"`
	BudgetEUR    float64 `json:"budget_eur"` // sum of budget.amount_eur of its live records
	// Ekatte is the municipality's ЕКАТТЕ code: the records'
	// municipality_code, or the sites-file entry's (see WithCoverage);
	// empty for a row of the records that have none. Province comes from
	// the sites file.
	Ekatte   string `json:"ekatte,omitempty"`
	Province string `json:"province,omitempty"`
	// Site is how its website fared at the last crawl; nil when the sites
	// file has no entry of that name.
	Site *SiteCoverage `json:"site,omitempty"`
}

// GroupStat is the count and EUR total of one group (a programme, a year).
type GroupStat struct {
	Key       string  `json:"key"`
	Projects  int     `json:"projects"`
	BudgetEUR float64 `json:"budget_eur"`
}

// Stats is GET /api/v1/stats.
type Stats struct {
	Projects    int         `json:"projects"`
	BudgetEUR   float64     `json:"budget_eur"`
	ByProgramme []GroupStat `json:"by_programme"`
	ByYear      []GroupStat `json:"by_year"`
	LastCrawl   *time.Time  `json:"last_crawl"`
	Updated     *time.Time  `json:"updated"` // last change of any record
}
