package app

import (
	"context"
	"slices"

	"ward"
)

// DeviceRisks returns the risk of every device with an open finding
// matching rf, highest first (then by device ID). A device scores as its
// worst open finding. A team filter keeps the findings that team owns
// before devices are scored; priority and overdue filters apply to the
// devices.
func (a *App) DeviceRisks(ctx context.Context, rf ward.RiskFilter) ([]ward.DeviceRisk, error) {
	devRF := rf
	devRF.Priorities, devRF.Overdue, devRF.Statuses = nil, false, nil
	if err := validateRiskFilter(&rf); err != nil {
		return nil, err
	}
	byID := map[int64]*ward.DeviceRisk{}
	err := a.EachRiskFinding(ctx, devRF, false, func(f *ward.RiskFinding) error {
		dr := byID[f.DeviceID]
		if dr == nil {
			dr = &ward.DeviceRisk{DeviceID: f.DeviceID, AssetTag: f.AssetTag, ModelID: f.ModelID, SoftwareVersion: f.SoftwareVersion}
			byID[f.DeviceID] = dr
		}
		addToDevice(dr, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]ward.DeviceRisk, 0, len(byID))
	for _, dr := range byID {
		if len(rf.Priorities) > 0 && !slices.Contains(rf.Priorities, dr.Priority) || rf.Overdue && dr.OverdueFindings == 0 {
			continue
		}
		out = append(out, *dr)
	}
	slices.SortFunc(out, func(x, y ward.DeviceRisk) int { return cmpPos(devicePos(&x), devicePos(&y)) })
	return out, nil
}

func devicePos(d *ward.DeviceRisk) riskCursor {
	return riskCursor{score: d.RiskScore, devID: d.DeviceID}
}

// FindDeviceRisks returns a page of DeviceRisks.
func (a *App) FindDeviceRisks(ctx context.Context, rf ward.RiskFilter) (*ward.Page[ward.DeviceRisk], error) {
	cur, err := decodeRiskCursor(rf.After, "dr")
	if err != nil {
		return nil, err
	}
	all, err := a.DeviceRisks(ctx, rf)
	if err != nil {
		return nil, err
	}
	start := 0
	if cur != nil {
		start, _ = slices.BinarySearchFunc(all, *cur, func(d ward.DeviceRisk, c riskCursor) int {
			if !c.before(devicePos(&d)) {
				return -1
			}
			return 1
		})
	}
	limit := pageSize(rf.Limit)
	page := &ward.Page[ward.DeviceRisk]{Items: all[start:min(len(all), start+limit)]}
	if start+limit < len(all) {
		page.NextCursor = devicePos(&page.Items[len(page.Items)-1]).encode("dr")
	}
	return page, nil
}
