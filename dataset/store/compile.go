package store

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// entry is one extracted record with the page it came from.
type entry struct {
	rec   *dataset.Record
	src   *contribution
	asOf  string // the date the source speaks for: its publication date, else its fetch date
	order int    // position among the contributions, for a total order
}

// compile builds the project id from every page's contribution. The rule,
// documented in README.md:
//
//   - Sources are ranked newest first: by the date each speaks for (the
//     record's publication date; an undated page counts as of the day it was
//     fetched, since a live project page says what is true now), then by
//     fetch time, then by URL.
//   - Each single-valued field takes the value of the best-ranked source that
//     states it. When another source states a different value, the chosen
//     value is kept and a warning names both values and both source URLs.
//     Amounts in another currency are converted at the fixed rate first.
//   - published is the latest publication date of any source.
//   - Lists are the union of every source's items in rank order, without
//     repeats; sources lists every page once, in rank order.
func compile(id string, cs []contribution) dataset.Record {
	es := rank(cs)
	out := dataset.Record{ID: id}
	var w warner
	pick := func(field string, get func(*dataset.Record) string, same func(a, b string) bool) string {
		return pickString(es, &w, field, get, same)
	}
	exact := func(a, b string) bool { return a == b }
	folded := func(a, b string) bool { return strings.EqualFold(fold(a), fold(b)) }
	out.Title = pick("title", func(r *dataset.Record) string { return r.Title },
		func(a, b string) bool { return titleKey(a) == titleKey(b) })
	out.Programme = pick("programme", func(r *dataset.Record) string { return r.Programme }, exact)
	out.ProgrammeName = pickString(es, nil, "", func(r *dataset.Record) string {
		if r.Programme == out.Programme {
			return r.ProgrammeName
		}
		return ""
	}, exact)
	out.Beneficiary = pick("beneficiary", func(r *dataset.Record) string { return r.Beneficiary }, folded)
	out.Municipality = pick("municipality", func(r *dataset.Record) string { return r.Municipality }, folded)
	out.Period.Start = pick("period.start", func(r *dataset.Record) string { return r.Period.Start }, exact)
	out.Period.End = pick("period.end", func(r *dataset.Record) string { return r.Period.End }, exact)
	out.Period.DurationMonths = pickInt(es, &w, "period.duration_months", func(r *dataset.Record) *int { return r.Period.DurationMonths })
	out.Budget = compileBudget(es, &w)
	for _, e := range es {
		if e.rec.Published > out.Published {
			out.Published = e.rec.Published
		}
	}
	out.ContractNumbers = union(es, func(r *dataset.Record) []string { return r.ContractNumbers }, contractKey)
	out.ProcedureCodes = union(es, func(r *dataset.Record) []string { return r.ProcedureCodes }, contractKey)
	out.Funds = union(es, func(r *dataset.Record) []string { return r.Funds }, strings.ToUpper)
	out.Partners = union(es, func(r *dataset.Record) []string { return r.Partners }, fold)
	out.Contractors = union(es, func(r *dataset.Record) []string { return r.Contractors }, fold)
	out.Objectives = union(es, func(r *dataset.Record) []string { return r.Objectives }, fold)
	out.Activities = union(es, func(r *dataset.Record) []string { return r.Activities }, fold)
	out.Results = union(es, func(r *dataset.Record) []string { return r.Results }, fold)
	out.TargetGroups = union(es, func(r *dataset.Record) []string { return r.TargetGroups }, fold)
	out.Documents = documents(es)
	out.Sources = sources(es)
	out.Warnings = union(es, func(r *dataset.Record) []string { return r.Warnings }, fold)
	for _, s := range w.list {
		if !containsFolded(out.Warnings, s) {
			out.Warnings = append(out.Warnings, s)
		}
	}
	return out
}

