package api

import (
	"container/list"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter keeps one token bucket per client address, at most max of them:
// the least recently seen client is forgotten first (it starts again with a
// full bucket, which only errs on the side of the client).
type limiter struct {
	rate  rate.Limit
	burst int
	max   int

	mu      sync.Mutex
	lru     *list.List // of *clientBucket, most recent at the front
	clients map[string]*list.Element
}

type clientBucket struct {
	key string
	lim *rate.Limiter
}

func newLimiter(perSecond float64, burst, max int) *limiter {
	return &limiter{rate: rate.Limit(perSecond), burst: burst, max: max,
		lru: list.New(), clients: make(map[string]*list.Element)}
}

// downloadCost is how many tokens a download takes: it is much more work
// than a search page.
const downloadCost = 4

// allow takes one token for key; when none is left it returns how long
// until one is.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	return l.allowN(key, now, 1)
}

// allowN takes n tokens for key; when they are not there it returns how
// long until they are.
func (l *limiter) allowN(key string, now time.Time, n int) (bool, time.Duration) {
	l.mu.Lock()
	var lim *rate.Limiter
	if el, ok := l.clients[key]; ok {
		l.lru.MoveToFront(el)
		lim = el.Value.(*clientBucket).lim
	} else {
		for l.lru.Len() >= l.max {
			oldest := l.lru.Back()
			l.lru.Remove(oldest)
			delete(l.clients, oldest.Value.(*clientBucket).key)
		}
		lim = rate.NewLimiter(l.rate, l.burst)
		l.clients[key] = l.lru.PushFront(&clientBucket{key: key, lim: lim})
	}
	l.mu.Unlock()
	res := lim.ReserveN(now, min(n, l.burst)) // more than the burst would never be granted
	if !res.OK() {
		return false, time.Minute
	}
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// size returns the number of clients tracked.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}

// limited applies the per-client rate limit to h, each request taking cost
// tokens: over the limit, a 429 problem with Retry-After.
func (s *Server) limited(cost int, h http.HandlerFunc) http.HandlerFunc {
	if s.limiter == nil {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) {
		ok, wait := s.limiter.allowN(s.clientIP(r), time.Now(), cost)
		if !ok {
			secs := int(math.Ceil(wait.Seconds()))
			w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
			s.problem(w, r, errStatus(http.StatusTooManyRequests,
				"too many requests from your address; wait "+strconv.Itoa(max(secs, 1))+
					" s (see Retry-After) or download the whole set once as CSV or NDJSON"))
			return
		}
		h(w, r)
	}
}

// clientIP returns the client's address: the configured proxy header when
// it holds a valid address, else the connection's remote address. IPv6
// clients are keyed by their /64, since one host usually owns the prefix.
func (s *Server) clientIP(r *http.Request) string {
	raw := ""
	if s.cfg.ClientIPHeader != "" {
		raw = strings.TrimSpace(strings.Split(r.Header.Get(s.cfg.ClientIPHeader), ",")[0])
	}
	addr, err := netip.ParseAddr(raw)
	if raw == "" || err != nil {
		host, _, splitErr := net.SplitHostPort(r.RemoteAddr)
		if splitErr != nil {
			host = r.RemoteAddr
		}
		if addr, err = netip.ParseAddr(host); err != nil {
			return host
		}
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}
