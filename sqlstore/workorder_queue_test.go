package sqlstore_test

import (
	"context"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

func TestStaffingComparesWorkloadWithCapacity(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustWOScenario(t, db) // today is 2026-03-02
		s.mustRule(t, "Infusion Pump", ward.TaskOwner, s.ce)
		if err := db.SetTeamCapacity(s.ctx, &ward.TeamCapacity{TeamID: s.ce.ID, Technicians: 1.5}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetTeamCapacity(s.ctx, &ward.TeamCapacity{TeamID: 999, Technicians: 1}); ward.ErrorCode(err) != ward.ENOTFOUND {
			t.Errorf("capacity of an unknown team: got %v, want ENOTFOUND", err)
		}
		if err := db.SetTeamCapacity(s.ctx, &ward.TeamCapacity{TeamID: s.it.ID, Technicians: -1}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("negative technicians: got %v, want EINVALID", err)
		}
		caps, _ := db.FindTeamCapacities(s.ctx)
		if len(caps) != 1 || caps[0].HoursPerWeek != ward.DefaultHoursPerWeek || caps[0].Team != "Clinical Engineering" {
			t.Fatalf("capacities: got %+v", caps)
		}
		// Open work: a repair estimated at 4 hours with 1 booked, a
		// repair without estimate (the year's average: 2 hours), and an
		// inspection of the scale, which no team answers for.
		s.mustCreate(t,
			ward.WorkOrder{Type: ward.WorkOrderRepair, AssetTag: "P-1", EstimatedHours: 4, LabourHours: 1, Due: day("2026-02-01")},
			ward.WorkOrder{Type: ward.WorkOrderRepair, AssetTag: "P-2"},
			ward.WorkOrder{Type: ward.WorkOrderInspection, AssetTag: "S-1", EstimatedHours: 0.5},
			ward.WorkOrder{Type: ward.WorkOrderRepair, AssetTag: "P-2", Status: ward.WorkOrderCompleted, LabourHours: 2,
				Completed: day("2025-12-01")},
		)
		// Preventive maintenance: the two pumps every 3 months, 1 hour.
		sched := &ward.PMSchedule{ModelID: s.pump.ModelID, Task: "Quarterly PM", IntervalMonths: 3, EstimatedHours: 1}
		if err := db.CreatePMSchedule(s.ctx, sched); err != nil {
			t.Fatal(err)
		}
		rep, err := db.Staffing(s.ctx, ward.StaffingOptions{Weeks: 13})
		if err != nil {
			t.Fatal(err)
		}
		if rep.From.String() != "2026-03-02" || rep.Weeks != 13 || len(rep.Teams) != 2 {
			t.Fatalf("report: got from %s, %d weeks, %d teams", rep.From, rep.Weeks, len(rep.Teams))
		}
		var ce ward.TeamStaffing
		for _, tm := range rep.Teams {
			if tm.TeamID == s.ce.ID {
				ce = tm
			}
		}
		if ce.Open.Orders != 2 || ce.Open.Hours != 5 || ce.OverdueOrders != 1 {
			t.Errorf("open work: got %+v and %d overdue, want 2 orders, 3 + 2 hours, 1 overdue", ce.Open, ce.OverdueOrders)
		}
		// Two pumps, 91 days ÷ (365.25 / 4) ≈ 1 occurrence each.
		if ce.ForecastPM.Orders < 1.9 || ce.ForecastPM.Orders > 2.0 || ce.ForecastPM.Hours != ce.ForecastPM.Orders {
			t.Errorf("PM forecast: got %+v, want about 2 orders of 1 hour", ce.ForecastPM)
		}
		// One repair of 2 hours in the last year, scaled to 13 weeks.
		if h := ce.ForecastOther.Hours; h < 0.49 || h > 0.51 {
			t.Errorf("unplanned forecast: got %.2f hours, want 2 × 91/365", h)
		}
		if ce.CapacityHours != 1.5*32*13 || ce.Status != ward.StaffingOK {
			t.Errorf("capacity: got %.1f hours (%s), want 624 and ok", ce.CapacityHours, ce.Status)
		}
		if rep.Unowned.Open.Orders != 1 || rep.Unowned.Open.Hours != 0.5 {
			t.Errorf("unowned work: got %+v, want the scale's inspection", rep.Unowned.Open)
		}
		// Once generated, the PM orders count as open work, not twice.
		if _, err := db.GeneratePM(s.ctx, day("2026-03-31")); err != nil {
			t.Fatal(err)
		}
		rep2, _ := db.Staffing(s.ctx, ward.StaffingOptions{Weeks: 13})
		for _, tm := range rep2.Teams {
			if tm.TeamID == s.ce.ID && (tm.Open.Orders != 4 || tm.ForecastPM.Orders > 0.01) {
				t.Errorf("after generation: got open %+v and forecast %+v, want 4 open and no PM forecast left", tm.Open, tm.ForecastPM)
			}
		}
		if _, err := db.Staffing(s.ctx, ward.StaffingOptions{Weeks: 500}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("500 weeks: got %v, want EINVALID", err)
		}
	})
}

