package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// t0 is when the scenarios start, on the store's clock.
var t0 = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

const (
	aicAdvisory = "ICSMA-23-047-01" // BD Alaris Infusion Central, ">= 1.1 | <= 1.3.2"
	xtrAdvisory = "ICSMA-20-049-01" // Spacelabs XTR 1.0.2, Arkon vers:all/*
)

// revisedAIC derives revision 3 of ICSMA-23-047-01 from the real revision
// 2: the affected range now starts at 1.0.4.
func revisedAIC(tb testing.TB) *ward.Advisory {
	tb.Helper()
	d := mustCSAFDoc(tb, "icsma-23-047-01")
	d.setVersionRange(tb, "CSAFPID-0001", ">= 1.0.4 | <= 1.3.2")
	d.revise("3", time.Date(2023, 3, 20, 12, 0, 0, 0, time.UTC), "Update B: versions 1.0.4 to 1.3.2")
	return d.mustParse(tb, "icsma-23-047-01-rev3.json")
}

// TestAdvisoryRevisionIsIncremental imports a revised advisory into the
// matched devset: only that advisory's findings change, the device it now
// covers becomes affected, and re-importing the same or an older revision
// changes nothing.
func TestAdvisoryRevisionIsIncremental(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		clock := mustClock(t, db, t0)
		a := loadDevset(t, db)
		before := mustFindings(t, db, ward.FindingFilter{Statuses: allStatuses})
		if _, ok := mustFinding(t, db, "DEV-150055", aicAdvisory); ok {
			t.Fatalf("DEV-150055 (1.0.4) has a %s finding before the revision, want none", aicAdvisory)
		}
		var aicBefore int
		for _, f := range before {
			if f.AdvisoryRef == aicAdvisory {
				aicBefore++
			}
		}

		clock.Advance(time.Hour)
		res, rep := mustImportAdvisories(t, a, revisedAIC(t))
		if res.Read != 1 || res.Updated != 1 || res.Added != 0 || res.Unchanged != 0 || len(res.Changed) != 1 {
			t.Fatalf("import of the revision: got %+v, want 1 read, 1 updated", res)
		}
		if rep.Advisories != 1 {
			t.Errorf("advisories matched: got %d, want 1", rep.Advisories)
		}
		c := rep.Changes
		if c.Added != 1 || c.Removed != 0 || c.Added+c.Updated+c.Unchanged != aicBefore+1 || rep.Findings != aicBefore+1 {
			t.Errorf("match report: got %+v (%d findings), want 1 added, 0 removed, %d findings", c, rep.Findings, aicBefore+1)
		}
		if got := mustAdvisory(t, db, ward.SourceCSAF, aicAdvisory).Revision; got != "3" {
			t.Errorf("stored revision: got %q, want 3", got)
		}

		after := findingMap(mustFindings(t, db, ward.FindingFilter{Statuses: allStatuses}))
		for _, b := range before {
			k := b.AssetTag + " " + b.AdvisoryRef
			f, ok := after[k]
			if !ok {
				t.Errorf("%s disappeared after the revision", k)
				continue
			}
			if f.ID != b.ID || !f.FirstSeen.Equal(b.FirstSeen) {
				t.Errorf("%s: got id %d first seen %v, want id %d first seen %v", k, f.ID, f.FirstSeen, b.ID, b.FirstSeen)
			}
			if b.AdvisoryRef != aicAdvisory && (!f.UpdatedAt.Equal(b.UpdatedAt) || f.Status != b.Status) {
				t.Errorf("%s of another advisory changed: got %s updated %v, want %s updated %v", k, f.Status, f.UpdatedAt, b.Status, b.UpdatedAt)
			}
		}
		f, ok := after["DEV-150055 "+aicAdvisory]
		switch {
		case !ok:
			t.Fatalf("DEV-150055 (1.0.4): no %s finding after the revision, want affected", aicAdvisory)
		case f.Status != ward.FindingAffected || !slices.Equal(f.CVEs, []string{"CVE-2022-47376"}):
			t.Errorf("DEV-150055: got %s %v, want affected [CVE-2022-47376]", f.Status, f.CVEs)
		case !f.FirstSeen.Equal(clock.Now()):
			t.Errorf("DEV-150055: first seen %v, want the revision's import time %v", f.FirstSeen, clock.Now())
		case !strings.Contains(f.Explanation, `"1.0.4"`) || f.Evidence.Expression != ">= 1.0.4 | <= 1.3.2":
			t.Errorf("DEV-150055 explanation %q (expression %q): want the version 1.0.4 and the revised range", f.Explanation, f.Evidence.Expression)
		}

		// The same revision again, then the older real revision: nothing.
		for _, adv := range []*ward.Advisory{revisedAIC(t), mustCSAFDoc(t, "icsma-23-047-01").mustParse(t, "icsma-23-047-01.json")} {
			clock.Advance(time.Hour)
			res, rep := mustImportAdvisories(t, a, adv)
			if res.Unchanged != 1 || res.Updated != 0 || len(res.Changed) != 0 {
				t.Errorf("re-import of revision %s: got %+v, want 1 unchanged", adv.Revision, res)
			}
			if rep.Groups != 0 || rep.Findings != 0 || rep.Changes != (ward.FindingChanges{}) {
				t.Errorf("re-import of revision %s: got match report %+v, want nothing matched", adv.Revision, rep)
			}
			again := findingMap(mustFindings(t, db, ward.FindingFilter{Statuses: allStatuses}))
			for k, f := range after {
				g := again[k]
				if g.ID != f.ID || !g.UpdatedAt.Equal(f.UpdatedAt) || g.Status != f.Status {
					t.Errorf("re-import of revision %s changed %s: got %d %s %v, want %d %s %v", adv.Revision, k, g.ID, g.Status, g.UpdatedAt, f.ID, f.Status, f.UpdatedAt)
				}
			}
			if len(again) != len(after) {
				t.Errorf("re-import of revision %s: got %d findings, want %d", adv.Revision, len(again), len(after))
			}
		}
		if got := mustAdvisory(t, db, ward.SourceCSAF, aicAdvisory).Revision; got != "3" {
			t.Errorf("stored revision after the older one: got %q, want 3", got)
		}
		mustAgreeWithFullMatch(t, a, db)
	})
}

