package web_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"ward"
	"ward/ingest/cmms"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
	"ward/web"
)

// woOptions give the server the CMMS readers, as cmd/ward does.
var woOptions = web.Options{
	WorkOrderReader: func(r io.Reader, name string) (ward.WorkOrderSource, error) {
		return cmms.NewWorkOrderReader(r, name, cmms.Options{})
	},
	WorkOrderHistoryReader: func(r io.Reader, name string) (ward.WorkOrderChangeSource, error) {
		return cmms.NewHistoryReader(r, name, cmms.Options{})
	},
}

// mustWOSeed stores two pumps and a scale, and a team that owns pumps.
func mustWOSeed(tb testing.TB, db *sqlstore.DB) *ward.Team {
	tb.Helper()
	pump := devRec("P-1", "BD", "Alaris 8015 PC Unit", "Infusion Pump", "North Hospital")
	pump.SoftwareVersion = "9.33"
	mustImport(tb, db, pump, devRec("P-2", "BD", "Alaris 8015 PC Unit", "Infusion Pump", "North Hospital"),
		devRec("S-1", "Acme", "Scale 9", "Scale", "North Hospital"))
	team := &ward.Team{Name: "Clinical Engineering", Kind: ward.TeamClinicalEngineering}
	if err := db.CreateTeam(seedCtx, team); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.SetResponsibility(seedCtx, "Infusion Pump", ward.TaskOwner, team.ID); err != nil {
		tb.Fatal(err)
	}
	return team
}

func TestWorkOrderAPI(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		team := mustWOSeed(t, db)
		srv := mustServeAs(t, db, ward.RoleAdmin, woOptions)
		wo := mustDecode[ward.WorkOrder](t, mustDo(t, srv, "POST", "/api/v1/work-orders", map[string]any{
			"type": "patch", "asset_tag": "P-1", "target_version": "12.1.2", "title": "Install 12.1.2",
			"links": []map[string]any{{"kind": "finding", "ref": "ICSMA-21-294-01"}}}), http.StatusCreated)
		if wo.Number != "WO-0000001" || wo.Team != team.Name || wo.TeamSource != ward.TeamFromOwner || wo.Status != ward.WorkOrderOpen {
			t.Fatalf("created: got %+v", wo)
		}
		mustAPIError(t, mustDo(t, srv, "POST", "/api/v1/work-orders", map[string]any{"type": "patch", "asset_tag": "NOPE"}),
			http.StatusNotFound, "not_found")
		mustAPIError(t, mustDo(t, srv, "POST", "/api/v1/work-orders", map[string]any{"type": "oil change", "asset_tag": "P-1"}),
			http.StatusBadRequest, "invalid")
		path := "/api/v1/work-orders/" + strconv.FormatInt(wo.ID, 10)
		msg := mustAPIError(t, mustDo(t, srv, "PATCH", path, map[string]any{"status": "completed"}), http.StatusConflict, "conflict")
		if !strings.Contains(msg, "cannot go from open to completed") {
			t.Errorf("refused move: got %q", msg)
		}
		mustDecode[ward.WorkOrder](t, mustDo(t, srv, "PATCH", path, map[string]any{"status": "in_progress"}), http.StatusOK)
		done := mustDecode[ward.WorkOrder](t, mustDo(t, srv, "PATCH", path, map[string]any{"status": "completed",
			"labour_hours": 0.5, "downtime_hours": 1, "parts": []map[string]any{{"name": "USB stick", "quantity": 1, "unit_cost": 12}},
			"note": "Installed."}), http.StatusOK)
		if done.Status != ward.WorkOrderCompleted || done.Cost != 1200 || !strings.Contains(done.Notes, "Installed.") {
			t.Errorf("completed: got %+v", done)
		}
		dev := mustGet[ward.Device](t, srv, "/api/v1/devices/"+strconv.FormatInt(wo.DeviceID, 10))
		if dev.SoftwareVersion != "12.1.2" {
			t.Errorf("device after the patch: runs %q, want 12.1.2", dev.SoftwareVersion)
		}
		hist := mustGet[struct{ Items []ward.WorkOrderChange }](t, srv, path+"/history")
		if len(hist.Items) < 5 || hist.Items[len(hist.Items)-1].Field != "created" {
			t.Errorf("history: got %+v", hist.Items)
		}
		byNumber := mustGet[ward.WorkOrder](t, srv, "/api/v1/work-order-numbers/wo-0000001")
		if byNumber.ID != wo.ID {
			t.Errorf("by number: got %+v", byNumber)
		}
		mustDo(t, srv, "POST", "/api/v1/work-orders", map[string]any{"type": "corrective_repair", "device_id": wo.DeviceID + 2})
		page := mustGet[ward.Page[ward.WorkOrder]](t, srv, "/api/v1/work-orders?status=open")
		if len(page.Items) != 1 || page.Items[0].AssetTag != "S-1" {
			t.Errorf("open orders: got %+v", page.Items)
		}
		devPage := mustGet[ward.Page[ward.WorkOrder]](t, srv, "/api/v1/devices/"+strconv.FormatInt(wo.DeviceID, 10)+"/work-orders")
		if len(devPage.Items) != 1 || devPage.Items[0].ID != wo.ID {
			t.Errorf("the device's orders: got %+v", devPage.Items)
		}
		exc := mustGet[ward.Page[ward.Exception]](t, srv, "/api/v1/exceptions")
		if len(exc.Items) != 1 || exc.Items[0].AssetTag != "S-1" || exc.Items[0].Kind != ward.ExceptionWorkOrder {
			t.Errorf("exceptions: got %+v", exc.Items)
		}
		counts := mustGet[struct{ Items []ward.ExceptionCount }](t, srv, "/api/v1/exceptions/counts")
		if len(counts.Items) != 3 || counts.Items[0].Items != 1 {
			t.Errorf("counts: got %+v", counts.Items)
		}
		mustAPIError(t, mustDo(t, srv, "GET", "/api/v1/work-orders?status=done", nil), http.StatusBadRequest, "invalid")
		mustAPIError(t, mustDo(t, srv, "GET", "/api/v1/work-orders/999", nil), http.StatusNotFound, "not_found")
		mustAPIError(t, mustDo(t, srv, "PATCH", path, map[string]any{"colour": "red"}), http.StatusBadRequest, "invalid")

		viewer := mustServeAs(t, db, ward.RoleViewer, woOptions)
		mustAPIError(t, mustDo(t, viewer, "POST", "/api/v1/work-orders", map[string]any{"type": "patch", "asset_tag": "P-1"}),
			http.StatusForbidden, "forbidden")
		mustGet[ward.Page[ward.WorkOrder]](t, viewer, "/api/v1/work-orders")
	})
}

