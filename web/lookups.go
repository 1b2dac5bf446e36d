package web

import (
	"context"

	"ward"
)

// choiceLists are the filter forms' facility and device type lists.
type choiceLists struct {
	facilities []ward.Facility
	types      []ward.DeviceType
}

// choices returns the choice lists from the report cache: their queries
// count devices per facility and per type, a scan of the whole inventory,
// fine every few minutes but not on every page view.
func (s *Server) choices(ctx context.Context) ([]ward.Facility, []ward.DeviceType, error) {
	v, _, err := s.report(ctx, "choices", false, func(ctx context.Context) (any, error) {
		fs, err := s.store.FindFacilities(ctx)
		if err != nil {
			return nil, err
		}
		ts, err := s.store.FindDeviceTypes(ctx)
		if err != nil {
			return nil, err
		}
		return &choiceLists{fs, ts}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	c := v.(*choiceLists)
	return c.facilities, c.types, nil
}
