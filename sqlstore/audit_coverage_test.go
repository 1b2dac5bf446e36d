package sqlstore_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"ward"
	"ward/app"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// auditCase is one mutation and the audit entry it must leave: its action,
// entity and entity ID, and values its before and after must hold. A nil
// before must be absent; keys in absent must be in neither.
type auditCase struct {
	name           string
	do             func(t *testing.T) error
	action, entity string
	entityID       func() string
	before, after  map[string]any
	absent         []string
}

// auditFixture holds what the cases create, for later cases to use.
type auditFixture struct {
	db                      *sqlstore.DB
	ctx                     context.Context
	importID                int64
	team1, team2            *ward.Team
	facility                *ward.Facility
	model                   *ward.Model
	device                  *ward.Device
	sbom                    *ward.SBOM
	advisory                *ward.Advisory
	triage                  *ward.Triage
	match                   *app.MatchReport
	advisories, kev, epss   int
	productCodes, feedCount int
}

func idOf(p *int64) func() string { return func() string { return strconv.FormatInt(*p, 10) } }

func (f *auditFixture) cases() []auditCase {
	ctx, db := f.ctx, f.db
	none := func() string { return "" }
	return []auditCase{
		{name: "import devices", action: "import.devices", entity: "import", entityID: idOf(&f.importID),
			do: func(t *testing.T) error {
				akme := rec(5, "AU-4", "Akme Biomedical", "Widget 3000", "")
				res, err := db.ImportDevices(ctx, &sliceSource{recs: []ward.DeviceRecord{
					rec(2, "AU-1", "BD", "Alaris 8015 PC Unit", "9.33"), rec(3, "AU-2", "BD", "Alaris 8015 PC Unit", "9.19"),
					rec(4, "AU-3", "Acme Biomedical", "Widget 3000", ""), akme}}, ward.ImportOptions{})
				if err == nil {
					f.importID = res.ImportID
				}
				return err
			},
			after: map[string]any{"source": "test.csv", "read": 4, "created": 4, "updated": 0, "unchanged": 0, "rejected": 0}},
		{name: "create facility", action: "facility.create", entity: "facility", entityID: func() string { return strconv.FormatInt(f.facility.ID, 10) },
			do: func(t *testing.T) error {
				f.facility = &ward.Facility{Code: "EAST", Name: " East Campus "}
				return db.CreateFacility(ctx, f.facility)
			},
			after: map[string]any{"code": "EAST", "name": "East Campus"}},
		{name: "create team", action: "team.create", entity: "team", entityID: func() string { return strconv.FormatInt(f.team2.ID, 10) },
			do: func(t *testing.T) error {
				f.team1 = &ward.Team{Name: "Clinical Engineering", Kind: ward.TeamClinicalEngineering, Email: "ce@example.org"}
				if err := db.CreateTeam(ctx, f.team1); err != nil {
					return err
				}
				f.team2 = &ward.Team{Name: "Pump Vendor", Kind: ward.TeamVendor}
				return db.CreateTeam(ctx, f.team2)
			},
			// The last entry is the second team's.
			after: map[string]any{"name": "Pump Vendor", "kind": ward.TeamVendor, "email": ""}},
		{name: "set responsibility", action: "responsibility.set", entity: "responsibility",
			entityID: func() string { return "owner/Infusion Pump" },
			do: func(t *testing.T) error {
				_, err := db.SetResponsibility(ctx, "infusion pump", ward.TaskOwner, f.team1.ID)
				return err
			},
			after: map[string]any{"team": "Clinical Engineering", "device_type": "Infusion Pump"}},
		{name: "replace responsibility", action: "responsibility.set", entity: "responsibility",
			entityID: func() string { return "owner/Infusion Pump" },
			do: func(t *testing.T) error {
				_, err := db.SetResponsibility(ctx, "Infusion Pump", ward.TaskOwner, f.team2.ID)
				return err
			},
			before: map[string]any{"team": "Clinical Engineering"}, after: map[string]any{"team": "Pump Vendor"}},
		{name: "delete responsibility", action: "responsibility.delete", entity: "responsibility",
			entityID: func() string { return "owner/Infusion Pump" },
			do:       func(t *testing.T) error { return db.DeleteResponsibility(ctx, "Infusion Pump", ward.TaskOwner) },
			before:   map[string]any{"team": "Pump Vendor", "device_type": "Infusion Pump"}},
		{name: "confirm manufacturer", action: "manufacturer.confirm", entity: "manufacturer", entityID: f.manufacturerID("Acme Biomedical"),
			do: func(t *testing.T) error {
				_, err := db.ConfirmManufacturer(ctx, "acme biomedical")
				return err
			},
			before: map[string]any{"name": "Acme Biomedical", "status": ward.ManufacturerUnresolved},
			after:  map[string]any{"name": "Acme Biomedical", "status": ward.ManufacturerKnown}},
		{name: "alias merging an unresolved manufacturer", action: "manufacturer.alias", entity: "manufacturer",
			entityID: f.manufacturerID("Acme Biomedical"),
			do: func(t *testing.T) error {
				_, err := db.AddManufacturerAlias(ctx, "Acme Biomedical", "Akme Biomedical")
				return err
			},
			before: map[string]any{"alias_of": "Akme Biomedical", "status": ward.ManufacturerUnresolved},
			after:  map[string]any{"manufacturer": "Acme Biomedical", "alias": "Akme Biomedical", "merged": "Akme Biomedical"}},
		{name: "create model", action: "model.create", entity: "model", entityID: func() string { return strconv.FormatInt(f.model.ID, 10) },
			do: func(t *testing.T) error {
				f.model = &ward.Model{Manufacturer: "Becton Dickinson", Name: "Alaris 8100 LVP", DeviceType: "infusion pump",
					ExpectedLifeYears: 10, ModelNumbers: []string{"8100"}}
				return db.CreateModel(ctx, f.model)
			},
			after: map[string]any{"manufacturer": "BD", "name": "Alaris 8100 LVP", "device_type": "Infusion Pump",
				"expected_life_years": 10, "model_numbers": []string{"8100"}, "cpe": ""}},
		{name: "update model", action: "model.update", entity: "model", entityID: func() string { return strconv.FormatInt(f.model.ID, 10) },
			do: func(t *testing.T) error {
				_, err := db.UpdateModel(ctx, f.model.ID, ward.ModelUpdate{ExpectedLifeYears: ptr(12), Parts: ptr(""),
					AddAliases: []string{"8100 LVP"}})
				return err
			},
			before: map[string]any{"expected_life_years": 10, "aliases": []string{}},
			after:  map[string]any{"expected_life_years": 12, "aliases": []string{"8100 LVP"}},
			absent: []string{"parts", "name", "cpe", "device_type"}},
		{name: "update device", action: "device.update", entity: "device", entityID: func() string { return strconv.FormatInt(f.device.ID, 10) },
			do: func(t *testing.T) error {
				d, err := db.FindDeviceByTag(ctx, "AU-1")
				if err != nil {
					return err
				}
				f.device, err = db.UpdateDevice(ctx, d.ID, ward.DeviceUpdate{IP: ptr("10.1.2.3"), Serial: ptr(d.Serial),
					Status: ptr(ward.StatusInRepair)})
				return err
			},
			before: map[string]any{"ip_address": "", "status": ward.StatusInService},
			after:  map[string]any{"ip_address": "10.1.2.3", "status": ward.StatusInRepair},
			absent: []string{"serial_number", "asset_tag"}},
		{name: "save SBOM", action: "sbom.save", entity: "sbom", entityID: func() string { return strconv.FormatInt(f.sbom.ID, 10) },
			do: func(t *testing.T) error {
				f.sbom = &ward.SBOM{DeviceID: f.device.ID, Format: "cyclonedx", SpecVersion: "1.5", Name: "pump", SHA256: "aa",
					Components: []ward.Component{{Name: "openssl", Version: "1.0.2k"}, {Name: "busybox", Version: "1.31"}}}
				return db.SaveSBOM(ctx, f.sbom)
			},
			after: map[string]any{"device_id": f.deviceID(), "sha256": "aa", "components": 2, "format": "cyclonedx"}},
		{name: "replace SBOM", action: "sbom.save", entity: "sbom", entityID: func() string { return strconv.FormatInt(f.sbom.ID, 10) },
			do: func(t *testing.T) error {
				f.sbom = &ward.SBOM{DeviceID: f.device.ID, Format: "spdx", SpecVersion: "2.3", Name: "pump", SHA256: "bb",
					Components: []ward.Component{{Name: "openssl", Version: "3.0.13"}}}
				return db.SaveSBOM(ctx, f.sbom)
			},
			before: map[string]any{"sha256": "aa", "components": 2}, after: map[string]any{"sha256": "bb", "components": 1}},
		{name: "import advisories", action: "import.advisories", entity: "advisory", entityID: none,
			do: func(t *testing.T) error {
				res, err := db.ImportAdvisories(ctx, &csafFiles{files: []string{"../testdata/cisa-csaf/icsma-20-317-01.json"}})
				if err != nil {
					return err
				}
				f.advisory, err = db.FindAdvisory(ctx, ward.SourceCSAF, "ICSMA-20-317-01")
				f.advisories = res.Added
				return err
			},
			after: map[string]any{"read": 1, "added": 1, "updated": 0, "sources": []string{ward.SourceCSAF}}},
		{name: "match", action: "match.run", entity: "finding", entityID: none,
			do: func(t *testing.T) (err error) {
				f.match, err = (&app.App{Store: db}).MatchAll(ctx)
				if err == nil && f.match.Changes.Added == 0 {
					t.Errorf("the match found nothing; the case needs a finding to count")
				}
				return err
			},
			after: map[string]any{"scope": "all", "added": f.matchCount(func(c ward.FindingChanges) int { return c.Added }),
				"removed": 0}},
		{name: "triage", action: "triage.set", entity: "triage", entityID: func() string { return strconv.FormatInt(f.triage.ID, 10) },
			do: func(t *testing.T) error {
				if err := db.SetTriage(ctx, &ward.Triage{ModelID: f.device.ModelID, SoftwareVersion: "9.33",
					AdvisoryID: f.advisory.ID, Status: ward.TriageInvestigate}); err != nil {
					return err
				}
				f.triage = &ward.Triage{ModelID: f.device.ModelID, SoftwareVersion: "9.33", AdvisoryID: f.advisory.ID,
					Status: ward.TriageNotAffected, Justification: "vulnerable_code_not_in_execute_path", Comment: "module disabled"}
				return db.SetTriage(ctx, f.triage)
			},
			before: map[string]any{"status": ward.TriageInvestigate, "justification": ""},
			after: map[string]any{"status": ward.TriageNotAffected, "justification": "vulnerable_code_not_in_execute_path",
				"comment": "module disabled", "software_version": "9.33"}},
		{name: "import KEV", action: "import.kev", entity: "kev", entityID: none,
			do: func(t *testing.T) error {
				_, _, err := db.ImportKEV(ctx, []ward.KEV{{CVE: "CVE-2020-25165", VendorProject: "BD", Product: "Alaris"},
					{CVE: "cve-2020-25165"}, {CVE: "CVE-2021-44228"}})
				return err
			},
			after: map[string]any{"entries": 2, "added": 2, "removed": 0}},
		{name: "import EPSS", action: "import.epss", entity: "epss", entityID: none,
			do: func(t *testing.T) error {
				_, err := db.ImportEPSS(ctx, []ward.EPSS{{CVE: "CVE-2020-25165", Score: 0.01, Date: ward.Date{Year: 2026, Month: 3, Day: 1}},
					{CVE: "CVE-2021-44228", Score: 0.97, Date: ward.Date{Year: 2026, Month: 3, Day: 2}}})
				return err
			},
			after: map[string]any{"scores": 2, "score_date": "2026-03-02"}},
		{name: "import product codes", action: "import.product_codes", entity: "fda_product_code", entityID: none,
			do: func(t *testing.T) error {
				_, _, err := db.ImportProductCodes(ctx, []ward.ProductCode{{Code: "FRN", DeviceName: "Pump, Infusion", DeviceClass: "2"},
					{Code: "CBK", DeviceName: "Ventilator", DeviceClass: "2", LifeSustaining: true}})
				return err
			},
			after: map[string]any{"read": 2, "added": 2, "changed": 0, "unchanged": 0}},
		{name: "record feed documents", action: "feed.record", entity: "feed_document", entityID: none,
			do: func(t *testing.T) error {
				return db.RecordFeedDocuments(ctx, []ward.FeedDocument{
					{URL: "https://psirt.example.org/csaf/2026/a-1.json", Hash: "01", TrackingID: "A-1"},
					{URL: "https://psirt.example.org/csaf/2025/b-7.json", Hash: "02", TrackingID: "B-7"}})
			},
			after: map[string]any{"documents": 2, "url_prefix": "https://psirt.example.org/csaf/"}},
	}
}

