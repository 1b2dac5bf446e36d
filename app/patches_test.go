package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"ward"
	"ward/app"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
	"ward/vexport"
)

// mustPatchFleet imports n Alaris Infusion Central units at 1.3.2 in one
// pharmacy (inside ICSMA-23-047-01), the advisory, and a validated patch.
func mustPatchFleet(tb testing.TB, db *sqlstore.DB, n int) (*app.App, *ward.Patch) {
	tb.Helper()
	a := &app.App{Store: db}
	var rows []string
	for i := 1; i <= n; i++ {
		rows = append(rows, fmt.Sprintf("PF-%02d,AIC-%02d,BD,Alaris Infusion Central,,Infusion Data Server,1.3.2,North Hospital,Pharmacy,B1,,,In Service", i, i))
	}
	mustImportCSV(tb, a, rows...)
	mustImportAdvisories(tb, a, mustCSAFDoc(tb, "icsma-23-047-01").mustParse(tb, "icsma-23-047-01.json"))
	p := &ward.Patch{Manufacturer: "BD", Model: "Alaris Infusion Central", AppliesTo: "<= 1.3.2", InstallsVersion: "1.4.0",
		Advisories: []string{"ICSMA-23-047-01"}, Status: ward.PatchValidated, InstallMinutes: 30}
	if err := db.CreatePatch(context.Background(), p); err != nil {
		tb.Fatal(err)
	}
	return a, p
}

// waveSizes renders a plan's waves as "start:devices" pairs.
func waveSizes(p *app.PatchScheduleResult) string {
	var out []string
	for _, w := range p.Plan.Waves {
		out = append(out, fmt.Sprintf("%s:%d", w.Start, len(w.Devices)))
	}
	return strings.Join(out, " ")
}

func TestSchedulePatches(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		a, p := mustPatchFleet(t, db, 9)
		ctx := ward.WithActor(context.Background(), "planner")
		start := ward.Date{Year: 2025, Month: 3, Day: 3}
		req := app.PatchScheduleRequest{MaxShare: 0.25, Start: start, WindowDays: 7, DryRun: true}

		// Nine units: two at a time (a quarter of nine, rounded down).
		res, err := a.SchedulePatches(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		want := "2025-03-03:2 2025-03-10:2 2025-03-17:2 2025-03-24:2 2025-03-31:1"
		if got := waveSizes(res); got != want || res.Created != 0 {
			t.Errorf("dry run: got %s, %d created; want %s, none created", got, res.Created, want)
		}
		if page, _ := db.FindWorkOrders(ctx, ward.WorkOrderFilter{}); len(page.Items) != 0 {
			t.Errorf("dry run created %d work orders", len(page.Items))
		}

		// One unit already has a patch order this week: it is left out, and
		// it takes one of this week's two places.
		if _, err := db.CreateWorkOrders(ctx, []ward.WorkOrder{{Type: ward.WorkOrderPatch, Status: ward.WorkOrderScheduled,
			AssetTag: "PF-09", TargetVersion: "1.4.0", Scheduled: ward.Date{Year: 2025, Month: 3, Day: 4}}}); err != nil {
			t.Fatal(err)
		}
		req.DryRun = false
		res, err = a.SchedulePatches(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		want = "2025-03-03:1 2025-03-10:2 2025-03-17:2 2025-03-24:2 2025-03-31:1"
		if got := waveSizes(res); got != want || res.AlreadyOrdered != 1 || res.Created != 8 {
			t.Errorf("schedule: got %s, %d already ordered, %d created; want %s, 1, 8", got, res.AlreadyOrdered, res.Created, want)
		}
		wo, err := db.FindWorkOrderByNumber(ctx, res.WorkOrders[0])
		if err != nil {
			t.Fatal(err)
		}
		if wo.Type != ward.WorkOrderPatch || wo.Status != ward.WorkOrderScheduled || wo.TargetVersion != "1.4.0" ||
			wo.Scheduled != start || wo.Due != (ward.Date{Year: 2025, Month: 3, Day: 9}) || wo.EstimatedHours != 0.5 ||
			wo.CreatedBy != "planner" || !slices.ContainsFunc(wo.Links, func(l ward.WorkOrderLink) bool {
			return l.Kind == ward.LinkPatch && l.ID == p.ID
		}) || !slices.ContainsFunc(wo.Links, func(l ward.WorkOrderLink) bool { return l.Kind == ward.LinkFinding }) {
			t.Errorf("first work order: got %+v, want a scheduled patch order for the first window, linked to the patch and finding", wo)
		}
		if !strings.Contains(wo.Description, "ICSMA-23-047-01") || !strings.Contains(wo.Description, "at most 25%") {
			t.Errorf("description: got %q, want the advisory and the share", wo.Description)
		}

		// Everything is ordered now: a second run plans nothing.
		res, err = a.SchedulePatches(ctx, req)
		if err != nil || res.Created != 0 || res.AlreadyOrdered != 9 || len(res.Plan.Waves) != 0 {
			t.Errorf("second run: got %+v, %v; want nothing planned, 9 already ordered", res, err)
		}
		if _, err := a.SchedulePatches(ctx, app.PatchScheduleRequest{MaxShare: 1.5}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("share 1.5: got %v, want EINVALID", err)
		}
	})
}

func TestExportVEX(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		a, _ := mustPatchFleet(t, db, 2)
		ctx := ward.WithActor(context.Background(), "exporter")
		f := ward.VEXFilter{Manufacturer: "BD", Model: "Alaris Infusion Central", Version: "1.3.2"}
		for _, format := range []string{app.VEXFormatCSAF, app.VEXFormatCycloneDX} {
			doc, err := a.ExportVEX(ctx, f, format, vexport.Options{})
			if err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			if !strings.Contains(string(doc), "CVE-2022-47376") || !strings.Contains(string(doc), "1.4.0") {
				t.Errorf("%s: the CVE or the patch is missing:\n%s", format, doc)
			}
		}
		if _, err := a.ExportVEX(ctx, f, "spdx", vexport.Options{}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("format spdx: got %v, want EINVALID", err)
		}
		audit, err := db.FindAudit(ctx, ward.AuditFilter{Action: "vex.export"})
		if err != nil || len(audit.Items) != 2 || audit.Items[0].Actor != "exporter" {
			t.Errorf("audit: got %+v, %v; want two exports by exporter", audit, err)
		}
	})
}