// TestInventoryChangeRematches changes a device's version into and out of
// an advisory's range, and adds a unit of a group already matched.
func TestInventoryChangeRematches(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		clock := mustClock(t, db, t0)
		a := loadDevset(t, db)
		orig, ok := mustFinding(t, db, "DEV-165415", aicAdvisory)
		if !ok || orig.Status != ward.FindingAffected {
			t.Fatalf("DEV-165415 (1.3.2): got %+v, want affected by %s", orig, aicAdvisory)
		}

		// 1.0.4 is below the range; 1.2.0, a version no unit runs yet, is inside.
		aic := mustTag(t, db, "DEV-150055")
		clock.Advance(time.Hour)
		if _, err := a.UpdateDevice(ctx, aic.ID, ward.DeviceUpdate{SoftwareVersion: new("1.2.0")}); err != nil {
			t.Fatal(err)
		}
		f, ok := mustFinding(t, db, "DEV-150055", aicAdvisory)
		if !ok || f.Status != ward.FindingAffected || f.SoftwareVersion != "1.2.0" || !strings.Contains(f.Explanation, `"1.2.0"`) {
			t.Errorf("DEV-150055 at 1.2.0: got %v %s %q, want affected with version 1.2.0 explained", ok, f.Status, f.Explanation)
		}
		if _, err := a.UpdateDevice(ctx, aic.ID, ward.DeviceUpdate{SoftwareVersion: new("1.0.4")}); err != nil {
			t.Fatal(err)
		}
		if f, ok := mustFinding(t, db, "DEV-150055", aicAdvisory); ok {
			t.Errorf("DEV-150055 back at 1.0.4: got %s finding, want none", f.Status)
		}

		// Out of the range and back: the old finding returns as it was.
		d := mustTag(t, db, "DEV-165415")
		clock.Advance(time.Hour)
		if _, err := a.UpdateDevice(ctx, d.ID, ward.DeviceUpdate{SoftwareVersion: new("1.4.0")}); err != nil {
			t.Fatal(err)
		}
		if f, ok := mustFinding(t, db, "DEV-165415", aicAdvisory); ok {
			t.Errorf("DEV-165415 at 1.4.0: got %s finding, want none", f.Status)
		}
		if _, err := a.UpdateDevice(ctx, d.ID, ward.DeviceUpdate{SoftwareVersion: new("1.3.2")}); err != nil {
			t.Fatal(err)
		}
		back, ok := mustFinding(t, db, "DEV-165415", aicAdvisory)
		if !ok || back.ID != orig.ID || back.Status != ward.FindingAffected || !back.FirstSeen.Equal(orig.FirstSeen) {
			t.Errorf("DEV-165415 back at 1.3.2: got %v id %d %s first seen %v, want id %d affected first seen %v",
				ok, back.ID, back.Status, back.FirstSeen, orig.ID, orig.FirstSeen)
		}

		// A new unit of a model and version already matched needs no
		// matching, yet lists the group's findings.
		res, rep := mustImportCSV(t, a, "DEV-900001,AIC-SRV-09,BD,Alaris Infusion Central,,Infusion Data Server,1.3.2,"+
			"St. Aldhelm Regional Medical Center,Pharmacy,Bldg A / B1 / DC Rack 14,10.10.5.29,00:50:56:9A:05:29,In Service")
		if res.Created != 1 {
			t.Fatalf("import: got %+v, want 1 created", res)
		}
		if rep.Groups != 0 || rep.Findings != 0 {
			t.Errorf("match after adding a unit of a matched group: got %+v, want 0 groups", rep)
		}
		unit, ok := mustFinding(t, db, "DEV-900001", aicAdvisory)
		if !ok || unit.ID != orig.ID || unit.Status != ward.FindingAffected {
			t.Errorf("new unit DEV-900001: got %v id %d %s, want the group's finding %d, affected", ok, unit.ID, unit.Status, orig.ID)
		}
		// A CMMS export that records an upgrade re-matches as an update does.
		res, _ = mustImportCSV(t, a, "DEV-150055,AIC-SRV-T1,Becton Dickinson,Alaris Infusion Central,,Infusion Data Server (Test),1.1,"+
			"St. Aldhelm Regional Medical Center,Biomed,Bldg A / B1 / Biomed Lab Bench 2,10.10.99.21,00:50:56:9A:63:01,Out of Service")
		if res.Updated != 1 {
			t.Errorf("re-import of DEV-150055 at 1.1: got %+v, want 1 updated", res)
		}
		if f, ok := mustFinding(t, db, "DEV-150055", aicAdvisory); !ok || f.Status != ward.FindingAffected || f.SoftwareVersion != "1.1" {
			t.Errorf("DEV-150055 imported at 1.1: got %v %s %q, want affected at 1.1", ok, f.Status, f.SoftwareVersion)
		}
		// DEV-150055 left the group (model, 1.2.0) empty.
		visible, counts := fullMatchDiffs(t, a, db)
		for _, v := range visible {
			t.Error(v)
		}
		if counts != "" {
			t.Errorf("%s: %s", emptiedGroup, counts)
		}
	})
}

