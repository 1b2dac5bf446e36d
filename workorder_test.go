package ward_test

import (
	"reflect"
	"testing"

	"ward"
)

func day(s string) ward.Date {
	d, err := ward.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func dateOr(s string) ward.Date {
	if s == "" {
		return ward.Date{}
	}
	return day(s)
}

func TestCheckTransition(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		code     string
	}{
		{ward.WorkOrderOpen, ward.WorkOrderScheduled, ""},
		{ward.WorkOrderOpen, ward.WorkOrderInProgress, ""},
		{ward.WorkOrderOpen, ward.WorkOrderCompleted, ward.ECONFLICT},
		{ward.WorkOrderScheduled, ward.WorkOrderOpen, ""},
		{ward.WorkOrderInProgress, ward.WorkOrderCompleted, ""},
		{ward.WorkOrderInProgress, ward.WorkOrderOpen, ward.ECONFLICT},
		{ward.WorkOrderOnHold, ward.WorkOrderInProgress, ""},
		{ward.WorkOrderOnHold, ward.WorkOrderCompleted, ward.ECONFLICT},
		{ward.WorkOrderCompleted, ward.WorkOrderOpen, ward.ECONFLICT},
		{ward.WorkOrderCancelled, ward.WorkOrderOpen, ward.ECONFLICT},
		{ward.WorkOrderCompleted, ward.WorkOrderCompleted, ""},
		{ward.WorkOrderOpen, "closed", ward.EINVALID},
	} {
		err := ward.CheckTransition(tc.from, tc.to)
		if got := ward.ErrorCode(err); (err == nil) != (tc.code == "") || (err != nil && got != tc.code) {
			t.Errorf("%s → %s: got %v, want %q", tc.from, tc.to, err, tc.code)
		}
	}
}

func TestPartsAndLinksText(t *testing.T) {
	parts, err := ward.ParseParts("Battery pack x2 @ $45.00; Fuse ×3;  Door latch @ 12.5 ")
	if err != nil {
		t.Fatal(err)
	}
	want := []ward.Part{{Name: "Battery pack", Quantity: 2, UnitCost: 4500}, {Name: "Fuse", Quantity: 3},
		{Name: "Door latch", Quantity: 1, UnitCost: 1250}}
	if !reflect.DeepEqual(parts, want) {
		t.Errorf("ParseParts: got %+v, want %+v", parts, want)
	}
	if got := ward.FormatParts(parts); got != "Battery pack x2 @ 45.00; Fuse x3; Door latch x1 @ 12.50" {
		t.Errorf("FormatParts: got %q", got)
	}
	if again, _ := ward.ParseParts(ward.FormatParts(parts)); !reflect.DeepEqual(again, parts) {
		t.Errorf("parts do not survive a round trip: got %+v", again)
	}
	if ward.PartsCost(parts) != 10250 {
		t.Errorf("PartsCost: got %v, want 102.50", ward.PartsCost(parts))
	}
	for _, bad := range []string{"@ 5", "Widget @ -3", "Widget @ 1,5"} {
		if _, err := ward.ParseParts(bad); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("ParseParts(%q): got %v, want EINVALID", bad, err)
		}
	}
	links, err := ward.ParseLinks("finding:#123 ICSMA-21-294-01; recall:Z-0359-2013; patch:#9")
	if err != nil {
		t.Fatal(err)
	}
	wantLinks := []ward.WorkOrderLink{{Kind: "finding", ID: 123, Ref: "ICSMA-21-294-01"}, {Kind: "recall", Ref: "Z-0359-2013"},
		{Kind: "patch", ID: 9}}
	if !reflect.DeepEqual(links, wantLinks) {
		t.Errorf("ParseLinks: got %+v", links)
	}
	if got := ward.FormatLinks(links); got != "finding:#123 ICSMA-21-294-01; recall:Z-0359-2013; patch:#9" {
		t.Errorf("FormatLinks: got %q", got)
	}
	for _, bad := range []string{"Z-0359-2013", "ticket:42", "finding:#x"} {
		if _, err := ward.ParseLinks(bad); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("ParseLinks(%q): got %v, want EINVALID", bad, err)
		}
	}
}

func TestParseHours(t *testing.T) {
	for in, want := range map[string]float64{"": 0, "1.5": 1.5, "1:30": 1.5, "2h": 2, "0:05": 0.08, "3.333": 3.33} {
		if got, err := ward.ParseHours(in); err != nil || got != want {
			t.Errorf("ParseHours(%q): got %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"-1", "1:75", "lots", "NaN", "1e9"} {
		if _, err := ward.ParseHours(bad); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("ParseHours(%q): got %v, want EINVALID", bad, err)
		}
	}
}

func TestPMIntervals(t *testing.T) {
	for in, want := range map[string][2]int{"6m": {6, 0}, "12 months": {12, 0}, "90d": {0, 90}, "2y": {24, 0},
		"2 weeks": {0, 14}, "quarterly": {3, 0}, "Annual": {12, 0}} {
		m, d, err := ward.ParseInterval(in)
		if err != nil || m != want[0] || d != want[1] {
			t.Errorf("ParseInterval(%q): got %d months %d days, %v", in, m, d, err)
		}
	}
	for _, bad := range []string{"", "often", "0m", "5 fortnights"} {
		if _, _, err := ward.ParseInterval(bad); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("ParseInterval(%q): got %v, want EINVALID", bad, err)
		}
	}
}

