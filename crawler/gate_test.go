package crawler

import (
	"context"
	"strings"
	"testing"
	"time"
)

// When the next request to a host may start: the delay from its last
// answer, or the end of a backoff, whichever is later; a Crawl-delay
// raises the delay, never lowers it.
func TestGateReady(t *testing.T) {
	g := newGate(100 * time.Millisecond)
	answered := time.Now()
	if err := g.acquire(t.Context()); err != nil {
		t.Fatal(err)
	}
	g.done(answered)
	if got := g.ready(); !got.Equal(answered.Add(100 * time.Millisecond)) {
		t.Errorf("ready %v after the answer, want the delay", got.Sub(answered))
	}
	g.backoff(time.Hour)
	if got := time.Until(g.ready()); got < 59*time.Minute {
		t.Errorf("ready in %v after a backoff of an hour", got)
	}
	g.backoff(time.Minute) // a shorter one does not cut the longer
	if got := time.Until(g.ready()); got < 59*time.Minute {
		t.Errorf("ready in %v after a shorter backoff", got)
	}
	g2 := newGate(time.Second)
	g2.raise(2 * time.Second)
	g2.raise(time.Millisecond)
	g2.slot <- struct{}{}
	g2.done(answered)
	if got := g2.ready().Sub(answered); got != 2*time.Second {
		t.Errorf("delay after raises %v, want 2s", got)
	}
	// A cancelled wait frees the slot.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := g.acquire(ctx); err == nil {
		t.Error("acquire on a backed-off host with a cancelled context succeeded")
	}
	select {
	case g.slot <- struct{}{}:
	default:
		t.Error("the slot stayed taken after a cancelled wait")
	}
}

// Waiters for a run-wide slot are served most work left first, in arrival
// order among equals; a waiter that gives up leaves the queue.
func TestSlotsPriority(t *testing.T) {
	s := newSlots(1)
	ctx := t.Context()
	if err := s.acquire(ctx, 0); err != nil {
		t.Fatal(err)
	}
	waitFor := func(n int) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
			s.mu.Lock()
			got := len(s.waiting)
			s.mu.Unlock()
			if got == n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d waiters, want %d", got, n)
			}
		}
	}
	type served struct {
		prio int64
		name string
	}
	order := make(chan served, 4)
	gone, cancel := context.WithCancel(ctx)
	for i, w := range []struct {
		prio int64
		name string
		ctx  context.Context
	}{{5, "first 5", ctx}, {50, "50", ctx}, {5, "second 5", ctx}, {7, "7, gives up", gone}} {
		go func() {
			if w.ctx.Err() == nil && s.acquire(w.ctx, w.prio) == nil {
				order <- served{w.prio, w.name}
				s.release()
			}
		}()
		waitFor(i + 1) // queued in this order
	}
	cancel()
	waitFor(3)
	s.release()
	var got []string
	for range 3 {
		got = append(got, (<-order).name)
	}
	if want := "50, first 5, second 5"; strings.Join(got, ", ") != want {
		t.Errorf("served %v, want %s", got, want)
	}
	if err := s.acquire(ctx, 0); err != nil || s.free != 0 {
		t.Errorf("after all released: %v, %d free", err, s.free)
	}
}
