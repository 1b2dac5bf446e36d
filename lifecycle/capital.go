package lifecycle

import (
	"cmp"
	"container/heap"
	"slices"

	"ward"
)

// Planner sums recommendations into a capital plan. Add each device's
// recommendation once, then call Plan. Its memory follows the facilities,
// the years and Top, not the devices.
type Planner struct {
	from, to   int
	top        int
	policy     *ward.LifecyclePolicy
	rows       map[rowKey]*ward.CapitalRow
	facilities map[int64]*ward.CapitalFacility
	total      ward.CapitalFacility
	worst      comparisons
}

type rowKey struct {
	year     int
	facility int64
}

// NewPlanner starts a plan of years years from thisYear, listing the top
// devices by mitigation against replacement cost.
func NewPlanner(thisYear, years, top int, p *ward.LifecyclePolicy) *Planner {
	return &Planner{from: thisYear, to: thisYear + years - 1, top: top, policy: p,
		rows: map[rowKey]*ward.CapitalRow{}, facilities: map[int64]*ward.CapitalFacility{},
		total: ward.CapitalFacility{Facility: "all", Recommendations: map[string]int64{}}}
}

// Add counts one device's recommendation.
func (pl *Planner) Add(r *ward.LifecycleRecommendation) {
	fac := pl.facilities[r.FacilityID]
	if fac == nil {
		fac = &ward.CapitalFacility{FacilityID: r.FacilityID, Facility: r.Facility, Recommendations: map[string]int64{}}
		pl.facilities[r.FacilityID] = fac
	}
	for _, f := range []*ward.CapitalFacility{fac, &pl.total} {
		f.Devices++
		f.Recommendations[r.Recommendation]++
	}
	pl.compare(r, fac)
	if r.Recommendation == ward.LifecycleDispose {
		return // not replaced like for like
	}
	switch {
	case r.DueYear == 0:
		fac.UnplannedDevices++
		pl.total.UnplannedDevices++
	case r.DueYear > pl.to:
		for _, f := range []*ward.CapitalFacility{fac, &pl.total} {
			f.LaterDevices++
			f.LaterCost += r.ReplacementCost
		}
	default:
		for _, f := range []*ward.CapitalFacility{fac, &pl.total} {
			f.DueDevices++
			f.DueCost += r.ReplacementCost
		}
		pl.row(r)
	}
}

// row adds a device due within the horizon to its year and facility.
func (pl *Planner) row(r *ward.LifecycleRecommendation) {
	k := rowKey{r.DueYear, r.FacilityID}
	row := pl.rows[k]
	if row == nil {
		row = &ward.CapitalRow{Year: r.DueYear, FacilityID: r.FacilityID, Facility: r.Facility}
		pl.rows[k] = row
	}
	row.Devices++
	row.Cost += r.ReplacementCost
	if r.ReplacementCost == 0 {
		row.NoCost++
	}
	if r.DueYear == pl.from && overdue(r) {
		row.Overdue++
	}
}

// overdue reports whether r's end of life or support has passed, as the
// reasons say.
func overdue(r *ward.LifecycleRecommendation) bool {
	for _, x := range r.Reasons {
		if x.Code == ward.ReasonEndOfLife || x.Code == ward.ReasonEndOfSupport {
			return true
		}
	}
	return false
}

// compare adds a device with a mitigation cost and a replacement cost to
// the comparison.
func (pl *Planner) compare(r *ward.LifecycleRecommendation, fac *ward.CapitalFacility) {
	if r.MitigationCost == 0 || r.ReplacementCost == 0 {
		return
	}
	ratio := round(float64(r.MitigationCost)/float64(r.ReplacementCost), 3)
	over := ratio*100 >= float64(pl.policy.MitigationReplacePct)
	for _, f := range []*ward.CapitalFacility{fac, &pl.total} {
		f.MitigatedDevices++
		f.MitigationCost += r.MitigationCost
		f.ReplacementCost += r.ReplacementCost
		if over {
			f.MitigationOverBudget++
		}
	}
	if pl.top == 0 {
		return
	}
	c := ward.CapitalComparison{DeviceID: r.DeviceID, AssetTag: r.AssetTag, Facility: r.Facility, Manufacturer: r.Manufacturer,
		Model: r.Model, Recommendation: r.Recommendation, OpenFindings: r.OpenFindings, UnpatchableCritical: r.UnpatchableCritical,
		MitigationHours: r.MitigationHours, RepairCost: r.RepairCost, MitigationCost: r.MitigationCost,
		ReplacementCost: r.ReplacementCost, Ratio: ratio}
	if len(pl.worst) < pl.top {
		heap.Push(&pl.worst, c)
	} else if less(pl.worst[0], c) {
		pl.worst[0] = c
		heap.Fix(&pl.worst, 0)
	}
}

// Plan returns the plan: rows by year then facility name, every year of
// the horizon, facilities by name, the comparison worst first.
func (pl *Planner) Plan() *ward.CapitalPlan {
	plan := &ward.CapitalPlan{FromYear: pl.from, ToYear: pl.to, Rows: []ward.CapitalRow{}, Total: pl.total,
		Facilities: []ward.CapitalFacility{}}
	years := map[int]*ward.CapitalYear{}
	for y := pl.from; y <= pl.to; y++ {
		plan.Years = append(plan.Years, ward.CapitalYear{Year: y})
	}
	for i := range plan.Years {
		years[plan.Years[i].Year] = &plan.Years[i]
	}
	for _, row := range pl.rows {
		plan.Rows = append(plan.Rows, *row)
		y := years[row.Year]
		y.Devices += row.Devices
		y.Cost += row.Cost
	}
	slices.SortFunc(plan.Rows, func(a, b ward.CapitalRow) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Facility, b.Facility), cmp.Compare(a.FacilityID, b.FacilityID))
	})
	for _, f := range pl.facilities {
		plan.Facilities = append(plan.Facilities, *f)
	}
	slices.SortFunc(plan.Facilities, func(a, b ward.CapitalFacility) int {
		return cmp.Or(cmp.Compare(a.Facility, b.Facility), cmp.Compare(a.FacilityID, b.FacilityID))
	})
	plan.Comparison = slices.Clone(pl.worst)
	slices.SortFunc(plan.Comparison, func(a, b ward.CapitalComparison) int {
		if less(a, b) {
			return 1
		}
		if less(b, a) {
			return -1
		}
		return 0
	})
	if plan.Comparison == nil {
		plan.Comparison = []ward.CapitalComparison{}
	}
	return plan
}

// less orders comparisons from the least to the most worrying: lower
// ratio, then lower mitigation cost, then the later asset tag.
func less(a, b ward.CapitalComparison) bool {
	if a.Ratio != b.Ratio {
		return a.Ratio < b.Ratio
	}
	if a.MitigationCost != b.MitigationCost {
		return a.MitigationCost < b.MitigationCost
	}
	return a.AssetTag > b.AssetTag
}

// comparisons is a min-heap of the worst comparisons kept so far.
type comparisons []ward.CapitalComparison

func (h comparisons) Len() int           { return len(h) }
func (h comparisons) Less(i, j int) bool { return less(h[i], h[j]) }
func (h comparisons) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *comparisons) Push(x any)        { *h = append(*h, x.(ward.CapitalComparison)) }
func (h *comparisons) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
