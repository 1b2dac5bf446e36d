package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"ward"
	"ward/app"
	"ward/ingest/openfda"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
	"ward/web"
)

// recallOptions give the server the openFDA reader, as cmd/ward does.
var recallOptions = web.Options{RecallReader: func(r io.Reader, name string) (ward.RecallSource, error) {
	return openfda.NewReader(r, name)
}}

// mustRecallFile returns the real openFDA response of the device recall
// documentation (FDA's recall Z-0053-2020 of Arrow catheter kits).
func mustRecallFile(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile("../testdata/openfda/device-recall-examples.json")
	if err != nil {
		tb.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		tb.Fatal(err)
	}
	return doc["anatomy"]
}

// mustRecallDevices imports three kits of the recalled REF: one from a
// recalled lot, one from another lot, one without a UDI on record.
func mustRecallDevices(tb testing.TB, db *sqlstore.DB) {
	tb.Helper()
	var recs []ward.DeviceRecord
	for _, d := range []struct{ tag, facility, udi, di string }{
		{"CVC-1", "North", "(01)00884838003880(10)13F18C0374", "00884838003880"},
		{"CVC-2", "North", "(01)00884838003880(10)99X0001", "00884838003880"},
		{"CVC-3", "South", "", ""},
	} {
		r := devRec(d.tag, "Arrow International", "Pediatric CVC Kit", "Catheter Kit", d.facility)
		r.ModelNumber, r.UDI, r.UDIDI, r.Serial = "AK-25502", d.udi, d.di, ""
		recs = append(recs, r)
	}
	mustImport(tb, db, recs...)
}

func TestRecallAPI(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustRecallDevices(t, db)
		srv := mustServeAs(t, db, ward.RoleAdmin, recallOptions)
		file := mustRecallFile(t)
		r := mustRequest(t, srv, http.MethodPost, "/api/v1/recalls/import?name=recall.json", "application/json", bytes.NewReader(file))
		imp := mustDecode[struct {
			Import ward.RecallImportResult `json:"import"`
			Match  app.RecallMatchReport   `json:"match"`
		}](t, r, http.StatusOK)
		if imp.Import.Created != 1 || imp.Match.Changes.Added != 3 {
			t.Fatalf("import: got %+v, want 1 recall created and 3 matches", imp)
		}
		// The same file gzip-compressed changes nothing.
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(file)
		zw.Close()
		r = mustRequest(t, srv, http.MethodPost, "/api/v1/recalls/import", "application/gzip", &gz)
		if r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"unchanged":1`) {
			t.Fatalf("gzip re-import: got %d %s, want 1 unchanged", r.Status, r.Body)
		}
		bad := mustRequest(t, srv, http.MethodPost, "/api/v1/recalls/import?name=bad.json", "application/json",
			strings.NewReader(`{"results":[{"product_res_number":"Z-1-2020","event_date_initiated":"someday"}]}`))
		if msg := mustAPIError(t, bad, http.StatusBadRequest, ward.EINVALID); !strings.Contains(msg, "bad.json: /results/0/event_date_initiated") {
			t.Errorf("bad record: got %q, want the file and JSON path", msg)
		}

		page := mustGet[ward.Page[ward.RecallMatch]](t, srv, "/api/v1/recall-matches?recall=Z-0053-2020")
		got := map[string]ward.RecallMatch{}
		for _, m := range page.Items {
			got[m.AssetTag] = m
		}
		if len(got) != 2 || got["CVC-1"].Confidence != ward.RecallExact || got["CVC-3"].Confidence != ward.RecallModelNumber {
			t.Fatalf("outstanding matches: got %+v, want CVC-1 exact and CVC-3 by model number", page.Items)
		}
		all := mustGet[ward.Page[ward.RecallMatch]](t, srv, "/api/v1/recall-matches?status=all&limit=1")
		if len(all.Items) != 1 || all.NextCursor == "" {
			t.Fatalf("first page of all: got %+v, want one match and a cursor", all)
		}

		path := "/api/v1/recall-matches/" + id(got["CVC-3"].ID)
		mustAPIError(t, mustDo(t, srv, http.MethodPatch, path, map[string]string{"status": "not_applicable"}), http.StatusBadRequest, ward.EINVALID)
		m := mustDecode[ward.RecallMatch](t, mustDo(t, srv, http.MethodPatch, path,
			map[string]string{"status": "not_applicable", "note": "Kit label shows lot 13F18A0001"}), http.StatusOK)
		if m.Status != ward.RecallNotApplicable || m.UserStatus == nil || m.UserStatus.Actor != "web:test-admin" {
			t.Fatalf("status: got %+v (%+v), want not_applicable set by web:test-admin", m, m.UserStatus)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodPatch, "/api/v1/recall-matches/999999", map[string]string{"status": "completed", "note": "x"}),
			http.StatusNotFound, ward.ENOTFOUND)

		rep := mustDecode[app.RecallWorkOrderReport](t, mustDo(t, srv, http.MethodPost, "/api/v1/recall-matches/work-orders",
			map[string]any{"recall": "Z-0053-2020", "due": "2030-01-31"}), http.StatusOK)
		if len(rep.WorkOrders) != 1 || rep.WorkOrders[0].AssetTag != "CVC-1" || rep.WorkOrders[0].Due.String() != "2030-01-31" {
			t.Fatalf("work orders: got %+v, want one for CVC-1 due 2030-01-31", rep)
		}
		rec := mustGet[ward.Recall](t, srv, "/api/v1/recalls/Z-0053-2020")
		if rec.Manufacturer != "Teleflex" || rec.Matches.InProgress != 1 || rec.Matches.NotApplicable != 2 {
			t.Fatalf("recall: got %q %+v, want Teleflex with 1 in progress and 2 not applicable", rec.Manufacturer, rec.Matches)
		}
		list := mustGet[ward.Page[ward.Recall]](t, srv, "/api/v1/recalls?matched=true")
		if len(list.Items) != 1 || list.Items[0].Number != "Z-0053-2020" {
			t.Fatalf("recalls: got %+v", list.Items)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/recalls/Z-9999-2030", nil), http.StatusNotFound, ward.ENOTFOUND)
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/recall-matches?status=pending", nil), http.StatusBadRequest, ward.EINVALID)
		if rep := mustDecode[app.RecallMatchReport](t, mustDo(t, srv, http.MethodPost, "/api/v1/recalls/match", nil), http.StatusOK); rep.Changes.Unchanged != 3 {
			t.Errorf("full re-match: got %+v, want 3 unchanged", rep)
		}
	})
}

// TestRecallAPIPermissions checks that a technician may work recalls but
// not import them, and a viewer may only read.
func TestRecallAPIPermissions(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		tech := mustServeAs(t, db, ward.RoleTechnician, recallOptions)
		r := mustRequest(t, tech, http.MethodPost, "/api/v1/recalls/import", "application/json", bytes.NewReader(mustRecallFile(t)))
		mustAPIError(t, r, http.StatusForbidden, ward.EFORBIDDEN)
		viewer := mustServeAs(t, db, ward.RoleViewer, recallOptions)
		mustGet[ward.Page[ward.RecallMatch]](t, viewer, "/api/v1/recall-matches")
		mustAPIError(t, mustDo(t, viewer, http.MethodPost, "/api/v1/recall-matches/work-orders", map[string]any{}), http.StatusForbidden, ward.EFORBIDDEN)
	})
}
