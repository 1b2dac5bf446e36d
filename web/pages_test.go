package web_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// TestPages renders every core page over the labelled device set and
// checks what each must show.
func TestPages(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		srv := mustServe(t, db)
		d, err := db.FindDeviceByTag(seedCtx, "DEV-175200")
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct{ path, want string }{
			{"/", "open findings"},
			{"/devices?q=DEV-1752", "DEV-175200"},
			{"/devices/" + id(d.ID), "ICSMA-24-200-01"},
			{"/findings", "Findings triage"},
			{"/findings?view=groups", "VUE PACS 12"},
			{"/advisories?q=Vue", "ICSMA-24-200-01"},
			{"/advisories/csaf/ICSMA-24-200-01", "DEV-175200"},
			{"/teams", "Responsibility matrix"},
			{"/admin", "API tokens"},
			{"/admin/models?q=vue", "VUE PACS 12"},
			{"/audit", "Audit trail"},
			{"/audit?verify=1", "verifies"},
			{"/audit/review", "test-admin"},
		} {
			res := mustDo(t, srv, "GET", tc.path, nil)
			if res.Status != http.StatusOK || !strings.Contains(string(res.Body), tc.want) {
				t.Errorf("GET %s: %d, want 200 with %q\n%.400s", tc.path, res.Status, tc.want, res.Body)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("GET %s: content type %q", tc.path, ct)
			}
		}
		if res := mustDo(t, srv, "GET", "/devices/999999", nil); res.Status != http.StatusNotFound || !strings.Contains(string(res.Body), "Not found") {
			t.Errorf("missing device page: %d", res.Status)
		}
	})
}

// TestCSVExports checks that every list exports as CSV with its header,
// all matching rows, and formula-like cells defused.
func TestCSVExports(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		srv := mustServe(t, db)
		n, err := db.CountDevices(seedCtx, ward.DeviceFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			path, first string
			minRows     int
		}{
			{"/devices?format=csv", "asset_tag", int(n)},
			{"/findings?format=csv&status=all", "finding_id", 40},
			{"/advisories?format=csv", "source", 153},
			{"/admin/models?format=csv", "manufacturer", 10},
			{"/audit?format=csv", "seq", 1},
			{"/audit/review?format=csv", "username", 1},
		} {
			res := mustDo(t, srv, "GET", tc.path, nil)
			if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
				!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
				t.Errorf("GET %s: %d %s", tc.path, res.Status, res.Header)
				continue
			}
			rows, err := csv.NewReader(strings.NewReader(string(res.Body))).ReadAll()
			if err != nil || len(rows) == 0 || rows[0][0] != tc.first || len(rows)-1 < tc.minRows {
				t.Errorf("GET %s: %d rows (want ≥ %d), header %v, %v", tc.path, len(rows)-1, tc.minRows, rows[0], err)
			}
		}
		if got := len(strings.Split(strings.TrimSpace(string(mustDo(t, srv, "GET", "/devices?format=csv", nil).Body)), "\n")) - 1; got != int(n) {
			t.Errorf("device export: %d rows, want all %d (not one page)", got, n)
		}
	})
}

// TestBulkTriage records one decision for several findings through the
// API and checks it lands once per model and version.
func TestBulkTriage(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		srv := mustServe(t, db)
		groups := mustGet[struct {
			Items []struct {
				ModelID         int64  `json:"model_id"`
				SoftwareVersion string `json:"software_version"`
				AdvisoryRef     string `json:"advisory_id"`
				Devices         int    `json:"devices"`
				Sample          struct {
					FindingID int64 `json:"finding_id"`
					DeviceID  int64 `json:"device_id"`
				} `json:"sample"`
			} `json:"items"`
		}](t, srv, "/api/v1/triage/groups")
		if len(groups.Items) < 2 {
			t.Fatalf("triage groups: %d", len(groups.Items))
		}
		open := len(mustAllFindings(t, srv, nil))
		items := []map[string]int64{}
		devices := 0
		for _, g := range groups.Items[:2] {
			items = append(items, map[string]int64{"finding_id": g.Sample.FindingID, "device_id": g.Sample.DeviceID})
			devices += g.Devices
		}
		body := map[string]any{"items": items, "status": "not_affected", "justification": "component_not_present"}
		mustAPIError(t, mustDo(t, srv, "POST", "/api/v1/triage/bulk", body), http.StatusBadRequest, ward.EINVALID) // no comment
		body["comment"] = "removed on site, OEM letter 42"
		res := mustDecode[struct {
			Decisions int `json:"decisions"`
		}](t, mustDo(t, srv, "POST", "/api/v1/triage/bulk", body), http.StatusOK)
		if res.Decisions != 2 {
			t.Errorf("decisions: %d, want 2", res.Decisions)
		}
		if after := len(mustAllFindings(t, srv, nil)); after != open-devices {
			t.Errorf("open findings: %d → %d, want %d fewer", open, after, devices)
		}
	})
}
