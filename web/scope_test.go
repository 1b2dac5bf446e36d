package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"ward"
	"ward/app"
	"ward/auth"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
	"ward/web"
)

// TestFacilityScope checks that a user limited to one facility sees and
// changes only what lies there, through lists, records and pages.
func TestFacilityScope(t *testing.T) {
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

		devs := mustListAll(t, srv, nil, 20)
		if int64(len(devs)) != mine.Devices {
			t.Errorf("scoped device list: %d devices, want the %d of %s", len(devs), mine.Devices, mine.Name)
		}
		for _, d := range devs {
			if d.FacilityID != mine.ID {
				t.Fatalf("scoped list shows %s of facility %d", d.AssetTag, d.FacilityID)
			}
		}
		mustAPIError(t, mustDo(t, srv, "GET", "/api/v1/devices?facility_id="+id(other.ID), nil), http.StatusForbidden, ward.EFORBIDDEN)
		otherDevs, err := db.FindDevices(seedCtx, ward.DeviceFilter{FacilityIDs: []int64{other.ID}, Limit: 1})
		if err != nil || len(otherDevs.Items) == 0 {
			t.Fatal(err)
		}
		od := otherDevs.Items[0]
		for _, path := range []string{"/api/v1/devices/" + id(od.ID), "/api/v1/asset-tags/" + od.AssetTag,
			"/api/v1/devices/" + id(od.ID) + "/history"} {
			mustAPIError(t, mustDo(t, srv, "GET", path, nil), http.StatusNotFound, ward.ENOTFOUND)
		}
		mustAPIError(t, mustDo(t, srv, "PATCH", "/api/v1/devices/"+id(od.ID), map[string]any{"software_version": "9"}), http.StatusNotFound, ward.ENOTFOUND)
		if res := mustDo(t, srv, "GET", "/devices/"+id(od.ID), nil); res.Status != http.StatusNotFound {
			t.Errorf("device page of another facility: %d, want 404", res.Status)
		}
		page := mustGet[findingPage](t, srv, "/api/v1/findings?status=all&limit=1000")
		for _, f := range page.Items {
			d, err := db.FindDevice(seedCtx, f.DeviceID)
			if err != nil || d.FacilityID != mine.ID {
				t.Fatalf("scoped findings list shows device %s of another facility", f.AssetTag)
			}
		}
		// Whole-system reports and operations are refused.
		mustAPIError(t, mustDo(t, srv, "GET", "/api/v1/staffing", nil), http.StatusForbidden, ward.EFORBIDDEN)
		mustAPIError(t, mustDo(t, srv, "GET", "/api/v1/exceptions/counts", nil), http.StatusForbidden, ward.EFORBIDDEN)
		mustAPIError(t, mustDo(t, srv, "POST", "/api/v1/pm-schedules/generate", map[string]any{}), http.StatusForbidden, ward.EFORBIDDEN)
		dash := mustGet[ward.Dashboard](t, srv, "/api/v1/dashboard")
		if dash.Inventory.Devices != mine.Devices || len(dash.Facilities) != 1 {
			t.Errorf("scoped dashboard: %d devices in %d facilities, want %d in 1", dash.Inventory.Devices, len(dash.Facilities), mine.Devices)
		}
	})
}