// manufacturerID returns, when called, the ID of a manufacturer by name.
func (f *auditFixture) manufacturerID(name string) func() string {
	return func() string {
		m, err := f.db.ResolveManufacturer(f.ctx, name)
		if err != nil {
			return "no manufacturer " + name
		}
		return strconv.FormatInt(m.ID, 10)
	}
}

// deviceID and matchCount defer a value the earlier cases produce to the
// time the entry is checked.
type deferred func() any

func (f *auditFixture) deviceID() deferred { return func() any { return f.device.ID } }

func (f *auditFixture) matchCount(fn func(ward.FindingChanges) int) deferred {
	return func() any { return fn(f.match.Changes) }
}

func TestAuditCoverage(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		f := &auditFixture{db: db, ctx: ward.WithActor(context.Background(), "test:auditor")}
		for _, c := range f.cases() {
			last := lastAuditSeq(t, db)
			if err := c.do(t); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			e := lastAudit(t, db)
			if e == nil || e.Seq <= last {
				t.Fatalf("%s: no audit entry written", c.name)
			}
			if e.Action != c.action || e.Entity != c.entity || e.EntityID != c.entityID() || e.Actor != "test:auditor" {
				t.Errorf("%s: got entry %s %s %q by %s, want %s %s %q by test:auditor", c.name, e.Action, e.Entity,
					e.EntityID, e.Actor, c.action, c.entity, c.entityID())
			}
			checkAuditJSON(t, c.name+" before", e.Before, c.before, c.absent)
			checkAuditJSON(t, c.name+" after", e.After, c.after, c.absent)
		}
		if v, err := db.VerifyAudit(f.ctx); err != nil || !v.OK {
			t.Errorf("VerifyAudit: got %+v, %v", v, err)
		}
	})
}

