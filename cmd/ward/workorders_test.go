package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// woInventory is a small inventory for the work order commands: two
// pumps, a monitor and a scale (a type no team answers for).
const woInventory = `Asset Tag,Manufacturer,Model,Device Type,Software Version,Facility,Department,Acquisition Date
P-1,BD,Alaris 8015 PC Unit,Infusion Pump,9.33,North Hospital,ICU,2023-05-01
P-2,BD,Alaris 8015 PC Unit,Infusion Pump,9.33,North Hospital,ICU,2024-02-10
M-1,Philips,IntelliVue MX450,Patient Monitor,M.00.03,South Hospital,ED,2022-09-15
S-1,Acme,Scale 9,Scale,,South Hospital,ED,
`

// mustWOInventory loads woInventory and a matrix: Clinical Engineering
// owns pumps and monitors.
func mustWOInventory(t *testing.T, dsn string) {
	t.Helper()
	dir := t.TempDir()
	mustRun(t, dsn, "import", "devices", mustWrite(t, filepath.Join(dir, "inv.csv"), woInventory))
	mustRun(t, dsn, "teams", "create", "Clinical Engineering", "--kind", "clinical_engineering")
	mustRun(t, dsn, "teams", "create", "Clinical Apps IT", "--kind", "it")
	for _, typ := range []string{"Infusion Pump", "Patient Monitor"} {
		mustRun(t, dsn, "responsibility", "set", "--type", typ, "--task", "owner", "--team", "Clinical Engineering")
	}
}

