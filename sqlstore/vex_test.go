package sqlstore_test

import (
	"slices"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

func TestFindVEX(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustPatchScenario(t, db)
		p := mustCreatePatch(t, db, aicPatch())
		pending := aicPatch()
		pending.InstallsVersion, pending.Status = "1.5.0", ward.PatchPending
		mustCreatePatch(t, db, pending)

		rep, err := db.FindVEX(s.ctx, ward.VEXFilter{Manufacturer: "Becton Dickinson", Model: "alaris infusion central", Version: "1.3.2"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Product.ModelID != s.model || rep.Product.Manufacturer != "BD" || rep.Product.Devices != 5 ||
			rep.Product.DeviceType != "Infusion Data Server" {
			t.Errorf("product: got %+v, want the scenario's model under BD with 5 active units at 1.3.2", rep.Product)
		}
		if len(rep.Statements) != 1 {
			t.Fatalf("statements: got %d, want 1", len(rep.Statements))
		}
		st := rep.Statements[0]
		if st.AdvisoryRef != aicAdvisory || st.Status != ward.FindingAffected || !slices.Equal(st.CVEs, []string{"CVE-2022-47376"}) ||
			st.Triage != nil || st.Explanation == "" {
			t.Errorf("statement: got %+v, want the advisory, affected, its CVE, no triage, an explanation", st)
		}
		// Both patches apply to 1.3.2 and fix the advisory; the validated one
		// comes first.
		if len(st.Patches) != 2 || st.Patches[0].ID != p.ID || st.Patches[1].Status != ward.PatchPending {
			t.Errorf("patches: got %+v, want the validated then the pending one", st.Patches)
		}

		tr := &ward.Triage{ModelID: s.model, SoftwareVersion: "1.2.0", AdvisoryID: s.advisory.ID, Status: ward.TriageNotAffected,
			Justification: "vulnerable_code_not_in_execute_path", Comment: "port closed"}
		if err := db.SetTriage(s.ctx, tr); err != nil {
			t.Fatal(err)
		}
		rep, err = db.FindVEX(s.ctx, ward.VEXFilter{ModelID: s.model, Version: "1.2.0"})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Statements) != 1 || rep.Statements[0].Status != ward.FindingNotAffected ||
			rep.Statements[0].ComputedStatus != ward.FindingAffected || rep.Statements[0].Triage == nil ||
			rep.Statements[0].Triage.State != ward.TriageCurrent || rep.Statements[0].Triage.Actor != "test" {
			t.Errorf("1.2.0 after triage: got %+v, want not_affected by a current decision of test", rep.Statements)
		}

		// 1.4.0 runs on P-09 and is outside the advisory: nothing to state.
		rep, err = db.FindVEX(s.ctx, ward.VEXFilter{ModelID: s.model, Version: "1.4.0"})
		if err != nil || rep.Product.Devices != 1 || len(rep.Statements) != 0 {
			t.Errorf("1.4.0: got %+v, %v; want one unit and no statement", rep, err)
		}
		for _, tt := range []struct {
			f    ward.VEXFilter
			code string
		}{
			{ward.VEXFilter{ModelID: s.model, Version: "9.9"}, ward.ENOTFOUND},
			{ward.VEXFilter{ModelID: s.model}, ward.EINVALID},
			{ward.VEXFilter{Manufacturer: "BD", Version: "1.3.2"}, ward.EINVALID},
			{ward.VEXFilter{Manufacturer: "BD", Model: "Alaris 9000", Version: "1.3.2"}, ward.ENOTFOUND},
			{ward.VEXFilter{ModelID: 999999, Version: "1.3.2"}, ward.ENOTFOUND},
		} {
			if _, err := db.FindVEX(s.ctx, tt.f); ward.ErrorCode(err) != tt.code {
				t.Errorf("%+v: got %v, want %s", tt.f, err, tt.code)
			}
		}
	})
}
