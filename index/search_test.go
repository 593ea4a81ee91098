package index

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/opendata-bg/opendata/dataset"
)

// searchable is the text of a record that q searches.
func searchable(r dataset.Record) string {
	parts := []string{r.Title, r.Beneficiary, r.Municipality, r.ProgrammeName}
	for _, l := range [][]string{r.Objectives, r.Activities, r.Results, r.TargetGroups, r.Partners, r.Contractors} {
		parts = append(parts, l...)
	}
	return strings.ToLower(strings.Join(parts, " \n "))
}

// withAnyWord lists the ids of records whose text has any of the words
// (whole words, lower case), sorted.
func withAnyWord(recs []dataset.Record, words ...string) []string {
	re := regexp.MustCompile(`(?i)(^|[^\p{L}\p{N}])(` + strings.Join(words, "|") + `)($|[^\p{L}\p{N}])`)
	var out []string
	for _, r := range recs {
		if re.MatchString(searchable(r)) {
			out = append(out, r.ID)
		}
	}
	sort.Strings(out)
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

func TestSearchWordFamilies(t *testing.T) {
	recs := truthRecords(t)
	x := openTest(t, recs)
	tests := []struct {
		q      string
		family []string // the forms of the word; any of them in a record makes it a hit
	}{
		{"проект", []string{"проект", "проекта", "проектът", "проекти", "проектите"}},
		{"проектите", []string{"проект", "проекта", "проектът", "проекти", "проектите"}},
		{"мониторинга", []string{"мониторинг", "мониторинга", "мониторингът"}},
		{"общинска", []string{"общински", "общинска", "общинско", "общинските", "общинската", "общинския", "общинският", "общинското"}},
		{"сграда", []string{"сграда", "сгради", "сградата", "сградите"}},
		{"градините", []string{"градина", "градини", "градината", "градините"}},
		{"улица", []string{"улица", "улици", "улицата", "улиците"}},
		{"ремонти", []string{"ремонт", "ремонта", "ремонтът", "ремонти", "ремонтите"}},
	}
	for _, tt := range tests {
		want := withAnyWord(recs, tt.family...)
		if len(want) == 0 {
			t.Fatalf("%s: the corpus has no record to find", tt.q)
		}
		res := find(t, x, "per_page=100&q="+tt.q)
		if got := sorted(ids(res)); !slices.Equal(got, want) {
			t.Errorf("q=%s found %v; want %v", tt.q, got, want)
		}
		if res.Total != uint64(len(want)) {
			t.Errorf("q=%s total %d; want %d", tt.q, res.Total, len(want))
		}
	}
	// проектиране is another word: a record that has only it is not a hit.
	if got := find(t, x, "q=проектиране").Total; got != uint64(len(withAnyWord(recs, "проектиране"))) {
		t.Errorf("q=проектиране total %d", got)
	}
}

func TestSearchLatin(t *testing.T) {
	recs := truthRecords(t)
	x := openTest(t, recs)
	tests := []struct {
		q, cyr string
	}{
		{"peshtera", "пещера"},
		{"Peshtera", "пещера"},
		{"patronazhna grizha", "патронажна"},
		{"obshtina Septemvri", "септември"},
		{"Veliko Tarnovo", "търново"},
		{"kanalizatsia", "канализация"},
	}
	for _, tt := range tests {
		want := withAnyWord(recs, tt.cyr)
		got := sorted(ids(find(t, x, "per_page=100&q="+tt.q)))
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("q=%s found %v; want %v (records with %s)", tt.q, got, want, tt.cyr)
		}
	}
}

