package sqlstore_test

import (
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

func TestPMScheduleGeneratesDueOrdersOnce(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustWOScenario(t, db) // today is 2026-03-02
		sched := &ward.PMSchedule{ModelID: s.pump.ModelID, Task: "Annual PM and electrical safety test", IntervalMonths: 12,
			EstimatedHours: 1.25}
		if err := db.CreatePMSchedule(s.ctx, sched); err != nil {
			t.Fatal(err)
		}
		if sched.Devices != 2 || sched.Manufacturer == "" || sched.Model != "Alaris 8015 PC Unit" {
			t.Errorf("schedule as stored: got %+v, want 2 devices of the Alaris 8015", sched)
		}
		dup := &ward.PMSchedule{ModelID: s.pump.ModelID, Task: "annual pm and electrical safety test", IntervalDays: 30}
		if err := db.CreatePMSchedule(s.ctx, dup); ward.ErrorCode(err) != ward.ECONFLICT {
			t.Errorf("same task twice: got %v, want ECONFLICT", err)
		}
		if err := db.CreatePMSchedule(s.ctx, &ward.PMSchedule{ModelID: 999, Task: "x", IntervalDays: 1}); ward.ErrorCode(err) != ward.ENOTFOUND {
			t.Errorf("unknown model: got %v, want ENOTFOUND", err)
		}
		// P-1 was bought on 2024-01-15: its first PM is long overdue, so
		// it is due today; P-2 has no acquisition date: due today too.
		res, err := db.GeneratePM(s.ctx, day("2026-03-31"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 2 || res.Schedules != 1 || res.Devices != 2 {
			t.Fatalf("first generation: got %+v, want 2 orders", res)
		}
		again, err := db.GeneratePM(s.ctx, day("2026-03-31"))
		if err != nil || again.Created != 0 || again.AlreadyOpen != 2 {
			t.Fatalf("second generation: got %+v, %v; want nothing new, 2 already open", again, err)
		}
		page, _ := db.FindWorkOrders(s.ctx, ward.WorkOrderFilter{ScheduleID: sched.ID, DeviceID: s.pump.ID})
		if len(page.Items) != 1 {
			t.Fatalf("orders of P-1: got %d, want 1", len(page.Items))
		}
		wo := page.Items[0]
		if wo.Type != ward.WorkOrderPM || wo.Due.String() != "2026-03-02" || wo.EstimatedHours != 1.25 || wo.Title != sched.Task {
			t.Errorf("generated order: got %+v", wo)
		}
		// Done a week late: the next one keeps the rhythm, a year after
		// it was due, and is not due within the month.
		s.mustUpdate(t, wo.ID, ward.WorkOrderUpdate{Status: ptr(ward.WorkOrderInProgress)})
		s.mustUpdate(t, wo.ID, ward.WorkOrderUpdate{Status: ptr(ward.WorkOrderCompleted), Completed: ptr(day("2026-03-09"))})
		res, err = db.GeneratePM(s.ctx, day("2026-03-31"))
		if err != nil || res.Created != 0 || res.NotDue != 1 {
			t.Fatalf("after completion: got %+v, %v; want P-1 not due", res, err)
		}
		res, _ = db.GeneratePM(s.ctx, day("2027-03-31"))
		if res.Created != 1 {
			t.Fatalf("a year ahead: got %+v, want P-1's next order", res)
		}
		page, _ = db.FindWorkOrders(s.ctx, ward.WorkOrderFilter{ScheduleID: sched.ID, DeviceID: s.pump.ID,
			Statuses: []string{ward.WorkOrderOpen}})
		if len(page.Items) != 1 || page.Items[0].Due.String() != "2027-03-02" {
			t.Errorf("next order: got %+v, want one due 2027-03-02", page.Items)
		}
		// An inactive schedule generates nothing; its counts are listed.
		upd, err := db.UpdatePMSchedule(s.ctx, sched.ID, ward.PMScheduleUpdate{Active: ptr(false), IntervalMonths: ptr(6)})
		if err != nil || upd.Active || upd.IntervalMonths != 6 || upd.OpenOrders != 2 {
			t.Fatalf("update: got %+v, %v", upd, err)
		}
		if res, _ := db.GeneratePM(s.ctx, day("2030-01-01")); res.Schedules != 0 || res.Created != 0 {
			t.Errorf("inactive schedule: got %+v, want nothing", res)
		}
		if _, err := db.UpdatePMSchedule(s.ctx, sched.ID, ward.PMScheduleUpdate{IntervalDays: ptr(0)}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("no interval: got %v, want EINVALID", err)
		}
		all, err := db.FindPMSchedules(s.ctx, 0)
		if err != nil || len(all) != 1 {
			t.Errorf("schedules: got %d (%v), want 1", len(all), err)
		}
	})
}
