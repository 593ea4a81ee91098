package index

import (
	"cmp"
	"container/list"
	"context"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/search/query"
)

// Budgets of the match cache, in hits (16 bytes each): the matches of
// query parts (2M hits, 32 MB), and apart from them the selections of
// whole queries (1M hits, 16 MB), which are many more and cheaper to make
// again, so that they never push out the parts.
const (
	matchBudget = 2 << 20
	textBudget  = 1 << 20
)

// matchCache keeps the matches of recent query parts — a word, a phrase, a
// contract number: every matching row with its score, in row order — until
// the index changes. A query of several parts combines theirs, so that
// "ремонт училище" with any filters, facets, sort or page costs no search
// of the index once "ремонт" and "училище" were searched. Words repeat far
// more than whole queries do. It also keeps the correction of each
// misspelt word (fuzzy.go), or that it has none, and, in a pool of their
// own, the combined selection of each recent q (rank.go), which every
// filter, sort and page of q shares.
type matchCache struct {
	off   bool       // keep nothing (for benchmarks)
	mu    sync.Mutex // guards both pools
	parts lruPool
	texts lruPool
}

// lruPool holds entries up to a budget of hits, dropping the least
// recently used.
type lruPool struct {
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
	v, ok := m.lookup(&m.parts, key)
	if !ok {
		return nil, false
	}
	return v.([]hitRow), true
}

// put keeps hits (which nobody may change after) under key.
func (m *matchCache) put(key string, hits []hitRow) {
	m.store(&m.parts, matchBudget, key, hits, len(hits))
}

// getText returns the cached selection of a q.
func (m *matchCache) getText(q string) (*textMatch, bool) {
	v, ok := m.lookup(&m.texts, q)
	if !ok {
		return nil, false
	}
	return v.(*textMatch), true
}

// putText keeps the selection of a q (which nobody may change after);
// size is the hits it holds of its own (none when its hits are a word's
// matches, which the parts hold).
func (m *matchCache) putText(q string, tm *textMatch, size int) {
	m.store(&m.texts, textBudget, q, tm, size+1)
}

// getFix returns the cached correction of a word (nil: it has none).
func (m *matchCache) getFix(key string) (*fix, bool) {
	v, ok := m.lookup(&m.parts, "f:"+key)
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
	m.store(&m.parts, matchBudget, "f:"+key, f, size)
}

func (m *matchCache) lookup(p *lruPool, key string) (any, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := p.entries[key]
	if !ok {
		return nil, false
	}
	p.lru.MoveToFront(e)
	return e.Value.(*matchEntry).val, true
}

// store keeps val under key in p, dropping the least recently used
// entries beyond the budget.
func (m *matchCache) store(p *lruPool, budget int, key string, val any, size int) {
	if m.off || size > budget/4 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if p.entries == nil {
		p.entries, p.lru = map[string]*list.Element{}, list.New()
	}
	if _, ok := p.entries[key]; ok {
		return
	}
	p.entries[key] = p.lru.PushFront(&matchEntry{key: key, val: val, size: size})
	p.size += size
	for p.size > budget {
		old := p.lru.Remove(p.lru.Back()).(*matchEntry)
		delete(p.entries, old.key)
		p.size -= old.size
	}
}

// clear drops every entry: the index changed.
func (m *matchCache) clear() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.parts, m.texts = lruPool{}, lruPool{}
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
