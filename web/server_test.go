package web_test

import (
	"net/http"
	"strings"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

func TestHealth(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServe(t, db)
		r := mustDo(t, srv, http.MethodGet, "/healthz", nil)
		got := mustDecode[map[string]string](t, r, http.StatusOK)
		if len(got) != 2 || got["status"] != "ok" || got["database"] != db.Engine() {
			t.Errorf("health: got %v, want status ok and database %s", got, db.Engine())
		}
		if h := r.Header.Get("X-Content-Type-Options"); h != "nosniff" {
			t.Errorf("X-Content-Type-Options: got %q, want nosniff", h)
		}
		if r := mustDo(t, srv, http.MethodHead, "/healthz", nil); r.Status != http.StatusOK || len(r.Body) != 0 {
			t.Errorf("HEAD /healthz: got %d with %d bytes, want 200 without a body", r.Status, len(r.Body))
		}

		db.Close()
		got = mustDecode[map[string]string](t, mustDo(t, srv, http.MethodGet, "/healthz", nil), http.StatusServiceUnavailable)
		if len(got) != 2 || got["status"] != "unavailable" || got["database"] != db.Engine() {
			t.Errorf("health of a closed database: got %v, want status unavailable and database %s", got, db.Engine())
		}
	})
}

func TestUnknownAPIPath(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServe(t, db)
		tests := []struct{ method, path string }{
			{http.MethodGet, "/api/v1/nope"},
			{http.MethodGet, "/api/v2/devices"},
			{http.MethodGet, "/api/"},
			{http.MethodGet, "/api/v1/"},
			{http.MethodGet, "/api/v1/devices/1/nope"},
			{http.MethodGet, "/api/v1/facilities/"},
			{http.MethodGet, "/api/v1/asset-tags/"},
			{http.MethodPost, "/api/v1/things"},
			{http.MethodDelete, "/api/v1/everything"},
		}
		for _, tt := range tests {
			t.Run(tt.method+" "+tt.path, func(t *testing.T) {
				r := mustDo(t, srv, tt.method, tt.path, nil)
				if msg := mustAPIError(t, r, http.StatusNotFound, ward.ENOTFOUND); msg != "no such API endpoint" {
					t.Errorf("message: got %q, want %q", msg, "no such API endpoint")
				}
				if h := r.Header.Get("X-Content-Type-Options"); h != "nosniff" {
					t.Errorf("X-Content-Type-Options: got %q, want nosniff", h)
				}
			})
		}
	})
}

func TestWrongMethodOnKnownPath(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		inv := mustSeedInventory(t, db)
		srv := mustServe(t, db)
		tests := []struct {
			method, path, wantAllow string
		}{
			{http.MethodPatch, "/api/v1/facilities/" + id(inv.nch.ID), "GET"},
			{http.MethodDelete, "/api/v1/devices/" + id(inv.ids["NCH-0001"]), "GET"},
			{http.MethodPost, "/api/v1/devices", "GET"},
			{http.MethodPut, "/api/v1/teams", "GET"},
			{http.MethodGet, "/api/v1/manufacturers/aliases", "POST"},
		}
		var wrong []string
		for _, tt := range tests {
			r := mustDo(t, srv, tt.method, tt.path, nil)
			// Whatever the status, the answer is a JSON error.
			var code string
			switch r.Status {
			case http.StatusNotFound:
				code = ward.ENOTFOUND
			default:
				if r.Status != http.StatusMethodNotAllowed {
					t.Errorf("%s %s: got %d %s, want 405", tt.method, tt.path, r.Status, r.Body)
				}
				if allow := r.Header.Get("Allow"); !strings.Contains(allow, tt.wantAllow) {
					t.Errorf("%s %s: got Allow %q, want it to list %s", tt.method, tt.path, allow, tt.wantAllow)
				}
				continue
			}
			mustAPIError(t, r, r.Status, code)
			wrong = append(wrong, tt.method+" "+tt.path)
		}
		if len(wrong) > 0 {
			t.Fatalf("web/routes.go registers the catch-all \"/api/\" without a method, so it outranks the mux's 405: "+
				"%s answer 404 \"no such API endpoint\" for paths that exist, want 405 Method Not Allowed with an Allow header",
				strings.Join(wrong, ", "))
		}
	})
}

