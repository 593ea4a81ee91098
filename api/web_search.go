package api

import (
	"context"
	"html"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/opendata-bg/opendata/dataset"
)

// searchView is the data of the search page.
type searchView struct {
	Form       formState
	Error      string // a client's mistake, shown above the results
	Searched   bool   // the search ran (no error)
	Everything bool   // the query selects every record (no words, no filters)
	Total      uint64
	TotalStr   string
	From, To   int // the 1-based range of results shown
	Results    []resultView
	Facets     []facetView
	Years      []facetValueView
	Sorts      []sortOption
	Pages      []pageLink
	Prev       string
	Next       string
	Downloads  []downloadView
	Feed       string // the Atom feed of the selection
	ClearURL   string
	Heading    string     // the page's h1
	Year       *chartView // the charts of the front page (no query, no filter)
	Programme  *chartView
	MatchNotes []string        // how the results were matched, when not by every word as typed
	DidYouMean *suggestionView // q with its corrections, when it finds more
}

// downloadView is one download button: the current selection in one format.
type downloadView struct {
	Name, Href, Title, Type, Use string
}

// suggestionView is a "did you mean" link: the same selection with
// another q.
type suggestionView struct {
	Q, URL, TotalStr string
}

// formState is what the form shows: the request's own values, so that a
// rejected value is still there to be fixed.
type formState struct {
	Q, YearFrom, YearTo, BudgetMin, BudgetMax, Sort, UpdatedSince string
	selected                                                      map[string][]string
}

// resultView is one search result as the page shows it.
type resultView struct {
	URL          string
	Title        template.HTML // highlighted and sanitized
	HasTitle     bool          // Title is the record's title (else its id)
	Snippets     []template.HTML
	Municipality string
	MuniCode     string // its ЕКАТТЕ code, "" when unknown
	Programme    string
	ProgCode     string
	Contracts    []string
	Budget       string // the best-known amount (total, else grant) as stated
	BudgetEUR    string // in euro; "" when the stated currency is EUR or unknown
	BudgetBasis  string // "" for a total; says so when the amount is the grant
	BudgetField  string // the amount's field: budget.total or budget.grant
	Start, End   string // the period's dates; "" when not stated
	Withdrawn    bool
}

// facetView is one facet's checkboxes.
type facetView struct {
	Name     string // the URL parameter
	Label    string
	Values   []facetValueView
	Selected int
}

// facetValueView is one checkbox (or year link) of a facet.
type facetValueView struct {
	Param   string // the URL parameter of a checkbox
	Value   string
	Label   string
	Title   string
	Count   int
	Checked bool
	URL     string // for the years: this year alone
}

type sortOption struct {
	Value, Label string
	Selected     bool
}

type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool // an ellipsis before this link
}

// searchPage is GET /: the search form, the facets, one page of results and
// the download links for exactly the same selection.
func (wb *web) searchPage(w http.ResponseWriter, r *http.Request) {
	c := wb.cats.pick(w, r)
	v := &searchView{Form: newFormState(r.URL.Query())}
	q, err := parseQuery(r)
	if err == nil && wb.notModified(w, r, "search", q.Values().Encode(), strconv.Itoa(q.Page), strconv.Itoa(q.PerPage)) {
		return
	}
	var ans searchAnswer
	if err == nil {
		q.Facets = slices.Clone(dataset.FacetNames)
		ctx, cancel := context.WithTimeout(r.Context(), wb.s.cfg.SearchTimeout)
		ans, err = wb.s.search(ctx, q)
		if err == nil {
			wb.disjunctiveFacets(ctx, q, &ans)
		}
		cancel()
	}
	title := c.T("nav.search")
	if v.Form.Q != "" {
		title = shorten(v.Form.Q, 80) + " — " + title
	}
	p := wb.newPage(r, c, title, v)
	if err != nil {
		prob := problemFor(err)
		if prob.Status >= 500 {
			wb.fail(w, r, err)
			return
		}
		v.Error, p.Status = c.Problem(prob.Detail), prob.Status
		w.Header().Del("ETag")
	} else {
		mi, err := wb.s.muniIndex()
		if err != nil {
			wb.fail(w, r, err)
			return
		}
		v.fill(c, q, ans, wb.s.cfg.Formats, mi)
		p.Feed = v.Feed
		if v.Everything && q.Page == 1 {
			wb.frontCharts(r, c, v)
		}
		p.setCanonical(wb.s.baseURL(r), "/", canonicalSearch(q))
	}
	v.Heading = c.T("search.h1")
	if v.Form.Q != "" {
		v.Heading = c.T("search.h1.q", shorten(v.Form.Q, 80))
	} else if !v.Everything && v.Searched {
		v.Heading = c.T("search.h1.filtered")
	}
	if v.Searched && !v.Everything {
		p.Description = c.T("search.description", v.Heading, v.TotalStr)
	}
	v.Sorts = sortOptions(c, v.Form.Sort)
	v.ClearURL = "/"
	wb.render(w, r, "search", p)
}

