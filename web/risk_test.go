package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"ward"
	"ward/app"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// The risk endpoints over three BD Alaris Infusion Central units, two of
// them affected by the real ICSMA-23-047-01, differing in exposure.

type riskPage struct {
	Items      []ward.RiskFinding `json:"items"`
	NextCursor string             `json:"next_cursor"`
}

type deviceRiskPage struct {
	Items      []ward.DeviceRisk `json:"items"`
	NextCursor string            `json:"next_cursor"`
}

func mustRiskServer(t *testing.T, db *sqlstore.DB) *httptest.Server {
	t.Helper()
	recs := []ward.DeviceRecord{
		devRec("W-01", "BD", "Alaris Infusion Central", "Infusion Data Server", "North Hospital"),
		devRec("W-02", "BD", "Alaris Infusion Central", "Infusion Data Server", "North Hospital"),
		devRec("W-03", "BD", "Alaris Infusion Central", "Infusion Data Server", "North Hospital"),
	}
	recs[0].SoftwareVersion, recs[0].Connection, recs[0].VLAN = "1.3.2", ward.ConnectionWired, "120"
	recs[1].SoftwareVersion, recs[1].Connection, recs[1].Criticality = "1.3.2", ward.ConnectionWireless, ward.CriticalityLifeSustaining
	recs[2].SoftwareVersion = "1.4.0"
	mustImport(t, db, recs...)
	a := &app.App{Store: db}
	if _, _, err := a.ImportAdvisories(seedCtx, &csafFiles{files: []string{"../testdata/cisa-csaf/icsma-23-047-01.json"}}); err != nil {
		t.Fatal(err)
	}
	return mustServe(t, db)
}

func TestRiskListings(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustRiskServer(t, db)
		page := mustGet[riskPage](t, srv, "/api/v1/risk/findings")
		if len(page.Items) != 2 || page.Items[0].AssetTag != "W-02" || page.Items[1].AssetTag != "W-01" || page.NextCursor != "" {
			t.Fatalf("findings: %+v", page)
		}
		top := page.Items[0]
		if top.RiskScore <= page.Items[1].RiskScore || top.Priority == "" || top.Due.IsZero() || top.OwnerTeam != "" || top.AdvisoryRef != aicID {
			t.Errorf("top: %+v", top)
		}
		first := mustGet[riskPage](t, srv, "/api/v1/risk/findings?limit=1")
		next := mustGet[riskPage](t, srv, "/api/v1/risk/findings?limit=1&cursor="+first.NextCursor)
		if len(first.Items) != 1 || len(next.Items) != 1 || next.Items[0].AssetTag != "W-01" || next.NextCursor != "" {
			t.Errorf("pages: %+v then %+v", first, next)
		}
		if got := mustGet[riskPage](t, srv, "/api/v1/risk/findings?priority="+top.Priority+"&asset_tag=W-02"); len(got.Items) != 1 {
			t.Errorf("priority and tag: %+v", got)
		}
		if got := mustGet[riskPage](t, srv, "/api/v1/risk/findings?unowned=true"); len(got.Items) != 2 {
			t.Errorf("unowned: %+v", got)
		}
		sec := mustCreateTeam(t, db, "IT Security", ward.TeamITSecurity)
		mustSetResponsibility(t, db, "", ward.TaskMitigation, sec.ID)
		if got := mustGet[riskPage](t, srv, "/api/v1/risk/findings?team_id="+id(sec.ID)); len(got.Items) != 2 || got.Items[0].OwnerTeam != "IT Security" {
			t.Errorf("team: %+v", got)
		}
		if got := mustGet[riskPage](t, srv, "/api/v1/risk/findings?unowned=true"); len(got.Items) != 0 {
			t.Errorf("unowned with a rule: %+v", got)
		}
		if got := mustGet[riskPage](t, srv, "/api/v1/risk/overdue"); len(got.Items) != 0 {
			t.Errorf("overdue on day one: %+v", got)
		}
		devs := mustGet[deviceRiskPage](t, srv, "/api/v1/risk/devices")
		if len(devs.Items) != 2 || devs.Items[0].AssetTag != "W-02" || devs.Items[0].RiskScore != top.RiskScore || devs.Items[0].OpenFindings != 1 {
			t.Errorf("devices: %+v", devs)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/risk/findings?priority=urgent", nil), http.StatusBadRequest, ward.EINVALID)
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/risk/findings?overdue=soon", nil), http.StatusBadRequest, ward.EINVALID)
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/risk/devices?cursor=xyz", nil), http.StatusBadRequest, ward.EINVALID)
		// Findings listed by the findings endpoint carry their risk too.
		fs := mustGet[riskPage](t, srv, "/api/v1/findings?asset_tag=W-02")
		if len(fs.Items) != 1 || fs.Items[0].RiskScore != top.RiskScore || fs.Items[0].OwnerTeam != "IT Security" {
			t.Errorf("findings endpoint: %+v", fs)
		}
	})
}

