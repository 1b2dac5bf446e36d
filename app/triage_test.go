package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"ward"
	"ward/app"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// aicUnits adds two Alaris Infusion Central units to the devset: one more
// at 1.3.2 (the group of DEV-165415) and one at 1.2.0. Both are inside
// ICSMA-23-047-01's range.
func aicUnits(tb testing.TB, db *sqlstore.DB) {
	tb.Helper()
	a := &app.App{Store: db}
	mustImportCSV(tb, a,
		"DEV-900010,AIC-SRV-10,BD,Alaris Infusion Central,,Infusion Data Server,1.3.2,St. Aldhelm Regional Medical Center,Pharmacy,Bldg A / B1 / DC Rack 14,10.10.5.30,00:50:56:9A:05:30,In Service",
		"DEV-900011,AIC-SRV-11,BD,Alaris Infusion Central,,Infusion Data Server,1.2.0,Mercy Ridge Children's Hospital,Pharmacy,Tower / B2 / Server Room 1,10.61.5.31,00:50:56:B7:05:31,In Service")
}

// openAIC returns the open ICSMA-23-047-01 findings by asset tag.
func openAIC(tb testing.TB, db *sqlstore.DB, advisoryID int64, statuses ...string) map[string]ward.Finding {
	tb.Helper()
	out := map[string]ward.Finding{}
	for _, f := range mustFindings(tb, db, ward.FindingFilter{AdvisoryID: advisoryID, Statuses: statuses}) {
		out[f.AssetTag] = f
	}
	return out
}