// TestVersionRoundTripAcrossRevision moves the only unit of a group to
// another version, revises an advisory while the group is empty, and moves
// the unit back: the unit must get the revised advisory's finding.
func TestVersionRoundTripAcrossRevision(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := loadDevset(t, db)
		d := mustTag(t, db, "DEV-165415")
		if _, err := a.UpdateDevice(ctx, d.ID, ward.DeviceUpdate{SoftwareVersion: new("1.4.0")}); err != nil {
			t.Fatal(err)
		}
		mustImportAdvisories(t, a, revisedAIC(t))
		if _, err := a.UpdateDevice(ctx, d.ID, ward.DeviceUpdate{SoftwareVersion: new("1.3.2")}); err != nil {
			t.Fatal(err)
		}
		f, ok := mustFinding(t, db, "DEV-165415", aicAdvisory)
		missing := !ok || f.Status != ward.FindingAffected
		visible, counts := fullMatchDiffs(t, a, db)
		if f, ok := mustFinding(t, db, "DEV-165415", aicAdvisory); !ok || f.Status != ward.FindingAffected {
			t.Errorf("DEV-165415 at 1.3.2 after MatchAll: got %v %s, want affected", ok, f.Status)
		}
		if missing {
			t.Errorf("%s: DEV-165415 back at 1.3.2 after %s was revised has no finding (%s)", emptiedGroup, aicAdvisory, strings.Join(visible, "; "))
		}
		for _, v := range visible {
			t.Error(v)
		}
		if counts != "" {
			t.Error(counts)
		}
	})
}