// rank flattens the contributions into entries, best-ranked first.
func rank(cs []contribution) []entry {
	var es []entry
	for i := range cs {
		c := &cs[i]
		for j := range c.Records {
			r := &c.Records[j]
			asOf := c.FetchedAt.UTC().Format(time.DateOnly)
			if _, err := time.Parse(time.DateOnly, r.Published); err == nil {
				asOf = r.Published
			}
			es = append(es, entry{rec: r, src: c, asOf: asOf, order: len(es)})
		}
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.asOf != b.asOf {
			return a.asOf > b.asOf
		}
		if !a.src.FetchedAt.Equal(b.src.FetchedAt) {
			return a.src.FetchedAt.After(b.src.FetchedAt)
		}
		if a.src.URL != b.src.URL {
			return a.src.URL < b.src.URL
		}
		return a.order < b.order
	})
	return es
}

// fieldSources names, for each field the register join compares, the
// page of the best-ranked source that states it (the one compile took).
func fieldSources(cs []contribution) dataset.FieldSources {
	es := rank(cs)
	first := func(has func(r *dataset.Record) bool) string {
		for _, e := range es {
			if has(e.rec) {
				return e.src.URL
			}
		}
		return ""
	}
	return dataset.FieldSources{
		Title:       first(func(r *dataset.Record) bool { return strings.TrimSpace(r.Title) != "" }),
		Beneficiary: first(func(r *dataset.Record) bool { return strings.TrimSpace(r.Beneficiary) != "" }),
		Total:       first(func(r *dataset.Record) bool { return r.Budget.Total != nil }),
		Grant:       first(func(r *dataset.Record) bool { return r.Budget.Grant != nil }),
		Start:       first(func(r *dataset.Record) bool { return strings.TrimSpace(r.Period.Start) != "" }),
		End:         first(func(r *dataset.Record) bool { return strings.TrimSpace(r.Period.End) != "" }),
	}
}

// warner collects conflict warnings without repeats.
type warner struct{ list []string }

func (w *warner) conflict(field, kept, keptURL, other, otherURL string) {
	if w == nil {
		return
	}
	s := fmt.Sprintf("%s: sources disagree: %s (%s, kept: newest) vs %s (%s)", field, kept, keptURL, other, otherURL)
	for _, x := range w.list {
		if x == s {
			return
		}
	}
	w.list = append(w.list, s)
}

// pickString returns the best-ranked non-empty value and warns about others.
func pickString(es []entry, w *warner, field string, get func(*dataset.Record) string, same func(a, b string) bool) string {
	var chosen string
	var from *entry
	for i := range es {
		v := strings.TrimSpace(get(es[i].rec))
		if v == "" {
			continue
		}
		if from == nil {
			chosen, from = v, &es[i]
			continue
		}
		if !same(chosen, v) {
			w.conflict(field, strconv.Quote(chosen), from.src.URL, strconv.Quote(v), es[i].src.URL)
		}
	}
	return chosen
}

func pickInt(es []entry, w *warner, field string, get func(*dataset.Record) *int) *int {
	var chosen *int
	var from *entry
	for i := range es {
		v := get(es[i].rec)
		if v == nil {
			continue
		}
		if from == nil {
			n := *v
			chosen, from = &n, &es[i]
			continue
		}
		if *v != *chosen {
			w.conflict(field, strconv.Itoa(*chosen), from.src.URL, strconv.Itoa(*v), es[i].src.URL)
		}
	}
	return chosen
}

