package crawler

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"
)

// Bucket is a persistent key/value bucket (the store's State), where the
// crawler keeps what it must not hold in memory: the visited set and the
// queue of each site, so that a crawl killed midway resumes.
type Bucket interface {
	Put(key string, val []byte) error
	Get(key string) ([]byte, bool, error)
	Delete(key string) error
	Each(fn func(key string, val []byte) error) error
	Len() (int, error)
	Clear() error
}

// errStop ends a Bucket walk early.
var errStop = errors.New("stop")

// item is one queued page.
type item struct {
	URL   string `json:"u"`
	Depth int    `json:"d"`
	key   string // its queue key
}

// frontier is one site's crawl state on disk: "seen" holds every URL
// (dedup key) queued or done in the current pass, "queue" the pages still
// to fetch, ordered by depth then arrival (breadth first, so that a page
// is reached by its shortest path and max_depth cuts the right pages),
// "hashes" the body hashes met in this pass (duplicates under another URL).
type frontier struct {
	seen, queue, hashes Bucket
	seq                 atomic.Int64
	queued              atomic.Int64 // approximate queue length, for progress
}

func newFrontier(state func(string) Bucket, key string) *frontier {
	f := &frontier{
		seen:   state("crawl/" + key + "/seen"),
		queue:  state("crawl/" + key + "/queue"),
		hashes: state("crawl/" + key + "/hashes"),
	}
	// Queue keys carry a time-based sequence so that items added after a
	// restart sort after the ones left by the interrupted run.
	f.seq.Store(time.Now().UnixNano())
	return f
}

// reset empties the state for a fresh pass.
func (f *frontier) reset() error {
	for _, b := range []Bucket{f.seen, f.queue, f.hashes} {
		if err := b.Clear(); err != nil {
			return fmt.Errorf("clear crawl state: %w", err)
		}
	}
	f.queued.Store(0)
	return nil
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

// add queues url (dedup key key) at depth unless it was seen in this pass.
// It reports whether the URL was new.
func (f *frontier) add(key, url string, depth int) (bool, error) {
	if _, ok, err := f.seen.Get(key); err != nil || ok {
		return false, err
	}
	if err := f.seen.Put(key, []byte(strconv.Itoa(depth))); err != nil {
		return false, fmt.Errorf("mark seen: %w", err)
	}
	b, _ := json.Marshal(item{URL: url, Depth: depth})
	qk := fmt.Sprintf("%03d%020d", depth, f.seq.Add(1))
	if err := f.queue.Put(qk, b); err != nil {
		return false, fmt.Errorf("queue: %w", err)
	}
	f.queued.Add(1)
	return true, nil
}

// markSeen records a URL as seen without queueing it (a redirect target or
// a canonical URL that was fetched under another address). It reports
// whether it was new.
func (f *frontier) markSeen(key string, depth int) (bool, error) {
	if _, ok, err := f.seen.Get(key); err != nil || ok {
		return false, err
	}
	return true, f.seen.Put(key, []byte(strconv.Itoa(depth)))
}

// isSeen reports whether key was seen in this pass.
func (f *frontier) isSeen(key string) (bool, error) {
	_, ok, err := f.seen.Get(key)
	return ok, err
}

// next returns the first queued item without removing it.
func (f *frontier) next() (item, bool, error) {
	var it item
	found := false
	err := f.queue.Each(func(k string, v []byte) error {
		if err := json.Unmarshal(v, &it); err != nil {
			return fmt.Errorf("queue item %s: %w", k, err)
		}
		it.key, found = k, true
		return errStop
	})
	if err != nil && !errors.Is(err, errStop) {
		return item{}, false, err
	}
	return it, found, nil
}

// done removes a processed item from the queue.
func (f *frontier) done(it item) error {
	f.queued.Add(-1)
	return f.queue.Delete(it.key)
}

// seenBody records a body hash and returns the URL that had it first in
// this pass ("" when it is new).
func (f *frontier) seenBody(sha, url string) (string, error) {
	v, ok, err := f.hashes.Get(sha)
	if err != nil || ok {
		return string(v), err
	}
	return "", f.hashes.Put(sha, []byte(url))
}