// frontCharts adds the charts of money by year and by programme of the
// whole data to the front page; a failure only costs the charts.
func (wb *web) frontCharts(r *http.Request, c *catalog, v *searchView) {
	st, err := wb.s.cfg.Store.Stats()
	if err != nil {
		wb.s.log.LogAttrs(r.Context(), slog.LevelWarn, "front page charts", slog.String("error", err.Error()))
		return
	}
	v.Year, v.Programme = yearChart(c, "chart-year", st.ByYear), programmeChart(c, "chart-programme", st.ByProgramme)
}

// canonicalSearch is the canonical parameters of a search page: the
// selection in a fixed order, and the page and its size when not the first
// and the default.
func canonicalSearch(q dataset.Query) url.Values {
	v := q.Values()
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.PerPage != dataset.DefaultPerPage {
		v.Set("per_page", strconv.Itoa(q.PerPage))
	}
	return v
}

// disjunctiveFacets counts each filtered facet without its own filter, so
// that a ticked municipality still shows the others to add (values of one
// name are ORed; municipality and municipality_code are one filter, and
// are counted together). A failure keeps the narrowed counts.
func (wb *web) disjunctiveFacets(ctx context.Context, q dataset.Query, ans *searchAnswer) {
	filtered := map[string]bool{"municipality": len(q.Municipality) > 0 || len(q.MunicipalityCode) > 0, "programme": len(q.Programme) > 0,
		"fund": len(q.Fund) > 0, "year": q.YearFrom != 0 || q.YearTo != 0}
	for _, name := range dataset.FacetNames {
		if !filtered[name] {
			continue // the answer's counts are right
		}
		qq := q
		qq.Facets = []string{name}
		switch name {
		case "municipality":
			qq.Municipality, qq.MunicipalityCode = nil, nil
			qq.Facets = []string{name, "municipality_code"}
		case "programme":
			qq.Programme = nil
		case "fund":
			qq.Fund = nil
		case "year":
			qq.YearFrom, qq.YearTo = 0, 0
		}
		qq.Page, qq.PerPage = 1, 1
		res, err := wb.s.cfg.Index.Search(ctx, qq)
		if err != nil {
			wb.s.log.LogAttrs(ctx, slog.LevelWarn, "facet counts", slog.String("facet", name), slog.String("error", err.Error()))
			continue
		}
		if ans.Facets == nil {
			ans.Facets = map[string][]dataset.FacetValue{}
		}
		for _, f := range qq.Facets {
			ans.Facets[f] = res.Facets[f]
		}
	}
}

func newFormState(raw url.Values) formState {
	get := func(k string) string { return strings.ToValidUTF8(raw.Get(k), "\uFFFD") }
	f := formState{Q: get("q"), YearFrom: get("year_from"), YearTo: get("year_to"),
		BudgetMin: get("budget_min"), BudgetMax: get("budget_max"), Sort: get("sort"), UpdatedSince: get("updated_since"),
		selected: map[string][]string{}}
	for _, name := range []string{"municipality", "municipality_code", "programme", "fund"} {
		for _, s := range raw[name] {
			if s = strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD")); s != "" {
				if name == "municipality_code" {
					s = strings.ToUpper(s)
				}
				f.selected[name] = append(f.selected[name], s)
			}
		}
	}
	return f
}