func TestSearchCodes(t *testing.T) {
	recs := truthRecords(t)
	x := openTest(t, recs)
	tests := []struct {
		q     string
		first []string // these ids, in any order, come first
	}{
		{"BG16RFOP001-1.001-0027-C01", []string{"BG16RFOP001-1.001-0027-C01"}},
		{"№BG16RFOP001-1.001-0027-C01", []string{"BG16RFOP001-1.001-0027-C01"}},
		{"№ BG16RFOP001-1.001-0027-C01", []string{"BG16RFOP001-1.001-0027-C01"}},
		{"bg16rfop001-1.001-0027-c01", []string{"BG16RFOP001-1.001-0027-C01"}},
		// Cyrillic В, О and С in a Latin code.
		{"\u0412G16RF\u041eP001-1.001-0027-\u042101", []string{"BG16RFOP001-1.001-0027-C01"}},
		{"13-13-24", []string{"13-13-24"}},
		{"РД-КБ-22-018", []string{"РД-КБ-22-018"}},
		{"рд-кб-22-018", []string{"РД-КБ-22-018"}},
		// Prefixes: the procedure and its contracts.
		{"BG16RFOP001-1.001", []string{"BG16RFOP001-1.001-0027-C01"}},
		{"BG-RRP-4.026", []string{"BG-RRP-4.026-0112-C01", "BG-RRP-4.026-0044-C01"}},
		{"BG-RRP-4.02", []string{"BG-RRP-4.026-0112-C01", "BG-RRP-4.026-0044-C01", "BG-RRP-4.024-0057-C01"}},
		{"BG051PO002/13/1.3-07", []string{"13-13-24"}},
	}
	for _, tt := range tests {
		res := find(t, x, "per_page=100&q="+urlEscape(tt.q))
		got := ids(res)
		if len(got) < len(tt.first) || !slices.Equal(sorted(got[:len(tt.first)]), sorted(tt.first)) {
			t.Errorf("q=%s: first hits %v; want %v first", tt.q, got, tt.first)
		}
	}
}

func TestFilters(t *testing.T) {
	recs := truthRecords(t)
	x := openTest(t, recs)
	match := func(f func(r dataset.Record) bool) []string {
		var out []string
		for _, r := range recs {
			if f(r) {
				out = append(out, r.ID)
			}
		}
		sort.Strings(out)
		return out
	}
	overlaps := func(r dataset.Record, from, to int) bool {
		s, e := dataset.YearOf(r.Period.Start), dataset.YearOf(r.Period.End)
		if s == 0 && e == 0 {
			s, e = dataset.YearOf(r.Published), dataset.YearOf(r.Published)
		}
		if s == 0 {
			s = e
		}
		if e == 0 {
			e = s
		}
		return s != 0 && s <= to && e >= from
	}
	eur := func(r dataset.Record) float64 {
		if bestEUR(r) == nil {
			return -1
		}
		return *bestEUR(r)
	}
	tests := []struct {
		params string
		want   []string
	}{
		{"municipality=Сливен", match(func(r dataset.Record) bool { return r.Municipality == "Сливен" })},
		{"municipality=Сливен&municipality=Бургас", match(func(r dataset.Record) bool {
			return r.Municipality == "Сливен" || r.Municipality == "Бургас"
		})},
		{"programme=NRRP", match(func(r dataset.Record) bool { return r.Programme == "NRRP" })},
		{"programme=NRRP&municipality=Стара Загора", match(func(r dataset.Record) bool {
			return r.Programme == "NRRP" && r.Municipality == "Стара Загора"
		})},
		{"fund=CF", match(func(r dataset.Record) bool { return slices.Contains(r.Funds, "CF") })},
		{"fund=ESF&fund=EAFRD", match(func(r dataset.Record) bool {
			return slices.Contains(r.Funds, "ESF") || slices.Contains(r.Funds, "EAFRD")
		})},
		{"contract=BG-RRP-4.026-0044-C01", []string{"BG-RRP-4.026-0044-C01"}},
		{"contract=№ bg-rrp-4.026-0044-c01", []string{"BG-RRP-4.026-0044-C01"}},
		{"contract=BG-RRP-4.026", nil}, // exact, not a prefix
		{"year_from=2014&year_to=2014", match(func(r dataset.Record) bool { return overlaps(r, 2014, 2014) })},
		{"year_from=2020", match(func(r dataset.Record) bool { return overlaps(r, 2020, 2100) })},
		{"year_to=2012", match(func(r dataset.Record) bool { return overlaps(r, 1900, 2012) })},
		{"budget_min=1000000", match(func(r dataset.Record) bool { return eur(r) >= 1e6 })},
		{"updated_since=2026-11-03", match(func(r dataset.Record) bool {
			return !updatedAt(r).IsZero() && !updatedAt(r).Before(time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC))
		})},
		{"updated_since=2026-11-02T13:00:00%2B02:00&municipality=Сливен", match(func(r dataset.Record) bool {
			return r.Municipality == "Сливен" && !updatedAt(r).IsZero() && !updatedAt(r).Before(time.Date(2026, 11, 2, 11, 0, 0, 0, time.UTC))
		})},
		{"budget_min=100000&budget_max=500000", match(func(r dataset.Record) bool { return eur(r) >= 1e5 && eur(r) <= 5e5 })},
		{"q=енергийна&updated_since=2026-11-03", intersectIDs(withAnyWord(recs, "енергийна", "енергийно", "енергийни", "енергиен", "енергийния", "енергийната"),
			match(func(r dataset.Record) bool {
				return !updatedAt(r).IsZero() && !updatedAt(r).Before(time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC))
			}))},
		{"q=енергийна&budget_max=1000000", intersectIDs(withAnyWord(recs, "енергийна", "енергийно", "енергийни", "енергиен", "енергийния", "енергийната"),
			match(func(r dataset.Record) bool { return eur(r) >= 0 && eur(r) <= 1e6 }))},
	}
	for _, tt := range tests {
		res := find(t, x, "per_page=100&"+tt.params)
		if got := sorted(ids(res)); !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("%s: got %v; want %v", tt.params, got, tt.want)
		}
	}
	// Sanity: the filters above are not all trivially empty or full.
	if n := len(match(func(r dataset.Record) bool { return overlaps(r, 2014, 2014) })); n == 0 || n == len(recs) {
		t.Errorf("year 2014 overlaps %d of %d records: a poor test", n, len(recs))
	}
}