// checkAuditJSON checks that raw holds each value of want, compared as
// JSON, and none of the absent keys; a nil want means raw must be empty.
func checkAuditJSON(t *testing.T, what string, raw json.RawMessage, want map[string]any, absent []string) {
	t.Helper()
	if want == nil {
		if len(raw) != 0 {
			t.Errorf("%s: got %s, want none", what, raw)
		}
		return
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Errorf("%s: %s is not a JSON object: %v", what, raw, err)
		return
	}
	for k, v := range want {
		if d, ok := v.(deferred); ok {
			v = d()
		}
		w, _ := json.Marshal(v)
		if string(got[k]) != string(w) {
			t.Errorf("%s: %s is %s, want %s (entry %s)", what, k, got[k], w, raw)
		}
	}
	for _, k := range absent {
		if _, ok := got[k]; ok {
			t.Errorf("%s: has %s, an unchanged field (entry %s)", what, k, raw)
		}
	}
}

func lastAudit(t *testing.T, db *sqlstore.DB) *ward.AuditEntry {
	t.Helper()
	var last *ward.AuditEntry
	f := ward.AuditFilter{Limit: 1000}
	for {
		page, err := db.FindAudit(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(page.Items); n > 0 {
			last = &page.Items[n-1]
		}
		if page.NextCursor == "" {
			return last
		}
		f.After = last.Seq
	}
}

func lastAuditSeq(t *testing.T, db *sqlstore.DB) int64 {
	t.Helper()
	if e := lastAudit(t, db); e != nil {
		return e.Seq
	}
	return 0
}

// TestAuditRollback checks that a mutation that fails leaves no audit
// entry, and that the chain goes on from the last committed entry.
func TestAuditRollback(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := ward.WithActor(context.Background(), "test:auditor")
		mustImport(t, db, ward.ImportOptions{}, rec(2, "RB-1", "BD", "Alaris 8015 PC Unit", "9.33"))
		a := &ward.Model{Manufacturer: "BD", Name: "Alaris 8100 LVP", ExpectedLifeYears: 10}
		b := &ward.Model{Manufacturer: "BD", Name: "Alaris 8300 PCA"}
		for _, m := range []*ward.Model{a, b} {
			if err := db.CreateModel(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		bad := rec(3, "RB-3", "BD", "Alaris 8015 PC Unit", "9.33")
		bad.Problems = []ward.FieldProblem{{Field: "status", Message: "not a status"}}
		for _, c := range []struct {
			name string
			do   func() error
			code string // "" for any error (an import's is a *ward.ImportError)
		}{
			// The team row and its entry are written, then the
			// transaction fails: both must go.
			{"failure after the entry", func() error {
				return db.CreateTeamThenFail(ctx, "Ghost Team", ward.Errorf(ward.EINTERNAL, "disk full"))
			}, ward.EINTERNAL},
			// The model's fields are written before its new alias
			// conflicts.
			{"model update conflicting", func() error {
				_, err := db.UpdateModel(ctx, a.ID, ward.ModelUpdate{ExpectedLifeYears: ptr(7), AddAliases: []string{b.Name}})
				return err
			}, ward.ECONFLICT},
			{"import with an invalid row", func() error {
				_, err := db.ImportDevices(ctx, &sliceSource{recs: []ward.DeviceRecord{
					rec(2, "RB-2", "BD", "Alaris 8015 PC Unit", "9.33"), bad}}, ward.ImportOptions{})
				return err
			}, ""},
			{"alias of a known manufacturer", func() error {
				_, err := db.AddManufacturerAlias(ctx, "BD", "Philips")
				return err
			}, ward.ECONFLICT},
			{"triage of an unknown advisory", func() error {
				return db.SetTriage(ctx, &ward.Triage{ModelID: a.ID, AdvisoryID: 999, Status: ward.TriageInvestigate})
			}, ward.ENOTFOUND},
			{"responsibility for an unknown team", func() error {
				_, err := db.SetResponsibility(ctx, "", ward.TaskOwner, 999)
				return err
			}, ward.ENOTFOUND},
		} {
			last := lastAuditSeq(t, db)
			err := c.do()
			if err == nil || (c.code != "" && ward.ErrorCode(err) != c.code) {
				t.Errorf("%s: got %v, want %s", c.name, err, c.code)
			}
			if e := lastAudit(t, db); e.Seq != last {
				t.Errorf("%s: left entry %d %s %s", c.name, e.Seq, e.Action, e.After)
			}
		}
		if _, err := db.FindTeamByName(ctx, "Ghost Team"); !ward.IsNotFound(err) {
			t.Errorf("rolled-back team: got %v, want ENOTFOUND", err)
		}
		if m, _ := db.FindModel(ctx, a.ID); m.ExpectedLifeYears != 10 {
			t.Errorf("rolled-back model update: expected life %d, want 10", m.ExpectedLifeYears)
		}
		last := lastAuditSeq(t, db)
		if err := db.CreateTeam(ctx, &ward.Team{Name: "Real Team"}); err != nil {
			t.Fatal(err)
		}
		if e := lastAudit(t, db); e.Seq != last+1 || e.Action != "team.create" {
			t.Errorf("entry after the failures: got %d %s, want %d team.create", e.Seq, e.Action, last+1)
		}
		if v, err := db.VerifyAudit(ctx); err != nil || !v.OK {
			t.Errorf("VerifyAudit after rolled-back entries: got %+v, %v", v, err)
		}
	})
}