func TestExceptionQueueOfWorkOrders(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustWOScenario(t, db)
		var in []ward.WorkOrder
		for range 5 {
			in = append(in, ward.WorkOrder{Type: ward.WorkOrderRepair, AssetTag: "S-1", Title: "Display dead"},
				ward.WorkOrder{Type: ward.WorkOrderRepair, AssetTag: "P-1"})
		}
		wos := s.mustCreate(t, in...)
		s.mustUpdate(t, wos[0].ID, ward.WorkOrderUpdate{Status: ptr(ward.WorkOrderCancelled)})
		got := mustExceptions(t, db, s.ctx, ward.ExceptionFilter{Kinds: []string{ward.ExceptionWorkOrder}}, 2)
		if len(got) != 9 {
			t.Fatalf("unowned orders: got %d, want 9 (the cancelled one is closed)", len(got))
		}
		e := got[1] // the first, WO-0000001, was cancelled
		if e.Kind != ward.ExceptionWorkOrder || e.AssetTag != "S-1" || e.Reference != "WO-0000003" || e.Task != ward.TaskRepair ||
			e.DeviceType != "Scale" || e.Reason == "" || e.Facility == "" {
			t.Errorf("first exception: got %+v", e)
		}
		for _, tc := range []struct {
			facilities []int64
			want       int
		}{{[]int64{e.FacilityID}, 9}, {[]int64{e.FacilityID + 100}, 0}} {
			if got := mustExceptions(t, db, s.ctx, ward.ExceptionFilter{FacilityIDs: tc.facilities}, 4); len(got) != tc.want {
				t.Errorf("exceptions in facilities %v: got %d, want %d", tc.facilities, len(got), tc.want)
			}
		}
		counts, err := db.CountExceptions(s.ctx)
		if err != nil || len(counts) != 3 || counts[0].Items != 9 {
			t.Errorf("counts: got %+v, %v", counts, err)
		}
		// A rule for pumps takes their orders out; the scale's stay until
		// it has an owner.
		s.mustRule(t, "Infusion Pump", ward.TaskOwner, s.ce)
		if got := mustExceptions(t, db, s.ctx, ward.ExceptionFilter{}, 100); len(got) != 4 {
			t.Errorf("after the pump rule: got %d exceptions, want the scale's 4", len(got))
		}
		s.mustUpdate(t, wos[2].ID, ward.WorkOrderUpdate{TeamID: &s.it.ID})
		if got := mustExceptions(t, db, s.ctx, ward.ExceptionFilter{}, 100); len(got) != 3 {
			t.Errorf("after assigning one order: got %d, want 3", len(got))
		}
		if _, err := db.FindExceptions(s.ctx, ward.ExceptionFilter{Kinds: []string{"gripes"}}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("unknown kind: got %v, want EINVALID", err)
		}
	})
}