func TestWorkOrderCommands(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustWOInventory(t, dsn)
		out := mustRun(t, dsn, "workorders", "create", "--device", "P-1", "--type", "patch", "--target-version", "12.1.2",
			"--title", "Install OEM-validated 12.1.2", "--links", "finding:#12 ICSMA-21-294-01", "--due", "2030-01-31")
		mustContain(t, "create", out, "created WO-0000001 (patch on P-1), team Clinical Engineering")
		mustRun(t, dsn, "workorders", "create", "--device", "S-1", "--type", "corrective_repair", "--title", "Display dead")

		list := mustJSONL(t, mustRun(t, dsn, "workorders", "--format", "jsonl"))
		if len(list) != 2 || list[0].str("number") != "WO-0000002" || list[1].str("team_source") != "device_owner" {
			t.Fatalf("list: got %v", list)
		}
		// The workflow: a patch is started before it is completed.
		r := runDB(t, dsn, "workorders", "update", "WO-0000001", "--status", "completed")
		mustExit(t, r, 1, "open → completed")
		mustContain(t, "open → completed", r.stderr, "cannot go from open to completed; from open it can go to scheduled, in_progress")
		mustRun(t, dsn, "workorders", "update", "wo-0000001", "--status", "in_progress", "--assignee", "J. Ortiz")
		out = mustRun(t, dsn, "workorders", "update", "WO-0000001", "--status", "completed", "--labour-hours", "0:45",
			"--note", "Installed from the OEM USB image; verified the version on the device.")
		mustContain(t, "complete", out, "updated WO-0000001: completed; P-1 now runs 12.1.2")
		dev, hist := mustDevice(t, dsn, "P-1")
		if dev.str("software_version") != "12.1.2" || len(hist) == 0 || hist[0]["actor"] != "cli:workorders (WO-0000001)" {
			t.Errorf("device after the patch: got %s, history %v", dev.str("software_version"), hist)
		}
		show := mustRun(t, dsn, "workorders", "show", "WO-0000001")
		mustContain(t, "show", show, "Status:          completed", "Labour hours:    0.75", "device.software_version",
			"Links:           finding:#12 ICSMA-21-294-01", "cli:workorders: Installed from the OEM USB image")
		var full struct {
			WorkOrder map[string]any   `json:"work_order"`
			History   []map[string]any `json:"history"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, dsn, "workorders", "show", "WO-0000001", "--format", "json")), &full); err != nil ||
			full.WorkOrder["status"] != "completed" || len(full.History) < 4 {
			t.Errorf("show --format json: got %v, %v", full, err)
		}
		// The scale's repair has no team: the exception queue lists it.
		exc := mustJSONL(t, mustRun(t, dsn, "exceptions", "--format", "jsonl"))
		if len(exc) != 1 || exc[0].str("reference") != "WO-0000002" || exc[0].str("asset_tag") != "S-1" {
			t.Errorf("exceptions: got %v", exc)
		}
		mustContain(t, "exceptions --count", mustRun(t, dsn, "exceptions", "--count"), "work_order  1")
		mustRun(t, dsn, "workorders", "update", "WO-0000002", "--team", "Clinical Apps IT")
		if exc := mustRun(t, dsn, "exceptions", "--format", "jsonl"); exc != "" {
			t.Errorf("exceptions after assigning a team: got %q, want none", exc)
		}
		mustExit(t, runDB(t, dsn, "workorders", "update", "WO-0000002", "--team", "Ghostbusters"), 1, "unknown team")
		mustExit(t, runDB(t, dsn, "workorders", "update", "WO-0000002"), 2, "nothing to change")
		mustExit(t, runDB(t, dsn, "workorders", "create", "--device", "NOPE", "--type", "patch"), 1, "unknown device")
		mustExit(t, runDB(t, dsn, "workorders", "frobnicate"), 2, "unknown verb")
	})
}

func TestWorkOrderPMAndStaffingCommands(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustWOInventory(t, dsn)
		out := mustRun(t, dsn, "workorders", "pm", "create", "--manufacturer", "BD", "--model", "Alaris 8015 PC Unit",
			"--task", "Annual PM and electrical safety test", "--interval", "annual", "--hours", "1.25")
		mustContain(t, "pm create", out, "every 12 months, covering 2 devices")
		mustContain(t, "pm list", mustRun(t, dsn, "workorders", "pm", "list"), "Annual PM and electrical safety test", "12 months")
		first := mustRun(t, dsn, "workorders", "pm", "generate", "--until", "2099-01-01")
		mustContain(t, "first generate", first, "2 orders created")
		again := mustRun(t, dsn, "workorders", "pm", "generate", "--until", "2099-01-01")
		mustContain(t, "second generate", again, "0 orders created", "2 already open")
		pm := mustJSONL(t, mustRun(t, dsn, "workorders", "list", "--type", "preventive_maintenance", "--format", "jsonl"))
		if len(pm) != 2 || pm[0].str("team") != "Clinical Engineering" {
			t.Errorf("generated orders: got %v", pm)
		}
		mustRun(t, dsn, "workorders", "pm", "update", "1", "--active=false")
		mustContain(t, "pm list after update", mustRun(t, dsn, "workorders", "pm", "list", "--format", "csv"), ",false,")

		mustContain(t, "capacity set", mustRun(t, dsn, "staffing", "capacity", "set", "--team", "Clinical Engineering",
			"--technicians", "2.5"), "2.5 technicians × 32 hours a week = 80 hours a week")
		var rep struct {
			Weeks int `json:"weeks"`
			Teams []struct {
				Team          string  `json:"team"`
				CapacityHours float64 `json:"capacity_hours"`
				Open          struct {
					Orders float64 `json:"orders"`
					Hours  float64 `json:"hours"`
				} `json:"open"`
				Status string `json:"status"`
			} `json:"teams"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, dsn, "staffing", "--weeks", "4", "--format", "json")), &rep); err != nil {
			t.Fatal(err)
		}
		var ce bool
		for _, tm := range rep.Teams {
			if tm.Team == "Clinical Engineering" {
				ce = tm.CapacityHours == 320 && tm.Open.Orders == 2 && tm.Open.Hours == 2.5 && tm.Status == "ok"
			}
		}
		if rep.Weeks != 4 || !ce {
			t.Errorf("staffing: got %+v, want Clinical Engineering with 320 hours for 2 orders of 1.25 hours", rep)
		}
		mustContain(t, "staffing table", mustRun(t, dsn, "staffing"), "Clinical Engineering", "CAPACITY_HOURS")
		mustExit(t, runDB(t, dsn, "staffing", "--weeks", "0"), 2, "zero weeks")
	})
}

// cmmsExport is a work order history as an old CMMS writes it: Windows-1252
// text (é, –), its own column names and words, US dates.
const cmmsExport = "WO #,Equipment #,WO Type,Status,Problem,Date Opened,Date Completed,Labor Hours,Parts Used,Total Cost,Downtime,Resolution\r\n" +
	"CM-1001,P-1,Corrective,Closed,Occlusion alarm,01/05/2025,01/07/2025,2.5,Pressure sensor x1 @ $189.00,$339.00,48,Capteur remplac\xe9 \x96 OK\r\n" +
	"PM-2001,P-2,PM,Closed,Annual PM,02/01/2025,02/03/2025,1:15,,,,\r\n" +
	"CM-1002,M-1,CM,Waiting for parts,\"Display flickers, then dead\",02/20/2025,,,,,,\r\n"

