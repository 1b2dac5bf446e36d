package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// patchInventory is eight Alaris Infusion Central units at 1.3.2 in one
// pharmacy (inside the real ICSMA-23-047-01) and one already at 1.4.0.
const patchInventory = `Asset Tag,Manufacturer,Model,Device Type,Software Version,Facility,Department,Status
AIC-01,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,In Service
AIC-02,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,In Service
AIC-03,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,In Service
AIC-04,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,In Service
AIC-05,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,In Service
AIC-06,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,In Service
AIC-07,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,In Service
AIC-08,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,In Service
AIC-09,BD,Alaris Infusion Central,Infusion Data Server,1.4.0,North Hospital,Pharmacy,In Service
`

const patchCatalog = `Manufacturer,Model,Applies To,Fixed In,Advisories,CVEs,OEM Status,Date,Reference,Install Minutes
BD,Alaris Infusion Central,>= 1.1 | <= 1.3.2,1.4.0,ICSMA-23-047-01,,validated,2023-02-16,https://www.bd.com/bulletin,45
`

// mustPatchDB loads the inventory, the advisory and the catalog.
func mustPatchDB(t *testing.T, dsn string) string {
	t.Helper()
	dir := t.TempDir()
	inv := filepath.Join(dir, "inventory.csv")
	cat := filepath.Join(dir, "catalog.csv")
	if err := os.WriteFile(inv, []byte(patchInventory), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cat, []byte(patchCatalog), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dsn, "import", "devices", inv)
	mustRun(t, dsn, "import", "csaf", "../../testdata/cisa-csaf/icsma-23-047-01.json")
	out := mustRun(t, dsn, "patches", "import", cat)
	if !strings.Contains(out, "1 read, 1 created") {
		t.Errorf("import: got %q, want one created", out)
	}
	return dir
}

func TestPatchesImportCLI(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		dir := mustPatchDB(t, dsn)
		if out := mustRun(t, dsn, "patches", "import", filepath.Join(dir, "catalog.csv")); !strings.Contains(out, "1 unchanged") {
			t.Errorf("second import: got %q, want unchanged", out)
		}
		bad := filepath.Join(dir, "bad.csv")
		os.WriteFile(bad, []byte(patchCatalog+"BD,Alaris Infusion Central,<= 1.3.2,1.5.0,ICSMA-23-047-01,CVE-22,validated,,,\n"+
			"Acme,Widget,1.0,2.0,ICSMA-23-047-01,,validated,,,\n"), 0o600)
		r := runDB(t, dsn, "patches", "import", bad)
		mustExit(t, r, 1, "import of a bad catalog")
		for _, want := range []string{`bad.csv:3: field "CVEs": "CVE-22" is not a CVE ID`, `bad.csv:4: field "Manufacturer": no manufacturer is known as "Acme"`,
			"nothing was imported"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("stderr: want %q in\n%s", want, r.stderr)
			}
		}
		r = runDB(t, dsn, "patches", "import", "--skip-invalid", bad)
		mustExit(t, r, 0, "import --skip-invalid")
		if !strings.Contains(r.stdout, "2 rejected") || !strings.Contains(r.stderr, "bad.rejected.csv") {
			t.Errorf("skip invalid: got %q / %q, want 2 rejected written to bad.rejected.csv", r.stdout, r.stderr)
		}
		if b, err := os.ReadFile(filepath.Join(dir, "bad.rejected.csv")); err != nil || !strings.Contains(string(b), "ward_problems") {
			t.Errorf("rejects file: %v %s", err, b)
		}
		lines := mustJSONL(t, mustRun(t, dsn, "patches", "list", "--format", "jsonl"))
		if len(lines) != 1 || lines[0].str("installs_version") != "1.4.0" || lines[0].str("status") != "validated" {
			t.Errorf("list: got %v, want the one patch", lines)
		}
		if out := mustRun(t, dsn, "patches", "--manufacturer", "BD", "--status", "pending"); strings.Contains(out, "1.4.0") {
			t.Errorf("pending patches: got %q, want none", out)
		}
		mustExit(t, runDB(t, dsn, "patches", "import"), 2, "import without a file")
		mustExit(t, runDB(t, dsn, "patches", "frobnicate"), 2, "unknown subcommand")
	})
}

