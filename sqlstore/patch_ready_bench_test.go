package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"ward"
	"ward/app"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// patchBenchDB opens the database named by WARD_BENCH_DB (e.g. a
// 1M-device demo: ward --db big.db demo --devices 1000000, whose demo patch
// catalog fills the queue), or builds a SQLite inventory of 200,000
// devices in 5 facilities: 100,000 of varied models and 100,000 Alaris
// Infusion Central units, three in four of them at versions inside the
// real ICSMA-23-047-01 with a validated patch for it, so every facility
// has about 15,000 ready devices: a heavier queue than the demo's. It
// returns the facility with the most devices.
func patchBenchDB(b *testing.B) (*sqlstore.DB, ward.Facility) {
	b.Helper()
	ctx := ward.WithActor(context.Background(), "bench")
	var db *sqlstore.DB
	if path := os.Getenv("WARD_BENCH_DB"); path != "" {
		var err error
		if db, err = sqlstore.Open(ctx, path); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
	} else {
		db = sqltest.OpenSQLite(b)
		recs := benchRecords(100000)
		versions := []string{"1.1", "1.2.0", "1.3.2", "1.4.0"}
		for i := 0; i < 100000; i++ {
			r := rec(0, fmt.Sprintf("AIC-%06d", i), "BD", "Alaris Infusion Central", versions[i%4])
			r.DeviceType, r.Facility, r.Department = "Infusion Data Server", fmt.Sprintf("Facility %d", i%5), fmt.Sprintf("Dept %d", i%80)
			recs = append(recs, r)
		}
		for i := range recs {
			recs[i].Line = i + 2
		}
		if _, err := db.ImportDevices(ctx, &sliceSource{recs: recs}, ward.ImportOptions{}); err != nil {
			b.Fatal(err)
		}
		a := &app.App{Store: db}
		if _, _, err := a.ImportAdvisories(ctx, &csafFiles{files: []string{"../testdata/cisa-csaf/icsma-23-047-01.json"}}); err != nil {
			b.Fatal(err)
		}
		if err := db.CreatePatch(ctx, aicPatch()); err != nil {
			b.Fatal(err)
		}
	}
	facs, err := db.FindFacilities(ctx)
	if err != nil || len(facs) == 0 {
		b.Fatalf("facilities: %v (%d)", err, len(facs))
	}
	biggest := facs[0]
	for _, f := range facs {
		if f.Devices > biggest.Devices {
			biggest = f
		}
	}
	return db, biggest
}

// BenchmarkPatchReadyFacility computes the grouped patch-ready queue of
// the largest facility.
func BenchmarkPatchReadyFacility(b *testing.B) {
	db, fac := patchBenchDB(b)
	f := ward.PatchReadyFilter{FacilityIDs: []int64{fac.ID}}
	gs, err := db.FindPatchReady(context.Background(), f)
	if err != nil || len(gs) == 0 {
		b.Fatalf("queue of %s: %d lines, %v; want some", fac.Name, len(gs), err)
	}
	devices := 0
	for _, g := range gs {
		devices += g.Devices
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := db.FindPatchReady(context.Background(), f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(devices), "ready-devices")
	b.ReportMetric(float64(len(gs)), "lines")
}

// BenchmarkPatchReadyDevicesFacility streams every ready device of the
// largest facility, as a schedule reads them.
func BenchmarkPatchReadyDevicesFacility(b *testing.B) {
	db, fac := patchBenchDB(b)
	f := ward.PatchReadyFilter{FacilityIDs: []int64{fac.ID}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		if err := db.EachPatchReadyDevice(context.Background(), f, func(*ward.PatchReadyDevice) error { n++; return nil }); err != nil || n == 0 {
			b.Fatalf("devices: %d, %v", n, err)
		}
		b.ReportMetric(float64(n), "ready-devices")
	}
}
