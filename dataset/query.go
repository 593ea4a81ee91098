package dataset

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on a query, so that no client can ask for unbounded work.
const (
	DefaultPerPage = 20
	MaxPerPage     = 100
	MaxPage        = 10000
	MaxQueryLen    = 1000
	maxValues      = 50 // repeated values of one filter
)

// Sort orders accepted by the search.
var Sorts = []string{"relevance", "-budget", "budget", "-start", "start", "-published", "published", "-updated", "updated", "title"}

// FacetNames are the facets the search can count.
var FacetNames = []string{"municipality", "programme", "fund", "year", "register", "municipality_code"}

// Query selects records: the search and every download take one.
type Query struct {
	Q            string
	Municipality []string
	// MunicipalityCode selects by ЕКАТТЕ code (record.municipality_code).
	// It names municipalities as Municipality does, by another key: a
	// record passes when its name is one of Municipality or its code one
	// of MunicipalityCode (OR between the two, as within each).
	MunicipalityCode []string
	Programme        []string
	Fund             []string
	Contract         string
	YearFrom         int // 0: open
	YearTo           int
	BudgetMin        *float64 // on budget.amount_eur
	BudgetMax        *float64
	// Register selects by the register facet (matched, disagreement,
	// unmatched, none); Matched and Disagreement are its shorthands:
	// matched=true is matched or disagreement, matched=false unmatched or
	// none; disagreement=true is disagreement, false anything else.
	Register     []string
	Matched      *bool
	Disagreement *bool
	// UpdatedSince keeps the records whose fields changed (or that were
	// added, withdrawn or restored) at or after this time; zero: open.
	UpdatedSince time.Time
	Sort         string // "" means relevance with Q, else -published
	Page         int    // 1-based
	PerPage      int
	Facets       []string
}

// Empty reports whether the query selects every record.
func (q *Query) Empty() bool {
	return q.Q == "" && len(q.Municipality) == 0 && len(q.MunicipalityCode) == 0 && len(q.Programme) == 0 && len(q.Fund) == 0 &&
		q.Contract == "" && q.YearFrom == 0 && q.YearTo == 0 && q.BudgetMin == nil && q.BudgetMax == nil &&
		len(q.Register) == 0 && q.Matched == nil && q.Disagreement == nil && q.UpdatedSince.IsZero()
}

// RegisterAllows reports whether a record with the register facet value
// v passes the query's register filters.
func (q *Query) RegisterAllows(v string) bool {
	if len(q.Register) > 0 && !contains(q.Register, v) {
		return false
	}
	matched := v == RegisterFacetMatched || v == RegisterFacetDisagreement
	if q.Matched != nil && *q.Matched != matched {
		return false
	}
	if q.Disagreement != nil && *q.Disagreement != (v == RegisterFacetDisagreement) {
		return false
	}
	return true
}

// ParseQuery reads a Query from URL parameters, as ../spec/api.md names them.
// Unknown parameters are ignored; a malformed value is an EINVALID error that
// says what to fix.
func ParseQuery(v url.Values) (Query, error) {
	q := Query{Page: 1, PerPage: DefaultPerPage}
	for name, vals := range v {
		for _, s := range vals {
			if !utf8.ValidString(s) {
				return q, Errorf(EINVALID, "parameter %q is not valid UTF-8", name)
			}
		}
		if len(vals) > maxValues {
			return q, Errorf(EINVALID, "parameter %q is repeated %d times; at most %d", name, len(vals), maxValues)
		}
	}
	q.Q = strings.TrimSpace(v.Get("q"))
	if utf8.RuneCountInString(q.Q) > MaxQueryLen {
		return q, Errorf(EINVALID, "q is longer than %d characters", MaxQueryLen)
	}
	q.Municipality = values(v["municipality"])
	q.MunicipalityCode = values(v["municipality_code"])
	for i, c := range q.MunicipalityCode {
		c = strings.ToUpper(c)
		q.MunicipalityCode[i] = c
		if !IsMunicipalityCode(c) {
			return q, Errorf(EINVALID, "municipality_code %q is not an ЕКАТТЕ municipality code such as PAZ21", c)
		}
	}
	q.Programme = values(v["programme"])
	q.Fund = values(v["fund"])
	q.Contract = strings.TrimSpace(v.Get("contract"))
	var err error
	if q.YearFrom, err = intParam(v, "year_from", 1900, 2100); err != nil {
		return q, err
	}
	if q.YearTo, err = intParam(v, "year_to", 1900, 2100); err != nil {
		return q, err
	}
	if q.YearFrom != 0 && q.YearTo != 0 && q.YearFrom > q.YearTo {
		return q, Errorf(EINVALID, "year_from (%d) is after year_to (%d)", q.YearFrom, q.YearTo)
	}
	if q.BudgetMin, err = floatParam(v, "budget_min"); err != nil {
		return q, err
	}
	if q.BudgetMax, err = floatParam(v, "budget_max"); err != nil {
		return q, err
	}
	if q.BudgetMin != nil && q.BudgetMax != nil && *q.BudgetMin > *q.BudgetMax {
		return q, Errorf(EINVALID, "budget_min is larger than budget_max")
	}
	q.Register = values(v["register"])
	for _, r := range q.Register {
		if !contains(RegisterFacets, r) {
			return q, Errorf(EINVALID, "register %q is not one of %s", r, strings.Join(RegisterFacets, ", "))
		}
	}
	if q.Matched, err = boolParam(v, "matched"); err != nil {
		return q, err
	}
	if q.Disagreement, err = boolParam(v, "disagreement"); err != nil {
		return q, err
	}
	if q.UpdatedSince, err = timeParam(v, "updated_since"); err != nil {
		return q, err
	}
	q.Sort = strings.TrimSpace(v.Get("sort"))
	if q.Sort != "" && !contains(Sorts, q.Sort) {
		return q, Errorf(EINVALID, "sort %q is not one of %s", q.Sort, strings.Join(Sorts, ", "))
	}
	if s := v.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxPage {
			return q, Errorf(EINVALID, "page must be a whole number from 1 to %d", MaxPage)
		}
		q.Page = n
	}
	if s := v.Get("per_page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return q, Errorf(EINVALID, "per_page must be a whole number from 1 to %d", MaxPerPage)
		}
		q.PerPage = min(n, MaxPerPage)
	}
	for _, f := range values(v["facets"]) {
		for _, name := range strings.Split(f, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			if !contains(FacetNames, name) {
				return q, Errorf(EINVALID, "facet %q is not one of %s", name, strings.Join(FacetNames, ", "))
			}
			if !contains(q.Facets, name) {
				q.Facets = append(q.Facets, name)
			}
		}
	}
	return q, nil
}

