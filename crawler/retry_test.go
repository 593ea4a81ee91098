package crawler

import (
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
