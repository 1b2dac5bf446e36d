package sqlstore_test

import (
	"context"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

func TestResolveManufacturerRegistry(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		tests := []struct{ name, want string }{
			{"PHILIPS MEDICAL SYSTEMS", "Philips"},
			{"Phillips", "Philips"},
			{"GE Medical Systems", "GE HealthCare"},
			{"CareFusion", "BD"},
			{"Becton, Dickinson and Company (BD)", "BD"},
			{"B BRAUN MEDICAL INC", "B. Braun"},
			{"Mortara Instrument", "Baxter"},
			{"Innokas YhtymÃ¤ Oy", "Innokas"},
		}
		for _, tt := range tests {
			m, err := db.ResolveManufacturer(ctx, tt.name)
			if err != nil {
				t.Errorf("ResolveManufacturer(%q): %v", tt.name, err)
				continue
			}
			if m.Name != tt.want || m.Status != ward.ManufacturerKnown {
				t.Errorf("ResolveManufacturer(%q) = %q (%s), want %q (known)", tt.name, m.Name, m.Status, tt.want)
			}
		}
		if _, err := db.ResolveManufacturer(ctx, "Acme Biomedical"); !ward.IsNotFound(err) {
			t.Errorf("unknown manufacturer: got %v, want ENOTFOUND", err)
		}
	})
}

func TestManufacturerAliasMergesUnresolved(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := rec(2, "M-1", "Philips Medizin Systeme Boeblingen", "IntelliVue MX450", "M.00.03")
		b := rec(3, "M-2", "Philips Medizin Systeme Boeblingen", "Brand New Monitor", "")
		c := rec(4, "M-3", "Philips", "IntelliVue MX450", "")
		mustImport(t, db, ward.ImportOptions{}, a, b, c)
		un, err := db.FindManufacturers(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(un) != 1 || un[0].Name != "Philips Medizin Systeme Boeblingen" || un[0].Devices != 2 {
			t.Fatalf("unresolved: got %+v, want one with 2 devices", un)
		}
		if _, err := db.AddManufacturerAlias(ctx, "Philips", "PHILIPS MEDIZIN SYSTEME BOEBLINGEN"); err != nil {
			t.Fatalf("AddManufacturerAlias: %v", err)
		}
		if un, _ := db.FindManufacturers(ctx, true); len(un) != 0 {
			t.Fatalf("unresolved after alias: got %+v, want none", un)
		}
		d1, _ := db.FindDeviceByTag(ctx, "M-1")
		d3, _ := db.FindDeviceByTag(ctx, "M-3")
		if d1.Manufacturer != "Philips" || d1.ModelID != d3.ModelID {
			t.Errorf("merged device: got %q model %d, want Philips and the same model as M-3 (%d)", d1.Manufacturer, d1.ModelID, d3.ModelID)
		}
		d2, _ := db.FindDeviceByTag(ctx, "M-2")
		if d2.Manufacturer != "Philips" || d2.Model != "Brand New Monitor" {
			t.Errorf("moved model: got %q %q", d2.Manufacturer, d2.Model)
		}
		hist, _ := db.FindDeviceHistory(ctx, d1.ID)
		if hist[0].Field != "manufacturer" || hist[0].Old != "Philips Medizin Systeme Boeblingen" || hist[0].New != "Philips" {
			t.Errorf("history: got %+v, want a manufacturer change", hist[0])
		}
		// A later import of the old spelling resolves directly.
		res := mustImport(t, db, ward.ImportOptions{}, rec(5, "M-4", "Philips Medizin Systeme Boeblingen", "IntelliVue MX450", ""))
		if len(res.UnresolvedManufacturers) != 0 {
			t.Errorf("unresolved after mapping: got %v", res.UnresolvedManufacturers)
		}
		if _, err := db.AddManufacturerAlias(ctx, "Philips", "GE Healthcare"); ward.ErrorCode(err) != ward.ECONFLICT {
			t.Errorf("stealing another manufacturer's alias: got %v, want ECONFLICT", err)
		}
		if _, err := db.AddManufacturerAlias(ctx, "Nobody Inc", "x"); !ward.IsNotFound(err) {
			t.Errorf("unknown target: got %v, want ENOTFOUND", err)
		}
	})
}

func TestConfirmManufacturer(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		mustImport(t, db, ward.ImportOptions{}, rec(2, "C-1", "Acme Biomedical", "Widget", ""))
		m, err := db.ConfirmManufacturer(ctx, "ACME BIOMEDICAL INC")
		if err != nil || m.Status != ward.ManufacturerKnown {
			t.Fatalf("ConfirmManufacturer: got %+v, %v", m, err)
		}
		if un, _ := db.FindManufacturers(ctx, true); len(un) != 0 {
			t.Errorf("unresolved after confirm: got %+v", un)
		}
	})
}

func TestReopenKeepsData(t *testing.T) {
	path := t.TempDir() + "/ward.db"
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, db, ward.ImportOptions{}, rec(2, "R-1", "Philips", "IntelliVue MX450", ""))
	if _, err := db.AddManufacturerAlias(ctx, "Philips", "Philips Local Spelling"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	if v, _ := db.SchemaVersion(ctx); v < 1 {
		t.Errorf("schema version: got %d", v)
	}
	if m, err := db.ResolveManufacturer(ctx, "philips local spelling"); err != nil || m.Name != "Philips" {
		t.Errorf("user alias after reopen: got %v, %v", m, err)
	}
	if n, _ := db.CountDevices(ctx, ward.DeviceFilter{}); n != 1 {
		t.Errorf("devices after reopen: got %d, want 1", n)
	}
}