func TestRiskExplain(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustRiskServer(t, db)
		w2 := mustDevice(t, db, "W-02")
		dr := mustGet[ward.DeviceRisk](t, srv, "/api/v1/devices/"+id(w2.ID)+"/risk")
		if dr.Risk == nil || len(dr.Findings) != 1 || dr.Risk.Score != dr.RiskScore {
			t.Fatalf("device risk: %+v", dr)
		}
		f := mustGet[ward.RiskFinding](t, srv, "/api/v1/risk/findings/"+id(dr.WorstFindingID)+"?asset_tag=W-02")
		if f.Risk == nil || f.RiskScore != dr.RiskScore {
			t.Fatalf("explain: %+v", f)
		}
		var sum float64
		items := map[string]bool{}
		for _, x := range f.Risk.Factors {
			sum += x.Points
			items[x.Item] = true
		}
		if d := sum - f.Risk.Raw; d > 0.3 || d < -0.3 {
			t.Errorf("factors add up to %.1f, raw %.1f", sum, f.Risk.Raw)
		}
		for _, item := range []string{"cvss", "criticality", "function", "connection", "vlan"} {
			if !items[item] {
				t.Errorf("no %s factor: %+v", item, f.Risk.Factors)
			}
		}
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/risk/findings/"+id(dr.WorstFindingID), nil), http.StatusBadRequest, ward.EINVALID)
		w3 := mustDevice(t, db, "W-03")
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/risk/findings/"+id(dr.WorstFindingID)+"?device_id="+id(w3.ID), nil), http.StatusNotFound, ward.ENOTFOUND)
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/devices/999999/risk", nil), http.StatusNotFound, ward.ENOTFOUND)
		if none := mustGet[ward.DeviceRisk](t, srv, "/api/v1/devices/"+id(w3.ID)+"/risk"); none.OpenFindings != 0 || none.RiskScore != 0 {
			t.Errorf("W-03: %+v", none)
		}
	})
}

