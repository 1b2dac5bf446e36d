package web

import (
	"sync"
	"time"
)

// limiter counts events per key in a sliding window: login attempts per
// client address and per username, so guessing is slow from one place and
// a spread-out attack on one account still meets the account lockout.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	hits   map[string][]time.Time
	swept  time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, hits: map[string][]time.Time{}}
}

// allow records an attempt for key and reports whether it is within the
// limit; when not, it also returns how long until the next is allowed.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > l.window {
		l.sweep(now)
	}
	recent := l.hits[key][:0]
	for _, t := range l.hits[key] {
		if now.Sub(t) < l.window {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.max {
		l.hits[key] = recent
		return false, l.window - now.Sub(recent[0])
	}
	l.hits[key] = append(recent, now)
	return true, 0
}

// sweep drops keys with no attempt in the window, bounding memory under
// a spray of addresses.
func (l *limiter) sweep(now time.Time) {
	for k, ts := range l.hits {
		if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= l.window {
			delete(l.hits, k)
		}
	}
	l.swept = now
}
