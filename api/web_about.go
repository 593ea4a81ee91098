package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/opendata-bg/opendata/dataset"
)

// aboutView is the data of the "about the data" page.
type aboutView struct {
	Municipalities int
	Sites          int // sites in the last crawl
	Projects       string
	BudgetEUR      string
	Last           *dataset.CrawlRun
	Recent         []crawlRow // the last crawls, newest first: how often they run
	LastFinished   string
	LastStatus     string
	Licence        licence
	// CiteText and CiteBibTeX are how to cite the dataset.
	CiteText, CiteBibTeX string
	// Coverage is every municipality of the sites file and how its site
	// fared (empty without a coverage source); CoverageCounts sums it up.
	Coverage       []coverageRow
	CoverageCounts []string
}

// coverageRow is one municipality in the about page's coverage table.
type coverageRow struct {
	Name, Href, Province, Home, HomeHref, Status, Class, Crawled, Projects string
}

// siteStatuses are the statuses in the order the summary names them.
var siteStatuses = []string{dataset.SiteOK, dataset.SiteNoProjects, dataset.SiteUnreachable, dataset.SiteBlocked,
	dataset.SiteMoved, dataset.SiteNotCrawled}

// coverageOf makes the about page's coverage rows and summary.
func coverageOf(c *catalog, rows []dataset.MunicipalityStat) ([]coverageRow, []string) {
	var out []coverageRow
	entries := map[string]int{} // sites-file entries by name
	for _, m := range rows {
		if m.Site != nil {
			entries[m.Municipality]++
		}
	}
	for _, m := range rows {
		if m.Site == nil {
			continue
		}
		r := coverageRow{Name: m.Municipality, Province: m.Province, Home: m.Site.Home, HomeHref: safeHref(m.Site.Home),
			Class: "site-" + m.Site.Status, Crawled: c.T("coverage.never"), Projects: formatInt(c, int64(m.Projects))}
		if m.Projects > 0 {
			r.Href = municipalityURL(m.Municipality)
			if entries[m.Municipality] > 1 && m.Ekatte != "" { // the two Бяла: each its own page
				r.Href = municipalityURL(m.Ekatte)
			}
		}
		r.Status = c.T("site." + m.Site.Status)
		if m.Site.Status == dataset.SiteMoved {
			r.Status = c.T("site.moved", m.Site.MovedTo)
		}
		if m.Site.LastCrawled != nil {
			r.Crawled = formatTime(c, *m.Site.LastCrawled)
		}
		out = append(out, r)
	}
	counts := dataset.CoverageCounts(rows)
	var summary []string
	for _, s := range siteStatuses {
		if n := counts[s]; n > 0 {
			summary = append(summary, c.T("coverage.count."+s, n))
		}
	}
	return out, summary
}

// crawlRow is one crawl run in the about page's table.
type crawlRow struct {
	Started, Trigger, Status      string
	Pages, Failed, Added, Changed int
}

// licence is the data's licence as datapackage.json states it.
type licence struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Title string `json:"title"`
}

// defaultLicence applies when the data package names none.
var defaultLicence = licence{Name: "CC-BY-4.0", Path: "https://creativecommons.org/licenses/by/4.0/",
	Title: "Creative Commons Attribution 4.0"}

// aboutPage is GET /about: what is crawled, how often, under which licence,
// and the last crawl.
func (wb *web) aboutPage(w http.ResponseWriter, r *http.Request) {
	c := wb.cats.pick(w, r)
	st := wb.s.cfg.Store
	munis, err := st.Municipalities()
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	stats, err := st.Stats()
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	crawls, err := st.Crawls(8)
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	v := &aboutView{Municipalities: len(munis), Projects: formatInt(c, int64(stats.Projects)),
		BudgetEUR: formatMoney(c, &stats.BudgetEUR, "EUR"), Licence: wb.licence()}
	if wb.s.cfg.Coverage != nil {
		rows, err := wb.s.municipalities()
		if err != nil {
			wb.fail(w, r, err)
			return
		}
		v.Coverage, v.CoverageCounts = coverageOf(c, rows)
	}
	var updated time.Time
	if stats.Updated != nil {
		updated = *stats.Updated
	}
	v.CiteText, v.CiteBibTeX = dataset.DatasetCitation(wb.s.baseURL(r), updated, time.Now())
	if len(crawls) > 0 {
		run := crawls[0]
		v.Last, v.Sites = &run, len(run.Sites)
		v.LastFinished = c.T("about.running")
		if run.Finished != nil {
			v.LastFinished = formatTime(c, *run.Finished)
		}
		v.LastStatus = c.T("status." + run.Status)
	}
	for _, run := range crawls {
		v.Recent = append(v.Recent, crawlRow{Started: formatTime(c, run.Started),
			Status: c.T("status." + run.Status), Pages: run.Totals.PagesFetched, Failed: run.Totals.PagesFailed,
			Added: run.Totals.RecordsAdded, Changed: run.Totals.RecordsChanged})
	}
	p := wb.newPage(r, c, c.T("about.title"), v)
	p.Description = c.T("about.description", v.Projects, v.BudgetEUR, v.Municipalities)
	p.setCanonical(wb.s.baseURL(r), "/about", nil)
	p.JSONLD = wb.datasetJSONLD(c, wb.s.baseURL(r), stats)
	wb.render(w, r, "about", p)
}

// licence reads the licence from the data package; the default when it
// names none or cannot be read (the page still answers).
func (wb *web) licence() licence {
	b, err := wb.s.cfg.Store.DataPackage("", wb.s.cfg.Formats)
	if err != nil {
		return defaultLicence
	}
	var dp struct {
		Licenses []licence `json:"licenses"`
	}
	if json.Unmarshal(b, &dp) != nil || len(dp.Licenses) == 0 || dp.Licenses[0].Name == "" {
		return defaultLicence
	}
	l := dp.Licenses[0]
	l.Path = safeHref(l.Path)
	if l.Title == "" {
		l.Title = l.Name
	}
	return l
}

// notFound answers people with a 404 page and API clients (paths under
// /api/, /healthz, /metrics) with the API's problem.
func (wb *web) notFound(api http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if len(p) >= 5 && p[:5] == "/api/" || p == "/api" || p == "/healthz" || p == "/metrics" {
			api.ServeHTTP(w, r)
			return
		}
		wb.renderError(w, r, http.StatusNotFound, "")
	})
}

// setNotFound installs the people's 404 page in front of the router's own.
func (wb *web) setNotFound(r *mux.Router) {
	api := r.NotFoundHandler
	if api == nil {
		api = http.NotFoundHandler()
	}
	r.NotFoundHandler = wb.notFound(api)
}