func TestExceptionQueueOfFindingsAndRecalls(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustRecallScenario(t, db)
		s.mustImport(t, recalls(arrowRecall(), monitorRecall()))
		got := mustExceptions(t, db, s.ctx, ward.ExceptionFilter{Kinds: []string{ward.ExceptionRecall}}, 1)
		if len(got) == 0 {
			t.Fatal("recall matches on devices without a team: got no exceptions")
		}
		for _, e := range got {
			if e.Task != ward.TaskRecall || e.AssetTag == "" || (e.Reference != "Z-0053-2020" && e.Reference != "Z-9001-2024") {
				t.Errorf("recall exception: got %+v", e)
			}
		}
		// Completing the recall work on one device takes it out.
		mon := got[len(got)-1]
		wos, err := db.CreateWorkOrders(s.ctx, []ward.WorkOrder{{Type: ward.WorkOrderRecall, DeviceID: mon.DeviceID,
			Links: []ward.WorkOrderLink{{Kind: ward.LinkRecall, Ref: mon.Reference}}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []string{ward.WorkOrderInProgress, ward.WorkOrderCompleted} {
			if _, err := db.UpdateWorkOrder(s.ctx, wos[0].ID, ward.WorkOrderUpdate{Status: ptr(st)}); err != nil {
				t.Fatal(err)
			}
		}
		if again := mustExceptions(t, db, s.ctx, ward.ExceptionFilter{Kinds: []string{ward.ExceptionRecall}}, 100); len(again) != len(got)-1 {
			t.Errorf("after the recall work order: got %d exceptions, want %d", len(again), len(got)-1)
		}
		team := &ward.Team{Name: "Biomed", Kind: ward.TeamClinicalEngineering}
		if err := db.CreateTeam(s.ctx, team); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetResponsibility(s.ctx, "", ward.TaskRecall, team.ID); err != nil {
			t.Fatal(err)
		}
		if again := mustExceptions(t, db, s.ctx, ward.ExceptionFilter{}, 100); len(again) != 0 {
			t.Errorf("with a recall rule for any type: got %+v, want none", again)
		}
	})
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		ctx := context.Background()
		found := mustExceptions(t, db, ctx, ward.ExceptionFilter{Kinds: []string{ward.ExceptionFinding}}, 1000)
		paged := mustExceptions(t, db, ctx, ward.ExceptionFilter{Kinds: []string{ward.ExceptionFinding}}, 7)
		if len(found) == 0 || len(found) != len(paged) {
			t.Fatalf("findings without a team: got %d (%d by pages of 7), want some, the same either way", len(found), len(paged))
		}
		var open int64
		for _, e := range found {
			if e.Devices < 1 || e.AssetTag == "" || e.Reference == "" || e.Task != ward.TaskMitigation {
				t.Errorf("finding exception: got %+v", e)
			}
			open += e.Devices
		}
		var want int64
		db.EachFinding(ctx, ward.FindingFilter{}, func(*ward.Finding) error { want++; return nil })
		if open != want {
			t.Errorf("devices in finding exceptions: got %d, want the %d open findings per device", open, want)
		}
		team := &ward.Team{Name: "Security", Kind: ward.TeamITSecurity}
		if err := db.CreateTeam(ctx, team); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetResponsibility(ctx, "", ward.TaskMitigation, team.ID); err != nil {
			t.Fatal(err)
		}
		if got := mustExceptions(t, db, ctx, ward.ExceptionFilter{Kinds: []string{ward.ExceptionFinding}}, 100); len(got) != 0 {
			t.Errorf("with a mitigation rule for any type: got %d, want none", len(got))
		}
	})
}

// mustExceptions reads every page of the queue.
func mustExceptions(tb testing.TB, db *sqlstore.DB, ctx context.Context, f ward.ExceptionFilter, size int) []ward.Exception {
	tb.Helper()
	f.Limit = size
	var out []ward.Exception
	for {
		page, err := db.FindExceptions(ctx, f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, page.Items...)
		if page.NextCursor == "" {
			return out
		}
		f.After = page.NextCursor
	}
}
