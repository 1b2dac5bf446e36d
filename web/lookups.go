package web

import (
	"context"
	"sync"
	"time"

	"ward"
)

// lookupTTL is how long the filter forms' choice lists are reused. Their
// queries count devices per facility and per type, a scan of the whole
// inventory: fine once a minute, not on every page view.
const lookupTTL = time.Minute

// lookups caches the facility and device type lists of the filter forms.
type lookups struct {
	mu         sync.Mutex
	at         time.Time
	facilities []ward.Facility
	types      []ward.DeviceType
}

func (s *Server) choices(ctx context.Context) ([]ward.Facility, []ward.DeviceType, error) {
	l := &s.lookup
	l.mu.Lock()
	defer l.mu.Unlock()
	if time.Since(l.at) < lookupTTL {
		return l.facilities, l.types, nil
	}
	fs, err := s.store.FindFacilities(ctx)
	if err != nil {
		return nil, nil, err
	}
	ts, err := s.store.FindDeviceTypes(ctx)
	if err != nil {
		return nil, nil, err
	}
	l.facilities, l.types, l.at = fs, ts, time.Now()
	return fs, ts, nil
}