// TestTriagePerModelAndVersion records decisions for a model and version
// and follows them through listings, version changes, a revision of the
// advisory and expiry.
func TestTriagePerModelAndVersion(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := ward.WithActor(context.Background(), "biomed:alice")
		clock := mustClock(t, db, t0)
		a := loadDevset(t, db)
		aicUnits(t, db)
		adv := mustAdvisory(t, db, ward.SourceCSAF, aicAdvisory)
		unit := mustTag(t, db, "DEV-165415")

		tr := &ward.Triage{ModelID: unit.ModelID, SoftwareVersion: "1.3.2", AdvisoryID: adv.ID, Status: ward.TriageNotAffected,
			Justification: "vulnerable_code_not_in_execute_path", Comment: "password recovery path disabled by BD field service"}
		if err := db.SetTriage(ctx, tr); err != nil {
			t.Fatalf("SetTriage: %v", err)
		}
		if tr.ID == 0 || tr.AdvisoryRevision != "2" || tr.Actor != "biomed:alice" || !tr.At.Equal(clock.Now()) {
			t.Errorf("stored triage: got id %d revision %q actor %q at %v, want an id, revision 2, biomed:alice, %v",
				tr.ID, tr.AdvisoryRevision, tr.Actor, tr.At, clock.Now())
		}

		open := openAIC(t, db, adv.ID)
		for _, tag := range []string{"DEV-165415", "DEV-900010"} {
			if f, ok := open[tag]; ok {
				t.Errorf("%s (1.3.2) in the open listing as %s after not_affected triage, want hidden", tag, f.Status)
			}
		}
		if f := open["DEV-900011"]; f.Status != ward.FindingAffected || f.Triage != nil {
			t.Errorf("DEV-900011 (1.2.0): got %q triage %v, want affected without triage", f.Status, f.Triage)
		}
		na := openAIC(t, db, adv.ID, ward.FindingNotAffected)
		for _, tag := range []string{"DEV-165415", "DEV-900010"} {
			f, ok := na[tag]
			switch {
			case !ok:
				t.Errorf("%s: not listed under not_affected", tag)
			case f.Status != ward.FindingNotAffected || f.ComputedStatus != ward.FindingAffected:
				t.Errorf("%s: got status %s computed %s, want not_affected computed affected", tag, f.Status, f.ComputedStatus)
			case f.Triage == nil || f.Triage.ID != tr.ID || f.Triage.Justification != tr.Justification || f.Triage.Actor != "biomed:alice":
				t.Errorf("%s: got triage %+v, want decision %d with its justification and actor", tag, f.Triage, tr.ID)
			}
		}
		if len(na) != 2 {
			t.Errorf("not_affected listing: got %d findings, want 2", len(na))
		}

		// A unit that moves to another version leaves the decision behind.
		moved := mustTag(t, db, "DEV-900010")
		if _, err := a.UpdateDevice(ctx, moved.ID, ward.DeviceUpdate{SoftwareVersion: new("1.2.0")}); err != nil {
			t.Fatal(err)
		}
		open = openAIC(t, db, adv.ID)
		if f, ok := open["DEV-900010"]; !ok || f.Status != ward.FindingAffected || f.Triage != nil {
			t.Errorf("DEV-900010 moved to 1.2.0: got %v %s triage %v, want affected without triage", ok, f.Status, f.Triage)
		}
		if f, ok := open["DEV-165415"]; ok {
			t.Errorf("DEV-165415 still at 1.3.2: got %s in the open listing, want the decision to hold", f.Status)
		}

		// A new revision of the advisory reopens the decision.
		clock.Advance(24 * time.Hour)
		mustImportAdvisories(t, a, revisedAIC(t))
		open = openAIC(t, db, adv.ID)
		f, ok := open["DEV-165415"]
		switch {
		case !ok:
			t.Errorf("DEV-165415 after revision 3: not in the open listing, want the triage reopened")
		case f.Status != ward.FindingAffected || f.ComputedStatus != ward.FindingAffected:
			t.Errorf("DEV-165415 after revision 3: got %s (computed %s), want affected", f.Status, f.ComputedStatus)
		case f.Triage == nil || f.Triage.AdvisoryRevision != "2":
			t.Errorf("DEV-165415 after revision 3: got triage %+v, want the revision-2 decision still attached", f.Triage)
		case !strings.Contains(f.Explanation, "triage reopened"):
			t.Errorf("DEV-165415 after revision 3: explanation %q, want it to say the triage reopened", f.Explanation)
		case f.Triage.State != ward.TriageReopened:
			t.Errorf("DEV-165415 after revision 3: got triage state %q, want %q", f.Triage.State, ward.TriageReopened)
		}

		// A risk acceptance keeps the status affected.
		today := ward.DateOf(clock.Now())
		risk := &ward.Triage{ModelID: unit.ModelID, SoftwareVersion: "1.3.2", AdvisoryID: adv.ID, Status: ward.TriageRiskAccepted,
			Justification: "server on an isolated VLAN until the BD upgrade", Expires: ward.DateOf(clock.Now().AddDate(0, 0, 30))}
		if err := db.SetTriage(ctx, risk); err != nil {
			t.Fatalf("SetTriage risk_accepted: %v", err)
		}
		if risk.ID != tr.ID || risk.AdvisoryRevision != "3" {
			t.Errorf("risk acceptance: got id %d revision %q, want the decision %d replaced, on revision 3", risk.ID, risk.AdvisoryRevision, tr.ID)
		}
		f = openAIC(t, db, adv.ID)["DEV-165415"]
		if f.Status != ward.FindingAffected || f.Triage == nil || f.Triage.Status != ward.TriageRiskAccepted ||
			f.Triage.State != ward.TriageCurrent || strings.Contains(f.Explanation, "reopened") {
			t.Errorf("risk accepted: got %s triage %+v %q, want affected with the current risk acceptance", f.Status, f.Triage, f.Explanation)
		}

		// A not_affected decision with an expiry lapses after it.
		na2 := &ward.Triage{ModelID: unit.ModelID, SoftwareVersion: "1.3.2", AdvisoryID: adv.ID, Status: ward.TriageNotAffected,
			Justification: "inline_mitigations_already_exist", Expires: ward.DateOf(clock.Now().AddDate(0, 0, 7))}
		if err := db.SetTriage(ctx, na2); err != nil {
			t.Fatalf("SetTriage not_affected with expiry: %v", err)
		}
		if f, ok := openAIC(t, db, adv.ID)["DEV-165415"]; ok {
			t.Errorf("not_affected until %s: got %s in the open listing on %s, want hidden", na2.Expires, f.Status, today)
		}
		clock.Advance(7 * 24 * time.Hour)
		if f, ok := openAIC(t, db, adv.ID)["DEV-165415"]; ok {
			t.Errorf("not_affected until %s: got %s in the open listing on its last day, want hidden", na2.Expires, f.Status)
		}
		clock.Advance(24 * time.Hour)
		f, ok = openAIC(t, db, adv.ID)["DEV-165415"]
		if !ok || f.Status != ward.FindingAffected {
			t.Errorf("not_affected expired on %s: got %v %s on %s, want affected again", na2.Expires, ok, f.Status, ward.DateOf(clock.Now()))
		}

		// An expired risk acceptance no longer applies: the status is the
		// computed one, as it was, and the finding stays open.
		ra := &ward.Triage{ModelID: unit.ModelID, SoftwareVersion: "1.3.2", AdvisoryID: adv.ID, Status: ward.TriageRiskAccepted,
			Comment: "accepted for one day", Expires: ward.DateOf(clock.Now())}
		if err := db.SetTriage(ctx, ra); err != nil {
			t.Fatal(err)
		}
		clock.Advance(24 * time.Hour)
		expired, ok := openAIC(t, db, adv.ID)["DEV-165415"]
		if !ok || expired.Status != ward.FindingAffected || expired.Triage == nil || expired.Triage.Status != ward.TriageRiskAccepted {
			t.Errorf("risk acceptance expired on %s: got %v %s triage %+v, want affected and open, the decision still attached",
				ra.Expires, ok, expired.Status, expired.Triage)
		}
		mustAgreeWithFullMatch(t, a, db)
	})
}

