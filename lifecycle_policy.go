package ward

import (
	"math"
	"time"
)

// LifecyclePolicy holds the thresholds of the lifecycle recommendations
// and the cost assumptions of the capital plan. Package lifecycle says
// how each is used; DefaultLifecyclePolicy gives Ward's defaults.
type LifecyclePolicy struct {
	// LifeReplacePct: replace once this share (percent) of the model's
	// expected service life is used; LifeWarnPct: say so from this share.
	LifeReplacePct int `json:"life_replace_pct"`
	LifeWarnPct    int `json:"life_warn_pct"`
	// SupportWarnMonths: say so when OEM support ends within this many
	// months.
	SupportWarnMonths int `json:"support_warn_months"`
	// RepairRatioReplace: replace when the repair cost of the last 12
	// months reaches this fraction of the replacement cost (the "50%
	// rule" of clinical engineering); RepairRatioWarn: say so from this.
	RepairRatioReplace float64 `json:"repair_ratio_replace"`
	RepairRatioWarn    float64 `json:"repair_ratio_warn"`
	// DowntimeHoursReplace: replace when work orders of the last 12 months
	// kept the device down this many hours.
	DowntimeHoursReplace float64 `json:"downtime_hours_replace"`
	// UnusedDays: a device in service not seen on the network for this
	// many days is unused (reallocate it, or dispose of it when it is
	// also due for replacement).
	UnusedDays int `json:"unused_days"`
	// CriticalCVSS: an open finding is critical when its CVSS base score
	// (chosen as risk scoring chooses it) is at least this; KEVCritical:
	// also when one of its CVEs is known to be exploited.
	CriticalCVSS float64 `json:"critical_cvss"`
	KEVCritical  bool    `json:"kev_critical"`
	// MitigationHours: labour to mitigate one open finding no validated
	// patch fixes (segmentation, hardening, monitoring); PatchHours:
	// labour to install a validated patch whose catalog entry gives no
	// install time. LabourRate is the cost of one hour.
	MitigationHours float64 `json:"mitigation_hours"`
	PatchHours      float64 `json:"patch_hours"`
	LabourRate      Money   `json:"labour_rate"`
	// MitigationReplacePct: replace when mitigating (labour for the open
	// findings plus 12 months of repairs) costs this share (percent) of
	// replacing.
	MitigationReplacePct int `json:"mitigation_replace_pct"`
	// HorizonYears: how many years the capital plan looks ahead.
	HorizonYears int `json:"horizon_years"`

	Actor Actor     `json:"actor,omitempty"`
	At    time.Time `json:"at,omitzero"`
}

// DefaultLifecyclePolicy is the policy until one is set.
var DefaultLifecyclePolicy = LifecyclePolicy{
	LifeReplacePct: 100, LifeWarnPct: 80, SupportWarnMonths: 12,
	RepairRatioReplace: 0.5, RepairRatioWarn: 0.25, DowntimeHoursReplace: 240,
	UnusedDays: 180, CriticalCVSS: 9.0, KEVCritical: true,
	MitigationHours: 4, PatchHours: 1, LabourRate: 9500,
	MitigationReplacePct: 100, HorizonYears: 10,
}

// Validate returns EINVALID for a threshold out of its range, naming it.
func (p *LifecyclePolicy) Validate() error {
	ints := []struct {
		name   string
		v      int
		lo, hi int
	}{
		{"life_replace_pct", p.LifeReplacePct, 10, 500}, {"life_warn_pct", p.LifeWarnPct, 10, 500},
		{"support_warn_months", p.SupportWarnMonths, 0, 120}, {"unused_days", p.UnusedDays, 1, 3650},
		{"mitigation_replace_pct", p.MitigationReplacePct, 1, 10000}, {"horizon_years", p.HorizonYears, 1, 30},
	}
	for _, c := range ints {
		if c.v < c.lo || c.v > c.hi {
			return Errorf(EINVALID, "%s: %d; give %d to %d", c.name, c.v, c.lo, c.hi)
		}
	}
	floats := []struct {
		name   string
		v      float64
		lo, hi float64
	}{
		{"repair_ratio_replace", p.RepairRatioReplace, 0.01, 10}, {"repair_ratio_warn", p.RepairRatioWarn, 0.01, 10},
		{"downtime_hours_replace", p.DowntimeHoursReplace, 1, 8760}, {"critical_cvss", p.CriticalCVSS, 0.1, 10},
		{"mitigation_hours", p.MitigationHours, 0, 1000}, {"patch_hours", p.PatchHours, 0, 1000},
	}
	for _, c := range floats {
		if math.IsNaN(c.v) || c.v < c.lo || c.v > c.hi {
			return Errorf(EINVALID, "%s: %g; give %g to %g", c.name, c.v, c.lo, c.hi)
		}
	}
	if p.LabourRate < 0 || p.LabourRate > 1_000_000 {
		return Errorf(EINVALID, "labour_rate: %s; give 0 to 10000.00 per hour", p.LabourRate)
	}
	if p.LifeWarnPct > p.LifeReplacePct {
		return Errorf(EINVALID, "life_warn_pct (%d) cannot exceed life_replace_pct (%d)", p.LifeWarnPct, p.LifeReplacePct)
	}
	if p.RepairRatioWarn > p.RepairRatioReplace {
		return Errorf(EINVALID, "repair_ratio_warn (%g) cannot exceed repair_ratio_replace (%g)", p.RepairRatioWarn, p.RepairRatioReplace)
	}
	return nil
}
