package crawler

import (
	"context"
	"net/url"
	"sync"
	"time"
)

// gate is the politeness slot of one host: one request at a time, at least
// delay between the moment the host answered one request and the start of
// the next (so the gap the server itself sees between two requests is never
// shorter than delay), and no request at all while the host is backed off
// (after a 429, a 503, a timeout: Retry-After or exponential backoff).
type gate struct {
	slot chan struct{}

	mu    sync.Mutex
	last  time.Time // when the host last answered (or the request failed)
	until time.Time // backed off until then
	delay time.Duration
}

func newGate(delay time.Duration) *gate {
	return &gate{slot: make(chan struct{}, 1), delay: delay}
}

// acquire waits for the host's slot, then for its delay and any backoff to
// pass. The caller holds the slot until done.
func (g *gate) acquire(ctx context.Context) error {
	select {
	case g.slot <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	for {
		wait := time.Until(g.ready())
		if wait <= 0 {
			return nil
		}
		if err := sleep(ctx, wait); err != nil {
			<-g.slot
			return err
		}
		// The delay may have been raised (Crawl-delay) or a backoff set
		// meanwhile: look again.
	}
}

// ready is the earliest start of the next request.
func (g *gate) ready() time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	t := g.last.Add(g.delay)
	if g.until.After(t) {
		t = g.until
	}
	return t
}

// done frees the slot; answered is when the host answered the request
// (its response headers came, or it failed).
func (g *gate) done(answered time.Time) {
	g.mu.Lock()
	if answered.After(g.last) {
		g.last = answered
	}
	g.mu.Unlock()
	<-g.slot
}

// backoff keeps every request off the host for d from now (longer backoffs
// already set stay).
func (g *gate) backoff(d time.Duration) {
	g.mu.Lock()
	if t := time.Now().Add(d); t.After(g.until) {
		g.until = t
	}
	g.mu.Unlock()
}

// raise lengthens the delay (a robots.txt Crawl-delay), never shortens it.
func (g *gate) raise(d time.Duration) {
	g.mu.Lock()
	g.delay = max(g.delay, d)
	g.mu.Unlock()
}

// gates holds one gate per host (www. and bare share one), for one run:
// two entries of the sites file on the same host share its limit.
type gates struct {
	mu sync.Mutex
	m  map[string]*gate
}

func newGates() *gates { return &gates{m: map[string]*gate{}} }

// get returns the gate of the URL's host, creating it with delay; an
// existing gate keeps the longest delay asked of it.
func (gs *gates) get(u *url.URL, delay time.Duration) *gate {
	key := siteHost(u)
	gs.mu.Lock()
	defer gs.mu.Unlock()
	g, ok := gs.m[key]
	if !ok {
		g = newGate(delay)
		gs.m[key] = g
		return g
	}
	g.raise(delay)
	return g
}

// slots bounds work shared by every site of a run: requests in flight (a
// page's slot is held from its request until it has been processed, so
// that the bodies in memory are bounded by the number of slots whatever
// the number of sites), or CPU-bound work (decoding, extracting).
type slots chan struct{}

func newSlots(n int) slots { return make(slots, max(n, 1)) }

// acquire takes a slot, or returns ctx's error.
func (s slots) acquire(ctx context.Context) error {
	select {
	case s <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s slots) release() { <-s }

// held is one acquired request slot, released once.
type held struct {
	s    slots
	once sync.Once
}

// release frees the slot; later calls do nothing. A nil held is free.
func (h *held) release() {
	if h != nil {
		h.once.Do(h.s.release)
	}
}
