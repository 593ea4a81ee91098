package index

import (
	"cmp"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/opendata-bg/opendata/dataset"
)

// rowFilter is a query's filters over the columns: OR within a name, AND
// across. A nil set does not filter; a set of a value no record has
// selects nothing.
type rowFilter struct {
	munis, progs, funds []bool // by dict index
	codes               []bool // municipality codes: ORed with munis (one municipality, two keys)
	years               bool
	yFrom, yTo          int16
	budget              bool
	bMin, bMax          *float64
	register            []bool // by index in dataset.RegisterFacets
	since               int64  // updated_since in unix seconds; 0: open
	rowLevel            bool   // some filter reads the row itself (see pass)
}

// compileFilter turns the query's filters (all but the contract, which the
// index looks up) into a rowFilter. The caller holds c.mu.
func (c *columns) compileFilter(q dataset.Query) rowFilter {
	set := func(d *dict, values []string) []bool {
		if len(values) == 0 {
			return nil
		}
		s := make([]bool, len(d.values))
		for _, v := range values {
			if i, ok := d.lookup(v); ok {
				s[i] = true
			}
		}
		return s
	}
	f := rowFilter{munis: set(&c.munis, q.Municipality), codes: set(&c.codes, q.MunicipalityCode),
		progs: set(&c.progs, q.Programme), funds: set(&c.funds, q.Fund)}
	if q.YearFrom != 0 || q.YearTo != 0 {
		f.years, f.yFrom, f.yTo = true, 1900, 2100
		if q.YearFrom != 0 {
			f.yFrom = int16(q.YearFrom)
		}
		if q.YearTo != 0 {
			f.yTo = int16(q.YearTo)
		}
	}
	if q.BudgetMin != nil || q.BudgetMax != nil {
		f.budget, f.bMin, f.bMax = true, q.BudgetMin, q.BudgetMax
	}
	if !q.UpdatedSince.IsZero() {
		f.since = max(q.UpdatedSince.Unix(), 1)
	}
	if len(q.Register) > 0 || q.Matched != nil || q.Disagreement != nil {
		f.register = make([]bool, len(dataset.RegisterFacets))
		for i, v := range dataset.RegisterFacets {
			f.register[i] = q.RegisterAllows(v)
		}
	}
	f.rowLevel = f.funds != nil || f.budget || f.register != nil || f.since != 0
	return f
}

// empty reports whether f lets every row through (keep it in step with
// the fields above).
func (f *rowFilter) empty() bool {
	return f.munis == nil && f.codes == nil && f.progs == nil && f.funds == nil && !f.years && !f.budget && f.register == nil && f.since == 0
}

// pass reports whether row i is live and passes f. It tests the compact
// columns first, so that a filter by municipality, programme or years
// reads no row (and turns away most rows at once); the other filters read
// the rows that pass those.
func (c *columns) pass(f *rowFilter, i int32) bool {
	if (f.munis != nil || f.codes != nil) && !in(f.munis, c.fMuni[i]) && !in(f.codes, c.fCode[i]) {
		return false
	}
	if f.progs != nil {
		if p := c.fProg[i]; p < 0 || int(p) >= len(f.progs) || !f.progs[p] {
			return false
		}
	}
	if f.years {
		ys := c.fYears[i]
		if from, to := int16(ys>>16), int16(ys&0xffff); from == 0 || from > f.yTo || to < f.yFrom {
			return false
		}
	}
	if !f.rowLevel {
		return c.fAlive[i]
	}
	r := &c.rows[i]
	return r.alive && f.match(r)
}

// match reports whether a live row passes the filters.
func (f *rowFilter) match(r *row) bool {
	if f.register != nil && (r.register < 0 || !f.register[r.register]) {
		return false
	}
	if f.since != 0 && r.updated < f.since {
		return false
	}
	if (f.munis != nil || f.codes != nil) && !in(f.munis, r.muni) && !in(f.codes, r.code) {
		return false
	}
	if f.progs != nil && (r.prog < 0 || int(r.prog) >= len(f.progs) || !f.progs[r.prog]) {
		return false
	}
	if f.funds != nil && !slices.ContainsFunc(r.funds, func(g uint16) bool { return int(g) < len(f.funds) && f.funds[g] }) {
		return false
	}
	if f.years && (r.yFrom == 0 || r.yFrom > f.yTo || r.yTo < f.yFrom) {
		return false
	}
	if f.budget {
		if r.budget < 0 {
			return false
		}
		eur := float64(r.budget) / 100
		if f.bMin != nil && eur < *f.bMin || f.bMax != nil && eur > *f.bMax {
			return false
		}
	}
	return true
}

// in reports whether the dict index i is in the set s.
func in(s []bool, i int32) bool { return i >= 0 && int(i) < len(s) && s[i] }

// hitRow is a matching row, how many words of q it has, and its score (0
// without q).
type hitRow struct {
	row   int32
	words uint8
	score float64
}

