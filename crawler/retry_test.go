package crawler

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{" 0 ", 0, true},
		{"Mon, 02 Mar 2026 10:00:30 GMT", 30 * time.Second, true}, // IMF-fixdate
		{"Monday, 02-Mar-26 10:01:00 GMT", time.Minute, true},     // RFC 850
		{"Mon Mar  2 10:00:05 2026", 5 * time.Second, true},       // asctime
		{"Mon, 02 Mar 2026 09:00:00 GMT", 0, true},                // a date past: now
		{"99999999999999999999999", time.Duration(1<<63 - 1), true},
		{"", 0, false},
		{"-5", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{"2026-03-02T10:00:30Z", 0, false},
	} {
		got, ok := retryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzRetryAfter(f *testing.F) {
	f.Add("120")
	f.Add("Mon, 02 Mar 2026 10:00:30 GMT")
	f.Add("Monday, 02-Mar-26 10:01:00 GMT")
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := retryAfter(s, now)
		if d < 0 || (!ok && d != 0) {
			t.Fatalf("retryAfter(%q) = %v, %v", s, d, ok)
		}
		if ok {
			if _, err := http.ParseTime(s); err == nil && d != max(mustParseTime(s).Sub(now), 0) {
				t.Fatalf("retryAfter(%q) = %v, not the date's wait", s, d)
			}
		}
	})
}

func mustParseTime(s string) time.Time {
	t, _ := http.ParseTime(s)
	return t
}

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