// TestLapsedTriageIsExplained: a decision past its expiry no longer
// applies; like one reopened by a revision, the finding should say so.
func TestLapsedTriageIsExplained(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		clock := mustClock(t, db, t0)
		loadDevset(t, db)
		adv := mustAdvisory(t, db, ward.SourceCSAF, aicAdvisory)
		unit := mustTag(t, db, "DEV-165415")
		for _, tr := range []*ward.Triage{
			{Status: ward.TriageNotAffected, Justification: "inline_mitigations_already_exist"},
			{Status: ward.TriageRiskAccepted, Comment: "accepted for one day"},
		} {
			tr.ModelID, tr.SoftwareVersion, tr.AdvisoryID, tr.Expires = unit.ModelID, unit.SoftwareVersion, adv.ID, ward.DateOf(clock.Now())
			if err := db.SetTriage(ctx, tr); err != nil {
				t.Fatal(err)
			}
			if tr.State != ward.TriageCurrent {
				t.Errorf("%s just recorded: got state %q, want %q", tr.Status, tr.State, ward.TriageCurrent)
			}
			if f, ok := mustFinding(t, db, "DEV-165415", aicAdvisory); !ok || f.Triage == nil || f.Triage.State != ward.TriageCurrent ||
				strings.Contains(f.Explanation, "expire") {
				t.Errorf("%s on its last day: got %v triage %+v explained %q, want it current and not explained as expired",
					tr.Status, ok, f.Triage, f.Explanation)
			}
			clock.Advance(24 * time.Hour)
			f, ok := openAIC(t, db, adv.ID)["DEV-165415"]
			if !ok || f.Status != ward.FindingAffected || f.Triage == nil {
				t.Fatalf("%s expired: got %v %s triage %+v, want affected, open, the decision attached", tr.Status, ok, f.Status, f.Triage)
			}
			want := fmt.Sprintf("triage %s by %s expired on %s", tr.Status, tr.Actor, tr.Expires)
			if !strings.Contains(f.Explanation, want) {
				t.Errorf("%s expired on %s: got explanation %q, want it to say %q", tr.Status, tr.Expires, f.Explanation, want)
			}
			if f.Triage.State != ward.TriageExpired {
				t.Errorf("%s expired on %s: got triage state %q, want %q", tr.Status, tr.Expires, f.Triage.State, ward.TriageExpired)
			}
		}

		// A decision cannot be taken with an expiry already past.
		past := &ward.Triage{ModelID: unit.ModelID, SoftwareVersion: unit.SoftwareVersion, AdvisoryID: adv.ID,
			Status: ward.TriageRiskAccepted, Comment: "too late", Expires: ward.DateOf(clock.Now().AddDate(0, 0, -1))}
		if err := db.SetTriage(ctx, past); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("SetTriage expiring %s on %s: got %v, want %s", past.Expires, ward.DateOf(clock.Now()), err, ward.EINVALID)
		}
	})
}

