package sqlstore_test

import (
	"context"
	"maps"
	"strconv"
	"strings"
	"testing"

	"ward"
	"ward/app"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

const riskSettingsInventory = `Asset Tag,Manufacturer,Model,Device Type,Software Version,Facility
RS-01,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital
RS-02,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital
`

func mustRiskSettings(t *testing.T, db *sqlstore.DB) (ctx context.Context, modelID, deviceID int64) {
	t.Helper()
	mustImportCMMS(t, &app.App{Store: db}, riskSettingsInventory)
	d, err := db.FindDeviceByTag(context.Background(), "RS-01")
	if err != nil {
		t.Fatal(err)
	}
	return ward.WithActor(context.Background(), "tester"), d.ModelID, d.ID
}

// auditActions returns the actions recorded for entity, oldest first.
func auditActions(t *testing.T, db *sqlstore.DB, entity string) []ward.AuditEntry {
	t.Helper()
	page, err := db.FindAudit(context.Background(), ward.AuditFilter{Entity: entity, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

func TestRiskPolicy(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _, _ := mustRiskSettings(t, db)
		p, err := db.FindRiskPolicy(ctx)
		if err != nil || *p != ward.DefaultRiskPolicy {
			t.Fatalf("default policy: %+v %v", p, err)
		}
		for _, tc := range []struct {
			name string
			p    ward.RiskPolicy
			err  string
		}{
			{"zero", ward.RiskPolicy{CriticalDays: 0, HighDays: 30, MediumDays: 90, LowDays: 180}, "critical: 0 days"},
			{"too long", ward.RiskPolicy{CriticalDays: 7, HighDays: 30, MediumDays: 90, LowDays: 4000}, "low: 4000 days"},
			{"shrinks", ward.RiskPolicy{CriticalDays: 7, HighDays: 30, MediumDays: 20, LowDays: 180}, "medium (20 days) cannot be due sooner than high (30 days)"},
		} {
			if err := db.SetRiskPolicy(ctx, &tc.p); ward.ErrorCode(err) != ward.EINVALID || !strings.Contains(ward.ErrorMessage(err), tc.err) {
				t.Errorf("%s: %v, want EINVALID %q", tc.name, err, tc.err)
			}
		}
		set := &ward.RiskPolicy{CriticalDays: 7, HighDays: 30, MediumDays: 30, LowDays: 365}
		if err := db.SetRiskPolicy(ctx, set); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindRiskPolicy(ctx)
		if err != nil || got.CriticalDays != 7 || got.MediumDays != 30 || got.LowDays != 365 || got.Actor != "tester" || got.At.IsZero() {
			t.Errorf("after set: %+v %v", got, err)
		}
		es := auditActions(t, db, "risk_policy")
		if len(es) != 1 || es[0].Action != "risk.policy" || !strings.Contains(string(es[0].Before), `"critical":15`) || !strings.Contains(string(es[0].After), `"critical":7`) {
			t.Errorf("audit: %+v", es)
		}
	})
}

func TestRiskControlsStore(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, model, device := mustRiskSettings(t, db)
		yes, no := true, false
		for _, tc := range []struct {
			name string
			c    ward.RiskControls
			code string
		}{
			{"neither", ward.RiskControls{}, ward.EINVALID},
			{"both", ward.RiskControls{ModelID: model, DeviceID: device}, ward.EINVALID},
			{"unknown model", ward.RiskControls{ModelID: 999999}, ward.ENOTFOUND},
			{"unknown device", ward.RiskControls{DeviceID: 999999}, ward.ENOTFOUND},
			{"control character", ward.RiskControls{ModelID: model, Note: "a\x00b"}, ward.EINVALID},
			{"long note", ward.RiskControls{ModelID: model, Note: strings.Repeat("x", 2001)}, ward.EINVALID},
		} {
			if err := db.SetRiskControls(ctx, &tc.c); ward.ErrorCode(err) != tc.code {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
			}
		}
		m := &ward.RiskControls{ModelID: model, Segmented: &yes, ServicesDisabled: &no, Note: " VLAN 120, ACL reviewed "}
		if err := db.SetRiskControls(ctx, m); err != nil {
			t.Fatal(err)
		}
		if m.ID == 0 || !strings.HasSuffix(m.Subject, " Alaris Infusion Central") || m.Note != "VLAN 120, ACL reviewed" || m.Actor != "tester" {
			t.Errorf("set: %+v", m)
		}
		d := &ward.RiskControls{DeviceID: device, InternetExposed: &yes}
		if err := db.SetRiskControls(ctx, d); err != nil {
			t.Fatal(err)
		}
		// A second set replaces the first: unset fields are no longer recorded.
		m2 := &ward.RiskControls{ModelID: model, RemoteAccessRemoved: &yes}
		if err := db.SetRiskControls(ctx, m2); err != nil {
			t.Fatal(err)
		}
		list, err := db.FindRiskControls(ctx)
		if err != nil || len(list) != 2 {
			t.Fatalf("list: %+v %v", list, err)
		}
		if l := list[0]; l.ModelID != model || l.Segmented != nil || l.ServicesDisabled != nil || l.RemoteAccessRemoved == nil || !*l.RemoteAccessRemoved || l.Note != "" {
			t.Errorf("model first, replaced: %+v", l)
		}
		if l := list[1]; l.DeviceID != device || l.Subject != "RS-01" || l.InternetExposed == nil || !*l.InternetExposed {
			t.Errorf("device: %+v", l)
		}
		if err := db.DeleteRiskControls(ctx, 0, device); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteRiskControls(ctx, 0, device); ward.ErrorCode(err) != ward.ENOTFOUND {
			t.Errorf("second delete: %v", err)
		}
		if err := db.DeleteRiskControls(ctx, model, device); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("delete both: %v", err)
		}
		var actions []string
		for _, e := range auditActions(t, db, "risk_controls") {
			actions = append(actions, e.Action+" "+e.EntityID)
		}
		want := []string{"risk.controls.set model:" + strconv.FormatInt(model, 10), "risk.controls.set device:" + strconv.FormatInt(device, 10),
			"risk.controls.set model:" + strconv.FormatInt(model, 10), "risk.controls.delete device:" + strconv.FormatInt(device, 10)}
		if strings.Join(actions, ",") != strings.Join(want, ",") {
			t.Errorf("audit %v, want %v", actions, want)
		}
		if v, err := db.VerifyAudit(ctx); err != nil || !v.OK {
			t.Errorf("audit chain: %+v %v", v, err)
		}
	})
}

