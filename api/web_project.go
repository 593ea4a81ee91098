package api

import (
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset"
)

// projectView is the data of a project's page: every value of the record,
// formatted for the page's language. A value the record does not state is
// "" (or nil), and the page says "not stated" or leaves the row out.
type projectView struct {
	R           dataset.Record
	Title       string // the record's title, else its id
	Programme   string // the programme's name in the page's language
	Funds       []fundView
	Money       []moneyRow
	Rate        string // the co-financing rate
	HasEUR      bool   // some amount was converted from leva
	Start, End  string // the period's dates
	Duration    string // "9 месеца"
	Published   string
	Withdrawn   string
	FirstSeen   string
	Updated     string
	Warnings    []string
	Sources     []linkView
	Documents   []linkView
	History     []versionView
	Description string // the page's meta description
	// Evidence is the snippet under each figure, by field path
	// (budget.total …); Contracts that of each contract number.
	Evidence  map[string]*evidenceView
	Contracts []*evidenceView
	Cite      citeView
}

// citeView is the project page's "cite" box.
type citeView struct {
	dataset.Citation
	Text string
}

type fundView struct{ Code, Name string }

// moneyRow is one line of the budget table; Field is the amount's name in
// the record (budget.total …).
type moneyRow struct {
	Field    string
	Label    string
	Stated   string
	EUR      string
	Evidence *evidenceView // where the amount was read, nil when unknown
}

// linkView is a crawled link: Href is "" when the URL is not http(s), and
// the page then shows it as text.
type linkView struct {
	Href  string
	Text  string
	Title string
	When  string
	// Archived and Versions link a source's archived copy and its versions.
	Archived, Versions string
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
	today := time.Now().UTC().Format(time.DateOnly) // the citation's retrieval date
	if wb.notModified(w, r, "project", id, today) {
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
	v := newProjectView(c, rec, hist)
	wb.addArchive(r, v, hist)
	p := wb.newPage(r, c, v.Title, v)
	p.Description = v.Description
	wb.render(w, r, "project", p)
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

func newProjectView(c *catalog, rec dataset.Record, hist []dataset.Version) *projectView {
	v := &projectView{R: rec, Title: rec.Title, Programme: programmeName(c, rec.Programme, rec.ProgrammeName)}
	if v.Title == "" {
		v.Title = rec.ID
	}
	for _, f := range rec.Funds {
		v.Funds = append(v.Funds, fundView{Code: f, Name: c.T("fund." + f)})
	}
	v.Money, v.HasEUR = moneyRows(c, rec.Budget)
	v.Rate = formatPercent(c, rec.Budget.CofinancingRate)
	v.Start, v.End = formatDate(c, rec.Period.Start), formatDate(c, rec.Period.End)
	if m := rec.Period.DurationMonths; m != nil {
		v.Duration = formatMonths(c, *m)
	}
	v.Published, v.Withdrawn = formatDate(c, rec.Published), formatDate(c, rec.Withdrawn)
	v.FirstSeen, v.Updated = formatTime(c, rec.FirstSeen), formatTime(c, rec.Updated)
	for _, w := range rec.Details() {
		v.Warnings = append(v.Warnings, c.warning(w, rec.Budget.Currency))
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
	v.History = historyViews(c, hist, rec.Budget.Currency)
	v.Description = projectDescription(c, v)
	return v
}

// moneyRows is the budget table: each stated amount as stated and, for
// leva, in euro (the record's own EUR figure where it has one).
func moneyRows(c *catalog, b dataset.Budget) (rows []moneyRow, hasEUR bool) {
	stored := map[string]*float64{"budget.total": b.TotalEUR, "budget.grant": b.GrantEUR}
	for _, a := range budgetAmounts(b) {
		row := moneyRow{Field: a.field, Label: c.Field(a.field), Stated: formatMoney(c, a.v, b.Currency)}
		if b.Currency == "BGN" {
			eur := stored[a.field]
			if eur == nil {
				eur = dataset.ToEUR(a.v, "BGN")
			}
			row.EUR, hasEUR = formatMoney(c, eur, "EUR"), true
		}
		rows = append(rows, row)
	}
	return rows, hasEUR
}

type namedAmount struct {
	field string
	v     *float64
}

// budgetAmounts lists the stated amounts of b, in the record's order
// (budget.own is an alias of budget.own_contribution, shown once).
func budgetAmounts(b dataset.Budget) []namedAmount {
	var out []namedAmount
	for _, a := range []namedAmount{{"budget.total", b.Total}, {"budget.grant", b.Grant},
		{"budget.own_contribution", b.OwnAmount()}, {"budget.eu", b.EU}, {"budget.national", b.National}} {
		if a.v != nil {
			out = append(out, a)
		}
	}
	return out
}

// projectDescription is the page's meta description: where, what
// programme, how much, when — from the record alone.
func projectDescription(c *catalog, v *projectView) string {
	var parts []string
	if m := v.R.Municipality; m != "" {
		parts = append(parts, c.T("desc.municipality", m))
	}
	if v.R.Programme != "" {
		parts = append(parts, v.Programme)
	}
	if len(v.Money) > 0 {
		parts = append(parts, v.Money[0].Label+": "+v.Money[0].Stated)
	}
	if v.Start != "" || v.End != "" {
		parts = append(parts, formatPeriod(c, v.R.Period))
	}
	s := shorten(v.Title, 120)
	if len(parts) > 0 {
		s += " — " + strings.Join(parts, "; ")
	}
	return shorten(s, 300) + "."
}
