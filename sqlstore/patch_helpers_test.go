package sqlstore_test

import (
	"context"
	"testing"

	"ward"
	"ward/app"
	"ward/sqlstore"
)

// The patch scenario: Alaris Infusion Central units against the real
// ICSMA-23-047-01 (versions 1.1 to 1.3.2 affected, CVE-2022-47376), in two
// facilities, with a patch team in the matrix and one unit owned by a team
// of its own.

const aicAdvisory = "ICSMA-23-047-01"

const patchInventory = `Asset Tag,Manufacturer,Model,Device Type,Software Version,Facility,Department,Status,Team
P-01,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,In Service,
P-02,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,In Service,
P-03,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,In Service,
P-04,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,In Service,
P-05,Becton Dickinson,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,pharmacy,In Repair,
P-06,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,Retired,
P-07,BD,Alaris Infusion Central,Infusion Data Server,1.2.0,South Hospital,ICU,In Service,
P-08,BD,Alaris Infusion Central,Infusion Data Server,1.2.0,South Hospital,ICU,In Service,IT Security
P-09,BD,Alaris Infusion Central,Infusion Data Server,1.4.0,North Hospital,Pharmacy,In Service,
P-10,BD,Alaris Infusion Central,Infusion Data Server,1.0.4,South Hospital,ICU,In Service,
`

// patchScenario is a loaded scenario.
type patchScenario struct {
	app      *app.App
	ctx      context.Context
	model    int64
	advisory *ward.Advisory
	biomed   *ward.Team
	security *ward.Team
}

// mustPatchScenario loads the inventory and the advisory, matches them,
// and gives Infusion Data Servers' patch work to Clinical Engineering.
func mustPatchScenario(tb testing.TB, db *sqlstore.DB) *patchScenario {
	tb.Helper()
	s := &patchScenario{app: &app.App{Store: db}, ctx: ward.WithActor(context.Background(), "test")}
	s.biomed = &ward.Team{Name: "Clinical Engineering", Kind: ward.TeamClinicalEngineering}
	s.security = &ward.Team{Name: "IT Security", Kind: ward.TeamITSecurity}
	for _, t := range []*ward.Team{s.biomed, s.security} {
		if err := db.CreateTeam(s.ctx, t); err != nil {
			tb.Fatal(err)
		}
	}
	mustImportCMMS(tb, s.app, patchInventory)
	if _, _, err := s.app.ImportAdvisories(s.ctx, &csafFiles{files: []string{"../testdata/cisa-csaf/icsma-23-047-01.json"}}); err != nil {
		tb.Fatalf("import advisory: %v", err)
	}
	if _, err := db.SetResponsibility(s.ctx, "Infusion Data Server", ward.TaskPatch, s.biomed.ID); err != nil {
		tb.Fatal(err)
	}
	var err error
	if s.advisory, err = db.FindAdvisory(s.ctx, ward.SourceCSAF, aicAdvisory); err != nil {
		tb.Fatal(err)
	}
	d, err := db.FindDeviceByTag(s.ctx, "P-01")
	if err != nil {
		tb.Fatal(err)
	}
	s.model = d.ModelID
	return s
}

// aicPatch is a validated patch of the scenario's model installing 1.4.0.
func aicPatch() *ward.Patch {
	return &ward.Patch{Manufacturer: "Becton, Dickinson and Company", Model: "Alaris Infusion Central", AppliesTo: ">= 1.1 | <= 1.3.2",
		InstallsVersion: "1.4.0", Advisories: []string{aicAdvisory}, Status: ward.PatchValidated, InstallMinutes: 45,
		RequiresDowntime: true, Reference: "BD security bulletin: Alaris Infusion Central", Date: ward.DateOf(patchDay)}
}

// mustCreatePatch creates p or fails tb.
func mustCreatePatch(tb testing.TB, db *sqlstore.DB, p *ward.Patch) *ward.Patch {
	tb.Helper()
	if err := db.CreatePatch(ward.WithActor(context.Background(), "test"), p); err != nil {
		tb.Fatalf("CreatePatch %s %s: %v", p.Model, p.InstallsVersion, err)
	}
	return p
}

// mustReady returns the patch-ready queue for f.
func mustReady(tb testing.TB, db *sqlstore.DB, f ward.PatchReadyFilter) []ward.PatchReadyGroup {
	tb.Helper()
	gs, err := db.FindPatchReady(context.Background(), f)
	if err != nil {
		tb.Fatalf("FindPatchReady %+v: %v", f, err)
	}
	return gs
}

// mustReadyDevices returns the devices of the patch-ready queue for f.
func mustReadyDevices(tb testing.TB, db *sqlstore.DB, f ward.PatchReadyFilter) []ward.PatchReadyDevice {
	tb.Helper()
	var out []ward.PatchReadyDevice
	if err := db.EachPatchReadyDevice(context.Background(), f, func(d *ward.PatchReadyDevice) error {
		out = append(out, *d)
		return nil
	}); err != nil {
		tb.Fatalf("EachPatchReadyDevice %+v: %v", f, err)
	}
	return out
}
