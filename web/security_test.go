package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"ward"
	"ward/app"
	"ward/auth"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
	"ward/web"
)

// TestLoginNextStaysOnSite checks that a post-login redirect cannot leave
// the site through characters a browser drops from a Location.
func TestLoginNextStaysOnSite(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustUser(t, db, "otto", ward.RoleViewer, "a long enough password")
		srv := httptest.NewServer(web.NewServer(db, discardLogger(), db.Engine()))
		t.Cleanup(srv.Close)
		for _, next := range []string{"/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\t\\evil.example",
			"//evil.example", "https://evil.example"} {
			s := newSession(t, srv)
			s.get("/login")
			status, h := s.post("/login", url.Values{"username": {"otto"}, "password": {"a long enough password"},
				"csrf_token": {s.csrf}, "next": {next}})
			if status != http.StatusSeeOther || h.Get("Location") != "/" {
				t.Errorf("next %q: %d → %q, want a redirect to /", next, status, h.Get("Location"))
			}
		}
	})
}

// TestTokenRoleWithinUser checks that a token's role grants nothing its
// user's role lacks: roles are not a ladder, so a "weaker" viewer token
// must not open the audit trail to a technician.
func TestTokenRoleWithinUser(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		a := &app.App{Store: db, PasswordParams: auth.TestParams}
		for _, u := range []struct{ name, role string }{{"tech", ward.RoleTechnician}, {"boss", ward.RoleAdmin}} {
			if _, err := a.CreateUser(seedCtx, &ward.User{Username: u.name, Role: u.role}, "a long enough password"); err != nil {
				t.Fatal(err)
			}
		}
		srv := mustServeAs(t, db, "")
		call := func(user, path string) int {
			token, _, err := a.CreateToken(seedCtx, user, ward.RoleViewer, "test", time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		if st := call("tech", "/api/v1/audit"); st != http.StatusForbidden {
			t.Errorf("technician's viewer token reading the audit trail: %d, want 403", st)
		}
		if st := call("tech", "/api/v1/devices"); st != http.StatusOK {
			t.Errorf("technician's viewer token reading devices: %d, want 200", st)
		}
		if st := call("boss", "/api/v1/audit"); st != http.StatusOK {
			t.Errorf("admin's viewer token reading the audit trail: %d, want 200", st)
		}
	})
}

// TestFacilityScopeEdges checks the routes TestFacilityScope does not:
// facilities, an asset tag filter, triage by device and work order
// imports, for a user limited to one facility.
func TestFacilityScopeEdges(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		facs, err := db.FindFacilities(seedCtx)
		if err != nil || len(facs) < 2 {
			t.Fatalf("facilities: %v %v", facs, err)
		}
		mine, other := facs[0], facs[1]
		a := &app.App{Store: db, PasswordParams: auth.TestParams}
		if _, err := a.CreateUser(seedCtx, &ward.User{Username: "scoped", Role: ward.RoleClinicalEngineering,
			FacilityIDs: []int64{mine.ID}}, "scoped user password"); err != nil {
			t.Fatal(err)
		}
		token, _, err := a.CreateToken(seedCtx, "scoped", "", "test", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(web.NewServer(db, discardLogger(), db.Engine()))
		t.Cleanup(srv.Close)
		srv.Client().Transport = bearer{token: token, base: srv.Client().Transport}

		list := mustGet[struct{ Items []ward.Facility }](t, srv, "/api/v1/facilities")
		if len(list.Items) != 1 || list.Items[0].ID != mine.ID {
			t.Errorf("scoped facility list: %+v, want only %s", list.Items, mine.Name)
		}
		for _, path := range []string{"/api/v1/facilities/" + id(other.ID), "/api/v1/facilities/" + id(other.ID) + "/locations"} {
			mustAPIError(t, mustDo(t, srv, "GET", path, nil), http.StatusNotFound, ward.ENOTFOUND)
		}

		findings, err := db.FindFindings(seedCtx, ward.FindingFilter{FacilityIDs: []int64{other.ID},
			Statuses: ward.FindingStatuses, Limit: 1})
		if err != nil || len(findings.Items) == 0 {
			t.Fatalf("a finding in %s: %v", other.Name, err)
		}
		f := findings.Items[0]
		mustAPIError(t, mustDo(t, srv, "GET", "/api/v1/findings?asset_tag="+url.QueryEscape(f.AssetTag), nil),
			http.StatusNotFound, ward.ENOTFOUND)
		msg := mustAPIError(t, mustDo(t, srv, "POST", "/api/v1/triage", map[string]any{"device_id": f.DeviceID,
			"advisory_db_id": f.AdvisoryID, "status": "under_investigation", "comment": "probe"}), http.StatusNotFound, ward.ENOTFOUND)
		if !strings.Contains(msg, "device") {
			t.Errorf("triage of another facility's device: %q, want no such device", msg)
		}

		mustAPIError(t, mustRequest(t, srv, "POST", "/api/v1/work-orders/import", "text/csv", strings.NewReader("asset_tag\n")),
			http.StatusForbidden, ward.EFORBIDDEN)
	})
}
