package api

import (
	"math"
	"slices"
	"sort"

	"github.com/opendata-bg/opendata/dataset"
)

// muniIndex is what the pages know of the municipalities the records
// name: the store's rows (one per municipality_code, one per name for
// the records without a code) by name. A name whose records carry two
// codes or more (the two Бяла) is split: its municipalities have pages of
// their own, by code.
type muniIndex struct {
	byName map[string][]dataset.MunicipalityStat
	byCode map[string]dataset.MunicipalityStat
	names  []string // sorted
}

// muniIndex reads the store's municipalities (cached per generation).
func (s *Server) muniIndex() (muniIndex, error) {
	list, err := s.cfg.Store.Municipalities()
	if err != nil {
		return muniIndex{}, err
	}
	mi := muniIndex{byName: map[string][]dataset.MunicipalityStat{}, byCode: map[string]dataset.MunicipalityStat{}}
	for _, m := range list {
		if _, ok := mi.byName[m.Municipality]; !ok {
			mi.names = append(mi.names, m.Municipality)
		}
		mi.byName[m.Municipality] = append(mi.byName[m.Municipality], m)
		if m.Ekatte != "" {
			mi.byCode[m.Ekatte] = m
		}
	}
	sort.Strings(mi.names)
	return mi, nil
}

// codes returns the codes the records of name carry, in order.
func (mi muniIndex) codes(name string) []string {
	var out []string
	for _, m := range mi.byName[name] {
		if m.Ekatte != "" {
			out = append(out, m.Ekatte)
		}
	}
	return out
}

// split reports whether the records of name carry two codes or more.
func (mi muniIndex) split(name string) bool { return len(mi.codes(name)) > 1 }

// onlyCode returns the code every record of name carries, "" when some
// carry none or another.
func (mi muniIndex) onlyCode(name string) string {
	if rows := mi.byName[name]; len(rows) == 1 {
		return rows[0].Ekatte
	}
	return ""
}

// url is the page of the municipality called name with code: by code when
// the name is split, else by name.
func (mi muniIndex) url(name, code string) string {
	if code != "" && mi.split(name) {
		return municipalityURL(code)
	}
	return municipalityURL(name)
}

// muniLabel names a municipality for people: its name, and when its code
// is known, its province (Бяла (обл. Русе)).
func muniLabel(c *catalog, name, code string) string {
	if p := dataset.ProvinceOfCode(code); p != "" {
		return c.T("muni.of.province", name, p)
	}
	return name
}

// recordMuniURL is the page of a record's municipality: by its code when
// it has one (whose page names the name's page canonical when the name is
// not split), else by name.
func recordMuniURL(name, code string) string {
	if code != "" {
		return municipalityURL(code)
	}
	return municipalityURL(name)
}

// rows lists the municipalities for the list page and the sitemap: one
// row per name, or, for a split name, one per code and one for the
// records of the name that carry none; "unknown" (no municipality stated)
// without a page.
func (mi muniIndex) rows(c *catalog) []municipalityRow {
	var out []municipalityRow
	for _, name := range mi.names {
		out = append(out, mi.rowsOf(c, name)...)
	}
	return out
}

// rowsOf is the rows of one name.
func (mi muniIndex) rowsOf(c *catalog, name string) []municipalityRow {
	var out []municipalityRow
	add := func(label, href string, n int, eur float64) {
		eur = math.Round(eur*100) / 100
		out = append(out, municipalityRow{Name: label, URL: href, Projects: formatInt(c, int64(n)), Budget: formatMoney(c, &eur, "EUR")})
	}
	if name == "unknown" { // the projects whose page names no municipality
		for _, m := range mi.byName[name] {
			add(c.T("munis.unknown"), "", m.Projects, m.BudgetEUR)
		}
		return out
	}
	if !mi.split(name) {
		n, eur := 0, 0.0
		for _, m := range mi.byName[name] {
			n, eur = n+m.Projects, eur+m.BudgetEUR
		}
		add(muniLabel(c, name, mi.onlyCode(name)), municipalityURL(name), n, eur)
		return out
	}
	for _, m := range mi.byName[name] {
		if m.Ekatte != "" {
			add(muniLabel(c, name, m.Ekatte), municipalityURL(m.Ekatte), m.Projects, m.BudgetEUR)
		} else { // a page of another site names the name: no page can say which
			add(c.T("munis.unattributed", name), "", m.Projects, m.BudgetEUR)
		}
	}
	return out
}

// muniFacet is the municipality checkboxes of the search page: one per
// name; but a name the records split between codes (the two Бяла) has one
// per municipality, by code (municipality_code), and one for all of the
// name when some of its records carry no code. Selected values the counts
// leave out are shown checked.
func muniFacet(c *catalog, f formState, names, codes []dataset.FacetValue, mi muniIndex) []facetValueView {
	perCode := map[string]int{}
	for _, v := range codes {
		perCode[v.Value] = v.Count
	}
	selName, selCode := f.selected["municipality"], f.selected["municipality_code"]
	var out []facetValueView
	seen := map[string]bool{}
	add := func(param, value, label string, count int, checked bool) {
		seen[param+"="+value] = true
		out = append(out, facetValueView{Param: param, Value: value, Label: label, Count: count, Checked: checked})
	}
	for _, v := range names {
		if !mi.split(v.Value) {
			add("municipality", v.Value, v.Value, v.Count, slices.Contains(selName, v.Value))
			continue
		}
		coded := 0
		for _, code := range mi.codes(v.Value) {
			if n, on := perCode[code], slices.Contains(selCode, code); n > 0 || on {
				add("municipality_code", code, muniLabel(c, v.Value, code), n, on)
				coded += n
			}
		}
		if on := slices.Contains(selName, v.Value); v.Count > coded || on {
			add("municipality", v.Value, c.T("facet.muni.all", v.Value), v.Count, on)
		}
	}
	for _, s := range selName {
		if !seen["municipality="+s] {
			add("municipality", s, s, -1, true)
		}
	}
	for _, s := range selCode {
		if !seen["municipality_code="+s] {
			label := s
			if name := mi.byCode[s].Municipality; name != "" {
				label = muniLabel(c, name, s)
			}
			add("municipality_code", s, label, -1, true)
		}
	}
	return out
}
