package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/opendata-bg/opendata/dataset"
)

// staticCoverage is a coverage source of fixed statuses (the crawler's,
// over a crawl, is tested in cmd/opendata).
type staticCoverage struct {
	list []dataset.SiteStatus
	err  error
}

func (c staticCoverage) Coverage() ([]dataset.SiteStatus, error) { return c.list, c.err }

// coverageFixture gives every municipality the fixture's records name a
// site status, in turn each verdict, and adds a site no record names.
func coverageFixture(t *testing.T) ([]dataset.MunicipalityStat, []dataset.SiteStatus) {
	stats, err := getFixture(t).store.Municipalities()
	if err != nil || len(stats) < 3 {
		t.Fatalf("fixture municipalities: %v %v", stats, err)
	}
	at := time.Date(2026, 12, 7, 3, 4, 5, 0, time.UTC)
	verdicts := []string{dataset.SiteOK, dataset.SiteNoProjects, dataset.SiteUnreachable, dataset.SiteBlocked, dataset.SiteMoved}
	var cov []dataset.SiteStatus
	for i, m := range stats {
		st := dataset.SiteStatus{Ekatte: fmt.Sprintf("TST%02d", i), Municipality: m.Municipality, Province: "Област " + m.Municipality,
			Home: fmt.Sprintf("https://site%d.example/", i), Verdict: verdicts[i%len(verdicts)], LastCrawled: &at,
			PagesFetched: 10 + i, Records: 2 * i}
		if st.Verdict == dataset.SiteMoved {
			st.MovedTo = "new.example"
		}
		cov = append(cov, st)
	}
	cov = append(cov, dataset.SiteStatus{Ekatte: "ZZZ99", Municipality: "Яворово", Province: "Никоя",
		Home: "https://yavorovo.example/", Verdict: dataset.SiteNotCrawled})
	return stats, cov
}

// GET /api/v1/municipalities lists every municipality of the sites file
// with its site's status beside the records' figures, value by value.
func TestMunicipalitiesCoverage(t *testing.T) {
	stats, cov := coverageFixture(t)
	ts := newTestServer(t, func(c *Config) { c.Coverage = staticCoverage{list: cov} })
	resp, body := ts.get(t, "/api/v1/municipalities")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var ans struct {
		Total          int `json:"total"`
		Municipalities []struct {
			Municipality string  `json:"municipality"`
			Projects     int     `json:"projects"`
			BudgetEUR    float64 `json:"budget_eur"`
			Ekatte       string  `json:"ekatte"`
			Province     string  `json:"province"`
			Site         *struct {
				Home         string     `json:"home"`
				Status       string     `json:"status"`
				MovedTo      string     `json:"moved_to"`
				LastCrawled  *time.Time `json:"last_crawled"`
				PagesFetched int        `json:"pages_fetched"`
				RecordsFound int        `json:"records_found"`
			} `json:"site"`
		} `json:"municipalities"`
	}
	if err := json.Unmarshal(body, &ans); err != nil {
		t.Fatal(err)
	}
	if ans.Total != len(cov) || len(ans.Municipalities) != len(cov) {
		t.Fatalf("%d rows (total %d) for %d sites", len(ans.Municipalities), ans.Total, len(cov))
	}
	byName := map[string]dataset.MunicipalityStat{}
	for _, m := range stats {
		byName[m.Municipality] = m
	}
	byCode := map[string]dataset.SiteStatus{}
	for _, c := range cov {
		byCode[c.Ekatte] = c
	}
	for _, row := range ans.Municipalities {
		c, ok := byCode[row.Ekatte]
		if !ok || row.Site == nil {
			t.Errorf("row %s (%s) is no site", row.Municipality, row.Ekatte)
			continue
		}
		m := byName[row.Municipality]
		if row.Municipality != c.Municipality || row.Projects != m.Projects || row.BudgetEUR != m.BudgetEUR || row.Province != c.Province {
			t.Errorf("%s: %+v, records say %+v, the site %+v", row.Ekatte, row, m, c)
		}
		s := row.Site
		if s.Home != c.Home || s.Status != c.Verdict || s.MovedTo != c.MovedTo || s.PagesFetched != c.PagesFetched ||
			s.RecordsFound != c.Records || (s.LastCrawled == nil) != (c.LastCrawled == nil) ||
			s.LastCrawled != nil && !s.LastCrawled.Equal(*c.LastCrawled) {
			t.Errorf("%s: site %+v, want %+v", row.Ekatte, s, c)
		}
	}
	// The status changes without any record changing: a new ETag.
	etag := resp.Header.Get("ETag")
	cov[0].Verdict = dataset.SiteUnreachable
	ts2 := newTestServer(t, func(c *Config) { c.Coverage = staticCoverage{list: cov} })
	if resp, _ := ts2.get(t, "/api/v1/municipalities", "If-None-Match", etag); resp.StatusCode != http.StatusOK {
		t.Errorf("a changed coverage answered %d to the old ETag", resp.StatusCode)
	}
	// A coverage source that fails is the server's problem, said plainly.
	ts3 := newTestServer(t, func(c *Config) { c.Coverage = staticCoverage{err: errors.New("state unreadable")} })
	if resp, body := ts3.get(t, "/api/v1/municipalities"); resp.StatusCode != http.StatusInternalServerError || strings.Contains(string(body), "unreadable") {
		t.Errorf("failing coverage: %d %s", resp.StatusCode, body)
	}
}

