package index

import (
	"cmp"
	"container/list"
	"context"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/search/query"
)

// matchBudget bounds the matches the match cache holds, in hits (16 bytes
// each): 2M hits are 32 MB.
const matchBudget = 2 << 20

// matchCache keeps the matches of recent query parts — a word, a phrase, a
// contract number: every matching row with its score, in row order — until
// the index changes. A query of several parts combines theirs, so that
// "ремонт училище" with any filters, facets, sort or page costs no search
// of the index once "ремонт" and "училище" were searched. Words repeat far
// more than whole queries do.
type matchCache struct {
	off     bool // keep nothing (for benchmarks)
	mu      sync.Mutex
	size    int // hits held
	lru     *list.List
	entries map[string]*list.Element
}

type matchEntry struct {
	key  string
	hits []hitRow
}

func (m *matchCache) get(key string) ([]hitRow, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok {
		return nil, false
	}
	m.lru.MoveToFront(e)
	return e.Value.(*matchEntry).hits, true
}

// put keeps hits (which nobody may change after) under key, dropping the
// least recently used entries beyond the budget.
func (m *matchCache) put(key string, hits []hitRow) {
	if m.off || len(hits) > matchBudget/4 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries, m.lru = map[string]*list.Element{}, list.New()
	}
	if _, ok := m.entries[key]; ok {
		return
	}
	m.entries[key] = m.lru.PushFront(&matchEntry{key: key, hits: hits})
	m.size += len(hits)
	for m.size > matchBudget {
		old := m.lru.Remove(m.lru.Back()).(*matchEntry)
		delete(m.entries, old.key)
		m.size -= len(old.hits)
	}
}

// clear drops every entry: the index changed.
func (m *matchCache) clear() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries, m.lru, m.size = nil, nil, 0
}

// partMatches returns the rows a query part matches, with scores, in row
// order, from the cache or the index. The result is shared: callers must
// not change it. The caller holds x.mu and c.mu (read).
func (x *Index) partMatches(ctx context.Context, c *columns, key string, q query.Query) ([]hitRow, error) {
	if hits, ok := c.matches.get(key); ok {
		return hits, nil
	}
	hits, err := x.indexMatches(ctx, c, q, nil, true)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(hits, func(a, b hitRow) int { return cmp.Compare(a.row, b.row) })
	hits = slices.Clip(hits)
	c.matches.put(key, hits)
	return hits, nil
}

// combine intersects the must sets (adding their scores) and removes the
// mustNot sets; all are in row order, and so is the result, a new slice.
func combine(must, mustNot [][]hitRow) []hitRow {
	slices.SortFunc(must, func(a, b []hitRow) int { return cmp.Compare(len(a), len(b)) })
	out := slices.Clone(must[0])
	for _, s := range must[1:] {
		n, j := 0, 0
		for _, h := range out {
			for j < len(s) && s[j].row < h.row {
				j++
			}
			if j < len(s) && s[j].row == h.row {
				out[n] = hitRow{row: h.row, score: h.score + s[j].score}
				n++
			}
		}
		out = out[:n]
	}
	for _, s := range mustNot {
		n, j := 0, 0
		for _, h := range out {
			for j < len(s) && s[j].row < h.row {
				j++
			}
			if j == len(s) || s[j].row != h.row {
				out[n] = h
				n++
			}
		}
		out = out[:n]
	}
	return out
}
