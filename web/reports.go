package web

import (
	"context"
	"sync"
	"time"

	"ward"
)

// reportTTL is how long a computed report is served before it is
// recomputed in the background. Reports over a whole health system (the
// dashboard, staffing, the capital plan) cost seconds at a million
// devices; pages show when their figures were computed.
const reportTTL = 5 * time.Minute

// reportCache holds computed reports by key (the report, its parameters
// and the caller's facility scope).
type reportCache struct {
	mu      sync.Mutex
	entries map[string]*reportEntry
}

type reportEntry struct {
	v       any
	at      time.Time
	err     error
	done    chan struct{} // closed when the first computation ends
	running bool
	stale   bool // a change since it was computed
}

// report returns the cached value of key, computing it on first use and
// refreshing it in the background once stale; only the first request
// waits. fresh recomputes now (a user's "refresh").
func (s *Server) report(ctx context.Context, key string, fresh bool, compute func(context.Context) (any, error)) (any, time.Time, error) {
	c := &s.reports
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[string]*reportEntry{}
	}
	e := c.entries[key]
	switch {
	case e == nil:
		e = &reportEntry{done: make(chan struct{})}
		c.entries[key] = e
		s.refreshReport(e, compute, true)
	case fresh && !e.running:
		e.done = make(chan struct{})
		s.refreshReport(e, compute, true)
	case !e.running && (e.stale || time.Since(e.at) > reportTTL):
		s.refreshReport(e, compute, false)
	}
	done := e.done
	c.mu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, time.Time{}, ward.Errorf(ward.EINTERNAL, "this report is still being computed; reload in a moment")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return e.v, e.at, e.err
}

// refreshReport recomputes e in the background; the caller holds the
// lock. A failed refresh keeps the last good value.
func (s *Server) refreshReport(e *reportEntry, compute func(context.Context) (any, error), signal bool) {
	e.running, e.stale = true, false
	done := e.done
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		// A report is as of when its computation began: changes made
		// while it ran may or may not be in it.
		started := time.Now()
		v, err := compute(ctx)
		if err != nil {
			s.log.Error("computing a report", "err", err)
		}
		s.reports.mu.Lock()
		if err == nil || e.v == nil {
			e.v, e.err = v, err
			e.at = started
		}
		e.running = false
		s.reports.mu.Unlock()
		if signal {
			close(done)
		}
	}()
}

// invalidateReports makes the next request of every report recompute it
// in the background, after a change that moves the figures.
func (s *Server) invalidateReports() {
	s.reports.mu.Lock()
	defer s.reports.mu.Unlock()
	for _, e := range s.reports.entries {
		e.stale = true
	}
}
