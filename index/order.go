package index

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

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

// rowOrder orders hits: the records with more words of q first, then by a
// column (records without it last either way) or by score, then by id.
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

// sortKey is a hit's place in an order, as plain numbers: sorting keys
// reads no row and calls no function per comparison.
type sortKey struct {
	value   uint64 // the order's value: the smaller first
	rank    int32  // the place of the record's id, for ties
	hit     int32  // the hit's index in its list
	words   uint8  // words of q the record has: the more first
	missing bool   // the record has no value: after those that have one
}

// compareKeys orders two keys (see sortKey).
func compareKeys(a, b sortKey) int {
	if a.words != b.words {
		return cmp.Compare(b.words, a.words)
	}
	if a.missing != b.missing {
		if a.missing {
			return 1
		}
		return -1
	}
	if a.value != b.value {
		return cmp.Compare(a.value, b.value)
	}
	return cmp.Compare(a.rank, b.rank)
}

// keyer makes the sort keys of hits in one order. The caller holds c.mu
// (read) while it is used.
type keyer struct {
	c     *columns
	o     rowOrder
	rank  []int32 // see idRanks
	trank []int32 // see titleRanks; only for the order by title
}

func (c *columns) keyer(o rowOrder) keyer {
	k := keyer{c: c, o: o, rank: c.idRanks()}
	if o.kind == byTitle {
		k.trank = c.titleRanks()
	}
	return k
}

// key returns the sort key of the i-th hit h.
func (k *keyer) key(h hitRow, i int) sortKey {
	s := sortKey{rank: k.rank[h.row], hit: int32(i), words: h.words}
	s.value, s.missing = k.value(h)
	return s
}

// value returns the order's value of a hit (see sortKey), or that the
// record has none.
func (k *keyer) value(h hitRow) (uint64, bool) {
	if k.o.kind == byScore {
		return ^floatOrder(h.score), false // the higher first
	}
	r := &k.c.rows[h.row]
	var v int64
	missing := false
	switch k.o.kind {
	case byBudget:
		v, missing = r.budget, r.budget < 0
	case byStart:
		v, missing = int64(r.start), r.start == 0
	case byPublished:
		v, missing = int64(r.published), r.published == 0
	case byUpdated:
		v, missing = r.updated, r.updated == 0
	case byTitle:
		v = int64(k.trank[h.row])
		missing = v < 0
	}
	if missing {
		return 0, true
	}
	u := uint64(v) ^ 1<<63 // order-preserving from signed
	if k.o.desc {
		u = ^u
	}
	return u, false
}

// beats reports whether hit h comes before the key s: its key is made
// only as far as it takes to tell (the id's place only on a tie).
func (k *keyer) beats(h hitRow, s *sortKey) bool {
	if h.words != s.words {
		return h.words > s.words
	}
	v, missing := k.value(h)
	if missing != s.missing {
		return !missing
	}
	if v != s.value {
		return v < s.value
	}
	return k.rank[h.row] < s.rank
}

