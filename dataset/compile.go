package dataset

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Contribution is what one page said about one record: the records the
// extractor found on it that resolved to that record, with the page's fetch
// time and hash. A store keeps contributions so that the compiled record
// can be rebuilt whenever any of its pages changes.
type Contribution struct {
	URL       string    `json:"url"`
	FetchedAt time.Time `json:"fetched_at"`
	SHA256    string    `json:"sha256"`
	Title     string    `json:"title,omitempty"`
	Records   []Record  `json:"records"`
}

// entry is one extracted record with the page it came from.
type entry struct {
	rec   *Record
	src   *Contribution
	asOf  string // the date the source speaks for: its publication date, else its fetch date
	order int    // position among the contributions, for a total order
}

// Compile builds the project id from every page's contribution. The rule,
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
//   - Evidence: each field keeps the evidence of the source whose value it
//     took (a list item, that of the source that gave the item first, under
//     its new position); an evidence without a source names the page's hash.
func Compile(id string, cs []Contribution) Record {
	c := &compiler{es: rank(cs), ev: map[string]Evidence{}}
	out := Record{ID: id}
	exact := func(a, b string) bool { return a == b }
	folded := func(a, b string) bool { return strings.EqualFold(fold(a), fold(b)) }
	out.Title = c.pickString("title", func(r *Record) string { return r.Title },
		func(a, b string) bool { return TitleKey(a) == TitleKey(b) })
	out.Programme = c.pickString("programme", func(r *Record) string { return r.Programme }, exact)
	out.ProgrammeName = c.pickQuiet("programme_name", func(r *Record) string {
		if r.Programme == out.Programme {
			return r.ProgrammeName
		}
		return ""
	})
	out.Beneficiary = c.pickString("beneficiary", func(r *Record) string { return r.Beneficiary }, folded)
	out.Municipality = c.pickString("municipality", func(r *Record) string { return r.Municipality }, folded)
	// The code goes with the chosen name: that of the best-ranked source
	// naming the same municipality and giving one.
	out.MunicipalityCode = c.pickString("municipality_code", func(r *Record) string {
		if folded(r.Municipality, out.Municipality) {
			return r.MunicipalityCode
		}
		return ""
	}, exact)
	out.Period.Start = c.pickString("period.start", func(r *Record) string { return r.Period.Start }, exact)
	out.Period.End = c.pickString("period.end", func(r *Record) string { return r.Period.End }, exact)
	out.Period.DurationMonths = c.pickInt("period.duration_months", func(r *Record) *int { return r.Period.DurationMonths })
	out.Budget = c.budget()
	var latest *entry
	for i, e := range c.es {
		if e.rec.Published > out.Published {
			out.Published, latest = e.rec.Published, &c.es[i]
		}
	}
	c.evidence("published", latest, "published")
	out.ContractNumbers = c.union("contract_numbers", func(r *Record) []string { return r.ContractNumbers }, ContractKey)
	out.ProcedureCodes = c.union("procedure_codes", func(r *Record) []string { return r.ProcedureCodes }, ContractKey)
	out.Funds = c.union("funds", func(r *Record) []string { return r.Funds }, strings.ToUpper)
	out.Partners = c.union("partners", func(r *Record) []string { return r.Partners }, fold)
	out.Contractors = c.union("contractors", func(r *Record) []string { return r.Contractors }, fold)
	out.Objectives = c.union("objectives", func(r *Record) []string { return r.Objectives }, fold)
	out.Activities = c.union("activities", func(r *Record) []string { return r.Activities }, fold)
	out.Results = c.union("results", func(r *Record) []string { return r.Results }, fold)
	out.TargetGroups = c.union("target_groups", func(r *Record) []string { return r.TargetGroups }, fold)
	out.Documents = documents(c.es)
	out.Sources = sources(c.es)
	out.WarningDetails = compileWarnings(c.es, c.w.list)
	out.Warnings = make([]string, len(out.WarningDetails))
	for i, x := range out.WarningDetails {
		out.Warnings[i] = x.String()
	}
	if len(c.ev) > 0 {
		out.Evidence = c.ev
	}
	return out
}

// compiler holds the ranked entries of one Compile, its warnings and the
// evidence of the values it chose.
type compiler struct {
	es []entry
	w  warner
	ev map[string]Evidence
}

// evidence keeps, under field, the evidence entry e gives under key (none
// when e is nil or gives none); an evidence naming no page names e's page.
// It reports whether it kept one.
func (c *compiler) evidence(field string, e *entry, key string) bool {
	if e == nil {
		return false
	}
	ev, ok := e.rec.Evidence[key]
	if !ok {
		return false
	}
	if ev.Source == "" {
		ev.Source = e.src.SHA256
	}
	c.ev[field] = ev
	return true
}

