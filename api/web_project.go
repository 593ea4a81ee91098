package api

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset"
)

// projectView is the data of a project's page.
type projectView struct {
	R         dataset.Record
	Programme string
	Funds     []fundView
	Money     []moneyRow
	Sources   []linkView
	Documents []linkView
	History   []dataset.Version
	HasEUR    bool // some amount was converted from leva
}

type fundView struct{ Code, Name string }

// moneyRow is one line of the budget table.
type moneyRow struct {
	Label  string
	Stated string
	EUR    string
}

// linkView is a crawled link: Href is "" when the URL is not http(s), and
// the page then shows it as text.
type linkView struct {
	Href  string
	Text  string
	Title string
	When  string
}

// projectPage is GET /projects/{id}: every field of a record, its
// warnings, sources, documents and history.
func (wb *web) projectPage(w http.ResponseWriter, r *http.Request) {
	c := wb.cats.pick(w, r)
	id, ok := projectID(r)
	if !ok {
		wb.renderError(w, r, http.StatusNotFound, "")
		return
	}
	if wb.notModified(w, r, "project", id) {
		return
	}
	rec, err := wb.s.cfg.Store.Record(id)
	if dataset.ErrorCode(err) == dataset.ENOTFOUND {
		wb.renderError(w, r, http.StatusNotFound, c.T("error.404.project", shorten(id, 200)))
		return
	}
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	hist, err := wb.s.cfg.Store.History(id)
	if err != nil && dataset.ErrorCode(err) != dataset.ENOTFOUND {
		wb.fail(w, r, err)
		return
	}
	v := newProjectView(c, rec)
	v.History = hist
	title := rec.Title
	if title == "" {
		title = rec.ID
	}
	wb.render(w, r, "project", wb.newPage(r, c, title, v))
}

// projectID reads the id from the escaped path, so that it does not matter
// whether the router matched the escaped or the decoded path: an id may
// hold "/" (21/321/01329), written %2F or not.
func projectID(r *http.Request) (string, bool) {
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), "/projects/")
	if !ok || rest == "" {
		return "", false
	}
	id, err := url.PathUnescape(rest)
	if err != nil || !utf8.ValidString(id) || strings.TrimSpace(id) == "" {
		return "", false
	}
	return id, true
}

// shorten cuts s to n runes, with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func newProjectView(c *catalog, rec dataset.Record) *projectView {
	v := &projectView{R: rec, Programme: programmeName(c, rec.Programme, rec.ProgrammeName)}
	for _, f := range rec.Funds {
		v.Funds = append(v.Funds, fundView{Code: f, Name: c.T("fund." + f)})
	}
	b := rec.Budget
	add := func(key string, amount *float64) {
		if amount == nil {
			return
		}
		row := moneyRow{Label: c.T(key), Stated: formatMoney(c, amount, b.Currency)}
		if b.Currency == "BGN" {
			row.EUR = formatMoney(c, dataset.ToEUR(amount, "BGN"), "EUR")
			v.HasEUR = true
		}
		v.Money = append(v.Money, row)
	}
	add("field.total", b.Total)
	add("field.grant", b.Grant)
	add("field.own_contribution", b.OwnAmount())
	add("field.eu", b.EU)
	add("field.national", b.National)
	if len(v.Money) > 0 && b.Total != nil && b.TotalEUR != nil && b.Currency != "EUR" {
		// The stored EUR figure is the one the downloads carry; show that one.
		v.Money[0].EUR = formatMoney(c, b.TotalEUR, "EUR")
	}
	for _, s := range rec.Sources {
		text := s.Title
		if text == "" {
			text = s.URL
		}
		v.Sources = append(v.Sources, linkView{Href: safeHref(s.URL), Text: text, Title: s.URL,
			When: formatTime(c, s.FetchedAt)})
	}
	for _, d := range rec.Documents {
		text := d.Text
		if text == "" {
			text = d.URL
		}
		v.Documents = append(v.Documents, linkView{Href: safeHref(d.URL), Text: text, Title: d.URL})
	}
	return v
}