func TestWorkOrderImportExportAPI(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustWOSeed(t, db)
		srv := mustServeAs(t, db, ward.RoleAdmin, woOptions)
		csv := "WO #,Equipment #,WO Type,Status,Problem,Date Completed,Labor Hours,Total Cost\n" +
			"CM-1,P-1,Corrective,Closed,Door latch,01/07/2026,2,$150.00\n" +
			"CM-2,NOPE,Corrective,Open,Alarm,,,\n"
		res := mustRequest(t, srv, "POST", "/api/v1/work-orders/import?name=cmms.csv", "text/csv", strings.NewReader(csv))
		refusal := mustDecode[struct {
			Rejected []ward.RowError `json:"rejected"`
		}](t, res, http.StatusBadRequest)
		if len(refusal.Rejected) != 1 || refusal.Rejected[0].Line != 3 || refusal.Rejected[0].Problems[0].Field != "Equipment #" {
			t.Fatalf("refusal: got %+v", refusal)
		}
		res = mustRequest(t, srv, "POST", "/api/v1/work-orders/import?name=cmms.csv&skip_invalid=true", "text/csv", strings.NewReader(csv))
		imp := mustDecode[ward.ImportResult](t, res, http.StatusOK)
		if imp.Created != 1 || len(imp.Rejected) != 1 {
			t.Errorf("skip invalid: got %+v", imp)
		}
		export := mustRequest(t, srv, "GET", "/api/v1/work-orders?format=csv", "", nil)
		body := string(export.Body)
		if export.Status != http.StatusOK || !strings.HasPrefix(body, strings.Join(ward.WorkOrderExportColumns, ",")+"\n") ||
			!strings.Contains(body, "CM-1,corrective_repair,completed,P-1,Door latch") {
			t.Errorf("CSV export: got %d %q", export.Status, body)
		}
		hist := "number,at,actor,field,old,new\nCM-1,2026-01-07T10:00:00Z,J. Ortiz,notes,,Replaced the latch\n"
		res = mustRequest(t, srv, "POST", "/api/v1/work-orders/import?kind=history&name=h.csv", "text/csv", strings.NewReader(hist))
		if h := mustDecode[ward.ImportResult](t, res, http.StatusOK); h.Created != 1 {
			t.Errorf("history import: got %+v", h)
		}
		histExport := mustRequest(t, srv, "GET", "/api/v1/work-orders/history", "", nil)
		if !strings.Contains(string(histExport.Body), "CM-1,2026-01-07T10:00:00Z,J. Ortiz,notes,,Replaced the latch") {
			t.Errorf("history export: got %s", histExport.Body)
		}
		mustAPIError(t, mustRequest(t, srv, "POST", "/api/v1/work-orders/import?kind=poems", "text/csv", strings.NewReader(csv)),
			http.StatusBadRequest, "invalid")
		bare := mustServe(t, db)
		mustAPIError(t, mustRequest(t, bare, "POST", "/api/v1/work-orders/import", "text/csv", strings.NewReader(csv)),
			http.StatusBadRequest, "invalid")
	})
}