func TestErrorResponseOfEveryRoute(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustSeedInventory(t, db)
		srv := mustServe(t, db)
		tests := []struct {
			method, path, body string
			wantStatus         int
			wantCode           string
		}{
			{http.MethodGet, "/api/v1/facilities/x", "", 400, ward.EINVALID},
			{http.MethodGet, "/api/v1/facilities/999999", "", 404, ward.ENOTFOUND},
			{http.MethodGet, "/api/v1/facilities/999999/locations", "", 404, ward.ENOTFOUND},
			{http.MethodGet, "/api/v1/manufacturers?unresolved=x", "", 400, ward.EINVALID},
			{http.MethodPost, "/api/v1/manufacturers/aliases", `{"manufacturer": "Nobody", "alias": "N"}`, 404, ward.ENOTFOUND},
			{http.MethodPost, "/api/v1/manufacturers/aliases", `{"manufacturer": "Philips", "alias": "GE"}`, 409, ward.ECONFLICT},
			{http.MethodPost, "/api/v1/manufacturers/confirm", `{"name": "Nobody"}`, 404, ward.ENOTFOUND},
			{http.MethodGet, "/api/v1/models?limit=x", "", 400, ward.EINVALID},
			{http.MethodGet, "/api/v1/models/999999", "", 404, ward.ENOTFOUND},
			{http.MethodPatch, "/api/v1/models/999999", `{}`, 404, ward.ENOTFOUND},
			{http.MethodGet, "/api/v1/product-codes/ZZZ", "", 404, ward.ENOTFOUND},
			{http.MethodGet, "/api/v1/devices?sort=x", "", 400, ward.EINVALID},
			{http.MethodGet, "/api/v1/devices/999999", "", 404, ward.ENOTFOUND},
			{http.MethodGet, "/api/v1/asset-tags/NOPE-1", "", 404, ward.ENOTFOUND},
			{http.MethodGet, "/api/v1/devices/999999/history", "", 404, ward.ENOTFOUND},
			{http.MethodPatch, "/api/v1/devices/999999", `{}`, 404, ward.ENOTFOUND},
			{http.MethodPost, "/api/v1/teams", `{"name": "Biomed"}`, 409, ward.ECONFLICT},
			{http.MethodPost, "/api/v1/teams", `{"name": "Y", "kind": "x"}`, 400, ward.EINVALID},
			{http.MethodPut, "/api/v1/responsibilities", `{}`, 400, ward.EINVALID},
			{http.MethodDelete, "/api/v1/responsibilities?task_type=owner", "", 404, ward.ENOTFOUND},
			{http.MethodGet, "/api/v1/unknown", "", 404, ward.ENOTFOUND},
		}
		for _, tt := range tests {
			t.Run(tt.method+" "+tt.path, func(t *testing.T) {
				var r apiResponse
				if tt.body == "" {
					r = mustDo(t, srv, tt.method, tt.path, nil)
				} else {
					r = mustDo(t, srv, tt.method, tt.path, tt.body)
				}
				mustAPIError(t, r, tt.wantStatus, tt.wantCode)
			})
		}
	})
}

