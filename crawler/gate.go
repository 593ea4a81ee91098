package crawler

import (
	"container/heap"
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
// page's slot is held from its request until its write is with the
// committer, so that the bodies in memory are bounded by the number of
// slots whatever the number of sites), or CPU-bound work (decoding,
// extracting). When sites wait for a slot, the one with the most work left
// goes first (its queue decides how long the run lasts), in arrival order
// among equals.
type slots struct {
	mu      sync.Mutex
	free    int
	waiting waiters
	seq     uint64
}

func newSlots(n int) *slots { return &slots{free: max(n, 1)} }

// acquire takes a slot for work of priority prio (higher first), or
// returns ctx's error.
func (s *slots) acquire(ctx context.Context, prio int64) error {
	s.mu.Lock()
	if s.free > 0 && len(s.waiting) == 0 {
		s.free--
		s.mu.Unlock()
		return nil
	}
	s.seq++
	w := &waiter{prio: prio, seq: s.seq, ready: make(chan struct{})}
	heap.Push(&s.waiting, w)
	s.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		if w.index >= 0 {
			heap.Remove(&s.waiting, w.index)
			s.mu.Unlock()
			return ctx.Err()
		}
		s.mu.Unlock()
		s.release() // it was handed over meanwhile: hand it on
		return ctx.Err()
	}
}

// release frees a slot: to the first waiter, if any.
func (s *slots) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.waiting) > 0 {
		w := heap.Pop(&s.waiting).(*waiter)
		close(w.ready)
		return
	}
	s.free++
}

// waiter is one acquire waiting for a slot.
type waiter struct {
	prio  int64
	seq   uint64
	ready chan struct{}
	index int // in the heap; -1 once handed a slot
}

// waiters is a heap of waiters: highest priority, then earliest, first.
type waiters []*waiter

func (h waiters) Len() int { return len(h) }
func (h waiters) Less(i, j int) bool {
	if h[i].prio != h[j].prio {
		return h[i].prio > h[j].prio
	}
	return h[i].seq < h[j].seq
}
func (h waiters) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *waiters) Push(x any) {
	w := x.(*waiter)
	w.index = len(*h)
	*h = append(*h, w)
}
func (h *waiters) Pop() any {
	old := *h
	w := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	w.index = -1
	return w
}

// held is one acquired request slot, released once.
type held struct {
	s    *slots
	once sync.Once
}

// release frees the slot; later calls do nothing. A nil held is free.
func (h *held) release() {
	if h != nil {
		h.once.Do(h.s.release)
	}
}
