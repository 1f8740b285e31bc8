package collect

import (
	"net"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// A person answering sends a request every few seconds at most; a page
// load is one request. Ten a second, thirty at once, leaves room for a
// room's worth of reloads and none for a flood.
const (
	defaultRate  = 10
	defaultBurst = 30
	// forgetAfter drops the bucket of an address not seen for this long.
	forgetAfter = 10 * time.Minute
)

// limiter is a token bucket per client address.
type limiter struct {
	rate  rate.Limit
	burst int
	now   func() time.Time

	mu      sync.Mutex
	clients map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(perSecond float64, burst int, now func() time.Time) *limiter {
	return &limiter{rate: rate.Limit(perSecond), burst: burst, now: now, clients: map[string]*bucket{}}
}

// allow takes a token from the bucket of the request's remote address. It
// uses the connection's address, never a header a client could write.
func (l *limiter) allow(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > forgetAfter {
		for k, b := range l.clients {
			if now.Sub(b.seen) > forgetAfter {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	b := l.clients[host]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(l.rate, l.burst)}
		l.clients[host] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}
