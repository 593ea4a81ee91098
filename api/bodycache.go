package api

import (
	"container/list"
	"sync"
	"time"
)

// DefaultCacheBytes is the default memory budget of the answer cache.
const DefaultCacheBytes = 64 << 20

// cacheTTL bounds how long an entry is served. The key changes with the
// store's generation, but the index is updated just after the store, so an
// answer rendered in between could lag for this long at most.
const cacheTTL = time.Minute

// bodyCache keeps rendered answers (search pages, whole-set downloads) by
// their ETag, which names the data generation and the normalized request,
// so that an entry never goes stale: a change of the data changes the key.
// The least recently used entries go first when the byte budget is spent.
type bodyCache struct {
	mu    sync.Mutex
	max   int64
	size  int64
	lru   *list.List // of *cacheEntry, most recent at the front
	byKey map[string]*list.Element
	// filling holds the keys being rendered by a request (see claim).
	filling map[string]bool
}

type cacheEntry struct {
	key  string
	body []byte
	at   time.Time
}

func newBodyCache(maxBytes int64) *bodyCache {
	return &bodyCache{max: maxBytes, lru: list.New(), byKey: map[string]*list.Element{}}
}

// get returns the body cached under key. The caller must not modify it.
func (c *bodyCache) get(key string) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cacheEntry)
	if time.Since(e.at) > cacheTTL {
		c.remove(el)
		return nil, false
	}
	c.lru.MoveToFront(el)
	return e.body, true
}

// fits reports whether a body of n bytes may be cached at all (an entry
// may take at most a quarter of the budget).
func (c *bodyCache) fits(n int64) bool {
	return c != nil && n <= c.max/4
}

// put caches body under key; the cache keeps body, the caller must not
// modify it afterwards.
func (c *bodyCache) put(key string, body []byte) {
	if !c.fits(int64(len(body))) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[key]; ok {
		return
	}
	c.byKey[key] = c.lru.PushFront(&cacheEntry{key: key, body: body, at: time.Now()})
	c.size += int64(len(body))
	for c.size > c.max {
		c.remove(c.lru.Back())
	}
}

func (c *bodyCache) remove(el *list.Element) {
	e := el.Value.(*cacheEntry)
	c.lru.Remove(el)
	delete(c.byKey, e.key)
	c.size -= int64(len(e.body))
}

// claim marks key as being filled by the caller and reports whether it got
// it: one request at a time renders a whole-set download into the cache,
// the others stream without keeping a copy.
func (c *bodyCache) claim(key string) bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.filling == nil {
		c.filling = map[string]bool{}
	}
	if c.filling[key] {
		return false
	}
	c.filling[key] = true
	return true
}

// release ends a claim.
func (c *bodyCache) release(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.filling, key)
}
