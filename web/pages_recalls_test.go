package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// TestRecallPages works FDA's recall Z-0053-2020 through the pages: the
// outstanding list and its CSV, a status with a note, recall work orders
// for a ticked match, then the device page, the exception queue and the
// staffing report that the unowned order lands in.
func TestRecallPages(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustRecallDevices(t, db)
		srv := mustServeAs(t, db, ward.RoleAdmin, recallOptions)
		if r := mustRequest(t, srv, http.MethodPost, "/api/v1/recalls/import", "application/json", bytes.NewReader(mustRecallFile(t))); r.Status != http.StatusOK {
			t.Fatalf("import: %d %s", r.Status, r.Body)
		}
		body := mustPage(t, srv, "/recalls", "Z-0053-2020", "CVC-1", "CVC-3", "exact serial or udi")
		if strings.Contains(body, ">CVC-2<") {
			t.Error("the outstanding list shows CVC-2, which the recall's lots leave out")
		}
		mustPage(t, srv, "/recalls?status=all", ">CVC-2<")
		mustCSV(t, srv, "/recalls?format=csv", "match_id,recall_number,class")
		mustPage(t, srv, "/recalls?recall=Z-0053-2020&facility_id=1", "Z-0053-2020")

		matches := map[string]ward.RecallMatch{}
		for _, m := range mustGet[ward.Page[ward.RecallMatch]](t, srv, "/api/v1/recall-matches?status=all").Items {
			matches[m.AssetTag] = m
		}
		cvc3 := matches["CVC-3"]
		loc := mustForm(t, srv, "/recalls/matches/"+id(cvc3.ID)+"/status", url.Values{"status": {"not_applicable"},
			"note": {"Kit label shows lot 13F18A0001"}, "next": {"/recalls#match-" + id(cvc3.ID)}})
		if !strings.HasPrefix(loc, "/recalls?flash=") || !strings.HasSuffix(loc, "#match-"+id(cvc3.ID)) {
			t.Errorf("status: redirected to %s", loc)
		}
		mustPage(t, srv, loc, "Recall Z-0053-2020 on CVC-3 is now not applicable")
		r := mustRequest(t, srv, http.MethodPost, "/recalls/matches/"+id(cvc3.ID)+"/status", "application/x-www-form-urlencoded",
			strings.NewReader("status=completed"))
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "needs a note") {
			t.Errorf("a status without a note: %d %.200s", r.Status, r.Body)
		}

		cvc1 := matches["CVC-1"]
		item := id(cvc1.DeviceID) + ":" + id(cvc1.RecallID)
		loc = mustForm(t, srv, "/recalls/work-orders", url.Values{"item": {item}, "due": {"2030-01-31"}})
		mustPage(t, srv, loc, "1 recall work order created", "CVC-1", "FDA recall Z-0053-2020")
		if loc := mustForm(t, srv, "/recalls/work-orders", url.Values{"item": {item}}); !strings.Contains(loc, "No+work+order+created") {
			t.Errorf("a match already in progress: redirected to %s", loc)
		}
		order := mustGet[ward.Page[ward.WorkOrder]](t, srv, "/api/v1/work-orders?type=recall").Items[0]
		mustPage(t, srv, "/recalls", order.Number, "in progress")
		mustPage(t, srv, "/devices/"+id(cvc1.DeviceID), `id="recalls"`, "Z-0053-2020", order.Number, "No catalog entry for this model")

		// The order has no team: it is an exception, and unowned work.
		mustPage(t, srv, "/exceptions", order.Number, "no team does recall")
		mustCSV(t, srv, "/exceptions?format=csv", "kind,id,reference")
		mustPage(t, srv, "/staffing?weeks=4", "<svg", "(no team)", "4 weeks")
		mustCSV(t, srv, "/staffing?format=csv", "team,kind,technicians")
	})
}

// TestLifecyclePages checks the recommendations, their filter and CSV,
// the capital plan with its chart, and the device page's section.
func TestLifecyclePages(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLifecycleFleet(t, db)
		srv := mustServe(t, db)
		mustPage(t, srv, "/lifecycle", "W-1", "W-2", "W-4", ">replace<", ">keep<")
		if body := mustPage(t, srv, "/lifecycle?recommendation=replace", "W-2"); strings.Contains(body, ">W-1<") {
			t.Error("the replace filter lists W-1")
		}
		mustCSV(t, srv, "/lifecycle?format=csv", "asset_tag,recommendation,reasons")
		mustPage(t, srv, "/lifecycle/capital", "<svg", "Replacement cost by year, in thousands", `id="capital"`, `id="comparison"`)
		mustCSV(t, srv, "/lifecycle/capital?format=csv", "year,facility,devices,cost")
		w2 := mustDevice(t, db, "W-2")
		mustPage(t, srv, "/devices/"+id(w2.ID), `id="lifecycle"`, ">replace<")
	})
}