// fill turns the search answer into what the page shows.
func (v *searchView) fill(c *catalog, q dataset.Query, ans searchAnswer, formats dataset.Formats, mi muniIndex) {
	v.Searched, v.Total, v.TotalStr = true, ans.Total, formatInt(c, int64(ans.Total))
	v.Everything = q.Empty()
	base := q.Values()
	if q.PerPage != dataset.DefaultPerPage {
		base.Set("per_page", strconv.Itoa(q.PerPage))
	}
	for _, res := range ans.Results {
		v.Results = append(v.Results, newResultView(c, res))
	}
	if n := len(v.Results); n > 0 {
		v.From = (ans.Page-1)*ans.PerPage + 1
		v.To = v.From + n - 1
	}
	v.Facets, v.Years = facetViews(c, v.Form, ans.Facets, base, mi)
	v.Pages, v.Prev, v.Next = pageLinks(base, ans.Page, ans.PerPage, ans.Total)
	v.Feed = feedPathFor(q, c.Lang())
	for _, f := range formats {
		v.Downloads = append(v.Downloads, downloadView{Name: f.Name, Href: downloadPath(f.Name, q),
			Title: f.Title, Type: f.MediaTypeBase(), Use: f.UseIn(c.Lang())})
	}
	v.MatchNotes, v.DidYouMean = matchNotes(c, ans.matchInfo, ans.Total, base)
}

// matchNotes tells the person how the results were matched: the words read
// as others, and whether the results have only some of the words; and the
// "did you mean" link, with the same filters.
func matchNotes(c *catalog, mi matchInfo, total uint64, base url.Values) ([]string, *suggestionView) {
	var notes []string
	for _, fix := range mi.Corrections {
		notes = append(notes, c.T("match.corrected", fix.Word, fix.To))
	}
	switch {
	case total == 0 || mi.AllWords >= total:
	case mi.AllWords == 0:
		notes = append(notes, c.T("match.some"))
	default:
		notes = append(notes, c.T("match.some.part", formatInt(c, int64(mi.AllWords))))
	}
	if mi.DidYouMean == nil {
		return notes, nil
	}
	u := cloneValues(base)
	u.Set("q", mi.DidYouMean.Q)
	return notes, &suggestionView{Q: mi.DidYouMean.Q, URL: withQuery("/", u), TotalStr: formatInt(c, int64(mi.DidYouMean.Total))}
}

func newResultView(c *catalog, res resultRecord) resultView {
	rec := res.Record
	rv := resultView{
		URL:          projectURL(rec.ID),
		Title:        template.HTML(template.HTMLEscapeString(rec.Title)),
		HasTitle:     rec.Title != "",
		Municipality: rec.Municipality,
		MuniCode:     rec.MunicipalityCode,
		Programme:    programmeName(c, rec.Programme, rec.ProgrammeName),
		ProgCode:     rec.Programme,
		Contracts:    rec.ContractNumbers,
		Start:        formatDate(c, rec.Period.Start),
		End:          formatDate(c, rec.Period.End),
		Withdrawn:    rec.Withdrawn != "",
	}
	if rec.Title == "" {
		rv.Title = template.HTML(template.HTMLEscapeString(rec.ID))
	}
	// The best-known amount: a project that states only its grant shows it, marked.
	amount, basis := rec.Budget.Amount()
	rv.Budget = formatMoney(c, amount, rec.Budget.Currency)
	if eur, _ := rec.Budget.AmountEUR(); rec.Budget.Currency != "EUR" {
		rv.BudgetEUR = formatMoney(c, eur, "EUR")
	}
	rv.BudgetField = "budget." + basis
	if basis == dataset.BasisGrant {
		rv.BudgetBasis = c.T("result.grant_only")
	}
	keys := make([]string, 0, len(res.Highlights))
	for k := range res.Highlights {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		frags := res.Highlights[k]
		if k == "title" {
			// The marked title replaces the plain one only when it is whole
			// (a fragment of a very long title is not).
			if len(frags) > 0 && sameText(frags[0], rec.Title) {
				rv.Title = safeHighlight(frags[0])
			}
			continue
		}
		for _, f := range frags {
			if len(rv.Snippets) < 3 {
				rv.Snippets = append(rv.Snippets, safeHighlight(f))
			}
		}
	}
	return rv
}

