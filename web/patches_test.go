package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	gocsaf "github.com/gocsaf/csaf/v3/csaf"

	"ward"
	"ward/app"
	"ward/ingest/patches"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
	"ward/web"
)

// patchOptions give the server the catalog reader, as cmd/ward does.
var patchOptions = web.Options{PatchReader: func(r io.Reader, name string) (*ward.PatchBatch, error) {
	return patches.Read(r, name)
}}

// mustPatchSeed stores four Alaris Infusion Central units at 1.3.2 in one
// ICU (inside the real ICSMA-23-047-01) and imports the advisory, which
// matches them.
func mustPatchSeed(tb testing.TB, db *sqlstore.DB) {
	tb.Helper()
	var recs []ward.DeviceRecord
	for i := 1; i <= 4; i++ {
		r := devRec(fmt.Sprintf("AIC-%d", i), "BD", "Alaris Infusion Central", "Infusion Data Server", "North Hospital")
		r.SoftwareVersion = "1.3.2"
		recs = append(recs, r)
	}
	mustImport(tb, db, recs...)
	a := &app.App{Store: db}
	if _, _, err := a.ImportAdvisories(seedCtx, &csafFiles{files: []string{"../testdata/cisa-csaf/icsma-23-047-01.json"}}); err != nil {
		tb.Fatal(err)
	}
}

const patchJSON = `{"manufacturer": "Becton Dickinson", "model": "Alaris Infusion Central", "applies_to": "<= 1.3.2",
	"installs_version": "1.4.0", "advisories": ["icsma-23-047-01"], "status": "validated", "date": "2025-03-03",
	"reference": "https://www.bd.com/bulletin", "install_minutes": 45, "requires_downtime": true}`

