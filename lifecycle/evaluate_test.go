package lifecycle

import (
	"slices"
	"strings"
	"testing"
	"time"

	"ward"
)

var today = ward.Date{Year: 2026, Month: time.March, Day: 1}

// healthy is a device nothing argues against: 3 years into a 10-year life,
// supported, parts available, seen yesterday.
func healthy() *Device {
	return &Device{ID: 1, AssetTag: "A-1", FacilityID: 1, Facility: "North", Manufacturer: "Acme", Model: "Pump 1",
		Status: ward.StatusInService, AcquisitionDate: ward.Date{Year: 2023, Month: time.March, Day: 1},
		AcquisitionCost: 300000, LastSeen: today.Time().Add(-24 * time.Hour), ExpectedLifeYears: 10,
		EndOfSupport: ward.Date{Year: 2032, Month: time.December, Day: 31}, Parts: ward.PartsAvailable,
		ModelReplacementCost: 400000}
}

func TestEvaluate(t *testing.T) {
	p := ward.DefaultLifecyclePolicy
	tests := []struct {
		name   string
		change func(d *Device)
		want   string
		codes  []string // reason codes, in order
	}{
		{"healthy", func(d *Device) {}, ward.LifecycleKeep, []string{"age"}},
		{"retired", func(d *Device) { d.Status = ward.StatusRetired }, ward.LifecycleDispose, []string{"retired", "age"}},
		{"unused but serviceable", func(d *Device) { d.LastSeen = today.Time().AddDate(0, 0, -200) },
			ward.LifecycleReallocate, []string{"unused", "age"}},
		{"unused and past its life", func(d *Device) {
			d.LastSeen = today.Time().AddDate(0, 0, -200)
			d.AcquisitionDate = ward.Date{Year: 2014, Month: time.January, Day: 1}
		}, ward.LifecycleDispose, []string{"unused", "end_of_life"}},
		{"unseen out of service is not unused", func(d *Device) {
			d.Status = ward.StatusOutOfService
			d.LastSeen = today.Time().AddDate(-2, 0, 0)
		}, ward.LifecycleKeep, []string{"age"}},
		{"never seen is not unused", func(d *Device) { d.LastSeen = time.Time{} }, ward.LifecycleKeep, []string{"age"}},
		{"end of life", func(d *Device) { d.AcquisitionDate = ward.Date{Year: 2016, Month: time.March, Day: 1} },
			ward.LifecycleReplace, []string{"end_of_life"}},
		{"near end of life", func(d *Device) { d.AcquisitionDate = ward.Date{Year: 2017, Month: time.June, Day: 1} },
			ward.LifecycleKeep, []string{"near_end_of_life"}},
		{"age unknown", func(d *Device) { d.AcquisitionDate = ward.Date{} }, ward.LifecycleKeep, []string{"age_unknown"}},
		{"no expected life", func(d *Device) { d.ExpectedLifeYears = 0 }, ward.LifecycleKeep, []string{"age_unknown"}},
		{"end of support", func(d *Device) { d.EndOfSupport = ward.Date{Year: 2025, Month: time.June, Day: 30} },
			ward.LifecycleReplace, []string{"end_of_support", "age"}},
		{"support ending", func(d *Device) { d.EndOfSupport = ward.Date{Year: 2026, Month: time.December, Day: 31} },
			ward.LifecycleKeep, []string{"age", "support_ending"}},
		{"parts unavailable", func(d *Device) { d.Parts = ward.PartsUnavailable }, ward.LifecycleReplace, []string{"parts_unavailable", "age"}},
		{"parts limited", func(d *Device) { d.Parts = ward.PartsLimited }, ward.LifecycleKeep, []string{"age", "parts_limited"}},
		{"open recall", func(d *Device) { d.OpenRecalls, d.ClassIRecalls = 2, 1 }, ward.LifecycleUpgrade, []string{"open_recall", "age"}},
		{"repairs over half the replacement", func(d *Device) { d.RepairOrders, d.RepairCost = 3, 200000 },
			ward.LifecycleReplace, []string{"repair_to_replace", "age", "mitigation_cost"}},
		{"repairs over a quarter", func(d *Device) { d.RepairOrders, d.RepairCost = 1, 110000 },
			ward.LifecycleKeep, []string{"age", "repair_to_replace", "mitigation_cost"}},
		{"downtime", func(d *Device) { d.DowntimeHours = 300 }, ward.LifecycleReplace, []string{"downtime", "age"}},
		{"unpatchable critical, supported", func(d *Device) { d.Findings = &Findings{Open: 1, Unpatched: 1, UnpatchableCritical: 1} },
			ward.LifecycleUpgrade, []string{"unpatchable_critical", "age", "mitigation_cost"}},
		{"unpatchable critical, out of support", func(d *Device) {
			d.Findings = &Findings{Open: 1, Unpatched: 1, UnpatchableCritical: 1}
			d.EndOfSupport = ward.Date{Year: 2024, Month: time.January, Day: 1}
		}, ward.LifecycleReplace, []string{"end_of_support", "unpatchable_critical", "age", "mitigation_cost"}},
		{"patch available", func(d *Device) { d.Findings = &Findings{Open: 1, Patchable: 1, PatchHours: 0.5} },
			ward.LifecycleKeep, []string{"age", "patch_available", "mitigation_cost"}},
		{"mitigation costs more than replacing", func(d *Device) {
			d.ModelReplacementCost = 50000
			d.Findings = &Findings{Open: 2, Unpatched: 2}
		}, ward.LifecycleReplace, []string{"mitigation_cost", "age"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := healthy()
			tt.change(d)
			r := Evaluate(d, &p, today)
			if r.Recommendation != tt.want {
				t.Errorf("got %s, want %s; reasons %+v", r.Recommendation, tt.want, r.Reasons)
			}
			var codes []string
			for _, x := range r.Reasons {
				codes = append(codes, x.Code)
				if x.Text == "" {
					t.Errorf("reason %s has no text", x.Code)
				}
			}
			if !slices.Equal(codes, tt.codes) {
				t.Errorf("got reasons %v, want %v", codes, tt.codes)
			}
			if r.Reasons[0].Suggests != r.Recommendation && r.Recommendation != ward.LifecycleKeep {
				t.Errorf("got first reason suggesting %q, want the decisive one (%s)", r.Reasons[0].Suggests, r.Recommendation)
			}
		})
	}
}