func TestMaintenanceAndStaffingAPI(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		team := mustWOSeed(t, db)
		srv := mustServe(t, db)
		dev := mustGet[ward.Device](t, srv, "/api/v1/asset-tags/P-1")
		sched := mustDecode[ward.PMSchedule](t, mustDo(t, srv, "POST", "/api/v1/pm-schedules", map[string]any{
			"model_id": dev.ModelID, "task": "Annual PM", "interval": "annual", "estimated_hours": 1.5}), http.StatusCreated)
		if sched.IntervalMonths != 12 || sched.Devices != 2 {
			t.Fatalf("schedule: got %+v", sched)
		}
		mustAPIError(t, mustDo(t, srv, "POST", "/api/v1/pm-schedules", map[string]any{"model_id": dev.ModelID, "task": "x",
			"interval": "often"}), http.StatusBadRequest, "invalid")
		for i, want := range []int{2, 0} {
			res := mustDecode[ward.PMResult](t, mustDo(t, srv, "POST", "/api/v1/pm-schedules/generate", map[string]any{"until": "2099-12-31"}),
				http.StatusOK)
			if res.Created != want {
				t.Errorf("generation %d: got %+v, want %d created", i+1, res, want)
			}
		}
		upd := mustDecode[ward.PMSchedule](t, mustDo(t, srv, "PATCH", "/api/v1/pm-schedules/"+strconv.FormatInt(sched.ID, 10),
			map[string]any{"interval_months": 6}), http.StatusOK)
		if upd.IntervalMonths != 6 || upd.OpenOrders != 2 {
			t.Errorf("updated schedule: got %+v", upd)
		}
		list := mustGet[struct{ Items []ward.PMSchedule }](t, srv, "/api/v1/pm-schedules?model_id="+strconv.FormatInt(dev.ModelID, 10))
		if len(list.Items) != 1 {
			t.Errorf("schedules of the model: got %+v", list.Items)
		}
		c := mustDecode[ward.TeamCapacity](t, mustDo(t, srv, "PUT", "/api/v1/team-capacity", map[string]any{"team_id": team.ID,
			"technicians": 3, "hours_per_week": 30}), http.StatusOK)
		if c.Team != team.Name {
			t.Errorf("capacity: got %+v", c)
		}
		rep := mustGet[ward.StaffingReport](t, srv, "/api/v1/staffing?weeks=10")
		if rep.Weeks != 10 || len(rep.Teams) != 1 || rep.Teams[0].CapacityHours != 900 || rep.Teams[0].Open.Orders != 2 ||
			rep.Teams[0].Open.Hours != 3 {
			t.Errorf("staffing: got %+v", rep)
		}
		mustAPIError(t, mustDo(t, srv, "GET", "/api/v1/staffing?weeks=500", nil), http.StatusBadRequest, "invalid")
		caps := mustGet[struct{ Items []ward.TeamCapacity }](t, srv, "/api/v1/team-capacity")
		if len(caps.Items) != 1 {
			t.Errorf("capacities: got %+v", caps.Items)
		}
		tech := mustServeAs(t, db, ward.RoleTechnician)
		mustAPIError(t, mustDo(t, tech, "PUT", "/api/v1/team-capacity", map[string]any{"team_id": team.ID, "technicians": 9}),
			http.StatusForbidden, "forbidden")
	})
}