func TestInternalErrorsDoNotLeak(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		inv := mustSeedInventory(t, db)
		srv := mustServe(t, db)
		dev, fac := id(inv.ids["NCH-0001"]), id(inv.nch.ID)
		model := id(mustDevice(t, db, "NCH-0001").ModelID)
		db.Close()
		tests := []struct{ method, path, body string }{
			{http.MethodGet, "/api/v1/facilities", ""},
			{http.MethodGet, "/api/v1/facilities/" + fac, ""},
			{http.MethodGet, "/api/v1/facilities/" + fac + "/locations", ""},
			{http.MethodGet, "/api/v1/manufacturers", ""},
			{http.MethodPost, "/api/v1/manufacturers/aliases", `{"manufacturer": "Philips", "alias": "Philips Monitoring"}`},
			{http.MethodPost, "/api/v1/manufacturers/confirm", `{"name": "Acme Biomedical"}`},
			{http.MethodGet, "/api/v1/models", ""},
			{http.MethodGet, "/api/v1/models/" + model, ""},
			{http.MethodPatch, "/api/v1/models/" + model, `{"parts": "limited"}`},
			{http.MethodGet, "/api/v1/product-codes/DXN", ""},
			{http.MethodGet, "/api/v1/devices", ""},
			{http.MethodGet, "/api/v1/devices?facility=NCH", ""},
			{http.MethodGet, "/api/v1/devices?manufacturer=Philips", ""},
			{http.MethodGet, "/api/v1/devices/" + dev, ""},
			{http.MethodGet, "/api/v1/asset-tags/NCH-0001", ""},
			{http.MethodGet, "/api/v1/devices/" + dev + "/history", ""},
			{http.MethodPatch, "/api/v1/devices/" + dev, `{"vlan": "1"}`},
			{http.MethodGet, "/api/v1/device-types", ""},
			{http.MethodGet, "/api/v1/teams", ""},
			{http.MethodPost, "/api/v1/teams", `{"name": "Night Shift"}`},
			{http.MethodGet, "/api/v1/responsibilities", ""},
			{http.MethodPut, "/api/v1/responsibilities", `{"task_type": "owner", "team_id": 1}`},
			{http.MethodDelete, "/api/v1/responsibilities?task_type=owner", ""},
		}
		for _, tt := range tests {
			t.Run(tt.method+" "+tt.path, func(t *testing.T) {
				var r apiResponse
				if tt.body == "" {
					r = mustDo(t, srv, tt.method, tt.path, nil)
				} else {
					r = mustDo(t, srv, tt.method, tt.path, tt.body)
				}
				if msg := mustAPIError(t, r, http.StatusInternalServerError, ward.EINTERNAL); msg != "internal error" {
					t.Errorf("message: got %q, want %q", msg, "internal error")
				}
				if strings.Contains(string(r.Body), "closed") {
					t.Errorf("body: got %s, want no trace of the cause", r.Body)
				}
			})
		}
	})
}

func TestDecodeErrorsHideGoTypes(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		inv := mustSeedInventory(t, db)
		srv := mustServe(t, db)
		model := id(mustDevice(t, db, "NCH-0001").ModelID)
		tests := []struct{ method, path, body string }{
			{http.MethodPatch, "/api/v1/devices/" + id(inv.ids["NCH-0001"]), `{"serial": 5}`},
			{http.MethodPatch, "/api/v1/models/" + model, `{"patient_connected": "yes"}`},
			{http.MethodPost, "/api/v1/teams", `{"name": ["a"]}`},
			{http.MethodPut, "/api/v1/responsibilities", `{"task_type": "owner", "team_id": "Biomed"}`},
			{http.MethodPost, "/api/v1/manufacturers/aliases", `{"manufacturer": 1, "alias": "x"}`},
		}
		var leaks []string
		for _, tt := range tests {
			msg := mustAPIError(t, mustDo(t, srv, tt.method, tt.path, tt.body), http.StatusBadRequest, ward.EINVALID)
			if strings.Contains(msg, "Go ") || strings.Contains(msg, "struct") {
				leaks = append(leaks, tt.method+" "+tt.path+" → "+msg)
			}
		}
		if len(leaks) > 0 {
			t.Fatalf("web/respond.go decodeJSON answers \"invalid JSON: %%v\" with the encoding/json error, which names Go types "+
				"(internal details) instead of the JSON field and expected JSON type:\n%s", strings.Join(leaks, "\n"))
		}
	})
}
