// Package lifecycle decides what to do with each device — keep, upgrade,
// replace, dispose or reallocate — and why, and sums the decisions into a
// capital plan. It is pure: the store gathers each device's figures and
// the policy, and this package only computes.
//
// The decision, from the first rule that holds:
//
//  1. dispose a retired device;
//  2. a device in service not seen for policy.UnusedDays is unused:
//     dispose of it when it is also due for replacement, else reallocate;
//  3. replace a device for any of: its expected life used up
//     (LifeReplacePct), OEM support ended, parts unavailable, 12 months of
//     repairs costing RepairRatioReplace of a replacement, downtime of
//     DowntimeHoursReplace, mitigation costing MitigationReplacePct of a
//     replacement, or critical findings no patch fixes on a model out of
//     support;
//  4. upgrade a device with an outstanding recall, or with critical
//     findings no patch fixes on a model still supported (the
//     manufacturer owes a fix or an upgrade path);
//  5. keep it.
//
// Every recommendation lists its reasons, decisive ones first, with the
// facts (age, support ending, limited parts, patches available, the
// mitigation cost) that did not decide it but matter for planning.
package lifecycle

import (
	"math"
	"time"

	"ward"
)

// Device is what a device's recommendation is computed from: the device,
// its model's lifecycle fields, and what the store counted for it.
type Device struct {
	ID              int64
	AssetTag        string
	FacilityID      int64
	Facility        string
	ManufacturerID  int64
	Manufacturer    string
	ModelID         int64
	Model           string
	DeviceType      string
	SoftwareVersion string
	Status          string
	AcquisitionDate ward.Date
	AcquisitionCost ward.Money
	LastSeen        time.Time

	ExpectedLifeYears    int
	EndOfSupport         ward.Date
	Parts                string
	ModelReplacementCost ward.Money

	OpenRecalls   int
	ClassIRecalls int
	RepairOrders  int
	RepairCost    ward.Money
	DowntimeHours float64

	// Findings summarises the open findings of the device's group; nil
	// when it has none.
	Findings *Findings
}

// Evaluate returns the recommendation for d under policy p on day today.
func Evaluate(d *Device, p *ward.LifecyclePolicy, today ward.Date) ward.LifecycleRecommendation {
	r := ward.LifecycleRecommendation{DeviceID: d.ID, AssetTag: d.AssetTag, FacilityID: d.FacilityID, Facility: d.Facility,
		ManufacturerID: d.ManufacturerID, Manufacturer: d.Manufacturer, ModelID: d.ModelID, Model: d.Model,
		DeviceType: d.DeviceType, SoftwareVersion: d.SoftwareVersion, Status: d.Status,
		ExpectedLifeYears: d.ExpectedLifeYears, EndOfSupport: d.EndOfSupport, Parts: d.Parts,
		OpenRecalls: d.OpenRecalls, ClassIRecalls: d.ClassIRecalls, RepairOrders: d.RepairOrders,
		RepairCost: d.RepairCost, DowntimeHours: round(d.DowntimeHours, 2), LastSeen: d.LastSeen}
	figures(&r, d, p, today)
	var rs reasons
	rs.status(d)
	rs.age(&r, d, p, today)
	rs.support(d, p, today)
	rs.parts(d)
	rs.recalls(d)
	rs.repairs(&r, d, p)
	rs.findings(d, today)
	rs.mitigation(&r, d, p)
	unused := rs.unused(&r, d, p)
	switch {
	case d.Status == ward.StatusRetired:
		r.Recommendation = ward.LifecycleDispose
	case unused && rs.has(ward.LifecycleReplace):
		r.Recommendation = ward.LifecycleDispose
	case unused:
		r.Recommendation = ward.LifecycleReallocate
	case rs.has(ward.LifecycleReplace):
		r.Recommendation = ward.LifecycleReplace
	case rs.has(ward.LifecycleUpgrade):
		r.Recommendation = ward.LifecycleUpgrade
	default:
		r.Recommendation = ward.LifecycleKeep
	}
	if r.Recommendation == ward.LifecycleReplace {
		r.DueYear = today.Year // whatever the dates say, it is due now
	}
	r.Reasons = rs.ordered(r.Recommendation)
	return r
}

// figures fills the computed figures of r: age, end of life, due year,
// replacement cost, ratios, mitigation estimate and days unseen.
func figures(r *ward.LifecycleRecommendation, d *Device, p *ward.LifecyclePolicy, today ward.Date) {
	if !d.AcquisitionDate.IsZero() {
		age := round(float64(days(d.AcquisitionDate, today))/365.25, 1)
		r.AgeYears = &age
		if d.ExpectedLifeYears > 0 {
			r.EndOfLife = ward.DateOf(d.AcquisitionDate.Time().AddDate(d.ExpectedLifeYears, 0, 0))
		}
	}
	r.DueYear = dueYear(d, p, today)
	switch {
	case d.ModelReplacementCost > 0:
		r.ReplacementCost, r.ReplacementCostSource = d.ModelReplacementCost, "model"
	case d.AcquisitionCost > 0:
		r.ReplacementCost, r.ReplacementCostSource = d.AcquisitionCost, "acquisition"
	}
	if r.ReplacementCost > 0 {
		ratio := round(float64(d.RepairCost)/float64(r.ReplacementCost), 3)
		r.RepairToReplace = &ratio
	}
	if f := d.Findings; f != nil {
		r.OpenFindings, r.PatchableFindings, r.UnpatchableCritical = f.Open, f.Patchable, f.UnpatchableCritical
		r.MitigationHours = round(f.PatchHours+float64(f.Unpatched)*p.MitigationHours, 2)
	}
	r.MitigationCost = ward.Money(math.Round(r.MitigationHours*float64(p.LabourRate))) + d.RepairCost
	if !d.LastSeen.IsZero() {
		n := max(0, days(ward.DateOf(d.LastSeen.UTC()), today))
		r.DaysUnseen = &n
	}
}

// replacementPoint is when d reaches the share of its expected life at
// which the policy replaces it; zero when unknown.
func replacementPoint(d *Device, p *ward.LifecyclePolicy) ward.Date {
	if d.AcquisitionDate.IsZero() || d.ExpectedLifeYears <= 0 {
		return ward.Date{}
	}
	months := int(math.Round(float64(d.ExpectedLifeYears*12*p.LifeReplacePct) / 100))
	return ward.DateOf(d.AcquisitionDate.Time().AddDate(0, months, 0))
}

// dueYear is the year d falls due for replacement: the earlier of its
// replacement point and its end of support, this year once either has
// passed (or when Evaluate recommends replacing it for another reason);
// 0 when neither is known.
func dueYear(d *Device, p *ward.LifecyclePolicy, today ward.Date) int {
	due := replacementPoint(d, p)
	if eos := d.EndOfSupport; !eos.IsZero() && (due.IsZero() || eos.Before(due)) {
		due = eos
	}
	if due.IsZero() {
		return 0
	}
	return max(due.Year, today.Year)
}

// days counts the days from a to b.
func days(a, b ward.Date) int {
	return int(b.Time().Sub(a.Time()).Hours() / 24)
}

func round(x float64, places int) float64 {
	f := math.Pow(10, float64(places))
	return math.Round(x*f) / f
}
