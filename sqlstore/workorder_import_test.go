package sqlstore_test

import (
	"errors"
	"strings"
	"testing"

	"ward"
	"ward/ingest/cmms"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// cmmsOrders is a work order history as a CMMS exports it: its own
// column names, US dates, "$" amounts and its own words for types and
// statuses.
const cmmsOrders = `WO #,Equipment #,WO Type,Status,Problem,Date Opened,Date Completed,Labor Hours,Parts Used,Total Cost,Downtime,Shop,Technician
CM-1001,P-1,Corrective,Closed,Occlusion alarm,01/05/2026,01/07/2026,2.5,Pressure sensor x1 @ $189.00,$339.00,48,Clinical Engineering,J. Ortiz
PM-2001,P-2,PM,Closed,Annual PM,02/01/2026,02/03/2026,1:15,,,,,
CM-1002,S-1,CM,Waiting for parts,Display dead,02/20/2026,,,,,,,
`

func mustImportOrders(tb testing.TB, db *sqlstore.DB, s *woScenario, text string, opts ward.ImportOptions) (*ward.ImportResult, error) {
	tb.Helper()
	rd, err := cmms.NewWorkOrderReader(strings.NewReader(text), "orders.csv", cmms.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer rd.Close()
	return db.ImportWorkOrders(s.ctx, rd, opts)
}

func TestImportWorkOrdersUpsert(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustWOScenario(t, db)
		res, err := mustImportOrders(t, db, s, cmmsOrders, ward.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 3 || res.Read != 3 {
			t.Fatalf("first import: got %+v, want 3 created", res)
		}
		wo, err := db.FindWorkOrderByNumber(s.ctx, "cm-1001")
		if err != nil {
			t.Fatal(err)
		}
		if wo.Type != ward.WorkOrderRepair || wo.Status != ward.WorkOrderCompleted || wo.AssetTag != "P-1" ||
			wo.Completed.String() != "2026-01-07" || wo.LabourHours != 2.5 || wo.Cost != 33900 || wo.PartsCost != 18900 ||
			wo.DowntimeHours != 48 || wo.Team != "Clinical Engineering" || wo.TeamSource != ward.TeamFromWorkOrder ||
			wo.Assignee != "J. Ortiz" || wo.CreatedAt.Format("2006-01-02") != "2026-01-05" {
			t.Errorf("imported CM-1001: got %+v", wo)
		}
		if pm, _ := db.FindWorkOrderByNumber(s.ctx, "PM-2001"); pm.LabourHours != 1.25 || pm.Type != ward.WorkOrderPM {
			t.Errorf("imported PM-2001: got %+v", pm)
		}
		if hold, _ := db.FindWorkOrderByNumber(s.ctx, "CM-1002"); hold.Status != ward.WorkOrderOnHold {
			t.Errorf("waiting for parts: got %s, want on_hold", hold.Status)
		}
		// The same file again changes nothing.
		if res, err := mustImportOrders(t, db, s, cmmsOrders, ward.ImportOptions{}); err != nil || res.Unchanged != 3 {
			t.Fatalf("second import: got %+v, %v; want 3 unchanged", res, err)
		}
		// A later export: CM-1002 done. Changed fields go to its history;
		// a column the file lacks is left alone.
		update := "WO #,Status,Date Completed,Labor Hours\nCM-1002,Completed,03/01/2026,3\n"
		if res, err := mustImportOrders(t, db, s, update, ward.ImportOptions{}); err != nil || res.Updated != 1 {
			t.Fatalf("update: got %+v, %v", res, err)
		}
		hold, _ := db.FindWorkOrderByNumber(s.ctx, "CM-1002")
		if hold.Status != ward.WorkOrderCompleted || hold.Title != "Display dead" || hold.LabourHours != 3 {
			t.Errorf("updated CM-1002: got %+v", hold)
		}
		hist, _ := db.FindWorkOrderHistory(s.ctx, hold.ID)
		if len(hist) != 4 || hist[len(hist)-1].Field != "created" {
			t.Errorf("history of CM-1002: got %+v, want status, completed, labour_hours and the creation", hist)
		}
		// A final status is final.
		reopen := "WO #,Status\nCM-1002,Open\n"
		_, err = mustImportOrders(t, db, s, reopen, ward.ImportOptions{})
		var ie *ward.ImportError
		if !errors.As(err, &ie) || !strings.Contains(ie.Rows[0].Error(), `orders.csv:2: field "Status": work order CM-1002 is completed`) {
			t.Errorf("reopening a completed order: got %v", err)
		}
	})
}

func TestImportWorkOrdersAllOrNothing(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustWOScenario(t, db)
		bad := "WO #,Equipment #,WO Type,Status,Labor Hours,Date Completed,Shop,PM Schedule\n" +
			"A-1,P-1,Repair,Open,1,,\n" +
			"A-2,NOPE,Repair,Open,1,,\n" +
			"A-3,P-2,Oil change,Open,lots,,\n" +
			"A-4,P-2,PM,Open,1,31/31/2026,\n" +
			"A-1,P-2,PM,Open,1,,\n" +
			"A-5,P-2,PM,Open,1,,Ghostbusters\n" +
			"A-6,,PM,Open,1,,\n" +
			"A-7,P-2,PM,Open,1,,,99\n"
		_, err := mustImportOrders(t, db, s, bad, ward.ImportOptions{})
		var ie *ward.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("got %v, want an ImportError", err)
		}
		var got []string
		for _, r := range ie.Rows {
			got = append(got, r.Error())
		}
		for _, want := range []string{
			`orders.csv:3: field "Equipment #": no device with asset tag "NOPE"`,
			`orders.csv:4: field "WO Type": "Oil change" is not one of`,
			`orders.csv:4: field "WO Type": "Oil change" is not one of preventive_maintenance, corrective_repair`,
			`field "Labor Hours": "lots" is not a number of hours`,
			`orders.csv:5: field "Date Completed": "31/31/2026" is not`,
			`orders.csv:6: field "WO #": work order "A-1" appears again (first on line 2)`,
			`orders.csv:7: field "Shop": no team named "Ghostbusters"`,
			`orders.csv:8: field "Equipment #": a new work order needs a device`,
			`orders.csv:9: field "PM Schedule": no maintenance schedule 99`,
		} {
			if !strings.Contains(strings.Join(got, "\n"), want) {
				t.Errorf("problems: want one containing %q, got:\n%s", want, strings.Join(got, "\n"))
			}
		}
		if page, _ := db.FindWorkOrders(s.ctx, ward.WorkOrderFilter{}); len(page.Items) != 0 {
			t.Errorf("all or nothing: got %d orders stored, want 0", len(page.Items))
		}
		res, err := mustImportOrders(t, db, s, bad, ward.ImportOptions{SkipInvalid: true})
		if err != nil || res.Created != 1 || len(res.Rejected) != 7 || len(res.Rejected[0].Raw) == 0 {
			t.Fatalf("skip invalid: got %+v, %v; want A-1 created and 7 rejected with their cells", res, err)
		}
	})
}