// TestTriageValidation: bad decisions are EINVALID, unknown targets
// ENOTFOUND, and nothing is stored.
func TestTriageValidation(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		loadDevset(t, db)
		adv := mustAdvisory(t, db, ward.SourceCSAF, aicAdvisory)
		unit := mustTag(t, db, "DEV-165415")
		soon := ward.DateOf(t0.AddDate(0, 1, 0))
		base := ward.Triage{ModelID: unit.ModelID, SoftwareVersion: unit.SoftwareVersion, AdvisoryID: adv.ID}
		for _, c := range []struct {
			name string
			edit func(*ward.Triage)
			code string
		}{
			{"not_affected without justification", func(t *ward.Triage) { t.Status = ward.TriageNotAffected }, ward.EINVALID},
			{"not_affected with a free-text justification", func(t *ward.Triage) {
				t.Status, t.Justification = ward.TriageNotAffected, "we think it is fine"
			}, ward.EINVALID},
			{"risk_accepted without expiry", func(t *ward.Triage) {
				t.Status, t.Justification = ward.TriageRiskAccepted, "isolated VLAN"
			}, ward.EINVALID},
			{"risk_accepted without justification", func(t *ward.Triage) {
				t.Status, t.Expires = ward.TriageRiskAccepted, soon
			}, ward.EINVALID},
			{"risk_accepted expiring yesterday", func(t *ward.Triage) {
				t.Status, t.Justification, t.Expires = ward.TriageRiskAccepted, "isolated VLAN", ward.DateOf(t0.AddDate(0, 0, -1))
			}, ward.EINVALID},
			{"no model", func(t *ward.Triage) { t.Status, t.ModelID = ward.TriageAffected, 0 }, ward.EINVALID},
			{"no advisory", func(t *ward.Triage) { t.Status, t.AdvisoryID = ward.TriageAffected, 0 }, ward.EINVALID},
			{"bad status", func(t *ward.Triage) { t.Status = "wont_fix" }, ward.EINVALID},
			{"no status", func(t *ward.Triage) {}, ward.EINVALID},
			{"unknown advisory", func(t *ward.Triage) { t.Status, t.AdvisoryID = ward.TriageAffected, 999999 }, ward.ENOTFOUND},
			{"unknown model", func(t *ward.Triage) { t.Status, t.ModelID = ward.TriageAffected, 999999 }, ward.ENOTFOUND},
		} {
			tr := base
			c.edit(&tr)
			err := db.SetTriage(ctx, &tr)
			if got := ward.ErrorCode(err); got != c.code {
				t.Errorf("%s: got %q (%v), want %s", c.name, got, err, c.code)
			}
		}
		for _, f := range mustFindings(t, db, ward.FindingFilter{Statuses: allStatuses}) {
			if f.Triage != nil {
				t.Errorf("%s %s: got triage %+v after refused decisions, want none", f.AssetTag, f.AdvisoryRef, f.Triage)
			}
		}
	})
}
