package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// mustForm posts a page form (with the client's API token, which needs no
// CSRF field) and returns where it redirects, failing unless it does.
func mustForm(tb testing.TB, srv *httptest.Server, path string, form url.Values) string {
	tb.Helper()
	c := *srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.PostForm(srv.URL+path, form)
	if err != nil {
		tb.Fatalf("POST %s: %v", path, err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		tb.Fatalf("POST %s: status %d, want a redirect", path, res.StatusCode)
	}
	return res.Header.Get("Location")
}

// mustPage gets a page and checks its status and that it holds each of
// want.
func mustPage(tb testing.TB, srv *httptest.Server, path string, want ...string) string {
	tb.Helper()
	r := mustRequest(tb, srv, http.MethodGet, path, "", nil)
	body := string(r.Body)
	if r.Status != http.StatusOK {
		tb.Fatalf("GET %s: status %d: %.300s", path, r.Status, body)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			tb.Errorf("GET %s: no %q in the page", path, w)
		}
	}
	return body
}

// mustCSV gets a CSV export and checks its type and header.
func mustCSV(tb testing.TB, srv *httptest.Server, path, header string) string {
	tb.Helper()
	r := mustRequest(tb, srv, http.MethodGet, path, "", nil)
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") ||
		!strings.HasPrefix(string(r.Body), header) {
		tb.Fatalf("GET %s: %d %s, body %.200q; want CSV starting %q", path, r.Status, r.Header.Get("Content-Type"), r.Body, header)
	}
	return string(r.Body)
}

