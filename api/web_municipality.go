package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset"
)

// municipalityView is the data of a municipality's page.
type municipalityView struct {
	Name      string
	Projects  string
	Count     int
	Budget    string
	SearchURL string
	Year      *chartView
	Programme *chartView
	Largest   []resultView
}

// municipalitiesView is the list of municipalities.
type municipalitiesView struct {
	Rows  []municipalityRow
	Total string
}

type municipalityRow struct {
	Name, URL, Projects, Budget string
}

// largestShown is how many of a municipality's projects its page lists.
const largestShown = 10

// municipalityPage is GET /municipalities/{name}: the municipality's totals,
// its money by year and by programme, its largest projects and a link to
// all of them.
func (wb *web) municipalityPage(w http.ResponseWriter, r *http.Request) {
	c := wb.cats.pick(w, r)
	rest, _ := strings.CutPrefix(r.URL.EscapedPath(), "/municipalities/")
	name, err := url.PathUnescape(rest)
	if err != nil || !utf8.ValidString(name) || strings.TrimSpace(name) == "" || strings.Contains(name, "/") {
		wb.renderError(w, r, http.StatusNotFound, "")
		return
	}
	if wb.notModified(w, r, "municipality", name) {
		return
	}
	st, err := wb.s.cfg.Store.MunicipalityStats(name)
	if dataset.ErrorCode(err) == dataset.ENOTFOUND {
		wb.renderError(w, r, http.StatusNotFound, c.T("error.404.municipality", shorten(name, 100)))
		return
	}
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	v := &municipalityView{Name: name, Count: st.Projects, Projects: formatInt(c, int64(st.Projects)),
		Budget: formatMoney(c, &st.BudgetEUR, "EUR"), SearchURL: withQuery("/", url.Values{"municipality": {name}}),
		Year: yearChart(c, "chart-year", st.ByYear), Programme: programmeChart(c, "chart-programme", st.ByProgramme)}
	q := dataset.Query{Municipality: []string{name}, Sort: "-budget", Page: 1, PerPage: largestShown}
	ctx, cancel := context.WithTimeout(r.Context(), wb.s.cfg.SearchTimeout)
	ans, err := wb.s.search(ctx, q)
	cancel()
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	for _, res := range ans.Results {
		v.Largest = append(v.Largest, newResultView(c, res))
	}
	p := wb.newPage(r, c, c.T("muni.title", name), v)
	p.Description = c.T("muni.description", name, v.Projects, v.Budget)
	p.setCanonical(wb.s.baseURL(r), municipalityURL(name), nil)
	p.Feed = feedPathFor(dataset.Query{Municipality: []string{name}}, c.Lang())
	wb.render(w, r, "municipality", p)
}

// municipalitiesPage is GET /municipalities: every municipality with its
// number of projects and their money.
func (wb *web) municipalitiesPage(w http.ResponseWriter, r *http.Request) {
	c := wb.cats.pick(w, r)
	if wb.notModified(w, r, "municipalities") {
		return
	}
	list, err := wb.s.cfg.Store.Municipalities()
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	v := &municipalitiesView{Total: formatInt(c, int64(len(list)))}
	for _, m := range list {
		eur := m.BudgetEUR
		row := municipalityRow{Name: m.Municipality, URL: municipalityURL(m.Municipality),
			Projects: formatInt(c, int64(m.Projects)), Budget: formatMoney(c, &eur, "EUR")}
		if m.Municipality == "unknown" { // the projects whose page names no municipality
			row.Name, row.URL = c.T("munis.unknown"), ""
		}
		v.Rows = append(v.Rows, row)
	}
	p := wb.newPage(r, c, c.T("munis.title"), v)
	p.Description = c.T("munis.description", v.Total)
	p.setCanonical(wb.s.baseURL(r), "/municipalities", nil)
	wb.render(w, r, "municipalities", p)
}
