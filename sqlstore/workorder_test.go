package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// woScenario is an inventory of three devices for the work order tests:
// two infusion pumps and a scale (a type without rules), and two teams.
type woScenario struct {
	db     *sqlstore.DB
	ctx    context.Context
	ce, it *ward.Team
	pump   *ward.Device
}

func mustWOScenario(tb testing.TB, db *sqlstore.DB) *woScenario {
	tb.Helper()
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { t = t.Add(time.Second); return t })
	s := &woScenario{db: db, ctx: ward.WithActor(context.Background(), "user:tester")}
	pump1 := rec(2, "P-1", "BD", "Alaris 8015 PC Unit", "9.33")
	pump1.AcquisitionDate = day("2024-01-15")
	pump2 := rec(3, "P-2", "BD", "Alaris 8015 PC Unit", "9.33")
	scale := rec(4, "S-1", "Acme", "Scale 9", "")
	scale.DeviceType = "Scale"
	if _, err := db.ImportDevices(s.ctx, &sliceSource{recs: []ward.DeviceRecord{pump1, pump2, scale}}, ward.ImportOptions{}); err != nil {
		tb.Fatal(err)
	}
	s.ce = &ward.Team{Name: "Clinical Engineering", Kind: ward.TeamClinicalEngineering}
	s.it = &ward.Team{Name: "Clinical Apps IT", Kind: ward.TeamIT}
	for _, team := range []*ward.Team{s.ce, s.it} {
		if err := db.CreateTeam(s.ctx, team); err != nil {
			tb.Fatal(err)
		}
	}
	var err error
	if s.pump, err = db.FindDeviceByTag(s.ctx, "P-1"); err != nil {
		tb.Fatal(err)
	}
	return s
}

func (s *woScenario) mustRule(tb testing.TB, typ, task string, team *ward.Team) {
	tb.Helper()
	if _, err := s.db.SetResponsibility(s.ctx, typ, task, team.ID); err != nil {
		tb.Fatal(err)
	}
}

func (s *woScenario) mustCreate(tb testing.TB, wos ...ward.WorkOrder) []ward.WorkOrder {
	tb.Helper()
	out, err := s.db.CreateWorkOrders(s.ctx, wos)
	if err != nil {
		tb.Fatalf("CreateWorkOrders: %v", err)
	}
	return out
}

func (s *woScenario) mustUpdate(tb testing.TB, id int64, upd ward.WorkOrderUpdate) *ward.WorkOrder {
	tb.Helper()
	wo, err := s.db.UpdateWorkOrder(s.ctx, id, upd)
	if err != nil {
		tb.Fatalf("UpdateWorkOrder: %v", err)
	}
	return wo
}