func TestModelRubricStore(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, model, _ := mustRiskSettings(t, db)
		got, err := db.FindModelRubrics(ctx, model)
		if err != nil || len(got) != 1 || len(got[0].Answers) != 0 || got[0].Model == "" {
			t.Fatalf("never answered: %+v %v", got, err)
		}
		if _, err := db.FindModelRubrics(ctx, 999999); ward.ErrorCode(err) != ward.ENOTFOUND {
			t.Errorf("unknown model: %v", err)
		}
		if err := db.SetModelRubric(ctx, &ward.ModelRubric{ModelID: 999999}); ward.ErrorCode(err) != ward.ENOTFOUND {
			t.Errorf("set unknown model: %v", err)
		}
		first := ward.RubricAnswers{"attack_reach": "adjacent", "integrity_requirement": "high"}
		if err := db.SetModelRubric(ctx, &ward.ModelRubric{ModelID: model, Answers: first}); err != nil {
			t.Fatal(err)
		}
		second := ward.RubricAnswers{"attack_reach": "local"}
		if err := db.SetModelRubric(ctx, &ward.ModelRubric{ModelID: model, Answers: second}); err != nil {
			t.Fatal(err)
		}
		all, err := db.FindModelRubrics(ctx, 0)
		if err != nil || len(all) != 1 || !maps.Equal(all[0].Answers, second) || all[0].Actor != "tester" {
			t.Errorf("all: %+v %v", all, err)
		}
		es := auditActions(t, db, "model")
		if len(es) != 2 || es[1].Action != "risk.rubric.set" || !strings.Contains(string(es[1].Before), `"integrity_requirement":"high"`) || string(es[1].After) != `{"attack_reach":"local"}` {
			t.Errorf("audit: %+v", es)
		}
	})
}