// TestUnknownVersion: an empty version is under investigation against a
// limited range, and affected when the advisory covers every version.
func TestUnknownVersion(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		a := loadDevset(t, db)
		f, ok := mustFinding(t, db, "DEV-178576", aicAdvisory)
		if !ok || f.Status != ward.FindingUnderInvestigation || f.Confidence != ward.ConfidenceNameOnly {
			t.Errorf("DEV-178576 (no version) against %q: got %v %s %s, want under_investigation name_only", ">= 1.1 | <= 1.3.2", ok, f.Status, f.Confidence)
		}
		if !strings.Contains(f.Explanation, "no version recorded") {
			t.Errorf("DEV-178576 explanation %q: want it to say no version is recorded", f.Explanation)
		}
		// An Arkon with no version recorded, against "Arkon (99999)" vers:all/*.
		mustImportCSV(t, a, "DEV-900002,ARK0999,Spacelabs Healthcare,Arkon Anesthesia Delivery System,,Anesthesia Machine,,"+
			"Northgate Community Hospital,OR,Main / 2nd Fl / OR 5,,,In Service")
		f, ok = mustFinding(t, db, "DEV-900002", xtrAdvisory)
		if !ok || f.Status != ward.FindingAffected || f.Confidence != ward.ConfidenceNameOnly || f.Evidence.Expression != "vers:all/*" {
			t.Errorf("Arkon without a version: got %v %s %s %q, want affected name_only on vers:all/*", ok, f.Status, f.Confidence, f.Evidence.Expression)
		}
		// The Encore programmer (no version) is identified by its model number.
		f, ok = mustFinding(t, db, "DEV-110377", "ICSMA-18-058-01")
		if !ok || f.Status != ward.FindingAffected {
			t.Errorf("DEV-110377 (no version) against vers:all/*: got %v %s, want affected", ok, f.Status)
		}
		mustAgreeWithFullMatch(t, a, db)
	})
}

// TestManufacturerAliasRematches: a device whose manufacturer did not
// resolve gets its findings once the name is mapped.
func TestManufacturerAliasRematches(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := loadDevset(t, db)
		const odd = "Spacelabs Medical Inc, Issaquah WA"
		res, _ := mustImportCSV(t, a, `DEV-900003,1280-009911,"`+odd+`",Xhibit Telemetry Receiver,96280,Telemetry Receiver,1.0.2,`+
			"Northgate Community Hospital,Telemetry,Main / 4th Fl / IDF 4C,10.52.46.9,00:10:2A:7C:11:99,In Service")
		if !slices.Contains(res.UnresolvedManufacturers, odd) {
			t.Fatalf("unresolved manufacturers: got %q, want %q among them", res.UnresolvedManufacturers, odd)
		}
		if fs := mustFindings(t, db, ward.FindingFilter{DeviceID: mustTag(t, db, "DEV-900003").ID, Statuses: allStatuses}); len(fs) != 0 {
			t.Fatalf("device of an unresolved manufacturer: got %d findings, want none", len(fs))
		}
		target := mustTag(t, db, "DEV-107373").Manufacturer
		if _, err := a.AddManufacturerAlias(ctx, target, odd); err != nil {
			t.Fatalf("AddManufacturerAlias(%q, %q): %v", target, odd, err)
		}
		d := mustTag(t, db, "DEV-900003")
		if d.Manufacturer != target {
			t.Errorf("device manufacturer after the alias: got %q, want %q", d.Manufacturer, target)
		}
		f, ok := mustFinding(t, db, "DEV-900003", xtrAdvisory)
		if !ok || f.Status != ward.FindingAffected || !slices.Equal(f.CVEs, []string{"CVE-2019-0708"}) {
			t.Errorf("DEV-900003 after the alias: got %v %s %v, want affected by %s [CVE-2019-0708]", ok, f.Status, f.CVEs, xtrAdvisory)
		}
		if !strings.Contains(f.Explanation, odd) {
			t.Errorf("explanation %q: want the manufacturer as recorded, %q", f.Explanation, odd)
		}
		mustAgreeWithFullMatch(t, a, db)
	})
}