func TestWorkOrderCreateNumbersAndTeams(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustWOScenario(t, db)
		s.mustRule(t, "Infusion Pump", ward.TaskRepair, s.ce)
		s.mustRule(t, "Scale", ward.TaskOwner, s.it)
		wos := s.mustCreate(t,
			ward.WorkOrder{Type: ward.WorkOrderRepair, AssetTag: "p-1", Title: "Door latch broken", LabourHours: 1.5,
				Parts: []ward.Part{{Name: "Door latch", Quantity: 1, UnitCost: 4500}}, LabourCost: 9000},
			ward.WorkOrder{Type: ward.WorkOrderPatch, DeviceID: s.pump.ID, TargetVersion: "12.1.2", Team: "clinical apps it"},
			ward.WorkOrder{Type: ward.WorkOrderInspection, AssetTag: "S-1"},
			ward.WorkOrder{Type: ward.WorkOrderDecommission, AssetTag: "P-2"},
		)
		want := []struct{ number, team, source string }{
			{"WO-0000001", "Clinical Engineering", ward.TeamFromMatrix},
			{"WO-0000002", "Clinical Apps IT", ward.TeamFromWorkOrder},
			{"WO-0000003", "Clinical Apps IT", ward.TeamFromOwner},
			{"WO-0000004", "", ""},
		}
		for i, w := range want {
			got := wos[i]
			if got.Number != w.number || got.Team != w.team || got.TeamSource != w.source {
				t.Errorf("order %d: got %s team %q (%s), want %s team %q (%s)", i+1, got.Number, got.Team, got.TeamSource,
					w.number, w.team, w.source)
			}
		}
		if wos[0].PartsCost != 4500 || wos[0].Cost != 13500 || wos[0].Status != ward.WorkOrderOpen {
			t.Errorf("costs: got parts %v total %v status %s, want 45.00, 135.00 and open", wos[0].PartsCost, wos[0].Cost, wos[0].Status)
		}
		page, err := db.FindWorkOrders(s.ctx, ward.WorkOrderFilter{Unowned: true})
		if err != nil || len(page.Items) != 1 || page.Items[0].Number != "WO-0000004" {
			t.Fatalf("unowned: got %+v, %v; want WO-0000004 only", page, err)
		}
		page, _ = db.FindWorkOrders(s.ctx, ward.WorkOrderFilter{TeamID: s.it.ID})
		if len(page.Items) != 2 {
			t.Errorf("orders of Clinical Apps IT: got %d, want 2", len(page.Items))
		}
		for _, bad := range []struct {
			name string
			wo   ward.WorkOrder
			code string
		}{
			{"unknown device", ward.WorkOrder{Type: ward.WorkOrderRepair, AssetTag: "NOPE"}, ward.ENOTFOUND},
			{"unknown type", ward.WorkOrder{Type: "oil change", AssetTag: "P-1"}, ward.EINVALID},
			{"number in use", ward.WorkOrder{Type: ward.WorkOrderRepair, AssetTag: "P-1", Number: "wo-0000001"}, ward.ECONFLICT},
			{"target version on a repair", ward.WorkOrder{Type: ward.WorkOrderRepair, AssetTag: "P-1", TargetVersion: "2"}, ward.EINVALID},
			{"unknown team", ward.WorkOrder{Type: ward.WorkOrderRepair, AssetTag: "P-1", Team: "Ghostbusters"}, ward.ENOTFOUND},
		} {
			// The first order is valid: all or none are stored.
			_, err := db.CreateWorkOrders(s.ctx, []ward.WorkOrder{{Type: ward.WorkOrderRepair, AssetTag: "P-2"}, bad.wo})
			if ward.ErrorCode(err) != bad.code {
				t.Errorf("%s: got %v, want %s", bad.name, err, bad.code)
			}
		}
		if page, _ := db.FindWorkOrders(s.ctx, ward.WorkOrderFilter{}); len(page.Items) != 4 {
			t.Errorf("after refused batches: got %d orders, want 4", len(page.Items))
		}
	})
}

func TestWorkOrderWorkflowAndHistory(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustWOScenario(t, db)
		wo := s.mustCreate(t, ward.WorkOrder{Type: ward.WorkOrderRepair, AssetTag: "P-1", Title: "Occlusion alarm",
			Due: day("2026-03-01")})[0]
		if !wo.Overdue {
			t.Errorf("an open order due yesterday: got overdue false")
		}
		for _, tc := range []struct {
			to   string
			code string
		}{
			{ward.WorkOrderCompleted, ward.ECONFLICT}, // must be started first
			{"done", ward.EINVALID},
		} {
			if _, err := db.UpdateWorkOrder(s.ctx, wo.ID, ward.WorkOrderUpdate{Status: ptr(tc.to)}); ward.ErrorCode(err) != tc.code {
				t.Errorf("open → %s: got %v, want %s", tc.to, err, tc.code)
			}
		}
		got := s.mustUpdate(t, wo.ID, ward.WorkOrderUpdate{Status: ptr(ward.WorkOrderInProgress), Assignee: ptr("J. Ortiz")})
		if got.Started.String() != "2026-03-02" {
			t.Errorf("started: got %s, want the day it moved to in_progress", got.Started)
		}
		got = s.mustUpdate(t, wo.ID, ward.WorkOrderUpdate{Status: ptr(ward.WorkOrderCompleted), LabourHours: ptr(2.25),
			DowntimeHours: ptr(26.0), Parts: &[]ward.Part{{Name: "Pressure sensor", Quantity: 1, UnitCost: 18900}},
			Note: "Replaced the downstream pressure sensor; passed the occlusion test."})
		if got.Completed.IsZero() || got.Overdue || got.Cost != 18900 || got.DowntimeHours != 26 {
			t.Errorf("completed: got completed %s overdue %v cost %v downtime %v", got.Completed, got.Overdue, got.Cost, got.DowntimeHours)
		}
		if want := "2026-03-02 user:tester: Replaced the downstream pressure sensor; passed the occlusion test."; got.Notes != want {
			t.Errorf("notes: got %q, want %q", got.Notes, want)
		}
		if _, err := db.UpdateWorkOrder(s.ctx, wo.ID, ward.WorkOrderUpdate{Status: ptr(ward.WorkOrderOpen)}); ward.ErrorCode(err) != ward.ECONFLICT {
			t.Errorf("completed → open: got %v, want a conflict (completed is final)", err)
		}
		hist, err := db.FindWorkOrderHistory(s.ctx, wo.ID)
		if err != nil {
			t.Fatal(err)
		}
		fields := map[string]string{}
		for _, c := range hist {
			fields[c.Field] += c.New + "|"
		}
		for f, w := range map[string]string{"status": "completed|in_progress|", "assignee": "J. Ortiz|",
			"labour_hours": "2.25|", "parts": "Pressure sensor x1 @ 189.00|", "created": "WO-0000001|"} {
			if fields[f] != w {
				t.Errorf("history of %s: got %q, want %q", f, fields[f], w)
			}
		}
		if last := hist[len(hist)-1]; last.Field != "created" || last.Actor != "user:tester" {
			t.Errorf("history must end with the creation by its actor: got %+v", last)
		}
		if _, err := db.FindWorkOrderHistory(s.ctx, 999); ward.ErrorCode(err) != ward.ENOTFOUND {
			t.Errorf("history of an unknown order: got %v, want ENOTFOUND", err)
		}
		// The device's orders, and the audit trail of each change.
		page, _ := db.FindWorkOrders(s.ctx, ward.WorkOrderFilter{DeviceID: s.pump.ID})
		if len(page.Items) != 1 {
			t.Errorf("orders of P-1: got %d, want 1", len(page.Items))
		}
		audit, err := db.FindAudit(s.ctx, ward.AuditFilter{Entity: "work_order"})
		if err != nil || len(audit.Items) != 3 {
			t.Fatalf("audit of work orders: got %d entries (%v), want a creation and two updates", len(audit.Items), err)
		}
		if a := audit.Items[0]; a.Action != "work_order.create" || a.EntityID != "WO-0000001" || a.Actor != "user:tester" {
			t.Errorf("audit entry: got %s %s by %s", a.Action, a.EntityID, a.Actor)
		}
	})
}