// Values writes the query back as URL parameters (page and per_page left out),
// so that a page or a download link selects exactly the same set.
func (q *Query) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", q.Q)
	v["municipality"] = q.Municipality
	v["municipality_code"] = q.MunicipalityCode
	v["programme"] = q.Programme
	v["fund"] = q.Fund
	set("contract", q.Contract)
	if q.YearFrom != 0 {
		v.Set("year_from", strconv.Itoa(q.YearFrom))
	}
	if q.YearTo != 0 {
		v.Set("year_to", strconv.Itoa(q.YearTo))
	}
	if q.BudgetMin != nil {
		v.Set("budget_min", strconv.FormatFloat(*q.BudgetMin, 'f', -1, 64))
	}
	if q.BudgetMax != nil {
		v.Set("budget_max", strconv.FormatFloat(*q.BudgetMax, 'f', -1, 64))
	}
	v["register"] = q.Register
	for name, b := range map[string]*bool{"matched": q.Matched, "disagreement": q.Disagreement} {
		if b != nil {
			v.Set(name, strconv.FormatBool(*b))
		}
	}
	if !q.UpdatedSince.IsZero() {
		v.Set("updated_since", FormatSince(q.UpdatedSince))
	}
	set("sort", q.Sort)
	for k, s := range v {
		if len(s) == 0 {
			delete(v, k)
		}
	}
	return v
}

// FormatSince writes an updated_since time back: a date alone when it is
// midnight UTC, else RFC 3339 in UTC.
func FormatSince(t time.Time) string {
	t = t.UTC()
	if t.Equal(t.Truncate(24 * time.Hour)) {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

// timeParam reads a time: RFC 3339 (2026-11-21T10:00:00Z, with any
// offset) or a date alone (2026-11-21, midnight UTC).
func timeParam(v url.Values, name string) (time.Time, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t, err = time.Parse(time.DateOnly, s)
	}
	if err != nil || t.Year() < 1900 || t.Year() > 2100 {
		return time.Time{}, Errorf(EINVALID, "%s must be a date such as 2026-11-21 or a time such as 2026-11-21T10:00:00Z, not %q", name, s)
	}
	return t.UTC(), nil
}

func values(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func intParam(v url.Values, name string, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, Errorf(EINVALID, "%s must be a year from %d to %d, not %q", name, lo, hi, s)
	}
	return n, nil
}

func boolParam(v url.Values, name string) (*bool, error) {
	switch s := strings.TrimSpace(v.Get(name)); s {
	case "":
		return nil, nil
	case "true":
		b := true
		return &b, nil
	case "false":
		b := false
		return &b, nil
	default:
		return nil, Errorf(EINVALID, "%s must be true or false, not %q", name, s)
	}
}

func floatParam(v url.Values, name string) (*float64, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1e15 || f != f {
		return nil, Errorf(EINVALID, "%s must be an amount in euro such as 150000 or 2500.50, not %q", name, s)
	}
	return &f, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