func intersectIDs(a, b []string) []string {
	var out []string
	for _, s := range a {
		if slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

func TestSorts(t *testing.T) {
	recs := truthRecords(t)
	x := openTest(t, recs)
	m := byID(recs)
	get := func(sort string) []dataset.Record {
		res := find(t, x, "per_page=100&sort="+sort)
		if int(res.Total) != len(recs) || len(res.Hits) != len(recs) {
			t.Fatalf("sort=%s: %d hits of %d", sort, len(res.Hits), len(recs))
		}
		var out []dataset.Record
		for _, h := range res.Hits {
			out = append(out, m[h.ID])
		}
		return out
	}
	// A key per record; "" (missing) must come last in either direction.
	checkOrder := func(sort string, key func(dataset.Record) string, desc bool) {
		rs := get(sort)
		seenMissing := false
		for i, r := range rs {
			k := key(r)
			if k == "" {
				seenMissing = true
				continue
			}
			if seenMissing {
				t.Errorf("sort=%s: %s has a value after records without one", sort, r.ID)
			}
			if i > 0 && key(rs[i-1]) != "" {
				prev := key(rs[i-1])
				if (!desc && prev > k) || (desc && prev < k) {
					t.Errorf("sort=%s: %q before %q", sort, prev, k)
				}
			}
		}
	}
	budget := func(r dataset.Record) string {
		if bestEUR(r) == nil {
			return ""
		}
		return budgetKey(*bestEUR(r))
	}
	checkOrder("-budget", budget, true)
	checkOrder("budget", budget, false)
	checkOrder("-start", func(r dataset.Record) string { return r.Period.Start }, true)
	checkOrder("start", func(r dataset.Record) string { return r.Period.Start }, false)
	checkOrder("-published", func(r dataset.Record) string { return r.Published }, true)
	checkOrder("published", func(r dataset.Record) string { return r.Published }, false)
	updated := func(r dataset.Record) string {
		if updatedAt(r).IsZero() {
			return ""
		}
		return updatedAt(r).UTC().Format(time.RFC3339)
	}
	checkOrder("-updated", updated, true)
	checkOrder("updated", updated, false)

	// The biggest budget first: checked against the data.
	var maxID string
	var maxEUR float64
	for _, r := range recs {
		if e := bestEUR(r); e != nil && *e > maxEUR {
			maxID, maxEUR = r.ID, *e
		}
	}
	if got := get("-budget")[0].ID; got != maxID {
		t.Errorf("sort=-budget: first %s; want %s", got, maxID)
	}

	// Titles in Bulgarian alphabetical order.
	coll := collate.New(language.Bulgarian, collate.IgnoreCase)
	rs := get("title")
	for i := 1; i < len(rs); i++ {
		a, b := strings.Trim(rs[i-1].Title, "\"„“ "), strings.Trim(rs[i].Title, "\"„“ ")
		if coll.CompareString(a, b) > 0 {
			t.Errorf("sort=title: %q before %q", a, b)
		}
	}
}

func TestPaging(t *testing.T) {
	recs := truthRecords(t)
	x := openTest(t, recs)
	var all []string
	for page := 1; page <= 8; page++ {
		res := find(t, x, "per_page=5&sort=-budget&page="+strconv.Itoa(page))
		if res.Total != uint64(len(recs)) || res.Page != page || res.PerPage != 5 {
			t.Fatalf("page %d: total %d page %d per_page %d", page, res.Total, res.Page, res.PerPage)
		}
		all = append(all, ids(res)...)
	}
	if len(all) != len(recs) {
		t.Fatalf("pages gave %d ids; want %d", len(all), len(recs))
	}
	want := make([]string, 0, len(recs))
	for _, r := range recs {
		want = append(want, r.ID)
	}
	if !slices.Equal(sorted(all), sorted(want)) {
		t.Errorf("pages repeat or miss records: %v", all)
	}
	one := find(t, x, "per_page=100&sort=-budget")
	if !slices.Equal(ids(one), all) {
		t.Errorf("pages of 5 and one page of 100 differ")
	}
	if res := find(t, x, "per_page=5&page=100"); len(res.Hits) != 0 || res.Total != uint64(len(recs)) {
		t.Errorf("a page past the end: %d hits, total %d", len(res.Hits), res.Total)
	}
}

func TestFacets(t *testing.T) {
	recs := truthRecords(t)
	x := openTest(t, recs)
	res := find(t, x, "facets=municipality,programme,fund,year")
	count := func(vals []dataset.FacetValue) map[string]int {
		m := map[string]int{}
		for _, v := range vals {
			m[v.Value] = v.Count
		}
		return m
	}
	wantMun, wantProg, wantFund, wantYear := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for _, r := range recs {
		wantMun[r.Municipality]++
		wantProg[r.Programme]++
		for _, f := range r.Funds {
			wantFund[f]++
		}
		for _, y := range yearsCovered(&r) {
			wantYear[y]++
		}
	}
	for name, want := range map[string]map[string]int{"municipality": wantMun, "programme": wantProg, "fund": wantFund, "year": wantYear} {
		if got := count(res.Facets[name]); !mapsEqual(got, want) {
			t.Errorf("facet %s: %v; want %v", name, got, want)
		}
	}
	// Counts follow the query.
	res = find(t, x, "municipality=Сливен&facets=programme")
	for _, v := range res.Facets["programme"] {
		n := 0
		for _, r := range recs {
			if r.Municipality == "Сливен" && r.Programme == v.Value {
				n++
			}
		}
		if v.Count != n {
			t.Errorf("Сливен, programme %s: %d; want %d", v.Value, v.Count, n)
		}
	}
	// Municipalities by count, years in order.
	res = find(t, x, "facets=municipality,year")
	for i := 1; i < len(res.Facets["municipality"]); i++ {
		if res.Facets["municipality"][i-1].Count < res.Facets["municipality"][i].Count {
			t.Errorf("municipality facet not by count: %v", res.Facets["municipality"])
		}
	}
	for i := 1; i < len(res.Facets["year"]); i++ {
		if res.Facets["year"][i-1].Value > res.Facets["year"][i].Value {
			t.Errorf("year facet not in year order: %v", res.Facets["year"])
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestQuerySyntaxErrors(t *testing.T) {
	x := openTest(t, truthRecords(t))
	tests := []struct{ q, says string }{
		{`"енергийна ефективност`, "closing"},
		{`ремонт "улици`, "closing"},
		{`-ремонт`, "only exclusions"},
		{`-ремонт -"улици"`, "only exclusions"},
		{`на и за`, "common words"},
		{strings.Repeat("дума ", 21), "more than 20"},
		{`"` + strings.Repeat("дума ", 13) + `"`, "at most"},
	}
	for _, tt := range tests {
		_, err := searchErr(x, "q="+urlEscape(tt.q))
		if errCode(err) != dataset.EINVALID || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("q=%q: err %v; want EINVALID saying %q", tt.q, err, tt.says)
		}
	}
	// Valid odd queries.
	for _, q := range []string{`ремонт -`, `""`, `- - ремонт`, `+ремонт`, `2014-2020`} {
		if _, err := searchErr(x, "q="+urlEscape(q)); err != nil {
			t.Errorf("q=%q: %v", q, err)
		}
	}
}

func urlEscape(s string) string {
	r := strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", "#", "%23", " ", "%20", "\"", "%22")
	return r.Replace(s)
}