// sameText reports whether a highlight fragment holds exactly text.
func sameText(frag, text string) bool {
	plain := html.UnescapeString(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(frag))
	return strings.Join(strings.Fields(plain), " ") == strings.Join(strings.Fields(text), " ")
}

// facetViews builds the checkboxes of municipality, programme and fund, and
// the year links. A selected value the answer does not count is kept (with
// no count), so that unticking it stays possible.
func facetViews(c *catalog, f formState, facets map[string][]dataset.FacetValue, base url.Values, mi muniIndex) ([]facetView, []facetValueView) {
	var out []facetView
	for _, name := range []string{"municipality", "programme", "fund"} {
		fv := facetView{Name: name, Label: c.T("facet." + name)}
		if name == "municipality" {
			fv.Values = muniFacet(c, f, facets[name], facets["municipality_code"], mi)
		} else {
			sel := f.selected[name]
			seen := map[string]bool{}
			for _, val := range facets[name] {
				seen[val.Value] = true
				fv.Values = append(fv.Values, facetValue(c, name, val.Value, val.Count, slices.Contains(sel, val.Value)))
			}
			for _, s := range sel {
				if !seen[s] {
					seen[s] = true
					fv.Values = append(fv.Values, facetValue(c, name, s, -1, true))
				}
			}
		}
		for _, x := range fv.Values {
			if x.Checked {
				fv.Selected++
			}
		}
		out = append(out, fv)
	}
	var years []facetValueView
	for _, val := range facets["year"] {
		u := cloneValues(base)
		u.Set("year_from", val.Value)
		u.Set("year_to", val.Value)
		years = append(years, facetValueView{Value: val.Value, Label: val.Value, Count: val.Count,
			Checked: f.YearFrom == val.Value && f.YearTo == val.Value, URL: withQuery("/", u)})
	}
	slices.SortFunc(years, func(a, b facetValueView) int { return strings.Compare(b.Value, a.Value) })
	return out, years
}

func facetValue(c *catalog, name, value string, count int, checked bool) facetValueView {
	fv := facetValueView{Param: name, Value: value, Label: value, Count: count, Checked: checked}
	switch name {
	case "programme":
		fv.Label = programmeName(c, value, "")
		fv.Title = value
	case "fund":
		fv.Label, fv.Title = c.T("fund."+value), value
	}
	return fv
}

// sortOptions lists the orders; "" is the default (relevance with a query,
// newest first without), so that a new query is not stuck with an old order.
func sortOptions(c *catalog, current string) []sortOption {
	out := []sortOption{{Value: "", Label: c.T("sort.default"), Selected: current == ""}}
	for _, s := range dataset.Sorts {
		out = append(out, sortOption{Value: s, Label: c.T("sort." + s), Selected: s == current})
	}
	return out
}

// pageLinks returns links to the first, the last and the pages around the
// current one, with prev and next.
func pageLinks(base url.Values, cur, perPage int, total uint64) (links []pageLink, prev, next string) {
	if perPage <= 0 {
		return nil, "", ""
	}
	last := int(min((total+uint64(perPage)-1)/uint64(perPage), dataset.MaxPage))
	if last <= 1 && cur <= 1 {
		return nil, "", ""
	}
	link := func(n int) string {
		u := cloneValues(base)
		if n > 1 {
			u.Set("page", strconv.Itoa(n))
		}
		return withQuery("/", u)
	}
	if cur > 1 {
		prev = link(min(cur-1, max(last, 1)))
	}
	if cur < last {
		next = link(cur + 1)
	}
	prevN := 0
	for n := 1; n <= last; n++ {
		if n != 1 && n != last && (n < cur-2 || n > cur+2) {
			continue
		}
		links = append(links, pageLink{N: n, URL: link(n), Current: n == cur, Gap: prevN != 0 && n > prevN+1})
		prevN = n
	}
	return links, prev, next
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, s := range v {
		out[k] = slices.Clone(s)
	}
	return out
}

// withQuery joins a path and parameters; no "?" when there are none.
func withQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}