func TestImportWorkOrderHistory(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustWOScenario(t, db)
		if _, err := mustImportOrders(t, db, s, cmmsOrders, ward.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		// Windows-1252 (é, –) with a BOM-less header, as old CMMS write it.
		history := "Work Order,Changed At,Changed By,Field,Old Value,New Value\r\n" +
			"CM-1001,2026-01-05 08:00,helpdesk,created,,CM-1001\r\n" +
			"CM-1001,2026-01-06 10:30,J. Ortiz,status,open,in_progress\r\n" +
			"CM-1001,2026-01-07 16:00,J. Ortiz,notes,,Capteur remplac\xe9 \x96 OK\r\n" +
			"XX-9,2026-01-07 16:00,J. Ortiz,status,open,completed\r\n"
		imp := func(opts ward.ImportOptions) (*ward.ImportResult, error) {
			rd, err := cmms.NewHistoryReader(strings.NewReader(history), "history.csv", cmms.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer rd.Close()
			return db.ImportWorkOrderHistory(s.ctx, rd, opts)
		}
		_, err := imp(ward.ImportOptions{})
		var ie *ward.ImportError
		if !errors.As(err, &ie) || len(ie.Rows) != 1 || !strings.Contains(ie.Rows[0].Error(), `history.csv:5: field "number": no work order "XX-9"`) {
			t.Fatalf("unknown order: got %v", err)
		}
		res, err := imp(ward.ImportOptions{SkipInvalid: true})
		if err != nil || res.Created != 2 || res.Unchanged != 1 {
			t.Fatalf("history import: got %+v, %v; want 2 entries (the creation is the order's own)", res, err)
		}
		if res, _ := imp(ward.ImportOptions{SkipInvalid: true}); res.Created != 0 || res.Unchanged != 3 {
			t.Errorf("history again: got %+v, want nothing new", res)
		}
		wo, _ := db.FindWorkOrderByNumber(s.ctx, "CM-1001")
		hist, _ := db.FindWorkOrderHistory(s.ctx, wo.ID)
		if len(hist) != 3 || hist[0].New != "Capteur remplacé – OK" || hist[1].Actor != "J. Ortiz" {
			t.Errorf("history: got %+v", hist)
		}
		var streamed []ward.WorkOrderChange
		db.EachWorkOrderChange(s.ctx, ward.WorkOrderFilter{DeviceID: s.pump.ID}, func(c *ward.WorkOrderChange) error {
			streamed = append(streamed, *c)
			return nil
		})
		if len(streamed) != 3 || streamed[0].Field != "created" || streamed[2].Field != "notes" {
			t.Errorf("streamed history of P-1: got %+v, want creation first, then oldest first", streamed)
		}
	})
}