func TestPatchesReadyAndSchedule(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustPatchDB(t, dsn)
		ready := mustJSONL(t, mustRun(t, dsn, "patches", "ready", "--facility", "North Hospital", "--format", "jsonl"))
		if len(ready) != 1 || ready[0]["devices"] != 8.0 || ready[0].str("department") != "Pharmacy" {
			t.Fatalf("ready: got %v, want one line of 8 devices in the pharmacy", ready)
		}
		table := mustRun(t, dsn, "patches", "ready")
		if !strings.Contains(table, "Alaris Infusion Central") || !strings.Contains(table, "1.4.0×8") {
			t.Errorf("ready table:\n%s", table)
		}
		devs := mustJSONL(t, mustRun(t, dsn, "patches", "ready", "--devices", "--manufacturer", "BD", "--model",
			"Alaris Infusion Central", "--format", "jsonl"))
		if len(devs) != 8 || devs[0].str("asset_tag") != "AIC-01" || devs[0]["unit_fleet"] != 9.0 {
			t.Errorf("ready devices: got %d, first %v; want AIC-01..08 in a fleet of 9", len(devs), devs[0])
		}

		// A quarter of nine units: two at a time, four weekly waves.
		args := []string{"patches", "schedule", "--max-share", "0.25", "--start", "2025-03-03", "--format", "jsonl"}
		plan := mustJSONL(t, mustRun(t, dsn, append(args, "--dry-run")...))
		waves := map[float64]int{}
		for _, p := range plan {
			waves[p["wave"].(float64)]++
			if p.str("work_order") != "" {
				t.Errorf("dry run made a work order: %v", p)
			}
		}
		if len(plan) != 8 || len(waves) != 4 || waves[1] != 2 || plan[0].str("start") != "2025-03-03" || plan[7].str("end") != "2025-03-30" {
			t.Errorf("dry run: got %v, want 8 devices in 4 weekly waves of 2", plan)
		}
		if r := mustJSONL(t, mustRun(t, dsn, "patches", "ready", "--format", "jsonl")); r[0]["ordered"] != 0.0 {
			t.Errorf("the dry run ordered work: %v", r)
		}
		r := runDB(t, dsn, args...)
		mustExit(t, r, 0, "schedule")
		created := mustJSONL(t, r.stdout)
		if len(created) != 8 || !strings.HasPrefix(created[0].str("work_order"), "WO-") || !strings.Contains(r.stderr, "8 patch work orders created") {
			t.Errorf("schedule: got %v / %s", created, r.stderr)
		}
		out := mustRun(t, dsn, "patches", "schedule", "--start", "2025-03-03")
		if !strings.Contains(out, "0 devices planned") || !strings.Contains(out, "8 already have an open patch work order") {
			t.Errorf("second schedule: got %q, want nothing new", out)
		}
		var res map[string]any
		if err := json.Unmarshal([]byte(mustRun(t, dsn, "patches", "schedule", "--dry-run", "--format", "json")), &res); err != nil ||
			res["already_ordered"] != 8.0 {
			t.Errorf("json: got %v, %v", res, err)
		}
		mustExit(t, runDB(t, dsn, "patches", "schedule", "--max-share", "1.5"), 2, "share 1.5")
		mustExit(t, runDB(t, dsn, "patches", "schedule", "--start", "March"), 1, "bad start date")
		mustExit(t, runDB(t, dsn, "patches", "ready", "--team", "Nobody"), 1, "unknown team")
	})
}

func TestExportVEXCLI(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		dir := mustPatchDB(t, dsn)
		base := []string{"export", "vex", "--manufacturer", "Becton Dickinson", "--model", "Alaris Infusion Central"}
		var doc struct {
			Document struct {
				Category  string
				Publisher struct{ Name, Namespace string }
			}
			Vulnerabilities []struct {
				CVE           string
				ProductStatus map[string][]string `json:"product_status"`
				Remediations  []struct{ Category string }
				Flags         []struct{ Label string }
			}
		}
		out := mustRun(t, dsn, append(base, "--version", "1.3.2", "--publisher", "Riverside Health", "--namespace", "https://riverside.example")...)
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Document.Category != "csaf_vex" || doc.Document.Publisher.Name != "Riverside Health" || len(doc.Vulnerabilities) != 1 ||
			doc.Vulnerabilities[0].ProductStatus["known_affected"] == nil || doc.Vulnerabilities[0].Remediations[0].Category != "vendor_fix" {
			t.Errorf("CSAF 1.3.2: got %s", out)
		}
		// A triage decision changes the statement.
		mustRun(t, dsn, "triage", "--manufacturer", "BD", "--model", "Alaris Infusion Central", "--version", "1.3.2",
			"--advisory", "ICSMA-23-047-01", "--status", "not_affected", "--justification", "vulnerable_code_not_present")
		doc.Vulnerabilities = nil
		out = mustRun(t, dsn, append(base, "--version", "1.3.2")...)
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Vulnerabilities) != 1 || doc.Vulnerabilities[0].ProductStatus["known_not_affected"] == nil ||
			len(doc.Vulnerabilities[0].Flags) != 1 || doc.Vulnerabilities[0].Flags[0].Label != "vulnerable_code_not_present" {
			t.Errorf("CSAF after triage: got %s", out)
		}
		// 1.4.0 is outside the advisory's range: no finding, no CSAF VEX.
		r := runDB(t, dsn, append(base, "--version", "1.4.0")...)
		mustExit(t, r, 1, "CSAF for a version without findings")
		if !strings.Contains(r.stderr, "no findings") {
			t.Errorf("stderr: %s", r.stderr)
		}
		path := filepath.Join(dir, "vex.cdx.json")
		mustRun(t, dsn, append(base, "--version", "1.3.2", "--format", "cyclonedx", "--output", path)...)
		b, err := os.ReadFile(path)
		if err != nil || !strings.Contains(string(b), `"specVersion": "1.6"`) || !strings.Contains(string(b), `"justification": "code_not_present"`) {
			t.Errorf("CycloneDX file: %v\n%s", err, b)
		}
		mustExit(t, runDB(t, dsn, "export", "vex", "--manufacturer", "BD"), 2, "no model or version")
		mustExit(t, runDB(t, dsn, append(base, "--version", "1.3.2", "--format", "spdx")...), 1, "unknown format")
		mustExit(t, runDB(t, dsn, "export"), 2, "export without a kind")
	})
}
