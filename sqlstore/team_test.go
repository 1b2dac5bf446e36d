package sqlstore_test

import (
	"context"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

func mustTeam(t *testing.T, db *sqlstore.DB, name, kind string) *ward.Team {
	t.Helper()
	team := &ward.Team{Name: name, Kind: kind}
	if err := db.CreateTeam(context.Background(), team); err != nil {
		t.Fatalf("CreateTeam(%s): %v", name, err)
	}
	return team
}

func TestResponsibilityMatrixDecidesOwner(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		ce := mustTeam(t, db, "Clinical Engineering", ward.TeamClinicalEngineering)
		it := mustTeam(t, db, "Clinical Apps IT", ward.TeamIT)
		vendor := mustTeam(t, db, "Imaging Vendor", ward.TeamVendor)
		pump := rec(2, "O-1", "BD", "Alaris 8015 PC Unit", "9.33")
		pacs := rec(3, "O-2", "Philips", "Vue PACS", "12.2.8.0")
		pacs.DeviceType = "PACS"
		scale := rec(4, "O-3", "Acme", "Scale 9", "")
		scale.DeviceType = "Scale"
		own := rec(5, "O-4", "BD", "Alaris 8015 PC Unit", "9.33")
		own.Team = "imaging vendor"
		mustImport(t, db, ward.ImportOptions{}, pump, pacs, scale, own)

		if n, _ := db.CountDevices(ctx, ward.DeviceFilter{Unowned: true}); n != 3 {
			t.Fatalf("unowned before rules: got %d, want 3 (O-4 has its own team)", n)
		}
		for _, r := range []struct {
			typ  string
			team *ward.Team
		}{{"Infusion Pump", ce}, {"PACS", it}} {
			if _, err := db.SetResponsibility(ctx, r.typ, ward.TaskOwner, r.team.ID); err != nil {
				t.Fatal(err)
			}
		}
		owners := func() map[string]string {
			out := map[string]string{}
			db.EachDevice(ctx, ward.DeviceFilter{}, func(d *ward.Device) error {
				out[d.AssetTag] = d.Team + "/" + d.OwnerSource
				return nil
			})
			return out
		}
		want := map[string]string{"O-1": "Clinical Engineering/matrix", "O-2": "Clinical Apps IT/matrix",
			"O-3": "/", "O-4": "Imaging Vendor/device"}
		for tag, w := range want {
			if got := owners()[tag]; got != w {
				t.Errorf("owner of %s: got %q, want %q", tag, got, w)
			}
		}
		if n, _ := db.CountDevices(ctx, ward.DeviceFilter{Unowned: true}); n != 1 {
			t.Errorf("unowned with type rules: got %d, want 1 (the scale)", n)
		}
		if n, _ := db.CountDevices(ctx, ward.DeviceFilter{TeamID: ce.ID}); n != 1 {
			t.Errorf("devices of clinical engineering: got %d, want 1", n)
		}
		// A default rule for any type catches the rest; specific rules win.
		if _, err := db.SetResponsibility(ctx, "", ward.TaskOwner, vendor.ID); err != nil {
			t.Fatal(err)
		}
		if got := owners()["O-3"]; got != "Imaging Vendor/matrix" {
			t.Errorf("owner via default rule: got %q", got)
		}
		if got := owners()["O-1"]; got != "Clinical Engineering/matrix" {
			t.Errorf("specific rule must beat the default: got %q", got)
		}
		if n, _ := db.CountDevices(ctx, ward.DeviceFilter{Unowned: true}); n != 0 {
			t.Errorf("unowned with default rule: got %d, want 0", n)
		}
		teams, _ := db.FindTeams(ctx)
		counts := map[string]int64{}
		for _, tm := range teams {
			counts[tm.Name] = tm.Devices
		}
		if counts["Imaging Vendor"] != 2 || counts["Clinical Engineering"] != 1 || counts["Clinical Apps IT"] != 1 {
			t.Errorf("team device counts: got %v", counts)
		}
		if err := db.DeleteResponsibility(ctx, "", ward.TaskOwner); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteResponsibility(ctx, "", ward.TaskOwner); !ward.IsNotFound(err) {
			t.Errorf("deleting a missing rule: got %v, want ENOTFOUND", err)
		}
		if _, err := db.SetResponsibility(ctx, "PACS", "dusting", it.ID); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("bad task type: got %v, want EINVALID", err)
		}
		if _, err := db.SetResponsibility(ctx, "PACS", ward.TaskPatch, 999); !ward.IsNotFound(err) {
			t.Errorf("unknown team: got %v, want ENOTFOUND", err)
		}
		rs, _ := db.FindResponsibilities(ctx)
		if len(rs) != 2 {
			t.Errorf("matrix: got %d rules, want 2", len(rs))
		}
	})
}

func TestImportRejectsUnknownTeam(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		r := rec(2, "X-1", "BD", "Alaris 8015 PC Unit", "")
		r.Team = "Nobody"
		res, err := db.ImportDevices(context.Background(), &sliceSource{recs: []ward.DeviceRecord{r}}, ward.ImportOptions{})
		if err == nil || len(res.Rejected) != 1 || res.Rejected[0].Problems[0].Field != "team" {
			t.Fatalf("got %v %+v, want the row rejected for its team", err, res)
		}
	})
}

func TestCreateTeamValidation(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		mustTeam(t, db, "Biomed", ward.TeamClinicalEngineering)
		for _, tc := range []struct {
			team ward.Team
			code string
		}{
			{ward.Team{Name: "BIOMED", Kind: ward.TeamOther}, ward.ECONFLICT},
			{ward.Team{Name: "Night shift", Kind: "wizards"}, ward.EINVALID},
			{ward.Team{Name: "  ", Kind: ward.TeamOther}, ward.EINVALID},
		} {
			if err := db.CreateTeam(ctx, &tc.team); ward.ErrorCode(err) != tc.code {
				t.Errorf("CreateTeam(%+v): got %v, want %s", tc.team, err, tc.code)
			}
		}
	})
}
