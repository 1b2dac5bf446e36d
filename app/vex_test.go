package app_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

const (
	eliAdvisory = "ICSMA-22-167-01" // Welch Allyn ELI ECGs: CVE-2022-26388 and CVE-2022-26389
	eliVEX      = "HILLROM-VEX-2022-0001"
	eli280      = "CSAFPID-0003" // "Welch Allyn ELI 280/BUR280/MLBUR 280 Resting Electrocardiograph", "<= 2.3.1"
)

// eliVEXDoc derives a vendor VEX document from the real ICSMA-22-167-01:
// same product tree, category csaf_vex, and for each CVE listed the ELI
// 280 in status (known_not_affected with a VEX flag, or fixed). No such
// document was published; this one exists to test how Ward applies one.
func eliVEXDoc(tb testing.TB, revision int, status string, cves ...string) *ward.Advisory {
	tb.Helper()
	d := mustCSAFDoc(tb, "icsma-22-167-01")
	doc := d.obj("document")
	doc["category"] = "csaf_vex"
	doc["title"] = "Hillrom ELI 280 VEX"
	tr := d.obj("document", "tracking")
	tr["id"] = eliVEX
	tr["version"] = "1"
	tr["initial_release_date"] = "2022-07-01T00:00:00.000000Z"
	tr["current_release_date"] = "2022-07-01T00:00:00.000000Z"
	tr["revision_history"] = []any{map[string]any{"date": "2022-07-01T00:00:00.000000Z", "number": "1", "summary": "Initial VEX"}}
	var vulns []any
	for _, v := range d.vulnerabilities() {
		v := v.(map[string]any)
		if !slices.Contains(cves, v["cve"].(string)) {
			continue
		}
		delete(v, "remediations")
		delete(v, "scores")
		v["product_status"] = map[string]any{status: []any{eli280}}
		if status == "known_not_affected" {
			v["flags"] = []any{map[string]any{"label": "vulnerable_code_not_present", "product_ids": []any{eli280}}}
		}
		vulns = append(vulns, v)
	}
	if len(vulns) != len(cves) {
		tb.Fatalf("VEX: found %d of the CVEs %v in %s", len(vulns), cves, eliAdvisory)
	}
	d["vulnerabilities"] = vulns
	for r := 2; r <= revision; r++ {
		d.revise(strconv.Itoa(r), time.Date(2022, time.Month(6+r), 1, 0, 0, 0, 0, time.UTC), "VEX update")
	}
	a := d.mustParse(tb, "hillrom-vex.json")
	if !a.VEX {
		tb.Fatalf("derived VEX document parsed with VEX false")
	}
	return a
}

// TestVEXStatements imports VEX statements about a device's product after
// the advisory that reports the CVEs: a CVE declared not affected leaves
// the finding's list; when no CVE is left, the finding takes the VEX
// status; each time the VEX is named in the evidence and explanation.
func TestVEXStatements(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		clock := mustClock(t, db, t0)
		a := loadDevset(t, db)
		f, ok := mustFinding(t, db, "DEV-142023", eliAdvisory)
		if !ok || f.Status != ward.FindingAffected || len(f.CVEs) != 2 {
			t.Fatalf("DEV-142023 (ELI 280 2.3.1) before any VEX: got %v %s %v, want affected by 2 CVEs", ok, f.Status, f.CVEs)
		}
		var symptoms []string
		// verify checks the ELI 280's finding; got reports a mismatch of
		// status or CVEs instead of failing, for the caller to decide.
		verify := func(step, wantStatus string, wantCVEs []string, wantNote string) (got string) {
			t.Helper()
			f, ok := mustFinding(t, db, "DEV-142023", eliAdvisory)
			switch {
			case !ok:
				t.Errorf("%s: DEV-142023 lost its %s finding", step, eliAdvisory)
			case f.Status != wantStatus || !slices.Equal(f.CVEs, wantCVEs):
				return fmt.Sprintf("%s: got %s %v, want %s %v", step, f.Status, f.CVEs, wantStatus, wantCVEs)
			case !strings.Contains(f.Evidence.VEX, eliVEX) || !strings.Contains(f.Evidence.VEX, wantNote) || !strings.Contains(f.Explanation, f.Evidence.VEX):
				t.Errorf("%s: evidence VEX %q, explanation %q: want %s named with %q", step, f.Evidence.VEX, f.Explanation, eliVEX, wantNote)
			}
			// The VEX's own finding for the device is closed, never open.
			if v, ok := mustFinding(t, db, "DEV-142023", eliVEX); ok && ward.OpenStatus(v.Status) {
				t.Errorf("%s: the VEX document's own finding is %s, want a closed status", step, v.Status)
			}
			// The ELI 380 of the same advisory is not concerned.
			if g, _ := mustFinding(t, db, "DEV-150112", eliAdvisory); g.Status != ward.FindingAffected || len(g.CVEs) != 2 || g.Evidence.VEX != "" {
				t.Errorf("%s: DEV-150112 (ELI 380): got %s %v %q, want affected by both CVEs, no VEX", step, g.Status, g.CVEs, g.Evidence.VEX)
			}
			return ""
		}
		// check verifies an import's incremental result; on a mismatch it
		// records the symptom and requires a full match to get it right.
		check := func(step, wantStatus string, wantCVEs []string, wantNote string) {
			t.Helper()
			if s := verify(step, wantStatus, wantCVEs, wantNote); s != "" {
				symptoms = append(symptoms, s)
				if _, err := a.MatchAll(context.Background()); err != nil {
					t.Fatal(err)
				}
				if s := verify(step+", after MatchAll", wantStatus, wantCVEs, wantNote); s != "" {
					t.Error(s)
				}
			}
		}

		clock.Advance(time.Hour)
		mustImportAdvisories(t, a, eliVEXDoc(t, 1, "known_not_affected", "CVE-2022-26388"))
		check("VEX: CVE-2022-26388 not affected", ward.FindingAffected, []string{"CVE-2022-26389"}, "vulnerable_code_not_present")

		clock.Advance(time.Hour)
		mustImportAdvisories(t, a, eliVEXDoc(t, 2, "known_not_affected", "CVE-2022-26388", "CVE-2022-26389"))
		check("VEX revision 2: both CVEs not affected", ward.FindingNotAffected, []string{"CVE-2022-26388", "CVE-2022-26389"}, "not affected")
		if f, ok := findingMap(mustFindings(t, db, ward.FindingFilter{DeviceID: mustTag(t, db, "DEV-142023").ID}))["DEV-142023 "+eliAdvisory]; ok {
			t.Errorf("VEX revision 2: DEV-142023's %s finding is in the open listing as %s, want hidden", eliAdvisory, f.Status)
		}

		clock.Advance(time.Hour)
		mustImportAdvisories(t, a, eliVEXDoc(t, 3, "fixed", "CVE-2022-26388", "CVE-2022-26389"))
		check("VEX revision 3: both CVEs fixed", ward.FindingFixed, []string{"CVE-2022-26388", "CVE-2022-26389"}, "fixed")

		if len(symptoms) > 0 {
			t.Fatalf("regression: app.ImportAdvisories/MatchAdvisories does not apply a newly imported or revised VEX document to the "+
				"findings of the other advisories that report its CVEs (MatchAll does): %s", strings.Join(symptoms, "; "))
		}
		mustAgreeWithFullMatch(t, a, db)
	})
}

