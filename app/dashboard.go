package app

import (
	"context"
	"time"

	"ward"
)

// DashboardCounter is what a store may also answer for the dashboard's
// remediation tiles; a store without it shows them as zero.
type DashboardCounter interface {
	// CountPatchReady counts devices with an OEM-validated patch for an
	// open finding.
	CountPatchReady(ctx context.Context, facilityIDs []int64) (int64, error)
	// CountOpenRecalls counts open (device, recall) matches.
	CountOpenRecalls(ctx context.Context, facilityIDs []int64) (int64, error)
	// CountOverdueWorkOrders counts open work orders past their due date.
	CountOverdueWorkOrders(ctx context.Context, facilityIDs []int64) (int64, error)
}

// trendDays is how far back the dashboard's trend reaches.
const trendDays = 180

// Dashboard computes the dashboard for some facilities (all when none).
// It scores every open finding in scope, so it costs a full risk listing:
// callers cache it. Computed for the whole health system, it also records
// the day's trend point.
func (a *App) Dashboard(ctx context.Context, facilityIDs []int64) (*ward.Dashboard, error) {
	d := &ward.Dashboard{At: time.Now().UTC()}
	stats, err := a.Store.FindFacilityStats(ctx, facilityIDs)
	if err != nil {
		return nil, err
	}
	d.Facilities = stats
	for _, s := range stats {
		d.Inventory.Devices += s.Devices
		d.Inventory.KnownVersion += s.KnownVersion
		d.Inventory.KnownLocation += s.KnownLocation
		d.Inventory.Owned += s.Owned
	}
	d.Unowned = d.Inventory.Devices - d.Inventory.Owned
	worst := map[int64]int{}
	err = a.EachRiskFinding(ctx, ward.RiskFilter{FacilityIDs: facilityIDs}, false, func(f *ward.RiskFinding) error {
		d.Findings.Add(f.Priority)
		if f.KEV {
			d.KEVFindings++
		}
		if f.Overdue {
			d.Overdue++
		}
		if r := priorityRank(f.Priority); r > worst[f.DeviceID] {
			worst[f.DeviceID] = r
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, r := range worst {
		d.Devices.Add(rankPriority[r])
	}
	if err := a.remediationCounts(ctx, d, facilityIDs); err != nil {
		return nil, err
	}
	today := ward.DateOf(d.At)
	if len(facilityIDs) == 0 {
		p := ward.DashboardPoint{Day: today, Open: d.Findings, Overdue: d.Overdue, Affected: int64(len(worst))}
		if err := a.Store.RecordDashboardPoint(ctx, p); err != nil {
			return nil, err
		}
	}
	if d.Trend, err = a.Store.FindDashboardTrend(ctx, ward.DateOf(d.At.AddDate(0, 0, -trendDays))); err != nil {
		return nil, err
	}
	return d, nil
}

func (a *App) remediationCounts(ctx context.Context, d *ward.Dashboard, facilityIDs []int64) error {
	c, ok := a.Store.(DashboardCounter)
	if !ok {
		return nil
	}
	var err error
	if d.PatchReady, err = c.CountPatchReady(ctx, facilityIDs); err != nil {
		return err
	}
	if d.OpenRecalls, err = c.CountOpenRecalls(ctx, facilityIDs); err != nil {
		return err
	}
	d.OverdueWork, err = c.CountOverdueWorkOrders(ctx, facilityIDs)
	return err
}

var rankPriority = []string{"", ward.PriorityLow, ward.PriorityMedium, ward.PriorityHigh, ward.PriorityCritical}

func priorityRank(p string) int {
	for i, q := range rankPriority {
		if i > 0 && q == p {
			return i
		}
	}
	return 0
}