func TestEvaluateFigures(t *testing.T) {
	p := ward.DefaultLifecyclePolicy
	d := healthy()
	d.ModelReplacementCost = 0
	d.RepairOrders, d.RepairCost, d.DowntimeHours = 2, 60000, 12.346
	d.Findings = &Findings{Open: 3, Patchable: 1, PatchHours: 0.5, Unpatched: 2}
	r := Evaluate(d, &p, today)
	if r.ReplacementCost != 300000 || r.ReplacementCostSource != "acquisition" {
		t.Errorf("got replacement %v from %q, want 3000.00 from acquisition", r.ReplacementCost, r.ReplacementCostSource)
	}
	if r.RepairToReplace == nil || *r.RepairToReplace != 0.2 {
		t.Errorf("got repair-to-replace %v, want 0.2", r.RepairToReplace)
	}
	if r.AgeYears == nil || *r.AgeYears != 3 {
		t.Errorf("got age %v, want 3", r.AgeYears)
	}
	if r.EndOfLife != (ward.Date{Year: 2033, Month: time.March, Day: 1}) || r.DueYear != 2032 {
		t.Errorf("got end of life %v due %d, want 2033-03-01 due 2032 (end of support first)", r.EndOfLife, r.DueYear)
	}
	// 0.5 h of patching + 2 × 4 h of mitigation at 95.00 an hour, plus repairs.
	if r.MitigationHours != 8.5 || r.MitigationCost != 8.5*9500+60000 {
		t.Errorf("got mitigation %v h costing %v, want 8.5 h costing %v", r.MitigationHours, r.MitigationCost, ward.Money(8.5*9500+60000))
	}
	if r.DaysUnseen == nil || *r.DaysUnseen != 1 || r.DowntimeHours != 12.35 {
		t.Errorf("got %v days unseen, downtime %v; want 1 and 12.35", r.DaysUnseen, r.DowntimeHours)
	}
	if r.OpenFindings != 3 || r.PatchableFindings != 1 {
		t.Errorf("got %d open, %d patchable; want 3 and 1", r.OpenFindings, r.PatchableFindings)
	}
}

func TestEvaluatePolicy(t *testing.T) {
	d := healthy()
	d.AcquisitionDate = ward.Date{Year: 2018, Month: time.March, Day: 1} // 8 years into 10
	p := ward.DefaultLifecyclePolicy
	if r := Evaluate(d, &p, today); r.Recommendation != ward.LifecycleKeep || r.DueYear != 2028 {
		t.Fatalf("default policy: got %s due %d, want keep due 2028", r.Recommendation, r.DueYear)
	}
	p.LifeReplacePct, p.LifeWarnPct = 75, 50
	r := Evaluate(d, &p, today)
	if r.Recommendation != ward.LifecycleReplace || r.DueYear != 2026 {
		t.Fatalf("replace at 75%%: got %s due %d, want replace due 2026", r.Recommendation, r.DueYear)
	}
	if !strings.Contains(r.Reasons[0].Text, "policy: replace at 75%") {
		t.Errorf("got %q, want the policy's threshold named", r.Reasons[0].Text)
	}
	p = ward.DefaultLifecyclePolicy
	p.UnusedDays = 1
	d = healthy()
	d.LastSeen = today.Time().AddDate(0, 0, -2)
	if r := Evaluate(d, &p, today); r.Recommendation != ward.LifecycleReallocate {
		t.Errorf("unused after 1 day: got %s, want reallocate", r.Recommendation)
	}
}

func TestMoney(t *testing.T) {
	for in, want := range map[ward.Money]string{0: "0.00", 5: "0.05", 123456: "1,234.56", 100000000: "1,000,000.00", -123456: "-1,234.56"} {
		if got := money(in); got != want {
			t.Errorf("money(%d): got %q, want %q", in, got, want)
		}
	}
}