func TestPatchAPI(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustPatchSeed(t, db)
		srv := mustServeAs(t, db, ward.RoleAdmin, patchOptions)
		p := mustDecode[ward.Patch](t, mustDo(t, srv, "POST", "/api/v1/patches", patchJSON), http.StatusCreated)
		if p.ID == 0 || p.Manufacturer != "BD" || p.Advisories[0] != "ICSMA-23-047-01" {
			t.Errorf("created: got %+v, want BD's model and the advisory in upper case", p)
		}
		mustAPIError(t, mustDo(t, srv, "POST", "/api/v1/patches", patchJSON), http.StatusConflict, ward.ECONFLICT)
		mustAPIError(t, mustDo(t, srv, "POST", "/api/v1/patches", strings.Replace(patchJSON, `"<= 1.3.2"`, `"< july 2017"`, 1)),
			http.StatusBadRequest, ward.EINVALID)
		mustAPIError(t, mustDo(t, srv, "POST", "/api/v1/patches", `{"model_id": 99999, "applies_to": "1.0", "installs_version": "2",
			"cves": ["CVE-2022-47376"]}`), http.StatusNotFound, ward.ENOTFOUND)

		page := mustGet[ward.Page[ward.Patch]](t, srv, "/api/v1/patches?fixes=CVE-2022-47376&status=validated")
		if len(page.Items) != 0 {
			t.Errorf("fixing the CVE by name: got %d, want 0 (the patch names the advisory only)", len(page.Items))
		}
		page = mustGet[ward.Page[ward.Patch]](t, srv, "/api/v1/patches?fixes=ICSMA-23-047-01")
		if len(page.Items) != 1 || page.Items[0].ID != p.ID {
			t.Errorf("list: got %+v, want the patch", page.Items)
		}
		got := mustGet[ward.Patch](t, srv, "/api/v1/patches/"+id(p.ID))
		if got.Reference != "https://www.bd.com/bulletin" || !got.RequiresDowntime {
			t.Errorf("get: got %+v", got)
		}
		upd := mustDecode[ward.Patch](t, mustDo(t, srv, "PATCH", "/api/v1/patches/"+id(p.ID), `{"notes": "reboot twice"}`), http.StatusOK)
		if upd.Notes != "reboot twice" || upd.InstallsVersion != "1.4.0" {
			t.Errorf("update: got %+v", upd)
		}
		mustAPIError(t, mustDo(t, srv, "PATCH", "/api/v1/patches/"+id(p.ID), `{"bogus": 1}`), http.StatusBadRequest, ward.EINVALID)

		// The queue and its devices.
		ready := mustGet[struct{ Items []ward.PatchReadyGroup }](t, srv, "/api/v1/patches/ready")
		if len(ready.Items) != 1 || ready.Items[0].Devices != 4 || ready.Items[0].Patches[0].PatchID != p.ID {
			t.Fatalf("ready: got %+v, want one line of 4 devices", ready.Items)
		}
		devs := mustGet[struct{ Items []ward.PatchReadyDevice }](t, srv, "/api/v1/patches/ready/devices?model_id="+id(ready.Items[0].ModelID))
		if len(devs.Items) != 4 || devs.Items[0].AssetTag != "AIC-1" || devs.Items[0].UnitFleet != 4 {
			t.Errorf("ready devices: got %+v, want AIC-1..4 in a fleet of 4", devs.Items)
		}
		empty := mustGet[struct{ Items []ward.PatchReadyDevice }](t, srv, "/api/v1/patches/ready/devices?model_id=999999")
		if empty.Items == nil || len(empty.Items) != 0 {
			t.Errorf("no ready devices: got %+v, want an empty list", empty.Items)
		}
		mustAPIError(t, mustDo(t, srv, "GET", "/api/v1/patches/ready?facility_id=x", nil), http.StatusBadRequest, ward.EINVALID)

		// Schedule: a dry run, then for real; half of four at a time.
		body := `{"max_share": 0.5, "start": "2025-03-03", "window_days": 14, "dry_run": true}`
		plan := mustDecode[app.PatchScheduleResult](t, mustDo(t, srv, "POST", "/api/v1/patches/schedule", body), http.StatusOK)
		if len(plan.Plan.Waves) != 2 || plan.Created != 0 || plan.Plan.Waves[1].Start.String() != "2025-03-17" {
			t.Errorf("dry run: got %+v, want two waves of 14 days and nothing created", plan.Plan)
		}
		body = strings.Replace(body, `"dry_run": true`, `"dry_run": false`, 1)
		done := mustDecode[app.PatchScheduleResult](t, mustDo(t, srv, "POST", "/api/v1/patches/schedule", body), http.StatusCreated)
		if done.Created != 4 || len(done.WorkOrders) != 4 {
			t.Errorf("schedule: got %+v, want 4 work orders", done)
		}
		ready = mustGet[struct{ Items []ward.PatchReadyGroup }](t, srv, "/api/v1/patches/ready")
		if len(ready.Items) != 1 || ready.Items[0].Ordered != 4 {
			t.Errorf("ready after scheduling: got %+v, want 4 ordered", ready.Items)
		}
		mustAPIError(t, mustDo(t, srv, "POST", "/api/v1/patches/schedule", `{"max_share": 2}`), http.StatusBadRequest, ward.EINVALID)

		if res := mustDo(t, srv, "DELETE", "/api/v1/patches/"+id(p.ID), nil); res.Status != http.StatusNoContent {
			t.Errorf("delete: got %d %s, want 204", res.Status, res.Body)
		}
		mustAPIError(t, mustDo(t, srv, "GET", "/api/v1/patches/"+id(p.ID), nil), http.StatusNotFound, ward.ENOTFOUND)
	})
}