// floatOrder maps a score to a number of the same order (scores are never
// NaN; -0 is 0).
func floatOrder(f float64) uint64 {
	if f == 0 {
		f = 0
	}
	b := math.Float64bits(f)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
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
	c.titleMu.Lock()
	defer c.titleMu.Unlock()
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

// top returns the first k hits in order o, sorted, in a new slice (hits
// is not changed: it may be shared). It keeps a bounded heap of the best
// k keys, so a page near the start costs a pass over the hits, not a sort
// of all of them. The caller holds c.mu.
func (c *columns) top(o rowOrder, hits []hitRow, k int) []hitRow {
	if k >= len(hits) || k > 4096 {
		out := c.sortRows(o, slices.Clone(hits))
		return out[:min(k, len(out))]
	}
	if k <= 0 {
		return []hitRow{}
	}
	ky := c.keyer(o)
	// h is a max-heap of the best k: its worst key at the root. By score,
	// most hits lose to the root on their words or score alone.
	h := make([]sortKey, 0, k)
	byScore := o.kind == byScore
	var worst hitRow // the root's hit, by score
	for i, x := range hits {
		if len(h) < k {
			h = append(h, ky.key(x, i))
			siftUp(h, len(h)-1)
			worst = hits[h[0].hit]
			continue
		}
		if byScore && (x.words < worst.words || x.words == worst.words && x.score < worst.score) {
			continue
		}
		if ky.beats(x, &h[0]) {
			h[0] = ky.key(x, i)
			siftDown(h, 0)
			worst = hits[h[0].hit]
		}
	}
	slices.SortFunc(h, compareKeys)
	out := make([]hitRow, len(h))
	for i, s := range h {
		out[i] = hits[s.hit]
	}
	return out
}

// sortRows sorts hits in order o, in place. The caller holds c.mu.
func (c *columns) sortRows(o rowOrder, hits []hitRow) []hitRow {
	ky := c.keyer(o)
	keys := make([]sortKey, len(hits))
	for i, h := range hits {
		keys[i] = ky.key(h, i)
	}
	sortKeys(keys)
	sorted := make([]hitRow, len(hits))
	for i, s := range keys {
		sorted[i] = hits[s.hit]
	}
	copy(hits, sorted)
	return hits
}

// sortKeys sorts keys in the order of compareKeys. Many keys are sorted a
// byte at a time from the last that counts (LSD radix: the id's place,
// then the value, then whether it is missing and the words), each pass
// stable and one read and one write of the keys, where a comparison sort
// of 100,000 keys makes 1.7 million comparisons.
func sortKeys(keys []sortKey) {
	if len(keys) < 1024 {
		slices.SortFunc(keys, compareKeys)
		return
	}
	out, tmp := keys, make([]sortKey, len(keys))
	for _, d := range []struct{ part, bytes int }{{0, 4}, {1, 8}, {2, 2}} {
		for b := range d.bytes {
			shift := 8 * b
			var count [256]int
			for i := range keys {
				count[radixDigit(&keys[i], d.part, shift)]++
			}
			if slices.Contains(count[:], len(keys)) {
				continue // every key has this byte: the pass would change nothing
			}
			at := 0
			for i, n := range count {
				count[i] = at
				at += n
			}
			for i := range keys {
				c := &count[radixDigit(&keys[i], d.part, shift)]
				tmp[*c] = keys[i]
				*c++
			}
			keys, tmp = tmp, keys
		}
	}
	if &out[0] != &keys[0] {
		copy(out, keys)
	}
}

// radixDigit is a byte of one part of a key: 0 the id's place, 1 the
// value, 2 the words (the more first) and whether the value is missing.
func radixDigit(k *sortKey, part, shift int) byte {
	var v uint64
	switch part {
	case 0:
		v = uint64(uint32(k.rank))
	case 1:
		v = k.value
	default:
		v = uint64(255-k.words) << 1
		if k.missing {
			v |= 1
		}
	}
	return byte(v >> shift)
}

func siftUp(h []sortKey, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if compareKeys(h[p], h[i]) >= 0 {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func siftDown(h []sortKey, i int) {
	for {
		w, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && compareKeys(h[l], h[w]) > 0 {
			w = l
		}
		if r < len(h) && compareKeys(h[r], h[w]) > 0 {
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
// (the list pages: any page of any sort is a slice of it). An order is
// sorted once, while the searches that ask for it wait; the others go on.
// The result is shared: callers must not change it. The caller holds c.mu
// (read), so the rows cannot change meanwhile.
func (c *columns) sortedAll(o rowOrder) []hitRow {
	c.orderMu.Lock()
	if c.orderVer != c.version || c.orders == nil {
		c.orders, c.orderVer = map[rowOrder]*sortedRows{}, c.version
	}
	if s, ok := c.orders[o]; ok {
		c.orderMu.Unlock()
		<-s.done
		return s.hits
	}
	s := &sortedRows{done: make(chan struct{})}
	c.orders[o] = s
	c.orderMu.Unlock()
	defer close(s.done)
	hits := make([]hitRow, 0, c.live)
	for i := range c.rows {
		if c.rows[i].alive {
			hits = append(hits, hitRow{row: int32(i)})
		}
	}
	s.hits = c.sortRows(o, hits)
	return s.hits
}
