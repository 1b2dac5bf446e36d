package app_test

import (
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

func TestCompletingPatchWorkOrderUpdatesAndRematchesDevice(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustClock(t, db, t0)
		a := loadDevset(t, db)
		ctx := ward.WithActor(t.Context(), "user:biomed")
		orig, ok := mustFinding(t, db, "DEV-165415", aicAdvisory)
		if !ok || orig.Status != ward.FindingAffected {
			t.Fatalf("DEV-165415 (1.3.2): got %+v, want affected by %s", orig, aicAdvisory)
		}
		dev := mustTag(t, db, "DEV-165415")
		wos, err := db.CreateWorkOrders(ctx, []ward.WorkOrder{{Type: ward.WorkOrderPatch, DeviceID: dev.ID,
			TargetVersion: "1.4.0", Links: []ward.WorkOrderLink{{Kind: ward.LinkFinding, ID: orig.ID, Ref: aicAdvisory}}}})
		if err != nil {
			t.Fatal(err)
		}
		wo := wos[0]
		// A move the workflow refuses leaves the device alone.
		if _, err := a.UpdateWorkOrder(ctx, wo.ID, ward.WorkOrderUpdate{Status: new(ward.WorkOrderCompleted)}); ward.ErrorCode(err) != ward.ECONFLICT {
			t.Fatalf("open → completed: got %v, want ECONFLICT", err)
		}
		if d := mustTag(t, db, "DEV-165415"); d.SoftwareVersion != "1.3.2" {
			t.Fatalf("after a refused completion: device runs %s, want 1.3.2", d.SoftwareVersion)
		}
		if _, err := a.UpdateWorkOrder(ctx, wo.ID, ward.WorkOrderUpdate{Status: new(ward.WorkOrderInProgress)}); err != nil {
			t.Fatal(err)
		}
		if d := mustTag(t, db, "DEV-165415"); d.SoftwareVersion != "1.3.2" {
			t.Fatalf("in progress: device runs %s, want 1.3.2 until the order is completed", d.SoftwareVersion)
		}
		done, err := a.UpdateWorkOrder(ctx, wo.ID, ward.WorkOrderUpdate{Status: new(ward.WorkOrderCompleted), LabourHours: new(0.5)})
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != ward.WorkOrderCompleted {
			t.Errorf("order: got %s, want completed", done.Status)
		}
		if d := mustTag(t, db, "DEV-165415"); d.SoftwareVersion != "1.4.0" {
			t.Errorf("device after the patch: runs %s, want 1.4.0", d.SoftwareVersion)
		}
		if f, ok := mustFinding(t, db, "DEV-165415", aicAdvisory); ok {
			t.Errorf("after the patch to 1.4.0: got a %s finding, want none (re-matched)", f.Status)
		}
		hist, err := db.FindDeviceHistory(ctx, dev.ID)
		if err != nil || len(hist) == 0 || hist[0].Field != "software_version" || hist[0].New != "1.4.0" ||
			hist[0].Actor != "user:biomed (WO-0000001)" {
			t.Errorf("device history: got %+v, want the version change by the order", hist)
		}
		woHist, _ := db.FindWorkOrderHistory(ctx, wo.ID)
		var recorded bool
		for _, c := range woHist {
			recorded = recorded || (c.Field == "device.software_version" && c.Old == "1.3.2" && c.New == "1.4.0")
		}
		if !recorded {
			t.Errorf("order history: got %+v, want the device change recorded", woHist)
		}
	})
}