// evidenceOf keeps, under field, the evidence of the best-ranked entry
// whose value is the chosen one (agrees says so) and that gives evidence
// for it: the winning source's, or, when it gives none, that of a source
// stating the same value.
func (c *compiler) evidenceOf(field string, agrees func(e *entry) bool) {
	for i := range c.es {
		if agrees(&c.es[i]) && c.evidence(field, &c.es[i], field) {
			return
		}
	}
}

// rank flattens the contributions into entries, best-ranked first.
func rank(cs []Contribution) []entry {
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

// compileWarnings returns the pages' warnings (the extractor's sentences,
// parsed in the currency of the record that states them) in rank order,
// then the merge's own, each once (compared by its folded sentence).
func compileWarnings(es []entry, conflicts []Warning) []Warning {
	out := []Warning{}
	seen := map[string]bool{}
	add := func(w Warning) {
		if k := fold(w.String()); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, w)
		}
	}
	for _, e := range es {
		for _, s := range e.rec.Warnings {
			add(ParseWarning(strings.TrimSpace(s), e.rec.Budget.Currency))
		}
	}
	for _, w := range conflicts {
		add(w)
	}
	return out
}

// warner collects conflict warnings without repeats.
type warner struct{ list []Warning }

// conflict notes that two sources disagree on field; kind is how the
// values are written (ValueText, ValueNumber, ValueAmount), and an
// amount's currency follows its value in kept and other ("" for none).
func (w *warner) conflict(field, kind string, kept, keptURL, other, otherURL string, currencies ...string) {
	x := NewWarning(WarnSourcesDisagree, "field", field, "kind", kind,
		"kept", kept, "kept_url", keptURL, "other", other, "other_url", otherURL)
	if len(currencies) == 2 && kind == ValueAmount {
		x.Params["kept_currency"], x.Params["other_currency"] = currencies[0], currencies[1]
	}
	s := x.String()
	for _, y := range w.list {
		if y.String() == s {
			return
		}
	}
	w.list = append(w.list, x)
}

// pickString returns the best-ranked non-empty value, keeps its evidence
// and warns about other values.
func (c *compiler) pickString(field string, get func(*Record) string, same func(a, b string) bool) string {
	var chosen string
	var from *entry
	for i := range c.es {
		v := strings.TrimSpace(get(c.es[i].rec))
		if v == "" {
			continue
		}
		if from == nil {
			chosen, from = v, &c.es[i]
			continue
		}
		if !same(chosen, v) {
			c.w.conflict(field, ValueText, chosen, from.src.URL, v, c.es[i].src.URL)
		}
	}
	if from != nil {
		c.evidenceOf(field, func(e *entry) bool {
			v := strings.TrimSpace(get(e.rec))
			return v != "" && same(chosen, v)
		})
	}
	return chosen
}

// pickQuiet is pickString without warnings.
func (c *compiler) pickQuiet(field string, get func(*Record) string) string {
	for i := range c.es {
		if v := strings.TrimSpace(get(c.es[i].rec)); v != "" {
			c.evidenceOf(field, func(e *entry) bool { return strings.TrimSpace(get(e.rec)) == v })
			return v
		}
	}
	return ""
}

func (c *compiler) pickInt(field string, get func(*Record) *int) *int {
	var chosen *int
	var from *entry
	for i := range c.es {
		v := get(c.es[i].rec)
		if v == nil {
			continue
		}
		if from == nil {
			n := *v
			chosen, from = &n, &c.es[i]
			continue
		}
		if *v != *chosen {
			c.w.conflict(field, ValueNumber, strconv.Itoa(*chosen), from.src.URL, strconv.Itoa(*v), c.es[i].src.URL)
		}
	}
	if chosen != nil {
		c.evidenceOf(field, func(e *entry) bool { v := get(e.rec); return v != nil && *v == *chosen })
	}
	return chosen
}

