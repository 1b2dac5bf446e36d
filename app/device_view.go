package app

import (
	"context"
	"slices"

	"ward"
)

// DeviceFindings returns every finding of a device, whatever its status,
// scored with the breakdown of each score, the worst first.
func (a *App) DeviceFindings(ctx context.Context, deviceID int64) ([]ward.Finding, error) {
	s, err := a.newScorer(ctx, true)
	if err != nil {
		return nil, err
	}
	var out []ward.Finding
	err = a.Store.EachFinding(ctx, ward.FindingFilter{DeviceID: deviceID, Statuses: ward.FindingStatuses}, func(f *ward.Finding) error {
		s.apply(f)
		out = append(out, *f)
		return nil
	})
	slices.SortStableFunc(out, func(x, y ward.Finding) int { return y.RiskScore - x.RiskScore })
	return out, err
}
