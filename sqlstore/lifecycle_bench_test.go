package sqlstore_test

import (
	"context"
	"os"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// lifecycleBenchDB opens the database named by WARD_BENCH_DB (e.g. a
// 1M-device demo: ward --db big.db demo --devices 1000000), or builds a
// 100,000-device SQLite inventory (5 facilities) whose models have a
// 10-year life. It returns the facility with the most devices.
func lifecycleBenchDB(b *testing.B) (*sqlstore.DB, ward.Facility) {
	b.Helper()
	ctx := context.Background()
	var db *sqlstore.DB
	if path := os.Getenv("WARD_BENCH_DB"); path != "" {
		var err error
		if db, err = sqlstore.Open(ctx, path); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
	} else {
		db = sqltest.OpenSQLite(b)
		if _, err := db.ImportDevices(ctx, &sliceSource{recs: benchRecords(100000)}, ward.ImportOptions{}); err != nil {
			b.Fatal(err)
		}
		life := 10
		for f := (ward.ModelFilter{Limit: 1000}); ; {
			page, err := db.FindModels(ctx, f)
			if err != nil {
				b.Fatal(err)
			}
			for _, m := range page.Items {
				if _, err := db.UpdateModel(ctx, m.ID, ward.ModelUpdate{ExpectedLifeYears: &life}); err != nil {
					b.Fatal(err)
				}
			}
			if f.After = page.NextCursor; f.After == "" {
				break
			}
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

// BenchmarkLifecycleFacility computes the recommendation of every device
// of the largest facility.
func BenchmarkLifecycleFacility(b *testing.B) {
	db, fac := lifecycleBenchDB(b)
	f := ward.LifecycleFilter{FacilityIDs: []int64{fac.ID}}
	b.ResetTimer()
	for b.Loop() {
		n := 0
		if err := db.EachLifecycle(context.Background(), f, func(*ward.LifecycleRecommendation) error {
			n++
			return nil
		}); err != nil || n == 0 {
			b.Fatalf("EachLifecycle: %d devices, %v", n, err)
		}
	}
	b.ReportMetric(float64(fac.Devices), "devices")
}

// BenchmarkLifecyclePage reads the first page of 100 devices of the
// largest facility recommended for replacement.
func BenchmarkLifecyclePage(b *testing.B) {
	db, fac := lifecycleBenchDB(b)
	f := ward.LifecycleFilter{FacilityIDs: []int64{fac.ID}, Recommendations: []string{ward.LifecycleReplace}, Limit: 100}
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.FindLifecycle(context.Background(), f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCapitalPlanFacility sums the capital plan of the largest
// facility.
func BenchmarkCapitalPlanFacility(b *testing.B) {
	db, fac := lifecycleBenchDB(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.FindCapitalPlan(context.Background(), ward.CapitalFilter{FacilityIDs: []int64{fac.ID}}); err != nil {
			b.Fatal(err)
		}
	}
}