// TestPatchPages walks the patch-ready queue to work orders: the queue and
// its CSV, one device's order from the device list, the rest of the line
// in waves, then the board, a status move and the work order's page.
func TestPatchPages(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustPatchSeed(t, db)
		srv := mustServeAs(t, db, ward.RoleAdmin, patchOptions)
		p := mustDecode[ward.Patch](t, mustDo(t, srv, "POST", "/api/v1/patches", patchJSON), http.StatusCreated)
		model := id(p.ModelID)
		mustPage(t, srv, "/patches", "Alaris Infusion Central", `name="group"`, "create-patch-orders", "1.3.2 → ")
		mustCSV(t, srv, "/patches?format=csv", "asset_tag,manufacturer,model")
		mustPage(t, srv, "/patches/catalog", "<td>1.4.0</td>", "https://www.bd.com/bulletin")
		mustPage(t, srv, "/patches/catalog?patch_id="+id(p.ID), "ICSMA-23-047-01")
		mustCSV(t, srv, "/patches/catalog?format=csv", "id,manufacturer,model,applies_to")
		body := mustPage(t, srv, "/patches?model_id="+model, "AIC-1", "AIC-4", `name="device"`)
		if strings.Count(body, `name="device"`) != 4 {
			t.Errorf("device list: want 4 device boxes")
		}

		// One device: the redirect shows its work order.
		aic1 := mustDevice(t, db, "AIC-1")
		loc := mustForm(t, srv, "/patches/schedule?model_id="+model, url.Values{"device": {id(aic1.ID)}, "max_share": {"25"}})
		if !strings.HasPrefix(loc, "/workorders/") {
			t.Fatalf("one device: redirected to %s, want its work order", loc)
		}
		mustPage(t, srv, loc, "Install Alaris Infusion Central 1.4.0", "created in 1 wave", "AIC-1", "Patch <a")

		// The whole line: the other three, one unit out at a time.
		line := ""
		for _, g := range mustGet[struct{ Items []ward.PatchReadyGroup }](t, srv, "/api/v1/patches/ready").Items {
			line = id(g.ModelID) + ":" + id(g.FacilityID) + ":" + id(g.TeamID) + ":" + g.Department
		}
		loc = mustForm(t, srv, "/patches/schedule", url.Values{"group": {line}, "max_share": {"25"}, "start": {"2030-01-07"}})
		if !strings.HasPrefix(loc, "/workorders?type=patch") {
			t.Fatalf("a line: redirected to %s, want the patch work orders", loc)
		}
		mustPage(t, srv, loc, "3 patch work orders created in 3 waves from 2030-01-07", "1 device already had one")
		list := mustPage(t, srv, "/workorders?type=patch", "AIC-2", "AIC-3", "AIC-4")
		if n := strings.Count(list, `<td><a href="/workorders/`); n != 4 {
			t.Errorf("list: %d work orders, want 4", n)
		}
		mustCSV(t, srv, "/workorders?format=csv&type=patch", strings.Join(ward.WorkOrderExportColumns, ","))

		// An ordered device is left alone; the board moves an order; the
		// order's page shows the history.
		if loc := mustForm(t, srv, "/patches/schedule?model_id="+model, url.Values{"device": {id(aic1.ID)}}); !strings.HasPrefix(loc,
			"/patches?flash=No+work+order+created%3A+the+selected+devices+already") {
			t.Errorf("a device already ordered: redirected to %s, want back to the queue", loc)
		}
		mustPage(t, srv, "/workorders/board", `id="col-scheduled"`, "AIC-1", `action="/workorders/`)
		order := mustGet[ward.Page[ward.WorkOrder]](t, srv, "/api/v1/work-orders?device_id="+id(aic1.ID)).Items[0]
		back := mustForm(t, srv, "/workorders/"+id(order.ID)+"/status", url.Values{"status": {"in_progress"},
			"next": {"/workorders/board#wo-" + id(order.ID)}})
		if !strings.HasPrefix(back, "/workorders/board?flash=") || !strings.HasSuffix(back, "#wo-"+id(order.ID)) {
			t.Errorf("status move: redirected to %s", back)
		}
		mustPage(t, srv, back, "is now in progress")
		mustForm(t, srv, "/workorders/"+id(order.ID), url.Values{"status": {"in_progress"}, "labour_hours": {"1.5"},
			"note": {"installed from the OEM image"}, "assignee": {"jo"}})
		mustPage(t, srv, "/workorders/"+id(order.ID), "Labour</dt><dd>1.5 h", "installed from the OEM image",
			"<td>status</td><td>scheduled</td><td>in_progress</td>", `value="jo"`)
		if loc := mustForm(t, srv, "/workorders/"+id(order.ID), url.Values{"status": {"in_progress"}}); !strings.Contains(loc, "Nothing+changed") {
			t.Errorf("unchanged form: redirected to %s", loc)
		}
		r := mustRequest(t, srv, http.MethodPost, "/workorders/"+id(order.ID)+"/status", "application/x-www-form-urlencoded",
			strings.NewReader("status=open"))
		if r.Status != http.StatusConflict || !strings.Contains(string(r.Body), "cannot go from in_progress to open") {
			t.Errorf("a move the workflow refuses: %d %.200s", r.Status, r.Body)
		}

		// The device page shows the order, the patch and the risk.
		mustPage(t, srv, "/devices/"+id(aic1.ID), `id="risk"`, `id="patches"`, order.Number, "Patch work order "+order.Number+" is open",
			`id="lifecycle"`, "No FDA recall matches this device.")
		aic2 := mustDevice(t, db, "AIC-2")
		mustPage(t, srv, "/devices/"+id(aic2.ID), "ICSMA-23-047-01", "Validated")

		// A viewer sees the queue without its controls and cannot post.
		viewer := mustServeAs(t, db, ward.RoleViewer, patchOptions)
		if body := mustPage(t, viewer, "/patches?model_id="+model, "AIC-1"); strings.Contains(body, "create-patch-orders") ||
			strings.Contains(body, `name="device"`) {
			t.Error("a viewer sees the create controls")
		}
		if body := mustPage(t, viewer, "/devices/"+id(aic2.ID)); strings.Count(body, "<form") != 1 {
			t.Errorf("a viewer's device page has %d forms, want only sign-out", strings.Count(body, "<form"))
		}
		r = mustRequest(t, viewer, http.MethodPost, "/patches/schedule", "application/x-www-form-urlencoded",
			strings.NewReader("device="+id(aic2.ID)))
		if r.Status != http.StatusForbidden {
			t.Errorf("a viewer's schedule: %d, want 403", r.Status)
		}
	})
}
