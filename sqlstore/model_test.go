package sqlstore_test

import (
	"context"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

func TestModelCatalog(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if _, _, err := db.ImportProductCodes(ctx, []ward.ProductCode{
			{Code: "FRN", DeviceName: "Pump, Infusion", DeviceClass: "2"},
			{Code: "CBK", DeviceName: "Ventilator, Continuous, Facility Use", DeviceClass: "2", LifeSustaining: true},
		}); err != nil {
			t.Fatal(err)
		}
		m := &ward.Model{Manufacturer: "Becton Dickinson", Name: "Alaris 8015 PC Unit", Aliases: []string{"8015 PCU"},
			ModelNumbers: []string{"8015"}, DeviceType: "Infusion Pump", ProductCode: "frn", PatientConnected: true,
			ExpectedLifeYears: 10, Parts: ward.PartsAvailable, EndOfSale: ward.Date{Year: 2030, Month: 1, Day: 1}}
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindModel(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Manufacturer != "BD" || got.DeviceClass != "2" || got.DefaultCriticality() != ward.CriticalityPatientConnected ||
			len(got.Aliases) != 1 || len(got.ModelNumbers) != 1 || got.EndOfSale.String() != "2030-01-01" {
			t.Errorf("model: got %+v", got)
		}
		vent := &ward.Model{Manufacturer: "Hamilton Medical", Name: "HAMILTON-C6", ProductCode: "CBK"}
		if err := db.CreateModel(ctx, vent); err != nil {
			t.Fatal(err)
		}
		if v, _ := db.FindModel(ctx, vent.ID); v.DefaultCriticality() != ward.CriticalityLifeSustaining {
			t.Errorf("ventilator criticality: got %s, want life_sustaining from the FDA flag", v.DefaultCriticality())
		}
		if err := db.CreateModel(ctx, &ward.Model{Manufacturer: "BD", Name: "8015 PCU"}); ward.ErrorCode(err) != ward.ECONFLICT {
			t.Errorf("name taken by an alias: got %v, want ECONFLICT", err)
		}
		// An import spelling a catalog alias or number lands on the model.
		r := rec(2, "P-1", "CareFusion", "8015 pcu", "9.33")
		r2 := rec(3, "P-2", "BD", "Alaris PC unit model 8015", "9.19")
		r2.ModelNumber = "8015"
		mustImport(t, db, ward.ImportOptions{}, r, r2)
		for _, tag := range []string{"P-1", "P-2"} {
			if d, _ := db.FindDeviceByTag(ctx, tag); d.ModelID != m.ID {
				t.Errorf("%s: got model %d (%s), want %d", tag, d.ModelID, d.Model, m.ID)
			}
		}
		page, err := db.FindModels(ctx, ward.ModelFilter{Q: "8015"})
		if err != nil || len(page.Items) != 1 || page.Items[0].Devices != 2 {
			t.Errorf("FindModels q=8015: got %+v, %v", page, err)
		}
		if _, err := db.UpdateModel(ctx, m.ID, ward.ModelUpdate{ProductCode: ptr("12")}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("bad product code: got %v, want EINVALID", err)
		}
		upd, err := db.UpdateModel(ctx, m.ID, ward.ModelUpdate{Parts: ptr(ward.PartsLimited), AddAliases: []string{"PCU 8015"}})
		if err != nil || upd.Parts != ward.PartsLimited {
			t.Errorf("UpdateModel: got %+v, %v", upd, err)
		}
		if pc, err := db.FindProductCode(ctx, "cbk"); err != nil || !pc.LifeSustaining {
			t.Errorf("FindProductCode: got %+v, %v", pc, err)
		}
		added, changed, err := db.ImportProductCodes(ctx, []ward.ProductCode{{Code: "FRN", DeviceName: "Pump, Infusion", DeviceClass: "2"}})
		if err != nil || added != 0 || changed != 0 {
			t.Errorf("re-import of product codes: got added %d changed %d err %v, want 0 0", added, changed, err)
		}
	})
}