// The about page shows the same coverage, row by row, in both languages.
func TestAboutCoverage(t *testing.T) {
	stats, cov := coverageFixture(t)
	ts := newTestServer(t, func(c *Config) { c.Coverage = staticCoverage{list: cov} })
	byName := map[string]dataset.MunicipalityStat{}
	for _, m := range stats {
		byName[m.Municipality] = m
	}
	for _, lang := range []string{langBG, langEN} {
		c := newCatalogs()[lang]
		resp, body := ts.get(t, "/about?lang="+lang)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("about %s: %d", lang, resp.StatusCode)
		}
		doc := parseHTML(t, string(body))
		rows := findAll(doc, func(n *html.Node) bool {
			return n.Data == "tr" && strings.HasPrefix(attrsOf(n)["class"], "site-")
		})
		if len(rows) != len(cov) {
			t.Fatalf("%s: %d coverage rows for %d sites", lang, len(rows), len(cov))
		}
		for i, tr := range rows {
			cells := findAll(tr, func(n *html.Node) bool { return n.Data == "td" || n.Data == "th" })
			if len(cells) != 6 {
				t.Fatalf("%s: row %d has %d cells", lang, i, len(cells))
			}
			var st dataset.SiteStatus
			for _, s := range cov {
				if s.Municipality == textOf(cells[0]) {
					st = s
				}
			}
			want := []string{st.Municipality, st.Province, st.Home, c.T("site." + st.Verdict), c.T("coverage.never"),
				formatInt(c, int64(byName[st.Municipality].Projects))}
			if st.Verdict == dataset.SiteMoved {
				want[3] = c.T("site.moved", st.MovedTo)
			}
			if st.LastCrawled != nil {
				want[4] = formatTime(c, *st.LastCrawled)
			}
			for j, w := range want {
				if got := textOf(cells[j]); got != w {
					t.Errorf("%s: %s column %d shows %q, want %q", lang, st.Municipality, j, got, w)
				}
			}
		}
		counts := findAll(doc, func(n *html.Node) bool { return n.Data == "li" && hasClass(n.Parent, "coverage-counts") })
		perStatus := dataset.CoverageCounts(dataset.WithCoverage(stats, cov))
		var want []string
		for _, s := range siteStatuses {
			if perStatus[s] > 0 {
				want = append(want, c.T("coverage.count."+s, perStatus[s]))
			}
		}
		var got []string
		for _, n := range counts {
			got = append(got, textOf(n))
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: summary %q, want %q", lang, got, want)
		}
	}
}