// TestAdvisoryRevisionKeepsVEX stores a VEX, then a revision of the advisory: the
// advisory's finding must honour the VEX already stored.
func TestAdvisoryRevisionKeepsVEX(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		a := loadDevset(t, db)
		// Replace the advisory by a later revision, as CISA would publish
		// an update, after the VEX is stored.
		mustImportAdvisories(t, a, eliVEXDoc(t, 1, "known_not_affected", "CVE-2022-26388"))
		d := mustCSAFDoc(t, "icsma-22-167-01")
		d.revise("2", time.Date(2022, 10, 1, 0, 0, 0, 0, time.UTC), "Update A")
		mustImportAdvisories(t, a, d.mustParse(t, "icsma-22-167-01-rev2.json"))
		f, ok := mustFinding(t, db, "DEV-142023", eliAdvisory)
		if !ok || f.Status != ward.FindingAffected || !slices.Equal(f.CVEs, []string{"CVE-2022-26389"}) || !strings.Contains(f.Evidence.VEX, eliVEX) {
			if _, err := a.MatchAll(context.Background()); err != nil {
				t.Fatal(err)
			}
			g, _ := mustFinding(t, db, "DEV-142023", eliAdvisory)
			if g.Status != ward.FindingAffected || !slices.Equal(g.CVEs, []string{"CVE-2022-26389"}) {
				t.Fatalf("after MatchAll: got %s %v, want affected [CVE-2022-26389]", g.Status, g.CVEs)
			}
			t.Fatalf("regression: app.MatchAdvisories re-matches a revised advisory without the stored VEX documents that concern "+
				"the same devices: got %v %s %v VEX %q, want affected [CVE-2022-26389] with the VEX noted (MatchAll gives that)",
				ok, f.Status, f.CVEs, f.Evidence.VEX)
		}
		mustAgreeWithFullMatch(t, a, db)
	})
}

// TestVEXMixedStatements: one VEX document that says the ELI 280 is not
// affected by CVE-2022-26388 but affected by CVE-2022-26389 must still
// take CVE-2022-26388 off the advisory's finding. A full match is run so
// that only the matcher's reading of the VEX is tested.
func TestVEXMixedStatements(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		a := loadDevset(t, db)
		d := mustCSAFDoc(t, "icsma-22-167-01")
		doc := d.obj("document")
		doc["category"] = "csaf_vex"
		tr := d.obj("document", "tracking")
		tr["id"] = eliVEX
		for _, v := range d.vulnerabilities() {
			v := v.(map[string]any)
			delete(v, "scores")
			if v["cve"] == "CVE-2022-26388" {
				delete(v, "remediations")
				v["product_status"] = map[string]any{"known_not_affected": []any{eli280}}
				v["flags"] = []any{map[string]any{"label": "vulnerable_code_not_present", "product_ids": []any{eli280}}}
			} else {
				v["product_status"] = map[string]any{"known_affected": []any{eli280}}
			}
		}
		mustImportAdvisories(t, a, d.mustParse(t, "hillrom-vex-mixed.json"))
		if _, err := a.MatchAll(context.Background()); err != nil {
			t.Fatal(err)
		}
		f, ok := mustFinding(t, db, "DEV-142023", eliAdvisory)
		if !ok {
			t.Fatalf("DEV-142023 lost its %s finding", eliAdvisory)
		}
		if !slices.Equal(f.CVEs, []string{"CVE-2022-26389"}) || !strings.Contains(f.Evidence.VEX, eliVEX) {
			t.Fatalf("regression: match.applyVEX takes a VEX document's statements from its per-advisory result, whose status is "+
				"the strongest over all its CVEs (decide), so a VEX that says not affected for one CVE and affected for "+
				"another is ignored for both: DEV-142023's %s finding got %s %v VEX %q, want affected [CVE-2022-26389] with the VEX noted",
				eliAdvisory, f.Status, f.CVEs, f.Evidence.VEX)
		}
	})
}
