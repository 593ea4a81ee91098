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
	return f
}

// empty reports whether f lets every row through (keep it in step with
// the fields above).
func (f *rowFilter) empty() bool {
	return f.munis == nil && f.codes == nil && f.progs == nil && f.funds == nil && !f.years && !f.budget && f.register == nil
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

// countFacets counts the named facets over the hits: the facetSize values
// with the most records (ties by value), years in order of the year. The
// caller holds c.mu.
func (c *columns) countFacets(names []string, hits []hitRow) map[string][]dataset.FacetValue {
	var out map[string][]dataset.FacetValue
	for _, name := range names {
		if _, ok := facetField[name]; !ok {
			continue
		}
		if out == nil {
			out = map[string][]dataset.FacetValue{}
		}
		out[name] = c.facet(name, hits)
	}
	return out
}

func (c *columns) facet(name string, hits []hitRow) []dataset.FacetValue {
	var counts []int
	var label func(i int) string
	switch name {
	case "municipality_code":
		counts = make([]int, len(c.codes.values))
		for _, h := range hits {
			if v := c.rows[h.row].code; v >= 0 {
				counts[v]++
			}
		}
		label = func(i int) string { return c.codes.values[i] }
	case "register":
		counts = make([]int, len(dataset.RegisterFacets))
		for _, h := range hits {
			if v := c.rows[h.row].register; v >= 0 {
				counts[v]++
			}
		}
		label = func(i int) string { return dataset.RegisterFacets[i] }
	case "municipality", "programme":
		d, col := &c.munis, c.fMuni
		if name == "programme" {
			d, col = &c.progs, c.fProg
		}
		counts = make([]int, len(d.values))
		for _, h := range hits {
			if v := col[h.row]; v >= 0 {
				counts[v]++
			}
		}
		label = func(i int) string { return d.values[i] }
	case "fund":
		counts = make([]int, len(c.funds.values))
		if len(counts) > 64 {
			for _, h := range hits {
				for _, f := range c.rows[h.row].funds {
					counts[f]++
				}
			}
		} else {
			for _, h := range hits {
				for m := c.fFunds[h.row]; m != 0; m &= m - 1 {
					counts[bits.TrailingZeros64(m)]++
				}
			}
		}
		label = func(i int) string { return c.funds.values[i] }
	case "year":
		counts = make([]int, 2101-1900)
		for _, h := range hits {
			ys := c.fYears[h.row]
			for y := ys >> 16; y != 0 && y <= ys&0xffff; y++ {
				counts[y-1900]++
			}
		}
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

// sortKind is the order of a result.
type sortKind int

const (
	byScore sortKind = iota
	byBudget
	byStart
	byPublished
	byUpdated
	byTitle
)

// rowOrder orders hits: by a column (records without it last either way)
// or by score, then by id.
type rowOrder struct {
	kind sortKind
	desc bool
}

// orderOf maps the API's sort (with its defaults) to a rowOrder.
func orderOf(s string, hasText bool) rowOrder {
	if s == "" || s == "relevance" && !hasText {
		s = "-published"
		if hasText {
			s = "relevance"
		}
	}
	desc := strings.HasPrefix(s, "-")
	switch strings.TrimPrefix(s, "-") {
	case "relevance":
		return rowOrder{kind: byScore}
	case "budget":
		return rowOrder{kind: byBudget, desc: desc}
	case "start":
		return rowOrder{kind: byStart, desc: desc}
	case "title":
		return rowOrder{kind: byTitle}
	case "updated":
		return rowOrder{kind: byUpdated, desc: desc}
	}
	return rowOrder{kind: byPublished, desc: desc}
}

// compare orders two hits; rank is idRanks', trank titleRanks' (nil
// unless the order is by title). The caller holds c.mu.
func (c *columns) compare(o rowOrder, rank, trank []int32, a, b hitRow) int {
	if a.words != b.words {
		return cmp.Compare(b.words, a.words) // the records with more words of q first, in any order
	}
	ra, rb := &c.rows[a.row], &c.rows[b.row]
	n := 0
	switch o.kind {
	case byScore:
		n = cmp.Compare(b.score, a.score)
	case byBudget:
		n = compareMissingLast(ra.budget, rb.budget, ra.budget < 0, rb.budget < 0, o.desc)
	case byStart:
		n = compareMissingLast(ra.start, rb.start, ra.start == 0, rb.start == 0, o.desc)
	case byPublished:
		n = compareMissingLast(ra.published, rb.published, ra.published == 0, rb.published == 0, o.desc)
	case byUpdated:
		n = compareMissingLast(ra.updated, rb.updated, ra.updated == 0, rb.updated == 0, o.desc)
	case byTitle:
		ta, tb := trank[a.row], trank[b.row]
		n = compareMissingLast(ta, tb, ta < 0, tb < 0, o.desc)
	}
	if n != 0 {
		return n
	}
	return cmp.Compare(rank[a.row], rank[b.row])
}

// idRanks returns the place of each row's id in id order, for ties. It is
// computed again when rows were added since. The caller holds c.mu (read).
func (c *columns) idRanks() []int32 {
	c.rankMu.Lock()
	defer c.rankMu.Unlock()
	if len(c.rank) == len(c.ids) {
		return c.rank
	}
	order := make([]int32, len(c.ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(c.ids[a], c.ids[b]) })
	rank := make([]int32, len(order))
	for i, r := range order {
		rank[r] = int32(i)
	}
	c.rank = rank
	return rank
}

// titleRanks returns the place of each row's title in collation order
// (equal titles share it; -1 for none), so that a sort by title compares
// numbers. It is computed again after any change of the rows. The caller
// holds c.mu (read).
func (c *columns) titleRanks() []int32 {
	c.rankMu.Lock()
	defer c.rankMu.Unlock()
	if c.titleRank != nil && c.titleVer == c.version {
		return c.titleRank
	}
	var order []int32
	for i := range c.rows {
		if c.rows[i].title != "" {
			order = append(order, int32(i))
		}
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(c.rows[a].title, c.rows[b].title) })
	rank := make([]int32, len(c.rows))
	for i := range rank {
		rank[i] = -1
	}
	for i, r := range order {
		rank[r] = int32(i)
		if i > 0 && c.rows[r].title == c.rows[order[i-1]].title {
			rank[r] = rank[order[i-1]]
		}
	}
	c.titleRank, c.titleVer = rank, c.version
	return rank
}

func compareMissingLast[T cmp.Ordered](a, b T, noA, noB, desc bool) int {
	switch {
	case noA && noB:
		return 0
	case noA:
		return 1
	case noB:
		return -1
	case desc:
		return cmp.Compare(b, a)
	}
	return cmp.Compare(a, b)
}

// top returns the first k hits in order o, sorted, in a new slice (hits
// is not changed: it may be shared). It keeps a bounded heap of the best
// k, so a page near the start costs a pass over the hits, not a sort of all
// of them. The caller holds c.mu.
func (c *columns) top(o rowOrder, hits []hitRow, k int) []hitRow {
	rank := c.idRanks()
	var trank []int32
	if o.kind == byTitle {
		trank = c.titleRanks()
	}
	less := func(a, b hitRow) int { return c.compare(o, rank, trank, a, b) }
	if k >= len(hits) || k > 4096 {
		out := c.sortRows(o, slices.Clone(hits))
		return out[:min(k, len(out))]
	}
	// h is a max-heap of the best k: its worst hit at the root.
	h := make([]hitRow, 0, k)
	for _, x := range hits {
		if len(h) < k {
			h = append(h, x)
			siftUp(h, len(h)-1, less)
			continue
		}
		if less(x, h[0]) < 0 {
			h[0] = x
			siftDown(h, 0, less)
		}
	}
	slices.SortFunc(h, less)
	return h
}

// sortRows sorts hits in order o, in place. The caller holds c.mu.
func (c *columns) sortRows(o rowOrder, hits []hitRow) []hitRow {
	rank := c.idRanks()
	var trank []int32
	if o.kind == byTitle {
		trank = c.titleRanks()
	}
	slices.SortFunc(hits, func(a, b hitRow) int { return c.compare(o, rank, trank, a, b) })
	return hits
}

func siftUp(h []hitRow, i int, less func(a, b hitRow) int) {
	for i > 0 {
		p := (i - 1) / 2
		if less(h[p], h[i]) >= 0 {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func siftDown(h []hitRow, i int, less func(a, b hitRow) int) {
	for {
		w, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && less(h[l], h[w]) > 0 {
			w = l
		}
		if r < len(h) && less(h[r], h[w]) > 0 {
			w = r
		}
		if w == i {
			return
		}
		h[i], h[w] = h[w], h[i]
		i = w
	}
}

// sortedAll returns every live row in order o, kept until the rows change
// (the list pages: any page of any sort is a slice of it). The result is
// shared: callers must not change it. The caller holds c.mu (read).
func (c *columns) sortedAll(o rowOrder) []hitRow {
	c.orderMu.Lock()
	defer c.orderMu.Unlock()
	if c.orderVer != c.version || c.orders == nil {
		c.orders, c.orderVer = map[rowOrder][]hitRow{}, c.version
	}
	if hits, ok := c.orders[o]; ok {
		return hits
	}
	hits := make([]hitRow, 0, c.live)
	for i := range c.rows {
		if c.rows[i].alive {
			hits = append(hits, hitRow{row: int32(i)})
		}
	}
	hits = c.sortRows(o, hits)
	c.orders[o] = hits
	return hits
}
