package ward

import (
	"context"
	"time"
)

// FacilityStats is the inventory completeness of one facility: how many
// devices it has and how many of them have a known software version, a
// known location and an owner team.
type FacilityStats struct {
	FacilityID    int64  `json:"facility_id"`
	Facility      string `json:"facility"`
	Devices       int64  `json:"devices"`
	KnownVersion  int64  `json:"known_version"`
	KnownLocation int64  `json:"known_location"`
	Owned         int64  `json:"owned"`
}

// PriorityCounts counts items by priority.
type PriorityCounts struct {
	Critical int64 `json:"critical"`
	High     int64 `json:"high"`
	Medium   int64 `json:"medium"`
	Low      int64 `json:"low"`
}

// Add counts one item of priority p.
func (c *PriorityCounts) Add(p string) {
	switch p {
	case PriorityCritical:
		c.Critical++
	case PriorityHigh:
		c.High++
	case PriorityMedium:
		c.Medium++
	case PriorityLow:
		c.Low++
	}
}

// Total is the sum of the counts.
func (c PriorityCounts) Total() int64 { return c.Critical + c.High + c.Medium + c.Low }

// DashboardPoint is one day of the findings trend.
type DashboardPoint struct {
	Day      Date           `json:"day"`
	Open     PriorityCounts `json:"open"`
	Overdue  int64          `json:"overdue"`
	Affected int64          `json:"affected_devices"`
}

// Dashboard is the health system's state at a glance, for the signed-in
// user's facilities.
type Dashboard struct {
	At         time.Time       `json:"at"`
	Facilities []FacilityStats `json:"facilities"`
	Inventory  FacilityStats   `json:"inventory"` // the totals
	Unowned    int64           `json:"unowned_devices"`
	// Findings counts the open findings by priority; Devices counts the
	// devices by the priority of their worst open finding.
	Findings    PriorityCounts   `json:"findings"`
	Devices     PriorityCounts   `json:"devices_by_risk"`
	KEVFindings int64            `json:"kev_findings"`
	Overdue     int64            `json:"overdue_findings"`
	PatchReady  int64            `json:"patch_ready_devices"`
	OpenRecalls int64            `json:"open_recalls"`
	OverdueWork int64            `json:"overdue_work_orders"`
	Trend       []DashboardPoint `json:"trend"`
}

// StatsService answers the aggregate questions of the dashboard.
type StatsService interface {
	// FindFacilityStats returns the inventory completeness per facility,
	// for the given facilities or all when none is given.
	FindFacilityStats(ctx context.Context, facilityIDs []int64) ([]FacilityStats, error)
	// RecordDashboardPoint stores the day's point of the health system's
	// trend (one per day, replaced by later points of the same day).
	RecordDashboardPoint(ctx context.Context, p DashboardPoint) error
	// FindDashboardTrend returns the recorded points since a day, oldest
	// first.
	FindDashboardTrend(ctx context.Context, since Date) ([]DashboardPoint, error)
}
