package lifecycle

import (
	"testing"
	"time"

	"ward"
)

func TestPlanner(t *testing.T) {
	p := ward.DefaultLifecyclePolicy
	devices := []func(d *Device){
		// North: one past its life (overdue: 2026), one due 2028, one
		// beyond a 5-year horizon, one with no dates, one retired.
		func(d *Device) { d.AssetTag, d.AcquisitionDate = "N-1", ward.Date{Year: 2015, Month: time.May, Day: 1} },
		func(d *Device) { d.AssetTag, d.AcquisitionDate = "N-2", ward.Date{Year: 2018, Month: time.May, Day: 1} },
		func(d *Device) { d.AssetTag = "N-3" },
		func(d *Device) { d.AssetTag, d.AcquisitionDate, d.EndOfSupport = "N-4", ward.Date{}, ward.Date{} },
		func(d *Device) { d.AssetTag, d.Status = "N-5", ward.StatusRetired },
		// South: due 2028 by end of support, with no replacement cost;
		// one whose mitigation costs more than a replacement.
		func(d *Device) {
			d.AssetTag, d.FacilityID, d.Facility = "S-1", 2, "South"
			d.EndOfSupport, d.ModelReplacementCost, d.AcquisitionCost = ward.Date{Year: 2028, Month: time.June, Day: 1}, 0, 0
		},
		func(d *Device) {
			d.AssetTag, d.FacilityID, d.Facility = "S-2", 2, "South"
			d.ModelReplacementCost, d.Findings = 50000, &Findings{Open: 2, Unpatched: 2}
		},
		func(d *Device) {
			d.AssetTag, d.FacilityID, d.Facility = "S-3", 2, "South"
			d.Findings = &Findings{Open: 1, Unpatched: 1}
		},
	}
	pl := NewPlanner(2026, 5, 1, &p)
	for _, change := range devices {
		d := healthy()
		change(d)
		r := Evaluate(d, &p, today)
		pl.Add(&r)
	}
	plan := pl.Plan()
	if plan.FromYear != 2026 || plan.ToYear != 2030 || len(plan.Years) != 5 {
		t.Fatalf("got %d–%d with %d years, want 2026–2030, 5 years", plan.FromYear, plan.ToYear, len(plan.Years))
	}
	want := []ward.CapitalRow{
		{Year: 2026, FacilityID: 1, Facility: "North", Devices: 1, Cost: 400000, Overdue: 1},
		{Year: 2026, FacilityID: 2, Facility: "South", Devices: 1, Cost: 50000, Overdue: 0},
		{Year: 2028, FacilityID: 1, Facility: "North", Devices: 1, Cost: 400000},
		{Year: 2028, FacilityID: 2, Facility: "South", Devices: 1, Cost: 0, NoCost: 1},
	}
	if len(plan.Rows) != len(want) {
		t.Fatalf("got rows %+v, want %+v", plan.Rows, want)
	}
	for i := range want {
		if plan.Rows[i] != want[i] {
			t.Errorf("row %d: got %+v, want %+v", i, plan.Rows[i], want[i])
		}
	}
	if y := plan.Years[0]; y.Devices != 2 || y.Cost != 450000 {
		t.Errorf("2026: got %+v, want 2 devices, 4500.00", y)
	}
	if y := plan.Years[2]; y.Year != 2028 || y.Devices != 2 || y.Cost != 400000 {
		t.Errorf("2028: got %+v, want 2 devices, 4000.00", y)
	}
	north, south := plan.Facilities[0], plan.Facilities[1]
	if north.Facility != "North" || north.Devices != 5 || north.DueDevices != 2 || north.LaterDevices != 1 ||
		north.UnplannedDevices != 1 || north.Recommendations[ward.LifecycleDispose] != 1 || north.Recommendations[ward.LifecycleReplace] != 1 {
		t.Errorf("got North %+v", north)
	}
	if south.MitigatedDevices != 2 || south.MitigationOverBudget != 1 || south.MitigationCost != 2*38000+38000 {
		t.Errorf("got South mitigation %d devices, %d over, cost %v; want 2, 1, 1140.00", south.MitigatedDevices,
			south.MitigationOverBudget, south.MitigationCost)
	}
	if plan.Total.Devices != 8 || plan.Total.DueDevices != 4 || plan.Total.DueCost != 850000 {
		t.Errorf("got total %+v", plan.Total)
	}
	if len(plan.Comparison) != 1 || plan.Comparison[0].AssetTag != "S-2" || plan.Comparison[0].Ratio != 1.52 {
		t.Errorf("got comparison %+v, want S-2 alone at 1.52", plan.Comparison)
	}
}

func TestPlannerComparisonOrder(t *testing.T) {
	p := ward.DefaultLifecyclePolicy
	pl := NewPlanner(2026, 3, 3, &p)
	for i, cost := range []ward.Money{10000, 50000, 20000, 40000, 30000} {
		r := ward.LifecycleRecommendation{AssetTag: string(rune('A' + i)), MitigationCost: cost, ReplacementCost: 100000,
			Recommendation: ward.LifecycleKeep}
		pl.Add(&r)
	}
	var got string
	for _, c := range pl.Plan().Comparison {
		got += c.AssetTag
	}
	if got != "BDE" {
		t.Errorf("got %s, want the three costliest, worst first: BDE", got)
	}
}
