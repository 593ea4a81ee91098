package index

import (
	"container/list"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/opendata-bg/opendata/dataset"
)

// DefaultCacheSize is how many search answers the index keeps.
const DefaultCacheSize = 1024

// resultCache keeps recent search answers until the index changes. Most
// traffic repeats a few queries (the first page of the list, its facets);
// an answer over all 100,000 records costs hundreds of milliseconds, a
// cached one microseconds. Concurrent misses of the same query wait for
// one search instead of running it several times.
type resultCache struct {
	mu       sync.Mutex
	size     int
	gen      uint64 // bumped by every write; answers of older generations are dropped
	lru      *list.List
	entries  map[string]*list.Element
	inflight map[string]*flight
}

type cacheEntry struct {
	key string
	res dataset.SearchResult
}

type flight struct {
	done chan struct{}
	res  dataset.SearchResult
	err  error
}

func newResultCache(size int) *resultCache {
	return &resultCache{size: size, lru: list.New(), entries: map[string]*list.Element{}, inflight: map[string]*flight{}}
}

// invalidate drops every answer: the index changed.
func (c *resultCache) invalidate() {
	c.mu.Lock()
	c.gen++
	c.lru.Init()
	clear(c.entries)
	c.mu.Unlock()
}

// get returns the cached answer of key, or runs search once for all the
// callers asking for key at the same time and caches a successful answer.
func (c *resultCache) get(key string, search func() (dataset.SearchResult, error)) (dataset.SearchResult, error) {
	if c == nil || c.size <= 0 {
		return search()
	}
	c.mu.Lock()
	if e, ok := c.entries[key]; ok {
		c.lru.MoveToFront(e)
		res := e.Value.(*cacheEntry).res
		c.mu.Unlock()
		return copyResult(res), nil
	}
	if f, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		<-f.done
		if f.err != nil {
			// The other caller's search failed, perhaps because that
			// caller went away: search on this caller's own account.
			return search()
		}
		return copyResult(f.res), nil
	}
	f := &flight{done: make(chan struct{})}
	c.inflight[key] = f
	gen := c.gen
	c.mu.Unlock()

	f.res, f.err = search()

	c.mu.Lock()
	delete(c.inflight, key)
	if f.err == nil && gen == c.gen {
		c.entries[key] = c.lru.PushFront(&cacheEntry{key: key, res: f.res})
		for c.lru.Len() > c.size {
			old := c.lru.Remove(c.lru.Back()).(*cacheEntry)
			delete(c.entries, old.key)
		}
	}
	c.mu.Unlock()
	close(f.done)
	return copyResult(f.res), f.err
}

// generation returns the current generation, to pass to putFacets.
func (c *resultCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// facets returns the cached facet counts of a selection (q and filters).
// The counts do not depend on the sort or the page, so every page and
// every order of one selection share them.
func (c *resultCache) facets(key string) (map[string][]dataset.FacetValue, bool) {
	if c == nil || c.size <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries["facets\x00"+key]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(e)
	return copyResult(e.Value.(*cacheEntry).res).Facets, true
}

// putFacets caches the facet counts of a selection computed at
// generation gen (dropped if the index changed since).
func (c *resultCache) putFacets(key string, gen uint64, f map[string][]dataset.FacetValue) {
	if c == nil || c.size <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	key = "facets\x00" + key
	if e, ok := c.entries[key]; ok {
		c.lru.Remove(e)
	}
	c.entries[key] = c.lru.PushFront(&cacheEntry{key: key, res: copyResult(dataset.SearchResult{Facets: f})})
	for c.lru.Len() > c.size {
		old := c.lru.Remove(c.lru.Back()).(*cacheEntry)
		delete(c.entries, old.key)
	}
}

// facetKey identifies a selection and the facets asked of it.
func facetKey(q dataset.Query) string {
	q.Sort, q.Page, q.PerPage = "", 0, 0
	return cacheKey(q)
}

// copyResult gives each caller its own slices and maps, so that no caller
// can change a cached answer.
func copyResult(r dataset.SearchResult) dataset.SearchResult {
	out := r
	out.Hits = make([]dataset.Hit, len(r.Hits))
	for i, h := range r.Hits {
		out.Hits[i] = h
		if h.Highlights != nil {
			out.Hits[i].Highlights = make(map[string][]string, len(h.Highlights))
			for k, v := range h.Highlights {
				out.Hits[i].Highlights[k] = append([]string(nil), v...)
			}
		}
	}
	out.Corrections = slices.Clone(r.Corrections)
	if r.DidYouMean != nil {
		s := *r.DidYouMean
		out.DidYouMean = &s
	}
	if r.Facets != nil {
		out.Facets = make(map[string][]dataset.FacetValue, len(r.Facets))
		for k, v := range r.Facets {
			out.Facets[k] = append([]dataset.FacetValue(nil), v...)
		}
	}
	return out
}

// cacheKey identifies a normalized query: two queries with the same key
// have the same answer.
func cacheKey(q dataset.Query) string {
	v := q.Values()
	var b strings.Builder
	b.WriteString(v.Encode())
	b.WriteString("&page=" + strconv.Itoa(q.Page))
	b.WriteString("&per_page=" + strconv.Itoa(q.PerPage))
	b.WriteString("&facets=" + strings.Join(q.Facets, ","))
	return b.String()
}
