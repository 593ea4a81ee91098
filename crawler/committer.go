package crawler

import (
	"sync"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// committer commits the page writes of all sites in groups, one
// transaction (one disk sync) per group. A transaction costs less per page
// the more pages it holds, so the committer gathers: it starts the next
// commit once commitGroup pages wait, or every site that is crawling waits
// for it, or the oldest write has waited commitGather. Meanwhile sites go
// on with their next pages (up to maxFlights writes each in flight).
type committer struct {
	store Store

	mu      sync.Mutex
	queue   []*pendingWrite
	since   time.Time // when the oldest queued write came
	busy    bool      // a goroutine is committing
	bytes   int       // of the bodies submitted and not yet committed
	active  int       // sites crawling
	waiting int       // sites waiting for a commit
	kick    chan struct{}
}

const (
	// commitGroup is the group size worth waiting for.
	commitGroup = 64
	// commitGather bounds how long a write waits for others to join it.
	commitGather = 100 * time.Millisecond
	// maxCommitBytes bounds the page bodies waiting for their commit, beyond
	// one page per site: a site with a write in flight waits for it rather
	// than add more while the committer holds this much.
	maxCommitBytes = 32 << 20
)

func newCommitter(st Store) *committer {
	return &committer{store: st, kick: make(chan struct{}, 1)}
}

type pendingWrite struct {
	w    *dataset.PageWrite
	done chan error
}

// join and leave count the sites crawling: when all of them wait for a
// commit, there is nothing to gather.
func (c *committer) join() { c.update(func() { c.active++ }) }

func (c *committer) leave() { c.update(func() { c.active-- }) }

func (c *committer) update(f func()) {
	c.mu.Lock()
	f()
	c.mu.Unlock()
	c.poke()
}

// poke wakes a gathering committer to look again.
func (c *committer) poke() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// commit has w committed and returns its error once it is on disk.
func (c *committer) commit(w *dataset.PageWrite) error { return c.wait(c.submit(w)) }

// wait waits for a submitted write's error, counted as a site waiting.
func (c *committer) wait(done <-chan error) error {
	c.update(func() { c.waiting++ })
	err := <-done
	c.update(func() { c.waiting-- })
	return err
}

// submit queues w for the next group; the channel gets its error once it
// is on disk.
func (c *committer) submit(w *dataset.PageWrite) <-chan error {
	p := &pendingWrite{w: w, done: make(chan error, 1)}
	c.mu.Lock()
	if len(c.queue) == 0 {
		c.since = time.Now()
	}
	c.queue = append(c.queue, p)
	c.bytes += len(w.Body)
	if !c.busy {
		c.busy = true
		go c.run()
	}
	c.mu.Unlock()
	c.poke()
	return p.done
}

// full reports whether the writes waiting for their commit hold more than
// maxCommitBytes of page bodies.
func (c *committer) full() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes > maxCommitBytes
}

// ready reports whether the queue should be committed now; c.mu is held.
func (c *committer) ready() bool {
	return len(c.queue) >= commitGroup || c.waiting >= c.active || c.bytes > maxCommitBytes ||
		time.Since(c.since) >= commitGather
}

// run commits groups until none is waiting.
func (c *committer) run() {
	timer := time.NewTimer(commitGather)
	defer timer.Stop()
	c.mu.Lock()
	for len(c.queue) > 0 {
		if !c.ready() {
			timer.Reset(commitGather - time.Since(c.since))
			c.mu.Unlock()
			select {
			case <-c.kick:
			case <-timer.C:
			}
			c.mu.Lock()
			continue
		}
		group := c.queue
		c.queue = nil
		c.mu.Unlock()
		errs := c.write(group)
		n := 0
		for _, p := range group {
			n += len(p.w.Body)
		}
		c.mu.Lock()
		c.bytes -= n
		if len(c.queue) > 0 {
			c.since = time.Now() // they waited for this commit, not for others
		}
		for i, p := range group {
			p.done <- errs[i] // buffered: never blocks under the lock
		}
	}
	c.busy = false
	c.mu.Unlock()
}

// write commits a group and returns each write's error; when the group
// fails, each write is tried alone so that one bad page does not fail the
// others.
func (c *committer) write(group []*pendingWrite) []error {
	ws := make([]*dataset.PageWrite, len(group))
	for i, p := range group {
		ws[i] = p.w
	}
	errs := make([]error, len(group))
	err := c.store.Commit(ws)
	if err == nil || len(group) == 1 {
		for i := range errs {
			errs[i] = err
		}
		return errs
	}
	for i, p := range group {
		errs[i] = c.store.Commit([]*dataset.PageWrite{p.w})
	}
	return errs
}