// countFacets counts the named facets over the hits (all: the hits are
// every live row, and the columns are counted whole, in row order): the
// facetSize values with the most records (ties by value), years in order
// of the year. The caller holds c.mu.
func (c *columns) countFacets(names []string, hits []hitRow, all bool) map[string][]dataset.FacetValue {
	var out map[string][]dataset.FacetValue
	for _, name := range names {
		if _, ok := facetField[name]; !ok {
			continue
		}
		if out == nil {
			out = map[string][]dataset.FacetValue{}
		}
		out[name] = c.facet(name, hits, all)
	}
	return out
}

// facet counts one facet (see countFacets). A dead row has no value in
// any column, so that every row can be counted when all are live ones.
func (c *columns) facet(name string, hits []hitRow, all bool) []dataset.FacetValue {
	var counts []int
	var label func(i int) string
	switch name {
	case "municipality_code":
		counts = make([]int, len(c.codes.values))
		if all {
			countValues(counts, c.fCode)
		} else {
			for _, h := range hits {
				if v := c.fCode[h.row]; v >= 0 {
					counts[v]++
				}
			}
		}
		label = func(i int) string { return c.codes.values[i] }
	case "register":
		counts = make([]int, len(dataset.RegisterFacets))
		count := func(r int32) {
			if v := c.rows[r].register; v >= 0 {
				counts[v]++
			}
		}
		eachRow(hits, len(c.rows), all, count)
		label = func(i int) string { return dataset.RegisterFacets[i] }
	case "municipality", "programme":
		d, col := &c.munis, c.fMuni
		if name == "programme" {
			d, col = &c.progs, c.fProg
		}
		counts = make([]int, len(d.values))
		if all {
			countValues(counts, col)
		} else {
			for _, h := range hits {
				if v := col[h.row]; v >= 0 {
					counts[v]++
				}
			}
		}
		label = func(i int) string { return d.values[i] }
	case "fund":
		counts = c.countFunds(hits, all)
		label = func(i int) string { return c.funds.values[i] }
	case "year":
		counts = c.countYears(hits, all)
		label = func(i int) string { return strconv.Itoa(1900 + i) }
	}
	vals := []dataset.FacetValue{}
	for i, n := range counts {
		if n > 0 {
			vals = append(vals, dataset.FacetValue{Value: label(i), Count: n})
		}
	}
	slices.SortFunc(vals, func(a, b dataset.FacetValue) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
	})
	vals = vals[:min(len(vals), facetSize[name])]
	if name == "year" {
		slices.SortFunc(vals, func(a, b dataset.FacetValue) int { return strings.Compare(a.Value, b.Value) })
	}
	return vals
}

// eachRow calls fn with the row of each hit, or with every row of n when
// all is set.
func eachRow(hits []hitRow, n int, all bool, fn func(r int32)) {
	if all {
		for r := range int32(n) {
			fn(r)
		}
		return
	}
	for _, h := range hits {
		fn(h.row)
	}
}

// countValues counts the values of a whole column (-1: none).
func countValues(counts []int, col []int32) {
	for _, v := range col {
		if v >= 0 {
			counts[v]++
		}
	}
}

// countFunds counts the hits of each fund: from the fFunds bits, or from
// the rows when there are more than 64 funds. The bits are counted a byte
// at a time: a table per byte counts each of its values, and each value's
// count is then added to the funds of its bits.
func (c *columns) countFunds(hits []hitRow, all bool) []int {
	counts := make([]int, len(c.funds.values))
	if len(counts) > 64 {
		eachRow(hits, len(c.rows), all, func(r int32) {
			for _, f := range c.rows[r].funds {
				counts[f]++
			}
		})
		return counts
	}
	nb := (len(counts) + 7) / 8 // bytes in use
	var tables [8][256]int
	count := func(m uint64) {
		for b := range nb {
			tables[b][byte(m>>(8*b))]++
		}
	}
	if all {
		for _, m := range c.fFunds {
			count(m)
		}
	} else {
		for _, h := range hits {
			count(c.fFunds[h.row])
		}
	}
	for b := range nb {
		for v, n := range tables[b] {
			for m := uint(v); n > 0 && m != 0; m &= m - 1 {
				counts[8*b+bits.TrailingZeros(m)] += n
			}
		}
	}
	return counts
}

// countYears counts the hits that cover each year from 1900 to 2100: each
// hit adds one where its years begin and takes it away after they end,
// and a running sum over the years gives the counts.
func (c *columns) countYears(hits []hitRow, all bool) []int {
	diff := make([]int, 2101-1900+1)
	add := func(ys uint32) {
		if from, to := ys>>16, ys&0xffff; from != 0 && from <= to {
			diff[from-1900]++
			diff[to-1900+1]--
		}
	}
	if all {
		for _, ys := range c.fYears {
			add(ys)
		}
	} else {
		for _, h := range hits {
			add(c.fYears[h.row])
		}
	}
	counts := diff[:len(diff)-1]
	n := 0
	for i, d := range counts {
		n += d
		counts[i] = n
	}
	return counts
}