// budget picks each amount like a single-valued field, in the currency of
// the best-ranked source that states a total (else any amount).
func (c *compiler) budget() Budget {
	es := c.es
	var b Budget
	for pass := 0; pass < 2 && b.Currency == ""; pass++ {
		for i, e := range es {
			rb := &e.rec.Budget
			if rb.Currency != "" && (rb.Total != nil || pass == 1 && hasAmount(rb)) {
				b.Currency = rb.Currency
				c.evidence("budget.currency", &es[i], "budget.currency")
				break
			}
		}
	}
	amount := func(field string, get func(*Budget) *float64) *float64 {
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
			if !sameAmount(x, *chosen) {
				c.w.conflict(field, ValueAmount, money(*chosen), from.src.URL, money(*v), es[i].src.URL,
					b.Currency, es[i].rec.Budget.Currency)
			}
		}
		if chosen != nil {
			c.evidenceOf(field, func(e *entry) bool {
				v := get(&e.rec.Budget)
				return v != nil && sameAmount(convert(*v, e.rec.Budget.Currency, b.Currency), *chosen)
			})
		}
		return chosen
	}
	b.Total = amount("budget.total", func(x *Budget) *float64 { return x.Total })
	b.Grant = amount("budget.grant", func(x *Budget) *float64 { return x.Grant })
	// One field: the extractor may still set the deprecated Own beside it.
	b.OwnContribution = amount("budget.own_contribution", func(x *Budget) *float64 { return x.OwnAmount() })
	b.EU = amount("budget.eu", func(x *Budget) *float64 { return x.EU })
	b.National = amount("budget.national", func(x *Budget) *float64 { return x.National })
	rate := func(r *Record) *float64 { return r.Budget.CofinancingRate }
	for i := range es {
		if v := rate(es[i].rec); v != nil {
			x := *v
			b.CofinancingRate = &x
			c.evidenceOf("budget.cofinancing_rate", func(e *entry) bool {
				y := rate(e.rec)
				return y != nil && math.Abs(*y-x) <= 1e-9
			})
			for _, o := range es[i+1:] {
				if y := rate(o.rec); y != nil && math.Abs(*y-x) > 1e-9 {
					c.w.conflict("budget.cofinancing_rate", ValueNumber, money(x), es[i].src.URL, money(*y), o.src.URL)
				}
			}
			break
		}
	}
	b.FillEUR()
	return b
}

// sameAmount says whether two amounts (in one currency) agree: to the cent,
// or to 1e-7 of the amount after a conversion.
func sameAmount(x, y float64) bool {
	return math.Abs(x-y) <= 0.005+math.Abs(y)*1e-7
}

func hasAmount(b *Budget) bool {
	return b.Total != nil || b.Grant != nil || b.OwnAmount() != nil || b.EU != nil || b.National != nil
}

// convert converts v from one currency to another at the fixed rate, to cents.
func convert(v float64, from, to string) float64 {
	switch {
	case from == to || from == "" || to == "":
		return v
	case from == "BGN" && to == "EUR":
		return math.Round(v/EURRate*100) / 100
	case from == "EUR" && to == "BGN":
		return math.Round(v*EURRate*100) / 100
	}
	return v
}

// money writes an amount (or a rate) as the warnings have it: the shortest
// decimal, dot, no grouping.
func money(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// union returns the items of every entry's list in rank order, each once
// (compared by key). Each item keeps the evidence of the best-ranked entry
// that gives it with evidence, under field.N (N its new position); field ""
// keeps none.
func (c *compiler) union(field string, get func(*Record) []string, key func(string) string) []string {
	var out []string
	pos := map[string]int{}
	for i, e := range c.es {
		for j, s := range get(e.rec) {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			k := key(s)
			n, seen := pos[k]
			if !seen {
				n = len(out)
				pos[k] = n
				out = append(out, s)
			}
			to := field + "." + strconv.Itoa(n)
			if _, has := c.ev[to]; field != "" && !has {
				c.evidence(to, &c.es[i], field+"."+strconv.Itoa(j))
			}
		}
	}
	return out
}

func documents(es []entry) []Document {
	var out []Document
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

func sources(es []entry) []Source {
	var out []Source
	seen := map[string]bool{}
	for _, e := range es {
		if seen[e.src.URL] {
			continue
		}
		seen[e.src.URL] = true
		out = append(out, Source{
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

// FieldSourcesOf names, for each field the register join compares, the
// page of the best-ranked source that states it (the one Compile takes).
func FieldSourcesOf(cs []Contribution) FieldSources {
	es := rank(cs)
	first := func(has func(r *Record) bool) string {
		for _, e := range es {
			if has(e.rec) {
				return e.src.URL
			}
		}
		return ""
	}
	return FieldSources{
		Title:       first(func(r *Record) bool { return strings.TrimSpace(r.Title) != "" }),
		Beneficiary: first(func(r *Record) bool { return strings.TrimSpace(r.Beneficiary) != "" }),
		Total:       first(func(r *Record) bool { return r.Budget.Total != nil }),
		Grant:       first(func(r *Record) bool { return r.Budget.Grant != nil }),
		Start:       first(func(r *Record) bool { return strings.TrimSpace(r.Period.Start) != "" }),
		End:         first(func(r *Record) bool { return strings.TrimSpace(r.Period.End) != "" }),
	}
}