// TestUpdateModelRematches: a model number added to a catalog model
// through app.UpdateModel identifies it in advisories at once (here the
// Arkon, "Arkon (99999)" in ICSMA-20-049-01, recorded under another name).
func TestUpdateModelRematches(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := loadDevset(t, db)
		mustImportCSV(t, a, "DEV-900004,ARK0777,Spacelabs Healthcare,Anesthesia Workstation AW-2,,Anesthesia Machine,2.0,"+
			"Northgate Community Hospital,OR,Main / 2nd Fl / OR 7,,,In Service")
		if f, ok := mustFinding(t, db, "DEV-900004", xtrAdvisory); ok {
			t.Fatalf("DEV-900004 before its model number is known: got %s, want no %s finding", f.Status, xtrAdvisory)
		}
		d := mustTag(t, db, "DEV-900004")
		// A change that does not touch the model's identity keeps its
		// groups matched.
		if _, err := db.UpdateModel(ctx, d.ModelID, ward.ModelUpdate{Parts: new(ward.PartsLimited)}); err != nil {
			t.Fatalf("UpdateModel parts: %v", err)
		}
		if groups, err := db.FindInventoryGroups(ctx, ward.GroupFilter{Unmatched: true}); err != nil || len(groups) != 0 {
			t.Errorf("unmatched groups after a parts change: got %d (%v), want 0", len(groups), err)
		}
		if _, err := a.UpdateModel(ctx, d.ModelID, ward.ModelUpdate{AddModelNumbers: []string{"99999"}}); err != nil {
			t.Fatalf("UpdateModel: %v", err)
		}
		f, ok := mustFinding(t, db, "DEV-900004", xtrAdvisory)
		if !ok || f.Status != ward.FindingAffected || f.Confidence != ward.ConfidenceExact {
			t.Errorf("DEV-900004 after UpdateModel added model number 99999: got %v %s %s, want affected %s by %s "+
				"(the model's groups must be matched again)", ok, f.Status, f.Confidence, ward.ConfidenceExact, xtrAdvisory)
		}
		mustAgreeWithFullMatch(t, a, db)
	})
}

// TestIncrementalSeriesAgreesWithFullMatch runs the incremental use cases
// one after another and then a full match, which must find nothing to do.
func TestIncrementalSeriesAgreesWithFullMatch(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		clock := mustClock(t, db, t0)
		a := loadDevset(t, db)
		step := func() { clock.Advance(time.Hour) }

		step()
		mustImportAdvisories(t, a, revisedAIC(t))
		step()
		servoUnits(t, a)
		mustImportCSV(t, a, `DEV-900003,1280-009911,"Spacelabs Medical Inc, Issaquah WA",Xhibit Telemetry Receiver,96280,`+
			"Telemetry Receiver,1.0.2,Northgate Community Hospital,Telemetry,Main / 4th Fl / IDF 4C,,,In Service")
		step()
		for tag, v := range map[string]string{"DEV-150055": "1.4.0", "DEV-165415": "1.1", "DEV-142023": "2.4.0", "DEV-178576": "1.3.2"} {
			if _, err := a.UpdateDevice(ctx, mustTag(t, db, tag).ID, ward.DeviceUpdate{SoftwareVersion: new(v)}); err != nil {
				t.Fatal(err)
			}
		}
		step()
		if _, err := a.AddManufacturerAlias(ctx, mustTag(t, db, "DEV-107373").Manufacturer, "Spacelabs Medical Inc, Issaquah WA"); err != nil {
			t.Fatal(err)
		}
		step()
		mustImportAdvisories(t, a, retargetedNVD(t, "")...)
		servo := mustTag(t, db, "DEV-158682")
		extended := mustSBOMFile(t, "medical/extended.sbom.json")
		extended.ModelID, extended.SoftwareVersion = servo.ModelID, servo.SoftwareVersion
		if _, err := a.SaveSBOM(ctx, extended); err != nil {
			t.Fatal(err)
		}
		narrow := mustSBOMFile(t, "medical/narrow.sbom.json")
		narrow.DeviceID = mustTag(t, db, "DEV-900021").ID
		if _, err := a.SaveSBOM(ctx, narrow); err != nil {
			t.Fatal(err)
		}
		step()
		if _, err := a.UpdateDevice(ctx, mustTag(t, db, "DEV-150055").ID, ward.DeviceUpdate{SoftwareVersion: new("1.0.4")}); err != nil {
			t.Fatal(err)
		}
		mustImportAdvisories(t, a, retargetedNVD(t, "2023-01-10T08:00:00.000")...)
		step()
		mustAgreeWithFullMatch(t, a, db)
	})
}