// compileBudget picks each amount like a single-valued field, in the currency
// of the best-ranked source that states a total (else any amount).
func compileBudget(es []entry, w *warner) dataset.Budget {
	var b dataset.Budget
	for pass := 0; pass < 2 && b.Currency == ""; pass++ {
		for _, e := range es {
			rb := &e.rec.Budget
			if rb.Currency != "" && (rb.Total != nil || pass == 1 && hasAmount(rb)) {
				b.Currency = rb.Currency
				break
			}
		}
	}
	amount := func(field string, get func(*dataset.Budget) *float64) *float64 {
		var chosen *float64
		var from *entry
		for i := range es {
			v := get(&es[i].rec.Budget)
			if v == nil {
				continue
			}
			x := convert(*v, es[i].rec.Budget.Currency, b.Currency)
			if from == nil {
				chosen, from = &x, &es[i]
				continue
			}
			if tol := 0.005 + math.Abs(*chosen)*1e-7; math.Abs(x-*chosen) > tol {
				w.conflict(field, money(*chosen, b.Currency), from.src.URL,
					money(*v, es[i].rec.Budget.Currency), es[i].src.URL)
			}
		}
		return chosen
	}
	b.Total = amount("budget.total", func(x *dataset.Budget) *float64 { return x.Total })
	b.Grant = amount("budget.grant", func(x *dataset.Budget) *float64 { return x.Grant })
	b.OwnContribution = amount("budget.own_contribution", func(x *dataset.Budget) *float64 { return x.OwnContribution })
	b.EU = amount("budget.eu", func(x *dataset.Budget) *float64 { return x.EU })
	b.National = amount("budget.national", func(x *dataset.Budget) *float64 { return x.National })
	b.Own = amount("budget.own", func(x *dataset.Budget) *float64 { return x.Own })
	rate := func(r *dataset.Record) *float64 { return r.Budget.CofinancingRate }
	for i := range es {
		if v := rate(es[i].rec); v != nil {
			x := *v
			b.CofinancingRate = &x
			for _, o := range es[i+1:] {
				if y := rate(o.rec); y != nil && math.Abs(*y-x) > 1e-9 {
					w.conflict("budget.cofinancing_rate", strconv.FormatFloat(x, 'f', -1, 64), es[i].src.URL,
						strconv.FormatFloat(*y, 'f', -1, 64), o.src.URL)
				}
			}
			break
		}
	}
	b.FillEUR()
	return b
}

func hasAmount(b *dataset.Budget) bool {
	return b.Total != nil || b.Grant != nil || b.OwnContribution != nil || b.EU != nil || b.National != nil || b.Own != nil
}

// convert converts v from one currency to another at the fixed rate, to cents.
func convert(v float64, from, to string) float64 {
	switch {
	case from == to || from == "" || to == "":
		return v
	case from == "BGN" && to == "EUR":
		return math.Round(v/dataset.EURRate*100) / 100
	case from == "EUR" && to == "BGN":
		return math.Round(v*dataset.EURRate*100) / 100
	}
	return v
}

func money(v float64, cur string) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if cur != "" {
		s += " " + cur
	}
	return s
}

// union returns the items of every entry's list in rank order, each once
// (compared by key).
func union(es []entry, get func(*dataset.Record) []string, key func(string) string) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range es {
		for _, s := range get(e.rec) {
			s = strings.TrimSpace(s)
			k := key(s)
			if s == "" || seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

func documents(es []entry) []dataset.Document {
	var out []dataset.Document
	seen := map[string]bool{}
	for _, e := range es {
		for _, d := range e.rec.Documents {
			if d.URL == "" || seen[d.URL] {
				continue
			}
			seen[d.URL] = true
			out = append(out, d)
		}
	}
	return out
}

func sources(es []entry) []dataset.Source {
	var out []dataset.Source
	seen := map[string]bool{}
	for _, e := range es {
		if seen[e.src.URL] {
			continue
		}
		seen[e.src.URL] = true
		out = append(out, dataset.Source{
			URL:       e.src.URL,
			FetchedAt: e.src.FetchedAt.UTC().Format(time.RFC3339),
			SHA256:    e.src.SHA256,
			Title:     e.src.Title,
			Published: e.rec.Published,
		})
	}
	return out
}

// fold lower-cases s and folds its white space, for comparing list items.
func fold(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func containsFolded(list []string, s string) bool {
	for _, x := range list {
		if fold(x) == fold(s) {
			return true
		}
	}
	return false
}