func TestRiskSettingsAPI(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustRiskServer(t, db)
		w2 := mustDevice(t, db, "W-02")
		before := mustGet[riskPage](t, srv, "/api/v1/risk/findings?asset_tag=W-02").Items[0].RiskScore

		p := mustGet[ward.RiskPolicy](t, srv, "/api/v1/risk/policy")
		if p.CriticalDays != ward.DefaultRiskPolicy.CriticalDays {
			t.Errorf("default policy: %+v", p)
		}
		set := mustDecode[ward.RiskPolicy](t, mustDo(t, srv, http.MethodPut, "/api/v1/risk/policy",
			map[string]int{"critical_days": 7, "high_days": 14, "medium_days": 60, "low_days": 120}), http.StatusOK)
		if set.HighDays != 14 || set.Actor == "" {
			t.Errorf("set policy: %+v", set)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodPut, "/api/v1/risk/policy", map[string]int{"critical_days": 30, "high_days": 7, "medium_days": 60, "low_days": 120}),
			http.StatusBadRequest, ward.EINVALID)

		c := mustDecode[ward.RiskControls](t, mustDo(t, srv, http.MethodPut, "/api/v1/risk/controls",
			map[string]any{"device_id": w2.ID, "segmented": true, "services_disabled": true, "note": "VLAN 300, ACL"}), http.StatusOK)
		if c.Subject != "W-02" || c.Segmented == nil || !*c.Segmented || c.RemoteAccessRemoved != nil {
			t.Errorf("set controls: %+v", c)
		}
		cs := mustGet[struct{ Items []ward.RiskControls }](t, srv, "/api/v1/risk/controls")
		if len(cs.Items) != 1 || cs.Items[0].DeviceID != w2.ID {
			t.Errorf("controls: %+v", cs)
		}
		if after := mustGet[riskPage](t, srv, "/api/v1/risk/findings?asset_tag=W-02").Items[0].RiskScore; after != before-14 {
			t.Errorf("controls: score %d → %d, want −14", before, after)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodPut, "/api/v1/risk/controls", map[string]any{"segmented": true}), http.StatusBadRequest, ward.EINVALID)
		mustAPIError(t, mustDo(t, srv, http.MethodPut, "/api/v1/risk/controls", map[string]any{"device_id": 999999}), http.StatusNotFound, ward.ENOTFOUND)
		mustAPIError(t, mustDo(t, srv, http.MethodPut, "/api/v1/risk/controls", map[string]any{"model_id": w2.ModelID, "segmented": "yes"}), http.StatusBadRequest, ward.EINVALID)
		if r := mustDo(t, srv, http.MethodDelete, "/api/v1/risk/controls?device_id="+id(w2.ID), nil); r.Status != http.StatusNoContent {
			t.Errorf("delete: %d %s", r.Status, r.Body)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodDelete, "/api/v1/risk/controls?device_id="+id(w2.ID), nil), http.StatusNotFound, ward.ENOTFOUND)

		rub := mustGet[struct {
			Questions []struct{ Key, Metric string }
			Items     []ward.ModelRubric
		}](t, srv, "/api/v1/risk/rubric")
		if len(rub.Questions) != 6 || rub.Questions[0].Metric != "MAV" || len(rub.Items) != 0 {
			t.Errorf("rubric: %+v", rub)
		}
		path := "/api/v1/models/" + id(w2.ModelID) + "/rubric"
		mr := mustDecode[ward.ModelRubric](t, mustDo(t, srv, http.MethodPut, path, map[string]any{"answers": map[string]string{"attack_reach": "physical"}}), http.StatusOK)
		if mr.Answers["attack_reach"] != "physical" || !strings.Contains(mr.Model, "Alaris Infusion Central") {
			t.Errorf("set rubric: %+v", mr)
		}
		if got := mustGet[ward.ModelRubric](t, srv, path); got.Answers["attack_reach"] != "physical" {
			t.Errorf("get rubric: %+v", got)
		}
		if after := mustGet[riskPage](t, srv, "/api/v1/risk/findings?asset_tag=W-02").Items[0].RiskScore; after >= before {
			t.Errorf("rubric: score %d → %d, want lower", before, after)
		}
		msg := mustAPIError(t, mustDo(t, srv, http.MethodPut, path, map[string]any{"answers": map[string]string{"attack_reach": "moon"}}), http.StatusBadRequest, ward.EINVALID)
		if !strings.Contains(msg, "physical") {
			t.Errorf("bad answer message: %q", msg)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/models/999999/rubric", nil), http.StatusNotFound, ward.ENOTFOUND)

		// A viewer reads the settings but changes none of them.
		viewer := mustServeAs(t, db, ward.RoleViewer)
		mustGet[ward.RiskPolicy](t, viewer, "/api/v1/risk/policy")
		mustAPIError(t, mustDo(t, viewer, http.MethodPut, "/api/v1/risk/policy", map[string]int{"critical_days": 1, "high_days": 2, "medium_days": 3, "low_days": 4}),
			http.StatusForbidden, ward.EFORBIDDEN)
		mustAPIError(t, mustDo(t, viewer, http.MethodPut, "/api/v1/risk/controls", map[string]any{"device_id": w2.ID}), http.StatusForbidden, ward.EFORBIDDEN)
		mustAPIError(t, mustDo(t, viewer, http.MethodPut, path, map[string]any{"answers": map[string]string{}}), http.StatusForbidden, ward.EFORBIDDEN)
	})
}