func TestWorkOrderPaginationAndLinks(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustWOScenario(t, db)
		var in []ward.WorkOrder
		for i := range 25 {
			wo := ward.WorkOrder{Type: ward.WorkOrderPM, AssetTag: "P-2", Due: day("2026-04-01").AddInterval(0, i%7)}
			if i%5 == 0 {
				wo.Due = ward.Date{}
			}
			if i == 3 {
				wo.Type = ward.WorkOrderRecall
				wo.Links = []ward.WorkOrderLink{{Kind: ward.LinkRecall, ID: 7, Ref: "Z-0053-2020"}}
			}
			in = append(in, wo)
		}
		s.mustCreate(t, in...)
		for _, sort := range []string{ward.WorkOrderSortNewest, ward.WorkOrderSortDue} {
			seen := map[int64]bool{}
			var prev *ward.WorkOrder
			f := ward.WorkOrderFilter{Sort: sort, Limit: 4}
			for {
				page, err := db.FindWorkOrders(s.ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for i := range page.Items {
					wo := &page.Items[i]
					if seen[wo.ID] {
						t.Fatalf("%s: order %d listed twice", sort, wo.ID)
					}
					seen[wo.ID] = true
					if sort == ward.WorkOrderSortDue && prev != nil && !prev.Due.IsZero() && (wo.Due.IsZero() == false && wo.Due.Before(prev.Due)) {
						t.Errorf("due sort: %s after %s", wo.Due, prev.Due)
					}
					if sort == ward.WorkOrderSortDue && prev != nil && prev.Due.IsZero() && !wo.Due.IsZero() {
						t.Errorf("due sort: orders without a due date must come last")
					}
					prev = wo
				}
				if page.NextCursor == "" {
					break
				}
				f.After = page.NextCursor
			}
			if len(seen) != 25 {
				t.Errorf("%s: got %d orders over the pages, want 25", sort, len(seen))
			}
		}
		for _, f := range []ward.WorkOrderFilter{
			{LinkKind: ward.LinkRecall, LinkID: 7}, {LinkKind: ward.LinkRecall, LinkRef: "Z-0053-2020"},
			{Types: []string{ward.WorkOrderRecall}},
		} {
			page, err := db.FindWorkOrders(s.ctx, f)
			if err != nil || len(page.Items) != 1 || len(page.Items[0].Links) != 1 {
				t.Errorf("filter %+v: got %+v, %v; want the recall order with its link", f, page, err)
			}
		}
		if _, err := db.FindWorkOrders(s.ctx, ward.WorkOrderFilter{After: "garbage"}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("bad cursor: got %v, want EINVALID", err)
		}
		var n int
		err := db.EachWorkOrder(s.ctx, ward.WorkOrderFilter{Types: []string{ward.WorkOrderPM}}, func(*ward.WorkOrder) error { n++; return nil })
		if err != nil || n != 24 {
			t.Errorf("EachWorkOrder: got %d (%v), want 24", n, err)
		}
	})
}
