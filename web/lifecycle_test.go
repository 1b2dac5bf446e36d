package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

var lifecycleDay = time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)

// mustLifecycleFleet stores, on 1 March 2026, four units of an 8-year
// model supported to 2030 and costing 10,000.00 to replace: at North a
// new one (keep), one bought in 2015 (replace) and one unseen for 300
// days (reallocate); at South a new one.
func mustLifecycleFleet(tb testing.TB, db *sqlstore.DB) {
	tb.Helper()
	db.SetClock(func() time.Time { return lifecycleDay })
	mustCreateModel(tb, db, ward.Model{Manufacturer: "Philips", Name: "IntelliVue MX450", DeviceType: "Patient Monitor",
		ExpectedLifeYears: 8, EndOfSupport: ward.Date{Year: 2030, Month: time.June, Day: 30}, ReplacementCost: 1000000})
	rec := func(tag, facility string, bought ward.Date, seenDaysAgo int) ward.DeviceRecord {
		r := devRec(tag, "Philips", "IntelliVue MX450", "Patient Monitor", facility)
		r.AcquisitionDate, r.AcquisitionCost = bought, 900000
		r.LastSeen = lifecycleDay.AddDate(0, 0, -seenDaysAgo)
		return r
	}
	recent := ward.Date{Year: 2023, Month: time.May, Day: 1}
	mustImport(tb, db, rec("W-1", "North", recent, 1), rec("W-2", "North", ward.Date{Year: 2015, Month: time.May, Day: 1}, 1),
		rec("W-3", "North", recent, 300), rec("W-4", "South", recent, 2))
}

func TestLifecycleAPI(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLifecycleFleet(t, db)
		srv := mustServe(t, db)

		var recs []ward.LifecycleRecommendation
		q := url.Values{"facility": {"North"}, "limit": {"2"}}
		for pages := 0; pages < 5; pages++ {
			page := mustGet[ward.Page[ward.LifecycleRecommendation]](t, srv, "/api/v1/lifecycle?"+q.Encode())
			recs = append(recs, page.Items...)
			if page.NextCursor == "" {
				break
			}
			q.Set("cursor", page.NextCursor)
		}
		want := map[string]string{"W-1": ward.LifecycleKeep, "W-2": ward.LifecycleReplace, "W-3": ward.LifecycleReallocate}
		if len(recs) != len(want) {
			t.Fatalf("North by pages of 2: got %d devices, want %d", len(recs), len(want))
		}
		for _, r := range recs {
			if r.Recommendation != want[r.AssetTag] || r.Facility != "North" || len(r.Reasons) == 0 {
				t.Errorf("%s: got %s at %s with %d reasons, want %s at North", r.AssetTag, r.Recommendation, r.Facility, len(r.Reasons), want[r.AssetTag])
			}
		}

		page := mustGet[ward.Page[ward.LifecycleRecommendation]](t, srv, "/api/v1/lifecycle?recommendation=replace,reallocate")
		if len(page.Items) != 2 || page.Items[0].AssetTag != "W-2" || page.Items[1].AssetTag != "W-3" {
			t.Errorf("replace or reallocate: got %+v, want W-2 and W-3", page.Items)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/lifecycle?recommendation=scrap", nil), http.StatusBadRequest, ward.EINVALID)
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/lifecycle?facility=Nowhere", nil), http.StatusNotFound, ward.ENOTFOUND)
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/lifecycle?cursor=xyz", nil), http.StatusBadRequest, ward.EINVALID)

		w2 := mustDevice(t, db, "W-2")
		one := mustGet[ward.LifecycleRecommendation](t, srv, "/api/v1/lifecycle/devices/"+id(w2.ID))
		if one.Recommendation != ward.LifecycleReplace || one.Reasons[0].Code != ward.ReasonEndOfLife || one.Details == nil ||
			one.ReplacementCost != 1000000 || one.DueYear != 2026 {
			t.Errorf("W-2: got %+v", one)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/lifecycle/devices/999999", nil), http.StatusNotFound, ward.ENOTFOUND)

		plan := mustGet[ward.CapitalPlan](t, srv, "/api/v1/lifecycle/capital?years=5")
		if plan.FromYear != 2026 || plan.ToYear != 2030 || plan.Total.Devices != 4 || plan.Years[0].Cost != 1000000 ||
			plan.Years[4].Devices != 3 || plan.Years[4].Cost != 3000000 {
			t.Errorf("capital plan: got %d–%d, total %+v, years %+v", plan.FromYear, plan.ToYear, plan.Total, plan.Years)
		}
		// The model's replacement cost is edited with the model.
		m := mustDecode[ward.Model](t, mustDo(t, srv, http.MethodPatch, "/api/v1/models/"+id(w2.ModelID), `{"replacement_cost": 12000.50}`), http.StatusOK)
		if m.ReplacementCost != 1200050 {
			t.Errorf("PATCH model: got replacement cost %v, want 12000.50", m.ReplacementCost)
		}
		if r := mustGet[ward.LifecycleRecommendation](t, srv, "/api/v1/lifecycle/devices/"+id(w2.ID)); r.ReplacementCost != 1200050 {
			t.Errorf("W-2 after PATCH: got replacement cost %v, want 12000.50", r.ReplacementCost)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodPatch, "/api/v1/models/"+id(w2.ModelID), `{"replacement_cost": -1}`), http.StatusBadRequest, ward.EINVALID)
		south := mustGet[ward.CapitalPlan](t, srv, "/api/v1/lifecycle/capital?facility=South")
		if south.Total.Devices != 1 || len(south.Facilities) != 1 || south.Facilities[0].Facility != "South" {
			t.Errorf("South's plan: got %+v", south.Facilities)
		}
	})
}

func TestLifecyclePolicyAPI(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLifecycleFleet(t, db)
		srv := mustServe(t, db)
		p := mustGet[ward.LifecyclePolicy](t, srv, "/api/v1/lifecycle/policy")
		if p.UnusedDays != 180 || p.LabourRate != 9500 {
			t.Fatalf("got %+v, want the defaults", p)
		}
		got := mustDecode[ward.LifecyclePolicy](t, mustDo(t, srv, http.MethodPatch, "/api/v1/lifecycle/policy", `{"unused_days": 400}`), http.StatusOK)
		if got.UnusedDays != 400 || got.LifeReplacePct != 100 || got.Actor == "" {
			t.Errorf("after PATCH: got %+v, want 400 days with the rest kept and the actor recorded", got)
		}
		w3 := mustDevice(t, db, "W-3")
		if r := mustGet[ward.LifecycleRecommendation](t, srv, "/api/v1/lifecycle/devices/"+id(w3.ID)); r.Recommendation != ward.LifecycleKeep {
			t.Errorf("W-3 unseen 300 days, policy 400: got %s, want keep", r.Recommendation)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodPatch, "/api/v1/lifecycle/policy", `{"unused_days": 0}`), http.StatusBadRequest, ward.EINVALID)
		mustAPIError(t, mustDo(t, srv, http.MethodPatch, "/api/v1/lifecycle/policy", `{"unknown": 1}`), http.StatusBadRequest, ward.EINVALID)
		viewer := mustServeAs(t, db, ward.RoleViewer)
		mustAPIError(t, mustDo(t, viewer, http.MethodPatch, "/api/v1/lifecycle/policy", `{"unused_days": 90}`), http.StatusForbidden, ward.EFORBIDDEN)
		if r := mustGet[ward.LifecyclePolicy](t, viewer, "/api/v1/lifecycle/policy"); r.UnusedDays != 400 {
			t.Errorf("viewer reads %d days, want 400", r.UnusedDays)
		}
	})
}
