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
	Name      string // as the page names it: with its province when its code is known
	Projects  string
	Count     int
	Budget    string
	SearchURL string
	Year      *chartView
	Programme *chartView
	Largest   []resultView
}

// municipalitiesView is the list of municipalities, or the municipalities
// of one name (Heading and Lead set).
type municipalitiesView struct {
	Rows          []municipalityRow
	Total         string
	Heading, Lead string
}

type municipalityRow struct {
	Name, URL, Projects, Budget string
}

// largestShown is how many of a municipality's projects its page lists.
const largestShown = 10

// municipalityPage is GET /municipalities/{name} or /municipalities/{code}
// (an ЕКАТТЕ code, PAZ21): the municipality's totals, its money by year
// and by programme, its largest projects and a link to all of them. A name
// two municipalities with projects share (the two Бяла) lists them, each
// with a link to its page by code.
func (wb *web) municipalityPage(w http.ResponseWriter, r *http.Request) {
	c := wb.cats.pick(w, r)
	rest, _ := strings.CutPrefix(r.URL.EscapedPath(), "/municipalities/")
	key, err := url.PathUnescape(rest)
	if err != nil || !utf8.ValidString(key) || strings.TrimSpace(key) == "" || strings.Contains(key, "/") {
		wb.renderError(w, r, http.StatusNotFound, "")
		return
	}
	if wb.notModified(w, r, "municipality", key) {
		return
	}
	mi, err := wb.s.muniIndex()
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	name, code := key, ""
	var st dataset.Stats
	if dataset.IsMunicipalityCode(key) {
		code = key
		name = mi.byCode[code].Municipality
		st, err = wb.s.cfg.Store.MunicipalityCodeStats(code)
	} else if mi.split(name) {
		wb.sharedNamePage(w, r, c, mi, name)
		return
	} else {
		code = mi.onlyCode(name)
		st, err = wb.s.cfg.Store.MunicipalityStats(name)
	}
	if dataset.ErrorCode(err) == dataset.ENOTFOUND {
		wb.renderError(w, r, http.StatusNotFound, c.T("error.404.municipality", shorten(key, 100)))
		return
	}
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	label := muniLabel(c, name, code)
	sel := dataset.Query{Municipality: []string{name}}
	if key == code {
		sel = dataset.Query{MunicipalityCode: []string{code}}
	}
	v := &municipalityView{Name: label, Count: st.Projects, Projects: formatInt(c, int64(st.Projects)),
		Budget: formatMoney(c, &st.BudgetEUR, "EUR"), SearchURL: withQuery("/", sel.Values()),
		Year: yearChart(c, "chart-year", st.ByYear), Programme: programmeChart(c, "chart-programme", st.ByProgramme)}
	q := sel
	q.Sort, q.Page, q.PerPage = "-budget", 1, largestShown
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
	p := wb.newPage(r, c, c.T("muni.title", label), v)
	p.Description = c.T("muni.description", label, v.Projects, v.Budget)
	p.setCanonical(wb.s.baseURL(r), mi.url(name, code), nil)
	p.Feed = feedPathFor(sel, c.Lang())
	wb.render(w, r, "municipality", p)
}

// sharedNamePage is GET /municipalities/{name} for a name that several
// municipalities with projects share: each with its projects and money,
// linked to its own page.
func (wb *web) sharedNamePage(w http.ResponseWriter, r *http.Request, c *catalog, mi muniIndex, name string) {
	rows := mi.rowsOf(c, name)
	v := &municipalitiesView{Rows: rows, Total: formatInt(c, int64(len(mi.codes(name)))),
		Heading: c.T("munis.shared.title", name)}
	v.Lead = c.T("munis.shared.lead", v.Total, name)
	p := wb.newPage(r, c, v.Heading, v)
	p.Description = v.Lead
	p.setCanonical(wb.s.baseURL(r), municipalityURL(name), nil)
	wb.render(w, r, "municipalities", p)
}

// municipalitiesPage is GET /municipalities: every municipality with its
// number of projects and their money (the municipalities of a shared name
// each on its own row).
func (wb *web) municipalitiesPage(w http.ResponseWriter, r *http.Request) {
	c := wb.cats.pick(w, r)
	if wb.notModified(w, r, "municipalities") {
		return
	}
	mi, err := wb.s.muniIndex()
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	v := &municipalitiesView{Rows: mi.rows(c)}
	v.Total = formatInt(c, int64(len(v.Rows)))
	p := wb.newPage(r, c, c.T("munis.title"), v)
	p.Description = c.T("munis.description", v.Total)
	p.setCanonical(wb.s.baseURL(r), "/municipalities", nil)
	wb.render(w, r, "municipalities", p)
}
