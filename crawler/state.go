package crawler

import (
	"encoding/json"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// Bucket is a persistent key/value bucket (the store's State), where the
// crawler keeps what it must not hold in memory: the visited set and the
// queue of each site, so that a crawl killed midway resumes.
type Bucket interface {
	Put(key string, val []byte) error
	Get(key string) ([]byte, bool, error)
	Delete(key string) error
	Each(fn func(key string, val []byte) error) error
	// First returns the first key that skip does not leave out, and its value.
	First(skip func(key string) bool) (key string, val []byte, ok bool, err error)
	Len() (int, error)
	Clear() error
}

// item is one queued page.
type item struct {
	URL   string `json:"u"` // as it is requested (see RequestURL)
	Depth int    `json:"d"`
	// LastMod is the latest moment the page can have changed, by its
	// sitemap's <lastmod> (zero when not known): a page fetched since is
	// not requested again.
	LastMod time.Time `json:"m,omitzero"`
	// What a Discovery knows of it (see mind.place): its score, its
	// branch, the branch and URL of the page that linked it.
	Score  int    `json:"s,omitempty"`
	Branch uint64 `json:"b,omitempty"`
	Up     uint64 `json:"p,omitempty"`
	From   string `json:"f,omitempty"`
	key    string // its queue key
}

// maxRank bounds the rank in a queue key (three digits).
const maxRank = 999

// frontier is one site's crawl state on disk: "seen" holds every URL
// (dedup key: the canonical form) queued or done in the current pass,
// "queue" the pages still to fetch (as they are requested), ordered by
// rank then arrival, "hashes" the body hashes met in this pass
// (duplicates under another URL). The rank comes from the run's Policy:
// by default the depth (breadth first, so that a page is reached by its
// shortest path and max_depth cuts the right pages); a best-first policy
// gives a score instead.
//
// Reads go to the buckets; the changes made while one page is processed
// are collected in a PageWrite and committed with the page's archive and
// merge in one transaction, so that a crash leaves the page either done
// (archived, its links queued, off the queue) or still queued. While a
// page's write waits for its commit the next pages are already processed:
// the changes of each write not yet on disk are kept in an overlay, which
// reads consult before the buckets.
type frontier struct {
	names               [3]string // seen, queue, hashes
	seen, queue, hashes Bucket
	seq                 atomic.Int64
	queued              atomic.Int64 // approximate queue length, for progress

	w   *dataset.PageWrite // the current page's changes
	cur overlay            // the current page's changes
	fly []overlay          // the changes of the writes in flight, oldest first
}

// overlay indexes the changes of one PageWrite not yet on disk.
type overlay struct {
	seen   map[string]bool
	hashes map[string]string
	qput   map[string][]byte // queue key → item
	qdel   map[string]bool
}

func newOverlay() overlay {
	return overlay{seen: map[string]bool{}, hashes: map[string]string{}, qput: map[string][]byte{}, qdel: map[string]bool{}}
}

func newFrontier(state func(string) Bucket, key string) *frontier {
	f := &frontier{names: [3]string{"crawl/" + key + "/seen", "crawl/" + key + "/queue", "crawl/" + key + "/hashes"}}
	f.seen, f.queue, f.hashes = state(f.names[0]), state(f.names[1]), state(f.names[2])
	// Queue keys carry a time-based sequence so that items added after a
	// restart sort after the ones left by the interrupted run.
	f.seq.Store(time.Now().UnixNano())
	f.begin()
	return f
}

// begin starts collecting the changes of a new page.
func (f *frontier) begin() *dataset.PageWrite {
	f.w = &dataset.PageWrite{}
	f.cur = newOverlay()
	return f.w
}

// takeOff marks the current page's write as in flight (being committed).
func (f *frontier) takeOff() { f.fly, f.cur = append(f.fly, f.cur), newOverlay() }

// landed forgets the oldest write in flight: it is on disk (writes land in
// the order they took off).
func (f *frontier) landed() {
	f.fly[0] = overlay{}
	f.fly = f.fly[1:]
}

// flyingSeen reports whether a write in flight marks key seen.
func (f *frontier) flyingSeen(key string) bool {
	for i := range f.fly {
		if f.fly[i].seen[key] {
			return true
		}
	}
	return false
}

// flyingHash returns the URL a write in flight records for the body hash.
func (f *frontier) flyingHash(sha string) (string, bool) {
	for i := range f.fly {
		if u, ok := f.fly[i].hashes[sha]; ok {
			return u, true
		}
	}
	return "", false
}

// flyingDel reports whether a write in flight takes the queue key off.
func (f *frontier) flyingDel(key string) bool {
	for i := range f.fly {
		if f.fly[i].qdel[key] {
			return true
		}
	}
	return false
}

func (f *frontier) put(bucket int, key string, val []byte) {
	f.w.State = append(f.w.State, dataset.StateOp{Bucket: f.names[bucket], Key: key, Value: val})
}

// reset empties the state for a fresh pass. (An empty bucket is left
// alone: clearing is a write transaction, a disk sync, per bucket.)
func (f *frontier) reset() error {
	for _, b := range []Bucket{f.seen, f.queue, f.hashes} {
		if n, err := b.Len(); err == nil && n == 0 {
			continue
		}
		if err := b.Clear(); err != nil {
			return fmt.Errorf("clear crawl state: %w", err)
		}
	}
	f.queued.Store(0)
	return nil
}

// clearOps returns the deletions that empty the state at the end of a
// site's pass, to be committed with other writes.
func (f *frontier) clearOps() ([]dataset.StateOp, error) {
	var ops []dataset.StateOp
	for i, b := range []Bucket{f.seen, f.queue, f.hashes} {
		err := b.Each(func(key string, _ []byte) error {
			ops = append(ops, dataset.StateOp{Bucket: f.names[i], Key: key, Delete: true})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read crawl state: %w", err)
		}
	}
	f.queued.Store(0)
	return ops, nil
}

// resume counts the queue left by an interrupted pass.
func (f *frontier) resume() error {
	n, err := f.queue.Len()
	if err != nil {
		return fmt.Errorf("read crawl queue: %w", err)
	}
	f.queued.Store(int64(n))
	return nil
}

// add queues it (dedup key key) unless it was seen in this pass, with the
// rank the function gives (lower first, 0–maxRank; called for a new URL
// only, it may mark the item). It reports whether the URL was new.
func (f *frontier) add(key string, it item, rank func(*item) int) (bool, error) {
	fresh, err := f.markSeen(key, it.Depth)
	if err != nil || !fresh {
		return false, err
	}
	f.enqueue(it, rank(&it))
	return true, nil
}

// enqueue puts it in the queue at rank (lower first, clamped to 0–maxRank).
func (f *frontier) enqueue(it item, rank int) {
	b, _ := json.Marshal(it)
	qk := fmt.Sprintf("%03d%020d", min(max(rank, 0), maxRank), f.seq.Add(1))
	f.cur.qput[qk] = b
	f.put(1, qk, b)
	f.queued.Add(1)
}

// markSeen records a URL as seen without queueing it (a redirect target or
// a canonical URL that was fetched under another address). It reports
// whether it was new.
func (f *frontier) markSeen(key string, depth int) (bool, error) {
	if f.cur.seen[key] || f.flyingSeen(key) {
		return false, nil
	}
	if _, ok, err := f.seen.Get(key); err != nil || ok {
		return false, err
	}
	f.cur.seen[key] = true
	f.put(0, key, []byte(strconv.Itoa(depth)))
	return true, nil
}

// next returns the first queued item without removing it: the first key
// of the queue bucket or of the writes in flight, leaving out the items
// the writes in flight take off the queue.
func (f *frontier) next() (item, bool, error) {
	key, val, _, err := f.queue.First(f.flyingDel)
	if err != nil {
		return item{}, false, err
	}
	for i := range f.fly {
		for k, v := range f.fly[i].qput {
			if (key == "" || k < key) && !f.flyingDel(k) {
				key, val = k, v
			}
		}
	}
	if key == "" {
		return item{}, false, nil
	}
	var it item
	if err := json.Unmarshal(val, &it); err != nil {
		return item{}, false, fmt.Errorf("queue item %s: %w", key, err)
	}
	it.key = key
	return it, true, nil
}

// done takes a processed item off the queue (with the page's commit).
func (f *frontier) done(it item) {
	f.queued.Add(-1)
	f.cur.qdel[it.key] = true
	f.w.State = append(f.w.State, dataset.StateOp{Bucket: f.names[1], Key: it.key, Delete: true})
}

// seenBody records a body hash and returns the URL that had it first in
// this pass ("" when it is new).
func (f *frontier) seenBody(sha, url string) (string, error) {
	if u, ok := f.cur.hashes[sha]; ok {
		return u, nil
	}
	if u, ok := f.flyingHash(sha); ok {
		return u, nil
	}
	v, ok, err := f.hashes.Get(sha)
	if err != nil || ok {
		return string(v), err
	}
	f.cur.hashes[sha] = url
	f.put(2, sha, []byte(url))
	return "", nil
}