func TestWorkOrderImportExportRoundTrip(t *testing.T) {
	forEachEngine(t, func(t *testing.T, newDB func() string) {
		dir := t.TempDir()
		src := newDB()
		mustWOInventory(t, src)
		file := mustWrite(t, filepath.Join(dir, "cmms.csv"), cmmsExport)
		out := mustRun(t, src, "workorders", "import", file)
		mustContain(t, "import", out, "cmms.csv imported: 3 read, 3 orders created")
		wo := mustJSONL(t, mustRun(t, src, "workorders", "list", "--status", "all", "--format", "jsonl", "--device", "P-1"))
		if len(wo) != 1 || wo[0].str("notes") != "Capteur remplacé – OK" || wo[0]["cost"] != 339.0 {
			t.Fatalf("imported CM-1001: got %v", wo)
		}
		mustRun(t, src, "workorders", "update", "CM-1002", "--status", "in_progress", "--note", "=SUM(A1) is not a formula")
		orders := mustRun(t, src, "workorders", "export")
		history := mustRun(t, src, "workorders", "export", "--history")
		mustContain(t, "history export", history, "number,at,actor,field,old,new", "CM-1002,", ",status,on_hold,in_progress")

		// Into a new database with the same devices: the same export.
		dst := newDB()
		mustWOInventory(t, dst)
		ordersFile := mustWrite(t, filepath.Join(dir, "orders.csv"), orders)
		histFile := mustWrite(t, filepath.Join(dir, "history.csv"), history)
		r := runDB(t, dst, "workorders", "import", ordersFile, "--history", histFile)
		mustExit(t, r, 0, "import export")
		if strings.Contains(r.stderr, "ignoring") {
			t.Errorf("an export must import without ignored columns: %s", r.stderr)
		}
		if again := mustRun(t, dst, "workorders", "export"); again != orders {
			t.Errorf("orders after a round trip differ: %s", firstDiff(again, orders))
		}
		if again := mustRun(t, dst, "workorders", "export", "--history"); again != history {
			t.Errorf("history after a round trip differs: %s", firstDiff(again, history))
		}
		// Importing both again changes nothing.
		mustContain(t, "import again", mustRun(t, dst, "workorders", "import", ordersFile, "--history", histFile),
			"3 unchanged", "0 changes created")
	})
}

func TestWorkOrderImportRefusals(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustWOInventory(t, dsn)
		dir := t.TempDir()
		// UTF-8 with a byte-order mark, as Excel saves "CSV UTF-8".
		bad := "\xef\xbb\xbfWO #;Equipment #;WO Type;Labor Hours\n" +
			"A-1;P-1;Repair;1\n" +
			"A-2;NOPE;Repair;1\n" +
			"A-3;P-2;Oil change;lots\n"
		file := mustWrite(t, filepath.Join(dir, "bad.csv"), bad)
		r := runDB(t, dsn, "workorders", "import", file)
		mustExit(t, r, 1, "import with bad rows")
		mustContain(t, "refusal", r.stderr, `bad.csv:3: field "Equipment #": no device with asset tag "NOPE"`,
			`bad.csv:4: field "WO Type": "Oil change" is not one of`, `field "Labor Hours": "lots" is not a number of hours`,
			"2 invalid row(s); nothing was imported")
		if out := mustRun(t, dsn, "workorders", "list", "--status", "all", "--format", "jsonl"); out != "" {
			t.Fatalf("all or nothing: got orders %s", out)
		}
		r = runDB(t, dsn, "workorders", "import", file, "--skip-invalid")
		mustExit(t, r, 0, "skip invalid")
		mustContain(t, "skip invalid", r.stdout, "1 orders created", "2 rejected")
		rejects, err := os.ReadFile(filepath.Join(dir, "bad.rejected.csv"))
		if err != nil {
			t.Fatal(err)
		}
		header, rows := mustCSV(t, string(rejects))
		if strings.Join(header, ",") != "WO #,Equipment #,WO Type,Labor Hours,ward_line,ward_problems" || len(rows) != 2 ||
			rows[0][0] != "A-2" || rows[0][4] != "3" {
			t.Errorf("rejects: got %v %v", header, rows)
		}
		mustExit(t, runDB(t, dsn, "workorders", "import", mustWrite(t, filepath.Join(dir, "x.xlsx"), "PK\x03\x04junk")), 1, "a workbook")
		mustExit(t, runDB(t, dsn, "workorders", "import", mustWrite(t, filepath.Join(dir, "nonum.csv"), "Equipment #,WO Type\nP-1,PM\n")), 1, "no number column")
		mustExit(t, runDB(t, dsn, "workorders", "import"), 2, "no file")
	})
}