func TestNextPMDue(t *testing.T) {
	annual := &ward.PMSchedule{IntervalMonths: 12}
	today := day("2026-03-02")
	for _, tc := range []struct {
		name                        string
		lastDue, lastDone, acquired string
		want                        string
	}{
		{"no history, new device", "", "", "2025-11-30", "2026-11-30"},
		{"no history, old device", "", "", "2020-01-01", "2026-03-02"},
		{"no history, unknown age", "", "", "", "2026-03-02"},
		{"done late keeps the rhythm", "2025-06-30", "2025-07-20", "", "2026-06-30"},
		{"done more than an interval late restarts", "2024-01-31", "2025-05-10", "", "2026-05-10"},
		{"cancelled (due, never done)", "2025-04-01", "", "", "2026-04-01"},
	} {
		got := ward.NextPMDue(annual, dateOr(tc.lastDue), dateOr(tc.lastDone), dateOr(tc.acquired), today)
		if got.String() != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
	monthly := &ward.PMSchedule{IntervalMonths: 1}
	if got := ward.NextPMDue(monthly, day("2026-01-31"), ward.Date{}, ward.Date{}, today); got.String() != "2026-02-28" {
		t.Errorf("31 January + 1 month: got %s, want 2026-02-28", got)
	}
}

func TestBuildStaffing(t *testing.T) {
	opts := ward.StaffingOptions{From: day("2026-01-05"), Weeks: 4}
	teams := []ward.Team{{ID: 1, Name: "Imaging Vendor", Kind: ward.TeamVendor}, {ID: 2, Name: "clinical engineering"},
		{ID: 3, Name: "IT"}}
	caps := []ward.TeamCapacity{{TeamID: 2, Technicians: 2, HoursPerWeek: 30}, {TeamID: 1, Technicians: 1, HoursPerWeek: 10}}
	loads := []ward.StaffingLoad{
		{TeamID: 2, Type: ward.WorkOrderRepair, Orders: 10, Hours: 30, Overdue: 2},
		{TeamID: 2, Type: ward.WorkOrderPM, Forecast: true, PM: true, Orders: 50, Hours: 75},
		{TeamID: 2, Type: ward.WorkOrderRepair, Forecast: true, Orders: 4, Hours: 10},
		{TeamID: 1, Type: ward.WorkOrderPM, Orders: 2, Hours: 39},
		{TeamID: 0, Type: ward.WorkOrderInspection, Orders: 3, Hours: 2.25},
	}
	rep := ward.BuildStaffing(opts, teams, caps, loads)
	if rep.Until.String() != "2026-02-01" || len(rep.Teams) != 3 {
		t.Fatalf("report: got until %s and %d teams", rep.Until, len(rep.Teams))
	}
	ce, vendor, it := rep.Teams[0], rep.Teams[1], rep.Teams[2]
	if ce.Team != "clinical engineering" || it.Team != "IT" || vendor.Team != "Imaging Vendor" {
		t.Fatalf("teams must be sorted by name ignoring case: got %s, %s, %s", ce.Team, it.Team, vendor.Team)
	}
	if ce.CapacityHours != 240 || ce.WorkloadHours != 115 || ce.Status != ward.StaffingOK || ce.Utilisation != 0.479 ||
		ce.OverdueOrders != 2 || ce.NeededStaff != 1 {
		t.Errorf("clinical engineering: got %+v", ce)
	}
	if len(ce.ByType) != 2 || ce.ByType[0].Type != ward.WorkOrderPM || ce.ByType[1].Open.Hours != 30 || ce.ByType[1].Forecast.Hours != 10 {
		t.Errorf("clinical engineering by type: got %+v", ce.ByType)
	}
	if vendor.Status != ward.StaffingStretched || vendor.Utilisation != 0.975 {
		t.Errorf("vendor: got %s %.3f, want stretched 0.975", vendor.Status, vendor.Utilisation)
	}
	if it.Status != ward.StaffingNoCapacity || it.WorkloadHours != 0 {
		t.Errorf("IT: got %+v, want no capacity and no work", it)
	}
	if rep.Unowned.Open.Hours != 2.25 || rep.Unowned.Open.Orders != 3 {
		t.Errorf("unowned: got %+v", rep.Unowned)
	}
	loads = append(loads, ward.StaffingLoad{TeamID: 1, Type: ward.WorkOrderRepair, Orders: 1, Hours: 5})
	if v := ward.BuildStaffing(opts, teams, caps, loads).Teams[1]; v.Status != ward.StaffingOver || v.NeededStaff != 1.1 {
		t.Errorf("vendor over capacity: got %s, needs %.1f technicians; want over, 1.1", v.Status, v.NeededStaff)
	}
	if got := ward.PMOccurrences(3, 0, 13); got < 0.99 || got > 1.0 {
		t.Errorf("quarterly PM over 13 weeks: got %.3f occurrences, want about 1", got)
	}
}
