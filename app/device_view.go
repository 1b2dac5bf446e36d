package app

import (
	"context"
	"slices"

	"ward"
)

// DeviceFindings returns every finding of a device, whatever its status,
// scored with the breakdown of each score, the worst first, and the
// device's risk (see ExplainDevice) from the same reading.
func (a *App) DeviceFindings(ctx context.Context, d *ward.Device) ([]ward.Finding, *ward.DeviceRisk, error) {
	s, err := a.newScorer(ctx, true)
	if err != nil {
		return nil, nil, err
	}
	dr := &ward.DeviceRisk{DeviceID: d.ID, AssetTag: d.AssetTag, ModelID: d.ModelID, SoftwareVersion: d.SoftwareVersion,
		Findings: []ward.RiskFinding{}}
	var out []ward.Finding
	err = a.Store.EachFinding(ctx, ward.FindingFilter{DeviceID: d.ID, Statuses: ward.FindingStatuses}, func(f *ward.Finding) error {
		s.apply(f)
		out = append(out, *f)
		rf := ward.RiskFindingOf(f)
		addToDevice(dr, &rf)
		dr.Findings = append(dr.Findings, rf)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	for i := range dr.Findings {
		if dr.Findings[i].FindingID == dr.WorstFindingID && dr.OpenFindings > 0 {
			dr.Risk = dr.Findings[i].Risk
		}
	}
	slices.SortStableFunc(out, func(x, y ward.Finding) int { return y.RiskScore - x.RiskScore })
	return out, dr, nil
}
