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
// more than whole queries do. It also keeps the combined selection of each
// recent q (rank.go), which every filter, sort and page of q shares, and
// the correction of each misspelt word (fuzzy.go), or that it has none.
type matchCache struct {
	off     bool // keep nothing (for benchmarks)
	mu      sync.Mutex
	size    int // hits held
	lru     *list.List
	entries map[string]*list.Element
}

type matchEntry struct {
	key  string
	val  any // []hitRow, *textMatch or *fix
	size int // hits held
}

func (m *matchCache) get(key string) ([]hitRow, bool) {
	v, ok := m.lookup(key)
	if !ok {
		return nil, false
	}
	return v.([]hitRow), true
}

// put keeps hits (which nobody may change after) under key.
func (m *matchCache) put(key string, hits []hitRow) { m.store(key, hits, len(hits)) }

// getText returns the cached selection of a q.
func (m *matchCache) getText(q string) (*textMatch, bool) {
	v, ok := m.lookup("q:" + q)
	if !ok {
		return nil, false
	}
	return v.(*textMatch), true
}

// putText keeps the selection of a q (which nobody may change after).
func (m *matchCache) putText(q string, tm *textMatch) { m.store("q:"+q, tm, len(tm.hits)+1) }

// getFix returns the cached correction of a word ("" key: none found).
func (m *matchCache) getFix(key string) (*fix, bool) {
	v, ok := m.lookup("f:" + key)
	if !ok {
		return nil, false
	}
	return v.(*fix), true
}

// putFix keeps the correction of a word; nil says there is none.
func (m *matchCache) putFix(key string, f *fix) {
	size := 1
	if f != nil {
		size += len(f.hits)
	}
	m.store("f:"+key, f, size)
}

func (m *matchCache) lookup(key string) (any, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok {
		return nil, false
	}
	m.lru.MoveToFront(e)
	return e.Value.(*matchEntry).val, true
}

// store keeps val under key, dropping the least recently used entries
// beyond the budget.
func (m *matchCache) store(key string, val any, size int) {
	if m.off || size > matchBudget/4 {
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
	m.entries[key] = m.lru.PushFront(&matchEntry{key: key, val: val, size: size})
	m.size += size
	for m.size > matchBudget {
		old := m.lru.Remove(m.lru.Back()).(*matchEntry)
		delete(m.entries, old.key)
		m.size -= old.size
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
	hits = compact(hits)
	c.matches.put(key, hits)
	return hits, nil
}
