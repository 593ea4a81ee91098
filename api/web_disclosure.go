package api

import (
	"net/http"
	"net/url"

	"github.com/opendata-bg/opendata/dataset"
)

// disclosureView is the data of a municipality's disclosure page.
type disclosureView struct {
	D                               dataset.Disclosure
	Name                            string // with its province when asked by code
	Search, Unannounced             string // its records; those in a register format the register lacks
	FileDate                        string
	Counts                          []countRow
	Matched, Disagreeing, Unmatched int
	Filters                         []filterLink
	CSV, JSON, API                  string
}

type countRow struct {
	Label string
	C     dataset.DisclosureCounts
	EUR   *float64
}

type filterLink struct {
	Label, Href string
	Current     bool
}

// disclosurePage is GET /municipalities/{name}/disclosure: the
// municipality's register contracts against what its site announces.
func (wb *web) disclosurePage(w http.ResponseWriter, r *http.Request) {
	c := wb.cats.pick(w, r)
	if wb.notModified(w, r, "disclosure", r.URL.EscapedPath(), r.URL.Query().Get("role"), r.URL.Query().Get("status")) {
		return
	}
	d, err := wb.s.disclosure(r.Context(), r, nil)
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	v := disclosureView{D: d, Matched: d.Records[dataset.RegisterFacetMatched] + d.Records[dataset.RegisterFacetDisagreement],
		Disagreeing: d.Records[dataset.RegisterFacetDisagreement], Unmatched: d.Records[dataset.RegisterFacetUnmatched]}
	for _, p := range d.Programmes {
		if fd := p.FileDate(); fd > v.FileDate {
			v.FileDate = fd
		}
	}
	for _, row := range []struct {
		key string
		c   dataset.DisclosureCounts
	}{{"beneficiary", d.Beneficiary}, {"place", d.Place}, {"total", d.Total}} {
		eur := row.c.NotAnnouncedEUR
		v.Counts = append(v.Counts, countRow{Label: c.T("disclosure.row." + row.key), C: row.c, EUR: &eur})
	}
	key, sel := d.Municipality, dataset.Query{Municipality: []string{d.Municipality}}
	v.Name = d.Municipality
	if d.MunicipalityCode != "" {
		key, sel = d.MunicipalityCode, dataset.Query{MunicipalityCode: []string{d.MunicipalityCode}}
		v.Name = muniLabel(c, d.Municipality, d.MunicipalityCode)
	}
	v.Search = withQuery("/", sel.Values())
	sel.Register = []string{dataset.RegisterFacetUnmatched}
	v.Unannounced = withQuery("/", sel.Values())
	base := "/municipalities/" + url.PathEscape(key) + "/disclosure"
	q := r.URL.Query()
	for _, f := range []struct{ key, role, status string }{
		{"all", "", ""}, {"not_announced", "", dataset.DisclosureNotAnnounced},
		{"disagreement", "", dataset.DisclosureDisagreement}, {"beneficiary", dataset.RoleBeneficiary, ""},
	} {
		vals := url.Values{}
		if f.role != "" {
			vals.Set("role", f.role)
		}
		if f.status != "" {
			vals.Set("status", f.status)
		}
		href := base
		if e := vals.Encode(); e != "" {
			href += "?" + e
		}
		v.Filters = append(v.Filters, filterLink{Label: c.T("disclosure.filter." + f.key), Href: href,
			Current: q.Get("role") == f.role && q.Get("status") == f.status})
	}
	api := "/api/v1/municipalities/" + url.PathEscape(key)
	role := ""
	if q.Get("role") != "" {
		role = "?role=" + url.QueryEscape(q.Get("role"))
	}
	v.CSV, v.JSON, v.API = api+"/unannounced.csv"+role, api+"/unannounced.json"+role, api+"/disclosure"
	wb.render(w, r, "disclosure", wb.newPage(r, c, c.T("disclosure.title", v.Name), v))
}