func TestPatchImportAPI(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustPatchSeed(t, db)
		srv := mustServeAs(t, db, ward.RoleAdmin, patchOptions)
		good := "Manufacturer,Model,Applies To,Fixed In,Advisories,OEM Status\nBD,Alaris Infusion Central,<= 1.3.2,1.4.0,ICSMA-23-047-01,validated\n"
		bad := good + "BD,Alaris Infusion Central,<= 1.3.2,1.5.0,ICSMA-23-047-01,maybe\n"
		res := mustRequest(t, srv, "POST", "/api/v1/patches/import?name=bd.csv", "text/csv", strings.NewReader(bad))
		var refusal struct {
			Error    struct{ Code, Message string }
			Rejected []ward.RowError
		}
		if err := json.Unmarshal(res.Body, &refusal); err != nil || res.Status != http.StatusBadRequest ||
			len(refusal.Rejected) != 1 || refusal.Rejected[0].Line != 3 {
			t.Fatalf("bad file: got %d %s, want 400 naming line 3", res.Status, res.Body)
		}
		if page := mustGet[ward.Page[ward.Patch]](t, srv, "/api/v1/patches"); len(page.Items) != 0 {
			t.Errorf("a refused import wrote %d entries", len(page.Items))
		}
		res = mustRequest(t, srv, "POST", "/api/v1/patches/import?name=bd.csv&skip_invalid=true", "text/csv", strings.NewReader(bad))
		got := mustDecode[ward.PatchImportResult](t, res, http.StatusOK)
		if got.Created != 1 || len(got.Rejected) != 1 || !strings.Contains(got.Rejected[0].Error(), "OEM Status") {
			t.Errorf("skip invalid: got %+v, want one created and the bad status named by its column", got)
		}
		noReader := mustServe(t, db)
		mustAPIError(t, mustRequest(t, noReader, "POST", "/api/v1/patches/import", "text/csv", strings.NewReader(good)),
			http.StatusBadRequest, ward.EINVALID)
	})
}

func TestVEXAPI(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustPatchSeed(t, db)
		srv := mustServe(t, db)
		mustDo(t, srv, "POST", "/api/v1/patches", patchJSON)
		q := "/api/v1/vex?manufacturer=BD&model=Alaris%20Infusion%20Central&version=1.3.2"
		res := mustDo(t, srv, "GET", q+"&tlp=white", nil)
		if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("CSAF: got %d %s %s", res.Status, res.Header.Get("Content-Type"), res.Body)
		}
		var adv gocsaf.Advisory
		if err := json.Unmarshal(res.Body, &adv); err != nil {
			t.Fatal(err)
		}
		if err := adv.Validate(); err != nil || len(adv.Vulnerabilities) != 1 || adv.Vulnerabilities[0].ProductStatus.KnownAffected == nil ||
			string(*adv.Vulnerabilities[0].Remediations[0].Category) != "vendor_fix" {
			t.Errorf("CSAF: %v; got %s", err, res.Body)
		}
		res = mustDo(t, srv, "GET", q+"&format=cyclonedx", nil)
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/vnd.cyclonedx+json") ||
			!bytes.Contains(res.Body, []byte(`"state": "exploitable"`)) {
			t.Errorf("CycloneDX: got %d %s %s", res.Status, res.Header.Get("Content-Type"), res.Body)
		}
		mustAPIError(t, mustDo(t, srv, "GET", q+"&format=spdx", nil), http.StatusBadRequest, ward.EINVALID)
		mustAPIError(t, mustDo(t, srv, "GET", "/api/v1/vex?manufacturer=BD&model=Alaris%20Infusion%20Central", nil),
			http.StatusBadRequest, ward.EINVALID)
		mustAPIError(t, mustDo(t, srv, "GET", "/api/v1/vex?manufacturer=BD&model=Alaris%20Infusion%20Central&version=9", nil),
			http.StatusNotFound, ward.ENOTFOUND)
	})
}

func TestPatchPermissions(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustPatchSeed(t, db)
		viewer := mustServeAs(t, db, ward.RoleViewer, patchOptions)
		tech := mustServeAs(t, db, ward.RoleTechnician, patchOptions)
		mustGet[ward.Page[ward.Patch]](t, viewer, "/api/v1/patches")
		mustAPIError(t, mustDo(t, viewer, "POST", "/api/v1/patches", patchJSON), http.StatusForbidden, ward.EFORBIDDEN)
		mustAPIError(t, mustDo(t, tech, "POST", "/api/v1/patches", patchJSON), http.StatusForbidden, ward.EFORBIDDEN)
		mustAPIError(t, mustDo(t, viewer, "POST", "/api/v1/patches/schedule", `{"dry_run": true}`), http.StatusForbidden, ward.EFORBIDDEN)
		mustDecode[app.PatchScheduleResult](t, mustDo(t, tech, "POST", "/api/v1/patches/schedule", `{"dry_run": true}`), http.StatusOK)
		mustAPIError(t, mustDo(t, tech, "GET", "/api/v1/vex?manufacturer=BD&model=x&version=1", nil), http.StatusForbidden, ward.EFORBIDDEN)
	})
}
